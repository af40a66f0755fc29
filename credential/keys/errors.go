package keys

import "errors"

// Sentinel errors; match them with errors.Is.
var (
	// ErrMalformedKey reports key material that cannot be decoded.
	ErrMalformedKey = errors.New("keys: malformed key")
	// ErrUnsupportedKey reports a key type, curve or encoding this package
	// does not handle.
	ErrUnsupportedKey = errors.New("keys: unsupported key type")
	// ErrNotFound reports a verification method or controller document that
	// cannot be found.
	ErrNotFound = errors.New("keys: verification method not found")
	// ErrNetworkDisabled reports a resolution that would need the network
	// while no fetcher was supplied.
	ErrNetworkDisabled = errors.New("keys: resolution needs the network and no fetcher was configured")
	// ErrInvalidDID reports a malformed DID or DID URL.
	ErrInvalidDID = errors.New("keys: invalid DID")
)
