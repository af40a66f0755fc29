package verify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"time"

	"github.com/laurelhq/laurel/credential"
)

// isOB2 reports whether a decoded JSON object is an Open Badges 2.0 or
// OBI 1.x assertion rather than a Verifiable Credential.
func isOB2(doc map[string]any) bool {
	for _, c := range contextURLs(doc["@context"]) {
		if strings.Contains(c, "openbadges/v2") || strings.Contains(c, "openbadges/v1") ||
			strings.Contains(c, "/ob/v2p0/") || strings.Contains(c, "/ob/v1p0/") ||
			strings.HasPrefix(c, "https://openbadgespec.org/v") {
			return true
		}
	}
	_, hasContext := doc["@context"]
	_, hasVerify := doc["verify"]
	_, hasBadge := doc["badge"]
	return !hasContext && (hasVerify || hasBadge) // OBI 0.5 / 1.0 without a context
}

// ob2Assertion is an assertion as verified: the model, upgraded to 2.0
// when it was OBI 1.x, and its version.
type ob2Assertion struct {
	a       *credential.Assertion
	version string
}

func parseOB2(data []byte) (*ob2Assertion, error) {
	a, err := credential.ParseAssertion(data, credential.ParseOptions{KeepMistyped: true})
	if err != nil {
		return nil, err
	}
	out := &ob2Assertion{a: a, version: "2.0"}
	if a.IsOBI1() {
		up, err := credential.UpgradeOBI1(a)
		if err != nil {
			return nil, err
		}
		out.a, out.version = up, "1.x"
		if strings.Contains(string(data), `"@context"`) {
			out.version = "1.1"
		} else {
			out.version = "1.0"
		}
	}
	return out, nil
}

// verifyOB2Hosted checks an Open Badges 2.0 (or upgraded 1.x) hosted
// assertion: the hosted copy, badge class and issuer come through the
// documents loader; the assertion's URL must be in the issuer's
// verification scope; revocation is read from the hosted copy and the
// issuer's revocation list.
func (v *Verifier) verifyOB2Hosted(ctx context.Context, r *Result, data []byte, doc map[string]any, opts *Options) {
	r.Format = FormatOB2Hosted
	oa, err := parseOB2(data)
	if err != nil {
		r.fail(CheckParse, ProblemMalformed, "$", err.Error())
		return
	}
	a := oa.a
	r.Version = oa.version
	r.Credential = data
	r.ID = a.ID
	r.pass(CheckParse)

	if oa.version == "2.0" || oa.version == "1.1" {
		if !v.checkOB2Context(ctx, r, doc) {
			return
		}
	} else {
		r.skip(CheckContext, "OBI 1.0 assertions have no JSON-LD context")
	}

	vtype := ""
	if a.Verification != nil && len(a.Verification.Type.Items) > 0 {
		vtype = strings.ToLower(a.Verification.Type.First())
	}
	switch vtype {
	case "hosted", "hostedbadge":
	case "signed", "signedbadge":
		r.fail(CheckProof, ProblemMalformed, "$.verification.type", "a signed assertion must be verified from its compact JWS, not from the JSON payload")
		return
	default:
		r.fail(CheckProof, ProblemMalformed, "$.verification.type", fmt.Sprintf("verification type %q is not hosted or signed", vtype))
		return
	}
	if a.ID == "" || !strings.HasPrefix(a.ID, "http") {
		r.fail(CheckProof, ProblemMalformed, "$.id", "a hosted assertion's id must be its HTTP(S) URL")
		return
	}

	// The hosted copy is authoritative.
	hostedData, err := v.document(ctx, a.ID)
	if err != nil {
		r.fail(CheckProof, ProblemUnresolvable, "$.id", fmt.Sprintf("the hosted assertion %s is not available: %v", a.ID, err))
		return
	}
	var hosted map[string]any
	if err := json.Unmarshal(hostedData, &hosted); err != nil {
		r.fail(CheckProof, ProblemMalformed, "$.id", fmt.Sprintf("the hosted assertion %s is not JSON: %v", a.ID, err))
		return
	}
	if revoked, _ := hosted["revoked"].(bool); revoked {
		reason, _ := hosted["revocationReason"].(string)
		r.pass(CheckProof)
		r.fail(CheckStatus, ProblemRevoked, "$.id", strings.TrimSpace("the issuer marks the hosted assertion revoked. "+reason))
		return
	}
	if !sameJSON(doc, hosted) {
		r.fail(CheckProof, ProblemSignature, "$", fmt.Sprintf("the assertion differs from the hosted copy at %s", a.ID))
		return
	}
	r.add(Check{Name: CheckProof, Outcome: Pass, Detail: "matches the hosted copy at " + a.ID})

	issuer, ok := v.ob2Issuer(ctx, r, a)
	if !ok {
		return
	}
	r.Issuer = issuer.ID
	if err := hostedInScope(a.ID, issuer); err != nil {
		r.fail(CheckIssuer, ProblemIssuerMismatch, "$.id", err.Error())
	} else {
		r.pass(CheckIssuer)
	}
	v.checkOB2Validity(r, a)
	v.checkOB2Revocation(ctx, r, a, issuer)
	if opts.Recipient != "" {
		v.checkOB2Recipient(r, a, opts.Recipient)
	}
}

