package verify

import (
	"bytes"
	"context"
	"crypto"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/laurelhq/laurel/credential/ob2jws"
	"github.com/laurelhq/laurel/credential/vcjwt"
	"github.com/laurelhq/laurel/internal/jsonx"
)

// isCompactJWS reports whether b looks like a compact JWS: three
// base64url segments, the first two non-empty.
func isCompactJWS(b []byte) bool {
	parts := bytes.Split(b, []byte("."))
	if len(parts) != 3 || len(parts[0]) == 0 || len(parts[1]) == 0 {
		return false
	}
	for _, p := range parts {
		for _, c := range p {
			if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// compactPayloadKind peeks at an unverified payload to route it: a
// Verifiable Credential (VC-JWT) or an Open Badges 2.0 assertion.
func compactPayloadKind(b []byte) (isAssertion bool, err error) {
	parts := bytes.Split(b, []byte("."))
	payload, err := base64.RawURLEncoding.DecodeString(string(parts[1]))
	if err != nil {
		return false, fmt.Errorf("payload is not base64url: %v", err)
	}
	// The same limits as a JSON credential, so that a deeply nested or
	// oversized payload is limit-exceeded, not a decoder's complaint.
	if err := jsonx.Check(payload, jsonx.Limits{MaxBytes: int64(len(payload))}); err != nil {
		return false, fmt.Errorf("payload: %w", err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(payload, &m); err != nil {
		return false, fmt.Errorf("payload is not a JSON object: %v", err)
	}
	if _, ok := m["vc"]; ok {
		return false, nil
	}
	_, recipient := m["recipient"]
	_, badge := m["badge"]
	_, verification := m["verification"]
	_, verifyOld := m["verify"]
	return recipient && badge || verification || verifyOld, nil
}

func (v *Verifier) verifyCompact(ctx context.Context, r *Result, data []byte, opts *Options, depth int) {
	isAssertion, err := compactPayloadKind(data)
	if err != nil && parseProblem(err) == ProblemLimitExceeded {
		r.fail(CheckParse, ProblemLimitExceeded, "", err.Error())
		return
	}
	// A payload that is not a JSON object goes to the VC-JWT path, which
	// checks the signature before reading the payload: a changed byte is a
	// signature failure, and a well-signed non-object is malformed there.
	if isAssertion {
		v.verifyOB2Signed(ctx, r, data, opts)
		return
	}
	v.verifyVCJWT(ctx, r, data, opts, depth)
}

// jwtKeys resolves JWT kids (DID URLs, key URLs) through the documents.
type jwtKeys struct{ v *Verifier }

func (k jwtKeys) ResolveKey(ctx context.Context, kid string) (crypto.PublicKey, error) {
	m, err := k.v.keys.ResolveMethod(ctx, kid)
	if err != nil {
		return nil, err
	}
	return m.PublicKey, nil
}

func (v *Verifier) verifyVCJWT(ctx context.Context, r *Result, data []byte, opts *Options, depth int) {
	r.Format = FormatVCJWT
	res, err := vcjwt.Verify(ctx, data, vcjwt.VerifyOptions{Resolver: jwtKeys{v}, MaxBytes: int(v.cfg.MaxBytes)})
	if err != nil {
		r.fail(CheckParse, ProblemLimitExceeded, "", err.Error())
		return
	}
	if res.Err != nil && res.Credential == nil && (errors.Is(res.Err, vcjwt.ErrMalformed) || errors.Is(res.Err, vcjwt.ErrLimitExceeded)) {
		r.fail(CheckParse, jwtProblem(res.Err), "", res.Err.Error())
		return
	}
	r.pass(CheckParse)
	if res.Err != nil {
		r.fail(CheckProof, jwtProblem(res.Err), "", res.Err.Error())
		r.skip(CheckIssuer, "the JWT did not verify")
		return
	}
	doc, err := v.decodeObject(res.Credential)
	if err != nil {
		r.fail(CheckConformance, parseProblem(err), jsonPath(err), err.Error())
		return
	}
	r.Credential = res.Credential
	r.Version = detectVersion(doc)
	readClaims(r, doc)
	if !v.checkContext(ctx, r, doc) {
		return
	}
	v.checkConformance(r, res.Credential, doc)
	r.add(Check{Name: CheckProof, Outcome: Pass, Detail: fmt.Sprintf("%s, %s layout, key from %s", res.Algorithm, res.Layout, res.KeySource)})
	switch {
	case res.KeySource == vcjwt.KeyFromJWK:
		r.warn(CheckIssuer, ProblemIssuerMismatch, "", "the key comes from the JWT's jwk header: it proves who holds the key, not that the key is the issuer's")
	case keyBelongsTo(res.KeyID, r.Issuer):
		r.pass(CheckIssuer)
	default:
		r.fail(CheckIssuer, ProblemIssuerMismatch, "", fmt.Sprintf("the signing key %s is not the issuer's (%s)", res.KeyID, r.Issuer))
	}
	v.checkValidity(r, doc)
	v.checkStatus(ctx, r, doc, depth)
	v.checkRecipient(r, doc, opts.Recipient)
	v.checkEndorsements(ctx, r, res.Credential, depth)
}

// keyBelongsTo reports whether a key id (a DID URL or a URL with a
// fragment) is controlled by issuer.
func keyBelongsTo(kid, issuer string) bool {
	if issuer == "" || kid == "" {
		return false
	}
	base, _, _ := strings.Cut(kid, "#")
	return base == issuer
}

func jwtProblem(err error) ProblemType {
	switch {
	case errors.Is(err, vcjwt.ErrSignature), errors.Is(err, ob2jws.ErrSignature):
		return ProblemSignature
	case errors.Is(err, vcjwt.ErrAlgorithm), errors.Is(err, ob2jws.ErrAlgorithm):
		return ProblemUnsupported
	case errors.Is(err, vcjwt.ErrUnresolvable), errors.Is(err, ob2jws.ErrUnresolvable):
		return ProblemUnresolvable
	case errors.Is(err, vcjwt.ErrClaimMismatch):
		return ProblemMalformed
	case errors.Is(err, ob2jws.ErrKeyOwner):
		return ProblemIssuerMismatch
	case errors.Is(err, vcjwt.ErrLimitExceeded), errors.Is(err, ob2jws.ErrLimitExceeded):
		return ProblemLimitExceeded
	}
	return ProblemMalformed
}

type docFetcher struct{ v *Verifier }

func (f docFetcher) Fetch(ctx context.Context, url string) ([]byte, error) {
	return f.v.document(ctx, url)
}

// verifyOB2Signed checks an Open Badges 2.0 signed assertion (compact JWS):
// the key from verification.creator must belong to the issuer profile.
func (v *Verifier) verifyOB2Signed(ctx context.Context, r *Result, data []byte, opts *Options) {
	r.Format = FormatOB2Signed
	res, err := ob2jws.Verify(ctx, data, ob2jws.VerifyOptions{Documents: docFetcher{v}, MaxBytes: int(v.cfg.MaxBytes)})
	if err != nil {
		r.fail(CheckParse, ProblemLimitExceeded, "", err.Error())
		return
	}
	if res.Err != nil && res.Payload == nil && errors.Is(res.Err, ob2jws.ErrMalformed) {
		r.fail(CheckParse, ProblemMalformed, "", res.Err.Error())
		return
	}
	r.pass(CheckParse)
	if res.Err != nil {
		if errors.Is(res.Err, ob2jws.ErrKeyOwner) {
			r.fail(CheckIssuer, ProblemIssuerMismatch, "$.verification.creator", res.Err.Error())
			return
		}
		r.fail(CheckProof, jwtProblem(res.Err), "", res.Err.Error())
		return
	}
	oa, err := parseOB2(res.Payload)
	if err != nil {
		r.fail(CheckConformance, ProblemMalformed, "$", err.Error())
		return
	}
	a := oa.a
	r.Version, r.Credential, r.ID, r.Issuer = oa.version, res.Payload, a.ID, res.Issuer
	var doc map[string]any
	if json.Unmarshal(res.Payload, &doc) == nil && oa.version != "1.0" {
		if !v.checkOB2Context(ctx, r, doc) {
			return
		}
	}
	r.add(Check{Name: CheckProof, Outcome: Pass, Detail: fmt.Sprintf("%s by %s", res.Algorithm, res.KeyID)})
	r.pass(CheckIssuer)
	v.checkOB2Validity(r, a)
	issuer, ok := v.ob2Issuer(ctx, r, a)
	if ok {
		v.checkOB2Revocation(ctx, r, a, issuer)
	}
	if opts.Recipient != "" {
		v.checkOB2Recipient(r, a, opts.Recipient)
	}
}
