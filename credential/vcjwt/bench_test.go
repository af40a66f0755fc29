package vcjwt

import (
	"context"
	"testing"
)

// The benchmarks sign and verify a typical OB 3.0 OpenBadgeCredential
// (testdata/openbadgecredential.json, about 1.9 kB) with Ed25519.

func BenchmarkSignEdDSA(b *testing.B) {
	ed, _, _, _ := testKeys(b)
	cred := readTestCredential(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Sign(ctx, cred, ed, SignOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyEdDSA(b *testing.B) {
	ed, _, _, _ := testKeys(b)
	ctx := context.Background()
	tok, err := Sign(ctx, readTestCredential(b), ed, SignOptions{})
	if err != nil {
		b.Fatal(err)
	}
	data := []byte(tok)
	b.ReportAllocs()
	for b.Loop() {
		r, err := Verify(ctx, data, VerifyOptions{})
		if err != nil || !r.Verified {
			b.Fatal(err, r.Err)
		}
	}
}

func BenchmarkVerifyRS256(b *testing.B) {
	_, _, _, rs := testKeys(b)
	ctx := context.Background()
	tok, err := Sign(ctx, readTestCredential(b), rs, SignOptions{EmbedJWK: true})
	if err != nil {
		b.Fatal(err)
	}
	data := []byte(tok)
	b.ReportAllocs()
	for b.Loop() {
		r, err := Verify(ctx, data, VerifyOptions{})
		if err != nil || !r.Verified {
			b.Fatal(err, r.Err)
		}
	}
}
