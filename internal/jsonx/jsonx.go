package jsonx

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Sentinel errors wrapped by *Error.
var (
	ErrSyntax       = errors.New("jsonx: invalid JSON")
	ErrDuplicateKey = errors.New("jsonx: duplicate object key")
	ErrInvalidUTF8  = errors.New("jsonx: invalid UTF-8")
	ErrTooLarge     = errors.New("jsonx: input too large")
	ErrTooDeep      = errors.New("jsonx: nesting too deep")
)

// Default limits used for zero fields of Limits.
const (
	DefaultMaxBytes = 1 << 20 // 1 MiB: the largest spec example is ~25 KiB
	DefaultMaxDepth = 64      // the deepest spec example nests 11 levels
	// MaxDepthCeiling bounds MaxDepth whatever the caller asks (Check recurses).
	MaxDepthCeiling = 10000
)

// Limits bounds the work done on one input. Zero fields mean the defaults;
// the zero value is therefore safe.
type Limits struct {
	MaxBytes int64 // longest accepted input in bytes; <= 0 means DefaultMaxBytes
	MaxDepth int   // deepest array/object nesting; <= 0 means DefaultMaxDepth, capped at MaxDepthCeiling
}

func (l Limits) maxBytes() int64 {
	if l.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return l.MaxBytes
}

func (l Limits) maxDepth() int {
	switch {
	case l.MaxDepth <= 0:
		return DefaultMaxDepth
	case l.MaxDepth > MaxDepthCeiling:
		return MaxDepthCeiling
	}
	return l.MaxDepth
}

// Error reports where and why an input was rejected.
type Error struct {
	Path   string // JSON path of the value being read, e.g. $.proof[0].type
	Offset int64  // byte offset of the problem in the input
	Err    error  // one of the sentinels, possibly wrapped with detail
}

func (e *Error) Error() string {
	return fmt.Sprintf("%v at %s (offset %d)", e.Err, e.Path, e.Offset)
}

func (e *Error) Unwrap() error { return e.Err }

// Check reports whether data is one well-formed JSON value within lim, with
// no duplicate member names and only valid UTF-8. The error, if any, is an
// *Error.
func Check(data []byte, lim Limits) error {
	if int64(len(data)) > lim.maxBytes() {
		return &Error{Path: "$", Offset: lim.maxBytes(), Err: fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(data), lim.maxBytes())}
	}
	s := scanner{data: data, maxDepth: lim.maxDepth()}
	s.ws()
	if err := s.value(0); err != nil {
		return err
	}
	s.ws()
	if s.pos != len(s.data) {
		return s.fail(ErrSyntax, "data after the top-level value")
	}
	return nil
}

// Decode checks data like Check and then unmarshals it into v with
// encoding/json.
func Decode(data []byte, lim Limits, v any) error {
	if err := Check(data, lim); err != nil {
		return err
	}
	return json.Unmarshal(data, v)
}

// segment is one step of a JSON path: an object member or an array index.
type segment struct {
	key   []byte // unescaped member name
	index int    // -1 for a member
}

type scanner struct {
	data     []byte
	pos      int
	maxDepth int
	path     []segment
	// skim skips member-name decoding and duplicate detection: used by
	// Members and Elements on input that has already passed Check.
	skim bool
}

func (s *scanner) fail(sentinel error, detail string) *Error {
	err := sentinel
	if detail != "" {
		err = fmt.Errorf("%w: %s", sentinel, detail)
	}
	return &Error{Path: formatPath(s.path), Offset: int64(s.pos), Err: err}
}

// formatPath renders path segments in the $.a.b[0]["odd key"] notation.
func formatPath(path []segment) string {
	var b strings.Builder
	b.WriteByte('$')
	for _, seg := range path {
		if seg.index >= 0 {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(seg.index))
			b.WriteByte(']')
			continue
		}
		AppendKey(&b, string(seg.key))
	}
	return b.String()
}

