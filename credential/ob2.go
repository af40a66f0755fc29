package credential

import "encoding/json"

// Open Badges 2.0 data model
// (https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html).
// Members that may be an IRI or an embedded object are Ref; members that may
// be one value or an array are OneOrMany.

// Assertion is an awarded badge (OB 2.0 "Assertion").
type Assertion struct {
	Object
	Context          Contexts                   `json:"@context"`
	Type             Types                      `json:"type"`
	ID               string                     `json:"id"`
	Recipient        Ref[IdentityObjectV2]      `json:"recipient"`
	Badge            Ref[BadgeClass]            `json:"badge"`
	Verification     *VerificationObject        `json:"verification"`
	IssuedOn         Instant                    `json:"issuedOn"`
	Image            Ref[ImageV2]               `json:"image"`
	Evidence         OneOrMany[Ref[EvidenceV2]] `json:"evidence"`
	Narrative        string                     `json:"narrative"`
	Expires          Instant                    `json:"expires"`
	Revoked          bool                       `json:"revoked"`
	RevocationReason string                     `json:"revocationReason"`
	raw              []byte
}

// ParseAssertion reads an Open Badges 2.0 assertion losslessly (see
// ParseCredential for the checks). An Open Badges 1.x assertion is read as
// it is; call UpgradeOBI1 to convert it.
func ParseAssertion(data []byte, opts ParseOptions) (*Assertion, error) {
	a := new(Assertion)
	if err := parseModel(data, opts, a); err != nil {
		return nil, err
	}
	return a, nil
}

// Raw returns the bytes the assertion was read from (nil when built in code).
func (a *Assertion) Raw() []byte { return a.raw }

func (a *Assertion) keepRaw(b []byte) { a.raw = b }

// MarshalJSON implements json.Marshaler.
func (a Assertion) MarshalJSON() ([]byte, error) { return marshalValue(&a) }

// UnmarshalJSON implements json.Unmarshaler.
func (a *Assertion) UnmarshalJSON(b []byte) error { return unmarshalModel(b, a) }

// BadgeClass describes an achievement (OB 2.0 "BadgeClass").
type BadgeClass struct {
	Object
	Context     Contexts                      `json:"@context"`
	Type        Types                         `json:"type"`
	ID          string                        `json:"id"`
	Name        string                        `json:"name"`
	Description string                        `json:"description"`
	Image       Ref[ImageV2]                  `json:"image"`
	Criteria    Ref[CriteriaV2]               `json:"criteria"`
	Issuer      Ref[ProfileV2]                `json:"issuer"`
	Alignment   OneOrMany[AlignmentV2]        `json:"alignment"`
	Tags        OneOrMany[string]             `json:"tags"`
	Endorsement OneOrMany[Ref[EndorsementV2]] `json:"endorsement"`
	Version     json.RawMessage               `json:"version"` // Text or Number in OB 2.0
}

// ParseBadgeClass reads an Open Badges 2.0 (or 1.x) badge class losslessly.
func ParseBadgeClass(data []byte, opts ParseOptions) (*BadgeClass, error) {
	b := new(BadgeClass)
	if err := parseModel(data, opts, b); err != nil {
		return nil, err
	}
	return b, nil
}

// MarshalJSON implements json.Marshaler.
func (b BadgeClass) MarshalJSON() ([]byte, error) { return marshalValue(&b) }

// UnmarshalJSON implements json.Unmarshaler.
func (b *BadgeClass) UnmarshalJSON(data []byte) error { return unmarshalModel(data, b) }

// ProfileV2 is an Open Badges 2.0 Profile or Issuer.
type ProfileV2 struct {
	Object
	Context        Contexts                         `json:"@context"`
	Type           Types                            `json:"type"`
	ID             string                           `json:"id"`
	Name           string                           `json:"name"`
	URL            string                           `json:"url"`
	Telephone      string                           `json:"telephone"`
	Description    string                           `json:"description"`
	Image          Ref[ImageV2]                     `json:"image"`
	Email          string                           `json:"email"`
	PublicKey      OneOrMany[Ref[CryptographicKey]] `json:"publicKey"`
	Verification   *VerificationObject              `json:"verification"`
	RevocationList string                           `json:"revocationList"`
	Endorsement    OneOrMany[Ref[EndorsementV2]]    `json:"endorsement"`
}

// ParseProfileV2 reads an Open Badges 2.0 (or 1.x) issuer profile losslessly.
func ParseProfileV2(data []byte, opts ParseOptions) (*ProfileV2, error) {
	p := new(ProfileV2)
	if err := parseModel(data, opts, p); err != nil {
		return nil, err
	}
	return p, nil
}

// MarshalJSON implements json.Marshaler.
func (p ProfileV2) MarshalJSON() ([]byte, error) { return marshalValue(&p) }

