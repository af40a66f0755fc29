package vcjwt

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/laurelhq/laurel/credential/keys"
)

func TestRoundTrip(t *testing.T) {
	ed, p256, p384, rs := testKeys(t)
	cred := readTestCredential(t)
	ctx := context.Background()
	resolver := KeyResolverFunc(func(_ context.Context, kid string) (crypto.PublicKey, error) {
		switch kid {
		case "https://issuer.laurel.test/keys/rsa":
			return rs.Public(), nil
		case "https://issuer.laurel.test/keys/p384":
			return p384.Public(), nil
		}
		return nil, fmt.Errorf("unknown key %s", kid)
	})
	tests := []struct {
		name    string
		signer  crypto.Signer
		opts    SignOptions
		alg     string
		source  KeySource
		allowed []string
	}{
		{"EdDSA did:key vc2", ed, SignOptions{}, EdDSA, KeyFromDIDKey, nil},
		{"EdDSA jwk vc11", ed, SignOptions{EmbedJWK: true, Layout: LayoutVC11}, EdDSA, KeyFromJWK, nil},
		{"ES256 did:key vc11", p256, SignOptions{Layout: LayoutVC11}, ES256, KeyFromDIDKey, nil},
		{"ES256 jwk vc2", p256, SignOptions{EmbedJWK: true}, ES256, KeyFromJWK, nil},
		{"RS256 resolver vc2", rs, SignOptions{KeyID: "https://issuer.laurel.test/keys/rsa"}, RS256, KeyFromResolver, nil},
		{"RS256 jwk vc11", rs, SignOptions{EmbedJWK: true, Layout: LayoutVC11}, RS256, KeyFromJWK, nil},
		{"ES384 resolver vc2 allowed", p384, SignOptions{KeyID: "https://issuer.laurel.test/keys/p384"}, ES384, KeyFromResolver, []string{ES384}},
		{"EdDSA vc2 no claims", ed, SignOptions{OmitClaims: true}, EdDSA, KeyFromDIDKey, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := Sign(ctx, cred, tc.signer, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Verify(ctx, []byte(tok), VerifyOptions{Resolver: resolver, Algorithms: tc.allowed})
			if err != nil {
				t.Fatal(err)
			}
			if !r.Verified {
				t.Fatalf("not verified: %v", r.Err)
			}
			if r.Algorithm != tc.alg || r.KeySource != tc.source || r.Layout != tc.opts.Layout {
				t.Errorf("alg %s source %s layout %v, want %s %s %v", r.Algorithm, r.KeySource, r.Layout, tc.alg, tc.source, tc.opts.Layout)
			}
			got := r.Credential
			if r.Layout == LayoutVC2 {
				got = stripClaims(t, got)
			}
			if !jsonEqual(t, got, cred) {
				t.Errorf("credential changed:\n%s", r.Credential)
			}
			if tc.opts.OmitClaims {
				if r.Claims != (Claims{}) {
					t.Errorf("claims %+v, want none", r.Claims)
				}
				return
			}
			want := Claims{
				Issuer:    "https://issuer.laurel.test/profiles/acme",
				Subject:   "did:example:learner-4242",
				ID:        "urn:uuid:5b0a4d1e-7c1f-4c55-9a57-2a1a0f9f3c11",
				NotBefore: time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC),
				Expires:   time.Date(2031, 1, 15, 9, 30, 0, 0, time.UTC),
			}
			if r.Claims != want {
				t.Errorf("claims %+v, want %+v", r.Claims, want)
			}
			var h map[string]any
			if err := json.Unmarshal(r.Header, &h); err != nil {
				t.Fatal(err)
			}
			wantTyp := map[Layout]string{LayoutVC2: "vc+jwt", LayoutVC11: "JWT"}[tc.opts.Layout]
			if h["typ"] != wantTyp {
				t.Errorf("typ %v, want %s", h["typ"], wantTyp)
			}
		})
	}
}

