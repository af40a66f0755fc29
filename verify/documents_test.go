package verify

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/laurelhq/laurel/credential/jsonld"
)

func TestDocumentMap(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("issuer.json", `{"id":"https://example.edu/issuer","verificationMethod":[{"id":"https://example.edu/issuer#key-1","type":"Multikey"}]}`)
	write("keys/jwks.json", `{"keys":[{"kid":"k1","kty":"OKP"},{"kid":"https://example.edu/jwks#k2","kty":"EC"}]}`)
	write("map.json", `{"comment":"ignored","documents":{"https://example.edu/issuer":"issuer.json","https://example.edu/jwks":"keys/jwks.json"}}`)
	m, err := ReadDocumentsMap(filepath.Join(dir, "map.json"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		url, want string
		err       error
	}{
		{"https://example.edu/issuer", `{"id":"https://example.edu/issuer","verificationMethod":[{"id":"https://example.edu/issuer#key-1","type":"Multikey"}]}`, nil},
		{"https://example.edu/issuer#key-1", `{"id":"https://example.edu/issuer#key-1","type":"Multikey"}`, nil},
		{"https://example.edu/jwks#k1", `{"kid":"k1","kty":"OKP"}`, nil},
		{"https://example.edu/jwks#k2", `{"kid":"https://example.edu/jwks#k2","kty":"EC"}`, nil},
		{"https://example.edu/issuer#key-2", "", ErrNotFound},
		{"https://example.edu/other", "", ErrNotFound},
	}
	for _, tt := range tests {
		got, err := m.Document(context.Background(), tt.url)
		if !errors.Is(err, tt.err) || string(got) != tt.want {
			t.Errorf("%s: got %s, %v; want %s, %v", tt.url, got, err, tt.want, tt.err)
		}
	}
	// ReadDocumentsMap is jsonld.ReadIndex, whose tests cover each bad map.
	write("relurl.json", `{"documents":{"x.json":"issuer.json"}}`)
	if _, err := ReadDocumentsMap(filepath.Join(dir, "relurl.json")); !errors.Is(err, jsonld.ErrInvalidIndex) {
		t.Errorf("relurl.json: got %v, want %v", err, jsonld.ErrInvalidIndex)
	}
}
