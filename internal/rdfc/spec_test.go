package rdfc

import (
	"bytes"
	"context"
	"crypto"
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"testing"

	"github.com/laurelhq/laurel/internal/spectest"
)

type manifestEntry struct {
	ID            string `json:"id"`
	Type          string `json:"type"`
	Name          string `json:"name"`
	Action        string `json:"action"`
	Result        string `json:"result"`
	HashAlgorithm string `json:"hashAlgorithm"`
}

func loadManifest(t *testing.T) (string, []manifestEntry) {
	t.Helper()
	dir := spectest.Dir(t, "vectors", "rdfc10")
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.jsonld"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Entries []manifestEntry `json:"entries"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Entries) == 0 {
		t.Fatal("empty manifest")
	}
	return dir, m.Entries
}

func (e manifestEntry) options(t *testing.T) Options {
	switch e.HashAlgorithm {
	case "", "SHA256":
		return Options{}
	case "SHA384":
		return Options{Hash: crypto.SHA384}
	}
	t.Fatalf("unknown hashAlgorithm %q", e.HashAlgorithm)
	return Options{}
}

func readQuads(t *testing.T, path string) []Quad {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	qs, err := ParseNQuads(raw)
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

// TestSpecSuite runs every test of the W3C RDFC-1.0 test suite
// (https://w3c.github.io/rdf-canon/tests/): evaluation tests compare the
// canonical N-Quads byte for byte, map tests the issued identifiers, and
// the negative tests must exceed the default work limit.
func TestSpecSuite(t *testing.T) {
	dir, entries := loadManifest(t)
	counts := map[string]int{}
	for _, e := range entries {
		t.Run(e.ID[1:]+"_"+e.Name, func(t *testing.T) {
			ctx := context.Background()
			in := readQuads(t, filepath.Join(dir, e.Action))
			opts := e.options(t)
			switch e.Type {
			case "rdfc:RDFC10EvalTest":
				want, err := os.ReadFile(filepath.Join(dir, e.Result))
				if err != nil {
					t.Fatal(err)
				}
				got, err := Canonicalize(ctx, in, opts)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("got\n%s\nwant\n%s", got, want)
				}
				// Canonical output is a fixed point.
				again, err := Canonicalize(ctx, mustParse(t, got), opts)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(again, got) {
					t.Errorf("not stable:\n%s\nthen\n%s", got, again)
				}
			case "rdfc:RDFC10MapTest":
				raw, err := os.ReadFile(filepath.Join(dir, e.Result))
				if err != nil {
					t.Fatal(err)
				}
				var want map[string]string
				if err := json.Unmarshal(raw, &want); err != nil {
					t.Fatal(err)
				}
				got, err := IssuedIdentifiers(ctx, in, opts)
				if err != nil {
					t.Fatal(err)
				}
				if !maps.Equal(got, want) {
					t.Errorf("got %v, want %v", got, want)
				}
			case "rdfc:RDFC10NegativeEvalTest":
				_, err := Canonicalize(ctx, in, opts)
				if !errors.Is(err, ErrLimitExceeded) {
					t.Fatalf("got %v, want ErrLimitExceeded", err)
				}
			default:
				t.Fatalf("unknown test type %s", e.Type)
			}
			counts[e.Type]++
		})
	}
	t.Logf("ran %v", counts)
}

func mustParse(t testing.TB, b []byte) []Quad {
	t.Helper()
	qs, err := ParseNQuads(b)
	if err != nil {
		t.Fatal(err)
	}
	return qs
}
