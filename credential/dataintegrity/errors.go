package dataintegrity

import "errors"

// Sentinel errors classify why a proof failed (ProofResult.Err,
// Report.Err) or why Sign refused. Match them with errors.Is; errors from the
// JSON-LD and canonicalization packages are wrapped so their own sentinels
// match too.
var (
	// ErrSignature: the signature does not match the document and proof
	// options (the document or proof was changed, or the wrong key).
	ErrSignature = errors.New("dataintegrity: signature does not verify")
	// ErrMalformed: the document or proof is not well-formed (bad JSON,
	// missing or mistyped proof properties, bad proofValue encoding,
	// previousProof not found, invalid JSON-LD).
	ErrMalformed = errors.New("dataintegrity: malformed document or proof")
	// ErrUnsupported: a proof type, cryptosuite or key type not implemented.
	ErrUnsupported = errors.New("dataintegrity: unsupported proof type, cryptosuite or key")
	// ErrUnresolvable: the verification method could not be resolved.
	ErrUnresolvable = errors.New("dataintegrity: verification method cannot be resolved")
	// ErrIssuerMismatch: the verification method is not controlled by the
	// document's issuer, or is not authorised for the proof purpose in the
	// controller document.
	ErrIssuerMismatch = errors.New("dataintegrity: verification method does not belong to the issuer")
	// ErrPurpose: the proof purpose is not the expected one.
	ErrPurpose = errors.New("dataintegrity: unexpected proof purpose")
	// ErrDomain: the proof's domain or challenge does not match the expected
	// value.
	ErrDomain = errors.New("dataintegrity: domain or challenge mismatch")
	// ErrExpired: the proof's expires time has passed.
	ErrExpired = errors.New("dataintegrity: proof expired")
	// ErrNotYetValid: the proof's created time is in the future beyond the
	// allowed clock skew.
	ErrNotYetValid = errors.New("dataintegrity: proof created in the future")
	// ErrLimitExceeded: the document exceeded a size, depth or
	// canonicalization work limit.
	ErrLimitExceeded = errors.New("dataintegrity: limit exceeded")
	// ErrUnknownContext: the document uses a JSON-LD context that cannot be
	// loaded offline.
	ErrUnknownContext = errors.New("dataintegrity: unknown JSON-LD context")
	// ErrNoProof: the document carries no proof.
	ErrNoProof = errors.New("dataintegrity: document has no proof")
)
