package vcjwt

import (
	"bytes"
	"context"
	"crypto"
	"encoding/json"
	"fmt"
	"strings"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/laurelhq/laurel/credential/keys"
	"github.com/laurelhq/laurel/internal/josealg"
	"github.com/laurelhq/laurel/internal/jsonx"
)

// DefaultMaxBytes is the largest compact JWT Verify accepts when
// VerifyOptions.MaxBytes is zero.
const DefaultMaxBytes = 1 << 20

// KeyResolver finds the public key a kid names. Verify calls it for every kid
// that is not a did:key DID URL (those are resolved offline). It should
// return an error wrapping a cause when the key is unknown; Verify reports
// that as ErrUnresolvable.
type KeyResolver interface {
	ResolveKey(ctx context.Context, kid string) (crypto.PublicKey, error)
}

// KeyResolverFunc adapts a function to KeyResolver.
type KeyResolverFunc func(ctx context.Context, kid string) (crypto.PublicKey, error)

// ResolveKey calls f.
func (f KeyResolverFunc) ResolveKey(ctx context.Context, kid string) (crypto.PublicKey, error) {
	return f(ctx, kid)
}

// VerifyOptions configure Verify. The zero value is strict: EdDSA, ES256 and
// RS256 only, keys from the jwk header or did:key kids, 1 MiB input.
type VerifyOptions struct {
	// Algorithms is the allow-list of alg values. Empty means
	// DefaultAlgorithms. Only EdDSA, ES256, ES384, RS256 and PS256 can be
	// allowed; "none" and HMAC are refused whatever the list says.
	Algorithms []string
	// Resolver resolves kid values other than did:key. Nil means such kids
	// are unresolvable.
	Resolver KeyResolver
	// MaxBytes caps the compact JWT length; zero means DefaultMaxBytes.
	MaxBytes int
	// MaxDepth caps JSON nesting in header and payload; zero means the
	// jsonx default (64).
	MaxDepth int
}

// KeySource tells where the verification key came from.
type KeySource string

// Key sources.
const (
	KeyFromJWK      KeySource = "jwk"      // the jwk header: proves possession, not identity
	KeyFromDIDKey   KeySource = "did:key"  // a did:key kid, resolved offline
	KeyFromResolver KeySource = "resolver" // the caller's KeyResolver
)

// Result is the outcome of Verify. Verified is true only when every check
// passed; otherwise Err wraps the sentinel of the first failed check. The
// fields are filled as far as verification got.
type Result struct {
	Verified bool
	Err      error

	Algorithm string
	KeyID     string
	KeySource KeySource
	PublicKey crypto.PublicKey
	Layout    Layout
	Claims    Claims

	// Header is the decoded protected header.
	Header []byte
	// Payload is the decoded JWS payload, exactly as signed. Set only once
	// the signature has verified.
	Payload []byte
	// Credential is the credential JSON exactly as signed: the whole
	// payload in the VC 2.0 layout (including any registered claims next to
	// the credential members), the value of the "vc" claim in the VC 1.1
	// layout. It is a sub-slice of Payload.
	Credential []byte
}

func (r *Result) fail(err error) (*Result, error) {
	r.Verified, r.Err = false, err
	return r, nil
}

// joseHeader is the part of the protected header Verify reads itself.
type joseHeader struct {
	Alg  *string         `json:"alg"`
	Kid  *string         `json:"kid"`
	Typ  *string         `json:"typ"`
	JWK  json.RawMessage `json:"jwk"`
	B64  json.RawMessage `json:"b64"`
	Crit json.RawMessage `json:"crit"`
}

// acceptedTypes are the typ values of VC-JWTs in circulation: RFC 7519 "JWT",
// VC-JOSE-COSE "vc+jwt" and the earlier drafts' "vc+ld+jwt", with or without
// the "application/" prefix (RFC 7515 §4.1.9).
var acceptedTypes = map[string]bool{"jwt": true, "vc+jwt": true, "vc+ld+jwt": true}

