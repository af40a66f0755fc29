package jsonld

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// uniqueContextDoc is a document whose embedded context, unique to n,
// defines the given number of terms of one shape:
//   - plain: {"@id": IRI, "@type": "@id"}, the shape the audit used;
//   - tiny: a compact IRI, the most definitions per byte of JSON;
//   - scoped: each term has a property-scoped context and is used;
//   - typed: each term has a type-scoped context and is used as a type.
func uniqueContextDoc(n, terms int, shape string) map[string]any {
	defs := map[string]any{"id": "@id", "type": "@type"}
	body := map[string]any{"id": fmt.Sprintf("urn:doc:%d", n), "t0": "https://example.com/x"}
	for i := range terms {
		t := fmt.Sprintf("t%d", i)
		iri := fmt.Sprintf("https://example.com/%d/vocab#%s", n, t)
		scoped := map[string]any{"@id": iri, "@context": map[string]any{"s": iri + "/s"}}
		switch shape {
		case "plain":
			defs[t] = map[string]any{"@id": iri, "@type": "@id"}
		case "tiny":
			defs[t] = fmt.Sprintf("x:%d%s", n, t)
		case "scoped":
			defs[t] = scoped
			body[t] = map[string]any{"s": "v"}
		case "typed":
			defs[t] = scoped
			body[t] = map[string]any{"type": t, "s": "v"}
		}
	}
	body["@context"] = defs
	return body
}

// heapAlloc is the live heap after a full collection.
func heapAlloc() int64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

// TestMemoEstimateCoversHeap checks the cost model: what the memo charges
// for the contexts it keeps is at least the heap they retain.
func TestMemoEstimateCoversHeap(t *testing.T) {
	if raceEnabled {
		t.Skip("measures the heap, which the race detector inflates, and is slow under it")
	}
	l := mustLoader(t, Options{})
	tests := []struct {
		shape       string
		docs, terms int
	}{
		{"plain", 20, 2000},
		{"tiny", 20, 2000},
		{"scoped", 3, 300},
		{"typed", 3, 300},
	}
	for _, tt := range tests {
		t.Run(tt.shape, func(t *testing.T) {
			proc := NewProcessor(l, ProcessorOptions{MaxCacheBytes: 1 << 40}) // never full
			before := heapAlloc()
			for i := range tt.docs {
				// Built in the loop, so that only what the memo keeps stays live.
				if _, err := proc.Expand(context.Background(), uniqueContextDoc(i, tt.terms, tt.shape)); err != nil {
					t.Fatal(err)
				}
			}
			retained := heapAlloc() - before
			g := proc.memo.Load()
			charged := g.bytes.Load()
			t.Logf("%d scopes: charged %d bytes, retained %d", g.count.Load(), charged, retained)
			if g.count.Load() < int64(tt.docs) {
				t.Errorf("only %d scopes kept for %d documents", g.count.Load(), tt.docs)
			}
			if retained > charged+1<<20 {
				t.Errorf("retained %d bytes, but the memo charged only %d", retained, charged)
			}
			runtime.KeepAlive(proc)
		})
	}
}

// TestProcessorMemoryIsBounded feeds a shared Processor a stream of
// documents, each with a large embedded context of its own (the audit's
// attack on a long-running verifier), and checks that the heap it retains
// stays near its budget and that common contexts are still kept after.
func TestProcessorMemoryIsBounded(t *testing.T) {
	if raceEnabled {
		t.Skip("measures the heap, which the race detector inflates, and is slow under it")
	}
	l := mustLoader(t, Options{})
	typical, err := json.Marshal(typicalCredential(t))
	if err != nil {
		t.Fatal(err)
	}
	const budget int64 = DefaultMaxCacheBytes
	tests := []struct {
		name        string
		shape       string
		docs, terms int
	}{
		// ~850 KB charged each, over three budgets in all.
		{"large embedded contexts", "plain", 250, 2000},
		// ~12 MB charged each, in 600 property-scoped contexts.
		{"many scoped contexts", "scoped", 20, 300},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			proc := NewProcessor(l, ProcessorOptions{})
			before := heapAlloc()
			for i := range tt.docs {
				if _, err := proc.Expand(context.Background(), uniqueContextDoc(i, tt.terms, tt.shape)); err != nil {
					t.Fatal(err)
				}
			}
			retained := heapAlloc() - before
			t.Logf("retained %d bytes", retained)
			if limit := budget + budget/2; retained > limit {
				t.Errorf("retained %d bytes, over %d", retained, limit)
			}

			// The memo still takes, and keeps, the contexts in common use.
			var doc map[string]any
			for i := range 2 {
				if err := json.Unmarshal(typical, &doc); err != nil {
					t.Fatal(err)
				}
				g := proc.memo.Load()
				n := g.count.Load()
				if _, err := proc.Expand(context.Background(), doc); err != nil {
					t.Fatal(err)
				}
				switch added := g.count.Load() - n; {
				case proc.memo.Load() != g:
					t.Fatal("the memo was replaced by a typical credential")
				case i == 0 && added == 0:
					t.Error("a typical credential's contexts were not kept")
				case i == 1 && added != 0:
					t.Errorf("a typical credential's contexts were processed again (%d scopes)", added)
				}
			}
			runtime.KeepAlive(proc)
		})
	}
}

