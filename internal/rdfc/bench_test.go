package rdfc

import (
	"context"
	"strings"
	"testing"

	"github.com/piprate/json-gold/ld"

	"github.com/laurelhq/laurel/internal/spectest"
)

// benchInputs are canonical N-Quads of Open Badges 3.0 / CLR 2.0 vectors
// with the canonical blank node labels replaced, so the algorithm has to
// do the labelling again.
var benchInputs = []struct{ name, path string }{
	{"OB3", "vectors/ob3-eddsa-rdfc-2022/document-canon.txt"},
	{"CLR2", "vectors/clr2-eddsa-rdfc-2022/document-canon.txt"},
}

func benchText(b *testing.B, path string) string {
	raw := spectest.Read(b, strings.Split(path, "/")...)
	return strings.ReplaceAll(string(raw), "_:c14n", "_:b")
}

func BenchmarkCanonicalize(b *testing.B) {
	for _, in := range benchInputs {
		b.Run(in.name, func(b *testing.B) {
			quads := mustParse(b, []byte(benchText(b, in.path)))
			want := spectest.Read(b, strings.Split(in.path, "/")...)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				out, err := Canonicalize(ctx, quads, Options{})
				if err != nil {
					b.Fatal(err)
				}
				if len(out) != len(want) {
					b.Fatalf("got %d bytes, want %d", len(out), len(want))
				}
			}
		})
	}
}

// BenchmarkJSONGoldURDNA2015 canonicalizes the same datasets with
// json-gold, for comparison.
func BenchmarkJSONGoldURDNA2015(b *testing.B) {
	for _, in := range benchInputs {
		b.Run(in.name, func(b *testing.B) {
			ds, err := ld.ParseNQuads(benchText(b, in.path))
			if err != nil {
				b.Fatal(err)
			}
			want := spectest.Read(b, strings.Split(in.path, "/")...)
			opts := ld.NewJsonLdOptions("")
			opts.Format = "application/n-quads"
			b.ReportAllocs()
			for b.Loop() {
				out, err := ld.NewNormalisationAlgorithm(ld.AlgorithmURDNA2015).Main(ds, opts)
				if err != nil {
					b.Fatal(err)
				}
				if len(out.(string)) != len(want) {
					b.Fatalf("got %d bytes, want %d", len(out.(string)), len(want))
				}
			}
		})
	}
}

func BenchmarkParseNQuads(b *testing.B) {
	text := []byte(benchText(b, benchInputs[1].path))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseNQuads(text); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPoisonClique measures how fast the negative test of the suite
// (a 10-node clique) is rejected with the default work limit.
func BenchmarkPoisonClique(b *testing.B) {
	quads := mustParse(b, spectest.Read(b, "vectors", "rdfc10", "rdfc10", "test074-in.nq"))
	ctx := context.Background()
	for b.Loop() {
		if _, err := Canonicalize(ctx, quads, Options{}); err != ErrLimitExceeded {
			b.Fatal(err)
		}
	}
}
