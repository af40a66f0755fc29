package ob2jws

import (
	"bytes"
	"context"
	"crypto"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"strings"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/laurelhq/laurel/internal/josealg"
	"github.com/laurelhq/laurel/internal/jsonx"
)

// DefaultMaxBytes caps the compact JWS and every fetched document when
// VerifyOptions.MaxBytes is zero.
const DefaultMaxBytes = 1 << 20

// maxKeys bounds how many keys of an issuer Profile are tried when the
// assertion names no creator.
const maxKeys = 8

// Fetcher loads a JSON document by URL: the CryptographicKey, BadgeClass and
// issuer Profile. Its method set equals keys.Fetcher, so one offline
// documents map serves both.
type Fetcher interface {
	Fetch(ctx context.Context, url string) ([]byte, error)
}

// FetcherFunc adapts a function to Fetcher.
type FetcherFunc func(ctx context.Context, url string) ([]byte, error)

// Fetch calls f.
func (f FetcherFunc) Fetch(ctx context.Context, url string) ([]byte, error) { return f(ctx, url) }

// VerifyOptions configure Verify. The zero value accepts RS256 only, as OB
// 2.0 requires, and resolves nothing (every signed assertion is then
// unresolvable): set Documents.
type VerifyOptions struct {
	// Documents loads the key, badge class and profile documents.
	Documents Fetcher
	// Algorithms is the allow-list of alg values; empty means RS256 only.
	// ES256, ES384, EdDSA and PS256 may be added; "none" and HMAC never.
	Algorithms []string
	// MaxBytes caps the JWS and each fetched document; zero means
	// DefaultMaxBytes.
	MaxBytes int
	// MaxDepth caps JSON nesting; zero means the jsonx default.
	MaxDepth int
}

// Result is the outcome of Verify: Verified is true only when every check
// passed, otherwise Err wraps the sentinel of the first failed check.
type Result struct {
	Verified bool
	Err      error

	Algorithm string
	// KeyID is the URL of the CryptographicKey that verified the signature
	// (verification.creator, or the issuer key that matched).
	KeyID     string
	PublicKey crypto.PublicKey
	// Issuer is the issuer Profile id the key is bound to.
	Issuer string
	// BadgeClass is the id of the assertion's BadgeClass.
	BadgeClass string
	// Header is the decoded protected header.
	Header []byte
	// Payload is the assertion exactly as signed; set once the signature
	// has verified.
	Payload []byte
}

func (r *Result) fail(err error) (*Result, error) {
	r.Verified, r.Err = false, err
	return r, nil
}

type verifier struct {
	opts VerifyOptions
	lim  jsonx.Limits
}

// fetch loads and strictly checks one JSON document.
func (v *verifier) fetch(ctx context.Context, what, url string) (map[string][]byte, error) {
	if v.opts.Documents == nil {
		return nil, fmt.Errorf("%w: %s %s: no documents loader", ErrUnresolvable, what, url)
	}
	data, err := v.opts.Documents.Fetch(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("%w: %s %s: %w", ErrUnresolvable, what, url, err)
	}
	if err := jsonx.Check(data, v.lim); err != nil {
		return nil, wrapJSON(what+" "+url, err)
	}
	m, err := members(what, data)
	if err != nil {
		return nil, err
	}
	if idRaw, ok := m["id"]; ok {
		id, err := str(what+".id", idRaw)
		if err != nil {
			return nil, err
		}
		if id != url {
			return nil, fmt.Errorf("%w: %s fetched from %s has id %s", ErrMalformed, what, url, id)
		}
	}
	return m, nil
}

