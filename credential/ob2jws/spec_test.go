package ob2jws

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/laurelhq/laurel/internal/spectest"
)

// The OB 2.0 spec's signed-badge example carries a placeholder signature for
// a key that does not exist. With a documents map that binds a key to its
// issuer it must parse, resolve and then fail on the signature; re-signed
// with that key, the same payload verifies.
func TestSpecSignedBadgeExample(t *testing.T) {
	jws := spectest.Read(t, "examples", "ob2", "spec-examples", "signed-assertion.example.jws")
	rs, _ := rsaKeys(t)
	ctx := context.Background()
	const (
		creator = "https://example.org/publicKey"
		badge   = "https://example.org/robotics-badge.json"
		org     = "https://example.org/organization.json"
	)
	w := world{
		creator: keyDoc(t, creator, org, &rs.PublicKey),
		badge:   js(t, map[string]any{"id": badge, "type": "BadgeClass", "issuer": org}),
		org:     js(t, map[string]any{"id": org, "type": "Issuer", "publicKey": creator}),
	}
	r, err := Verify(ctx, jws, VerifyOptions{Documents: w})
	if err != nil {
		t.Fatal(err)
	}
	if r.Verified || !errors.Is(r.Err, ErrSignature) || r.KeyID != creator || r.BadgeClass != badge {
		t.Fatalf("verified=%v err=%v key=%s badge=%s, want ErrSignature for %s", r.Verified, r.Err, r.KeyID, r.BadgeClass, creator)
	}

	parts := strings.Split(strings.TrimSpace(string(jws)), ".")
	payload, err := b64.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	tok, err := Sign(ctx, payload, rs, SignOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r, err = Verify(ctx, []byte(tok), VerifyOptions{Documents: w})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Verified || r.Issuer != org {
		t.Fatalf("re-signed example: verified=%v err=%v issuer=%s", r.Verified, r.Err, r.Issuer)
	}
}
