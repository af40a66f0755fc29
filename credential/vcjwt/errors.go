package vcjwt

import "errors"

// Sentinel errors. Result.Err (and errors returned by Sign) wrap one of them
// with detail; match with errors.Is.
var (
	// ErrMalformed reports input that is not a well-formed compact JWS, whose
	// header or payload is not strict JSON, or whose payload is not a
	// credential.
	ErrMalformed = errors.New("vcjwt: malformed JWT")
	// ErrAlgorithm reports an alg outside the allow-list (including "none"
	// and HMAC), or an alg that does not fit the key.
	ErrAlgorithm = errors.New("vcjwt: algorithm not allowed")
	// ErrSignature reports a signature that does not verify.
	ErrSignature = errors.New("vcjwt: invalid signature")
	// ErrUnresolvable reports a JWT whose verification key cannot be found.
	ErrUnresolvable = errors.New("vcjwt: verification key cannot be resolved")
	// ErrPrivateKey reports a "jwk" header that holds a private key. It is
	// always reported together with ErrMalformed.
	ErrPrivateKey = errors.New("vcjwt: jwk header holds a private key")
	// ErrClaimMismatch reports iss, sub, jti, nbf or exp disagreeing with the
	// credential.
	ErrClaimMismatch = errors.New("vcjwt: JWT claim disagrees with the credential")
	// ErrLimitExceeded reports input larger or deeper than the configured
	// limits.
	ErrLimitExceeded = errors.New("vcjwt: limit exceeded")
)
