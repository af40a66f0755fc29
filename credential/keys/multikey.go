package keys

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/big"
)

// Multicodec codes (https://github.com/multiformats/multicodec/blob/master/table.csv)
// used by Multikey (https://www.w3.org/TR/cid-1.0/#Multikey).
const (
	CodecEd25519Pub  = 0xed
	CodecEd25519Priv = 0x1300
	CodecP256Pub     = 0x1200
	CodecP384Pub     = 0x1201
	CodecP256Priv    = 0x1306
	CodecP384Priv    = 0x1307
)

func putCodec(code uint64, body []byte) []byte {
	out := binary.AppendUvarint(nil, code)
	return append(out, body...)
}

func readCodec(b []byte) (uint64, []byte, error) {
	code, n := binary.Uvarint(b)
	if n <= 0 {
		return 0, nil, fmt.Errorf("%w: bad multicodec prefix", ErrMalformedKey)
	}
	return code, b[n:], nil
}

// EncodePublicKeyMultibase returns the Multikey publicKeyMultibase value of
// an Ed25519, P-256 or P-384 public key (EC points compressed).
func EncodePublicKeyMultibase(pub crypto.PublicKey) (string, error) {
	switch k := pub.(type) {
	case ed25519.PublicKey:
		if len(k) != ed25519.PublicKeySize {
			return "", fmt.Errorf("%w: Ed25519 public key of %d bytes", ErrMalformedKey, len(k))
		}
		return EncodeMultibase(putCodec(CodecEd25519Pub, k)), nil
	case *ecdsa.PublicKey:
		code, err := ecPubCodec(k.Curve)
		if err != nil {
			return "", err
		}
		raw, err := k.Bytes()
		if err != nil {
			return "", fmt.Errorf("%w: %v", ErrMalformedKey, err)
		}
		return EncodeMultibase(putCodec(code, compressPoint(raw))), nil
	}
	return "", fmt.Errorf("%w: %T", ErrUnsupportedKey, pub)
}

// DecodePublicKeyMultibase decodes a Multikey publicKeyMultibase value.
func DecodePublicKeyMultibase(s string) (crypto.PublicKey, error) {
	b, err := DecodeMultibase(s)
	if err != nil {
		return nil, err
	}
	code, body, err := readCodec(b)
	if err != nil {
		return nil, err
	}
	switch code {
	case CodecEd25519Pub:
		if len(body) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("%w: Ed25519 public key of %d bytes", ErrMalformedKey, len(body))
		}
		return ed25519.PublicKey(body), nil
	case CodecP256Pub:
		return decodeECPoint(elliptic.P256(), body)
	case CodecP384Pub:
		return decodeECPoint(elliptic.P384(), body)
	}
	return nil, fmt.Errorf("%w: multicodec 0x%x", ErrUnsupportedKey, code)
}

// EncodePrivateKeyMultibase returns the Multikey secretKeyMultibase value of
// an Ed25519 (32-byte seed), P-256 or P-384 private key.
func EncodePrivateKeyMultibase(priv crypto.Signer) (string, error) {
	switch k := priv.(type) {
	case ed25519.PrivateKey:
		return EncodeMultibase(putCodec(CodecEd25519Priv, k.Seed())), nil
	case *ecdsa.PrivateKey:
		var code uint64
		switch k.Curve {
		case elliptic.P256():
			code = CodecP256Priv
		case elliptic.P384():
			code = CodecP384Priv
		default:
			return "", fmt.Errorf("%w: curve %s", ErrUnsupportedKey, k.Curve.Params().Name)
		}
		raw, err := k.Bytes()
		if err != nil {
			return "", fmt.Errorf("%w: %v", ErrMalformedKey, err)
		}
		return EncodeMultibase(putCodec(code, raw)), nil
	}
	return "", fmt.Errorf("%w: %T", ErrUnsupportedKey, priv)
}

// DecodePrivateKeyMultibase decodes a Multikey secretKeyMultibase (or the
// privateKeyMultibase spelling of the W3C vectors). Ed25519 keys may be the
// 32-byte seed or the 64-byte seed||public form.
func DecodePrivateKeyMultibase(s string) (crypto.Signer, error) {
	b, err := DecodeMultibase(s)
	if err != nil {
		return nil, err
	}
	code, body, err := readCodec(b)
	if err != nil {
		return nil, err
	}
	switch code {
	case CodecEd25519Priv:
		switch len(body) {
		case ed25519.SeedSize:
			return ed25519.NewKeyFromSeed(body), nil
		case ed25519.PrivateKeySize:
			k := ed25519.NewKeyFromSeed(body[:ed25519.SeedSize])
			if !k.Public().(ed25519.PublicKey).Equal(ed25519.PublicKey(body[ed25519.SeedSize:])) {
				return nil, fmt.Errorf("%w: Ed25519 public half does not match the seed", ErrMalformedKey)
			}
			return k, nil
		}
		return nil, fmt.Errorf("%w: Ed25519 private key of %d bytes", ErrMalformedKey, len(body))
	case CodecP256Priv:
		return parseECPrivate(elliptic.P256(), body)
	case CodecP384Priv:
		return parseECPrivate(elliptic.P384(), body)
	}
	return nil, fmt.Errorf("%w: multicodec 0x%x", ErrUnsupportedKey, code)
}

func parseECPrivate(c elliptic.Curve, body []byte) (*ecdsa.PrivateKey, error) {
	k, err := ecdsa.ParseRawPrivateKey(c, body)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformedKey, err)
	}
	return k, nil
}

