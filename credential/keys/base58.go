package keys

import (
	"fmt"
	"math/big"
)

const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

var base58Index = func() [256]int8 {
	var idx [256]int8
	for i := range idx {
		idx[i] = -1
	}
	for i := 0; i < len(base58Alphabet); i++ {
		idx[base58Alphabet[i]] = int8(i)
	}
	return idx
}()

// maxBase58Len bounds decoding work; no key or signature we handle comes
// near it.
const maxBase58Len = 4096

// EncodeBase58 encodes b with the Bitcoin base58 alphabet.
func EncodeBase58(b []byte) string {
	zeros := 0
	for zeros < len(b) && b[zeros] == 0 {
		zeros++
	}
	// Work in base 58 digits, little-endian; quadratic but inputs are small.
	digits := make([]byte, 0, len(b)*138/100+1)
	for _, c := range b[zeros:] {
		carry := int(c)
		for i := range digits {
			carry += int(digits[i]) << 8
			digits[i] = byte(carry % 58)
			carry /= 58
		}
		for carry > 0 {
			digits = append(digits, byte(carry%58))
			carry /= 58
		}
	}
	out := make([]byte, zeros+len(digits))
	for i := 0; i < zeros; i++ {
		out[i] = '1'
	}
	for i, d := range digits {
		out[len(out)-1-i] = base58Alphabet[d]
	}
	return string(out)
}

// DecodeBase58 decodes Bitcoin base58 text.
func DecodeBase58(s string) ([]byte, error) {
	if len(s) > maxBase58Len {
		return nil, fmt.Errorf("%w: base58 text longer than %d characters", ErrMalformedKey, maxBase58Len)
	}
	zeros := 0
	for zeros < len(s) && s[zeros] == '1' {
		zeros++
	}
	n := new(big.Int)
	b58 := big.NewInt(58)
	for i := zeros; i < len(s); i++ {
		d := base58Index[s[i]]
		if d < 0 {
			return nil, fmt.Errorf("%w: invalid base58 character %q", ErrMalformedKey, s[i])
		}
		n.Mul(n, b58)
		n.Add(n, big.NewInt(int64(d)))
	}
	body := n.Bytes()
	if zeros == len(s) {
		body = nil
	}
	out := make([]byte, zeros+len(body))
	copy(out[zeros:], body)
	return out, nil
}

// EncodeMultibase encodes b as multibase base58btc ('z' prefix), the form
// used by publicKeyMultibase and proofValue.
func EncodeMultibase(b []byte) string { return "z" + EncodeBase58(b) }

// DecodeMultibase decodes multibase base58btc text ('z' prefix). Other
// multibase encodings are rejected.
func DecodeMultibase(s string) ([]byte, error) {
	if s == "" {
		return nil, fmt.Errorf("%w: empty multibase value", ErrMalformedKey)
	}
	if s[0] != 'z' {
		return nil, fmt.Errorf("%w: multibase prefix %q is not base58btc 'z'", ErrUnsupportedKey, s[0])
	}
	return DecodeBase58(s[1:])
}
