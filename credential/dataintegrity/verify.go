package dataintegrity

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/laurelhq/laurel/credential/keys"
	"github.com/laurelhq/laurel/internal/jsonx"
)

// MethodResolver finds the public key a proof names in verificationMethod.
// did:key methods are resolved built in and never reach it.
// *keys.Resolver implements it (did:web and controller documents).
type MethodResolver interface {
	ResolveMethod(ctx context.Context, id string) (*keys.VerificationMethod, error)
}

// ControllerResolver is an optional interface of a MethodResolver: when
// implemented, Verify also checks that the controller document lists the
// method under the proof's purpose (e.g. assertionMethod).
type ControllerResolver interface {
	ResolveController(ctx context.Context, id string) (*keys.ControllerDocument, error)
}

// VerifyOptions configures Verify. The zero value is strict: proofs must be
// for assertionMethod, made by a key of the document's issuer, and created
// no later than now.
type VerifyOptions struct {
	// Resolver resolves verification methods other than did:key; nil
	// allows did:key only.
	Resolver MethodResolver
	// ExpectedPurpose defaults to assertionMethod.
	ExpectedPurpose string
	// Domain and Challenge, when set, must equal the proof's.
	Domain, Challenge string
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// ClockSkew is how far in the future a proof's created may be.
	ClockSkew time.Duration
	// UnsafeSkipIssuerCheck disables the check that the verification
	// method's controller is the document's issuer and that the controller
	// document authorises it. Only for test vectors and for callers that
	// bind keys to issuers themselves.
	UnsafeSkipIssuerCheck bool
	// Canonicalizer runs JSON-LD processing and RDFC-1.0; nil builds one over
	// the bundled contexts for this call only. Share one across calls: it
	// caches processed contexts.
	Canonicalizer *Canonicalizer
	// Limits bound the parsing of the document; zero fields mean the jsonx
	// defaults (1 MiB, nesting depth 64).
	Limits jsonx.Limits
}

// Report is the outcome of Verify.
type Report struct {
	// Verified is true when the document has at least one proof and every
	// proof verified.
	Verified bool
	// Err is set when the document itself could not be processed (not a
	// JSON object, no proof, limit exceeded); Proofs is then empty.
	Err error
	// Proofs has one entry per proof, in document order.
	Proofs []ProofResult
}

// ProofResult is the outcome for one proof.
type ProofResult struct {
	Index              int
	ID                 string
	Type               string
	Cryptosuite        string
	VerificationMethod string
	ProofPurpose       string
	Created            time.Time
	Expires            time.Time
	// Method is the resolved verification method (nil if unresolved).
	Method *keys.VerificationMethod
	// Verified is true when every check passed.
	Verified bool
	// Err says why not; match it with the package's sentinels.
	Err error
}

// Verify checks every proof of doc. A proof that fails is reported in the
// Report, not returned as an error; the error is only for misuse (a nil
// context, a cancelled context).
//
// The document bytes are decoded once; each proof is checked against that
// decoded value with the proof (and, for chained proofs, all but the
// referenced previous proofs) removed, following "Verify Proof"
// (https://www.w3.org/TR/vc-data-integrity/#verify-proof) and "Verify Proof
// Sets and Chains"
// (https://www.w3.org/TR/vc-data-integrity/#verify-proof-sets-and-chains).
func Verify(ctx context.Context, doc []byte, opts VerifyOptions) (*Report, error) {
	if ctx == nil {
		return nil, errors.New("dataintegrity: nil context")
	}
	rep := &Report{}
	decoded, err := decode(doc, opts.Limits)
	if err != nil {
		rep.Err = err
		return rep, nil
	}
	proofs, err := proofList(decoded["proof"])
	if err != nil {
		rep.Err = err
		return rep, nil
	}
	if len(proofs) == 0 {
		rep.Err = ErrNoProof
		return rep, nil
	}
	if len(proofs) > maxProofs {
		rep.Err = fmt.Errorf("%w: %d proofs (at most %d)", ErrLimitExceeded, len(proofs), maxProofs)
		return rep, nil
	}
	c := opts.Canonicalizer
	v := &verifier{opts: opts, doc: decoded, proofs: proofs, canon: c}
	rep.Verified = true
	for i, p := range proofs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r := v.verifyProof(ctx, i, p)
		rep.Proofs = append(rep.Proofs, r)
		rep.Verified = rep.Verified && r.Verified
	}
	return rep, nil
}

// maxProofs bounds the proofs processed per document.
const maxProofs = 32

type verifier struct {
	opts   VerifyOptions
	doc    map[string]any
	proofs []map[string]any
	canon  *Canonicalizer
}