func TestSignErrors(t *testing.T) {
	ed, _, _, rs := testKeys(t)
	ctx := context.Background()
	cred := readTestCredential(t)
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		cred   string
		signer crypto.Signer
		opts   SignOptions
		want   error
	}{
		{"not JSON", `{"a":`, ed, SignOptions{}, ErrMalformed},
		{"duplicate member", `{"type":["VerifiableCredential"],"id":"a","id":"b"}`, ed, SignOptions{}, ErrMalformed},
		{"not a credential", `{"type":["VerifiablePresentation"]}`, ed, SignOptions{}, ErrMalformed},
		{"array", `[1]`, ed, SignOptions{}, ErrMalformed},
		{"bad date", `{"type":"VerifiableCredential","validFrom":"yesterday"}`, ed, SignOptions{}, ErrMalformed},
		{"too deep", `{"type":"VerifiableCredential","x":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, ed, SignOptions{}, ErrLimitExceeded},
		{"RSA without kid", string(cred), rs, SignOptions{}, nil},
		{"RSA 1024", string(cred), small, SignOptions{EmbedJWK: true}, ErrAlgorithm},
		{"nil signer", string(cred), nil, SignOptions{}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := Sign(ctx, []byte(tc.cred), tc.signer, tc.opts)
			if err == nil {
				t.Fatalf("signed %q, want an error", tok)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("err %v, want %v", err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "vcjwt: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

func TestVerifyRefuses(t *testing.T) {
	ed, p256, _, rs := testKeys(t)
	ctx := context.Background()
	cred := readTestCredential(t)
	edJWK, err := keys.PublicJWK(ed.Public(), "")
	if err != nil {
		t.Fatal(err)
	}
	rsJWK, err := keys.PublicJWK(rs.Public(), "")
	if err != nil {
		t.Fatal(err)
	}
	privJWK, err := keys.PrivateJWK(ed, "")
	if err != nil {
		t.Fatal(err)
	}
	_, edKid, err := keys.DIDKey(ed.Public())
	if err != nil {
		t.Fatal(err)
	}
	hdr := func(alg string, extra string) []byte {
		return []byte(`{"alg":"` + alg + `"` + extra + `}`)
	}
	jwk := func(j []byte) string { return `,"jwk":` + string(j) }
	good := func(opts SignOptions) string {
		tok, err := Sign(ctx, cred, ed, opts)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	// alg none: an unsecured JWT with an empty signature.
	none := b64.EncodeToString(hdr("none", jwk(edJWK))) + "." + b64.EncodeToString(cred) + "."
	// HS256 keyed with the RSA public key the header carries: the classic
	// algorithm-confusion forgery.
	hsInput := b64.EncodeToString(hdr("HS256", jwk(rsJWK))) + "." + b64.EncodeToString(cred)
	mac := hmac.New(sha256.New, rsJWK)
	mac.Write([]byte(hsInput))
	hs256 := hsInput + "." + b64.EncodeToString(mac.Sum(nil))

	var vc map[string]any
	if err := json.Unmarshal(cred, &vc); err != nil {
		t.Fatal(err)
	}
	withClaim := func(name string, v any, layout Layout) []byte {
		if layout == LayoutVC11 {
			return mustJSON(t, map[string]any{"vc": vc, name: v})
		}
		m := map[string]any{}
		for k, x := range vc {
			m[k] = x
		}
		m[name] = v
		return mustJSON(t, m)
	}
	edHdr := hdr(EdDSA, jwk(edJWK))
	vp := []byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiablePresentation"]}`)

	tests := []struct {
		name string
		tok  string
		opts VerifyOptions
		want error
	}{
		{"alg none", none, VerifyOptions{}, ErrAlgorithm},
		{"alg none allow-listed", none, VerifyOptions{Algorithms: []string{"none"}}, ErrAlgorithm},
		{"HS256 with public key as secret", hs256, VerifyOptions{}, ErrAlgorithm},
		{"HS256 allow-listed", hs256, VerifyOptions{Algorithms: []string{"HS256", RS256}}, ErrAlgorithm},
		{"EdDSA not allow-listed", good(SignOptions{}), VerifyOptions{Algorithms: []string{RS256}}, ErrAlgorithm},
		{"jwk with private part", rawJWT(t, ed, EdDSA, hdr(EdDSA, jwk(privJWK)), cred), VerifyOptions{}, ErrPrivateKey},
		{"alg does not fit jwk", rawJWT(t, ed, EdDSA, hdr(RS256, `,"jwk":{"kty":"OKP","crv":"Ed25519","x":"`+b64.EncodeToString(ed.Public().(ed25519.PublicKey))+`"}`), cred), VerifyOptions{}, ErrAlgorithm},
		{"ES256 header with Ed25519 did:key", rawJWT(t, ed, EdDSA, hdr(ES256, `,"kid":"`+edKid+`"`), cred), VerifyOptions{}, ErrAlgorithm},
		{"jwk alg disagrees", rawJWT(t, p256, ES256, hdr(ES256, `,"jwk":{"kty":"OKP","crv":"Ed25519","alg":"EdDSA","x":"`+b64.EncodeToString(ed.Public().(ed25519.PublicKey))+`"}`), cred), VerifyOptions{}, ErrAlgorithm},
		{"no key", rawJWT(t, ed, EdDSA, hdr(EdDSA, ""), cred), VerifyOptions{}, ErrUnresolvable},
		{"kid without resolver", good(SignOptions{KeyID: "https://issuer.laurel.test/keys/1"}), VerifyOptions{}, ErrUnresolvable},
		{"resolver fails", good(SignOptions{KeyID: "https://issuer.laurel.test/keys/1"}), VerifyOptions{Resolver: KeyResolverFunc(func(context.Context, string) (crypto.PublicKey, error) {
			return nil, errors.New("not in the documents map")
		})}, ErrUnresolvable},
		{"resolver returns another key", good(SignOptions{KeyID: "https://issuer.laurel.test/keys/1"}), VerifyOptions{Resolver: KeyResolverFunc(func(context.Context, string) (crypto.PublicKey, error) {
			other, err := keys.Generate(EdDSA, rand.Reader)
			if err != nil {
				return nil, err
			}
			return other.Public(), nil
		})}, ErrSignature},
		{"bad did:key", rawJWT(t, ed, EdDSA, hdr(EdDSA, `,"kid":"did:key:z6MkNOTAKEY#z6MkNOTAKEY"`), cred), VerifyOptions{}, ErrUnresolvable},
		{"iss mismatch vc2", rawJWT(t, ed, EdDSA, edHdr, withClaim("iss", "https://evil.test/", LayoutVC2)), VerifyOptions{}, ErrClaimMismatch},
		{"iss mismatch vc11", rawJWT(t, ed, EdDSA, edHdr, withClaim("iss", "https://evil.test/", LayoutVC11)), VerifyOptions{}, ErrClaimMismatch},
		{"sub mismatch", rawJWT(t, ed, EdDSA, edHdr, withClaim("sub", "did:example:other", LayoutVC11)), VerifyOptions{}, ErrClaimMismatch},
		{"jti mismatch", rawJWT(t, ed, EdDSA, edHdr, withClaim("jti", "urn:uuid:other", LayoutVC2)), VerifyOptions{}, ErrClaimMismatch},
		{"nbf mismatch", rawJWT(t, ed, EdDSA, edHdr, withClaim("nbf", 1000, LayoutVC11)), VerifyOptions{}, ErrClaimMismatch},
		{"exp mismatch", rawJWT(t, ed, EdDSA, edHdr, withClaim("exp", 1000, LayoutVC2)), VerifyOptions{}, ErrClaimMismatch},
		{"iss not a string", rawJWT(t, ed, EdDSA, edHdr, withClaim("iss", 7, LayoutVC2)), VerifyOptions{}, ErrMalformed},
		{"nbf not a number", rawJWT(t, ed, EdDSA, edHdr, withClaim("nbf", "2026", LayoutVC11)), VerifyOptions{}, ErrMalformed},
		{"vc not an object", rawJWT(t, ed, EdDSA, edHdr, []byte(`{"vc":"x"}`)), VerifyOptions{}, ErrMalformed},
		{"presentation", rawJWT(t, ed, EdDSA, edHdr, vp), VerifyOptions{}, ErrMalformed},
		{"typ vp+jwt", rawJWT(t, ed, EdDSA, hdr(EdDSA, `,"typ":"vp+jwt"`+jwk(edJWK)), cred), VerifyOptions{}, ErrMalformed},
		{"b64 false", rawJWT(t, ed, EdDSA, hdr(EdDSA, `,"b64":false,"crit":["b64"]`+jwk(edJWK)), cred), VerifyOptions{}, ErrMalformed},
		{"duplicate header member", rawJWT(t, ed, EdDSA, []byte(`{"alg":"RS256","alg":"EdDSA"`+jwk(edJWK)+`}`), cred), VerifyOptions{}, ErrMalformed},
		{"duplicate payload member", rawJWT(t, ed, EdDSA, edHdr, []byte(`{"type":["VerifiableCredential"],"issuer":"a","issuer":"b"}`)), VerifyOptions{}, ErrMalformed},
		{"payload not JSON", rawJWT(t, ed, EdDSA, edHdr, []byte(`hello`)), VerifyOptions{}, ErrMalformed},
		{"two parts", "a.b", VerifyOptions{}, ErrMalformed},
		{"JWE-like five parts", "a.b.c.d.e", VerifyOptions{}, ErrMalformed},
		{"header not base64", "!!!." + b64.EncodeToString(cred) + ".AA", VerifyOptions{}, ErrMalformed},
		{"header without alg", rawJWT(t, ed, EdDSA, []byte(`{"typ":"JWT"}`), cred), VerifyOptions{}, ErrMalformed},
		{"too large", good(SignOptions{}), VerifyOptions{MaxBytes: 100}, ErrLimitExceeded},
		{"too deep", rawJWT(t, ed, EdDSA, edHdr, []byte(`{"type":"VerifiableCredential","x":`+strings.Repeat("[", 100)+strings.Repeat("]", 100)+`}`)), VerifyOptions{}, ErrLimitExceeded},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Verify(ctx, []byte(tc.tok), tc.opts)
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
			if !strings.HasPrefix(r.Err.Error(), "vcjwt: ") {
				t.Errorf("error %q lacks the package prefix", r.Err)
			}
		})
	}
}

