package credential

import (
	"encoding/json"
	"time"
)

// Context URLs written by the issuance builder.
const (
	ContextVC2  = "https://www.w3.org/ns/credentials/v2"
	ContextVC1  = "https://www.w3.org/2018/credentials/v1"
	ContextOB30 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
	ContextOB20 = "https://w3id.org/openbadges/v2"
)

// Contexts is the "@context" member: IRIs and/or embedded context objects,
// each kept as raw JSON.
type Contexts = OneOrMany[json.RawMessage]

// ContextOf returns an "@context" array of the given IRIs.
func ContextOf(iris ...string) Contexts {
	c := Contexts{Array: true}
	for _, iri := range iris {
		b, _ := json.Marshal(iri)
		c.Items = append(c.Items, b)
	}
	return c
}

// ContextIRIs returns the IRI entries of an "@context" member (embedded
// context objects are skipped).
func ContextIRIs(c Contexts) []string {
	var out []string
	for _, it := range c.Items {
		var s string
		if json.Unmarshal(it, &s) == nil {
			out = append(out, s)
		}
	}
	return out
}

// Credential is an Open Badges 3.0 OpenBadgeCredential (a.k.a.
// AchievementCredential) or EndorsementCredential, a W3C Verifiable
// Credential (OB 3.0 §B.1.1 AchievementCredential, §B.1.6
// EndorsementCredential; https://www.imsglobal.org/spec/ob/v3p0/#achievementcredential).
//
// Both the VC Data Model 1.1 names (issuanceDate, expirationDate) and the
// 2.0 names (validFrom, validUntil) are read; the builders write 2.0 names;
// a parsed document keeps the names it had.
//
// The proof is kept as raw JSON. A signature is always verified on the bytes
// that were received (Raw), never on a re-marshalled Credential: marshalling
// reproduces an equivalent document (same members and values, same member
// order) but not necessarily the same bytes (white space, escapes, number
// spelling).
type Credential struct {
	Object
	Context           Contexts                    `json:"@context"`
	ID                string                      `json:"id"`
	Type              Types                       `json:"type"`
	Name              string                      `json:"name"`
	Description       string                      `json:"description"`
	Image             Ref[Image]                  `json:"image"`
	Issuer            Ref[Profile]                `json:"issuer"`
	ValidFrom         DateTime                    `json:"validFrom"`
	ValidUntil        DateTime                    `json:"validUntil"`
	IssuanceDate      DateTime                    `json:"issuanceDate"`
	ExpirationDate    DateTime                    `json:"expirationDate"`
	AwardedDate       DateTime                    `json:"awardedDate"`
	CredentialSubject *AchievementSubject         `json:"credentialSubject"`
	Endorsement       []Credential                `json:"endorsement"`
	EndorsementJWT    []string                    `json:"endorsementJwt"`
	Evidence          []Evidence                  `json:"evidence"`
	CredentialSchema  OneOrMany[CredentialSchema] `json:"credentialSchema"`
	CredentialStatus  OneOrMany[CredentialStatus] `json:"credentialStatus"`
	RefreshService    OneOrMany[RefreshService]   `json:"refreshService"`
	TermsOfUse        OneOrMany[TermsOfUse]       `json:"termsOfUse"`
	Proof             OneOrMany[json.RawMessage]  `json:"proof"`
	raw               []byte
}

// ParseCredential reads an Open Badges 3.0 credential (or any VC using the
// same members) losslessly. data is first checked strictly (RFC 8259, no
// duplicate members, valid UTF-8, opts.Limits); errors are *JSONError with
// the JSON path of the problem.
func ParseCredential(data []byte, opts ParseOptions) (*Credential, error) {
	c := new(Credential)
	if err := parseModel(data, opts, c); err != nil {
		return nil, err
	}
	return c, nil
}

