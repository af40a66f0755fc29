package credential

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/laurelhq/laurel/internal/jsonx"
)

// Object is embedded first in every model struct. It keeps what the typed
// fields do not: members that have no typed field (extensions, unknown terms
// and, with ParseOptions.KeepMistyped, values of the wrong JSON type) and the
// order in which members appeared, so that marshalling reproduces the
// document that was read.
//
// Marshalling writes members in their original order, a typed field taking
// precedence over an Extra entry of the same name when the field is not its
// zero value; then typed fields that were not in the input and are not zero,
// in declaration order; then Extra members that were not in the input, sorted
// by name. A member that was present in the input is written even when its
// typed field is zero (so "hashed": false survives); use Delete to drop it.
//
// MarshalJSON writes strings without HTML escaping; json.Marshal then
// re-escapes <, > and & as \u003c, \u003e, \u0026 (the same JSON value). Call
// MarshalJSON directly, or use a json.Encoder with SetEscapeHTML(false), to
// keep them literal.
type Object struct {
	// Extra holds members without a typed field, as raw JSON.
	Extra map[string]json.RawMessage
	order []string
}

// Keys returns the member names in the order they were read.
func (o *Object) Keys() []string { return slices.Clone(o.order) }

// Delete removes the member name: from Extra, and from the recorded order so
// that a zero typed field of that name is no longer written.
func (o *Object) Delete(name string) {
	delete(o.Extra, name)
	o.order = slices.DeleteFunc(o.order, func(k string) bool { return k == name })
}

// SetExtra stores an extension member as the JSON encoding of v.
func (o *Object) SetExtra(name string, v any) error {
	b, err := marshalValue(v)
	if err != nil {
		return err
	}
	if o.Extra == nil {
		o.Extra = map[string]json.RawMessage{}
	}
	o.Extra[name] = b
	return nil
}

var (
	objectType = reflect.TypeFor[Object]()
	rawType    = reflect.TypeFor[json.RawMessage]()
	numberType = reflect.TypeFor[json.Number]()
)

// pathNode is one step of a JSON path, rendered only when an error needs it.
type pathNode struct {
	parent *pathNode
	key    string
	index  int // -1 for a member
}

func (p *pathNode) String() string {
	var steps []*pathNode
	for n := p; n != nil; n = n.parent {
		steps = append(steps, n)
	}
	var b strings.Builder
	b.WriteByte('$')
	for i := len(steps) - 1; i >= 0; i-- {
		if steps[i].index >= 0 {
			b.WriteString("[" + strconv.Itoa(steps[i].index) + "]")
		} else {
			jsonx.AppendKey(&b, steps[i].key)
		}
	}
	return b.String()
}

// decodeState carries options and the input through one decode.
type decodeState struct {
	base         []byte
	keepMistyped bool
}

// internalDecoder is implemented by the generic wrapper types.
type internalDecoder interface {
	decodeJSON(d *decodeState, data []byte, path *pathNode) error
}

// internalEncoder is implemented by the generic wrapper types.
type internalEncoder interface {
	encodeJSON(buf *bytes.Buffer) error
}

// rawKeeper is implemented by types that remember their own bytes (Credential).
type rawKeeper interface{ keepRaw([]byte) }

func (d *decodeState) offset(val []byte) int64 {
	if d.base == nil || cap(val) > cap(d.base) {
		return -1
	}
	return int64(cap(d.base) - cap(val))
}

func (d *decodeState) wrongType(val []byte, path *pathNode, detail string) error {
	return &JSONError{Path: path.String(), Offset: d.offset(val), Err: fmt.Errorf("%w: %s", ErrWrongType, detail)}
}

func isNull(val []byte) bool { return string(val) == "null" }

