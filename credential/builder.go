package credential

import (
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Recipient names who receives a credential: an Email (written as an
// IdentityObject, hashed or not), an ID (a DID or URL, written as
// credentialSubject.id), or both. Name, when set, is written as an
// IdentityObject of identityType "name" (never hashed).
type Recipient struct {
	Email string
	ID    string
	Name  string
}

// IssueRequest is the input of NewOpenBadgeCredential.
type IssueRequest struct {
	// Issuer is embedded as "issuer"; ID is required, Type defaults to
	// ["Profile"].
	Issuer Profile
	// Achievement is embedded as credentialSubject.achievement. Name,
	// Description and Criteria (id or narrative) are required; a Criteria
	// given by IRI is written as an object {"id": IRI}. ID defaults to a new
	// urn:uuid and Type to ["Achievement"].
	Achievement Achievement
	Recipient   Recipient
	// ValidFrom defaults to Now(); ValidUntil is omitted when zero and must
	// be after ValidFrom otherwise. Both are written in UTC, to the second.
	ValidFrom, ValidUntil time.Time
	// Hashed writes the email as "sha256$…" with Salt; an empty Salt is
	// replaced by a fresh NewID() value.
	Hashed bool
	Salt   string
	// ID is the credential id; empty means "urn:uuid:" + NewID().
	ID string
	// Name is the credential name; empty means the achievement name.
	Name string
	// Now and NewID inject the clock and id generation; nil means time.Now
	// and a random (version 4) UUID. NewID must return a UUID.
	Now   func() time.Time
	NewID func() string
}

// NewOpenBadgeCredential builds an unsigned Open Badges 3.0
// OpenBadgeCredential (VC Data Model 2.0, OB 3.0.3 context) from r. The
// recipient is identified per OB 3.0 §B.1.4: by credentialSubject.id and/or
// an identifier list (IdentityObject). Issuer and Achievement are copied
// shallowly: their slices and Extra maps are shared with r.
func NewOpenBadgeCredential(r IssueRequest) (*Credential, error) {
	now := r.Now
	if now == nil {
		now = time.Now
	}
	newID := r.NewID
	if newID == nil {
		newID = uuid.NewString
	}
	urn := func() (string, error) {
		s := newID()
		u, err := uuid.Parse(s)
		if err != nil {
			return "", fmt.Errorf("%w: NewID returned %q, not a UUID", ErrIssueRequest, s)
		}
		return "urn:uuid:" + u.String(), nil
	}

	issuer := r.Issuer
	if strings.TrimSpace(issuer.ID) == "" {
		return nil, fmt.Errorf("%w: issuer id is required", ErrIssueRequest)
	}
	if issuer.Type.Len() == 0 {
		issuer.Type = Many("Profile")
	}

	ach := r.Achievement
	switch {
	case strings.TrimSpace(ach.Name) == "":
		return nil, fmt.Errorf("%w: achievement name is required", ErrIssueRequest)
	case strings.TrimSpace(ach.Description) == "":
		return nil, fmt.Errorf("%w: achievement description is required", ErrIssueRequest)
	case ach.Criteria.ID == "" && (ach.Criteria.Object == nil || (ach.Criteria.Object.ID == "" && ach.Criteria.Object.Narrative == "")):
		return nil, fmt.Errorf("%w: achievement criteria (id or narrative) is required", ErrIssueRequest)
	}
	if ach.Criteria.Object == nil { // OB 3.0 wants a Criteria object
		ach.Criteria = Embed(Criteria{ID: ach.Criteria.ID})
	}
	if ach.ID == "" {
		id, err := urn()
		if err != nil {
			return nil, err
		}
		ach.ID = id
	}
	if ach.Type.Len() == 0 {
		ach.Type = Many("Achievement")
	}

	subject := &AchievementSubject{ID: r.Recipient.ID, Type: Many("AchievementSubject"), Achievement: &ach}
	if r.Recipient.Email == "" && r.Recipient.ID == "" {
		return nil, fmt.Errorf("%w: recipient email or id is required", ErrIssueRequest)
	}
	if r.Recipient.Email != "" {
		email, err := NormalizeEmail(r.Recipient.Email)
		if err != nil {
			return nil, fmt.Errorf("%w: recipient: %w", ErrIssueRequest, err)
		}
		idObj := IdentityObject{Type: "IdentityObject", IdentityType: KindEmailAddress, IdentityHash: email, Hashed: r.Hashed}
		if r.Hashed {
			salt := r.Salt
			if salt == "" {
				salt = newID()
			}
			if idObj.IdentityHash, err = HashIdentity(KindEmailAddress, email, salt); err != nil {
				return nil, err
			}
			idObj.Salt = salt
		}
		subject.Identifier = append(subject.Identifier, idObj)
	}
	if r.Recipient.Name != "" {
		subject.Identifier = append(subject.Identifier, IdentityObject{Type: "IdentityObject", IdentityType: "name", IdentityHash: r.Recipient.Name})
	}
	// Keep "hashed": false on plain identities: it is a required member.
	for i := range subject.Identifier {
		subject.Identifier[i].order = []string{"type", "identityHash", "identityType", "hashed"}
		if subject.Identifier[i].Salt != "" {
			subject.Identifier[i].order = append(subject.Identifier[i].order, "salt")
		}
	}

	from := r.ValidFrom
	if from.IsZero() {
		from = now()
	}
	c := &Credential{
		Context:           ContextOf(ContextVC2, ContextOB30),
		ID:                r.ID,
		Type:              Many("VerifiableCredential", "OpenBadgeCredential"),
		Name:              r.Name,
		Issuer:            Embed(issuer),
		ValidFrom:         NewDateTime(from),
		CredentialSubject: subject,
	}
	if c.Name == "" {
		c.Name = ach.Name
	}
	if !r.ValidUntil.IsZero() {
		if !r.ValidUntil.After(from) {
			return nil, fmt.Errorf("%w: validUntil %s is not after validFrom %s", ErrIssueRequest, r.ValidUntil.Format(time.RFC3339), from.Format(time.RFC3339))
		}
		c.ValidUntil = NewDateTime(r.ValidUntil)
	}
	if c.ID == "" {
		id, err := urn()
		if err != nil {
			return nil, err
		}
		c.ID = id
	}
	return c, nil
}
