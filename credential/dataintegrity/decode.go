package dataintegrity

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/laurelhq/laurel/internal/jsonx"
)

// decode parses the document once, after jsonx has checked it within lim:
// a size and depth bound (the JSON-LD and canonicalization steps recurse
// over the value), and no duplicate members or invalid UTF-8, which would
// let two readers see different documents behind one signature.
func decode(data []byte, lim jsonx.Limits) (map[string]any, error) {
	if err := jsonx.Check(data, lim); err != nil {
		if errors.Is(err, jsonx.ErrTooLarge) || errors.Is(err, jsonx.ErrTooDeep) {
			return nil, fmt.Errorf("%w: %w", ErrLimitExceeded, err)
		}
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%w: document is not a JSON object", ErrMalformed)
	}
	return m, nil
}
