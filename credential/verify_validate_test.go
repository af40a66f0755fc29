package credential_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/laurelhq/laurel/credential"
	"github.com/laurelhq/laurel/credential/dataintegrity"
	"github.com/laurelhq/laurel/credential/keys"
	"github.com/laurelhq/laurel/verify"
)

// TestVerifierConformanceCheck: the verifier runs Validate on OB 3.0
// credentials as its "conformance" check (verify/conformance.go). It lives
// here, next to Validate, as an external test of both packages.
func TestVerifierConformanceCheck(t *testing.T) {
	ctx := context.Background()
	signer, err := keys.Generate(keys.EdDSA, strings.NewReader(strings.Repeat("laurel-test-seed", 4)))
	if err != nil {
		t.Fatal(err)
	}
	did, keyID, err := keys.DIDKey(signer.Public())
	if err != nil {
		t.Fatal(err)
	}
	v, err := verify.New(verify.Config{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().Add(-time.Hour)
	issue := func(edit func(m map[string]any)) []byte {
		c, err := credential.NewOpenBadgeCredential(credential.IssueRequest{
			Issuer: credential.Profile{ID: did, Name: "Example University", URL: "https://example.edu"},
			Achievement: credential.Achievement{Name: "Teamwork", Description: "Works in a team.",
				Criteria: credential.Embed(credential.Criteria{Narrative: "Nominated by peers."})},
			Recipient: credential.Recipient{Email: "ada@example.com"},
			Hashed:    true,
			Now:       func() time.Time { return now },
		})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(c)
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		edit(m)
		b, _ = json.Marshal(m)
		signed, err := dataintegrity.Sign(ctx, b, signer, dataintegrity.SignOptions{VerificationMethod: keyID, Created: now})
		if err != nil {
			t.Fatal(err)
		}
		return signed
	}
	achievement := func(m map[string]any) map[string]any {
		return m["credentialSubject"].(map[string]any)["achievement"].(map[string]any)
	}
	tests := []struct {
		name    string
		edit    func(m map[string]any)
		outcome verify.Outcome
		path    string
	}{
		{"conformant", func(map[string]any) {}, verify.Pass, ""},
		{"achievement without description", func(m map[string]any) { delete(achievement(m), "description") },
			verify.Fail, "$.credentialSubject.achievement.description"},
		{"unknown achievementType", func(m map[string]any) { achievement(m)["achievementType"] = "Trophy" },
			verify.Fail, "$.credentialSubject.achievement.achievementType"},
		{"issuer url not a URI (not checked by the schemas)", func(m map[string]any) { m["issuer"].(map[string]any)["url"] = "example.edu" },
			verify.Warn, "$.issuer.url"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := v.Verify(ctx, issue(tc.edit), nil)
			c, ok := r.Check(verify.CheckConformance)
			if !ok {
				t.Fatalf("no conformance check: %+v", r.Checks)
			}
			if c.Outcome != tc.outcome {
				t.Fatalf("conformance %s, want %s: %+v", c.Outcome, tc.outcome, c.Problem)
			}
			if tc.outcome == verify.Pass {
				if !r.Valid {
					t.Errorf("not valid: %+v", r.Checks)
				}
				return
			}
			if c.Problem == nil || c.Problem.Type != verify.ProblemSchema || c.Problem.Path != tc.path {
				t.Errorf("problem = %+v, want schema at %s", c.Problem, tc.path)
			}
			if r.Valid != (tc.outcome == verify.Warn) {
				t.Errorf("Valid = %v with conformance %s", r.Valid, tc.outcome)
			}
			if p, _ := r.Check(verify.CheckProof); p.Outcome != verify.Pass {
				t.Errorf("proof %s: conformance must not stop the other checks", p.Outcome)
			}
		})
	}
}
