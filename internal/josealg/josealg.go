package josealg

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/asn1"
	"fmt"
	"io"
	"math/big"
	"strings"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/laurelhq/laurel/credential/keys"
)

// JOSE algorithm names (RFC 7518 §3.1, RFC 8037 §3.1).
const (
	EdDSA = keys.EdDSA // Ed25519
	ES256 = keys.ES256 // ECDSA P-256 with SHA-256
	ES384 = keys.ES384 // ECDSA P-384 with SHA-384
	RS256 = keys.RS256 // RSASSA-PKCS1-v1_5 with SHA-256
	PS256 = "PS256"    // RSASSA-PSS with SHA-256 (verification only)
)

// MinRSABits is the smallest RSA modulus accepted (RFC 7518 §3.3).
const MinRSABits = 2048

// Supported reports whether alg is an asymmetric algorithm Laurel
// verifies. "none" and HMAC are never supported.
func Supported(alg string) bool {
	switch alg {
	case EdDSA, ES256, ES384, RS256, PS256:
		return true
	}
	return false
}

// Jose converts algorithm names for go-jose.
func Jose(algs []string) []jose.SignatureAlgorithm {
	out := make([]jose.SignatureAlgorithm, len(algs))
	for i, a := range algs {
		out[i] = jose.SignatureAlgorithm(a)
	}
	return out
}

// CheckKey refuses a key whose type does not fit alg, so that an RSA key
// can never verify an EdDSA token and so on (RFC 8725 §3.1). Callers wrap
// the error in their own sentinel.
func CheckKey(alg string, pub crypto.PublicKey) error {
	switch alg {
	case EdDSA:
		if k, ok := pub.(ed25519.PublicKey); ok && len(k) == ed25519.PublicKeySize {
			return nil
		}
	case ES256, ES384:
		curve := elliptic.P256()
		if alg == ES384 {
			curve = elliptic.P384()
		}
		if k, ok := pub.(*ecdsa.PublicKey); ok && k.Curve == curve {
			return nil
		}
	case RS256, PS256:
		if k, ok := pub.(*rsa.PublicKey); ok {
			if k.N.BitLen() < MinRSABits {
				return fmt.Errorf("RSA key of %d bits, at least %d required", k.N.BitLen(), MinRSABits)
			}
			return nil
		}
	default:
		return fmt.Errorf("%q", alg)
	}
	return fmt.Errorf("alg %s does not fit the %s key", alg, KeyType(pub))
}

// KeyType names a public key's type for messages.
func KeyType(pub crypto.PublicKey) string {
	switch k := pub.(type) {
	case ed25519.PublicKey:
		return "Ed25519"
	case *ecdsa.PublicKey:
		return "ECDSA " + k.Curve.Params().Name
	case *rsa.PublicKey:
		return "RSA"
	case nil:
		return "nil"
	}
	return fmt.Sprintf("%T", pub)
}

// ForKey picks the signing algorithm for a public key (keys.Algorithm),
// refusing RSA keys shorter than MinRSABits.
func ForKey(pub crypto.PublicKey) (string, error) {
	alg, err := keys.Algorithm(pub)
	if err != nil {
		return "", fmt.Errorf("no JOSE algorithm for a %s key", KeyType(pub))
	}
	if k, ok := pub.(*rsa.PublicKey); ok && k.N.BitLen() < MinRSABits {
		return "", fmt.Errorf("RSA key of %d bits, at least %d required", k.N.BitLen(), MinRSABits)
	}
	return alg, nil
}

// Sign signs the JWS signing input with signer for alg and returns the JWS
// signature bytes (raw R||S for ECDSA, RFC 7518 §3.4).
func Sign(rand io.Reader, signer crypto.Signer, alg string, input []byte) ([]byte, error) {
	switch alg {
	case EdDSA:
		return signer.Sign(rand, input, crypto.Hash(0))
	case ES256, ES384:
		var digest []byte
		var h crypto.Hash
		size := 32
		if alg == ES256 {
			d := sha256.Sum256(input)
			digest, h = d[:], crypto.SHA256
		} else {
			d := sha512.Sum384(input)
			digest, h, size = d[:], crypto.SHA384, 48
		}
		der, err := signer.Sign(rand, digest, h)
		if err != nil {
			return nil, err
		}
		return derToRaw(der, size)
	case RS256:
		d := sha256.Sum256(input)
		return signer.Sign(rand, d[:], crypto.SHA256)
	}
	return nil, fmt.Errorf("cannot sign with %q", alg)
}

// derToRaw converts an ASN.1 ECDSA signature to the fixed-size JWS form.
func derToRaw(der []byte, size int) ([]byte, error) {
	var sig struct{ R, S *big.Int }
	rest, err := asn1.Unmarshal(der, &sig)
	if err != nil || len(rest) != 0 || sig.R == nil || sig.S == nil || sig.R.Sign() <= 0 || sig.S.Sign() <= 0 {
		return nil, fmt.Errorf("signer returned a malformed ECDSA signature")
	}
	if sig.R.BitLen() > size*8 || sig.S.BitLen() > size*8 {
		return nil, fmt.Errorf("signer returned an oversized ECDSA signature")
	}
	out := make([]byte, 2*size)
	sig.R.FillBytes(out[:size])
	sig.S.FillBytes(out[size:])
	return out, nil
}

// RefusedReason says why alg is never acceptable ("none", HMAC), or ""
// when it is not one of those. what names the token ("JWS", "JWT").
func RefusedReason(alg, what string) string {
	switch {
	case strings.EqualFold(alg, "none"):
		return "unsecured " + what + " (alg none)"
	case strings.HasPrefix(strings.ToUpper(alg), "HS"):
		return "HMAC (symmetric) algorithm"
	}
	return ""
}