func (v *verifier) now() time.Time {
	if v.opts.Now != nil {
		return v.opts.Now()
	}
	return time.Now()
}

func (v *verifier) verifyProof(ctx context.Context, i int, p map[string]any) ProofResult {
	r := ProofResult{Index: i}
	r.Err = v.check(ctx, &r, p)
	r.Verified = r.Err == nil
	return r
}

func (v *verifier) check(ctx context.Context, r *ProofResult, p map[string]any) error {
	var pf proofFields
	var err error
	str := func(key string, required bool) string {
		if err != nil {
			return ""
		}
		raw, ok := p[key]
		if !ok {
			if required {
				err = fmt.Errorf("%w: proof has no %s", ErrMalformed, key)
			}
			return ""
		}
		s, ok := raw.(string)
		if !ok || (required && s == "") {
			err = fmt.Errorf("%w: proof %s is not a string", ErrMalformed, key)
		}
		return s
	}
	pf.Type = str("type", true)
	pf.ID = str("id", false)
	pf.Cryptosuite = str("cryptosuite", false)
	pf.Created = str("created", false)
	pf.Expires = str("expires", false)
	pf.VerificationMethod = str("verificationMethod", true)
	pf.ProofPurpose = str("proofPurpose", true)
	pf.Domain = str("domain", false)
	pf.Challenge = str("challenge", false)
	pf.ProofValue = str("proofValue", true)
	r.Type, r.ID, r.Cryptosuite = pf.Type, pf.ID, pf.Cryptosuite
	r.VerificationMethod, r.ProofPurpose = pf.VerificationMethod, pf.ProofPurpose
	if err != nil {
		return err
	}
	s, err := lookupSuite(pf.Type, pf.Cryptosuite)
	if err != nil {
		return err
	}

	// Purpose, domain, challenge and validity period.
	want := v.opts.ExpectedPurpose
	if want == "" {
		want = keys.AssertionMethod
	}
	if pf.ProofPurpose != want {
		return fmt.Errorf("%w: proof is for %q, expected %q", ErrPurpose, pf.ProofPurpose, want)
	}
	if v.opts.Domain != "" && pf.Domain != v.opts.Domain {
		return fmt.Errorf("%w: domain %q, expected %q", ErrDomain, pf.Domain, v.opts.Domain)
	}
	if v.opts.Challenge != "" && pf.Challenge != v.opts.Challenge {
		return fmt.Errorf("%w: challenge %q, expected %q", ErrDomain, pf.Challenge, v.opts.Challenge)
	}
	now := v.now()
	if pf.Created != "" {
		if r.Created, err = parseDateTime(pf.Created); err != nil {
			return fmt.Errorf("%w: created: %v", ErrMalformed, err)
		}
		if r.Created.After(now.Add(v.opts.ClockSkew)) {
			return fmt.Errorf("%w: created %s is after now (%s)", ErrNotYetValid, pf.Created, formatTime(now))
		}
	} else if s.proofType == TypeEd25519Signature2020 {
		return fmt.Errorf("%w: Ed25519Signature2020 proof without created", ErrMalformed)
	}
	if pf.Expires != "" {
		if r.Expires, err = parseDateTime(pf.Expires); err != nil {
			return fmt.Errorf("%w: expires: %v", ErrMalformed, err)
		}
		if !now.Before(r.Expires.Add(v.opts.ClockSkew)) {
			return fmt.Errorf("%w: expired at %s", ErrExpired, pf.Expires)
		}
	}
	sig, err := keys.DecodeMultibase(pf.ProofValue)
	if err != nil {
		return fmt.Errorf("%w: proofValue: %v", ErrMalformed, err)
	}

	// The document as it was when this proof was made.
	unsecured := withoutProof(v.doc)
	if prev, ok := p["previousProof"]; ok {
		ids, err := stringList(prev)
		if err != nil {
			return fmt.Errorf("%w: previousProof: %v", ErrMalformed, err)
		}
		pf.PreviousProof = prev
		matching, err := matchingProofs(v.proofs, ids)
		if err != nil {
			return err
		}
		unsecured["proof"] = matching
	}

	// Key and its binding to the issuer.
	m, err := v.resolve(ctx, pf.VerificationMethod)
	if err != nil {
		return err
	}
	r.Method = m
	if err := v.checkController(ctx, m, pf.ProofPurpose); err != nil {
		return err
	}
	h, err := s.hashFor(m.PublicKey)
	if err != nil {
		return err
	}

	config := withoutKey(p, "proofValue")
	docContext, hasContext := v.doc["@context"]
	if proofContext, ok := p["@context"]; ok && s.canon == canonJCS {
		// The JCS suites carry the proof's @context, which must be a prefix
		// of the document's (https://www.w3.org/TR/vc-di-eddsa/#verify-proof-eddsa-jcs-2022).
		if !contextPrefix(proofContext, docContext) {
			return fmt.Errorf("%w: proof @context is not a prefix of the document's", ErrMalformed)
		}
	}
	if hasContext {
		config["@context"] = docContext
	} else if s.canon == canonRDFC {
		return fmt.Errorf("%w: document has no @context", ErrMalformed)
	}
	canon := v.canon
	if canon == nil && s.canon == canonRDFC {
		if canon, err = NewCanonicalizer(CanonicalizerOptions{}); err != nil {
			return err
		}
		v.canon = canon
	}
	hd, err := s.hashData(ctx, canon, unsecured, config, h)
	if err != nil {
		return err
	}
	return s.verifyData(m.PublicKey, h, hd.combined, sig)
}

