package credential

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/laurelhq/laurel/internal/jsonx"
	"github.com/laurelhq/laurel/internal/spectest"
)

// sameOrder reports whether a and b list object members in the same order at
// every depth (a and b already compare equal as JSON).
func sameOrder(a, b []byte) bool {
	switch {
	case len(a) > 0 && a[0] == '{':
		var ka, kb []string
		var va, vb [][]byte
		_ = jsonx.Members(a, func(k string, v []byte) error { ka, va = append(ka, k), append(va, v); return nil })
		_ = jsonx.Members(b, func(k string, v []byte) error { kb, vb = append(kb, k), append(vb, v); return nil })
		if !slices.Equal(ka, kb) {
			return false
		}
		for i := range va {
			if !sameOrder(va[i], vb[i]) {
				return false
			}
		}
	case len(a) > 0 && a[0] == '[':
		var ea, eb [][]byte
		_ = jsonx.Elements(a, func(_ int, v []byte) error { ea = append(ea, v); return nil })
		_ = jsonx.Elements(b, func(_ int, v []byte) error { eb = append(eb, v); return nil })
		if len(ea) != len(eb) {
			return false
		}
		for i := range ea {
			if !sameOrder(ea[i], eb[i]) {
				return false
			}
		}
	}
	return true
}

func checkRoundTrip(t *testing.T, in []byte, parse func([]byte) (any, error)) {
	t.Helper()
	v, err := parse(in)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	if !jsonEqual(t, in, out) {
		t.Fatalf("round trip changed the document:\n in: %s\nout: %s", in, out)
	}
	if !sameOrder(trimmed(in), out) {
		t.Errorf("round trip changed member order:\n in: %s\nout: %s", in, out)
	}
}

func trimmed(b []byte) []byte { return []byte(strings.TrimSpace(string(b))) }

func parseOB3(b []byte) (any, error) {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, err
	}
	if _, ok := probe["credentialSubject"]; ok {
		return ParseCredential(b, ParseOptions{})
	}
	return ParseProfile(b, ParseOptions{})
}

func TestOB3ExamplesRoundTrip(t *testing.T) {
	dir := spectest.Dir(t, "examples", "ob3")
	var index []struct {
		File string `json:"file"`
		Form string `json:"form"`
	}
	if err := json.Unmarshal(spectest.Read(t, "examples", "ob3", "index.json"), &index); err != nil {
		t.Fatal(err)
	}
	files := map[string]bool{}
	for _, e := range index {
		files[e.File] = true
	}
	misc, _ := filepath.Glob(filepath.Join(dir, "spec-misc", "*.json"))
	for _, m := range misc {
		rel, _ := filepath.Rel(dir, m)
		files[rel] = true
	}
	n := 0
	for _, f := range slices.Sorted(func(yield func(string) bool) {
		for f := range files {
			if !yield(f) {
				return
			}
		}
	}) {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case strings.HasSuffix(f, ".json"):
		case strings.HasSuffix(f, ".jwt"):
			// The VC-JWT payload is the credential's members plus JWT claims.
			parts := strings.Split(strings.TrimSpace(string(b)), ".")
			if len(parts) != 3 {
				t.Fatalf("%s: not a compact JWS", f)
			}
			if b, err = base64.RawURLEncoding.DecodeString(parts[1]); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
		default:
			continue
		}
		n++
		t.Run(f, func(t *testing.T) { checkRoundTrip(t, b, parseOB3) })
	}
	if n < 100 {
		t.Fatalf("only %d OB 3.0 examples found", n)
	}
}
