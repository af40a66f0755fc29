package ob2jws

import "errors"

// Sentinel errors; Result.Err and errors from Sign wrap one of them.
var (
	// ErrMalformed reports a JWS, assertion, key or profile document that is
	// not well formed, or an assertion that is not a signed badge.
	ErrMalformed = errors.New("ob2jws: malformed signed assertion")
	// ErrAlgorithm reports an alg outside the allow-list (including "none"
	// and HMAC) or one that does not fit the key.
	ErrAlgorithm = errors.New("ob2jws: algorithm not allowed")
	// ErrSignature reports a signature that does not verify.
	ErrSignature = errors.New("ob2jws: invalid signature")
	// ErrUnresolvable reports a key, badge class or profile document that
	// cannot be loaded.
	ErrUnresolvable = errors.New("ob2jws: document cannot be resolved")
	// ErrKeyOwner reports a key not bound to the assertion's issuer: its
	// owner is not the issuer, or the issuer Profile does not list it.
	ErrKeyOwner = errors.New("ob2jws: key is not the issuer's")
	// ErrLimitExceeded reports input larger or deeper than the limits.
	ErrLimitExceeded = errors.New("ob2jws: limit exceeded")
)