// AppendKey writes one member step of a JSON path: .name for names made of
// letters, digits, '_', '@' and '$' not starting with a digit, ["name"]
// (JSON-quoted) otherwise.
func AppendKey(b *strings.Builder, key string) {
	if isIdent(key) {
		b.WriteByte('.')
		b.WriteString(key)
		return
	}
	q, _ := json.Marshal(key)
	b.WriteByte('[')
	b.Write(q)
	b.WriteByte(']')
}

func isIdent(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', c == '@', c == '$':
		case c >= '0' && c <= '9':
			if i == 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func (s *scanner) ws() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

func (s *scanner) value(depth int) error {
	if s.pos >= len(s.data) {
		return s.fail(ErrSyntax, "unexpected end of input")
	}
	switch c := s.data[s.pos]; {
	case c == '{':
		return s.object(depth + 1)
	case c == '[':
		return s.array(depth + 1)
	case c == '"':
		_, _, err := s.str()
		return err
	case c == '-' || (c >= '0' && c <= '9'):
		return s.number()
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	default:
		return s.fail(ErrSyntax, fmt.Sprintf("unexpected character %q", rune(c)))
	}
}

func (s *scanner) literal(lit string) error {
	if len(s.data)-s.pos < len(lit) || string(s.data[s.pos:s.pos+len(lit)]) != lit {
		return s.fail(ErrSyntax, "invalid literal")
	}
	s.pos += len(lit)
	return nil
}

func (s *scanner) number() error {
	d := s.data
	start := s.pos
	if d[s.pos] == '-' {
		s.pos++
	}
	switch {
	case s.pos < len(d) && d[s.pos] == '0':
		s.pos++
	case s.pos < len(d) && d[s.pos] >= '1' && d[s.pos] <= '9':
		for s.pos < len(d) && d[s.pos] >= '0' && d[s.pos] <= '9' {
			s.pos++
		}
	default:
		s.pos = start
		return s.fail(ErrSyntax, "invalid number")
	}
	if s.pos < len(d) && d[s.pos] == '.' {
		s.pos++
		if s.pos >= len(d) || d[s.pos] < '0' || d[s.pos] > '9' {
			return s.fail(ErrSyntax, "invalid number")
		}
		for s.pos < len(d) && d[s.pos] >= '0' && d[s.pos] <= '9' {
			s.pos++
		}
	}
	if s.pos < len(d) && (d[s.pos] == 'e' || d[s.pos] == 'E') {
		s.pos++
		if s.pos < len(d) && (d[s.pos] == '+' || d[s.pos] == '-') {
			s.pos++
		}
		if s.pos >= len(d) || d[s.pos] < '0' || d[s.pos] > '9' {
			return s.fail(ErrSyntax, "invalid number")
		}
		for s.pos < len(d) && d[s.pos] >= '0' && d[s.pos] <= '9' {
			s.pos++
		}
	}
	return nil
}

// str scans a string starting at the opening quote. It returns the raw
// contents (between the quotes) and whether they contain escapes.
func (s *scanner) str() (raw []byte, escaped bool, err error) {
	d := s.data
	s.pos++ // opening quote
	start := s.pos
	for s.pos < len(d) {
		c := d[s.pos]
		switch {
		case c == '"':
			raw = d[start:s.pos]
			s.pos++
			return raw, escaped, nil
		case c == '\\':
			escaped = true
			if err := s.escape(); err != nil {
				return nil, false, err
			}
		case c < 0x20:
			return nil, false, s.fail(ErrSyntax, "control character in string")
		case c < utf8.RuneSelf:
			s.pos++
		default:
			r, size := utf8.DecodeRune(d[s.pos:])
			if r == utf8.RuneError && size <= 1 {
				return nil, false, s.fail(ErrInvalidUTF8, "")
			}
			s.pos += size
		}
	}
	return nil, false, s.fail(ErrSyntax, "unterminated string")
}

func (s *scanner) escape() error {
	d := s.data
	if s.pos+1 >= len(d) {
		return s.fail(ErrSyntax, "unterminated escape")
	}
	switch d[s.pos+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		s.pos += 2
		return nil
	case 'u':
		r, ok := hex4(d, s.pos+2)
		if !ok {
			return s.fail(ErrSyntax, "invalid \\u escape")
		}
		switch {
		case utf16.IsSurrogate(r) && r < 0xDC00: // high surrogate: needs a low one
			r2, ok2 := rune(0), false
			if s.pos+7 < len(d) && d[s.pos+6] == '\\' && d[s.pos+7] == 'u' {
				r2, ok2 = hex4(d, s.pos+8)
			}
			if !ok2 || r2 < 0xDC00 || r2 > 0xDFFF {
				return s.fail(ErrInvalidUTF8, "unpaired surrogate escape")
			}
			s.pos += 12
		case utf16.IsSurrogate(r):
			return s.fail(ErrInvalidUTF8, "unpaired surrogate escape")
		default:
			s.pos += 6
		}
		return nil
	default:
		return s.fail(ErrSyntax, "invalid escape")
	}
}

func hex4(d []byte, at int) (rune, bool) {
	if at+4 > len(d) {
		return 0, false
	}
	var r rune
	for _, c := range d[at : at+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

func (s *scanner) array(depth int) error {
	if depth > s.maxDepth {
		return s.fail(ErrTooDeep, fmt.Sprintf("limit %d", s.maxDepth))
	}
	s.pos++ // [
	s.ws()
	if s.pos < len(s.data) && s.data[s.pos] == ']' {
		s.pos++
		return nil
	}
	s.path = append(s.path, segment{index: 0})
	top := len(s.path) - 1
	for i := 0; ; i++ {
		s.path[top].index = i
		s.ws()
		if err := s.value(depth); err != nil {
			return err
		}
		s.ws()
		if s.pos >= len(s.data) {
			return s.fail(ErrSyntax, "unterminated array")
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
		case ']':
			s.pos++
			s.path = s.path[:top]
			return nil
		default:
			return s.fail(ErrSyntax, "expected ',' or ']'")
		}
	}
}

// smallObject is the member count up to which duplicate names are found by a
// linear scan instead of a map.
const smallObject = 16

func (s *scanner) object(depth int) error {
	if depth > s.maxDepth {
		return s.fail(ErrTooDeep, fmt.Sprintf("limit %d", s.maxDepth))
	}
	s.pos++ // {
	s.ws()
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
		return nil
	}
	var (
		small [smallObject][]byte
		names = small[:0]
		set   map[string]struct{}
	)
	top := len(s.path)
	for {
		s.path = s.path[:top]
		s.ws()
		if s.pos >= len(s.data) || s.data[s.pos] != '"' {
			return s.fail(ErrSyntax, "expected a member name")
		}
		keyStart := s.pos
		raw, escaped, err := s.str()
		if err != nil {
			return err
		}
		if !s.skim {
			name := raw
			if escaped {
				var str string
				if err := json.Unmarshal(s.data[keyStart:s.pos], &str); err != nil {
					s.pos = keyStart
					return s.fail(ErrSyntax, "invalid member name")
				}
				name = []byte(str)
			}
			s.path = append(s.path, segment{key: name, index: -1})
			dup := false
			if set != nil {
				_, dup = set[string(name)]
				set[string(name)] = struct{}{}
			} else {
				for _, n := range names {
					if string(n) == string(name) {
						dup = true
						break
					}
				}
				names = append(names, name)
				if len(names) > smallObject {
					set = make(map[string]struct{}, 2*len(names))
					for _, n := range names {
						set[string(n)] = struct{}{}
					}
				}
			}
			if dup {
				s.pos = keyStart
				return s.fail(ErrDuplicateKey, strconv.Quote(string(name)))
			}
		}
		s.ws()
		if s.pos >= len(s.data) || s.data[s.pos] != ':' {
			return s.fail(ErrSyntax, "expected ':'")
		}
		s.pos++
		s.ws()
		if err := s.value(depth); err != nil {
			return err
		}
		s.ws()
		if s.pos >= len(s.data) {
			return s.fail(ErrSyntax, "unterminated object")
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
		case '}':
			s.pos++
			s.path = s.path[:top]
			return nil
		default:
			return s.fail(ErrSyntax, "expected ',' or '}'")
		}
	}
}
