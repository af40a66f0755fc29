package vcjwt

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
)

// JOSE algorithm names (RFC 7518 §3.1, RFC 8037 §3.1).
const (
	EdDSA = "EdDSA" // Ed25519
	ES256 = "ES256" // ECDSA P-256 with SHA-256
	ES384 = "ES384" // ECDSA P-384 with SHA-384
	RS256 = "RS256" // RSASSA-PKCS1-v1_5 with SHA-256
	PS256 = "PS256" // RSASSA-PSS with SHA-256 (verification only)
)

// DefaultAlgorithms is the allow-list used when VerifyOptions.Algorithms is
// empty.
var defaultAlgorithms = []string{EdDSA, ES256, RS256}

// DefaultAlgorithms returns the allow-list used when VerifyOptions.Algorithms
// is empty: EdDSA, ES256 and RS256.
func DefaultAlgorithms() []string { return append([]string(nil), defaultAlgorithms...) }

// minRSABits is the smallest RSA modulus accepted (RFC 7518 §3.3).
const minRSABits = 2048

// supported reports whether alg is an asymmetric algorithm this package
// verifies. "none" and HMAC are never supported.
func supported(alg string) bool {
	switch alg {
	case EdDSA, ES256, ES384, RS256, PS256:
		return true
	}
	return false
}

// allowList returns the effective allow-list: the supported members of algs,
// or the default when algs is empty.
func allowList(algs []string) []string {
	if len(algs) == 0 {
		return defaultAlgorithms
	}
	out := make([]string, 0, len(algs))
	for _, a := range algs {
		if supported(a) {
			out = append(out, a)
		}
	}
	return out
}

func joseAlgs(algs []string) []jose.SignatureAlgorithm {
	out := make([]jose.SignatureAlgorithm, len(algs))
	for i, a := range algs {
		out[i] = jose.SignatureAlgorithm(a)
	}
	return out
}

// checkKeyAlg refuses a key whose type does not fit alg, so that an RSA key
// can never verify an EdDSA token and so on (RFC 8725 §3.1).
func checkKeyAlg(alg string, pub crypto.PublicKey) error {
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
			if k.N.BitLen() < minRSABits {
				return fmt.Errorf("%w: RSA key of %d bits, at least %d required", ErrAlgorithm, k.N.BitLen(), minRSABits)
			}
			return nil
		}
	default:
		return fmt.Errorf("%w: %q", ErrAlgorithm, alg)
	}
	return fmt.Errorf("%w: alg %s does not fit the %s key", ErrAlgorithm, alg, keyType(pub))
}

func keyType(pub crypto.PublicKey) string {
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

// algForKey picks the signing algorithm for a public key.
func algForKey(pub crypto.PublicKey) (string, error) {
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
		if k.N.BitLen() < minRSABits {
			return "", fmt.Errorf("%w: RSA key of %d bits, at least %d required", ErrAlgorithm, k.N.BitLen(), minRSABits)
		}
		return RS256, nil
	}
	return "", fmt.Errorf("%w: no JOSE algorithm for a %s key", ErrAlgorithm, keyType(pub))
}

// signInput signs the JWS signing input with signer for alg and returns the
// JWS signature bytes (raw R||S for ECDSA, RFC 7518 §3.4).
func signInput(rand io.Reader, signer crypto.Signer, alg string, input []byte) ([]byte, error) {
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
	return nil, fmt.Errorf("%w: cannot sign with %q", ErrAlgorithm, alg)
}

// derToRaw converts an ASN.1 ECDSA signature to the fixed-size JWS form.
func derToRaw(der []byte, size int) ([]byte, error) {
	var sig struct{ R, S *big.Int }
	rest, err := asn1.Unmarshal(der, &sig)
	if err != nil || len(rest) != 0 || sig.R == nil || sig.S == nil || sig.R.Sign() <= 0 || sig.S.Sign() <= 0 {
		return nil, fmt.Errorf("vcjwt: signer returned a malformed ECDSA signature")
	}
	if sig.R.BitLen() > size*8 || sig.S.BitLen() > size*8 {
		return nil, fmt.Errorf("vcjwt: signer returned an oversized ECDSA signature")
	}
	out := make([]byte, 2*size)
	sig.R.FillBytes(out[:size])
	sig.S.FillBytes(out[size:])
	return out, nil
}

// refused reports algorithms that are never acceptable, with a reason.
func refusedReason(alg string) string {
	switch {
	case strings.EqualFold(alg, "none"):
		return "unsecured JWT (alg none)"
	case strings.HasPrefix(strings.ToUpper(alg), "HS"):
		return "HMAC (symmetric) algorithm"
	}
	return ""
}
