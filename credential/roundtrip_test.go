package credential

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// jsonEqual compares two documents as generic JSON values (numbers by text).
func jsonEqual(t testing.TB, a, b []byte) bool {
	t.Helper()
	return reflect.DeepEqual(generic(t, a), generic(t, b))
}

func generic(t testing.TB, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decode %q: %v", b, err)
	}
	return v
}