// Verify checks a compact VC-JWT. It returns an error only when ctx is done;
// every problem with the token itself is reported in Result.Err.
func Verify(ctx context.Context, compact []byte, opts VerifyOptions) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r := &Result{}
	max := opts.MaxBytes
	if max <= 0 {
		max = DefaultMaxBytes
	}
	if len(compact) > max {
		return r.fail(fmt.Errorf("%w: JWT of %d bytes, at most %d accepted", ErrLimitExceeded, len(compact), max))
	}
	lim := jsonx.Limits{MaxBytes: int64(max), MaxDepth: opts.MaxDepth}
	token := string(bytes.TrimSpace(compact))
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return r.fail(fmt.Errorf("%w: a compact JWS has 3 parts, got %d", ErrMalformed, len(parts)))
	}
	hdr, err := b64.DecodeString(parts[0])
	if err != nil {
		return r.fail(fmt.Errorf("%w: header is not base64url: %w", ErrMalformed, err))
	}
	if err := jsonx.Check(hdr, lim); err != nil {
		return r.fail(wrapJSON(fmt.Errorf("header: %w", err)))
	}
	r.Header = hdr
	var h joseHeader
	if err := json.Unmarshal(hdr, &h); err != nil {
		return r.fail(fmt.Errorf("%w: header: %w", ErrMalformed, err))
	}
	if h.Alg == nil {
		return r.fail(fmt.Errorf("%w: header has no alg", ErrMalformed))
	}
	alg := *h.Alg
	r.Algorithm = alg
	allowed := allowList(opts.Algorithms)
	if why := josealg.RefusedReason(alg, "JWT"); why != "" {
		return r.fail(fmt.Errorf("%w: %s", ErrAlgorithm, why))
	}
	ok := false
	for _, a := range allowed {
		ok = ok || a == alg
	}
	if !ok {
		return r.fail(fmt.Errorf("%w: %q is not in the allow-list %v", ErrAlgorithm, alg, allowed))
	}
	if h.B64 != nil || h.Crit != nil {
		return r.fail(fmt.Errorf("%w: unsupported header parameter (crit or b64)", ErrMalformed))
	}
	if h.Typ != nil && !acceptedTypes[strings.TrimPrefix(strings.ToLower(*h.Typ), "application/")] {
		return r.fail(fmt.Errorf("%w: typ %q is not a credential JWT", ErrMalformed, *h.Typ))
	}
	if h.Kid != nil {
		r.KeyID = *h.Kid
	}

	// The key: jwk header first, then kid.
	var pub crypto.PublicKey
	switch {
	case h.JWK != nil:
		p, priv, _, err := keys.ParseJWK(h.JWK)
		if err != nil {
			return r.fail(fmt.Errorf("%w: jwk header: %w", ErrMalformed, err))
		}
		if priv != nil || hasMember(h.JWK, "d") {
			return r.fail(fmt.Errorf("%w: %w", ErrMalformed, ErrPrivateKey))
		}
		var jwkAlg struct {
			Alg string `json:"alg"`
		}
		if json.Unmarshal(h.JWK, &jwkAlg) == nil && jwkAlg.Alg != "" && jwkAlg.Alg != alg {
			return r.fail(fmt.Errorf("%w: jwk is for %s, header alg is %s", ErrAlgorithm, jwkAlg.Alg, alg))
		}
		pub, r.KeySource = p, KeyFromJWK
	case h.Kid != nil && *h.Kid != "":
		kid := *h.Kid
		if strings.HasPrefix(kid, "#") {
			// A relative kid names a key of the issuer (VC-JOSE-COSE §3.1.1).
			if iss := unverifiedIssuer(parts[1], lim); iss != "" {
				kid = iss + kid
			}
		}
		if strings.HasPrefix(kid, "did:key:") {
			vm, err := keys.ResolveDIDKey(kid)
			if err != nil {
				return r.fail(fmt.Errorf("%w: %s: %w", ErrUnresolvable, kid, err))
			}
			pub, r.KeySource = vm.PublicKey, KeyFromDIDKey
		} else {
			if opts.Resolver == nil {
				return r.fail(fmt.Errorf("%w: kid %q and no resolver", ErrUnresolvable, kid))
			}
			p, err := opts.Resolver.ResolveKey(ctx, kid)
			if cerr := ctx.Err(); cerr != nil {
				return nil, cerr
			}
			if err != nil {
				return r.fail(fmt.Errorf("%w: %s: %w", ErrUnresolvable, kid, err))
			}
			if p == nil {
				return r.fail(fmt.Errorf("%w: %s: resolver returned no key", ErrUnresolvable, kid))
			}
			pub, r.KeySource = p, KeyFromResolver
		}
	default:
		return r.fail(fmt.Errorf("%w: header has neither jwk nor kid", ErrUnresolvable))
	}
	r.PublicKey = pub
	if err := checkKeyAlg(alg, pub); err != nil {
		return r.fail(err)
	}

	jws, err := jose.ParseSignedCompact(token, josealg.Jose(allowed))
	if err != nil {
		return r.fail(fmt.Errorf("%w: %w", ErrMalformed, err))
	}
	payload, err := jws.Verify(pub)
	if err != nil {
		return r.fail(fmt.Errorf("%w: %w", ErrSignature, err))
	}
	r.Payload = payload

	// The payload: strict JSON, then the credential and its claims.
	if err := jsonx.Check(payload, lim); err != nil {
		return r.fail(wrapJSON(fmt.Errorf("payload: %w", err)))
	}
	if len(payload) == 0 || payload[0] != '{' {
		return r.fail(fmt.Errorf("%w: payload is not a JSON object", ErrMalformed))
	}
	claims, vc, err := readClaims(payload)
	if err != nil {
		return r.fail(err)
	}
	r.Claims = claims
	cred := payload
	r.Layout = LayoutVC2
	if vc != nil {
		cred, r.Layout = vc, LayoutVC11
	}
	r.Credential = cred
	ci, err := readCredential(cred)
	if err != nil {
		return r.fail(err)
	}
	if !ci.isVC {
		return r.fail(fmt.Errorf("%w: type does not include VerifiableCredential", ErrMalformed))
	}
	present := map[string]bool{}
	_ = jsonx.Members(payload, func(name string, _ []byte) error {
		present[name] = true
		return nil
	})
	if err := checkClaims(claims, present, ci); err != nil {
		return r.fail(err)
	}
	r.Verified = true
	return r, nil
}

func hasMember(obj []byte, name string) bool {
	found := false
	_ = jsonx.Members(obj, func(n string, _ []byte) error {
		found = found || n == name
		return nil
	})
	return found
}

// unverifiedIssuer reads iss (or the issuer id) from a payload whose
// signature is not yet checked, only to locate the key; "" when absent.
func unverifiedIssuer(part string, lim jsonx.Limits) string {
	payload, err := b64.DecodeString(part)
	if err != nil || jsonx.Check(payload, lim) != nil {
		return ""
	}
	c, vc, err := readClaims(payload)
	if err != nil {
		return ""
	}
	if c.Issuer != "" {
		return c.Issuer
	}
	cred := payload
	if vc != nil {
		cred = vc
	}
	if ci, err := readCredential(cred); err == nil {
		return ci.issuer
	}
	return ""
}
