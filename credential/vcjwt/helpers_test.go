package vcjwt

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"os"
	"sync"
	"testing"
)

// Test keys are generated once per test binary; RSA generation is slow.
var (
	keyOnce sync.Once
	edKey   ed25519.PrivateKey
	p256Key *ecdsa.PrivateKey
	p384Key *ecdsa.PrivateKey
	rsaKey  *rsa.PrivateKey
)

func testKeys(tb testing.TB) (ed ed25519.PrivateKey, p256, p384 *ecdsa.PrivateKey, rs *rsa.PrivateKey) {
	tb.Helper()
	keyOnce.Do(func() {
		var err error
		_, edKey, err = ed25519.GenerateKey(rand.Reader)
		if err != nil {
			panic(err)
		}
		if p256Key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
			panic(err)
		}
		if p384Key, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader); err != nil {
			panic(err)
		}
		if rsaKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
	})
	return edKey, p256Key, p384Key, rsaKey
}

func readTestCredential(tb testing.TB) []byte {
	tb.Helper()
	b, err := os.ReadFile("testdata/openbadgecredential.json")
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// rawJWT signs arbitrary header and payload bytes, for tokens Sign would
// never produce.
func rawJWT(tb testing.TB, signer crypto.Signer, alg string, hdr, payload []byte) string {
	tb.Helper()
	input := b64.EncodeToString(hdr) + "." + b64.EncodeToString(payload)
	sig, err := signInput(rand.Reader, signer, alg, []byte(input))
	if err != nil {
		tb.Fatal(err)
	}
	return input + "." + b64.EncodeToString(sig)
}

func mustJSON(tb testing.TB, v any) []byte {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// jsonEqual compares two JSON texts as values.
func jsonEqual(tb testing.TB, a, b []byte) bool {
	tb.Helper()
	var va, vb any
	if err := json.Unmarshal(a, &va); err != nil {
		tb.Fatal(err)
	}
	if err := json.Unmarshal(b, &vb); err != nil {
		tb.Fatal(err)
	}
	ja, _ := json.Marshal(va)
	jb, _ := json.Marshal(vb)
	return string(ja) == string(jb)
}
