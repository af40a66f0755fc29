package verify

import (
	"errors"

	"github.com/laurelhq/laurel/credential"
)

// checkConformance checks an Open Badges 3.0 credential (one whose type
// names OpenBadgeCredential, AchievementCredential or EndorsementCredential)
// against the OB 3.0 data model (credential.Validate) and reports the first
// violation's path; other credentials (plain VCs that merely use an OB 3.0
// context, CLR) get no conformance check here.
//
// Violations fail the check, as the 1EdTech validator fails a credential
// its JSON Schema rejects, except in two cases where that validator would
// not: a credential on the VC 1.1 data model (issued under OB 3.0 builds
// before 2024), whose VC 1.1 schema is not published with the spec
// material, so its rules are Laurel's reading; and violations that are only
// URI syntax (CodeURI), which the official schemas do not check. Those warn.
func (v *Verifier) checkConformance(r *Result, data []byte, doc map[string]any) {
	if r.Version != "3.0" || !isOB3Credential(doc["type"]) {
		return
	}
	err := credential.Validate(data, credential.ValidateOptions{Limits: credential.Limits{MaxBytes: v.cfg.MaxBytes}})
	if err == nil {
		r.pass(CheckConformance)
		return
	}
	var ve *credential.ValidationError
	if !errors.As(err, &ve) {
		r.fail(CheckConformance, parseProblem(err), jsonPath(err), err.Error())
		return
	}
	path := ve.Violations[0].Path
	if uriOnly(ve.Violations) || usesVC1(doc) {
		r.warn(CheckConformance, ProblemSchema, path, err.Error())
		return
	}
	r.fail(CheckConformance, ProblemSchema, path, err.Error())
}

func uriOnly(vs []credential.Violation) bool {
	for _, v := range vs {
		if v.Code != credential.CodeURI {
			return false
		}
	}
	return true
}

// usesVC1 reports whether the credential's first @context is the VC 1.1
// context.
func usesVC1(doc map[string]any) bool {
	ctx, ok := doc["@context"].([]any)
	return ok && len(ctx) > 0 && ctx[0] == credential.ContextVC1
}

func isOB3Credential(types any) bool {
	var names []any
	switch t := types.(type) {
	case string:
		names = []any{t}
	case []any:
		names = t
	}
	for _, n := range names {
		switch n {
		case "OpenBadgeCredential", "AchievementCredential", "EndorsementCredential":
			return true
		}
	}
	return false
}
