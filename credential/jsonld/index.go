package jsonld

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
)

// MaxIndexDocumentBytes caps each file a documents index names. It is
// above DefaultMaxDocumentBytes because an index may also hold documents
// that are not contexts (status lists, key sets); a Loader still applies
// its own limit to the documents it is given.
const MaxIndexDocumentBytes = 4 << 20

// ErrInvalidIndex reports a documents index that ReadIndex cannot use.
var ErrInvalidIndex = errors.New("jsonld: invalid documents index")

// ReadIndex reads a documents index: a JSON file whose member "documents"
// maps absolute URLs to paths of files, slash-separated and relative to
// the index's directory. Other members are ignored, and the files are
// returned as they are, without parsing. The result can be given as
// [Options.Documents], so that a Loader serves a directory of contexts:
//
//	{"documents": {"https://example.com/ctx/v1": "ctx-v1.jsonld"}}
func ReadIndex(file string) (map[string][]byte, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("jsonld: documents index: %w", err)
	}
	var f struct {
		Documents map[string]string `json:"documents"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrInvalidIndex, file, err)
	}
	if f.Documents == nil {
		return nil, fmt.Errorf("%w: %s: no \"documents\" member", ErrInvalidIndex, file)
	}
	dir := filepath.Dir(file)
	docs := make(map[string][]byte, len(f.Documents))
	for _, u := range slices.Sorted(maps.Keys(f.Documents)) { // the same error each time
		rel := f.Documents[u]
		if pu, err := url.Parse(u); err != nil || !pu.IsAbs() {
			return nil, fmt.Errorf("%w: %s: %q is not an absolute URL", ErrInvalidIndex, file, u)
		}
		// Relative to the index, so that a directory and its index move
		// together; ".." may still reach a sibling directory.
		local := filepath.FromSlash(rel)
		if rel == "" || path.IsAbs(rel) || filepath.IsAbs(local) || filepath.VolumeName(local) != "" {
			return nil, fmt.Errorf("%w: %s: the path for %s, %q, must be relative to the index", ErrInvalidIndex, file, u, rel)
		}
		d, err := readCapped(filepath.Join(dir, local))
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %s: %w", ErrInvalidIndex, file, u, err)
		}
		docs[u] = d
	}
	return docs, nil
}

// readCapped reads a regular file of at most MaxIndexDocumentBytes; the
// limit holds even if the file grows after it is opened.
func readCapped(name string) ([]byte, error) {
	const limit = MaxIndexDocumentBytes
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", name)
	}
	if fi.Size() > limit {
		return nil, fmt.Errorf("%w: %s is %d bytes, over the %d byte limit", ErrLimitExceeded, name, fi.Size(), limit)
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w: %s is over the %d byte limit", ErrLimitExceeded, name, limit)
	}
	return b, nil
}
