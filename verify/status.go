package verify

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/laurelhq/laurel/credential/status"
)

// maxStatusEntries bounds the credentialStatus entries checked per
// credential (each may mean verifying a list credential).
const maxStatusEntries = 8

// verifyingStatusList marks the context of a status list credential's own
// verification: its status is not checked, so lists cannot send the
// verifier in circles.
type verifyingStatusList struct{}

// statusOutcome is what one credentialStatus entry said.
type statusOutcome struct {
	path   string
	res    status.Result
	detail string
}

// checkStatus reads credentialStatus (an object or an array), fetches each
// list through the StatusSource, verifies a list credential like any
// credential (proof, issuer binding, validity window; not its own status)
// and requires it to come from the credential's issuer, then reads the
// entry. A revoked or suspended entry fails; an entry whose status cannot
// be determined fails too unless Config.UnsafeStatusFailOpen.
func (v *Verifier) checkStatus(ctx context.Context, r *Result, doc map[string]any, depth int) {
	if ctx.Value(verifyingStatusList{}) != nil {
		r.skip(CheckStatus, "the status of a status list credential is not checked")
		return
	}
	raw, ok := doc["credentialStatus"]
	if !ok {
		r.skip(CheckStatus, "the credential has no credentialStatus")
		return
	}
	var entries []any
	paths := []string{}
	switch t := raw.(type) {
	case map[string]any:
		entries, paths = []any{t}, []string{"$.credentialStatus"}
	case []any:
		entries = t
		for i := range t {
			paths = append(paths, fmt.Sprintf("$.credentialStatus[%d]", i))
		}
	default:
		r.fail(CheckStatus, ProblemMalformed, "$.credentialStatus", "credentialStatus is neither an object nor an array")
		return
	}
	if len(entries) == 0 {
		r.skip(CheckStatus, "credentialStatus is empty")
		return
	}
	if len(entries) > maxStatusEntries {
		r.fail(CheckStatus, ProblemLimitExceeded, "$.credentialStatus", fmt.Sprintf("%d credentialStatus entries (at most %d are checked)", len(entries), maxStatusEntries))
		return
	}
	lists := map[string]listFetch{}
	var outcomes []statusOutcome
	for i, raw := range entries {
		outcomes = append(outcomes, v.checkStatusEntry(ctx, r, raw, paths[i], lists, depth))
	}
	v.reportStatus(r, outcomes)
}

// listFetch is a fetched (and, for list credentials, verified) list,
// cached per credential: several entries may share a list.
type listFetch struct {
	data []byte
	err  error
}

func (v *Verifier) checkStatusEntry(ctx context.Context, r *Result, raw any, path string, lists map[string]listFetch, depth int) statusOutcome {
	out := statusOutcome{path: path}
	b, err := json.Marshal(raw)
	if err == nil {
		var e *status.Entry
		if e, err = status.ParseEntry(b); err == nil {
			return v.checkParsedEntry(ctx, r, e, out, lists, depth)
		}
	}
	out.res = status.Result{Err: err}
	out.detail = err.Error()
	return out
}

func (v *Verifier) checkParsedEntry(ctx context.Context, r *Result, e *status.Entry, out statusOutcome, lists map[string]listFetch, depth int) statusOutcome {
	url := e.ListURL()
	where := fmt.Sprintf("%s %s", e.Type, url)
	if e.StatusListIndex != "" {
		where += " index " + e.StatusListIndex
	}
	// A revocation list is used unverified; never let it stand in for a
	// list credential at the same URL.
	key := e.Type + " " + url
	if e.Type != status.Type1EdTechRevocationList {
		key = url
	}
	lf, ok := lists[key]
	if !ok {
		lf = v.fetchList(ctx, r, e, url, depth)
		lists[key] = lf
	}
	if lf.err != nil {
		out.res = status.Result{Purpose: e.StatusPurpose, Err: lf.err}
		out.detail = lf.err.Error()
		return out
	}
	out.res = status.Check(e, lf.data, status.CheckOptions{CredentialID: r.ID, Issuer: r.Issuer})
	switch out.res.State {
	case status.OK:
		out.detail = "not revoked or suspended (" + where + ")"
		if e.StatusPurpose != "" && e.StatusPurpose != status.PurposeRevocation && e.StatusPurpose != status.PurposeSuspension {
			out.detail = fmt.Sprintf("%s status %#x (%s)", e.StatusPurpose, out.res.Value, where)
		}
		if e.Type == status.Type1EdTechRevocationList {
			out.detail = "not on the revocation list " + url + " (the list is not signed)"
		}
	case status.Revoked:
		out.detail = "revoked by the issuer (" + where + ")"
	case status.Suspended:
		out.detail = "suspended by the issuer (" + where + ")"
	default:
		out.detail = fmt.Sprintf("%s: %v", where, out.res.Err)
	}
	if out.res.Message != "" {
		out.detail += ": " + out.res.Message
	}
	return out
}