// key loads a CryptographicKey and returns its public key and owner.
func (v *verifier) key(ctx context.Context, url string) (crypto.PublicKey, string, error) {
	m, err := v.fetch(ctx, "key", url)
	if err != nil {
		return nil, "", err
	}
	if t, ok := m["type"]; ok && !hasType(t, "CryptographicKey") {
		return nil, "", fmt.Errorf("%w: %s is not a CryptographicKey", ErrMalformed, url)
	}
	ownerRaw, ok := m["owner"]
	if !ok {
		return nil, "", fmt.Errorf("%w: key %s has no owner", ErrKeyOwner, url)
	}
	owner, _, err := idOf("owner", ownerRaw)
	if err != nil {
		return nil, "", err
	}
	pemRaw, ok := m["publicKeyPem"]
	if !ok {
		return nil, "", fmt.Errorf("%w: key %s has no publicKeyPem", ErrMalformed, url)
	}
	pemText, err := str("publicKeyPem", pemRaw)
	if err != nil {
		return nil, "", err
	}
	pub, err := parsePEM(pemText)
	if err != nil {
		return nil, "", fmt.Errorf("%w: key %s: %w", ErrMalformed, url, err)
	}
	return pub, owner, nil
}

// parsePEM reads a SubjectPublicKeyInfo ("PUBLIC KEY") or PKCS #1 ("RSA
// PUBLIC KEY") block.
func parsePEM(text string) (crypto.PublicKey, error) {
	block, rest := pem.Decode([]byte(text))
	if block == nil {
		return nil, fmt.Errorf("publicKeyPem holds no PEM block")
	}
	if len(bytes.TrimSpace(rest)) != 0 {
		return nil, fmt.Errorf("publicKeyPem holds data after the key")
	}
	switch block.Type {
	case "PUBLIC KEY":
		return x509.ParsePKIXPublicKey(block.Bytes)
	case "RSA PUBLIC KEY":
		return x509.ParsePKCS1PublicKey(block.Bytes)
	}
	return nil, fmt.Errorf("unsupported PEM block %q", block.Type)
}

// issuer returns the assertion's issuer Profile id and the ids it lists
// under publicKey.
func (v *verifier) issuer(ctx context.Context, a *assertion) (id string, keyIDs []string, err error) {
	bc := a.badgeClass
	if bc == nil || bc["issuer"] == nil {
		if a.badgeID == "" {
			return "", nil, fmt.Errorf("%w: embedded badge class has no issuer", ErrMalformed)
		}
		if bc, err = v.fetch(ctx, "badge class", a.badgeID); err != nil {
			return "", nil, err
		}
	}
	issRaw, ok := bc["issuer"]
	if !ok {
		return "", nil, fmt.Errorf("%w: badge class %s has no issuer", ErrMalformed, a.badgeID)
	}
	id, _, err = idOf("badge.issuer", issRaw)
	if err != nil {
		return "", nil, err
	}
	if id == "" {
		return "", nil, fmt.Errorf("%w: badge class issuer has no id", ErrMalformed)
	}
	// The profile is always read from its own URL: an embedded copy cannot
	// vouch for the keys.
	prof, err := v.fetch(ctx, "issuer profile", id)
	if err != nil {
		return "", nil, err
	}
	if pk, ok := prof["publicKey"]; ok {
		if keyIDs, err = ids("publicKey", pk, maxKeys); err != nil {
			return "", nil, err
		}
	}
	return id, keyIDs, nil
}

