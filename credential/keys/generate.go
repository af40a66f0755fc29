package keys

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"fmt"
	"io"
)

// JOSE algorithm names used to choose a key type.
const (
	EdDSA = "EdDSA" // Ed25519
	ES256 = "ES256" // ECDSA P-256 with SHA-256
	ES384 = "ES384" // ECDSA P-384 with SHA-384
	RS256 = "RS256" // RSASSA-PKCS1-v1_5 with SHA-256, 2048-bit keys
)

// RSAKeyBits is the modulus size of generated RSA keys.
const RSAKeyBits = 2048

// Generate creates a private key for alg (EdDSA, ES256, ES384 or RS256)
// using rand. Ed25519 and ECDSA keys are derived from bytes read from rand,
// so a deterministic reader gives a deterministic key; RSA generation uses
// the Go runtime's secure source (Go 1.26 ignores the reader for RSA).
func Generate(alg string, rand io.Reader) (crypto.Signer, error) {
	switch alg {
	case EdDSA:
		seed := make([]byte, ed25519.SeedSize)
		if _, err := io.ReadFull(rand, seed); err != nil {
			return nil, fmt.Errorf("keys: reading randomness: %w", err)
		}
		return ed25519.NewKeyFromSeed(seed), nil
	case ES256:
		return generateEC(elliptic.P256(), rand)
	case ES384:
		return generateEC(elliptic.P384(), rand)
	case RS256:
		k, err := rsa.GenerateKey(rand, RSAKeyBits)
		if err != nil {
			return nil, fmt.Errorf("keys: generating RSA key: %w", err)
		}
		return k, nil
	}
	return nil, fmt.Errorf("%w: algorithm %q (want EdDSA, ES256, ES384 or RS256)", ErrUnsupportedKey, alg)
}

// generateEC draws scalars from rand until one is in [1, n-1] (rejection
// sampling keeps the distribution uniform).
func generateEC(c elliptic.Curve, rand io.Reader) (*ecdsa.PrivateKey, error) {
	size := (c.Params().BitSize + 7) / 8
	buf := make([]byte, size)
	for range 64 {
		if _, err := io.ReadFull(rand, buf); err != nil {
			return nil, fmt.Errorf("keys: reading randomness: %w", err)
		}
		if k, err := ecdsa.ParseRawPrivateKey(c, buf); err == nil {
			return k, nil
		}
	}
	return nil, fmt.Errorf("keys: random source keeps producing out-of-range scalars")
}

// Algorithm returns the JOSE algorithm name for a public key: EdDSA, ES256,
// ES384 or RS256.
func Algorithm(pub crypto.PublicKey) (string, error) {
	switch k := pub.(type) {
	case ed25519.PublicKey:
		return EdDSA, nil
	case *ecdsa.PublicKey:
		switch k.Curve {
		case elliptic.P256():
			return ES256, nil
		case elliptic.P384():
			return ES384, nil
		}
	case *rsa.PublicKey:
		return RS256, nil
	}
	return "", fmt.Errorf("%w: %T", ErrUnsupportedKey, pub)
}
