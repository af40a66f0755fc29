package dataintegrity

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"maps"
	"testing"

	"github.com/piprate/json-gold/ld"

	"github.com/laurelhq/laurel/credential/jsonld"
	"github.com/laurelhq/laurel/credential/keys"
	"github.com/laurelhq/laurel/internal/spectest"
)

// The 1EdTech OB 3.0 implementation-guide credential is a typical OB 3.0
// AchievementCredential.
func benchCredential(b *testing.B) (unsigned, signed []byte) {
	unsigned = spectest.Read(b, "vectors", "ob3-eddsa-rdfc-2022", "credential.unsigned.json")
	signed = spectest.Read(b, "vectors", "ob3-eddsa-rdfc-2022", "credential.signed.json")
	return unsigned, signed
}

func BenchmarkSignEdDSARDFC2022OB3(b *testing.B) {
	unsigned, _ := benchCredential(b)
	key := signerFrom(b, spectest.Read(b, "vectors", "ob3-eddsa-rdfc-2022", "key-pair.json"))
	c := testCanonicalizer(b)
	opts := SignOptions{VerificationMethod: "https://example.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi", Canonicalizer: c, Now: testNow}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Sign(ctx, unsigned, key, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyEdDSARDFC2022OB3(b *testing.B) {
	_, signed := benchCredential(b)
	c := testCanonicalizer(b)
	opts := VerifyOptions{Resolver: fragmentResolver{}, Canonicalizer: c, Now: testNow}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		rep, err := Verify(ctx, signed, opts)
		if err != nil || !rep.Verified {
			b.Fatalf("%v %+v", err, rep)
		}
	}
}

func BenchmarkVerifyEdDSAJCS2022(b *testing.B) {
	k, _ := keys.Generate(keys.EdDSA, repeatReader(1))
	signed := signT(b, credentialFor(b, k), k, SignOptions{Cryptosuite: EdDSAJCS2022})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		rep, err := Verify(ctx, signed, VerifyOptions{Now: testNow})
		if err != nil || !rep.Verified {
			b.Fatal(err)
		}
	}
}

// BenchmarkJSONGoldSignOB3 and BenchmarkJSONGoldVerifyOB3 are the straight
// json-gold path for comparison: ld.JsonLdProcessor.Normalize (URDNA2015)
// of the document and of the proof configuration, hashing and Ed25519, with
// contexts served from memory by the same offline loader but no processed-
// context cache, no fast path and json-gold's own canonicalizer.
func BenchmarkJSONGoldSignOB3(b *testing.B) {
	unsigned, _ := benchCredential(b)
	key := signerFrom(b, spectest.Read(b, "vectors", "ob3-eddsa-rdfc-2022", "key-pair.json"))
	doc := mustDecode(b, unsigned)
	config := proofFields{Type: TypeDataIntegrityProof, Cryptosuite: EdDSARDFC2022, Created: formatTime(testNow()),
		VerificationMethod: "https://example.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi", ProofPurpose: "assertionMethod"}.config(doc["@context"])
	norm := jsonGoldNormalizer(b)
	b.ReportAllocs()
	for b.Loop() {
		combined := append(digest(crypto.SHA256, norm(config)), digest(crypto.SHA256, norm(doc))...)
		if _, err := key.Sign(nil, combined, crypto.Hash(0)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkJSONGoldVerifyOB3(b *testing.B) {
	_, signed := benchCredential(b)
	doc := mustDecode(b, signed)
	proof := doc["proof"].(map[string]any)
	sig, err := keys.DecodeMultibase(proof["proofValue"].(string))
	if err != nil {
		b.Fatal(err)
	}
	vm := proof["verificationMethod"].(string)
	m, err := fragmentResolver{}.ResolveMethod(context.Background(), vm)
	if err != nil {
		b.Fatal(err)
	}
	norm := jsonGoldNormalizer(b)
	b.ReportAllocs()
	for b.Loop() {
		config := maps.Clone(proof)
		delete(config, "proofValue")
		config["@context"] = doc["@context"]
		unsecured := maps.Clone(doc)
		delete(unsecured, "proof")
		combined := append(digest(crypto.SHA256, norm(config)), digest(crypto.SHA256, norm(unsecured))...)
		if !ed25519.Verify(m.PublicKey.(ed25519.PublicKey), combined, sig) {
			b.Fatal("signature does not verify")
		}
	}
}

func jsonGoldNormalizer(b *testing.B) func(map[string]any) []byte {
	loader, err := jsonld.NewLoader(jsonld.Options{})
	if err != nil {
		b.Fatal(err)
	}
	proc := ld.NewJsonLdProcessor()
	return func(v map[string]any) []byte {
		opts := ld.NewJsonLdOptions("")
		opts.DocumentLoader = loader
		opts.Format = "application/n-quads"
		opts.Algorithm = ld.AlgorithmURDNA2015
		out, err := proc.Normalize(v, opts)
		if err != nil {
			b.Fatal(err)
		}
		return []byte(out.(string))
	}
}