func jsonKind(val []byte) string {
	if len(val) == 0 {
		return "nothing"
	}
	switch val[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

func nullable(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return true
	}
	return false
}

func isModelStruct(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && t.NumField() > 0 && t.Field(0).Anonymous && t.Field(0).Type == objectType
}

// decodeValue decodes val into v (settable).
func (d *decodeState) decodeValue(val []byte, v reflect.Value, path *pathNode) error {
	if v.CanAddr() {
		if dec, ok := v.Addr().Interface().(internalDecoder); ok {
			return dec.decodeJSON(d, val, path)
		}
	}
	t := v.Type()
	if isNull(val) && !nullable(t) {
		return d.wrongType(val, path, "null where "+describe(t)+" is expected")
	}
	switch {
	case t == rawType:
		v.SetBytes(val)
		return nil
	case isModelStruct(t):
		return d.decodeObject(val, v, path)
	case t.Kind() == reflect.Pointer:
		if isNull(val) {
			v.SetZero()
			return nil
		}
		p := reflect.New(t.Elem())
		if err := d.decodeValue(val, p.Elem(), path); err != nil {
			return err
		}
		v.Set(p)
		return nil
	case t.Kind() == reflect.Slice && t.Elem().Kind() != reflect.Uint8:
		if isNull(val) {
			v.SetZero()
			return nil
		}
		if val[0] != '[' {
			return d.wrongType(val, path, jsonKind(val)+" where an array is expected")
		}
		s := reflect.MakeSlice(t, 0, 4)
		err := jsonx.Elements(val, func(i int, ev []byte) error {
			s = reflect.Append(s, reflect.Zero(t.Elem()))
			return d.decodeValue(ev, s.Index(i), &pathNode{parent: path, index: i})
		})
		if err != nil {
			return err
		}
		v.Set(s)
		return nil
	}
	switch {
	case t.Kind() == reflect.String && t != numberType:
		// Fast path: Check has validated the string; without escapes its
		// contents are the value.
		if len(val) >= 2 && val[0] == '"' && bytes.IndexByte(val, '\\') < 0 {
			v.SetString(string(val[1 : len(val)-1]))
			return nil
		}
	case t.Kind() == reflect.Bool:
		switch string(val) {
		case "true":
			v.SetBool(true)
			return nil
		case "false":
			v.SetBool(false)
			return nil
		}
	}
	if err := json.Unmarshal(val, v.Addr().Interface()); err != nil {
		return d.wrongType(val, path, jsonKind(val)+" where "+describe(t)+" is expected")
	}
	return nil
}

func describe(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Struct:
		if t == reflect.TypeFor[json.Number]() {
			return "a number"
		}
		return "an object"
	case reflect.Slice:
		return "an array"
	}
	if t == reflect.TypeFor[json.Number]() {
		return "a number"
	}
	return t.String()
}

// jsonName returns the member name of a struct field, or "" to skip it.
func jsonName(f reflect.StructField) string {
	if !f.IsExported() || f.Anonymous {
		return ""
	}
	tag := f.Tag.Get("json")
	if tag == "-" {
		return ""
	}
	if i := strings.IndexByte(tag, ','); i >= 0 {
		tag = tag[:i]
	}
	if tag == "" {
		return f.Name
	}
	return tag
}

// fieldIndex returns the index of the field for member name, or -1.
func fieldIndex(names []string, name string) int {
	if name == "" {
		return -1 // "" marks fields without a member (Object, unexported)
	}
	return slices.Index(names, name)
}

// modelFields holds the member names of every model struct. It is built
// once at package initialisation and never modified.
var modelFields = func() map[reflect.Type][]string {
	m := make(map[reflect.Type][]string)
	for _, v := range []any{
		Credential{}, Profile{}, Address{}, GeoCoordinates{}, IdentifierEntry{}, Achievement{}, Related{},
		AchievementSubject{}, IdentityObject{}, Result{}, ResultDescription{}, RubricCriterionLevel{},
		Evidence{}, Alignment{}, Criteria{}, Image{}, CredentialSchema{}, CredentialStatus{},
		RefreshService{}, TermsOfUse{}, Assertion{}, BadgeClass{}, ProfileV2{}, IdentityObjectV2{},
		VerificationObject{}, EvidenceV2{}, CriteriaV2{}, AlignmentV2{}, ImageV2{}, CryptographicKey{},
		RevocationList{}, RevokedAssertion{}, EndorsementV2{}, EndorsementClaim{},
	} {
		t := reflect.TypeOf(v)
		m[t] = computeFieldNames(t)
	}
	return m
}()

func fieldNames(t reflect.Type) []string {
	if names, ok := modelFields[t]; ok {
		return names
	}
	return computeFieldNames(t)
}

func computeFieldNames(t reflect.Type) []string {
	names := make([]string, t.NumField())
	for i := range names {
		names[i] = jsonName(t.Field(i))
	}
	return names
}

// decodeObject fills a model struct (v) from the JSON object val.
func (d *decodeState) decodeObject(val []byte, v reflect.Value, path *pathNode) error {
	if len(val) == 0 || val[0] != '{' {
		return d.wrongType(val, path, jsonKind(val)+" where an object is expected")
	}
	t := v.Type()
	names := fieldNames(t)
	v.SetZero()
	obj := v.Field(0).Addr().Interface().(*Object)
	err := jsonx.Members(val, func(name string, mv []byte) error {
		obj.order = append(obj.order, name)
		i := fieldIndex(names, name)
		if i < 0 {
			obj.setRaw(name, mv)
			return nil
		}
		f := v.Field(i)
		err := d.decodeValue(mv, f, &pathNode{parent: path, key: name, index: -1})
		if err != nil {
			var je *JSONError
			if d.keepMistyped && errors.As(err, &je) && errors.Is(err, ErrWrongType) {
				f.SetZero()
				obj.setRaw(name, mv)
				return nil
			}
			return err
		}
		delete(obj.Extra, name) // a repeated member (only possible without Check)
		return nil
	})
	if err != nil {
		var je *JSONError
		if !errors.As(err, &je) {
			return &JSONError{Path: path.String(), Offset: d.offset(val), Err: err}
		}
		return err
	}
	if rk, ok := v.Addr().Interface().(rawKeeper); ok {
		rk.keepRaw(val)
	}
	return nil
}

