package jsonld

import (
	"context"
	"encoding/json"
	"sync"
	"testing"

	"github.com/piprate/json-gold/ld"

	"github.com/laurelhq/laurel/internal/spectest"
)

// typicalCredential is the 1EdTech OB 3.0 vector credential.
func typicalCredential(tb testing.TB) map[string]any {
	var doc map[string]any
	if err := json.Unmarshal(spectest.Read(tb, "vectors", "ob3-eddsa-rdfc-2022", "credential.unsigned.json"), &doc); err != nil {
		tb.Fatal(err)
	}
	return doc
}

// BenchmarkExpand compares expansion of an OB 3.0 credential with the
// processed-context cache warm (the normal case) and cold (every call
// processes the VC and OB 3.0 contexts again, as json-gold does alone).
func BenchmarkExpand(b *testing.B) {
	doc := typicalCredential(b)
	l := mustLoader(b, Options{})
	for _, bc := range []struct {
		name    string
		noCache bool
	}{{"warm", false}, {"cold", true}} {
		b.Run(bc.name, func(b *testing.B) {
			proc := NewProcessor(l, ProcessorOptions{UnsafeNoCache: bc.noCache})
			ctx := context.Background()
			if _, err := proc.Expand(ctx, doc); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := proc.Expand(ctx, doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkToRDF(b *testing.B) {
	doc := typicalCredential(b)
	proc := NewProcessor(mustLoader(b, Options{}), ProcessorOptions{})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := proc.ToRDF(ctx, doc); err != nil {
			b.Fatal(err)
		}
	}
}

// TestProcessorConcurrentUse runs expansions in parallel over one cache
// (run with -race).
func TestProcessorConcurrentUse(t *testing.T) {
	doc := typicalCredential(t)
	proc := NewProcessor(mustLoader(t, Options{}), ProcessorOptions{})
	nquads := func(doc map[string]any) (string, error) {
		ds, err := proc.ToRDF(context.Background(), doc)
		if err != nil {
			return "", err
		}
		o := ld.NewJsonLdOptions("")
		o.Format = "application/n-quads"
		out, err := ld.NewNormalisationAlgorithm(ld.AlgorithmURDNA2015).Main(ds, o)
		s, _ := out.(string)
		return s, err
	}
	want, err := nquads(doc)
	if err != nil || want == "" {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 5 {
				got, err := nquads(doc)
				if err != nil {
					t.Error(err)
					return
				}
				if got != want {
					t.Error("concurrent result differs")
				}
			}
		})
	}
	wg.Wait()
}
