package jsonld

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/piprate/json-gold/ld"

	"github.com/laurelhq/laurel/internal/spectest"
)

// officialLoader serves the published contexts of the shared spec folder,
// for tests only.
type officialLoader map[string]any

func (o officialLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	if d, ok := o[u]; ok {
		return &ld.RemoteDocument{DocumentURL: u, Document: d}, nil
	}
	return nil, &UnresolvableError{URL: u}
}

func newOfficialLoader(tb testing.TB) officialLoader {
	tb.Helper()
	dir := spectest.Dir(tb, "contexts")
	var index map[string]string
	if err := json.Unmarshal(spectest.Read(tb, "contexts", "index.json"), &index); err != nil {
		tb.Fatal(err)
	}
	o := officialLoader{}
	for u, f := range index {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f)))
		if err != nil {
			tb.Fatal(err)
		}
		var d any
		if err := json.Unmarshal(b, &d); err != nil {
			tb.Fatal(err)
		}
		o[u] = d
	}
	return o
}

func mustLoader(tb testing.TB, opts Options) *Loader {
	tb.Helper()
	l, err := NewLoader(opts)
	if err != nil {
		tb.Fatal(err)
	}
	return l
}

// TestBundledURLsAreThePublishedOnes: we serve every URL the shared index
// lists, and nothing it does not.
func TestBundledURLsAreThePublishedOnes(t *testing.T) {
	official := newOfficialLoader(t)
	var want []string
	for u := range official {
		want = append(want, u)
	}
	slices.Sort(want)
	if got := BundledURLs(); !slices.Equal(got, want) {
		t.Errorf("bundled URLs differ from the published index:\n got %d %v\nwant %d %v", len(got), got, len(want), want)
	}
}

// TestBundledContextsDefineTheSameTerms processes every bundled URL with
// our document and with the published one and requires identical active
// contexts: the same term definitions, protection and defaults, and,
// recursively, the same result for every scoped context.
func TestBundledContextsDefineTheSameTerms(t *testing.T) {
	official := newOfficialLoader(t)
	ours := mustLoader(t, Options{})
	// Aliases (URLs publishing the same document) must be served the
	// same document of ours; the first of each is compared in full.
	first := map[string]string{}
	for _, u := range BundledURLs() {
		pub, _ := json.Marshal(official[u])
		if f, seen := first[string(pub)]; seen {
			a, _ := Bundled(u)
			b, _ := Bundled(f)
			if string(a) != string(b) {
				t.Errorf("%s and %s publish the same document, but we serve different ones", u, f)
			}
			continue
		}
		first[string(pub)] = u
		t.Run(u, func(t *testing.T) {
			oo := ld.NewJsonLdOptions("")
			oo.DocumentLoader = official
			want, werr := ld.NewContext(nil, oo).Parse(u)
			po := ld.NewJsonLdOptions("")
			po.DocumentLoader = ours
			got, gerr := ld.NewContext(nil, po).Parse(u)
			if werr != nil || gerr != nil {
				t.Fatalf("processing: published %v, ours %v", werr, gerr)
			}
			n := compareContexts(t, u, got, want, 0, map[string]bool{})
			if n == 0 && want.Values.Vocab == nil {
				t.Fatal("nothing compared")
			}
		})
	}
}

// compareContexts reports differences and returns how many term
// definitions it compared.
func compareContexts(t *testing.T, path string, got, want *ld.Context, depth int, done map[string]bool) int {
	t.Helper()
	if !reflect.DeepEqual(got.Values, want.Values) {
		t.Errorf("%s: context defaults differ: %+v vs %+v", path, got.Values, want.Values)
	}
	if !reflect.DeepEqual(got.Protected, want.Protected) {
		t.Errorf("%s: protected terms differ", path)
	}
	var gt, wt []string
	for k := range got.TermDefinitions {
		gt = append(gt, k)
	}
	for k := range want.TermDefinitions {
		wt = append(wt, k)
	}
	slices.Sort(gt)
	slices.Sort(wt)
	if !slices.Equal(gt, wt) {
		t.Errorf("%s: terms differ:\n got %v\nwant %v", path, gt, wt)
		return 0
	}
	n := 0
	for _, term := range gt {
		g, w := got.TermDefinitions[term], want.TermDefinitions[term]
		n++
		if (g == nil) != (w == nil) {
			t.Errorf("%s/%s: null definition in one only", path, term)
			continue
		}
		if g == nil {
			continue
		}
		gc, wc := g.Copy(), w.Copy()
		gc.Context, wc.Context = nil, nil
		if !ld.DeepCompareTermDef(gc, wc, true) {
			t.Errorf("%s/%s: definitions differ:\n got %+v\nwant %+v", path, term, *g, *w)
			continue
		}
		if !g.HasContext || depth >= 3 {
			continue
		}
		// The same scoped context under the same parent compares once.
		sc, _ := json.Marshal(g.Context)
		if k := strings.Repeat("/", depth) + string(sc); done[k] {
			continue
		} else {
			done[k] = true
		}
		// A scoped context means what it does on top of the context that
		// defines it.
		gs, gerr := got.Parse(g.Context)
		ws, werr := want.Parse(w.Context)
		if (gerr == nil) != (werr == nil) {
			t.Errorf("%s/%s: scoped context: ours %v, published %v", path, term, gerr, werr)
			continue
		}
		if gerr != nil {
			continue
		}
		n += compareContexts(t, path+"/"+term, gs, ws, depth+1, done)
	}
	return n
}

