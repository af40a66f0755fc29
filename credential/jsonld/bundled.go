package jsonld

import (
	"embed"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
)

//go:embed contexts/*.jsonld contexts/index.json
var bundledFS embed.FS

// bundle is the parsed set of bundled documents. It is built once and never
// changed afterwards, so sharing it is safe.
type bundle struct {
	raw    map[string][]byte // URL -> document bytes
	parsed map[string]any    // URL -> decoded document
}

var loadBundle = sync.OnceValues(func() (*bundle, error) {
	idx, err := bundledFS.ReadFile("contexts/index.json")
	if err != nil {
		return nil, err
	}
	var index map[string]string
	if err := json.Unmarshal(idx, &index); err != nil {
		return nil, fmt.Errorf("jsonld: bundled index: %w", err)
	}
	b := &bundle{raw: map[string][]byte{}, parsed: map[string]any{}}
	byFile := map[string]any{}
	for url, file := range index {
		data, err := bundledFS.ReadFile("contexts/" + file)
		if err != nil {
			return nil, fmt.Errorf("jsonld: bundled %s: %w", url, err)
		}
		doc, ok := byFile[file]
		if !ok {
			if err := json.Unmarshal(data, &doc); err != nil {
				return nil, fmt.Errorf("jsonld: bundled %s: %w", file, err)
			}
			byFile[file] = doc
		}
		b.raw[url] = data
		b.parsed[url] = doc
	}
	return b, nil
})

// BundledURLs returns, sorted, every context URL served from memory.
func BundledURLs() []string {
	b, err := loadBundle()
	if err != nil {
		return nil
	}
	urls := make([]string, 0, len(b.raw))
	for u := range b.raw {
		urls = append(urls, u)
	}
	slices.Sort(urls)
	return urls
}

// Bundled returns the bytes of the bundled document for url.
func Bundled(url string) ([]byte, bool) {
	b, err := loadBundle()
	if err != nil {
		return nil, false
	}
	d, ok := b.raw[url]
	return d, ok
}
