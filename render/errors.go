package render

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error returned by this package wraps one of them;
// errors about one member of a design, template or input are *FieldError.
var (
	// ErrInvalidDesign: a badge design is malformed or names something
	// unknown (a shape, an icon, a border style, a colour).
	ErrInvalidDesign = errors.New("render: invalid badge design")
	// ErrInvalidTemplate: a certificate template is malformed, or one of
	// its text templates does not parse or refers to an unknown field.
	ErrInvalidTemplate = errors.New("render: invalid certificate template")
	// ErrImage: an image is not a PNG or JPEG, or cannot be decoded.
	ErrImage = errors.New("render: bad image")
	// ErrFont: a font is not a TrueType font this package can use.
	ErrFont = errors.New("render: bad font")
	// ErrTooLarge: an input is over a size limit (bytes, pixels, output size).
	ErrTooLarge = errors.New("render: too large")
	// ErrTextOverflow: text does not fit its box even at the minimum size
	// and wrapped.
	ErrTextOverflow = errors.New("render: text does not fit")
	// ErrData: the certificate data does not fill the template (an unknown
	// attribute, an empty required field, a credential that cannot be read).
	ErrData = errors.New("render: bad certificate data")
)

// FieldError names the member of a design, template or certificate input
// that is wrong, e.g. "icon.name" or "elements[3].text".
type FieldError struct {
	Field string // JSON-style path of the member
	Kind  error  // one of the sentinel errors
	Msg   string // what is wrong
	Err   error  // underlying cause, if any
}

func (e *FieldError) Error() string {
	s := fmt.Sprintf("%v: %s: %s", e.Kind, e.Field, e.Msg)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the sentinel and the cause.
func (e *FieldError) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

func fieldErr(kind error, field, format string, args ...any) error {
	return &FieldError{Field: field, Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

func fieldWrap(kind error, field string, cause error, format string, args ...any) error {
	return &FieldError{Field: field, Kind: kind, Msg: fmt.Sprintf(format, args...), Err: cause}
}
