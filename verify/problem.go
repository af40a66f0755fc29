package verify

// Outcome is the result of one check.
type Outcome string

// Outcomes.
const (
	Pass Outcome = "pass"
	Fail Outcome = "fail"
	Warn Outcome = "warn" // a finding that does not make the credential invalid
	Skip Outcome = "skip" // the check does not apply, or could not run
)

// ProblemType is a stable, machine-readable kind of problem, in the spirit
// of RFC 9457's "type" member. The list is part of Laurel's contract with
// scripts: types are added, never renamed.
type ProblemType string

// Problem types.
const (
	// ProblemMalformed: the input is not a well-formed credential (bad
	// JSON, duplicate keys, invalid UTF-8, a member of the wrong kind,
	// a missing proof member).
	ProblemMalformed ProblemType = "malformed"
	// ProblemUnknownContext: a JSON-LD @context is not available offline.
	ProblemUnknownContext ProblemType = "unknown-context"
	// ProblemInvalidContext: a context is not valid JSON-LD, or redefines
	// a protected term.
	ProblemInvalidContext ProblemType = "invalid-context"
	// ProblemUnsupported: a format, proof type, cryptosuite, algorithm or
	// key type Laurel does not implement.
	ProblemUnsupported ProblemType = "unsupported"
	// ProblemUnresolvable: a key, issuer profile, hosted document or status
	// list could not be obtained offline.
	ProblemUnresolvable ProblemType = "unresolvable"
	// ProblemSchema: the credential violates the Open Badges data model.
	ProblemSchema ProblemType = "schema"
	// ProblemSignature: a signature does not match the content.
	ProblemSignature ProblemType = "signature"
	// ProblemIssuerMismatch: the signing key does not belong to the issuer.
	ProblemIssuerMismatch ProblemType = "issuer-mismatch"
	// ProblemNoProof: the credential carries no proof.
	ProblemNoProof ProblemType = "no-proof"
	// ProblemProofPurpose: the proof was made for another purpose, domain
	// or challenge.
	ProblemProofPurpose ProblemType = "proof-purpose"
	// ProblemRevoked: the issuer has revoked the credential.
	ProblemRevoked ProblemType = "revoked"
	// ProblemSuspended: the issuer has suspended the credential.
	ProblemSuspended ProblemType = "suspended"
	// ProblemExpired: the credential (or its proof) is past its end of
	// validity.
	ProblemExpired ProblemType = "expired"
	// ProblemNotYetValid: the credential (or its proof) is not valid yet.
	ProblemNotYetValid ProblemType = "not-yet-valid"
	// ProblemStatusUndetermined: the status could not be determined (list
	// unavailable, not verifiable, index out of range).
	ProblemStatusUndetermined ProblemType = "status-undetermined"
	// ProblemRecipientMismatch: the credential was not issued to the
	// recipient asked about.
	ProblemRecipientMismatch ProblemType = "recipient-mismatch"
	// ProblemLimitExceeded: the input is over a size, depth or work limit.
	ProblemLimitExceeded ProblemType = "limit-exceeded"
)

// Problem explains a failed, warned or skipped check.
type Problem struct {
	Type   ProblemType `json:"type"`
	Detail string      `json:"detail"`
	// Path is the JSON path of the member at fault, when there is one.
	Path string `json:"path,omitempty"`
}

// Check names, in the order a verification runs them.
const (
	CheckParse        = "parse"
	CheckContext      = "context"
	CheckConformance  = "conformance"
	CheckProof        = "proof"
	CheckIssuer       = "issuer"
	CheckValidity     = "validity"
	CheckStatus       = "status"
	CheckRecipient    = "recipient"
	CheckEndorsements = "endorsements"
)

// Check is one step of a verification.
type Check struct {
	Name    string   `json:"name"`
	Outcome Outcome  `json:"outcome"`
	Problem *Problem `json:"problem,omitempty"`
	// Detail says why a check was skipped, or what a passing check found.
	Detail string `json:"detail,omitempty"`
}
