package status

import "errors"

// Sentinel errors; Result.Err and the errors of the functions wrap one of
// them with detail. Match with errors.Is.
var (
	// ErrMalformed reports an entry, list credential, encoded list or
	// revocation list that does not follow its specification.
	ErrMalformed = errors.New("status: malformed")
	// ErrUnsupported reports a credentialStatus type, statusPurpose or
	// statusSize this package does not handle.
	ErrUnsupported = errors.New("status: unsupported")
	// ErrTooLarge reports an encoded list that decompresses to more than
	// the allowed size (a GZIP bomb), or a document over its size limit.
	ErrTooLarge = errors.New("status: list too large")
	// ErrTooShort reports a Bitstring Status List with fewer than
	// MinEntries entries.
	ErrTooShort = errors.New("status: list shorter than the minimum")
	// ErrOutOfRange reports a statusListIndex beyond the end of the list.
	ErrOutOfRange = errors.New("status: index out of range")
	// ErrPurposeMismatch reports a list whose statusPurpose is not the
	// entry's, or a list credential of the wrong type for the entry.
	ErrPurposeMismatch = errors.New("status: list does not match the entry")
	// ErrIssuerMismatch reports a list issued by someone other than the
	// credential's issuer.
	ErrIssuerMismatch = errors.New("status: list issuer differs from the credential issuer")
	// ErrListValidity reports a list credential outside its validity window.
	ErrListValidity = errors.New("status: list credential not valid now")
	// ErrNoCredentialID reports a credential without an id checked against a
	// revocation list, which names credentials by id.
	ErrNoCredentialID = errors.New("status: credential has no id")
)
