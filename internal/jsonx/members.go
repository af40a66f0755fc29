package jsonx

import (
	"encoding/json"
	"fmt"
)

// Members calls fn for each member of the JSON object obj, in document order,
// with the unescaped member name and the raw bytes of its value. obj should
// already have passed Check; Members still rejects malformed input with an
// *Error (paths relative to obj) rather than misbehave.
func Members(obj []byte, fn func(name string, value []byte) error) error {
	s := scanner{data: obj, maxDepth: MaxDepthCeiling, skim: true}
	s.ws()
	if s.pos >= len(obj) || obj[s.pos] != '{' {
		return s.fail(ErrSyntax, "not an object")
	}
	s.pos++
	s.ws()
	if s.pos < len(obj) && obj[s.pos] == '}' {
		s.pos++
		return s.end()
	}
	for {
		s.ws()
		if s.pos >= len(obj) || obj[s.pos] != '"' {
			return s.fail(ErrSyntax, "expected a member name")
		}
		keyStart := s.pos
		raw, escaped, err := s.str()
		if err != nil {
			return err
		}
		name := string(raw)
		if escaped {
			if err := json.Unmarshal(obj[keyStart:s.pos], &name); err != nil {
				return s.fail(ErrSyntax, "invalid member name")
			}
		}
		s.ws()
		if s.pos >= len(obj) || obj[s.pos] != ':' {
			return s.fail(ErrSyntax, "expected ':'")
		}
		s.pos++
		s.ws()
		start := s.pos
		if err := s.value(0); err != nil {
			return err
		}
		if err := fn(name, obj[start:s.pos]); err != nil {
			return err
		}
		s.ws()
		if s.pos >= len(obj) {
			return s.fail(ErrSyntax, "unterminated object")
		}
		switch obj[s.pos] {
		case ',':
			s.pos++
		case '}':
			s.pos++
			return s.end()
		default:
			return s.fail(ErrSyntax, "expected ',' or '}'")
		}
	}
}

// Elements calls fn for each element of the JSON array arr with its index and
// raw bytes, like Members.
func Elements(arr []byte, fn func(i int, value []byte) error) error {
	s := scanner{data: arr, maxDepth: MaxDepthCeiling, skim: true}
	s.ws()
	if s.pos >= len(arr) || arr[s.pos] != '[' {
		return s.fail(ErrSyntax, "not an array")
	}
	s.pos++
	s.ws()
	if s.pos < len(arr) && arr[s.pos] == ']' {
		s.pos++
		return s.end()
	}
	for i := 0; ; i++ {
		s.ws()
		start := s.pos
		if err := s.value(0); err != nil {
			return err
		}
		if err := fn(i, arr[start:s.pos]); err != nil {
			return err
		}
		s.ws()
		if s.pos >= len(arr) {
			return s.fail(ErrSyntax, "unterminated array")
		}
		switch arr[s.pos] {
		case ',':
			s.pos++
		case ']':
			s.pos++
			return s.end()
		default:
			return s.fail(ErrSyntax, "expected ',' or ']'")
		}
	}
}

func (s *scanner) end() error {
	s.ws()
	if s.pos != len(s.data) {
		return s.fail(ErrSyntax, fmt.Sprintf("%d bytes after the value", len(s.data)-s.pos))
	}
	return nil
}