func (v *Verifier) document(ctx context.Context, u string) ([]byte, error) {
	if v.cfg.Documents == nil {
		return nil, fmt.Errorf("%w: %s (no documents given)", ErrNotFound, u)
	}
	return v.cfg.Documents.Document(ctx, u)
}

func (v *Verifier) checkOB2Context(ctx context.Context, r *Result, doc map[string]any) bool {
	if _, err := v.proc.Expand(ctx, doc); err != nil {
		r.fail(CheckContext, contextProblem(err), "$['@context']", contextDetail(err))
		return false
	}
	r.pass(CheckContext)
	return true
}

// sameJSON compares two decoded JSON documents as values.
func sameJSON(a map[string]any, b map[string]any) bool {
	na, errA := json.Marshal(a)
	nb, errB := json.Marshal(b)
	if errA != nil || errB != nil {
		return false
	}
	var x, y any
	_ = json.Unmarshal(na, &x)
	_ = json.Unmarshal(nb, &y)
	return reflect.DeepEqual(x, y)
}

// ob2Issuer resolves the badge class and its issuer profile.
func (v *Verifier) ob2Issuer(ctx context.Context, r *Result, a *credential.Assertion) (*credential.ProfileV2, bool) {
	badge := a.Badge.Object
	if badge == nil {
		if a.Badge.ID == "" {
			r.fail(CheckIssuer, ProblemMalformed, "$.badge", "the assertion has no badge class")
			return nil, false
		}
		b, err := v.document(ctx, a.Badge.ID)
		if err != nil {
			r.fail(CheckIssuer, ProblemUnresolvable, "$.badge", fmt.Sprintf("badge class %s: %v", a.Badge.ID, err))
			return nil, false
		}
		if badge, err = credential.ParseBadgeClass(b, credential.ParseOptions{KeepMistyped: true}); err != nil {
			r.fail(CheckIssuer, ProblemMalformed, "$.badge", fmt.Sprintf("badge class %s: %v", a.Badge.ID, err))
			return nil, false
		}
	}
	issuer := badge.Issuer.Object
	if issuer == nil {
		if badge.Issuer.ID == "" {
			r.fail(CheckIssuer, ProblemMalformed, "$.badge.issuer", "the badge class has no issuer")
			return nil, false
		}
		b, err := v.document(ctx, badge.Issuer.ID)
		if err != nil {
			r.fail(CheckIssuer, ProblemUnresolvable, "$.badge.issuer", fmt.Sprintf("issuer %s: %v", badge.Issuer.ID, err))
			return nil, false
		}
		if issuer, err = credential.ParseProfileV2(b, credential.ParseOptions{KeepMistyped: true}); err != nil {
			r.fail(CheckIssuer, ProblemMalformed, "$.badge.issuer", fmt.Sprintf("issuer %s: %v", badge.Issuer.ID, err))
			return nil, false
		}
		if issuer.ID == "" {
			issuer.ID = badge.Issuer.ID
		}
	}
	return issuer, true
}

// hostedInScope applies the issuer's verification policy to a hosted
// assertion URL (OB 2.0 §VerificationObject): allowedOrigins, startsWith,
// and by default the origin of the issuer's id.
func hostedInScope(assertionURL string, issuer *credential.ProfileV2) error {
	u, err := url.Parse(assertionURL)
	if err != nil {
		return fmt.Errorf("assertion URL %q: %v", assertionURL, err)
	}
	if vo := issuer.Verification; vo != nil {
		if vo.StartsWith != "" && !strings.HasPrefix(assertionURL, vo.StartsWith) {
			return fmt.Errorf("%s does not start with %s, as the issuer requires", assertionURL, vo.StartsWith)
		}
		if vo.AllowedOrigins.Len() > 0 {
			for _, o := range vo.AllowedOrigins.Items {
				if strings.EqualFold(u.Host, o) {
					return nil
				}
			}
			return fmt.Errorf("%s is not on an origin the issuer allows (%s)", u.Host, strings.Join(vo.AllowedOrigins.Items, ", "))
		}
		if vo.StartsWith != "" {
			return nil
		}
	}
	iu, err := url.Parse(issuer.ID)
	if err != nil || iu.Host == "" {
		return fmt.Errorf("the issuer id %q is not a URL, and the issuer sets no allowedOrigins", issuer.ID)
	}
	if !strings.EqualFold(iu.Host, u.Host) {
		return fmt.Errorf("the assertion is hosted on %s but the issuer is %s", u.Host, iu.Host)
	}
	return nil
}

