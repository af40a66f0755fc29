package rdfc

import (
	"bytes"
	"context"
	"crypto"
	"errors"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/piprate/json-gold/ld"
)

// relabel returns quads with every blank node renamed and the quad order
// shuffled: an isomorphic dataset.
func relabel(quads []Quad, seed uint64) []Quad {
	r := rand.New(rand.NewPCG(seed, 1))
	names := map[string]string{}
	rename := func(t Term) Term {
		if t.Kind != KindBlank {
			return t
		}
		n, ok := names[t.Value]
		if !ok {
			n = "x" + strconv.Itoa(r.IntN(1000000)) + "_" + strconv.Itoa(len(names))
			names[t.Value] = n
		}
		return Blank(n)
	}
	out := make([]Quad, len(quads))
	for i, q := range quads {
		out[i] = Quad{rename(q.Subject), q.Predicate, rename(q.Object), rename(q.Graph)}
	}
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// TestIsomorphicInputs checks that every evaluation input of the suite,
// relabelled and shuffled, canonicalizes to the same bytes.
func TestIsomorphicInputs(t *testing.T) {
	dir, entries := loadManifest(t)
	ctx := context.Background()
	for _, e := range entries {
		if e.Type != "rdfc:RDFC10EvalTest" {
			continue
		}
		in := readQuads(t, filepath.Join(dir, e.Action))
		want, err := Canonicalize(ctx, in, e.options(t))
		if err != nil {
			t.Fatal(err)
		}
		for seed := range uint64(3) {
			got, err := Canonicalize(ctx, relabel(in, seed), e.options(t))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s seed %d: got\n%s\nwant\n%s", e.ID, seed, got, want)
			}
		}
	}
}

func TestCanonicalizeErrors(t *testing.T) {
	ok := []Quad{{Blank("a"), IRI("http://a/p"), Blank("b"), Term{}}}
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name  string
		ctx   context.Context
		quads []Quad
		opts  Options
		want  error
	}{
		{"SHA-1", context.Background(), ok, Options{Hash: crypto.SHA1}, ErrUnsupportedHash},
		{"SHA-512", context.Background(), ok, Options{Hash: crypto.SHA512}, ErrUnsupportedHash},
		{"canceled", canceled, ok, Options{}, context.Canceled},
		{"literal subject", context.Background(), []Quad{{Literal("s", "", ""), IRI("http://a/p"), Blank("b"), Term{}}}, Options{}, ErrInvalidQuad},
		{"blank predicate", context.Background(), []Quad{{Blank("s"), Blank("p"), Blank("b"), Term{}}}, Options{}, ErrInvalidQuad},
		{"no object", context.Background(), []Quad{{Blank("s"), IRI("http://a/p"), Term{}, Term{}}}, Options{}, ErrInvalidQuad},
		{"literal graph", context.Background(), []Quad{{Blank("s"), IRI("http://a/p"), Blank("o"), Literal("g", "", "")}}, Options{}, ErrInvalidQuad},
		{"work limit", context.Background(), clique(4), Options{MaxWork: 3}, ErrLimitExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Canonicalize(tt.ctx, tt.quads, tt.opts)
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
		})
	}
	if _, err := Canonicalize(context.Background(), ok, Options{MaxWork: -1}); err == nil {
		t.Error("negative MaxWork accepted")
	}
}

// clique returns n blank nodes all linked to each other.
func clique(n int) []Quad {
	var qs []Quad
	for i := range n {
		for j := range n {
			qs = append(qs, Quad{Blank("n" + strconv.Itoa(i)), IRI("http://a/p"), Blank("n" + strconv.Itoa(j)), Term{}})
		}
	}
	return qs
}

func TestCliqueCanceledByContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	st := &state{ctx: ctx, maxWork: 1 << 30}
	// Cancellation is noticed within the work loop, not only at the start.
	var err error
	for range 200 {
		if err = st.spend(1); err != nil {
			break
		}
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

func TestDuplicatesAndHashes(t *testing.T) {
	ctx := context.Background()
	q := Quad{Blank("a"), IRI("http://a/p"), Literal("x", XSDString, ""), Term{}}
	one, err := Canonicalize(ctx, []Quad{q}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	q2 := q
	q2.Object.Datatype = ""
	two, err := Canonicalize(ctx, []Quad{q, q2, q}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := "_:c14n0 <http://a/p> \"x\" .\n"; string(one) != want || string(two) != want {
		t.Errorf("got %q and %q, want %q", one, two, want)
	}
	// The hash changes the labels only through ties; the diamond of
	// test020/test075 labels differently with SHA-256 and SHA-384.
	diamond := mustParse(t, []byte(`<http://example.org/vocab#test> <http://example.org/vocab#A> _:e0 .
<http://example.org/vocab#test> <http://example.org/vocab#B> _:e1 .
_:e0 <http://example.org/vocab#next> _:e2 .
_:e1 <http://example.org/vocab#next> _:e2 .
`))
	m256, err := IssuedIdentifiers(ctx, diamond, Options{})
	if err != nil {
		t.Fatal(err)
	}
	m384, err := IssuedIdentifiers(ctx, diamond, Options{Hash: crypto.SHA384})
	if err != nil {
		t.Fatal(err)
	}
	if len(m256) != 3 || len(m384) != 3 || m256["e1"] == m384["e1"] {
		t.Errorf("SHA-256 %v, SHA-384 %v", m256, m384)
	}
}

// TestFromJSONLD converts a JSON-LD document with json-gold and checks our
// canonical form against json-gold's URDNA2015 (identical to RDFC-1.0 with
// SHA-256 for such data).
func TestFromJSONLD(t *testing.T) {
	doc := map[string]any{
		"@context": map[string]any{
			"@vocab": "https://example.org/vocab#",
			"knows":  map[string]any{"@type": "@id"},
			"born":   map[string]any{"@type": "http://www.w3.org/2001/XMLSchema#date"},
		},
		"@id":   "https://example.org/alice",
		"name":  map[string]any{"@value": "Alice \"A\"\n", "@language": "en"},
		"born":  "1990-01-01",
		"knows": []any{map[string]any{"name": "Bob"}, map[string]any{"name": "Carol", "knows": map[string]any{"name": "Bob"}}},
		"tags":  map[string]any{"@list": []any{"a", "b", 3.0, true, 1.5}},
		"@included": []any{map[string]any{
			"@id":    "_:g",
			"@graph": []any{map[string]any{"name": "in a graph"}},
		}},
	}
	opts := ld.NewJsonLdOptions("")
	raw, err := ld.NewJsonLdProcessor().ToRDF(doc, opts)
	if err != nil {
		t.Fatal(err)
	}
	ds := raw.(*ld.RDFDataset)
	quads := FromJSONLD(ds)
	if len(quads) < 10 {
		t.Fatalf("only %d quads", len(quads))
	}
	got, err := Canonicalize(context.Background(), quads, Options{})
	if err != nil {
		t.Fatal(err)
	}
	opts.Format = "application/n-quads"
	want, err := ld.NewNormalisationAlgorithm(ld.AlgorithmURDNA2015).Main(ds, opts)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want.(string) {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if FromJSONLD(nil) != nil {
		t.Error("nil dataset")
	}
}

func FuzzCanonicalize(f *testing.F) {
	f.Add([]byte("_:a <http://a/p> _:b .\n_:b <http://a/p> _:a .\n"), uint64(1))
	f.Add([]byte("_:a <http://a/p> _:b _:g .\n_:b <http://a/q> \"x\"@en _:g .\n_:g <http://a/r> _:a .\n"), uint64(2))
	f.Add([]byte("_:e0 <http://a/n> _:e1 .\n_:e1 <http://a/n> _:e2 .\n_:e2 <http://a/n> _:e0 .\n_:e3 <http://a/n> _:e4 .\n_:e4 <http://a/n> _:e3 .\n"), uint64(3))
	f.Fuzz(func(t *testing.T, data []byte, seed uint64) {
		qs, err := ParseNQuads(data)
		if err != nil || len(qs) > 200 {
			return
		}
		ctx := context.Background()
		opts := Options{MaxWork: 2000}
		a, err := Canonicalize(ctx, qs, opts)
		if errors.Is(err, ErrLimitExceeded) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := Canonicalize(ctx, relabel(qs, seed), opts)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Fatalf("isomorphic inputs differ:\n%s\n%s", a, b)
		}
		c, err := Canonicalize(ctx, mustParse(t, a), opts)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, c) {
			t.Fatalf("not a fixed point:\n%s\n%s", a, c)
		}
	})
}