// Verify checks an OB 2.0 signed assertion. It returns an error only when
// ctx is done; every problem with the assertion is reported in Result.Err.
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
		return r.fail(fmt.Errorf("%w: JWS of %d bytes, at most %d accepted", ErrLimitExceeded, len(compact), max))
	}
	v := &verifier{opts: opts, lim: jsonx.Limits{MaxBytes: int64(max), MaxDepth: opts.MaxDepth}}
	token := string(bytes.TrimSpace(compact))
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return r.fail(fmt.Errorf("%w: a compact JWS has 3 parts, got %d", ErrMalformed, len(parts)))
	}
	hdr, err := b64.DecodeString(parts[0])
	if err != nil {
		return r.fail(fmt.Errorf("%w: header is not base64url: %w", ErrMalformed, err))
	}
	if err := jsonx.Check(hdr, v.lim); err != nil {
		return r.fail(wrapJSON("header", err))
	}
	r.Header = hdr
	var h struct {
		Alg  *string         `json:"alg"`
		B64  json.RawMessage `json:"b64"`
		Crit json.RawMessage `json:"crit"`
	}
	if err := json.Unmarshal(hdr, &h); err != nil {
		return r.fail(fmt.Errorf("%w: header: %w", ErrMalformed, err))
	}
	if h.Alg == nil {
		return r.fail(fmt.Errorf("%w: header has no alg", ErrMalformed))
	}
	alg := *h.Alg
	r.Algorithm = alg
	if why := josealg.RefusedReason(alg, "JWS"); why != "" {
		return r.fail(fmt.Errorf("%w: %s", ErrAlgorithm, why))
	}
	allowed := []string{RS256}
	if len(opts.Algorithms) > 0 {
		allowed = allowed[:0]
		for _, a := range opts.Algorithms {
			if josealg.Supported(a) {
				allowed = append(allowed, a)
			}
		}
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
	jws, err := jose.ParseSignedCompact(token, josealg.Jose(allowed))
	if err != nil {
		return r.fail(fmt.Errorf("%w: %w", ErrMalformed, err))
	}

	// The key's location is in the payload, which is read (strictly) before
	// the signature is checked; nothing from it is trusted until then.
	unverified := jws.UnsafePayloadWithoutVerification()
	if err := jsonx.Check(unverified, v.lim); err != nil {
		return r.fail(wrapJSON("assertion", err))
	}
	a, err := readAssertion(unverified)
	if err != nil {
		return r.fail(err)
	}
	r.BadgeClass = a.badgeID

	if a.creator != "" {
		r.KeyID = a.creator
		pub, owner, err := v.key(ctx, a.creator)
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		if err != nil {
			return r.fail(err)
		}
		r.PublicKey = pub
		if err := checkKeyAlg(alg, pub); err != nil {
			return r.fail(err)
		}
		payload, err := jws.Verify(pub)
		if err != nil {
			return r.fail(fmt.Errorf("%w: %w", ErrSignature, err))
		}
		r.Payload = payload
		issuer, keyIDs, err := v.issuer(ctx, a)
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		if err != nil {
			return r.fail(err)
		}
		r.Issuer = issuer
		if owner != issuer {
			return r.fail(fmt.Errorf("%w: key %s is owned by %q, the badge issuer is %s", ErrKeyOwner, a.creator, owner, issuer))
		}
		listed := false
		for _, k := range keyIDs {
			listed = listed || k == a.creator
		}
		if !listed {
			return r.fail(fmt.Errorf("%w: issuer profile %s does not list key %s in publicKey", ErrKeyOwner, issuer, a.creator))
		}
		r.Verified = true
		return r, nil
	}

	// No creator: try the keys the issuer Profile lists (OB 2.0
	// VerificationObject, creator).
	issuer, keyIDs, err := v.issuer(ctx, a)
	if cerr := ctx.Err(); cerr != nil {
		return nil, cerr
	}
	if err != nil {
		return r.fail(err)
	}
	r.Issuer = issuer
	if len(keyIDs) == 0 {
		return r.fail(fmt.Errorf("%w: no verification.creator and issuer profile %s lists no publicKey", ErrUnresolvable, issuer))
	}
	var last error
	for _, kid := range keyIDs {
		pub, owner, err := v.key(ctx, kid)
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		if err == nil && owner != issuer {
			err = fmt.Errorf("%w: key %s is owned by %q, the badge issuer is %s", ErrKeyOwner, kid, owner, issuer)
		}
		if err == nil {
			err = checkKeyAlg(alg, pub)
		}
		if err == nil {
			var payload []byte
			if payload, err = jws.Verify(pub); err == nil {
				r.KeyID, r.PublicKey, r.Payload, r.Verified = kid, pub, payload, true
				return r, nil
			}
			err = fmt.Errorf("%w: key %s: %w", ErrSignature, kid, err)
		}
		last = err
	}
	return r.fail(last)
}
