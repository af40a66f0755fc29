package vcjwt

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"testing"
)

func FuzzVerify(f *testing.F) {
	// A fixed Ed25519 key: no RSA generation in every fuzz worker.
	ed := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))
	ctx := context.Background()
	cred := readTestCredential(f)
	for _, opts := range []SignOptions{{}, {Layout: LayoutVC11}, {EmbedJWK: true}} {
		tok, err := Sign(ctx, cred, ed, opts)
		if err != nil {
			f.Fatal(err)
		}
		f.Add([]byte(tok))
	}
	f.Add([]byte(""))
	f.Add([]byte("a.b.c"))
	f.Add([]byte("eyJhbGciOiJub25lIn0.e30."))
	f.Add([]byte("eyJhbGciOiJFZERTQSIsImp3ayI6e319.e30.AA"))
	sentinels := []error{ErrMalformed, ErrAlgorithm, ErrSignature, ErrUnresolvable, ErrClaimMismatch, ErrLimitExceeded}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Verify(ctx, data, VerifyOptions{MaxBytes: 1 << 16})
		if err != nil {
			t.Fatal(err)
		}
		if r.Verified {
			if r.Err != nil || len(r.Payload) == 0 || len(r.Credential) == 0 {
				t.Fatalf("verified with err=%v payload=%d credential=%d", r.Err, len(r.Payload), len(r.Credential))
			}
			if !bytes.Contains(r.Payload, r.Credential) {
				t.Fatal("credential is not part of the signed payload")
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
