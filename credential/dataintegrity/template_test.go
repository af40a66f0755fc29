package dataintegrity

import (
	"bytes"
	"context"
	"crypto"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/laurelhq/laurel/credential/keys"
)

// templateCredential is a compact OB 3.0 credential with four slots: the
// credential id (an IRI), the hashed email and its salt, and a name — the
// values that change per recipient in a batch.
const templateCredential = `{"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],` +
	`"id":"urn:uuid:SLOT-ID","type":["VerifiableCredential","OpenBadgeCredential"],"issuer":{"id":"ISSUER","type":["Profile"],"name":"Example University"},` +
	`"validFrom":"2024-06-01T00:00:00Z","name":"Teamwork","credentialSubject":{"type":["AchievementSubject"],` +
	`"identifier":[{"type":"IdentityObject","identityHash":"SLOT-HASH","identityType":"emailAddress","hashed":true,"salt":"SLOT-SALT"},` +
	`{"type":"IdentityObject","identityHash":"SLOT-NAME","identityType":"name","hashed":false}],` +
	`"achievement":{"id":"urn:uuid:a6bd5a5e-1b7e-4b1c-9a9b-3c1e7d4c1f00","type":["Achievement"],"name":"Teamwork","description":"Works well in a team.",` +
	`"criteria":{"narrative":"Nominated by peers."}}}}`

var templateSlots = []string{"urn:uuid:SLOT-ID", "SLOT-HASH", "SLOT-SALT", "SLOT-NAME"}

var (
	bundledOnce  sync.Once
	bundledCanon *Canonicalizer
)

// bundledCanonicalizer serves only the contexts Laurel bundles, so these
// tests run without the shared spec folder.
func bundledCanonicalizer(tb testing.TB) *Canonicalizer {
	tb.Helper()
	bundledOnce.Do(func() {
		var err error
		if bundledCanon, err = NewCanonicalizer(CanonicalizerOptions{}); err != nil {
			panic(err)
		}
	})
	return bundledCanon
}

func templateFor(tb testing.TB, suite string, alg string) ([]byte, *Template, SignOptions, crypto.Signer) {
	tb.Helper()
	k := seededKey(tb, alg, 7)
	did, _, err := keys.DIDKey(k.Public())
	if err != nil {
		tb.Fatal(err)
	}
	doc := []byte(strings.Replace(templateCredential, "ISSUER", did, 1))
	opts := SignOptions{Cryptosuite: suite, Canonicalizer: bundledCanonicalizer(tb), Now: testNow}
	tmpl, err := NewTemplate(context.Background(), doc, templateSlots, k, opts)
	if err != nil {
		tb.Fatal(err)
	}
	return doc, tmpl, opts, k
}

// substitute is the definition Template.Sign must meet: each slot's JSON
// string replaced by the JSON encoding of its value.
func substitute(tb testing.TB, doc []byte, slots, values []string) []byte {
	tb.Helper()
	for i, s := range slots {
		from, _ := json.Marshal(s)
		to, _ := json.Marshal(values[i])
		doc = bytes.ReplaceAll(doc, from, to)
	}
	return doc
}

func randomValues(r *rand.Rand, i int) []string {
	names := []string{"Ada Lovelace", "Zoë Ångström", "Łukasz \"Luke\" Nowak", `back\slash`, "<script>&amp;</script>",
		"line\nbreak\ttab", "李小龙", "emoji 🎓", "  spaced  ", "", "\u2028sep\u2029", "\x01ctl"}
	hex := func(n int) string {
		const digits = "0123456789abcdef"
		b := make([]byte, n)
		for j := range b {
			b[j] = digits[r.IntN(16)]
		}
		return string(b)
	}
	id := fmt.Sprintf("urn:uuid:%s-%s-4%s-8%s-%s", hex(8), hex(4), hex(3), hex(3), hex(12))
	return []string{id, "sha256$" + hex(64), hex(32), names[i%len(names)]}
}

// TestTemplateMatchesSign proves the template path byte-identical to Sign on
// the substituted document, for Ed25519 (deterministic signatures) over many
// values, including ones JSON must escape.
func TestTemplateMatchesSign(t *testing.T) {
	doc, tmpl, opts, k := templateFor(t, EdDSARDFC2022, keys.EdDSA)
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	n := 200
	if testing.Short() {
		n = 40
	}
	for i := range n {
		values := randomValues(r, i)
		got, err := tmpl.Sign(ctx, values...)
		if err != nil {
			t.Fatalf("values %q: %v", values, err)
		}
		want, err := Sign(ctx, substitute(t, doc, templateSlots, values), k, opts)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("values %q:\ntemplate %s\nsign     %s", values, got, want)
		}
	}
}

