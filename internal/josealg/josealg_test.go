package josealg

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"io"
	"testing"
)

func TestSignAndCheckKey(t *testing.T) {
	_, ed, _ := ed25519.GenerateKey(rand.Reader)
	p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	rs, _ := rsa.GenerateKey(rand.Reader, 2048)
	tests := []struct {
		signer crypto.Signer
		alg    string
		size   int
	}{{ed, EdDSA, 64}, {p256, ES256, 64}, {p384, ES384, 96}, {rs, RS256, 256}}
	for _, tc := range tests {
		alg, err := ForKey(tc.signer.Public())
		if err != nil || alg != tc.alg {
			t.Fatalf("ForKey = %q, %v; want %s", alg, err, tc.alg)
		}
		sig, err := Sign(rand.Reader, tc.signer, alg, []byte("input"))
		if err != nil || len(sig) != tc.size {
			t.Fatalf("%s: %d-byte signature, %v; want %d bytes", alg, len(sig), err, tc.size)
		}
		if err := CheckKey(alg, tc.signer.Public()); err != nil {
			t.Errorf("%s: own key refused: %v", alg, err)
		}
		for _, other := range tests {
			if other.alg != alg && !(alg == RS256 && other.alg == PS256) && CheckKey(other.alg, tc.signer.Public()) == nil {
				t.Errorf("a %s key accepted for %s", KeyType(tc.signer.Public()), other.alg)
			}
		}
	}
	small, _ := rsa.GenerateKey(rand.Reader, 1024)
	if CheckKey(RS256, small.Public()) == nil {
		t.Error("a 1024-bit RSA key accepted")
	}
	if _, err := Sign(rand.Reader, ed, "HS256", nil); err == nil {
		t.Error("signed with HS256")
	}
}

func TestRefusedReason(t *testing.T) {
	for alg, want := range map[string]bool{"none": true, "NONE": true, "HS256": true, "hs512": true, "EdDSA": false, "RS256": false} {
		if got := RefusedReason(alg, "JWT") != ""; got != want {
			t.Errorf("RefusedReason(%q) refused=%v, want %v", alg, got, want)
		}
	}
}

// badSigner returns a fixed, malformed DER signature.
type badSigner struct {
	crypto.Signer
	der []byte
}

func (b badSigner) Sign(io.Reader, []byte, crypto.SignerOpts) ([]byte, error) { return b.der, nil }

func TestMalformedECDSASignature(t *testing.T) {
	p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	for _, der := range [][]byte{{0x30, 0x00}, {0x01}, nil} {
		if _, err := Sign(rand.Reader, badSigner{p256, der}, ES256, []byte("x")); err == nil {
			t.Errorf("DER %x accepted", der)
		}
	}
}
