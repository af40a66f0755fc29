package keys

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/json"
	"fmt"

	"github.com/go-jose/go-jose/v4"
)

// PublicJWK returns the JSON Web Key (RFC 7517) of pub with the given kid
// (omitted when empty) and its JOSE alg.
func PublicJWK(pub crypto.PublicKey, kid string) ([]byte, error) {
	alg, err := Algorithm(pub)
	if err != nil {
		return nil, err
	}
	return marshalJWK(jose.JSONWebKey{Key: pub, KeyID: kid, Algorithm: alg, Use: "sig"})
}

// PrivateJWK returns the private JSON Web Key of priv with the given kid.
func PrivateJWK(priv crypto.Signer, kid string) ([]byte, error) {
	alg, err := Algorithm(priv.Public())
	if err != nil {
		return nil, err
	}
	switch priv.(type) {
	case ed25519.PrivateKey, *ecdsa.PrivateKey, *rsa.PrivateKey:
	default:
		return nil, fmt.Errorf("%w: cannot export %T", ErrUnsupportedKey, priv)
	}
	return marshalJWK(jose.JSONWebKey{Key: priv, KeyID: kid, Algorithm: alg, Use: "sig"})
}

func marshalJWK(k jose.JSONWebKey) ([]byte, error) {
	b, err := k.MarshalJSON()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnsupportedKey, err)
	}
	return b, nil
}

// ParseJWK decodes a public or private JWK. signer is nil for a public key.
func ParseJWK(data []byte) (pub crypto.PublicKey, signer crypto.Signer, kid string, err error) {
	var k jose.JSONWebKey
	if err := k.UnmarshalJSON(data); err != nil {
		return nil, nil, "", fmt.Errorf("%w: JWK: %v", ErrMalformedKey, err)
	}
	switch key := k.Key.(type) {
	case ed25519.PublicKey, *ecdsa.PublicKey, *rsa.PublicKey:
		return key, nil, k.KeyID, nil
	case ed25519.PrivateKey:
		return key.Public(), key, k.KeyID, nil
	case *ecdsa.PrivateKey:
		return key.Public(), key, k.KeyID, nil
	case *rsa.PrivateKey:
		return key.Public(), key, k.KeyID, nil
	}
	return nil, nil, "", fmt.Errorf("%w: JWK key %T", ErrUnsupportedKey, k.Key)
}

// PrivateKey is a signing key read from a file, with the key id and
// controller it was published under (empty when the file did not say).
type PrivateKey struct {
	Signer     crypto.Signer
	KeyID      string
	Controller string
}

// ParsePrivateKey reads a private JWK or a Multikey JSON document holding
// secretKeyMultibase (or privateKeyMultibase).
func ParsePrivateKey(data []byte) (*PrivateKey, error) {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(bytes.TrimSpace(data), &probe); err != nil {
		return nil, fmt.Errorf("%w: key file is not a JSON object: %v", ErrMalformedKey, err)
	}
	if _, ok := probe["kty"]; ok {
		_, signer, kid, err := ParseJWK(data)
		if err != nil {
			return nil, err
		}
		if signer == nil {
			return nil, fmt.Errorf("%w: JWK holds no private key", ErrMalformedKey)
		}
		return &PrivateKey{Signer: signer, KeyID: kid}, nil
	}
	mk, _, signer, err := ParseMultikey(data)
	if err != nil {
		return nil, err
	}
	if signer == nil {
		return nil, fmt.Errorf("%w: Multikey holds no secretKeyMultibase", ErrMalformedKey)
	}
	return &PrivateKey{Signer: signer, KeyID: mk.ID, Controller: mk.Controller}, nil
}
