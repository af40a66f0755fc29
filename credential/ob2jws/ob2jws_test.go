package ob2jws

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
)

var (
	keyOnce          sync.Once
	rsaKey, otherRSA *rsa.PrivateKey
)

func rsaKeys(tb testing.TB) (*rsa.PrivateKey, *rsa.PrivateKey) {
	tb.Helper()
	keyOnce.Do(func() {
		var err error
		if rsaKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
		if otherRSA, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
	})
	return rsaKey, otherRSA
}

const (
	issuerURL = "https://issuer.laurel.test/profile.json"
	keyURL    = "https://issuer.laurel.test/keys/1.json"
	badgeURL  = "https://issuer.laurel.test/badges/robotics.json"
)

func pemOf(tb testing.TB, pub crypto.PublicKey) string {
	tb.Helper()
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		tb.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

func js(tb testing.TB, v any) []byte {
	tb.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// world is an in-memory set of hosted documents.
type world map[string][]byte

func (w world) Fetch(_ context.Context, url string) ([]byte, error) {
	if b, ok := w[url]; ok {
		return b, nil
	}
	return nil, fmt.Errorf("%s: not in the documents map", url)
}

func keyDoc(tb testing.TB, id, owner string, pub crypto.PublicKey) []byte {
	return js(tb, map[string]any{
		"@context": "https://w3id.org/openbadges/v2", "type": "CryptographicKey",
		"id": id, "owner": owner, "publicKeyPem": pemOf(tb, pub),
	})
}

func newWorld(tb testing.TB, pub crypto.PublicKey) world {
	return world{
		keyURL: keyDoc(tb, keyURL, issuerURL, pub),
		issuerURL: js(tb, map[string]any{
			"@context": "https://w3id.org/openbadges/v2", "type": "Issuer", "id": issuerURL,
			"name": "Laurel Test Issuer", "url": "https://issuer.laurel.test/", "email": "badges@issuer.laurel.test",
			"publicKey": []any{keyURL}, "revocationList": "https://issuer.laurel.test/revocations.json",
		}),
		badgeURL: js(tb, map[string]any{
			"@context": "https://w3id.org/openbadges/v2", "type": "BadgeClass", "id": badgeURL,
			"name": "Robotics", "description": "Builds robots.", "image": "https://issuer.laurel.test/robotics.png",
			"criteria": "https://issuer.laurel.test/robotics.html", "issuer": issuerURL,
		}),
	}
}

func assertionJSON(tb testing.TB, edit func(map[string]any)) []byte {
	sum := sha256.Sum256([]byte("learner@laurel.test" + "deadsea"))
	a := map[string]any{
		"@context": "https://w3id.org/openbadges/v2",
		"type":     "Assertion",
		"id":       "urn:uuid:8c7e3c52-5a2f-4b8e-9f0e-1c2d3e4f5a6b",
		"recipient": map[string]any{
			"type": "email", "hashed": true, "salt": "deadsea", "identity": fmt.Sprintf("sha256$%x", sum),
		},
		"badge":        badgeURL,
		"issuedOn":     "2026-01-15T09:30:00Z",
		"verification": map[string]any{"type": "SignedBadge", "creator": keyURL},
	}
	if edit != nil {
		edit(a)
	}
	return js(tb, a)
}

func TestRoundTrip(t *testing.T) {
	rs, _ := rsaKeys(t)
	p256, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	_, ed, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tests := []struct {
		name   string
		signer crypto.Signer
		alg    string
		edit   func(map[string]any)
		world  func(world)
	}{
		{"RS256", rs, RS256, nil, nil},
		{"ES256", p256, ES256, nil, nil},
		{"EdDSA", ed, EdDSA, nil, nil},
		{"OB 1.x verify member", rs, RS256, func(a map[string]any) {
			a["verify"] = a["verification"]
			delete(a, "verification")
		}, nil},
		{"no creator, key from profile", rs, RS256, func(a map[string]any) {
			a["verification"] = map[string]any{"type": "SignedBadge"}
		}, nil},
		{"embedded badge class", rs, RS256, func(a map[string]any) {
			a["badge"] = map[string]any{"id": badgeURL, "type": "BadgeClass", "issuer": issuerURL}
		}, nil},
		{"PKCS1 PEM and embedded key object in profile", rs, RS256, nil, func(w world) {
			w[keyURL] = js(t, map[string]any{"id": keyURL, "type": "CryptographicKey", "owner": issuerURL,
				"publicKeyPem": string(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&rs.PublicKey)}))})
			w[issuerURL] = js(t, map[string]any{"id": issuerURL, "type": "Issuer", "publicKey": map[string]any{"id": keyURL}})
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, tc.signer.Public())
			if tc.world != nil {
				tc.world(w)
			}
			a := assertionJSON(t, tc.edit)
			tok, err := Sign(ctx, a, tc.signer, SignOptions{})
			if err != nil {
				t.Fatal(err)
			}
			r, err := Verify(ctx, []byte(tok), VerifyOptions{Documents: w, Algorithms: []string{RS256, ES256, EdDSA}})
			if err != nil {
				t.Fatal(err)
			}
			if !r.Verified {
				t.Fatalf("not verified: %v", r.Err)
			}
			if r.Algorithm != tc.alg || r.KeyID != keyURL || r.Issuer != issuerURL || r.BadgeClass != badgeURL {
				t.Errorf("got alg %s key %s issuer %s badge %s", r.Algorithm, r.KeyID, r.Issuer, r.BadgeClass)
			}
			var got, want any
			if err := json.Unmarshal(r.Payload, &got); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(a, &want); err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("payload changed: %s", r.Payload)
			}
			parts := strings.Split(tok, ".")
			if p, _ := b64.DecodeString(parts[1]); string(p) != string(r.Payload) {
				t.Error("Payload is not the signed bytes")
			}
		})
	}
}

