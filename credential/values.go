package credential

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/laurelhq/laurel/internal/jsonx"
)

// OneOrMany is a member that may be written as a single value or as an array
// of values ("type", "@context", and many Open Badges 2.0 members). It
// remembers which form was read, and writes an array when Array is set or the
// number of items is not one.
type OneOrMany[T any] struct {
	Items []T
	Array bool
}

// One returns a single value, written without an array.
func One[T any](v T) OneOrMany[T] { return OneOrMany[T]{Items: []T{v}} }

// Many returns values written as an array, even when there is one.
func Many[T any](v ...T) OneOrMany[T] { return OneOrMany[T]{Items: v, Array: true} }

// Len returns the number of items.
func (o OneOrMany[T]) Len() int { return len(o.Items) }

// First returns the first item, or the zero value.
func (o OneOrMany[T]) First() T {
	if len(o.Items) == 0 {
		var zero T
		return zero
	}
	return o.Items[0]
}

func (o *OneOrMany[T]) decodeJSON(d *decodeState, data []byte, path *pathNode) error {
	*o = OneOrMany[T]{}
	if len(data) > 0 && data[0] == '[' {
		o.Array = true
		o.Items = []T{}
		return jsonx.Elements(data, func(i int, ev []byte) error {
			o.Items = append(o.Items, *new(T))
			return d.decodeValue(ev, reflect.ValueOf(&o.Items[i]).Elem(), &pathNode{parent: path, index: i})
		})
	}
	o.Items = make([]T, 1)
	return d.decodeValue(data, reflect.ValueOf(&o.Items[0]).Elem(), path)
}

func (o OneOrMany[T]) encodeJSON(buf *bytes.Buffer) error {
	if !o.Array && len(o.Items) == 1 {
		return encodeValue(buf, reflect.ValueOf(&o.Items[0]).Elem())
	}
	buf.WriteByte('[')
	for i := range o.Items {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := encodeValue(buf, reflect.ValueOf(&o.Items[i]).Elem()); err != nil {
			return err
		}
	}
	buf.WriteByte(']')
	return nil
}

// MarshalJSON implements json.Marshaler.
func (o OneOrMany[T]) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	err := o.encodeJSON(&buf)
	return buf.Bytes(), err
}

// UnmarshalJSON implements json.Unmarshaler.
func (o *OneOrMany[T]) UnmarshalJSON(data []byte) error {
	data = bytes.Clone(data)
	if err := jsonx.Check(data, jsonx.Limits{}); err != nil {
		return err
	}
	return o.decodeJSON(&decodeState{base: data}, trimWS(data), nil)
}

// Types is the "type" member: one type name or an array of them.
type Types = OneOrMany[string]

// Has reports whether name is one of the types.
func (o OneOrMany[T]) Has(v T) bool {
	for _, it := range o.Items {
		if reflect.DeepEqual(it, v) {
			return true
		}
	}
	return false
}

// Ref is a member that is either a reference (an IRI string) or an embedded
// object: an issuer, a badge class, an image, criteria. Object is nil for a
// reference; when Object is set it is written instead of ID.
type Ref[T any] struct {
	ID     string // the IRI, when the member is a string
	Object *T     // the embedded object, when the member is an object
}

// RefTo returns a reference by IRI.
func RefTo[T any](iri string) Ref[T] { return Ref[T]{ID: iri} }

// Embed returns an embedded object.
func Embed[T any](v T) Ref[T] { return Ref[T]{Object: &v} }

// IsZero reports whether the reference is empty.
func (r Ref[T]) IsZero() bool { return r.ID == "" && r.Object == nil }

func (r *Ref[T]) decodeJSON(d *decodeState, data []byte, path *pathNode) error {
	*r = Ref[T]{}
	if len(data) > 0 && data[0] == '"' {
		return d.decodeValue(data, reflect.ValueOf(&r.ID).Elem(), path)
	}
	if len(data) > 0 && data[0] == '{' {
		r.Object = new(T)
		return d.decodeValue(data, reflect.ValueOf(r.Object).Elem(), path)
	}
	return d.wrongType(data, path, jsonKind(data)+" where a string or an object is expected")
}

func (r Ref[T]) encodeJSON(buf *bytes.Buffer) error {
	if r.Object != nil {
		return encodeValue(buf, reflect.ValueOf(r.Object).Elem())
	}
	writeString(buf, r.ID)
	return nil
}

