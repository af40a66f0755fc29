package verify

import (
	"context"
	"crypto"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"github.com/laurelhq/laurel/credential/dataintegrity"
	"github.com/laurelhq/laurel/credential/keys"
)

func didKeySigner(t *testing.T) (crypto.Signer, string) {
	t.Helper()
	s, err := keys.Generate(keys.EdDSA, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	did, _, err := keys.DIDKey(s.Public())
	if err != nil {
		t.Fatal(err)
	}
	return s, did
}

func sign(t *testing.T, doc string, s crypto.Signer) string {
	t.Helper()
	out, err := dataintegrity.Sign(context.Background(), []byte(doc), s, dataintegrity.SignOptions{Created: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestEndorsements(t *testing.T) {
	endorserKey, endorser := didKeySigner(t)
	issuerKey, issuer := didKeySigner(t)
	endorsement := sign(t, `{
	  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
	  "id": "urn:uuid:2d2e1c0a-0000-4000-8000-000000000001",
	  "type": ["VerifiableCredential", "EndorsementCredential"],
	  "name": "Endorsement of the Teamwork badge",
	  "issuer": {"id": "`+endorser+`", "type": ["Profile"], "name": "Accrediting Body"},
	  "validFrom": "2025-01-01T00:00:00Z",
	  "credentialSubject": {"id": "https://example.edu/achievements/teamwork", "type": ["EndorsementSubject"], "endorsementComment": "Rigorous."}
	}`, endorserKey)
	credential := func(e string) string {
		return sign(t, `{
		  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
		  "id": "urn:uuid:2d2e1c0a-0000-4000-8000-000000000002",
		  "type": ["VerifiableCredential", "OpenBadgeCredential"],
		  "name": "Teamwork",
		  "issuer": {"id": "`+issuer+`", "type": ["Profile"], "name": "Example University"},
		  "validFrom": "2025-01-01T00:00:00Z",
		  "credentialSubject": {"type": ["AchievementSubject"], "id": "did:example:learner",
		    "achievement": {"id": "https://example.edu/achievements/teamwork", "type": ["Achievement"], "name": "Teamwork",
		      "description": "Works well in a team.", "criteria": {"narrative": "Peers nominate."},
		      "endorsement": [`+e+`]}}
		}`, issuerKey)
	}
	v := newVerifier(t, Config{Now: at("2025-06-01T00:00:00Z")})

	r := v.Verify(context.Background(), []byte(credential(endorsement)), nil)
	c, _ := r.Check(CheckEndorsements)
	if !r.Valid || c.Outcome != Pass || len(r.Endorsements) != 1 || !r.Endorsements[0].Valid || r.Endorsements[0].Issuer != endorser {
		t.Fatal(describe(r))
	}

	// An endorsement changed after it was signed (and the credential
	// signed over the changed copy) is reported, not trusted.
	tampered := strings.Replace(endorsement, "Rigorous.", "Rigorous!", 1)
	r = v.Verify(context.Background(), []byte(credential(tampered)), nil)
	c, _ = r.Check(CheckEndorsements)
	if !r.Valid || c.Outcome != Warn || c.Problem.Type != ProblemSignature || r.Endorsements[0].Valid {
		t.Fatal(describe(r))
	}
	if !strings.Contains(c.Problem.Path, "achievement.endorsement[0]") {
		t.Errorf("path %q does not name the endorsement", c.Problem.Path)
	}
}
