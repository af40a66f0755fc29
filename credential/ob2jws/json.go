package ob2jws

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/laurelhq/laurel/internal/jsonx"
)

func wrapJSON(what string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, ErrMalformed) || errors.Is(err, ErrLimitExceeded) {
		return err
	}
	if errors.Is(err, jsonx.ErrTooLarge) || errors.Is(err, jsonx.ErrTooDeep) {
		return fmt.Errorf("%w: %s: %w", ErrLimitExceeded, what, err)
	}
	return fmt.Errorf("%w: %s: %w", ErrMalformed, what, err)
}

// members returns the raw top-level members of a JSON object that passed
// jsonx.Check.
func members(what string, obj []byte) (map[string][]byte, error) {
	obj = bytes.TrimSpace(obj)
	if len(obj) == 0 || obj[0] != '{' {
		return nil, fmt.Errorf("%w: %s is not a JSON object", ErrMalformed, what)
	}
	m := map[string][]byte{}
	err := jsonx.Members(obj, func(name string, v []byte) error {
		m[name] = bytes.TrimSpace(v)
		return nil
	})
	return m, wrapJSON(what, err)
}

func str(what string, raw []byte) (string, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("%w: %s is not a string", ErrMalformed, what)
	}
	return s, nil
}

// idOf reads a node reference: an IRI string or an object with an "id".
func idOf(what string, raw []byte) (id string, obj map[string][]byte, err error) {
	if len(raw) > 0 && raw[0] == '{' {
		obj, err = members(what, raw)
		if err != nil {
			return "", nil, err
		}
		v, ok := obj["id"]
		if !ok {
			return "", obj, nil
		}
		id, err = str(what+".id", v)
		return id, obj, err
	}
	id, err = str(what, raw)
	return id, nil, err
}

// ids reads one node reference or an array of them.
func ids(what string, raw []byte, max int) ([]string, error) {
	if len(raw) == 0 || raw[0] != '[' {
		id, _, err := idOf(what, raw)
		if err != nil || id == "" {
			return nil, err
		}
		return []string{id}, nil
	}
	var out []string
	err := jsonx.Elements(raw, func(i int, v []byte) error {
		if i >= max {
			return fmt.Errorf("%w: %s lists more than %d entries", ErrLimitExceeded, what, max)
		}
		id, _, err := idOf(fmt.Sprintf("%s[%d]", what, i), bytes.TrimSpace(v))
		if id != "" {
			out = append(out, id)
		}
		return err
	})
	return out, wrapJSON(what, err)
}

// hasType reports whether a type value (string or array) contains one of want.
func hasType(raw []byte, want ...string) bool {
	var many []string
	var one string
	if json.Unmarshal(raw, &one) == nil {
		many = []string{one}
	} else if json.Unmarshal(raw, &many) != nil {
		return false
	}
	for _, t := range many {
		for _, w := range want {
			if t == w {
				return true
			}
		}
	}
	return false
}
