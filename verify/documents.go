package verify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/laurelhq/laurel/credential/jsonld"
)

// ErrNotFound is wrapped by a DocumentLoader's error for a URL it does not
// have.
var ErrNotFound = errors.New("verify: document not available offline")

// MaxMapDocumentBytes caps each file a documents map names.
const MaxMapDocumentBytes = jsonld.MaxIndexDocumentBytes

// DocumentMap serves documents by URL from memory: the offline documents
// map shared by the library and the CLI.
//
// A URL resolves by exact match. Failing that, a URL with a #fragment
// resolves the URL without it and picks, inside that document, the object
// whose "id" is the full URL — or, in a JWK Set, the key whose "kid" is
// the full URL or the fragment. Anything else is not found; nothing is
// ever fetched.
type DocumentMap struct {
	docs map[string][]byte
}

// NewDocumentMap returns a map over the given documents (URL → bytes).
func NewDocumentMap(docs map[string][]byte) *DocumentMap {
	m := &DocumentMap{docs: make(map[string][]byte, len(docs))}
	for u, b := range docs {
		m.docs[u] = b
	}
	return m
}

// ReadDocumentsMap reads a documents map file: a JSON object whose member
// "documents" maps absolute URLs to file paths relative to the map file
// (the index format of [jsonld.ReadIndex], whose errors it returns).
// Other members are ignored.
func ReadDocumentsMap(path string) (*DocumentMap, error) {
	docs, err := jsonld.ReadIndex(path)
	if err != nil {
		return nil, err
	}
	return &DocumentMap{docs: docs}, nil
}

// Document returns the document for url.
func (m *DocumentMap) Document(_ context.Context, url string) ([]byte, error) {
	if m == nil {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, url)
	}
	if d, ok := m.docs[url]; ok {
		return d, nil
	}
	base, frag, ok := strings.Cut(url, "#")
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, url)
	}
	d, ok := m.docs[base]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, url)
	}
	var v any
	if err := json.Unmarshal(d, &v); err != nil {
		return nil, fmt.Errorf("verify: %s: %w", base, err)
	}
	if found := findByID(v, url, frag, 0); found != nil {
		return json.Marshal(found)
	}
	return nil, fmt.Errorf("%w: %s (no object with that id in %s)", ErrNotFound, url, base)
}

// Fetch implements keys.Fetcher, so that key resolution uses the map.
func (m *DocumentMap) Fetch(ctx context.Context, url string) ([]byte, error) {
	return m.Document(ctx, url)
}

// StatusList implements StatusSource.
func (m *DocumentMap) StatusList(ctx context.Context, url string) ([]byte, error) {
	return m.Document(ctx, url)
}

// AllDocuments returns the map's documents, for use as extra JSON-LD
// contexts.
func (m *DocumentMap) AllDocuments() map[string][]byte {
	if m == nil {
		return nil
	}
	return m.docs
}

// findByID looks for the object with id (or, in a JWK Set, kid) equal to
// url, or the kid equal to the fragment.
func findByID(v any, url, frag string, depth int) any {
	if depth > 8 {
		return nil
	}
	switch t := v.(type) {
	case map[string]any:
		if id, _ := t["id"].(string); id == url {
			return t
		}
		if kid, _ := t["kid"].(string); kid != "" && (kid == url || kid == frag || kid == "#"+frag) {
			return t
		}
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if f := findByID(t[k], url, frag, depth+1); f != nil {
				return f
			}
		}
	case []any:
		for _, c := range t {
			if f := findByID(c, url, frag, depth+1); f != nil {
				return f
			}
		}
	}
	return nil
}