func TestVerifyRelativeKid(t *testing.T) {
	ed, _, _, _ := testKeys(t)
	ctx := context.Background()
	tok, err := Sign(ctx, readTestCredential(t), ed, SignOptions{KeyID: "#key-1"})
	if err != nil {
		t.Fatal(err)
	}
	var asked string
	r, err := Verify(ctx, []byte(tok), VerifyOptions{Resolver: KeyResolverFunc(func(_ context.Context, kid string) (crypto.PublicKey, error) {
		asked = kid
		return ed.Public(), nil
	})})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Verified || asked != "https://issuer.laurel.test/profiles/acme#key-1" {
		t.Fatalf("verified=%v err=%v resolver asked %q", r.Verified, r.Err, asked)
	}
}

func TestVerifyCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Verify(ctx, []byte("a.b.c"), VerifyOptions{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	ed, _, _, _ := testKeys(t)
	if _, err := Sign(ctx, readTestCredential(t), ed, SignOptions{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("sign err %v, want context.Canceled", err)
	}
}

func TestECDSASignatureEncoding(t *testing.T) {
	_, p256, p384, _ := testKeys(t)
	for _, tc := range []struct {
		k    *ecdsa.PrivateKey
		alg  string
		size int
	}{{p256, ES256, 64}, {p384, ES384, 96}} {
		sig, err := signInput(rand.Reader, tc.k, tc.alg, []byte("input"))
		if err != nil {
			t.Fatal(err)
		}
		if len(sig) != tc.size {
			t.Errorf("%s signature of %d bytes, want %d", tc.alg, len(sig), tc.size)
		}
	}
}
