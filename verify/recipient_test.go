package verify

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"testing"
	"time"

	"github.com/laurelhq/laurel/credential"
	"github.com/laurelhq/laurel/credential/dataintegrity"
	"github.com/laurelhq/laurel/credential/keys"
)

// issued signs a credential issued by a fresh did:key to recipient.
func issued(t *testing.T, recipient credential.Recipient, hashed bool) []byte {
	t.Helper()
	signer, err := keys.Generate(keys.EdDSA, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	did, _, err := keys.DIDKey(signer.Public())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	c, err := credential.NewOpenBadgeCredential(credential.IssueRequest{
		Issuer:      credential.Profile{ID: did, Name: "Test Issuer"},
		Achievement: credential.Achievement{Name: "Test", Description: "A test.", Criteria: credential.Embed(credential.Criteria{Narrative: "Pass the test."})},
		Recipient:   recipient,
		Hashed:      hashed,
		Now:         func() time.Time { return now },
	})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	signed, err := dataintegrity.Sign(context.Background(), b, signer, dataintegrity.SignOptions{Created: now})
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

func TestRecipientCheck(t *testing.T) {
	v := newVerifier(t, Config{Now: at("2025-06-01T00:00:00Z")})
	hashed := issued(t, credential.Recipient{Email: "Zoe.Smith@Example.com"}, true)
	plain := issued(t, credential.Recipient{Email: "zoe.smith@example.com"}, false)
	byID := issued(t, credential.Recipient{ID: "did:example:zoe"}, false)
	tests := []struct {
		name  string
		data  []byte
		email string
		want  ProblemType // "" for pass
	}{
		{"hashed, same address", hashed, "zoe.smith@example.com", ""},
		{"hashed, other case and spaces", hashed, "  ZOE.SMITH@example.COM ", ""},
		{"hashed, other address", hashed, "zoe.smith@example.org", ProblemRecipientMismatch},
		{"plain, same address", plain, "Zoe.Smith@example.com", ""},
		{"plain, other address", plain, "someone@example.com", ProblemRecipientMismatch},
		{"no email recipient", byID, "zoe.smith@example.com", ProblemRecipientMismatch},
		{"not an email", hashed, "zoe", ProblemMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := v.Verify(context.Background(), tt.data, &Options{Recipient: tt.email})
			c, ok := r.Check(CheckRecipient)
			if !ok {
				t.Fatal(describe(r))
			}
			if tt.want == "" {
				if c.Outcome != Pass || !r.Valid {
					t.Fatal(describe(r))
				}
				return
			}
			if c.Outcome != Fail || c.Problem.Type != tt.want || r.Valid {
				t.Fatal(describe(r))
			}
		})
	}
	// Without a recipient to check, the check does not run.
	if _, ok := v.Verify(context.Background(), hashed, nil).Check(CheckRecipient); ok {
		t.Error("recipient check ran without a recipient")
	}
}
