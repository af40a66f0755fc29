package ob2jws

import (
	"crypto"
	"fmt"
	"io"

	"github.com/laurelhq/laurel/internal/josealg"
)

// JOSE algorithm names (RFC 7518 §3.1, RFC 8037 §3.1).
const (
	EdDSA = josealg.EdDSA // Ed25519
	ES256 = josealg.ES256 // ECDSA P-256 with SHA-256
	ES384 = josealg.ES384 // ECDSA P-384 with SHA-384
	RS256 = josealg.RS256 // RSASSA-PKCS1-v1_5 with SHA-256
	PS256 = josealg.PS256 // RSASSA-PSS with SHA-256 (verification only)
)

// The algorithm rules are shared with the other JWS package (internal/josealg);
// these wrappers put this package's sentinel on their errors.

// checkKeyAlg refuses a key whose type does not fit alg (RFC 8725 §3.1).
func checkKeyAlg(alg string, pub crypto.PublicKey) error {
	if err := josealg.CheckKey(alg, pub); err != nil {
		return fmt.Errorf("%w: %v", ErrAlgorithm, err)
	}
	return nil
}

// algForKey picks the signing algorithm for a public key.
func algForKey(pub crypto.PublicKey) (string, error) {
	alg, err := josealg.ForKey(pub)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrAlgorithm, err)
	}
	return alg, nil
}

// signInput signs the JWS signing input (raw R||S for ECDSA).
func signInput(rand io.Reader, signer crypto.Signer, alg string, input []byte) ([]byte, error) {
	sig, err := josealg.Sign(rand, signer, alg, input)
	if err != nil {
		if !josealg.Supported(alg) {
			return nil, fmt.Errorf("%w: %v", ErrAlgorithm, err)
		}
		return nil, fmt.Errorf("ob2jws: %w", err)
	}
	return sig, nil
}
