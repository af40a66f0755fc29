package credential

import (
	"errors"

	"github.com/laurelhq/laurel/internal/jsonx"
)

// JSONError is the typed error for input that is rejected while reading: it
// carries the JSON path (for example $.credentialSubject.achievement.name or
// $.proof[0]) and the byte offset (-1 when unknown) of the problem, and wraps
// one of ErrSyntax, ErrDuplicateKey, ErrInvalidUTF8, ErrTooLarge, ErrTooDeep
// or ErrWrongType.
type JSONError = jsonx.Error

// Limits bounds the size and nesting of an input; the zero value means
// 1 MiB and 64 levels. See ParseOptions.
type Limits = jsonx.Limits

// Errors for rejected input, wrapped by *JSONError.
var (
	ErrSyntax       = jsonx.ErrSyntax       // not RFC 8259 JSON
	ErrDuplicateKey = jsonx.ErrDuplicateKey // an object names a member twice
	ErrInvalidUTF8  = jsonx.ErrInvalidUTF8  // invalid UTF-8 or an unpaired surrogate escape
	ErrTooLarge     = jsonx.ErrTooLarge     // longer than Limits.MaxBytes
	ErrTooDeep      = jsonx.ErrTooDeep      // nested deeper than Limits.MaxDepth
	// ErrWrongType reports a member whose JSON type does not fit the data
	// model (a number where a string is expected, ...).
	ErrWrongType = errors.New("credential: member has the wrong JSON type")
)

// Errors of the identity and builder functions.
var (
	// ErrIdentity reports an identity that cannot be hashed or compared.
	ErrIdentity = errors.New("credential: invalid recipient identity")
	// ErrIssueRequest reports an IssueRequest that cannot produce a valid
	// credential.
	ErrIssueRequest = errors.New("credential: invalid issue request")
	// ErrNotOBI1 reports a document UpgradeOBI1 does not recognise as an
	// Open Badges 1.0/1.1 assertion.
	ErrNotOBI1 = errors.New("credential: not an Open Badges 1.x assertion")
)

// ParseOptions configures the ParseXxx functions. The zero value is strict:
// default limits, and members of the wrong JSON type are errors.
type ParseOptions struct {
	// Limits bounds input size and nesting depth (zero: 1 MiB, 64 levels).
	Limits Limits
	// KeepMistyped keeps a known member whose value has the wrong JSON type
	// (for example "name": 5) verbatim in Extra, leaving the typed field
	// zero, instead of failing. The document still round-trips losslessly;
	// this is for tools that report conformance problems rather than reject.
	KeepMistyped bool
}