func ecPubCodec(c elliptic.Curve) (uint64, error) {
	switch c {
	case elliptic.P256():
		return CodecP256Pub, nil
	case elliptic.P384():
		return CodecP384Pub, nil
	}
	if c == nil {
		return 0, fmt.Errorf("%w: EC key without curve", ErrMalformedKey)
	}
	return 0, fmt.Errorf("%w: curve %s", ErrUnsupportedKey, c.Params().Name)
}

// compressPoint turns an uncompressed SEC 1 point (0x04||X||Y) into its
// compressed form (0x02/0x03||X).
func compressPoint(raw []byte) []byte {
	size := (len(raw) - 1) / 2
	out := make([]byte, 1+size)
	out[0] = 0x02 | raw[len(raw)-1]&1
	copy(out[1:], raw[1:1+size])
	return out
}

// decodeECPoint accepts a compressed (or uncompressed) SEC 1 point.
func decodeECPoint(c elliptic.Curve, body []byte) (*ecdsa.PublicKey, error) {
	params := c.Params()
	size := (params.BitSize + 7) / 8
	var raw []byte
	switch {
	case len(body) == 1+size && (body[0] == 2 || body[0] == 3):
		x := new(big.Int).SetBytes(body[1:])
		y, ok := decompressY(params, x, body[0]&1)
		if !ok {
			return nil, fmt.Errorf("%w: point not on %s", ErrMalformedKey, params.Name)
		}
		raw = make([]byte, 1+2*size)
		raw[0] = 4
		x.FillBytes(raw[1 : 1+size])
		y.FillBytes(raw[1+size:])
	case len(body) == 1+2*size && body[0] == 4:
		raw = body
	default:
		return nil, fmt.Errorf("%w: %s point of %d bytes", ErrMalformedKey, params.Name, len(body))
	}
	k, err := ecdsa.ParseUncompressedPublicKey(c, raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformedKey, err)
	}
	return k, nil
}

// decompressY solves y² = x³ − 3x + b (mod p). P-256 and P-384 have
// p ≡ 3 (mod 4), so y = (y²)^((p+1)/4).
func decompressY(params *elliptic.CurveParams, x *big.Int, odd byte) (*big.Int, bool) {
	p := params.P
	if x.Cmp(p) >= 0 {
		return nil, false
	}
	y2 := new(big.Int).Exp(x, big.NewInt(3), p)
	threeX := new(big.Int).Mul(x, big.NewInt(3))
	y2.Sub(y2, threeX)
	y2.Add(y2, params.B)
	y2.Mod(y2, p)
	e := new(big.Int).Add(p, big.NewInt(1))
	e.Rsh(e, 2)
	y := new(big.Int).Exp(y2, e, p)
	if new(big.Int).Exp(y, big.NewInt(2), p).Cmp(y2) != 0 {
		return nil, false
	}
	if byte(y.Bit(0)) != odd {
		y.Sub(p, y)
	}
	return y, true
}

// Multikey is the JSON form of a Multikey verification method
// (https://www.w3.org/TR/cid-1.0/#Multikey), optionally carrying the secret
// key. PrivateKeyMultibase is the spelling used by some W3C test vectors.
type Multikey struct {
	Context             any    `json:"@context,omitempty"`
	ID                  string `json:"id,omitempty"`
	Type                string `json:"type,omitempty"`
	Controller          string `json:"controller,omitempty"`
	PublicKeyMultibase  string `json:"publicKeyMultibase,omitempty"`
	SecretKeyMultibase  string `json:"secretKeyMultibase,omitempty"`
	PrivateKeyMultibase string `json:"privateKeyMultibase,omitempty"`
}

// NewMultikey returns the Multikey form of pub with the given id and
// controller.
func NewMultikey(id, controller string, pub crypto.PublicKey) (*Multikey, error) {
	mb, err := EncodePublicKeyMultibase(pub)
	if err != nil {
		return nil, err
	}
	return &Multikey{ID: id, Type: "Multikey", Controller: controller, PublicKeyMultibase: mb}, nil
}

// ParseMultikey decodes Multikey JSON. The returned signer is nil when the
// document holds only the public key.
func ParseMultikey(data []byte) (*Multikey, crypto.PublicKey, crypto.Signer, error) {
	var mk Multikey
	if err := json.Unmarshal(data, &mk); err != nil {
		return nil, nil, nil, fmt.Errorf("%w: Multikey JSON: %v", ErrMalformedKey, err)
	}
	var (
		pub    crypto.PublicKey
		signer crypto.Signer
		err    error
	)
	if mk.PublicKeyMultibase != "" {
		if pub, err = DecodePublicKeyMultibase(mk.PublicKeyMultibase); err != nil {
			return nil, nil, nil, err
		}
	}
	secret := mk.SecretKeyMultibase
	if secret == "" {
		secret = mk.PrivateKeyMultibase
	}
	if secret != "" {
		if signer, err = DecodePrivateKeyMultibase(secret); err != nil {
			return nil, nil, nil, err
		}
		if pub != nil && !publicEqual(pub, signer.Public()) {
			return nil, nil, nil, fmt.Errorf("%w: public and secret keys do not match", ErrMalformedKey)
		}
		pub = signer.Public()
	}
	if pub == nil {
		return nil, nil, nil, fmt.Errorf("%w: Multikey without key material", ErrMalformedKey)
	}
	return &mk, pub, signer, nil
}

func publicEqual(a, b crypto.PublicKey) bool {
	type equaler interface{ Equal(crypto.PublicKey) bool }
	e, ok := a.(equaler)
	return ok && e.Equal(b)
}
