package verify

import "time"

// Format names how a credential was encoded and secured.
type Format string

// Formats.
const (
	FormatUnknown       Format = "unknown"
	FormatDataIntegrity Format = "data-integrity" // JSON-LD with an embedded proof (OB 3.0, VC)
	FormatVCJWT         Format = "vc-jwt"         // a compact JWS whose payload is a VC
	FormatOB2Signed     Format = "ob2-signed"     // an OB 2.0 / 1.x signed assertion (compact JWS)
	FormatOB2Hosted     Format = "ob2-hosted"     // an OB 2.0 / 1.x hosted assertion
)

// Result is the outcome of verifying one input. It is an answer, never an
// error: a credential that fails a check is reported here.
type Result struct {
	// Valid is true when no check failed.
	Valid bool `json:"valid"`
	// Format and Version say what was found: Version is the Open Badges
	// version ("3.0", "2.0", "1.1", "1.0") or, for plain Verifiable
	// Credentials, the VC data model version ("vc-1.1", "vc-2.0").
	Format  Format `json:"format"`
	Version string `json:"version,omitempty"`
	// Baked is set when the credential came out of a PNG or SVG image.
	Baked *Baked `json:"baked,omitempty"`
	// Checks lists every check run, in order.
	Checks []Check `json:"checks"`

	// What the credential says, when it could be read.
	ID         string    `json:"id,omitempty"`
	Issuer     string    `json:"issuer,omitempty"`
	Subject    string    `json:"subject,omitempty"`
	ValidFrom  time.Time `json:"validFrom,omitzero"`
	ValidUntil time.Time `json:"validUntil,omitzero"`
	// Credential is the credential's JSON as signed (for a JWT, the
	// verified payload's credential), never re-serialised.
	Credential []byte `json:"-"`
	// Endorsements holds the results for embedded EndorsementCredentials.
	Endorsements []*Result `json:"endorsements,omitempty"`
}

// Baked describes the image a credential was extracted from.
type Baked struct {
	Image   string `json:"image"`   // "png" or "svg"
	Keyword string `json:"keyword"` // the PNG chunk keyword or SVG element
}

// add appends a check and keeps Valid up to date.
func (r *Result) add(c Check) {
	r.Checks = append(r.Checks, c)
	if c.Outcome == Fail {
		r.Valid = false
	}
}

func (r *Result) pass(name string) { r.add(Check{Name: name, Outcome: Pass}) }

func (r *Result) fail(name string, t ProblemType, path, detail string) {
	r.add(Check{Name: name, Outcome: Fail, Problem: &Problem{Type: t, Detail: detail, Path: path}})
}

func (r *Result) warn(name string, t ProblemType, path, detail string) {
	r.add(Check{Name: name, Outcome: Warn, Problem: &Problem{Type: t, Detail: detail, Path: path}})
}

func (r *Result) skip(name, detail string) {
	r.add(Check{Name: name, Outcome: Skip, Detail: detail})
}

// Failed returns the checks that failed.
func (r *Result) Failed() []Check {
	var out []Check
	for _, c := range r.Checks {
		if c.Outcome == Fail {
			out = append(out, c)
		}
	}
	return out
}

// Check returns the named check and whether it ran.
func (r *Result) Check(name string) (Check, bool) {
	for _, c := range r.Checks {
		if c.Name == name {
			return c, true
		}
	}
	return Check{}, false
}