// fetchList gets a list by URL; a list credential (not a 1EdTech
// revocation list, which is an unsigned document) must verify and come
// from the credential's issuer.
func (v *Verifier) fetchList(ctx context.Context, r *Result, e *status.Entry, url string, depth int) listFetch {
	if url == "" {
		return listFetch{err: fmt.Errorf("%s names no list", e.Type)}
	}
	if v.status == nil {
		return listFetch{err: fmt.Errorf("status list %s: no status source given", url)}
	}
	data, err := v.status.StatusList(ctx, url)
	if err != nil {
		return listFetch{err: fmt.Errorf("status list %s: %w", url, err)}
	}
	if e.Type == status.Type1EdTechRevocationList {
		return listFetch{data: data}
	}
	now, key := v.cfg.Now(), sha256.Sum256(data)
	if c, ok := v.lists.get(key, now); ok {
		return sameIssuer(url, c.credential, c.issuer, r)
	}
	lr := v.verify(context.WithValue(ctx, verifyingStatusList{}, true), data, &Options{}, depth+1)
	if !lr.Valid {
		why := "it does not verify"
		if fc := lr.Failed(); len(fc) > 0 && fc[0].Problem != nil {
			why = fmt.Sprintf("%s check: %s", fc[0].Name, fc[0].Problem.Detail)
		}
		return listFetch{err: fmt.Errorf("status list credential %s does not verify: %s", url, why)}
	}
	// A warning is not enough here: a VC-JWT signed with the key in its
	// own jwk header verifies with an issuer warning, and would let anyone
	// publish a list in the issuer's name.
	for _, name := range []string{CheckProof, CheckIssuer} {
		if c, _ := lr.Check(name); c.Outcome != Pass {
			return listFetch{err: fmt.Errorf("status list credential %s: the %s check did not pass (%s)", url, name, c.Outcome)}
		}
	}
	if lr.Format != FormatDataIntegrity && lr.Format != FormatVCJWT {
		return listFetch{err: fmt.Errorf("status list %s is a %s document, not a list credential", url, lr.Format)}
	}
	v.lists.put(key, lr, now)
	return sameIssuer(url, lr.Credential, lr.Issuer, r)
}

// sameIssuer accepts a verified list credential (fresh or cached) for the
// credential being checked only if both have one issuer.
func sameIssuer(url string, credential []byte, issuer string, r *Result) listFetch {
	if issuer == "" || issuer != r.Issuer {
		return listFetch{err: fmt.Errorf("status list credential %s is issued by %q, not by the credential's issuer %q", url, issuer, r.Issuer)}
	}
	return listFetch{data: credential}
}

// reportStatus adds one status check for all entries: revoked before
// suspended before undetermined before OK.
func (v *Verifier) reportStatus(r *Result, outcomes []statusOutcome) {
	for _, want := range []status.State{status.Revoked, status.Suspended} {
		for _, o := range outcomes {
			if o.res.State == want {
				t := ProblemRevoked
				if want == status.Suspended {
					t = ProblemSuspended
				}
				r.fail(CheckStatus, t, o.path, o.detail)
				return
			}
		}
	}
	var undetermined, ok []string
	path := ""
	for _, o := range outcomes {
		if o.res.State == status.Undetermined {
			if path == "" {
				path = o.path
			}
			undetermined = append(undetermined, o.detail)
		} else {
			ok = append(ok, o.detail)
		}
	}
	if len(undetermined) > 0 {
		v.undetermined(r, path, strings.Join(undetermined, "; "))
		return
	}
	r.add(Check{Name: CheckStatus, Outcome: Pass, Detail: strings.Join(ok, "; ")})
}