func withoutKey(m map[string]any, key string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if k != key {
			out[k] = v
		}
	}
	return out
}

func (v *verifier) resolve(ctx context.Context, id string) (*keys.VerificationMethod, error) {
	var (
		m   *keys.VerificationMethod
		err error
	)
	switch {
	case strings.HasPrefix(id, "did:key:"):
		m, err = keys.ResolveDIDKey(id)
	case v.opts.Resolver != nil:
		m, err = v.opts.Resolver.ResolveMethod(ctx, id)
	default:
		return nil, fmt.Errorf("%w: %s (no resolver for non-did:key methods)", ErrUnresolvable, id)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrUnresolvable, id, err)
	}
	if m == nil || m.PublicKey == nil {
		return nil, fmt.Errorf("%w: %s resolved without a public key", ErrUnresolvable, id)
	}
	if m.ID != "" && m.ID != id {
		return nil, fmt.Errorf("%w: resolving %s returned method %s", ErrUnresolvable, id, m.ID)
	}
	return m, nil
}

// checkController binds the key to the document: its controller must be the
// issuer, and the controller document (when the resolver can provide one)
// must list it under the proof purpose.
func (v *verifier) checkController(ctx context.Context, m *keys.VerificationMethod, purpose string) error {
	if v.opts.UnsafeSkipIssuerCheck {
		return nil
	}
	if issuer, ok := issuerID(v.doc); ok && m.Controller != issuer {
		return fmt.Errorf("%w: method %s is controlled by %q, issuer is %q", ErrIssuerMismatch, m.ID, m.Controller, issuer)
	}
	var doc *keys.ControllerDocument
	var err error
	switch {
	case strings.HasPrefix(m.ID, "did:key:"):
		doc, err = keys.DIDKeyDocument(m.ID)
	default:
		cr, ok := v.opts.Resolver.(ControllerResolver)
		if !ok {
			return nil
		}
		doc, err = cr.ResolveController(ctx, m.Controller)
	}
	if err != nil {
		return fmt.Errorf("%w: controller document of %s: %w", ErrUnresolvable, m.ID, err)
	}
	if doc.ID != m.Controller {
		return fmt.Errorf("%w: controller document %s is not %s", ErrIssuerMismatch, doc.ID, m.Controller)
	}
	if !doc.HasRelationship(purpose, m.ID) {
		return fmt.Errorf("%w: %s does not list %s under %s", ErrIssuerMismatch, doc.ID, m.ID, purpose)
	}
	return nil
}

// issuerID returns the document's issuer id (a string, or an object's id).
func issuerID(doc map[string]any) (string, bool) {
	switch is := doc["issuer"].(type) {
	case string:
		return is, true
	case map[string]any:
		id, ok := is["id"].(string)
		return id, ok
	}
	return "", false
}

func stringList(v any) ([]string, error) {
	switch t := v.(type) {
	case string:
		return []string{t}, nil
	case []any:
		out := make([]string, 0, len(t))
		for _, e := range t {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("not a string")
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, fmt.Errorf("neither a string nor an array of strings")
}

// parseDateTime accepts XML Schema dateTime stamps as used in proofs
// (RFC 3339 with an optional fraction; a missing zone means UTC).
func parseDateTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	return time.Parse("2006-01-02T15:04:05.999999999", s)
}

// contextPrefix reports whether the proof's @context values start the
// document's @context.
func contextPrefix(proof, doc any) bool {
	asList := func(v any) []any {
		if l, ok := v.([]any); ok {
			return l
		}
		return []any{v}
	}
	p, d := asList(proof), asList(doc)
	if len(p) > len(d) {
		return false
	}
	for i := range p {
		ps, ok1 := p[i].(string)
		ds, ok2 := d[i].(string)
		if !ok1 || !ok2 || ps != ds {
			return false
		}
	}
	return true
}
