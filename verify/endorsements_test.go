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
	"github.com/laurelhq/laurel/credential/vcjwt"
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

// TestEndorsementJWTs covers endorsementJwt (compact VC-JWT endorsements)
// and endorsements of the achievement's creator.
func TestEndorsementJWTs(t *testing.T) {
	endorserKey, endorser := didKeySigner(t)
	issuerKey, issuer := didKeySigner(t)
	jwt, err := vcjwt.Sign(context.Background(), []byte(`{
	  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
	  "id": "urn:uuid:2d2e1c0a-0000-4000-8000-000000000003",
	  "type": ["VerifiableCredential", "EndorsementCredential"],
	  "name": "Endorsement of Example University",
	  "issuer": {"id": "`+endorser+`", "type": ["Profile"], "name": "Accrediting Body"},
	  "validFrom": "2025-01-01T00:00:00Z",
	  "credentialSubject": {"id": "`+issuer+`", "type": ["EndorsementSubject"], "endorsementComment": "Accredited."}
	}`), endorserKey, vcjwt.SignOptions{})
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(jwt, ".")
	badSig := parts[0] + "." + parts[1] + "." + flipFirstChar(parts[2])
	credential := func(issuerEndorsements, creatorEndorsements string) []byte {
		return []byte(sign(t, `{
		  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
		  "id": "urn:uuid:2d2e1c0a-0000-4000-8000-000000000004",
		  "type": ["VerifiableCredential", "OpenBadgeCredential"],
		  "name": "Teamwork",
		  "issuer": {"id": "`+issuer+`", "type": ["Profile"], "name": "Example University", "endorsementJwt": [`+issuerEndorsements+`]},
		  "validFrom": "2025-01-01T00:00:00Z",
		  "credentialSubject": {"type": ["AchievementSubject"], "id": "did:example:learner",
		    "achievement": {"id": "https://example.edu/achievements/teamwork", "type": ["Achievement"], "name": "Teamwork",
		      "description": "Works well in a team.", "criteria": {"narrative": "Peers nominate."},
		      "creator": {"id": "`+issuer+`", "type": ["Profile"], "endorsementJwt": [`+creatorEndorsements+`]}}}
		}`, issuerKey))
	}
	q := func(s string) string { return `"` + s + `"` }
	tests := []struct {
		name            string
		issuer, creator string
		outcome         Outcome
		endorsements    int
		path            string
	}{
		{"issuer endorsement JWT", q(jwt), "", Pass, 1, ""},
		{"issuer and creator", q(jwt), q(jwt), Pass, 2, ""},
		{"bad signature on the issuer's", q(badSig), "", Warn, 1, "$.issuer.endorsementJwt[0]"},
		{"bad signature on the creator's", q(jwt), q(badSig), Warn, 2, "$.credentialSubject.achievement.creator.endorsementJwt[0]"},
	}
	v := newVerifier(t, Config{Now: at("2025-06-01T00:00:00Z")})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := v.Verify(context.Background(), credential(tt.issuer, tt.creator), nil)
			c, _ := r.Check(CheckEndorsements)
			if !r.Valid || c.Outcome != tt.outcome || len(r.Endorsements) != tt.endorsements {
				t.Fatalf("endorsements %s with %d results, want %s with %d: %s", c.Outcome, len(r.Endorsements), tt.outcome, tt.endorsements, describe(r))
			}
			if tt.path != "" && (c.Problem == nil || c.Problem.Path != tt.path) {
				t.Errorf("problem %+v, want path %s", c.Problem, tt.path)
			}
		})
	}
}

// flipFirstChar changes the first character of a base64url string, so the
// decoded bytes always differ.
func flipFirstChar(s string) string {
	if s[0] == 'A' {
		return "B" + s[1:]
	}
	return "A" + s[1:]
}

func TestEndorsementJWTNotAString(t *testing.T) {
	issuerKey, issuer := didKeySigner(t)
	data := sign(t, `{
	  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
	  "id": "urn:uuid:2d2e1c0a-0000-4000-8000-000000000005",
	  "type": ["VerifiableCredential", "OpenBadgeCredential"],
	  "issuer": {"id": "`+issuer+`", "type": ["Profile"], "name": "Example University", "endorsementJwt": [{"x": 1}]},
	  "validFrom": "2025-01-01T00:00:00Z",
	  "credentialSubject": {"type": ["AchievementSubject"], "id": "did:example:learner",
	    "achievement": {"id": "https://example.edu/achievements/teamwork", "type": ["Achievement"], "name": "Teamwork",
	      "description": "Works well in a team.", "criteria": {"narrative": "Peers nominate."}}}
	}`, issuerKey)
	r := newVerifier(t, Config{Now: at("2025-06-01T00:00:00Z")}).Verify(context.Background(), []byte(data), nil)
	c, _ := r.Check(CheckConformance)
	if r.Valid || c.Outcome != Fail || c.Problem.Path != "$.issuer.endorsementJwt[0]" || len(r.Endorsements) != 0 {
		t.Fatal(describe(r))
	}
}
