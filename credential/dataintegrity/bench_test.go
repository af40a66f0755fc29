package dataintegrity

import (
	"context"
	"testing"

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
