package dataintegrity

import (
	"context"
	"crypto"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/laurelhq/laurel/credential/keys"
)

const simpleCredential = `{
  "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
  "id": "urn:uuid:6a9c92a9-2530-4e2b-9776-530467e9bbe0",
  "type": ["VerifiableCredential", "ExampleAlumniCredential"],
  "issuer": "ISSUER",
  "validFrom": "2024-01-01T00:00:00Z",
  "credentialSubject": {"id": "did:example:subject", "alumniOf": "Example University"}
}`

var testNow = fixedClock("2024-06-01T12:00:00Z")

func seededKey(t testing.TB, alg string, seed byte) crypto.Signer {
	t.Helper()
	k, err := keys.Generate(alg, repeatReader(seed))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

type repeatReader byte

func (r repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r) + byte(i)
	}
	return len(p), nil
}

// credentialFor returns simpleCredential issued by the did:key of k.
func credentialFor(t testing.TB, k crypto.Signer) []byte {
	t.Helper()
	did, _, err := keys.DIDKey(k.Public())
	if err != nil {
		t.Fatal(err)
	}
	return []byte(strings.Replace(simpleCredential, "ISSUER", did, 1))
}

func signT(t testing.TB, doc []byte, k crypto.Signer, opts SignOptions) []byte {
	t.Helper()
	if opts.Canonicalizer == nil {
		opts.Canonicalizer = testCanonicalizer(t)
	}
	if opts.Now == nil {
		opts.Now = testNow
	}
	out, err := Sign(context.Background(), doc, k, opts)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func verifyT(t testing.TB, doc []byte, opts VerifyOptions) *Report {
	t.Helper()
	if opts.Canonicalizer == nil {
		opts.Canonicalizer = testCanonicalizer(t)
	}
	if opts.Now == nil {
		opts.Now = testNow
	}
	rep, err := Verify(context.Background(), doc, opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// editProof decodes doc, applies f to proof i and re-encodes (tests only).
func editProof(t *testing.T, doc []byte, i int, f func(p map[string]any)) []byte {
	t.Helper()
	m := mustDecode(t, doc)
	ps, _ := proofList(m["proof"])
	f(ps[i])
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSignVerifyAllSuites(t *testing.T) {
	tests := []struct {
		suite string
		alg   string
	}{
		{EdDSARDFC2022, keys.EdDSA},
		{ECDSARDFC2019, keys.ES256},
		{EdDSAJCS2022, keys.EdDSA},
		{ECDSAJCS2019, keys.ES256},
		{ECDSAJCS2019, keys.ES384},
	}
	for _, tt := range tests {
		t.Run(tt.suite+"/"+tt.alg, func(t *testing.T) {
			k := seededKey(t, tt.alg, 1)
			signed := signT(t, credentialFor(t, k), k, SignOptions{Cryptosuite: tt.suite})
			rep := verifyT(t, signed, VerifyOptions{})
			if !rep.Verified {
				t.Fatalf("%+v", rep.Proofs)
			}
			p := rep.Proofs[0]
			if p.Cryptosuite != tt.suite || p.ProofPurpose != keys.AssertionMethod || !p.Created.Equal(testNow()) {
				t.Errorf("proof result %+v", p)
			}
		})
	}
}

func TestVerifyFailures(t *testing.T) {
	k := seededKey(t, keys.EdDSA, 1)
	other := seededKey(t, keys.EdDSA, 2)
	p256 := seededKey(t, keys.ES256, 3)
	doc := credentialFor(t, k)
	signed := signT(t, doc, k, SignOptions{Expires: testNow().Add(24 * time.Hour), Domain: "example.org", Challenge: "c-1"})
	_, otherKID, _ := keys.DIDKey(other.Public())
	_, p256KID, _ := keys.DIDKey(p256.Public())

	tests := []struct {
		name string
		doc  []byte
		opts VerifyOptions
		want error
		doc0 bool // failure is document-level (Report.Err)
	}{
		{"ok", signed, VerifyOptions{Domain: "example.org", Challenge: "c-1"}, nil, false},
		{"tampered content", []byte(strings.Replace(string(signed), "Example University", "Example Universitz", 1)), VerifyOptions{}, ErrSignature, false},
		{"tampered created", editProof(t, signed, 0, func(p map[string]any) { p["created"] = "2024-06-01T11:00:00Z" }), VerifyOptions{}, ErrSignature, false},
		{"other key", editProof(t, signed, 0, func(p map[string]any) { p["verificationMethod"] = otherKID }), VerifyOptions{UnsafeSkipIssuerCheck: true}, ErrSignature, false},
		{"issuer mismatch", editProof(t, signed, 0, func(p map[string]any) { p["verificationMethod"] = otherKID }), VerifyOptions{}, ErrIssuerMismatch, false},
		{"key type mismatch", editProof(t, signed, 0, func(p map[string]any) { p["verificationMethod"] = p256KID }), VerifyOptions{UnsafeSkipIssuerCheck: true}, ErrUnsupported, false},
		{"wrong purpose", signed, VerifyOptions{ExpectedPurpose: keys.Authentication}, ErrPurpose, false},
		{"wrong domain", signed, VerifyOptions{Domain: "evil.example"}, ErrDomain, false},
		{"wrong challenge", signed, VerifyOptions{Challenge: "c-2"}, ErrDomain, false},
		{"expired", signed, VerifyOptions{Now: fixedClock("2024-06-03T00:00:00Z")}, ErrExpired, false},
		{"created in the future", signed, VerifyOptions{Now: fixedClock("2024-06-01T11:59:00Z")}, ErrNotYetValid, false},
		{"future within skew", signed, VerifyOptions{Now: fixedClock("2024-06-01T11:59:00Z"), ClockSkew: 2 * time.Minute}, nil, false},
		{"unknown cryptosuite", editProof(t, signed, 0, func(p map[string]any) { p["cryptosuite"] = "bbs-2023" }), VerifyOptions{}, ErrUnsupported, false},
		{"unknown type", editProof(t, signed, 0, func(p map[string]any) { p["type"] = "RsaSignature2018" }), VerifyOptions{}, ErrUnsupported, false},
		{"no proofValue", editProof(t, signed, 0, func(p map[string]any) { delete(p, "proofValue") }), VerifyOptions{}, ErrMalformed, false},
		{"proofValue not base58btc", editProof(t, signed, 0, func(p map[string]any) { p["proofValue"] = "uAAAA" }), VerifyOptions{}, ErrMalformed, false},
		{"short signature", editProof(t, signed, 0, func(p map[string]any) { p["proofValue"] = "z2g" }), VerifyOptions{}, ErrMalformed, false},
		{"type not string", editProof(t, signed, 0, func(p map[string]any) { p["type"] = 7 }), VerifyOptions{}, ErrMalformed, false},
		{"bad created", editProof(t, signed, 0, func(p map[string]any) { p["created"] = "yesterday" }), VerifyOptions{}, ErrMalformed, false},
		{"unresolvable method", editProof(t, signed, 0, func(p map[string]any) { p["verificationMethod"] = "https://issuer.example/keys#1" }), VerifyOptions{}, ErrUnresolvable, false},
		{"missing previous proof", editProof(t, signed, 0, func(p map[string]any) { p["previousProof"] = "urn:uuid:nope" }), VerifyOptions{}, ErrMalformed, false},
		{"jcs proof context not a prefix", jcsSigned(t, k, func(p map[string]any) { p["@context"] = []any{"https://example.org/other"} }), VerifyOptions{}, ErrMalformed, false},
		{"rdfc without context", editDoc(t, signed, func(d map[string]any) { delete(d, "@context") }), VerifyOptions{}, ErrMalformed, false},
		{"rdfc nothing to sign", editDoc(t, signed, func(d map[string]any) {
			for k := range d {
				if k != "proof" && k != "@context" {
					delete(d, k)
				}
			}
			d["@context"] = "https://www.w3.org/2018/credentials/v1" // no @vocab
			d["undefinedTerm"] = "x"
		}), VerifyOptions{UnsafeSkipIssuerCheck: true}, ErrMalformed, false},
		{"not JSON", []byte(`{"proof":`), VerifyOptions{}, ErrMalformed, true},
		{"not an object", []byte(`[1]`), VerifyOptions{}, ErrMalformed, true},
		{"no proof", doc, VerifyOptions{}, ErrNoProof, true},
		{"proof not an object", []byte(`{"proof":"x"}`), VerifyOptions{}, ErrMalformed, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := verifyT(t, tt.doc, tt.opts)
			if tt.want == nil {
				if !rep.Verified {
					t.Fatalf("not verified: %v %+v", rep.Err, rep.Proofs)
				}
				return
			}
			if rep.Verified {
				t.Fatal("verified")
			}
			var err error
			if tt.doc0 {
				err = rep.Err
			} else {
				if rep.Err != nil || len(rep.Proofs) != 1 {
					t.Fatalf("report %+v", rep)
				}
				err = rep.Proofs[0].Err
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestVerifyMisuse(t *testing.T) {
	//lint:ignore SA1012 checking the nil-context guard
	if _, err := Verify(nil, []byte(`{}`), VerifyOptions{}); err == nil { //nolint:staticcheck
		t.Error("nil context accepted")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	k := seededKey(t, keys.EdDSA, 1)
	signed := signT(t, credentialFor(t, k), k, SignOptions{Cryptosuite: EdDSAJCS2022})
	if _, err := Verify(ctx, signed, VerifyOptions{Now: testNow}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
}

// A proof set keeps existing proofs; a chained proof signs over the proofs
// it names and breaks when they change.
func TestProofSetsAndChains(t *testing.T) {
	k1 := seededKey(t, keys.EdDSA, 1)
	k2 := seededKey(t, keys.EdDSA, 2)
	k3 := seededKey(t, keys.ES256, 3)
	doc := credentialFor(t, k1)
	s1 := signT(t, doc, k1, SignOptions{ID: "urn:proof:1"})
	s2 := signT(t, s1, k2, SignOptions{ID: "urn:proof:2"})
	s3 := signT(t, s2, k3, SignOptions{Cryptosuite: ECDSARDFC2019, PreviousProof: []string{"urn:proof:1", "urn:proof:2"}})
	if !strings.HasPrefix(string(s3), string(doc[:len(doc)-2])) {
		t.Errorf("signing changed the caller's bytes:\n%s", s3)
	}
	rep := verifyT(t, s3, VerifyOptions{UnsafeSkipIssuerCheck: true})
	if !rep.Verified || len(rep.Proofs) != 3 {
		t.Fatalf("%+v", rep)
	}
	// Issuer binding: only the first proof is by the issuer's key.
	rep = verifyT(t, s3, VerifyOptions{})
	if !rep.Proofs[0].Verified || !errors.Is(rep.Proofs[1].Err, ErrIssuerMismatch) || !errors.Is(rep.Proofs[2].Err, ErrIssuerMismatch) {
		t.Errorf("issuer binding: %+v", rep.Proofs)
	}
	// Changing a previous proof's value breaks the chained proof (and that
	// proof's own signature), but not the unrelated one.
	tampered := editProof(t, s3, 0, func(p map[string]any) { p["created"] = "2024-06-01T11:00:00Z" })
	rep = verifyT(t, tampered, VerifyOptions{UnsafeSkipIssuerCheck: true})
	if rep.Proofs[1].Err != nil || !errors.Is(rep.Proofs[0].Err, ErrSignature) || !errors.Is(rep.Proofs[2].Err, ErrSignature) {
		t.Errorf("tampered chain: %+v", rep.Proofs)
	}
	if _, err := Sign(context.Background(), s2, k3, SignOptions{Now: testNow, Canonicalizer: testCanonicalizer(t), PreviousProof: []string{"urn:proof:9"}}); !errors.Is(err, ErrMalformed) {
		t.Errorf("missing previous proof: %v", err)
	}
	if _, err := Sign(context.Background(), s2, k3, SignOptions{Now: testNow, Canonicalizer: testCanonicalizer(t), ID: "urn:proof:1"}); !errors.Is(err, ErrMalformed) {
		t.Errorf("duplicate proof id: %v", err)
	}
}

func TestSignErrors(t *testing.T) {
	ed := seededKey(t, keys.EdDSA, 1)
	rsaKey, err := keys.Generate(keys.RS256, nil)
	if err != nil {
		t.Fatal(err)
	}
	doc := credentialFor(t, ed)
	tests := []struct {
		name   string
		doc    []byte
		signer crypto.Signer
		opts   SignOptions
		want   error
	}{
		{"ecdsa suite, ed25519 key", doc, ed, SignOptions{Cryptosuite: ECDSARDFC2019}, ErrUnsupported},
		{"rsa key", doc, rsaKey, SignOptions{Cryptosuite: EdDSARDFC2022}, ErrUnsupported},
		{"rsa key, default suite", doc, rsaKey, SignOptions{}, ErrUnsupported},
		{"legacy name", doc, ed, SignOptions{Cryptosuite: EdDSA2022}, ErrUnsupported},
		{"unknown suite", doc, ed, SignOptions{Cryptosuite: "bbs-2023"}, ErrUnsupported},
		{"not an object", []byte(`[]`), ed, SignOptions{}, ErrMalformed},
		{"Ed25519Signature2020 without its context", doc, ed, SignOptions{Cryptosuite: Ed25519Signature2020}, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Canonicalizer = testCanonicalizer(t)
			if _, err := Sign(context.Background(), tt.doc, tt.signer, tt.opts); !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

// With a controller-document resolver the method must be listed under the
// proof purpose.
func TestControllerDocumentRelationships(t *testing.T) {
	k := seededKey(t, keys.EdDSA, 4)
	mb, _ := keys.EncodePublicKeyMultibase(k.Public())
	const did = "did:web:issuer.example"
	makeDoc := func(rel string) []byte {
		return []byte(`{"id":"` + did + `","verificationMethod":[{"id":"` + did + `#key-1","type":"Multikey","controller":"` + did + `","publicKeyMultibase":"` + mb + `"}],"` + rel + `":["#key-1"]}`)
	}
	doc := []byte(strings.Replace(simpleCredential, "ISSUER", did, 1))
	signed := signT(t, doc, k, SignOptions{VerificationMethod: did + "#key-1"})
	for _, tt := range []struct {
		rel  string
		want error
	}{{keys.AssertionMethod, nil}, {keys.Authentication, ErrIssuerMismatch}} {
		r := &keys.Resolver{Documents: map[string][]byte{did: makeDoc(tt.rel)}}
		rep := verifyT(t, signed, VerifyOptions{Resolver: r})
		if tt.want == nil && !rep.Verified {
			t.Errorf("%s: %+v", tt.rel, rep.Proofs)
		}
		if tt.want != nil && !errors.Is(rep.Proofs[0].Err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.rel, rep.Proofs[0].Err, tt.want)
		}
	}
}

func FuzzVerify(f *testing.F) {
	k := seededKey(f, keys.EdDSA, 1)
	doc := credentialFor(f, k)
	f.Add(signT(f, doc, k, SignOptions{}))
	f.Add(signT(f, doc, k, SignOptions{Cryptosuite: EdDSAJCS2022}))
	f.Add([]byte(`{"proof":[{"type":"DataIntegrityProof","cryptosuite":"eddsa-jcs-2022","verificationMethod":"did:key:z6Mk","proofPurpose":"assertionMethod","proofValue":"z1","previousProof":["a","b"]}]}`))
	c := testCanonicalizer(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		rep, err := Verify(ctx, data, VerifyOptions{Canonicalizer: c, Now: testNow, Resolver: fragmentResolver{}})
		if err != nil {
			return
		}
		if rep.Verified && (rep.Err != nil || len(rep.Proofs) == 0) {
			t.Fatalf("inconsistent report %+v", rep)
		}
	})
}

func editDoc(t *testing.T, doc []byte, f func(d map[string]any)) []byte {
	t.Helper()
	m := mustDecode(t, doc)
	f(m)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func jcsSigned(t *testing.T, k crypto.Signer, f func(p map[string]any)) []byte {
	t.Helper()
	signed := signT(t, credentialFor(t, k), k, SignOptions{Cryptosuite: EdDSAJCS2022})
	return editProof(t, signed, 0, f)
}