// TestMemoNeverKeepsAnOversizedScope: a context over the per-scope share
// of the budget is processed for its document but neither kept nor
// allowed to empty the memo.
func TestMemoNeverKeepsAnOversizedScope(t *testing.T) {
	proc := NewProcessor(mustLoader(t, Options{}), ProcessorOptions{MaxCacheBytes: 32 << 20}) // 1 MiB per scope
	tests := []struct {
		terms int
		kept  bool
	}{{100, true}, {4000, false}}
	for _, tt := range tests {
		g := proc.memo.Load()
		n := g.count.Load()
		doc := uniqueContextDoc(tt.terms, tt.terms, "plain")
		for range 2 {
			if _, err := proc.Expand(context.Background(), doc); err != nil {
				t.Fatal(err)
			}
		}
		if kept := g.count.Load() > n; kept != tt.kept || proc.memo.Load() != g {
			t.Errorf("%d terms: kept %v, want %v (memo replaced: %v)", tt.terms, kept, tt.kept, proc.memo.Load() != g)
		}
	}
}

// TestIRIMemoIsBounded: unique IRIs, however many or long, keep the
// IRI-validity memo within its budget, and it keeps working when full.
func TestIRIMemoIsBounded(t *testing.T) {
	im := iriMemo{maxBytes: 64 << 10}
	im.cur.Store(&iriChecks{})
	long := "https://example.com/" + strings.Repeat("a", maxMemoIRI)
	first := im.cur.Load()
	// Enough IRIs of about 25 bytes to fill the memo twice.
	for i := range 2 * im.maxBytes / (iriEntryBytes + 20) {
		if !im.valid(fmt.Sprintf("https://example.com/%d", i)) {
			t.Fatal("valid IRI refused")
		}
		if b := im.cur.Load().bytes.Load(); b > im.maxBytes+iriEntryBytes+maxMemoIRI {
			t.Fatalf("memo holds %d bytes", b)
		}
	}
	if im.cur.Load() == first {
		t.Error("the memo never started afresh")
	}
	tests := []struct {
		iri  string
		want bool
	}{
		{"https://example.com/ok", true},
		{"https://exa mple.com/", false},
		{long, true},
		{long + " ", false},
	}
	for _, tt := range tests {
		for range 2 { // the second answer may come from the memo
			if got := im.valid(tt.iri); got != tt.want {
				t.Errorf("valid(%.40q) = %v, want %v", tt.iri, got, tt.want)
			}
		}
	}
	if _, ok := im.cur.Load().m.Load(long); ok {
		t.Error("an IRI over maxMemoIRI was kept")
	}
}

// TestMemoStartsAfreshUnderConcurrentUse: expansions running while the
// memo is replaced, again and again, give the same results (run with
// -race).
func TestMemoStartsAfreshUnderConcurrentUse(t *testing.T) {
	l := mustLoader(t, Options{})
	typical, err := json.Marshal(typicalCredential(t))
	if err != nil {
		t.Fatal(err)
	}
	expand := func(proc *Processor, doc []byte) (string, error) {
		var v any
		if err := json.Unmarshal(doc, &v); err != nil {
			return "", err
		}
		out, err := proc.Expand(context.Background(), v)
		if err != nil {
			return "", err
		}
		b, err := json.Marshal(out)
		return string(b), err
	}
	want, err := expand(NewProcessor(l, ProcessorOptions{UnsafeNoCache: true}), typical)
	if err != nil {
		t.Fatal(err)
	}
	// Room for the typical credential's contexts and a dozen unique documents.
	proc := NewProcessor(l, ProcessorOptions{MaxCacheBytes: 8 << 20})
	first := proc.memo.Load()
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 40 {
				unique, err := json.Marshal(uniqueContextDoc(w*1000+i, 40, "typed"))
				if err != nil {
					t.Error(err)
					return
				}
				if _, err := expand(proc, unique); err != nil {
					t.Error(err)
					return
				}
				if got, err := expand(proc, typical); err != nil || got != want {
					t.Errorf("typical credential: %v, or a different expansion", err)
					return
				}
			}
		})
	}
	wg.Wait()
	if proc.memo.Load() == first {
		t.Errorf("the memo never started afresh (%d scopes, %d bytes)", first.count.Load(), first.bytes.Load())
	}
}