// specDocuments returns every JSON document with an @context under the
// shared examples and vectors, by path relative to the spec folder.
func specDocuments(tb testing.TB) map[string]map[string]any {
	tb.Helper()
	root := spectest.Dir(tb)
	docs := map[string]map[string]any{}
	for _, top := range []string{"examples", "vectors"} {
		err := filepath.WalkDir(filepath.Join(root, top), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") || strings.Contains(p, string(filepath.Separator)+"rdfc10"+string(filepath.Separator)) {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			var m map[string]any
			if json.Unmarshal(b, &m) != nil {
				return nil
			}
			if _, ok := m["@context"]; !ok {
				return nil
			}
			rel, _ := filepath.Rel(root, p)
			docs[filepath.ToSlash(rel)] = m
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	if len(docs) < 100 {
		tb.Fatalf("only %d spec documents found", len(docs))
	}
	return docs
}

// TestExpansionAndNQuadsMatchPublishedContexts: for every example and
// vector, expansion through our Processor (bundled contexts, cache) and
// through plain json-gold with the published contexts give the same JSON
// and the same canonical N-Quads, byte for byte.
func TestExpansionAndNQuadsMatchPublishedContexts(t *testing.T) {
	official := newOfficialLoader(t)
	proc := NewProcessor(mustLoader(t, Options{}), ProcessorOptions{})
	ctx := context.Background()
	docs := specDocuments(t)
	t.Logf("%d documents", len(docs))
	defer func() {
		fast, slow := proc.stats.fast.Load(), proc.stats.fallback.Load()
		t.Logf("fast path %d, json-gold fallback %d", fast, slow)
		if fast < 3*slow {
			t.Errorf("the fast path handled only %d of %d expansions", fast, fast+slow)
		}
	}()
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			oo := ld.NewJsonLdOptions("")
			oo.DocumentLoader = official
			want, werr := ld.NewJsonLdProcessor().Expand(doc, oo)
			got, gerr := proc.Expand(ctx, doc)
			if (werr == nil) != (gerr == nil) {
				t.Fatalf("expansion: published %v, ours %v", werr, gerr)
			}
			if werr != nil {
				return
			}
			wj, _ := json.Marshal(want)
			gj, _ := json.Marshal(got)
			if string(wj) != string(gj) {
				t.Fatalf("expansion differs:\n got %s\nwant %s", gj, wj)
			}
			oo.Algorithm = ld.AlgorithmURDNA2015
			oo.Format = "application/n-quads"
			wq, werr := ld.NewJsonLdProcessor().Normalize(doc, oo)
			ds, gerr := proc.ToRDF(ctx, doc)
			if (werr == nil) != (gerr == nil) {
				t.Fatalf("to RDF: published %v, ours %v", werr, gerr)
			}
			if werr != nil {
				return // both refuse it (json-gold cannot turn these into RDF)
			}
			po := ld.NewJsonLdOptions("")
			po.Format = "application/n-quads"
			gq, err := ld.NewNormalisationAlgorithm(ld.AlgorithmURDNA2015).Main(ds, po)
			if err != nil {
				t.Fatal(err)
			}
			if gq != wq {
				t.Fatalf("canonical N-Quads differ:\n got %s\nwant %s", gq, wq)
			}
			if wq == "" {
				t.Log("no statements")
			}
		})
	}
}

func TestUnknownURLIsRefusedByName(t *testing.T) {
	proc := NewProcessor(mustLoader(t, Options{}), ProcessorOptions{})
	doc := map[string]any{"@context": []any{"https://www.w3.org/ns/credentials/v2", "https://example.com/not-bundled"}, "type": "VerifiableCredential"}
	_, err := proc.Expand(context.Background(), doc)
	var ue *UnresolvableError
	if !errors.As(err, &ue) || ue.URL != "https://example.com/not-bundled" || !errors.Is(err, ErrUnresolvable) {
		t.Fatalf("got %v, want an UnresolvableError naming the URL", err)
	}
	if !strings.Contains(err.Error(), "https://example.com/not-bundled") {
		t.Errorf("message does not name the URL: %v", err)
	}
}