func TestVerifyFailures(t *testing.T) {
	rs, other := rsaKeys(t)
	ctx := context.Background()
	sign := func(a []byte, s crypto.Signer) string {
		tok, err := Sign(ctx, a, s, SignOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	good := sign(assertionJSON(t, nil), rs)
	parts := strings.Split(good, ".")
	payload, _ := b64.DecodeString(parts[1])
	tamper := func(old, new string) string {
		p := strings.Replace(string(payload), old, new, 1)
		if p == string(payload) {
			t.Fatalf("%q not in payload", old)
		}
		return parts[0] + "." + b64.EncodeToString([]byte(p)) + "." + parts[2]
	}
	raw := func(hdr string, payload []byte, s crypto.Signer, alg string) string {
		input := b64.EncodeToString([]byte(hdr)) + "." + b64.EncodeToString(payload)
		sig, err := signInput(rand.Reader, s, alg, []byte(input))
		if err != nil {
			t.Fatal(err)
		}
		return input + "." + b64.EncodeToString(sig)
	}
	_, ed, _ := ed25519.GenerateKey(rand.Reader)
	tests := []struct {
		name  string
		tok   string
		world func(world)
		opts  VerifyOptions
		want  error
	}{
		{"one byte of the date changed", tamper("2026-01-15", "2026-01-16"), nil, VerifyOptions{}, ErrSignature},
		{"recipient changed", tamper("deadsea", "deadsed"), nil, VerifyOptions{}, ErrSignature},
		{"signature byte flipped", parts[0] + "." + parts[1] + "." + flipFirst(parts[2]), nil, VerifyOptions{}, ErrSignature},
		{"signed by another key", sign(assertionJSON(t, nil), other), nil, VerifyOptions{}, ErrSignature},
		{"key owned by someone else", good, func(w world) {
			w[keyURL] = keyDoc(t, keyURL, "https://evil.test/profile.json", &rs.PublicKey)
		}, VerifyOptions{}, ErrKeyOwner},
		{"key without owner", good, func(w world) {
			w[keyURL] = js(t, map[string]any{"id": keyURL, "publicKeyPem": pemOf(t, &rs.PublicKey)})
		}, VerifyOptions{}, ErrKeyOwner},
		{"profile does not list the key", good, func(w world) {
			w[issuerURL] = js(t, map[string]any{"id": issuerURL, "type": "Issuer", "publicKey": "https://issuer.laurel.test/keys/2.json"})
		}, VerifyOptions{}, ErrKeyOwner},
		{"badge class of another issuer", good, func(w world) {
			w[badgeURL] = js(t, map[string]any{"id": badgeURL, "type": "BadgeClass", "issuer": "https://evil.test/profile.json"})
			w["https://evil.test/profile.json"] = js(t, map[string]any{"id": "https://evil.test/profile.json", "publicKey": keyURL})
		}, VerifyOptions{}, ErrKeyOwner},
		{"key document at the wrong URL", good, func(w world) {
			w[keyURL] = keyDoc(t, "https://issuer.laurel.test/keys/9.json", issuerURL, &rs.PublicKey)
		}, VerifyOptions{}, ErrMalformed},
		{"key missing", good, func(w world) { delete(w, keyURL) }, VerifyOptions{}, ErrUnresolvable},
		{"profile missing", good, func(w world) { delete(w, issuerURL) }, VerifyOptions{}, ErrUnresolvable},
		{"badge class missing", good, func(w world) { delete(w, badgeURL) }, VerifyOptions{}, ErrUnresolvable},
		{"no documents loader", good, nil, VerifyOptions{Documents: nil}, ErrUnresolvable},
		{"bad PEM", good, func(w world) {
			w[keyURL] = js(t, map[string]any{"id": keyURL, "owner": issuerURL, "publicKeyPem": "-----BEGIN PUBLIC KEY-----\nMIIBG0BA...OClDQAB\n-----END PUBLIC KEY-----\n"})
		}, VerifyOptions{}, ErrMalformed},
		{"Ed25519 key for RS256", raw(`{"alg":"RS256"}`, assertionJSON(t, nil), rs, RS256), func(w world) {
			w[keyURL] = keyDoc(t, keyURL, issuerURL, ed.Public())
		}, VerifyOptions{}, ErrAlgorithm},
		{"EdDSA not allowed by default", raw(`{"alg":"EdDSA"}`, assertionJSON(t, nil), ed, EdDSA), func(w world) {
			w[keyURL] = keyDoc(t, keyURL, issuerURL, ed.Public())
		}, VerifyOptions{}, ErrAlgorithm},
		{"alg none", b64.EncodeToString([]byte(`{"alg":"none"}`)) + "." + parts[1] + ".", nil, VerifyOptions{}, ErrAlgorithm},
		{"HS256", b64.EncodeToString([]byte(`{"alg":"HS256"}`)) + "." + parts[1] + ".AAAA", nil, VerifyOptions{Algorithms: []string{"HS256"}}, ErrAlgorithm},
		{"hosted, not signed", raw(`{"alg":"RS256"}`, assertionJSON(t, func(a map[string]any) {
			a["verification"] = map[string]any{"type": "HostedBadge"}
		}), rs, RS256), nil, VerifyOptions{}, ErrMalformed},
		{"no verification", raw(`{"alg":"RS256"}`, assertionJSON(t, func(a map[string]any) { delete(a, "verification") }), rs, RS256), nil, VerifyOptions{}, ErrMalformed},
		{"duplicate member", raw(`{"alg":"RS256"}`, []byte(`{"badge":"a","badge":"b","verification":{"type":"SignedBadge","creator":"`+keyURL+`"}}`), rs, RS256), nil, VerifyOptions{}, ErrMalformed},
		{"not JSON", raw(`{"alg":"RS256"}`, []byte("nope"), rs, RS256), nil, VerifyOptions{}, ErrMalformed},
		{"two parts", "a.b", nil, VerifyOptions{}, ErrMalformed},
		{"too large", good, nil, VerifyOptions{MaxBytes: 64}, ErrLimitExceeded},
		{"no creator, profile without keys", raw(`{"alg":"RS256"}`, assertionJSON(t, func(a map[string]any) {
			a["verification"] = map[string]any{"type": "SignedBadge"}
		}), rs, RS256), func(w world) {
			w[issuerURL] = js(t, map[string]any{"id": issuerURL, "type": "Issuer"})
		}, VerifyOptions{}, ErrUnresolvable},
		{"no creator, profile key owned elsewhere", raw(`{"alg":"RS256"}`, assertionJSON(t, func(a map[string]any) {
			a["verification"] = map[string]any{"type": "SignedBadge"}
		}), rs, RS256), func(w world) {
			w[keyURL] = keyDoc(t, keyURL, "https://evil.test/profile.json", &rs.PublicKey)
		}, VerifyOptions{}, ErrKeyOwner},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, &rs.PublicKey)
			if tc.world != nil {
				tc.world(w)
			}
			opts := tc.opts
			if opts.Documents == nil && tc.name != "no documents loader" {
				opts.Documents = w
			}
			r, err := Verify(ctx, []byte(tc.tok), opts)
			if err != nil {
				t.Fatal(err)
			}
			if r.Verified {
				t.Fatal("verified, want a failure")
			}
			if !errors.Is(r.Err, tc.want) {
				t.Fatalf("err %v, want %v", r.Err, tc.want)
			}
			t.Log(r.Err)
			if !strings.HasPrefix(r.Err.Error(), "ob2jws: ") {
				t.Errorf("error %q lacks the package prefix", r.Err)
			}
			if r.Payload != nil && !errors.Is(r.Err, ErrKeyOwner) && !errors.Is(r.Err, ErrUnresolvable) {
				t.Error("payload returned for an unverified signature")
			}
		})
	}
}

func TestSignErrors(t *testing.T) {
	rs, _ := rsaKeys(t)
	ctx := context.Background()
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		a      []byte
		signer crypto.Signer
		want   error
	}{
		{"hosted", assertionJSON(t, func(a map[string]any) { a["verification"] = map[string]any{"type": "HostedBadge"} }), rs, ErrMalformed},
		{"no badge", assertionJSON(t, func(a map[string]any) { delete(a, "badge") }), rs, ErrMalformed},
		{"not JSON", []byte(`{"badge":`), rs, ErrMalformed},
		{"RSA 1024", assertionJSON(t, nil), small, ErrAlgorithm},
		{"nil signer", assertionJSON(t, nil), nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := Sign(ctx, tc.a, tc.signer, SignOptions{})
			if err == nil {
				t.Fatalf("signed %q", tok)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("err %v, want %v", err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "ob2jws: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

// flipFirst changes the first character of a base64url string to another
// one, so the decoded bytes always differ (a fixed "A" would leave a
// signature that already starts with "A" unchanged, one key in 64).
func flipFirst(s string) string {
	if s[0] == 'A' {
		return "B" + s[1:]
	}
	return "A" + s[1:]
}
