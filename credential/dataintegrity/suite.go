package dataintegrity

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/asn1"
	"fmt"
	"io"
	"math/big"
)

// Cryptosuite and proof type names.
const (
	TypeDataIntegrityProof   = "DataIntegrityProof"
	TypeEd25519Signature2020 = "Ed25519Signature2020"

	EdDSARDFC2022 = "eddsa-rdfc-2022"
	EdDSA2022     = "eddsa-2022" // legacy name of eddsa-rdfc-2022 (OB 3.0 builds of 2023)
	ECDSARDFC2019 = "ecdsa-rdfc-2019"
	EdDSAJCS2022  = "eddsa-jcs-2022"
	ECDSAJCS2019  = "ecdsa-jcs-2019"
	// Ed25519Signature2020 as a SignOptions.Cryptosuite value selects the
	// legacy proof type of that name.
	Ed25519Signature2020 = TypeEd25519Signature2020
)

type canonKind int

const (
	canonRDFC canonKind = iota
	canonJCS
)

type keyKind int

const (
	keyEd25519 keyKind = iota
	keyECDSA
)

// suite describes how a proof is transformed, hashed and signed.
type suite struct {
	proofType   string
	cryptosuite string // empty for Ed25519Signature2020
	canon       canonKind
	key         keyKind
}

func lookupSuite(proofType, cryptosuite string) (suite, error) {
	switch proofType {
	case TypeEd25519Signature2020:
		if cryptosuite != "" {
			return suite{}, fmt.Errorf("%w: Ed25519Signature2020 proof with cryptosuite %q", ErrMalformed, cryptosuite)
		}
		return suite{proofType, "", canonRDFC, keyEd25519}, nil
	case TypeDataIntegrityProof:
		switch cryptosuite {
		case EdDSARDFC2022, EdDSA2022:
			return suite{proofType, cryptosuite, canonRDFC, keyEd25519}, nil
		case ECDSARDFC2019:
			return suite{proofType, cryptosuite, canonRDFC, keyECDSA}, nil
		case EdDSAJCS2022:
			return suite{proofType, cryptosuite, canonJCS, keyEd25519}, nil
		case ECDSAJCS2019:
			return suite{proofType, cryptosuite, canonJCS, keyECDSA}, nil
		case "":
			return suite{}, fmt.Errorf("%w: DataIntegrityProof without cryptosuite", ErrMalformed)
		}
		return suite{}, fmt.Errorf("%w: cryptosuite %q", ErrUnsupported, cryptosuite)
	case "":
		return suite{}, fmt.Errorf("%w: proof without type", ErrMalformed)
	}
	return suite{}, fmt.Errorf("%w: proof type %q", ErrUnsupported, proofType)
}

// suiteForSigning maps a SignOptions.Cryptosuite value to a suite.
func suiteForSigning(name string, pub crypto.PublicKey) (suite, error) {
	switch name {
	case "":
		if _, ok := pub.(*ecdsa.PublicKey); ok {
			return lookupSuite(TypeDataIntegrityProof, ECDSARDFC2019)
		}
		return lookupSuite(TypeDataIntegrityProof, EdDSARDFC2022)
	case Ed25519Signature2020:
		return lookupSuite(TypeEd25519Signature2020, "")
	case EdDSA2022:
		return suite{}, fmt.Errorf("%w: %q is a legacy name accepted for verification only; sign with %q", ErrUnsupported, EdDSA2022, EdDSARDFC2022)
	}
	return lookupSuite(TypeDataIntegrityProof, name)
}

// hashFor returns the hash used for canonicalization and hashing: SHA-256
// except for ECDSA P-384, which uses SHA-384 throughout
// (https://www.w3.org/TR/vc-di-ecdsa/#hashing-ecdsa-rdfc-2019).
func (s suite) hashFor(pub crypto.PublicKey) (crypto.Hash, error) {
	switch s.key {
	case keyEd25519:
		if _, ok := pub.(ed25519.PublicKey); !ok {
			return 0, fmt.Errorf("%w: %s needs an Ed25519 key, got %T", ErrUnsupported, s.name(), pub)
		}
		return crypto.SHA256, nil
	case keyECDSA:
		k, ok := pub.(*ecdsa.PublicKey)
		if !ok {
			return 0, fmt.Errorf("%w: %s needs a P-256 or P-384 key, got %T", ErrUnsupported, s.name(), pub)
		}
		switch k.Curve {
		case elliptic.P256():
			return crypto.SHA256, nil
		case elliptic.P384():
			return crypto.SHA384, nil
		}
		return 0, fmt.Errorf("%w: curve %s", ErrUnsupported, k.Curve.Params().Name)
	}
	return 0, fmt.Errorf("%w: key kind", ErrUnsupported)
}

func (s suite) name() string {
	if s.cryptosuite != "" {
		return s.cryptosuite
	}
	return s.proofType
}

func digest(h crypto.Hash, b []byte) []byte {
	switch h {
	case crypto.SHA384:
		d := sha512.Sum384(b)
		return d[:]
	default:
		d := sha256.Sum256(b)
		return d[:]
	}
}

// signData signs proofHash||docHash: Ed25519 signs the bytes directly, ECDSA
// signs their hash and the signature is encoded as r||s (IEEE P1363).
func (s suite) signData(signer crypto.Signer, h crypto.Hash, data []byte, random io.Reader) ([]byte, error) {
	if random == nil {
		random = rand.Reader
	}
	switch s.key {
	case keyEd25519:
		sig, err := signer.Sign(random, data, crypto.Hash(0))
		if err != nil {
			return nil, fmt.Errorf("dataintegrity: signing: %w", err)
		}
		return sig, nil
	case keyECDSA:
		der, err := signer.Sign(random, digest(h, data), h)
		if err != nil {
			return nil, fmt.Errorf("dataintegrity: signing: %w", err)
		}
		var rs struct{ R, S *big.Int }
		if rest, err := asn1.Unmarshal(der, &rs); err != nil || len(rest) > 0 {
			return nil, fmt.Errorf("dataintegrity: signer returned a non-ASN.1 ECDSA signature")
		}
		size := h.Size() // 32 for P-256, 48 for P-384
		out := make([]byte, 2*size)
		rs.R.FillBytes(out[:size])
		rs.S.FillBytes(out[size:])
		return out, nil
	}
	return nil, fmt.Errorf("%w: key kind", ErrUnsupported)
}

func (s suite) verifyData(pub crypto.PublicKey, h crypto.Hash, data, sig []byte) error {
	switch k := pub.(type) {
	case ed25519.PublicKey:
		if len(sig) != ed25519.SignatureSize {
			return fmt.Errorf("%w: Ed25519 signature of %d bytes", ErrMalformed, len(sig))
		}
		if !ed25519.Verify(k, data, sig) {
			return ErrSignature
		}
		return nil
	case *ecdsa.PublicKey:
		size := h.Size()
		if len(sig) != 2*size {
			return fmt.Errorf("%w: ECDSA signature of %d bytes, want %d", ErrMalformed, len(sig), 2*size)
		}
		der, err := asn1.Marshal(struct{ R, S *big.Int }{
			new(big.Int).SetBytes(sig[:size]), new(big.Int).SetBytes(sig[size:]),
		})
		if err != nil {
			return fmt.Errorf("%w: %v", ErrMalformed, err)
		}
		if !ecdsa.VerifyASN1(k, digest(h, data), der) {
			return ErrSignature
		}
		return nil
	}
	return fmt.Errorf("%w: key %T", ErrUnsupported, pub)
}
