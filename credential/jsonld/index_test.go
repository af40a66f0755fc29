package jsonld

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// writeFiles writes name → content under dir, making directories.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReadIndex(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"issuer.json":         `{"id":"https://example.edu/issuer"}`,
		"keys/jwks.json":      `{"keys":[]}`,
		"shared/ctx.jsonld":   extraContext,
		"status.jwt":          `eyJhbGciOiJFZERTQSJ9.e30.c2ln`, // returned as is, JSON or not
		"index/index.json":    `{"comment":"ignored","documents":{"https://example.edu/ctx":"../shared/ctx.jsonld"}}`,
		"map.json":            `{"comment":"ignored","documents":{"https://example.edu/issuer":"issuer.json","https://example.edu/jwks":"keys/jwks.json","https://example.edu/status":"status.jwt"}}`,
		"nodocs.json":         `{"files":{}}`,
		"notjson.json":        `{"documents":`,
		"docslist.json":       `{"documents":["issuer.json"]}`,
		"abs.json":            `{"documents":{"https://x":"/etc/passwd"}}`,
		"empty.json":          `{"documents":{"https://x":""}}`,
		"missing.json":        `{"documents":{"https://x":"nope.json"}}`,
		"relurl.json":         `{"documents":{"x.json":"issuer.json"}}`,
		"dirpath.json":        `{"documents":{"https://x":"keys"}}`,
		"big.json":            `{"documents":{"https://x":"big.bin"}}`,
		"big-among-good.json": `{"documents":{"https://example.edu/issuer":"issuer.json","https://big":"big.bin"}}`,
		"big.bin":             "", // made one byte over the limit below
	})
	if err := os.Truncate(filepath.Join(dir, "big.bin"), MaxIndexDocumentBytes+1); err != nil {
		t.Fatal(err)
	}

	good := []struct {
		index string
		want  map[string]string
	}{
		{"map.json", map[string]string{
			"https://example.edu/issuer": `{"id":"https://example.edu/issuer"}`,
			"https://example.edu/jwks":   `{"keys":[]}`,
			"https://example.edu/status": `eyJhbGciOiJFZERTQSJ9.e30.c2ln`,
		}},
		{"index/index.json", map[string]string{"https://example.edu/ctx": extraContext}},
	}
	for _, tt := range good {
		docs, err := ReadIndex(filepath.Join(dir, filepath.FromSlash(tt.index)))
		if err != nil {
			t.Fatalf("%s: %v", tt.index, err)
		}
		got := map[string]string{}
		for u, b := range docs {
			got[u] = string(b)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.index, got, tt.want)
		}
	}

	bad := []struct {
		index string
		errs  []error
		names string // what the message must name
	}{
		{"nodocs.json", []error{ErrInvalidIndex}, `no "documents" member`},
		{"notjson.json", []error{ErrInvalidIndex}, "notjson.json"},
		{"docslist.json", []error{ErrInvalidIndex}, "docslist.json"},
		{"abs.json", []error{ErrInvalidIndex}, `https://x, "/etc/passwd", must be relative`},
		{"empty.json", []error{ErrInvalidIndex}, "https://x"},
		{"missing.json", []error{ErrInvalidIndex, fs.ErrNotExist}, "https://x"},
		{"relurl.json", []error{ErrInvalidIndex}, `"x.json" is not an absolute URL`},
		{"dirpath.json", []error{ErrInvalidIndex}, "not a regular file"},
		{"big.json", []error{ErrInvalidIndex, ErrLimitExceeded}, "big.bin"},
		{"big-among-good.json", []error{ErrInvalidIndex, ErrLimitExceeded}, "https://big"},
		{"no-such-index.json", []error{fs.ErrNotExist}, "no-such-index.json"},
	}
	for _, tt := range bad {
		docs, err := ReadIndex(filepath.Join(dir, tt.index))
		if err == nil {
			t.Errorf("%s accepted: %d documents", tt.index, len(docs))
			continue
		}
		for _, want := range tt.errs {
			if !errors.Is(err, want) {
				t.Errorf("%s: error %q is not %v", tt.index, err, want)
			}
		}
		if !strings.Contains(err.Error(), tt.names) || !strings.Contains(err.Error(), tt.index) {
			t.Errorf("%s: error %q does not name %q and the index", tt.index, err, tt.names)
		}
	}
}

// TestLoaderFromIndex: a directory of contexts with an index serves a
// Loader, offline.
func TestLoaderFromIndex(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"contexts/shoe.jsonld": extraContext,
		"index.json":           `{"documents":{"https://example.com/shoe-context":"contexts/shoe.jsonld"}}`,
	})
	docs, err := ReadIndex(filepath.Join(dir, "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	l, err := NewLoader(Options{Documents: docs})
	if err != nil {
		t.Fatal(err)
	}
	out, err := NewProcessor(l, ProcessorOptions{}).Expand(context.Background(), map[string]any{
		"@context": "https://example.com/shoe-context",
		"shoeSize": float64(43), // as encoding/json decodes it
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []any{map[string]any{"https://example.com/vocab#shoeSize": []any{
		map[string]any{"@type": "http://www.w3.org/2001/XMLSchema#integer", "@value": float64(43)},
	}}}
	if !reflect.DeepEqual(out, want) {
		t.Errorf("got %v, want %v", out, want)
	}
}
