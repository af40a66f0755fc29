package vcjwt

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/laurelhq/laurel/internal/spectest"
)

type specExample struct {
	name, path string
	jwt        []byte
}

func specJWTs(t *testing.T) []specExample {
	t.Helper()
	dir := spectest.Dir(t, "examples", "ob3")
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.jwt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skip("no .jwt examples under examples/ob3")
	}
	var out []specExample
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, f)
		out = append(out, specExample{name: rel, path: f, jwt: b})
	}
	return out
}

// stripClaims removes the registered JWT claims from a VC 2.0 payload so it
// can be compared with the unsigned credential.
func stripClaims(t *testing.T, payload []byte) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(payload, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"iss", "sub", "jti", "nbf", "exp", "iat"} {
		delete(m, k)
	}
	return mustJSON(t, m)
}

func TestSpecExamplesVerify(t *testing.T) {
	ctx := context.Background()
	for _, ex := range specJWTs(t) {
		t.Run(ex.name, func(t *testing.T) {
			r, err := Verify(ctx, ex.jwt, VerifyOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !r.Verified {
				t.Fatalf("not verified: %v", r.Err)
			}
			if r.KeySource != KeyFromJWK || r.Algorithm != RS256 {
				t.Errorf("key source %q alg %q, want jwk RS256", r.KeySource, r.Algorithm)
			}
			wantLayout := LayoutVC11
			if strings.Contains(ex.name, "-vc2-") {
				wantLayout = LayoutVC2
			}
			if r.Layout != wantLayout {
				t.Errorf("layout %v, want %v", r.Layout, wantLayout)
			}
			// The credential is the unsigned example, exactly as signed.
			unsigned, err := os.ReadFile(strings.TrimSuffix(ex.path, ".jwt") + ".unsigned.json")
			if err != nil {
				t.Skipf("no unsigned twin: %v", err)
			}
			got := r.Credential
			if r.Layout == LayoutVC2 {
				got = stripClaims(t, got)
			}
			if !jsonEqual(t, got, unsigned) {
				t.Errorf("credential differs from %s", filepath.Base(ex.path))
			}
			parts := strings.Split(strings.TrimSpace(string(ex.jwt)), ".")
			p, _ := b64.DecodeString(parts[1])
			if string(p) != string(r.Payload) {
				t.Error("Payload is not the signed payload")
			}
		})
	}
}

// TestSpecExamplesTampered changes one byte of the signed payload (and of the
// signature) at several places; every change must fail with ErrSignature.
func TestSpecExamplesTampered(t *testing.T) {
	ctx := context.Background()
	for _, ex := range specJWTs(t) {
		t.Run(ex.name, func(t *testing.T) {
			parts := strings.Split(strings.TrimSpace(string(ex.jwt)), ".")
			payload, err := b64.DecodeString(parts[1])
			if err != nil {
				t.Fatal(err)
			}
			for _, pos := range []int{0, 1, len(payload) / 3, len(payload) / 2, len(payload) - 2, len(payload) - 1} {
				p := append([]byte(nil), payload...)
				p[pos] ^= 0x01
				tok := parts[0] + "." + b64.EncodeToString(p) + "." + parts[2]
				r, err := Verify(ctx, []byte(tok), VerifyOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if r.Verified || !errors.Is(r.Err, ErrSignature) {
					t.Errorf("payload byte %d flipped: verified=%v err=%v, want ErrSignature", pos, r.Verified, r.Err)
				}
				if r.Payload != nil {
					t.Errorf("payload byte %d flipped: unverified payload returned", pos)
				}
			}
			sig, _ := b64.DecodeString(parts[2])
			for _, pos := range []int{0, len(sig) / 2, len(sig) - 1} {
				s := append([]byte(nil), sig...)
				s[pos] ^= 0x80
				tok := parts[0] + "." + parts[1] + "." + b64.EncodeToString(s)
				r, _ := Verify(ctx, []byte(tok), VerifyOptions{})
				if r.Verified || !errors.Is(r.Err, ErrSignature) {
					t.Errorf("signature byte %d flipped: err=%v, want ErrSignature", pos, r.Err)
				}
			}
		})
	}
}

func TestSpecKidHeader(t *testing.T) {
	// The spec's kid header example names a key by URL; without a resolver it
	// is unresolvable, never fetched.
	hdr := spectest.Read(t, "examples", "ob3", "spec-misc", "jose-header-kid.json")
	ed, _, _, _ := testKeys(t)
	var h map[string]any
	if err := json.Unmarshal(hdr, &h); err != nil {
		t.Fatal(err)
	}
	h["alg"] = EdDSA
	tok := rawJWT(t, ed, EdDSA, mustJSON(t, h), readTestCredential(t))
	r, err := Verify(context.Background(), []byte(tok), VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(r.Err, ErrUnresolvable) || r.KeyID != h["kid"] {
		t.Fatalf("err %v kid %q, want ErrUnresolvable for %v", r.Err, r.KeyID, h["kid"])
	}
}