// UnmarshalJSON implements json.Unmarshaler.
func (p *ProfileV2) UnmarshalJSON(b []byte) error { return unmarshalModel(b, p) }

// IdentityObjectV2 is an Open Badges 2.0 recipient identity.
type IdentityObjectV2 struct {
	Object
	Type     string `json:"type"`
	Identity string `json:"identity"`
	Hashed   bool   `json:"hashed"`
	Salt     string `json:"salt"`
}

// VerificationObject says how to verify an assertion (hosted or signed).
type VerificationObject struct {
	Object
	Type                 Types             `json:"type"`
	VerificationProperty string            `json:"verificationProperty"`
	StartsWith           string            `json:"startsWith"`
	AllowedOrigins       OneOrMany[string] `json:"allowedOrigins"`
	Creator              string            `json:"creator"`
}

// EvidenceV2 is Open Badges 2.0 evidence.
type EvidenceV2 struct {
	Object
	Type        Types  `json:"type"`
	ID          string `json:"id"`
	Narrative   string `json:"narrative"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Genre       string `json:"genre"`
	Audience    string `json:"audience"`
}

// CriteriaV2 is Open Badges 2.0 criteria.
type CriteriaV2 struct {
	Object
	Type      Types  `json:"type"`
	ID        string `json:"id"`
	Narrative string `json:"narrative"`
}

// AlignmentV2 is an Open Badges 2.0 alignment (OBI 1.x used name, url and
// description, which are kept in Extra).
type AlignmentV2 struct {
	Object
	TargetName        string `json:"targetName"`
	TargetURL         string `json:"targetUrl"`
	TargetDescription string `json:"targetDescription"`
	TargetFramework   string `json:"targetFramework"`
	TargetCode        string `json:"targetCode"`
}

// ImageV2 is an Open Badges 2.0 image object.
type ImageV2 struct {
	Object
	Type    Types  `json:"type"`
	ID      string `json:"id"`
	Caption string `json:"caption"`
	Author  string `json:"author"`
}

// CryptographicKey is an issuer's public key (OB 2.0 "CryptographicKey").
type CryptographicKey struct {
	Object
	Context      Contexts `json:"@context"`
	Type         Types    `json:"type"`
	ID           string   `json:"id"`
	Owner        string   `json:"owner"`
	PublicKeyPem string   `json:"publicKeyPem"`
}

// ParseCryptographicKey reads an Open Badges 2.0 key losslessly.
func ParseCryptographicKey(data []byte, opts ParseOptions) (*CryptographicKey, error) {
	k := new(CryptographicKey)
	if err := parseModel(data, opts, k); err != nil {
		return nil, err
	}
	return k, nil
}

// RevocationList lists revoked assertions (OB 2.0 "RevocationList"); an
// entry is an IRI or an object with id or uid and revocationReason.
type RevocationList struct {
	Object
	Context           Contexts                         `json:"@context"`
	Type              Types                            `json:"type"`
	ID                string                           `json:"id"`
	Issuer            string                           `json:"issuer"`
	RevokedAssertions OneOrMany[Ref[RevokedAssertion]] `json:"revokedAssertions"`
}

// RevokedAssertion is an object entry of a RevocationList.
type RevokedAssertion struct {
	Object
	ID               string `json:"id"`
	UID              string `json:"uid"`
	RevocationReason string `json:"revocationReason"`
}

// ParseRevocationList reads an Open Badges 2.0 revocation list losslessly.
// (An OBI 1.0 revocation list is a plain object mapping uid to reason; it
// reads with every entry in Extra.)
func ParseRevocationList(data []byte, opts ParseOptions) (*RevocationList, error) {
	l := new(RevocationList)
	if err := parseModel(data, opts, l); err != nil {
		return nil, err
	}
	return l, nil
}

// EndorsementV2 is an Open Badges 2.0 Endorsement: a claim by an issuer about
// a profile, badge class or assertion.
type EndorsementV2 struct {
	Object
	Context      Contexts            `json:"@context"`
	Type         Types               `json:"type"`
	ID           string              `json:"id"`
	Claim        *EndorsementClaim   `json:"claim"`
	Issuer       Ref[ProfileV2]      `json:"issuer"`
	IssuedOn     Instant             `json:"issuedOn"`
	Verification *VerificationObject `json:"verification"`
}

// EndorsementClaim is the claim of an EndorsementV2.
type EndorsementClaim struct {
	Object
	ID                 string `json:"id"`
	EndorsementComment string `json:"endorsementComment"`
}

// ParseEndorsementV2 reads an Open Badges 2.0 endorsement losslessly.
func ParseEndorsementV2(data []byte, opts ParseOptions) (*EndorsementV2, error) {
	e := new(EndorsementV2)
	if err := parseModel(data, opts, e); err != nil {
		return nil, err
	}
	return e, nil
}
