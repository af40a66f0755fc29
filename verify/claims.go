package verify

import (
	"fmt"
	"time"
)

// readClaims fills the summary fields of r from a decoded credential.
func readClaims(r *Result, doc map[string]any) {
	r.ID, _ = doc["id"].(string)
	switch iss := doc["issuer"].(type) {
	case string:
		r.Issuer = iss
	case map[string]any:
		r.Issuer, _ = iss["id"].(string)
	}
	switch s := doc["credentialSubject"].(type) {
	case map[string]any:
		r.Subject, _ = s["id"].(string)
	case []any:
		if len(s) > 0 {
			if m, ok := s[0].(map[string]any); ok {
				r.Subject, _ = m["id"].(string)
			}
		}
	}
}

// validityDates returns the start and end of validity, reading the VC 2.0
// names and the VC 1.1 ones, with the JSON path of each.
func validityDates(doc map[string]any) (from, until time.Time, fromPath, untilPath string, err error) {
	get := func(names ...string) (time.Time, string, error) {
		for _, n := range names {
			raw, ok := doc[n]
			if !ok {
				continue
			}
			s, ok := raw.(string)
			if !ok {
				return time.Time{}, "$." + n, fmt.Errorf("%s is not a string", n)
			}
			t, err := time.Parse(time.RFC3339Nano, s)
			if err != nil {
				return time.Time{}, "$." + n, fmt.Errorf("%s %q is not an RFC 3339 date-time", n, s)
			}
			return t, "$." + n, nil
		}
		return time.Time{}, "", nil
	}
	if from, fromPath, err = get("validFrom", "issuanceDate"); err != nil {
		return time.Time{}, time.Time{}, fromPath, "", err
	}
	until, untilPath, err = get("validUntil", "expirationDate")
	return from, until, fromPath, untilPath, err
}

// checkValidity compares the validity window with the clock, allowing the
// configured leeway.
func (v *Verifier) checkValidity(r *Result, doc map[string]any) {
	from, until, fromPath, untilPath, err := validityDates(doc)
	if err != nil {
		p := fromPath
		if p == "" {
			p = untilPath
		}
		r.fail(CheckValidity, ProblemMalformed, p, err.Error())
		return
	}
	r.ValidFrom, r.ValidUntil = from, until
	now := v.cfg.Now()
	switch {
	case !from.IsZero() && now.Add(v.cfg.Leeway).Before(from):
		r.fail(CheckValidity, ProblemNotYetValid, fromPath, fmt.Sprintf("valid from %s; it is %s", from.Format(time.RFC3339), now.UTC().Format(time.RFC3339)))
	case !until.IsZero() && !now.Add(-v.cfg.Leeway).Before(until):
		r.fail(CheckValidity, ProblemExpired, untilPath, fmt.Sprintf("expired at %s; it is %s", until.Format(time.RFC3339), now.UTC().Format(time.RFC3339)))
	default:
		r.pass(CheckValidity)
	}
}