// Raw returns the bytes the credential was read from, without surrounding
// white space (for an embedded endorsement, the bytes of that object inside
// its parent), or nil for a credential built in code. Signatures are verified on these bytes. The
// returned slice must not be modified.
func (c *Credential) Raw() []byte { return c.raw }

func (c *Credential) keepRaw(b []byte) { c.raw = b }

// MarshalJSON implements json.Marshaler (see Object for the member order).
func (c Credential) MarshalJSON() ([]byte, error) { return marshalValue(&c) }

// UnmarshalJSON implements json.Unmarshaler with the default ParseOptions.
func (c *Credential) UnmarshalJSON(b []byte) error { return unmarshalModel(b, c) }

// IsEndorsement reports whether the type list names EndorsementCredential.
func (c *Credential) IsEndorsement() bool { return c.Type.Has("EndorsementCredential") }

// Validity returns the start and end of the validity period: validFrom /
// validUntil, falling back to the VC 1.1 issuanceDate / expirationDate. A
// zero time means the member is absent.
func (c *Credential) Validity() (from, until time.Time, err error) {
	pick := func(a, b DateTime) (time.Time, error) {
		if a == "" {
			a = b
		}
		if a == "" {
			return time.Time{}, nil
		}
		return a.Time()
	}
	if from, err = pick(c.ValidFrom, c.IssuanceDate); err != nil {
		return time.Time{}, time.Time{}, err
	}
	if until, err = pick(c.ValidUntil, c.ExpirationDate); err != nil {
		return time.Time{}, time.Time{}, err
	}
	return from, until, nil
}

// Profile describes an issuer, creator or other entity (OB 3.0 §B.1.18).
type Profile struct {
	Object
	Context          Contexts          `json:"@context"`
	ID               string            `json:"id"`
	Type             Types             `json:"type"`
	Name             string            `json:"name"`
	URL              string            `json:"url"`
	Phone            string            `json:"phone"`
	Description      string            `json:"description"`
	Endorsement      []Credential      `json:"endorsement"`
	EndorsementJWT   []string          `json:"endorsementJwt"`
	Image            Ref[Image]        `json:"image"`
	Email            string            `json:"email"`
	Address          *Address          `json:"address"`
	OtherIdentifier  []IdentifierEntry `json:"otherIdentifier"`
	Official         string            `json:"official"`
	ParentOrg        *Profile          `json:"parentOrg"`
	FamilyName       string            `json:"familyName"`
	GivenName        string            `json:"givenName"`
	AdditionalName   string            `json:"additionalName"`
	PatronymicName   string            `json:"patronymicName"`
	HonorificPrefix  string            `json:"honorificPrefix"`
	HonorificSuffix  string            `json:"honorificSuffix"`
	FamilyNamePrefix string            `json:"familyNamePrefix"`
	DateOfBirth      string            `json:"dateOfBirth"`
}

// ParseProfile reads an Open Badges 3.0 Profile losslessly.
func ParseProfile(data []byte, opts ParseOptions) (*Profile, error) {
	p := new(Profile)
	if err := parseModel(data, opts, p); err != nil {
		return nil, err
	}
	return p, nil
}

// MarshalJSON implements json.Marshaler.
func (p Profile) MarshalJSON() ([]byte, error) { return marshalValue(&p) }

// UnmarshalJSON implements json.Unmarshaler.
func (p *Profile) UnmarshalJSON(b []byte) error { return unmarshalModel(b, p) }

// Address is a physical address (OB 3.0 §B.1.2).
type Address struct {
	Object
	Type                Types           `json:"type"`
	AddressCountry      string          `json:"addressCountry"`
	AddressCountryCode  string          `json:"addressCountryCode"`
	AddressRegion       string          `json:"addressRegion"`
	AddressLocality     string          `json:"addressLocality"`
	StreetAddress       string          `json:"streetAddress"`
	PostOfficeBoxNumber string          `json:"postOfficeBoxNumber"`
	PostalCode          string          `json:"postalCode"`
	Geo                 *GeoCoordinates `json:"geo"`
}