func (v *Verifier) checkOB2Validity(r *Result, a *credential.Assertion) {
	var from, until time.Time
	var err error
	if !a.IssuedOn.IsZero() {
		if from, err = a.IssuedOn.Time(); err != nil {
			r.fail(CheckValidity, ProblemMalformed, "$.issuedOn", err.Error())
			return
		}
	}
	if !a.Expires.IsZero() {
		if until, err = a.Expires.Time(); err != nil {
			r.fail(CheckValidity, ProblemMalformed, "$.expires", err.Error())
			return
		}
	}
	r.ValidFrom, r.ValidUntil = from, until
	now := v.cfg.Now()
	switch {
	case !from.IsZero() && now.Add(v.cfg.Leeway).Before(from):
		r.fail(CheckValidity, ProblemNotYetValid, "$.issuedOn", fmt.Sprintf("issued on %s; it is %s", from.Format(time.RFC3339), now.UTC().Format(time.RFC3339)))
	case !until.IsZero() && !now.Add(-v.cfg.Leeway).Before(until):
		r.fail(CheckValidity, ProblemExpired, "$.expires", fmt.Sprintf("expired at %s; it is %s", until.Format(time.RFC3339), now.UTC().Format(time.RFC3339)))
	default:
		r.pass(CheckValidity)
	}
}

// checkOB2Revocation reads the issuer's revocation list.
func (v *Verifier) checkOB2Revocation(ctx context.Context, r *Result, a *credential.Assertion, issuer *credential.ProfileV2) {
	if issuer.RevocationList == "" {
		r.add(Check{Name: CheckStatus, Outcome: Pass, Detail: "not revoked on the hosted copy; the issuer publishes no revocation list"})
		return
	}
	var data []byte
	var err error
	if v.status != nil {
		data, err = v.status.StatusList(ctx, issuer.RevocationList)
	} else {
		err = errors.New("no status source given")
	}
	var list *credential.RevocationList
	if err == nil {
		list, err = credential.ParseRevocationList(data, credential.ParseOptions{KeepMistyped: true})
	}
	if err != nil {
		v.undetermined(r, "$.badge.issuer.revocationList", fmt.Sprintf("revocation list %s: %v", issuer.RevocationList, err))
		return
	}
	uid := ""
	if raw, ok := a.Extra["uid"]; ok {
		_ = json.Unmarshal(raw, &uid)
	}
	for _, e := range list.RevokedAssertions.Items {
		id, reason := e.ID, ""
		if e.Object != nil {
			id, reason = e.Object.ID, e.Object.RevocationReason
			if id == "" && uid != "" && e.Object.UID == uid {
				id = a.ID
			}
		}
		if id != "" && id == a.ID {
			r.fail(CheckStatus, ProblemRevoked, "$.id", strings.TrimSpace("revoked by the issuer's revocation list "+issuer.RevocationList+". "+reason))
			return
		}
	}
	r.add(Check{Name: CheckStatus, Outcome: Pass, Detail: "not on the revocation list " + issuer.RevocationList})
}

// undetermined reports a status that could not be established: a
// failure unless the verifier was configured to fail open.
func (v *Verifier) undetermined(r *Result, path, detail string) {
	if v.cfg.UnsafeStatusFailOpen {
		r.warn(CheckStatus, ProblemStatusUndetermined, path, detail)
		return
	}
	r.fail(CheckStatus, ProblemStatusUndetermined, path, detail)
}

func (v *Verifier) checkOB2Recipient(r *Result, a *credential.Assertion, email string) {
	id := a.Recipient.Object
	if id == nil {
		r.fail(CheckRecipient, ProblemMalformed, "$.recipient", "the assertion has no recipient identity object")
		return
	}
	if !strings.EqualFold(id.Type, "email") {
		r.fail(CheckRecipient, ProblemRecipientMismatch, "$.recipient.type", fmt.Sprintf("the recipient is identified by %q, not by email", id.Type))
		return
	}
	ok, err := id.Matches(email)
	switch {
	case err != nil:
		r.fail(CheckRecipient, ProblemMalformed, "$.recipient.identity", err.Error())
	case !ok:
		r.fail(CheckRecipient, ProblemRecipientMismatch, "$.recipient.identity", "the assertion was not issued to "+email)
	default:
		r.add(Check{Name: CheckRecipient, Outcome: Pass, Detail: "issued to " + email})
	}
}
