package verify

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"strings"
	"testing"

	"github.com/laurelhq/laurel/credential/keys"
	"github.com/laurelhq/laurel/credential/vcjwt"
)

// TestDocumentMapKeys verifies VC-JWTs whose kid is found through a
// documents map in each way the map serves keys: a controller document at
// the base URL, a JWK Set member picked by kid, a key published under its
// own full URL. The map also holds documents that are not JSON-LD contexts
// (a VC-JWT, an array, a large document), which must not stop New.
func TestDocumentMapKeys(t *testing.T) {
	const issuer = "https://example.edu/issuer"
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	jwk := func(kid string) map[string]any {
		b, err := keys.PublicJWK(key.Public(), kid)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	js := func(v any) []byte {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	controller := js(map[string]any{
		"id": issuer,
		"verificationMethod": []any{map[string]any{
			"id": issuer + "#vm-1", "type": "JsonWebKey", "controller": issuer, "publicKeyJwk": jwk(""),
		}},
		"assertionMethod": []any{issuer + "#vm-1"},
	})
	big := js(map[string]any{"@context": map[string]any{"x": "https://example.edu/x"}, "pad": strings.Repeat("a", 2<<20)})
	docs := map[string][]byte{
		issuer:                             controller,
		"https://example.edu/jwks":         js(map[string]any{"keys": []any{jwk("other"), jwk("k1")}}),
		issuer + "#k2":                     js(jwk("")),
		"https://example.edu/status/jwt":   []byte("eyJhbGciOiJFUzI1NiJ9.e30.c2ln"),
		"https://example.edu/status/array": []byte(`[1,2]`),
		"https://example.edu/big":          big,
	}
	cred := func(iss string) []byte {
		return js(map[string]any{
			"@context":  []any{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
			"id":        "urn:uuid:7f0e1d2c-3b4a-4c5d-8e6f-7a8b9c0d1e2f",
			"type":      []any{"VerifiableCredential", "OpenBadgeCredential"},
			"issuer":    map[string]any{"id": iss, "type": []any{"Profile"}, "name": "Example"},
			"validFrom": "2026-01-01T00:00:00Z",
			"credentialSubject": map[string]any{"id": "did:example:learner", "type": []any{"AchievementSubject"},
				"achievement": map[string]any{"id": "https://example.edu/a/1", "type": []any{"Achievement"}, "name": "Example",
					"criteria": map[string]any{"narrative": "Did it."}}},
		})
	}
	tests := []struct {
		name, issuer, kid string
		proof, binding    Outcome
	}{
		{"controller document at the base URL", issuer, issuer + "#vm-1", Pass, Pass},
		{"JWK Set member by kid", "https://example.edu/jwks", "https://example.edu/jwks#k1", Pass, Pass},
		{"JWK Set at another URL than the issuer", issuer, "https://example.edu/jwks#k1", Pass, Fail},
		{"key under its own full URL, beside the controller document", issuer, issuer + "#k2", Pass, Pass},
		{"JWK Set without that kid", issuer, "https://example.edu/jwks#k9", Fail, Skip},
	}
	v := newVerifier(t, Config{Documents: NewDocumentMap(docs), Now: at("2026-06-01T00:00:00Z")})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := vcjwt.Sign(context.Background(), cred(tt.issuer), key, vcjwt.SignOptions{KeyID: tt.kid})
			if err != nil {
				t.Fatal(err)
			}
			r := v.Verify(context.Background(), []byte(tok), nil)
			if c, _ := r.Check(CheckProof); c.Outcome != tt.proof {
				t.Errorf("proof %s, want %s: %s", c.Outcome, tt.proof, describe(r))
			}
			if c, _ := r.Check(CheckIssuer); c.Outcome != tt.binding {
				t.Errorf("issuer %s, want %s: %s", c.Outcome, tt.binding, describe(r))
			}
		})
	}
}