// TestTemplateECDSAVerifies checks the randomised suite: signatures differ,
// so each must verify, with P-256 and P-384 (SHA-384 canonicalization).
func TestTemplateECDSAVerifies(t *testing.T) {
	for _, alg := range []string{keys.ES256, keys.ES384} {
		t.Run(alg, func(t *testing.T) {
			_, tmpl, opts, _ := templateFor(t, ECDSARDFC2019, alg)
			r := rand.New(rand.NewPCG(3, 4))
			for i := range 5 {
				signed, err := tmpl.Sign(context.Background(), randomValues(r, i)...)
				if err != nil {
					t.Fatal(err)
				}
				rep, err := Verify(context.Background(), signed, VerifyOptions{Canonicalizer: opts.Canonicalizer, Now: testNow})
				if err != nil || !rep.Verified {
					t.Fatalf("%v %+v", err, rep)
				}
			}
		})
	}
}

func TestTemplateRefuses(t *testing.T) {
	k := seededKey(t, keys.EdDSA, 7)
	did, _, _ := keys.DIDKey(k.Public())
	doc := strings.Replace(templateCredential, "ISSUER", did, 1)
	opts := SignOptions{Canonicalizer: bundledCanonicalizer(t), Now: testNow}
	ctx := context.Background()
	tests := []struct {
		name  string
		doc   string
		slots []string
		opts  func(*SignOptions)
		want  error
	}{
		{"slot missing", doc, []string{"NOT-THERE"}, nil, ErrTemplate},
		{"slot inside a longer string", doc, []string{"SLOT-H"}, nil, ErrTemplate},
		{"slot as member name", strings.Replace(doc, `"name":"Teamwork"`, `"SLOT-NAME":"x"`, 1), []string{"SLOT-NAME"}, nil, ErrTemplate},
		{"overlapping slots", doc, []string{"SLOT-HASH", "SLOT-HASH"}, nil, ErrTemplate},
		{"indented", strings.Replace(doc, `{"@context"`, "{\n  \"@context\"", 1), []string{"SLOT-NAME"}, nil, ErrTemplate},
		{"existing proof", strings.Replace(doc, `"name":"Teamwork",`, `"name":"Teamwork","proof":{"type":"DataIntegrityProof"},`, 1), []string{"SLOT-NAME"}, nil, ErrTemplate},
		{"JCS suite", doc, []string{"SLOT-NAME"}, func(o *SignOptions) { o.Cryptosuite = EdDSAJCS2022 }, ErrUnsupported},
		{"not JSON", "{", []string{"SLOT-NAME"}, nil, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := opts
			if tt.opts != nil {
				tt.opts(&o)
			}
			_, err := NewTemplate(ctx, []byte(tt.doc), tt.slots, k, o)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}

	_, tmpl, _, _ := templateFor(t, EdDSARDFC2022, keys.EdDSA)
	bad := [][]string{
		{"urn:uuid:x"},                                 // wrong count
		{"https://example.com/1", "h", "s", "n"},       // IRI slot with another scheme
		{"urn:uuid:has space", "h", "s", "n"},          // unsafe IRI character
		{"urn:uuid:1", "h", "s", string([]byte{0xff})}, // not UTF-8
	}
	for _, values := range bad {
		if _, err := tmpl.Sign(ctx, values...); !errors.Is(err, ErrTemplate) {
			t.Errorf("Sign(%q) = %v, want ErrTemplate", values, err)
		}
	}
}

func BenchmarkTemplateSignEdDSARDFC2022(b *testing.B) {
	_, tmpl, _, _ := templateFor(b, EdDSARDFC2022, keys.EdDSA)
	ctx := context.Background()
	r := rand.New(rand.NewPCG(5, 6))
	values := randomValues(r, 0)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tmpl.Sign(ctx, values...); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSignEdDSARDFC2022Template is the general path on the same
// credential, for comparison.
func BenchmarkSignEdDSARDFC2022Template(b *testing.B) {
	doc, _, opts, signer := templateFor(b, EdDSARDFC2022, keys.EdDSA)
	values := randomValues(rand.New(rand.NewPCG(5, 6)), 0)
	d := substitute(b, doc, templateSlots, values)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Sign(ctx, d, signer, opts); err != nil {
			b.Fatal(err)
		}
	}
}
