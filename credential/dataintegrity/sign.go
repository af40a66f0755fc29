package dataintegrity

import (
	"context"
	"crypto"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/laurelhq/laurel/credential/keys"
	"github.com/laurelhq/laurel/internal/jsonx"
)

// SignOptions configures Sign. The zero value signs eddsa-rdfc-2022 (or
// ecdsa-rdfc-2019 for an ECDSA key) for
// assertionMethod with the signer's did:key verification method, created now.
type SignOptions struct {
	// Cryptosuite: eddsa-rdfc-2022, ecdsa-rdfc-2019, eddsa-jcs-2022,
	// ecdsa-jcs-2019, or Ed25519Signature2020 for the legacy proof type.
	// Empty chooses eddsa-rdfc-2022 for Ed25519 keys and ecdsa-rdfc-2019 for
	// P-256/P-384 keys.
	Cryptosuite string
	// VerificationMethod is the id of the public key; empty derives the
	// did:key id from an Ed25519, P-256 or P-384 signer.
	VerificationMethod string
	// Created is the proof's creation time; zero uses Now.
	Created time.Time
	// Expires, when non-zero, is written as the proof's expires.
	Expires time.Time
	// ProofPurpose defaults to assertionMethod.
	ProofPurpose string
	// Domain and Challenge are written when non-empty.
	Domain, Challenge string
	// PreviousProof lists the ids of existing proofs this proof chains to;
	// they must be present in the document.
	PreviousProof []string
	// ID is the proof's optional id.
	ID string
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// Rand is the randomness for ECDSA signatures (nil: crypto/rand).
	Rand io.Reader
	// Canonicalizer runs JSON-LD processing and RDFC-1.0 for the RDFC
	// suites; nil builds one over the bundled contexts for this call only.
	// Share one to reuse processed contexts.
	Canonicalizer *Canonicalizer
	// Limits bound the parsing of the document; zero fields mean the jsonx
	// defaults (1 MiB, nesting depth 64).
	Limits jsonx.Limits
}

// Sign adds a Data Integrity proof to doc (a JSON object) and returns the
// document with its proof added. Existing proofs are kept (the result is a
// proof set); nothing else in doc changes. It implements "Add Proof"
// (https://www.w3.org/TR/vc-data-integrity/#add-proof) with the suite's
// transformation, hashing and serialization.
func Sign(ctx context.Context, doc []byte, signer crypto.Signer, opts SignOptions) ([]byte, error) {
	if signer == nil {
		return nil, fmt.Errorf("dataintegrity: Sign needs a signer")
	}
	s, err := suiteForSigning(opts.Cryptosuite, signer.Public())
	if err != nil {
		return nil, err
	}
	h, err := s.hashFor(signer.Public())
	if err != nil {
		return nil, err
	}
	decoded, err := decode(doc, opts.Limits)
	if err != nil {
		return nil, err
	}
	p, err := newProofFields(s, signer, opts)
	if err != nil {
		return nil, err
	}
	existing, err := proofList(decoded["proof"])
	if err != nil {
		return nil, err
	}
	if opts.ID != "" && slices.ContainsFunc(existing, func(e map[string]any) bool { return e["id"] == opts.ID }) {
		return nil, fmt.Errorf("%w: a proof with id %q already exists", ErrMalformed, opts.ID)
	}
	unsecured := withoutProof(decoded)
	if len(opts.PreviousProof) > 0 {
		prev, err := matchingProofs(existing, opts.PreviousProof)
		if err != nil {
			return nil, err
		}
		unsecured["proof"] = prev
		if len(opts.PreviousProof) == 1 {
			p.PreviousProof = opts.PreviousProof[0]
		} else {
			p.PreviousProof = slices.Clone(opts.PreviousProof)
		}
	}
	c := opts.Canonicalizer
	if c == nil && s.canon == canonRDFC {
		if c, err = NewCanonicalizer(CanonicalizerOptions{}); err != nil {
			return nil, err
		}
	}
	docContext := decoded["@context"]
	if s.proofType == TypeEd25519Signature2020 && !hasContext(docContext, ed25519Context2020) {
		return nil, fmt.Errorf("%w: Ed25519Signature2020 needs the document's @context to include %s", ErrMalformed, ed25519Context2020)
	}
	hd, err := s.hashData(ctx, c, unsecured, p.config(docContext), h)
	if err != nil {
		return nil, err
	}
	sig, err := s.signData(signer, h, hd.combined, opts.Rand)
	if err != nil {
		return nil, err
	}
	p.ProofValue = keys.EncodeMultibase(sig)
	if s.canon == canonJCS {
		// The JCS suites keep the proof configuration's @context in the
		// proof (https://www.w3.org/TR/vc-di-eddsa/#create-proof-eddsa-jcs-2022).
		p.Context = docContext
	}
	proofJSON, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("dataintegrity: encoding proof: %w", err)
	}
	return insertProof(doc, proofJSON)
}

// newProofFields fills the proof options Sign and NewTemplate write: the
// verification method (derived from the signer's did:key when not given),
// the created time (opts.Created, else the clock) and the purpose
// (assertionMethod by default).
func newProofFields(s suite, signer crypto.Signer, opts SignOptions) (proofFields, error) {
	vm := opts.VerificationMethod
	if vm == "" {
		var err error
		if _, vm, err = keys.DIDKey(signer.Public()); err != nil {
			return proofFields{}, fmt.Errorf("dataintegrity: no VerificationMethod given and none derivable: %w", err)
		}
	}
	created := opts.Created
	if created.IsZero() {
		now := time.Now
		if opts.Now != nil {
			now = opts.Now
		}
		created = now()
	}
	p := proofFields{
		Type:               s.proofType,
		ID:                 opts.ID,
		Cryptosuite:        s.cryptosuite,
		Created:            formatTime(created),
		VerificationMethod: vm,
		ProofPurpose:       opts.ProofPurpose,
		Domain:             opts.Domain,
		Challenge:          opts.Challenge,
	}
	if p.ProofPurpose == "" {
		p.ProofPurpose = keys.AssertionMethod
	}
	if !opts.Expires.IsZero() {
		p.Expires = formatTime(opts.Expires)
	}
	return p, nil
}

// matchingProofs returns the proofs whose ids are listed, in document order,
// failing when one is missing
// (https://www.w3.org/TR/vc-data-integrity/#verify-proof-sets-and-chains).
func matchingProofs(all []map[string]any, ids []string) ([]any, error) {
	var out []any
	for _, id := range ids {
		if !slices.ContainsFunc(all, func(p map[string]any) bool { return p["id"] == id }) {
			return nil, fmt.Errorf("%w: previousProof %q is not in the document", ErrMalformed, id)
		}
	}
	for _, p := range all {
		if id, ok := p["id"].(string); ok && slices.Contains(ids, id) {
			out = append(out, p)
		}
	}
	return out, nil
}

const ed25519Context2020 = "https://w3id.org/security/suites/ed25519-2020/v1"

func hasContext(v any, url string) bool {
	switch c := v.(type) {
	case string:
		return c == url
	case []any:
		for _, e := range c {
			if e == url {
				return true
			}
		}
	}
	return false
}
