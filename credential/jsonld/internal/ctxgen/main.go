// Command ctxgen writes Laurel's bundled JSON-LD contexts.
//
// Laurel does not ship the published context files. It ships its own
// documents, written in one normal form: keywords first and terms in
// sorted order, every compact IRI whose prefix the same context defines
// written out in full, one document per meaning however many URLs serve
// it, and an index of URL to document. The source of each meaning is the
// published context for that URL, named on the command line; the
// equivalence test in package jsonld proves, for every URL, that our
// document defines exactly the same terms as the published one.
//
// Run it from the repository root when a context is added:
//
//	go run ./credential/jsonld/internal/ctxgen -spec ../shared/spec/contexts -out credential/jsonld/contexts
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
)

func main() {
	spec := flag.String("spec", "", "folder with the published contexts and their index.json")
	out := flag.String("out", "", "folder to write Laurel's contexts to")
	flag.Parse()
	if *spec == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*spec, *out); err != nil {
		fmt.Fprintln(os.Stderr, "ctxgen:", err)
		os.Exit(1)
	}
}

func run(spec, out string) error {
	var index map[string]string
	b, err := os.ReadFile(filepath.Join(spec, "index.json"))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, &index); err != nil {
		return err
	}
	written := map[string][]byte{} // our file name -> content
	ourIndex := map[string]string{}
	for url, file := range index {
		src, err := os.ReadFile(filepath.Join(spec, filepath.FromSlash(file)))
		if err != nil {
			return err
		}
		doc, err := normalDocument(src)
		if err != nil {
			return fmt.Errorf("%s: %w", url, err)
		}
		name := fileName(file)
		if prev, ok := written[name]; ok && !bytes.Equal(prev, doc) {
			return fmt.Errorf("%s: two different documents named %s", url, name)
		}
		written[name] = doc
		ourIndex[url] = name
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	old, _ := filepath.Glob(filepath.Join(out, "*.jsonld"))
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			return err
		}
	}
	for name, doc := range written {
		if err := os.WriteFile(filepath.Join(out, name), doc, 0o644); err != nil {
			return err
		}
	}
	idx, err := marshal(ourIndex)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "index.json"), idx, 0o644)
}

// fileName gives each meaning a short stable name of ours.
func fileName(published string) string {
	base := path.Base(published)
	base = strings.TrimSuffix(strings.TrimSuffix(base, ".jsonld"), ".json")
	base = strings.TrimSuffix(base, ".context")
	if dir := path.Dir(published); dir != "." {
		base = dir + "-" + base
	}
	base = strings.NewReplacer(".", "-", "_", "-").Replace(strings.ToLower(base))
	if len(base) > 60 {
		sum := sha256.Sum256([]byte(base))
		base = base[:50] + "-" + hex.EncodeToString(sum[:4])
	}
	return base + ".jsonld"
}

func normalDocument(src []byte) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(src, &doc); err != nil {
		return nil, err
	}
	c, ok := doc["@context"]
	if !ok {
		return nil, fmt.Errorf("no @context")
	}
	// Members other than @context carry no meaning for a context document.
	return marshal(map[string]any{"@context": normalContext(c)})
}

// normalContext rewrites a context value: a URL, a local context or an
// array of them.
func normalContext(c any) any {
	switch v := c.(type) {
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = normalContext(e)
		}
		return out
	case map[string]any:
		return normalLocal(v)
	default:
		return v
	}
}

// normalLocal writes compact IRIs out in full where the prefix is defined,
// as a prefix, by the same local context: JSON-LD 1.1 context processing
// resolves such a prefix from the local context before anything else, so
// the full IRI means the same in every active context.
func normalLocal(l map[string]any) map[string]any {
	out := make(map[string]any, len(l))
	for term, def := range l {
		if strings.HasPrefix(term, "@") {
			out[term] = def
			continue
		}
		switch d := def.(type) {
		case string:
			out[term] = expand(l, d, 0)
		case map[string]any:
			nd := make(map[string]any, len(d))
			for k, v := range d {
				switch k {
				case "@id", "@type", "@reverse":
					if s, ok := v.(string); ok {
						v = expand(l, s, 0)
					}
				case "@context":
					v = normalContext(v)
				}
				nd[k] = v
			}
			out[term] = nd
		default:
			out[term] = def
		}
	}
	return out
}

// expand returns s with a locally defined prefix replaced by its IRI.
func expand(l map[string]any, s string, depth int) string {
	prefix, suffix, ok := strings.Cut(s, ":")
	if !ok || prefix == "_" || strings.HasPrefix(suffix, "//") || depth > 8 {
		return s
	}
	iri, ok := prefixIRI(l, prefix)
	if !ok {
		return s
	}
	iri = expand(l, iri, depth+1)
	if !isAbsolute(iri) {
		return s
	}
	return iri + suffix
}

// prefixIRI reports the IRI of a term that JSON-LD 1.1 lets act as a
// prefix: a simple term definition ending in a gen-delim, or one marked
// @prefix.
func prefixIRI(l map[string]any, term string) (string, bool) {
	if strings.ContainsAny(term, ":/") {
		return "", false
	}
	switch d := l[term].(type) {
	case string:
		if d != "" && strings.ContainsRune(":/?#[]@", rune(d[len(d)-1])) {
			return d, true
		}
	case map[string]any:
		if p, _ := d["@prefix"].(bool); p {
			id, ok := d["@id"].(string)
			return id, ok
		}
	}
	return "", false
}

func isAbsolute(iri string) bool {
	scheme, _, ok := strings.Cut(iri, ":")
	if !ok || scheme == "" {
		return false
	}
	for i, r := range scheme {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && (r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')) {
			return false
		}
	}
	return true
}

// marshal writes sorted, indented JSON without HTML escaping.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