// GeoCoordinates is a geographic position (OB 3.0 §B.1.12).
type GeoCoordinates struct {
	Object
	Type      string      `json:"type"`
	Latitude  json.Number `json:"latitude"`
	Longitude json.Number `json:"longitude"`
}

// IdentifierEntry is an alternative identifier (OB 3.0 §B.1.13).
type IdentifierEntry struct {
	Object
	Type           string `json:"type"`
	Identifier     string `json:"identifier"`
	IdentifierType string `json:"identifierType"`
}

// Achievement is what the credential recognises (OB 3.0 §B.1.3).
type Achievement struct {
	Object
	Context           Contexts            `json:"@context"`
	ID                string              `json:"id"`
	Type              Types               `json:"type"`
	Alignment         []Alignment         `json:"alignment"`
	AchievementType   string              `json:"achievementType"`
	Creator           *Profile            `json:"creator"`
	CreditsAvailable  json.Number         `json:"creditsAvailable"`
	Criteria          Ref[Criteria]       `json:"criteria"`
	Description       string              `json:"description"`
	Endorsement       []Credential        `json:"endorsement"`
	EndorsementJWT    []string            `json:"endorsementJwt"`
	FieldOfStudy      string              `json:"fieldOfStudy"`
	HumanCode         string              `json:"humanCode"`
	Image             Ref[Image]          `json:"image"`
	InLanguage        string              `json:"inLanguage"`
	Name              string              `json:"name"`
	OtherIdentifier   []IdentifierEntry   `json:"otherIdentifier"`
	Related           []Related           `json:"related"`
	ResultDescription []ResultDescription `json:"resultDescription"`
	Specialization    string              `json:"specialization"`
	Tag               []string            `json:"tag"`
	Version           string              `json:"version"`
}

// MarshalJSON implements json.Marshaler.
func (a Achievement) MarshalJSON() ([]byte, error) { return marshalValue(&a) }

// UnmarshalJSON implements json.Unmarshaler.
func (a *Achievement) UnmarshalJSON(b []byte) error { return unmarshalModel(b, a) }

// Related names another version of an achievement (OB 3.0 §B.1.21).
type Related struct {
	Object
	ID         string `json:"id"`
	Type       Types  `json:"type"`
	InLanguage string `json:"inLanguage"`
	Version    string `json:"version"`
}

// AchievementSubject is the credentialSubject of an OpenBadgeCredential
// (OB 3.0 §B.1.4). For an EndorsementCredential (EndorsementSubject,
// §B.1.7) only ID, Type and EndorsementComment are used.
type AchievementSubject struct {
	Object
	ID                 string           `json:"id"`
	Type               Types            `json:"type"`
	ActivityEndDate    DateTime         `json:"activityEndDate"`
	ActivityStartDate  DateTime         `json:"activityStartDate"`
	CreditsEarned      json.Number      `json:"creditsEarned"`
	Achievement        *Achievement     `json:"achievement"`
	Identifier         []IdentityObject `json:"identifier"`
	Image              Ref[Image]       `json:"image"`
	LicenseNumber      string           `json:"licenseNumber"`
	Narrative          string           `json:"narrative"`
	Result             []Result         `json:"result"`
	Role               string           `json:"role"`
	Source             *Profile         `json:"source"`
	Term               string           `json:"term"`
	EndorsementComment string           `json:"endorsementComment"`
}

// MarshalJSON implements json.Marshaler.
func (s AchievementSubject) MarshalJSON() ([]byte, error) { return marshalValue(&s) }

// UnmarshalJSON implements json.Unmarshaler.
func (s *AchievementSubject) UnmarshalJSON(b []byte) error { return unmarshalModel(b, s) }

