package jcs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// Errors returned by Transform and Marshal.
var (
	// ErrInvalidJSON reports input that is not a single well-formed JSON text.
	ErrInvalidJSON = errors.New("jcs: invalid JSON")
	// ErrUnsupportedValue reports a value that has no JSON form (NaN,
	// infinities, numbers outside float64, unknown Go types, invalid UTF-8).
	ErrUnsupportedValue = errors.New("jcs: unsupported value")
	// ErrDuplicateKey reports an object with the same member name twice
	// (RFC 8785 section 3.1 requires I-JSON).
	ErrDuplicateKey = errors.New("jcs: duplicate object member name")
	// ErrTooDeep reports nesting beyond MaxDepth.
	ErrTooDeep = errors.New("jcs: nesting too deep")
)

// MaxDepth bounds the nesting of arrays and objects, keeping the recursion
// bounded on hostile input.
const MaxDepth = 512

// Transform parses data as JSON (rejecting duplicate member names, invalid
// UTF-8 and trailing data) and returns its RFC 8785 canonical form.
func Transform(data []byte) ([]byte, error) {
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%w: invalid UTF-8", ErrInvalidJSON)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValue(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: data after the JSON value", ErrInvalidJSON)
	}
	return Marshal(v)
}

func decodeValue(dec *json.Decoder, depth int) (any, error) {
	if depth > MaxDepth {
		return nil, ErrTooDeep
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidJSON, err)
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			obj := map[string]any{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, fmt.Errorf("%w: %v", ErrInvalidJSON, err)
				}
				k, ok := kt.(string)
				if !ok {
					return nil, fmt.Errorf("%w: object key is not a string", ErrInvalidJSON)
				}
				if _, dup := obj[k]; dup {
					return nil, fmt.Errorf("%w: %q", ErrDuplicateKey, k)
				}
				v, err := decodeValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				obj[k] = v
			}
			if _, err := dec.Token(); err != nil {
				return nil, fmt.Errorf("%w: %v", ErrInvalidJSON, err)
			}
			return obj, nil
		case '[':
			arr := []any{}
			for dec.More() {
				v, err := decodeValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				arr = append(arr, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, fmt.Errorf("%w: %v", ErrInvalidJSON, err)
			}
			return arr, nil
		}
		return nil, fmt.Errorf("%w: unexpected %v", ErrInvalidJSON, t)
	default:
		return t, nil
	}
}

// Marshal returns the RFC 8785 canonical form of a decoded JSON value.
// Supported types: nil, bool, string, float64, float32, int, int64,
// json.Number, map[string]any and []any.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	if err := write(&buf, v, 0); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func write(buf *bytes.Buffer, v any, depth int) error {
	if depth > MaxDepth {
		return ErrTooDeep
	}
	switch t := v.(type) {
	case nil:
		buf.WriteString("null")
	case bool:
		if t {
			buf.WriteString("true")
		} else {
			buf.WriteString("false")
		}
	case string:
		return writeString(buf, t)
	case float64:
		s, err := FormatNumber(t)
		if err != nil {
			return err
		}
		buf.WriteString(s)
	case float32:
		return write(buf, float64(t), depth)
	case int:
		return write(buf, float64(t), depth)
	case int64:
		return write(buf, float64(t), depth)
	case json.Number:
		f, err := strconv.ParseFloat(string(t), 64)
		if err != nil {
			return fmt.Errorf("%w: number %s: %v", ErrUnsupportedValue, t, err)
		}
		return write(buf, f, depth)
	case []any:
		buf.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := write(buf, e, depth+1); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case map[string]any:
		names := make([]string, 0, len(t))
		for k := range t {
			names = append(names, k)
		}
		slices.SortFunc(names, compareUTF16)
		buf.WriteByte('{')
		for i, k := range names {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := writeString(buf, k); err != nil {
				return err
			}
			buf.WriteByte(':')
			if err := write(buf, t[k], depth+1); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	default:
		return fmt.Errorf("%w: Go type %T", ErrUnsupportedValue, v)
	}
	return nil
}

// compareUTF16 orders strings by their UTF-16 code units (RFC 8785 section
// 3.2.3), which differs from byte order for characters above U+FFFF.
func compareUTF16(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	ua, ub := utf16.Encode(ra), utf16.Encode(rb)
	return slices.Compare(ua, ub)
}

const hexDigits = "0123456789abcdef"

func writeString(buf *bytes.Buffer, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%w: string is not valid UTF-8", ErrUnsupportedValue)
	}
	buf.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			buf.WriteString(`\"`)
		case '\\':
			buf.WriteString(`\\`)
		case '\b':
			buf.WriteString(`\b`)
		case '\f':
			buf.WriteString(`\f`)
		case '\n':
			buf.WriteString(`\n`)
		case '\r':
			buf.WriteString(`\r`)
		case '\t':
			buf.WriteString(`\t`)
		default:
			if c < 0x20 {
				buf.WriteString(`\u00`)
				buf.WriteByte(hexDigits[c>>4])
				buf.WriteByte(hexDigits[c&0xf])
			} else {
				buf.WriteByte(c)
			}
		}
	}
	buf.WriteByte('"')
	return nil
}

// FormatNumber formats f as ECMAScript's Number.prototype.toString does
// (RFC 8785 section 3.2.2.3). NaN and infinities are rejected.
func FormatNumber(f float64) (string, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "", fmt.Errorf("%w: %v", ErrUnsupportedValue, f)
	}
	if f == 0 {
		return "0", nil // also -0
	}
	var sign string
	if f < 0 {
		sign = "-"
		f = -f
	}
	// Shortest round-tripping digits, as ECMAScript requires.
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±XX
	mant, expPart, _ := cutByte(e, 'e')
	exp, err := strconv.Atoi(expPart)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrUnsupportedValue, err)
	}
	digits := mant[:1]
	if len(mant) > 2 {
		digits += mant[2:]
	}
	n := len(digits)
	k := exp + 1 // value = 0.digits × 10^k
	var out string
	switch {
	case n <= k && k <= 21:
		out = digits + zeros(k-n)
	case 0 < k && k <= 21:
		out = digits[:k] + "." + digits[k:]
	case -6 < k && k <= 0:
		out = "0." + zeros(-k) + digits
	default:
		out = digits[:1]
		if n > 1 {
			out += "." + digits[1:]
		}
		x := k - 1
		if x >= 0 {
			out += "e+" + strconv.Itoa(x)
		} else {
			out += "e-" + strconv.Itoa(-x)
		}
	}
	return sign + out, nil
}

func cutByte(s string, c byte) (before, after string, found bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

func zeros(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '0'
	}
	return string(b)
}
