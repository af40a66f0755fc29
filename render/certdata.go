package render

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/laurelhq/laurel/credential"
)

// CertificateData is what one certificate shows. Templates see it as
// described in CertificateTemplate.
type CertificateData struct {
	RecipientName          string
	AchievementName        string
	AchievementDescription string
	IssuerName             string
	Issued, Expires        time.Time // zero when unknown / never
	CredentialID           string
	// Attributes are the issuer's own fields, e.g. certificate_number;
	// a template naming one that is absent is an error.
	Attributes map[string]string
	// VerifyURL is what the QR code links to.
	VerifyURL string
	// Credential is the signed credential, attached to the PDF as an
	// embedded file named CredentialFilename (default "credential.json")
	// so that the certificate carries its own proof. Empty: no attachment.
	Credential         []byte
	CredentialFilename string
}

// CertificateDataFromCredential fills CertificateData from a signed Open
// Badges 3.0 credential (JSON). The recipient's name is the plain
// identifier of identityType "name" (as credential.NewOpenBadgeCredential
// writes it), or credentialSubject.name. raw is kept as the attachment.
func CertificateDataFromCredential(raw []byte) (*CertificateData, error) {
	c, err := credential.ParseCredential(raw, credential.ParseOptions{})
	if err != nil {
		return nil, fieldWrap(ErrData, "credential", err, "not an Open Badges 3.0 credential")
	}
	d := &CertificateData{CredentialID: c.ID, Credential: raw}
	if c.Issuer.Object != nil {
		d.IssuerName = c.Issuer.Object.Name
	}
	if d.Issued, d.Expires, err = c.Validity(); err != nil {
		return nil, fieldWrap(ErrData, "credential.validFrom", err, "unreadable date")
	}
	if s := c.CredentialSubject; s != nil {
		if a := s.Achievement; a != nil {
			d.AchievementName, d.AchievementDescription = a.Name, a.Description
		}
		for _, id := range s.Identifier {
			if strings.EqualFold(id.IdentityType, "name") && !id.Hashed {
				d.RecipientName = id.IdentityHash
				break
			}
		}
		if d.RecipientName == "" {
			if raw, ok := s.Extra["name"]; ok {
				_ = json.Unmarshal(raw, &d.RecipientName) // a non-string name is just absent
			}
		}
	}
	if d.AchievementName == "" {
		d.AchievementName = c.Name
	}
	return d, nil
}