// IdentityObject identifies a recipient without an id, by a plain or hashed
// email address, URL, telephone number, ... (OB 3.0 §B.1.14).
type IdentityObject struct {
	Object
	Type         string `json:"type"`
	Hashed       bool   `json:"hashed"`
	IdentityHash string `json:"identityHash"`
	IdentityType string `json:"identityType"`
	Salt         string `json:"salt"`
}

// Result is a result the recipient achieved (OB 3.0 §B.1.22).
type Result struct {
	Object
	Type              Types       `json:"type"`
	AchievedLevel     string      `json:"achievedLevel"`
	Alignment         []Alignment `json:"alignment"`
	ResultDescription string      `json:"resultDescription"`
	Status            string      `json:"status"`
	Value             string      `json:"value"`
}

// ResultDescription describes a possible result (OB 3.0 §B.1.23).
type ResultDescription struct {
	Object
	ID                   string                 `json:"id"`
	Type                 Types                  `json:"type"`
	Alignment            []Alignment            `json:"alignment"`
	AllowedValue         []string               `json:"allowedValue"`
	Name                 string                 `json:"name"`
	RequiredLevel        string                 `json:"requiredLevel"`
	RequiredValue        string                 `json:"requiredValue"`
	ResultType           string                 `json:"resultType"`
	RubricCriterionLevel []RubricCriterionLevel `json:"rubricCriterionLevel"`
	ValueMax             string                 `json:"valueMax"`
	ValueMin             string                 `json:"valueMin"`
}

// RubricCriterionLevel is one level of a rubric criterion (OB 3.0 §B.1.24).
type RubricCriterionLevel struct {
	Object
	ID          string      `json:"id"`
	Type        Types       `json:"type"`
	Alignment   []Alignment `json:"alignment"`
	Description string      `json:"description"`
	Level       string      `json:"level"`
	Name        string      `json:"name"`
	Points      string      `json:"points"`
}

// Evidence supports the claim (OB 3.0 §B.1.11).
type Evidence struct {
	Object
	ID          string `json:"id"`
	Type        Types  `json:"type"`
	Narrative   string `json:"narrative"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Genre       string `json:"genre"`
	Audience    string `json:"audience"`
}

// Alignment links to a competency or standard (OB 3.0 §B.1.5).
type Alignment struct {
	Object
	Type              Types  `json:"type"`
	TargetCode        string `json:"targetCode"`
	TargetDescription string `json:"targetDescription"`
	TargetName        string `json:"targetName"`
	TargetFramework   string `json:"targetFramework"`
	TargetType        string `json:"targetType"`
	TargetURL         string `json:"targetUrl"`
}

// Criteria describes how the achievement is earned (OB 3.0 §B.1.8).
type Criteria struct {
	Object
	ID        string `json:"id"`
	Narrative string `json:"narrative"`
}

// Image is an image with an IRI (often a data: URI) (OB 3.0 §B.1.15).
type Image struct {
	Object
	ID      string `json:"id"`
	Type    string `json:"type"`
	Caption string `json:"caption"`
}

// CredentialSchema names a schema the credential conforms to
// (VC Data Model §4.11; OB 3.0 §B.2.2).
type CredentialSchema struct {
	Object
	ID   string `json:"id"`
	Type string `json:"type"`
}

// CredentialStatus says where to check revocation or suspension
// (VC Data Model §4.10; OB 3.0 §B.2.3). Suite-specific members
// (statusPurpose, statusListIndex, ...) are in Extra.
type CredentialStatus struct {
	Object
	ID   string `json:"id"`
	Type string `json:"type"`
}

// RefreshService says where to get a fresh copy (OB 3.0 §B.2.5).
type RefreshService struct {
	Object
	ID   string `json:"id"`
	Type string `json:"type"`
}

// TermsOfUse is a policy under which the credential was issued (OB 3.0 §B.2.7).
type TermsOfUse struct {
	Object
	ID   string `json:"id"`
	Type string `json:"type"`
}