func (o *Object) setRaw(name string, v []byte) {
	if o.Extra == nil {
		o.Extra = make(map[string]json.RawMessage)
	}
	o.Extra[name] = v
}

// marshalValue encodes v as JSON without HTML escaping.
func marshalValue(v any) ([]byte, error) {
	var buf bytes.Buffer
	if err := encodeValue(&buf, reflect.ValueOf(v)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func encodeValue(buf *bytes.Buffer, v reflect.Value) error {
	if !v.IsValid() {
		buf.WriteString("null")
		return nil
	}
	if enc, ok := v.Interface().(internalEncoder); ok {
		return enc.encodeJSON(buf)
	}
	t := v.Type()
	switch {
	case t == rawType:
		if v.Len() == 0 {
			buf.WriteString("null")
			return nil
		}
		buf.Write(v.Bytes())
		return nil
	case isModelStruct(t):
		return encodeObject(buf, v)
	case t.Kind() == reflect.Pointer || t.Kind() == reflect.Interface:
		if v.IsNil() {
			buf.WriteString("null")
			return nil
		}
		return encodeValue(buf, v.Elem())
	case t.Kind() == reflect.Slice && t.Elem().Kind() != reflect.Uint8:
		if v.IsNil() {
			buf.WriteString("null")
			return nil
		}
		buf.WriteByte('[')
		for i := range v.Len() {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := encodeValue(buf, v.Index(i)); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
		return nil
	}
	if t.Kind() == reflect.String && t != numberType {
		writeString(buf, v.String())
		return nil
	}
	if t.Kind() == reflect.Bool {
		buf.WriteString(strconv.FormatBool(v.Bool()))
		return nil
	}
	return encodePlain(buf, v.Interface())
}

// writeString writes s as a JSON string; strings that need no escaping (the
// common case) are copied directly, others go through encoding/json.
func writeString(buf *bytes.Buffer, s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
			_ = encodePlain(buf, s) // a string always encodes
			return
		}
	}
	buf.WriteByte('"')
	buf.WriteString(s)
	buf.WriteByte('"')
}

func encodePlain(buf *bytes.Buffer, v any) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	buf.Truncate(buf.Len() - 1) // Encode's newline
	return nil
}

func encodeObject(buf *bytes.Buffer, v reflect.Value) error {
	t := v.Type()
	names := fieldNames(t)
	var obj *Object
	if v.CanAddr() {
		obj = v.Field(0).Addr().Interface().(*Object)
	} else {
		o := v.Field(0).Interface().(Object)
		obj = &o
	}
	buf.WriteByte('{')
	n := 0
	member := func(name string, write func() error) error {
		if n > 0 {
			buf.WriteByte(',')
		}
		n++
		writeString(buf, name)
		buf.WriteByte(':')
		return write()
	}
	done := make(map[string]bool, len(obj.order)+len(obj.Extra))
	for _, name := range obj.order {
		if done[name] {
			continue
		}
		i := fieldIndex(names, name)
		extra, inExtra := obj.Extra[name]
		switch {
		case i >= 0 && !(inExtra && v.Field(i).IsZero()):
			f := v.Field(i)
			if err := member(name, func() error { return encodeValue(buf, f) }); err != nil {
				return err
			}
		case inExtra:
			if err := member(name, func() error { return encodeValue(buf, reflect.ValueOf(extra)) }); err != nil {
				return err
			}
		default:
			continue
		}
		done[name] = true
	}
	for i, name := range names {
		if name == "" || done[name] || v.Field(i).IsZero() {
			continue
		}
		f := v.Field(i)
		if err := member(name, func() error { return encodeValue(buf, f) }); err != nil {
			return err
		}
		done[name] = true
	}
	var rest []string
	for name := range obj.Extra {
		if !done[name] {
			rest = append(rest, name)
		}
	}
	slices.Sort(rest)
	for _, name := range rest {
		if err := member(name, func() error { return encodeValue(buf, reflect.ValueOf(obj.Extra[name])) }); err != nil {
			return err
		}
	}
	buf.WriteByte('}')
	return nil
}

// unmarshalModel implements UnmarshalJSON for the model structs: data is
// copied, checked with the default limits and decoded strictly.
func unmarshalModel(data []byte, v any) error {
	data = bytes.Clone(data)
	if err := jsonx.Check(data, jsonx.Limits{}); err != nil {
		return err
	}
	d := &decodeState{base: data}
	return d.decodeObject(trimWS(data), reflect.ValueOf(v).Elem(), nil)
}

// trimWS drops the JSON white space around a checked value, keeping the
// result a subslice of b (offsets stay correct).
func trimWS(b []byte) []byte {
	isWS := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
	for len(b) > 0 && isWS(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isWS(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// parseModel is the body of every ParseXxx function.
func parseModel(data []byte, opts ParseOptions, v any) error {
	data = bytes.Clone(data)
	if err := jsonx.Check(data, opts.Limits); err != nil {
		return err
	}
	d := &decodeState{base: data, keepMistyped: opts.KeepMistyped}
	return d.decodeObject(trimWS(data), reflect.ValueOf(v).Elem(), nil)
}
