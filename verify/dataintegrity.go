package verify

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/laurelhq/laurel/credential/dataintegrity"
	"github.com/laurelhq/laurel/credential/jsonld"
	"github.com/laurelhq/laurel/internal/jsonx"
)

// verifyJSON checks a JSON credential with an embedded proof.
func (v *Verifier) verifyJSON(ctx context.Context, r *Result, data []byte, opts *Options, depth int) {
	doc, err := v.decodeObject(data)
	if err != nil {
		r.fail(CheckParse, parseProblem(err), jsonPath(err), err.Error())
		return
	}
	if isOB2(doc) {
		v.verifyOB2Hosted(ctx, r, data, doc, opts)
		return
	}
	r.Credential = data
	r.Format = FormatDataIntegrity
	r.Version = detectVersion(doc)
	r.pass(CheckParse)
	readClaims(r, doc)

	if !v.checkContext(ctx, r, doc) {
		return
	}
	v.checkConformance(r, data, doc)
	v.checkProof(ctx, r, data)
	v.checkValidity(r, doc)
	v.checkStatus(ctx, r, doc, depth)
	v.checkRecipient(r, doc, opts.Recipient)
	v.checkEndorsements(ctx, r, data, depth)
}

// detectVersion names the Open Badges or VC version from @context.
func detectVersion(doc map[string]any) string {
	ctxs := contextURLs(doc["@context"])
	has := func(prefix string) bool {
		for _, c := range ctxs {
			if strings.HasPrefix(c, prefix) {
				return true
			}
		}
		return false
	}
	switch {
	case has("https://purl.imsglobal.org/spec/ob/v3p0/"), has("https://1edtech.github.io/openbadges-specification/"):
		return "3.0"
	case has("https://purl.imsglobal.org/spec/clr/v2p0/"):
		return "clr-2.0"
	case has("https://www.w3.org/ns/credentials/v2"):
		return "vc-2.0"
	case has("https://www.w3.org/2018/credentials/v1"):
		return "vc-1.1"
	}
	return ""
}

func contextURLs(c any) []string {
	switch t := c.(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// checkContext requires the VC base context and every context to be
// available offline and valid, by expanding the document.
func (v *Verifier) checkContext(ctx context.Context, r *Result, doc map[string]any) bool {
	urls := contextURLs(doc["@context"])
	if len(urls) == 0 || urls[0] != "https://www.w3.org/ns/credentials/v2" && urls[0] != "https://www.w3.org/2018/credentials/v1" {
		r.fail(CheckContext, ProblemMalformed, "$['@context'][0]", "the first @context must be https://www.w3.org/ns/credentials/v2 or https://www.w3.org/2018/credentials/v1")
		return false
	}
	if _, err := v.proc.Expand(ctx, doc); err != nil {
		r.fail(CheckContext, contextProblem(err), "$['@context']", contextDetail(err))
		return false
	}
	r.pass(CheckContext)
	return true
}

// checkProof verifies every embedded proof over the bytes received.
func (v *Verifier) checkProof(ctx context.Context, r *Result, data []byte) {
	rep, err := dataintegrity.Verify(ctx, data, dataintegrity.VerifyOptions{
		Resolver:      v.keys,
		Now:           v.cfg.Now,
		ClockSkew:     v.cfg.Leeway,
		Canonicalizer: v.canon,
		Limits:        jsonx.Limits{MaxBytes: v.cfg.MaxBytes},
	})
	if err != nil {
		r.fail(CheckProof, ProblemLimitExceeded, "$.proof", err.Error())
		return
	}
	if rep.Err != nil {
		r.fail(CheckProof, proofProblem(rep.Err), "$.proof", rep.Err.Error())
		r.skip(CheckIssuer, "no proof could be checked")
		return
	}
	issuerFailed := false
	for _, p := range rep.Proofs {
		path := "$.proof"
		if len(rep.Proofs) > 1 {
			path = fmt.Sprintf("$.proof[%d]", p.Index)
		}
		switch {
		case p.Verified:
		case errors.Is(p.Err, dataintegrity.ErrIssuerMismatch):
			issuerFailed = true
			r.add(Check{Name: CheckIssuer, Outcome: Fail, Problem: &Problem{Type: ProblemIssuerMismatch, Path: path + ".verificationMethod", Detail: p.Err.Error()}})
		default:
			r.fail(CheckProof, proofProblem(p.Err), path, p.Err.Error())
		}
	}
	if rep.Verified {
		r.add(Check{Name: CheckProof, Outcome: Pass, Detail: describeProofs(rep)})
		r.pass(CheckIssuer)
	} else if !issuerFailed {
		r.skip(CheckIssuer, "the proof did not verify")
	}
}

func describeProofs(rep *dataintegrity.Report) string {
	var parts []string
	for _, p := range rep.Proofs {
		name := p.Cryptosuite
		if name == "" {
			name = p.Type
		}
		parts = append(parts, name+" by "+p.VerificationMethod)
	}
	return strings.Join(parts, "; ")
}

func proofProblem(err error) ProblemType {
	switch {
	case errors.Is(err, dataintegrity.ErrSignature):
		return ProblemSignature
	case errors.Is(err, dataintegrity.ErrNoProof):
		return ProblemNoProof
	case errors.Is(err, dataintegrity.ErrIssuerMismatch):
		return ProblemIssuerMismatch
	case errors.Is(err, dataintegrity.ErrUnresolvable):
		return ProblemUnresolvable
	case errors.Is(err, dataintegrity.ErrUnsupported):
		return ProblemUnsupported
	case errors.Is(err, dataintegrity.ErrPurpose), errors.Is(err, dataintegrity.ErrDomain):
		return ProblemProofPurpose
	case errors.Is(err, dataintegrity.ErrExpired):
		return ProblemExpired
	case errors.Is(err, dataintegrity.ErrNotYetValid):
		return ProblemNotYetValid
	case errors.Is(err, dataintegrity.ErrLimitExceeded):
		return ProblemLimitExceeded
	case errors.Is(err, dataintegrity.ErrUnknownContext):
		return ProblemUnknownContext
	}
	return ProblemMalformed
}

// parseProblem classifies a JSON reading error.
func parseProblem(err error) ProblemType {
	if errors.Is(err, jsonx.ErrTooDeep) || errors.Is(err, jsonx.ErrTooLarge) {
		return ProblemLimitExceeded
	}
	return ProblemMalformed
}

// jsonPath is the path a jsonx error names, or the root.
func jsonPath(err error) string {
	var je *jsonx.Error
	if errors.As(err, &je) && je.Path != "" {
		return je.Path
	}
	return "$"
}

// contextProblem classifies a JSON-LD processing error.
func contextProblem(err error) ProblemType {
	var ue *jsonld.UnresolvableError
	switch {
	case errors.As(err, &ue), errors.Is(err, jsonld.ErrUnresolvable):
		return ProblemUnknownContext
	case errors.Is(err, jsonld.ErrProtectedTermRedefinition), errors.Is(err, jsonld.ErrInvalidContext):
		return ProblemInvalidContext
	case errors.Is(err, jsonld.ErrLimitExceeded):
		return ProblemLimitExceeded
	}
	return ProblemMalformed
}

func contextDetail(err error) string {
	var ue *jsonld.UnresolvableError
	if errors.As(err, &ue) {
		return fmt.Sprintf("context %s is not available offline; supply it in the documents map", ue.URL)
	}
	return err.Error()
}
