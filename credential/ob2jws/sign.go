package ob2jws

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/laurelhq/laurel/internal/jsonx"
)

var b64 = base64.RawURLEncoding

// SignOptions configure Sign. The zero value is ready to use.
type SignOptions struct {
	// Rand is the randomness for ECDSA; nil means crypto/rand.
	Rand io.Reader
	// Limits bound the parsing of the assertion; zero fields mean the jsonx
	// defaults (1 MiB, depth 64).
	Limits jsonx.Limits
}

// Sign secures an OB 2.0 Assertion as a compact JWS with header
// {"alg":"RS256"} for RSA keys (ES256 for P-256, EdDSA for Ed25519). The
// assertion must already say how it is verified: a "verification" (or OB 1.x
// "verify") object of type SignedBadge, normally with a creator naming the
// URL of the signer's CryptographicKey. The payload is the assertion with insignificant
// whitespace removed.
func Sign(ctx context.Context, assertionJSON []byte, signer crypto.Signer, opts SignOptions) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if signer == nil {
		return "", errors.New("ob2jws: nil signer")
	}
	if err := jsonx.Check(assertionJSON, opts.Limits); err != nil {
		return "", wrapJSON("assertion", err)
	}
	// verification.creator is optional: without it verifiers try the
	// issuer's keys.
	if _, err := readAssertion(assertionJSON); err != nil {
		return "", err
	}
	alg, err := algForKey(signer.Public())
	if err != nil {
		return "", err
	}
	var payload bytes.Buffer
	if err := json.Compact(&payload, assertionJSON); err != nil {
		return "", fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	hdr, err := json.Marshal(struct {
		Alg string `json:"alg"`
	}{alg})
	if err != nil {
		return "", err
	}
	input := b64.EncodeToString(hdr) + "." + b64.EncodeToString(payload.Bytes())
	rnd := opts.Rand
	if rnd == nil {
		rnd = rand.Reader
	}
	sig, err := signInput(rnd, signer, alg, []byte(input))
	if err != nil {
		return "", fmt.Errorf("ob2jws: signing: %w", err)
	}
	return input + "." + b64.EncodeToString(sig), nil
}

// assertion is what verification needs from an Assertion.
type assertion struct {
	id         string
	creator    string
	badgeID    string
	badgeClass map[string][]byte // embedded BadgeClass, if any
}

// readAssertion reads an Assertion that passed jsonx.Check and requires a
// SignedBadge verification object.
func readAssertion(data []byte) (*assertion, error) {
	m, err := members("assertion", data)
	if err != nil {
		return nil, err
	}
	a := &assertion{}
	if v, ok := m["id"]; ok {
		if a.id, err = str("id", v); err != nil {
			return nil, err
		}
	}
	ver, ok := m["verification"]
	if !ok {
		ver, ok = m["verify"] // OB 1.x name, an alias in the OB 2.0 context
	}
	if !ok {
		return nil, fmt.Errorf("%w: assertion has no verification object", ErrMalformed)
	}
	vm, err := members("verification", ver)
	if err != nil {
		return nil, err
	}
	if !hasType(vm["type"], "SignedBadge", "signed") {
		return nil, fmt.Errorf("%w: verification.type is not SignedBadge", ErrMalformed)
	}
	if c, ok := vm["creator"]; ok {
		if a.creator, _, err = idOf("verification.creator", c); err != nil {
			return nil, err
		}
	}
	b, ok := m["badge"]
	if !ok {
		return nil, fmt.Errorf("%w: assertion has no badge", ErrMalformed)
	}
	if a.badgeID, a.badgeClass, err = idOf("badge", b); err != nil {
		return nil, err
	}
	if a.badgeID == "" && a.badgeClass == nil {
		return nil, fmt.Errorf("%w: badge is empty", ErrMalformed)
	}
	return a, nil
}
