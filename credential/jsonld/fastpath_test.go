package jsonld

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/piprate/json-gold/ld"
)

// mutations returns systematic variants of doc: each member removed, each
// value replaced by values of other JSON types, unknown and extension
// members added, and nested @context members.
//
// Only every every-th variant is built, so that large documents stay cheap;
// the count of all variants is returned too.
func mutations(doc any, every int) (out []any, all int) {
	keep := func() bool { all++; return (all-1)%every == 0 }
	var walk func(path []any)
	replaceAt := func(path []any, fn func(parent any, key any) bool) any {
		c := deepCopy(doc)
		cur := c
		for _, k := range path[:len(path)-1] {
			cur = child(cur, k)
		}
		if !fn(cur, path[len(path)-1]) {
			return nil
		}
		return c
	}
	walk = func(path []any) {
		v := doc
		for _, k := range path {
			v = child(v, k)
		}
		if len(path) > 0 {
			if _, isKey := path[len(path)-1].(string); isKey && keep() {
				out = append(out, replaceAt(path, func(p, k any) bool { return del(p, k) }))
			}
			for _, repl := range []any{"x", "https://example.com/x", 7.0, true, nil, []any{}, map[string]any{}, []any{"a", map[string]any{"id": "urn:x"}}} {
				if keep() {
					out = append(out, replaceAt(path, func(p, k any) bool { return set(p, k, repl) }))
				}
			}
		}
		switch t := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(t))
			for k := range t {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				walk(append(slices.Clone(path), k))
			}
			for _, extra := range []struct {
				k string
				v any
			}{
				{"unknownMember", "value"},
				{"https://example.com/ext#prop", map[string]any{"type": "Thing", "name": "n"}},
				{"@context", map[string]any{"extra": "https://example.com/extra#"}},
				{"@context", []any{"https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"}},
				{"type", []any{"Achievement", "Profile", "Result"}},
				{"id", "_:b0"},
			} {
				if !keep() {
					continue
				}
				c := deepCopy(doc)
				cur := c
				for _, k := range path {
					cur = child(cur, k)
				}
				cur.(map[string]any)[extra.k] = extra.v
				out = append(out, c)
			}
		case []any:
			for i := range t {
				walk(append(slices.Clone(path), i))
			}
		}
	}
	walk(nil)
	return out, all
}

func child(v any, k any) any {
	switch k := k.(type) {
	case string:
		return v.(map[string]any)[k]
	default:
		return v.([]any)[k.(int)]
	}
}

func del(p, k any) bool {
	switch k := k.(type) {
	case string:
		delete(p.(map[string]any), k)
		return true
	default:
		return false
	}
}

func set(p, k, v any) bool {
	switch k := k.(type) {
	case string:
		p.(map[string]any)[k] = v
	default:
		p.([]any)[k.(int)] = v
	}
	return true
}

func deepCopy(v any) any {
	b, _ := json.Marshal(v)
	var c any
	_ = json.Unmarshal(b, &c)
	return c
}

// TestFastPathMatchesJSONGold is the differential test of the fast
// expansion path: for thousands of mutated OB 3.0 and VC documents, the
// fast path and json-gold alone give the same expansion or both fail.
func TestFastPathMatchesJSONGold(t *testing.T) {
	loader := mustLoader(t, Options{})
	fast := NewProcessor(loader, ProcessorOptions{})
	gold := NewProcessor(loader, ProcessorOptions{UnsafeNoCache: true})
	ctx := context.Background()
	docs := specDocuments(t)
	var names []string
	for n := range docs {
		if strings.Contains(n, "ob3") && (strings.Contains(n, "unsigned") || strings.Contains(n, "signed")) {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	// A spread of documents: the 1EdTech vector, the first and the last
	// spec builds, endorsements and complete credentials.
	var picked []string
	for i, n := range names {
		if i%9 == 0 || strings.Contains(n, "complete") && strings.Contains(n, "2024") || strings.Contains(n, "endorsement") && strings.Contains(n, "2024") {
			picked = append(picked, n)
		}
	}
	total, fastCount := 0, int64(0)
	for _, name := range picked {
		perDoc := 150
		if raceEnabled {
			perDoc = 8
		}
		_, n := mutations(docs[name], 1<<30)
		muts, _ := mutations(docs[name], n/perDoc+1)
		t.Run(name, func(t *testing.T) {
			for i, m := range muts {
				before := fast.stats.fast.Load()
				got, gerr := fast.Expand(ctx, m)
				fastCount += fast.stats.fast.Load() - before
				want, werr := gold.Expand(ctx, m)
				if (gerr == nil) != (werr == nil) {
					b, _ := json.Marshal(m)
					t.Fatalf("mutation %d: fast %v, json-gold %v\n%s", i, gerr, werr, b)
				}
				gj, _ := json.Marshal(got)
				wj, _ := json.Marshal(want)
				if string(gj) != string(wj) {
					b, _ := json.Marshal(m)
					t.Fatalf("mutation %d: expansion differs\n doc %s\n got %s\nwant %s", i, b, gj, wj)
				}
				if gerr != nil {
					continue
				}
				gq, gerr := canonicalNQuads(fast, m)
				wq, werr := canonicalNQuads(gold, m)
				if gq != wq || (gerr == nil) != (werr == nil) {
					b, _ := json.Marshal(m)
					t.Fatalf("mutation %d: RDF differs (%v, %v)\n doc %s\n got %s\nwant %s", i, gerr, werr, b, gq, wq)
				}
			}
		})
		total += len(muts)
	}
	t.Logf("%d documents, %d mutations, %d through the fast path", len(picked), total, fastCount)
	if total < 14*perDocMin() || fastCount < int64(total)/2 {
		t.Errorf("too little compared: %d mutations, %d fast", total, fastCount)
	}
}

func ExampleProcessor_Expand() {
	loader, err := NewLoader(Options{})
	if err != nil {
		panic(err)
	}
	proc := NewProcessor(loader, ProcessorOptions{})
	var doc map[string]any
	_ = json.Unmarshal([]byte(`{
	  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
	  "type": ["VerifiableCredential", "OpenBadgeCredential"],
	  "name": "Teamwork"
	}`), &doc)
	expanded, err := proc.Expand(context.Background(), doc)
	if err != nil {
		panic(err)
	}
	node := expanded[0].(map[string]any)
	fmt.Println(node["@type"])
	fmt.Println(node["https://schema.org/name"])
	// Output:
	// [https://www.w3.org/2018/credentials#VerifiableCredential https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential]
	// [map[@value:Teamwork]]
}

func perDocMin() int {
	if raceEnabled {
		return 6
	}
	return 70
}

// canonicalNQuads is the URDNA2015 form of the dataset p makes of doc.
func canonicalNQuads(p *Processor, doc any) (string, error) {
	ds, err := p.ToRDF(context.Background(), doc)
	if err != nil {
		return "", err
	}
	o := ld.NewJsonLdOptions("")
	o.Format = "application/n-quads"
	out, err := ld.NewNormalisationAlgorithm(ld.AlgorithmURDNA2015).Main(ds, o)
	s, _ := out.(string)
	return s, err
}