// MarshalJSON implements json.Marshaler.
func (r Ref[T]) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	err := r.encodeJSON(&buf)
	return buf.Bytes(), err
}

// UnmarshalJSON implements json.Unmarshaler.
func (r *Ref[T]) UnmarshalJSON(data []byte) error {
	data = bytes.Clone(data)
	if err := jsonx.Check(data, jsonx.Limits{}); err != nil {
		return err
	}
	return r.decodeJSON(&decodeState{base: data}, trimWS(data), nil)
}

// DateTime is a date-time member kept exactly as written (ISO 8601 /
// RFC 3339, e.g. "2010-01-01T00:00:00Z"), so that reading and writing never
// changes its text.
type DateTime string

// NewDateTime formats t in UTC with second precision (RFC 3339).
func NewDateTime(t time.Time) DateTime {
	return DateTime(t.UTC().Truncate(time.Second).Format(time.RFC3339))
}

// Time parses the value as RFC 3339 (which XML Schema dateTime with a time
// zone is a profile of). Open Badges 2.0 also allows a date-time without a
// zone, read as UTC.
func (t DateTime) Time() (time.Time, error) {
	s := string(t)
	if v, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return v, nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if v, err := time.Parse(layout, s); err == nil {
			return v, nil
		}
	}
	return time.Time{}, fmt.Errorf("%w: %q is not a date-time", ErrWrongType, s)
}

// Instant is an Open Badges 2.0 "issuedOn"/"expires" value kept exactly as
// written: an ISO 8601 string, or (Open Badges 1.0) a number of seconds since
// the Unix epoch.
type Instant struct{ raw json.RawMessage }

// InstantOf returns t as an ISO 8601 string value.
func InstantOf(t time.Time) Instant {
	b, _ := json.Marshal(string(NewDateTime(t)))
	return Instant{raw: b}
}

// IsZero reports whether the value is absent.
func (t Instant) IsZero() bool { return len(t.raw) == 0 }

// IsTimestamp reports whether the value was written as a Unix timestamp.
func (t Instant) IsTimestamp() bool { return len(t.raw) > 0 && t.raw[0] != '"' }

// String returns the value as written, without quotes.
func (t Instant) String() string {
	var s string
	if json.Unmarshal(t.raw, &s) == nil {
		return s
	}
	return string(t.raw)
}

// Time returns the instant: timestamps are seconds since the Unix epoch,
// strings are read like DateTime.
func (t Instant) Time() (time.Time, error) {
	if t.IsTimestamp() {
		f, err := strconv.ParseFloat(string(t.raw), 64)
		if err != nil || f < -1e12 || f > 1e12 {
			return time.Time{}, fmt.Errorf("%w: timestamp %s out of range", ErrWrongType, t.raw)
		}
		sec := int64(f)
		return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC(), nil
	}
	s := t.String()
	if v, err := DateTime(s).Time(); err == nil {
		return v, nil
	}
	// OBI 1.0 also allows a bare date.
	if v, err := time.Parse("2006-01-02", strings.TrimSpace(s)); err == nil {
		return v, nil
	}
	return time.Time{}, fmt.Errorf("%w: %q is not a date-time", ErrWrongType, s)
}

func (t *Instant) decodeJSON(d *decodeState, data []byte, path *pathNode) error {
	if len(data) == 0 || (data[0] != '"' && data[0] != '-' && (data[0] < '0' || data[0] > '9')) {
		return d.wrongType(data, path, jsonKind(data)+" where a date-time string or a timestamp is expected")
	}
	t.raw = data
	return nil
}

func (t Instant) encodeJSON(buf *bytes.Buffer) error {
	if len(t.raw) == 0 {
		buf.WriteString(`""`)
		return nil
	}
	buf.Write(t.raw)
	return nil
}

// MarshalJSON implements json.Marshaler.
func (t Instant) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	err := t.encodeJSON(&buf)
	return buf.Bytes(), err
}

// UnmarshalJSON implements json.Unmarshaler.
func (t *Instant) UnmarshalJSON(data []byte) error {
	data = bytes.Clone(bytes.TrimSpace(data))
	if !json.Valid(data) {
		return &JSONError{Path: "$", Err: ErrSyntax}
	}
	return t.decodeJSON(&decodeState{base: data}, data, nil)
}
