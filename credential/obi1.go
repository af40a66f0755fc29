package credential

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// ContextOBI1 is the Open Badges 1.1 context IRI.
const ContextOBI1 = "https://w3id.org/openbadges/v1"

// IsOBI1 reports whether a looks like an Open Badges 0.5/1.0/1.1 assertion:
// it has no Open Badges 2.0 context and has an OBI 1.x "verify" object, the
// 1.1 context, or a plain-string (0.5) recipient.
func (a *Assertion) IsOBI1() bool {
	iris := ContextIRIs(a.Context)
	for _, iri := range iris {
		if isOB2Context(iri) {
			return false
		}
	}
	for _, iri := range iris {
		if strings.TrimSuffix(strings.Replace(iri, "http://", "https://", 1), "/") == ContextOBI1 {
			return true
		}
	}
	_, hasVerify := a.Extra["verify"]
	_, hasIssued := a.Extra["issued_on"]
	return hasVerify || hasIssued || (a.Recipient.Object == nil && a.Recipient.ID != "")
}

func isOB2Context(iri string) bool {
	switch strings.TrimSuffix(strings.Replace(iri, "http://", "https://", 1), "/") {
	case ContextOB20, "https://openbadgespec.org/v2/context.json", "https://purl.imsglobal.org/spec/ob/v2p0/context/context.json":
		return true
	}
	return false
}

// UpgradeOBI1 converts an Open Badges 0.5/1.0/1.1 assertion to the Open
// Badges 2.0 model in memory, the way the 1EdTech validator
// (openbadges-validator-core) reads old badges:
//
//   - "@context" becomes the OB 2.0 context and "type" becomes "Assertion";
//   - "verify" {type: hosted|signed, url} becomes "verification" {type:
//     HostedBadge|SignedBadge}; for a signed badge url (the public key)
//     becomes verification.creator;
//   - "id" is kept, else the hosted verify.url, else a name-based (SHA-1)
//     urn:uuid derived from uid and verify.url, so the same badge always gets
//     the same id;
//   - a 0.5 plain-string recipient with a top-level "salt" becomes an email
//     IdentityObject (hashed when it starts with sha256$ or md5$);
//   - "issuedOn"/"issued_on" and "expires" given as a Unix timestamp or a
//     bare date become ISO 8601 date-times in UTC;
//   - every other member ("uid", "badge", "image", "evidence", ...) is kept.
//
// The badge class and issuer the assertion refers to are not fetched or
// upgraded. a is not modified. A document that is not OBI 1.x is an error
// wrapping ErrNotOBI1.
func UpgradeOBI1(a *Assertion) (*Assertion, error) {
	if a == nil || !a.IsOBI1() {
		return nil, ErrNotOBI1
	}
	// Work on a deep copy made through the lossless encoding.
	b, err := json.Marshal(a)
	if err != nil {
		return nil, err
	}
	up := new(Assertion)
	if err := unmarshalModel(b, up); err != nil {
		return nil, err
	}
	up.raw = nil

	var verify struct {
		Type string `json:"type"`
		URL  string `json:"url"`
	}
	if v, ok := up.Extra["verify"]; ok {
		if err := json.Unmarshal(v, &verify); err != nil {
			return nil, fmt.Errorf("%w: verify: %w", ErrNotOBI1, err)
		}
		up.Delete("verify")
	}
	var uid string
	if v, ok := up.Extra["uid"]; ok {
		_ = json.Unmarshal(v, &uid)
	}

	up.Context = One(json.RawMessage(`"` + ContextOB20 + `"`))
	up.Type = One("Assertion")
	switch strings.ToLower(verify.Type) {
	case "hosted":
		up.Verification = &VerificationObject{Type: One("HostedBadge")}
	case "signed":
		up.Verification = &VerificationObject{Type: One("SignedBadge"), Creator: verify.URL}
	}
	if up.ID == "" {
		if strings.EqualFold(verify.Type, "hosted") && verify.URL != "" {
			up.ID = verify.URL
		} else {
			up.ID = "urn:uuid:" + uuid.NewSHA1(uuid.NameSpaceURL, []byte(verify.URL+"#"+uid)).String()
		}
	}

	if up.Recipient.Object == nil && up.Recipient.ID != "" { // OBI 0.5
		id := IdentityObjectV2{Type: KindEmail, Identity: up.Recipient.ID}
		if _, _, ok := splitHash(id.Identity); ok {
			id.Hashed = true
		}
		if s, ok := up.Extra["salt"]; ok {
			_ = json.Unmarshal(s, &id.Salt)
			up.Delete("salt")
		}
		id.order = []string{"type", "hashed", "identity"}
		if id.Salt != "" {
			id.order = append(id.order, "salt")
		}
		up.Recipient = Embed(id)
	}

	if v, ok := up.Extra["issued_on"]; ok && up.IssuedOn.IsZero() {
		up.IssuedOn = Instant{raw: v}
		up.Delete("issued_on")
	}
	for _, t := range []*Instant{&up.IssuedOn, &up.Expires} {
		if t.IsZero() {
			continue
		}
		if tm, err := t.Time(); err == nil && (t.IsTimestamp() || !strings.Contains(t.String(), "T")) {
			*t = InstantOf(tm)
		}
	}
	return up, nil
}
