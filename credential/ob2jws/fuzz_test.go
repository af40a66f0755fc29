package ob2jws

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"testing"
)

func FuzzVerify(f *testing.F) {
	// A fixed Ed25519 key keeps the fuzz workers' start-up cheap.
	ed := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{3}, ed25519.SeedSize))
	ctx := context.Background()
	w := newWorld(f, ed.Public())
	tok, err := Sign(ctx, assertionJSON(f, nil), ed, SignOptions{})
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(tok))
	f.Add([]byte("a.b.c"))
	f.Add([]byte("eyJhbGciOiJub25lIn0.e30."))
	f.Add([]byte("eyJhbGciOiJFZERTQSJ9.eyJiYWRnZSI6e30sInZlcmlmaWNhdGlvbiI6eyJ0eXBlIjoiU2lnbmVkQmFkZ2UifX0.AA"))
	sentinels := []error{ErrMalformed, ErrAlgorithm, ErrSignature, ErrUnresolvable, ErrKeyOwner, ErrLimitExceeded}
	opts := VerifyOptions{Documents: w, Algorithms: []string{EdDSA, RS256}, MaxBytes: 1 << 16}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Verify(ctx, data, opts)
		if err != nil {
			t.Fatal(err)
		}
		if r.Verified {
			if r.Err != nil || len(r.Payload) == 0 || r.Issuer == "" || r.KeyID == "" {
				t.Fatalf("verified with err=%v payload=%d issuer=%q key=%q", r.Err, len(r.Payload), r.Issuer, r.KeyID)
			}
			return
		}
		known := false
		for _, s := range sentinels {
			known = known || errors.Is(r.Err, s)
		}
		if !known {
			t.Fatalf("failure without a sentinel: %v", r.Err)
		}
	})
}
