package vcjwt

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

	"github.com/laurelhq/laurel/credential/keys"
	"github.com/laurelhq/laurel/internal/jsonx"
)

// SignOptions configure Sign. The zero value signs in the VC 2.0 layout with
// a did:key kid derived from an Ed25519 or P-256 key.
type SignOptions struct {
	// KeyID is the header kid, normally a DID URL or URL of the verification
	// method. When empty and EmbedJWK is false, the did:key key id of an
	// Ed25519 or P-256 key is used; other keys then need KeyID or EmbedJWK.
	KeyID string
	// EmbedJWK puts the public key in the "jwk" header. A verifier then
	// learns only that the token was signed by that key; binding the key to
	// the issuer is up to it.
	EmbedJWK bool
	// Layout chooses the claims-set layout; LayoutVC2 by default.
	Layout Layout
	// OmitClaims, in the VC 2.0 layout, leaves out the registered claims
	// iss, sub, jti, nbf and exp that Sign otherwise derives from the
	// credential (OB 3.0 §8.2.4.2 asks for iss, jti and sub). The VC 1.1
	// layout always carries them.
	OmitClaims bool
	// Type overrides the header typ: "vc+jwt" (VC 2.0) or "JWT" (VC 1.1) by
	// default.
	Type string
	// Rand is the randomness for signature schemes that use it (ECDSA);
	// nil means crypto/rand.
	Rand io.Reader
	// Limits bound the parsing of credentialJSON; zero fields mean the
	// jsonx defaults (1 MiB, depth 64).
	Limits jsonx.Limits
}

type header struct {
	Alg string          `json:"alg"`
	Kid string          `json:"kid,omitempty"`
	Typ string          `json:"typ,omitempty"`
	Cty string          `json:"cty,omitempty"`
	JWK json.RawMessage `json:"jwk,omitempty"`
}

var b64 = base64.RawURLEncoding

// Sign secures credentialJSON (a Verifiable Credential) as a compact JWS
// signed by signer: EdDSA for Ed25519, ES256 for P-256, ES384 for P-384 and
// RS256 for RSA keys of at least 2048 bits.
func Sign(ctx context.Context, credentialJSON []byte, signer crypto.Signer, opts SignOptions) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if signer == nil {
		return "", errors.New("vcjwt: nil signer")
	}
	if err := jsonx.Check(credentialJSON, opts.Limits); err != nil {
		return "", wrapJSON(err)
	}
	ci, err := readCredential(credentialJSON)
	if err != nil {
		return "", err
	}
	if !ci.isVC {
		return "", fmt.Errorf("%w: type does not include VerifiableCredential", ErrMalformed)
	}
	pub := signer.Public()
	alg, err := algForKey(pub)
	if err != nil {
		return "", err
	}
	h := header{Alg: alg, Kid: opts.KeyID, Typ: opts.Type}
	if opts.EmbedJWK {
		jwk, err := keys.PublicJWK(pub, "")
		if err != nil {
			return "", fmt.Errorf("vcjwt: embedding jwk: %w", err)
		}
		h.JWK = jwk
	} else if h.Kid == "" {
		_, kid, err := keys.DIDKey(pub)
		if err != nil {
			return "", fmt.Errorf("vcjwt: no kid for a %s key: set SignOptions.KeyID or EmbedJWK: %w", keyType(pub), err)
		}
		h.Kid = kid
	}

	var cred bytes.Buffer
	if err := json.Compact(&cred, credentialJSON); err != nil {
		return "", fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	claims, err := derivedClaims(ci, opts.Layout)
	if err != nil {
		return "", err
	}
	var payload []byte
	switch opts.Layout {
	case LayoutVC2:
		if h.Typ == "" {
			h.Typ, h.Cty = "vc+jwt", "vc"
		}
		payload = cred.Bytes()
		if !opts.OmitClaims {
			payload, err = appendClaims(payload, claims)
			if err != nil {
				return "", err
			}
		}
	case LayoutVC11:
		if h.Typ == "" {
			h.Typ = "JWT"
		}
		p, err := appendClaims([]byte("{}"), claims)
		if err != nil {
			return "", err
		}
		vc := append([]byte(`"vc":`), cred.Bytes()...)
		if len(p) > 2 {
			vc = append(vc, ',')
		}
		payload = append(append([]byte("{"), vc...), p[1:]...)
	default:
		return "", fmt.Errorf("vcjwt: unknown layout %v", opts.Layout)
	}

	hdr, err := json.Marshal(h)
	if err != nil {
		return "", fmt.Errorf("vcjwt: header: %w", err)
	}
	input := b64.EncodeToString(hdr) + "." + b64.EncodeToString(payload)
	rnd := opts.Rand
	if rnd == nil {
		rnd = rand.Reader
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	sig, err := signInput(rnd, signer, alg, []byte(input))
	if err != nil {
		return "", fmt.Errorf("vcjwt: signing: %w", err)
	}
	return input + "." + b64.EncodeToString(sig), nil
}

type claim struct {
	name  string
	value any
}

// derivedClaims returns iss, sub, jti, nbf and exp as the credential states
// them (VC 1.1 §6.3.1, OB 3.0 §8.2.4.2).
func derivedClaims(ci *credInfo, layout Layout) ([]claim, error) {
	var out []claim
	if ci.issuer != "" {
		out = append(out, claim{"iss", ci.issuer})
	}
	if len(ci.subjects) == 1 {
		out = append(out, claim{"sub", ci.subjects[0]})
	}
	if ci.id != "" {
		out = append(out, claim{"jti", ci.id})
	}
	from, until := ci.validFrom, ci.until
	if layout == LayoutVC11 || from == "" {
		if ci.issuanceDate != "" {
			from = ci.issuanceDate
		}
	}
	if layout == LayoutVC11 || until == "" {
		if ci.expirationDate != "" {
			until = ci.expirationDate
		}
	}
	for _, d := range []struct{ name, date string }{{"nbf", from}, {"exp", until}} {
		if d.date == "" {
			continue
		}
		t, err := parseDate(d.date)
		if err != nil {
			return nil, err
		}
		out = append(out, claim{d.name, t.Unix()})
	}
	return out, nil
}

// appendClaims adds the claims a compact JSON object does not already have
// as members before its closing brace, keeping the object's bytes otherwise
// unchanged.
func appendClaims(obj []byte, claims []claim) ([]byte, error) {
	have := map[string]bool{}
	if err := jsonx.Members(obj, func(name string, _ []byte) error {
		have[name] = true
		return nil
	}); err != nil {
		return nil, wrapJSON(err)
	}
	out := append([]byte(nil), obj[:len(obj)-1]...)
	first := len(have) == 0
	for _, c := range claims {
		if have[c.name] {
			continue
		}
		v, err := json.Marshal(c.value)
		if err != nil {
			return nil, err
		}
		if !first {
			out = append(out, ',')
		}
		first = false
		out = append(out, '"')
		out = append(out, c.name...)
		out = append(out, `":`...)
		out = append(out, v...)
	}
	return append(out, '}'), nil
}
