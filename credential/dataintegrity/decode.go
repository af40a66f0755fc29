package dataintegrity

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// decode parses the document once. TEMPORARY until internal/jsonx lands.
func decode(data []byte, _ decodeLimits) (map[string]any, error) {
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
