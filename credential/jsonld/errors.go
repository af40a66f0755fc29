package jsonld

import (
	"errors"
	"fmt"
)

var (
	// ErrUnresolvable is wrapped by every error for a document the loader
	// will not or cannot serve.
	ErrUnresolvable = errors.New("jsonld: document not available offline")
	// ErrInvalidContext reports a context document that is not usable JSON-LD.
	ErrInvalidContext = errors.New("jsonld: invalid context")
	// ErrProtectedTermRedefinition reports a context that redefines a
	// protected term (JSON-LD 1.1 §4.1.11).
	ErrProtectedTermRedefinition = errors.New("jsonld: protected term redefinition")
	// ErrLimitExceeded reports input over a size, depth or count limit.
	ErrLimitExceeded = errors.New("jsonld: limit exceeded")
	// ErrInvalid reports a document JSON-LD processing rejects.
	ErrInvalid = errors.New("jsonld: invalid document")
)

// UnresolvableError names the URL that could not be loaded.
type UnresolvableError struct {
	URL string
	Err error // the underlying cause, if any
}

func (e *UnresolvableError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("jsonld: cannot load %s: %v", e.URL, e.Err)
	}
	return fmt.Sprintf("jsonld: %s is not available offline (not bundled, not in the documents given, and the network is off)", e.URL)
}

// Unwrap lets errors.Is match ErrUnresolvable and the cause.
func (e *UnresolvableError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrUnresolvable, e.Err}
	}
	return []error{ErrUnresolvable}
}
