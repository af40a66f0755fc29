package ob2jws

import (
	"context"
	"testing"
)

// BenchmarkVerifyRS256 verifies a typical OB 2.0 signed assertion (RS256,
// 2048-bit key) with key, badge class and profile from an in-memory map.
func BenchmarkVerifyRS256(b *testing.B) {
	rs, _ := rsaKeys(b)
	ctx := context.Background()
	w := newWorld(b, &rs.PublicKey)
	tok, err := Sign(ctx, assertionJSON(b, nil), rs, SignOptions{})
	if err != nil {
		b.Fatal(err)
	}
	data := []byte(tok)
	opts := VerifyOptions{Documents: w}
	b.ReportAllocs()
	for b.Loop() {
		r, err := Verify(ctx, data, opts)
		if err != nil || !r.Verified {
			b.Fatal(err, r.Err)
		}
	}
}

func BenchmarkSignRS256(b *testing.B) {
	rs, _ := rsaKeys(b)
	ctx := context.Background()
	a := assertionJSON(b, nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Sign(ctx, a, rs, SignOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
