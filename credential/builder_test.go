package credential

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

func fixedRequest() IssueRequest {
	n := 0
	return IssueRequest{
		Issuer: Profile{ID: "https://example.edu/issuers/565049", Name: "Example University", URL: "https://example.edu"},
		Achievement: Achievement{
			Name:        "Teamwork",
			Description: "Collaborates within a group.",
			Criteria:    Embed(Criteria{Narrative: "Nominated by peers."}),
		},
		Recipient:  Recipient{Email: " Student@Example.org ", Name: "Sam Student"},
		ValidUntil: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC),
		Hashed:     true,
		Salt:       "pepper",
		Now:        func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 123, time.FixedZone("CET", 3600)) },
		NewID: func() string {
			n++
			return fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
		},
	}
}

func TestNewOpenBadgeCredentialGolden(t *testing.T) {
	c, err := NewOpenBadgeCredential(fixedRequest())
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	enc := json.NewEncoder(&got)
	enc.SetIndent("", "  ")
	if err := enc.Encode(c); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "openbadgecredential.golden.json")
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("output differs from %s:\n%s", golden, got.Bytes())
	}

	// Properties the golden file must have, checked independently.
	if c.ID != "urn:uuid:00000000-0000-4000-8000-000000000002" || c.CredentialSubject.Achievement.ID != "urn:uuid:00000000-0000-4000-8000-000000000001" {
		t.Errorf("ids %s %s", c.ID, c.CredentialSubject.Achievement.ID)
	}
	if c.ValidFrom != "2026-11-23T08:00:00Z" || c.ValidUntil != "2030-01-01T00:00:00Z" {
		t.Errorf("dates %s %s", c.ValidFrom, c.ValidUntil)
	}
	idObj := c.CredentialSubject.Identifier[0]
	if ok, err := idObj.Matches("student@example.org"); !ok || err != nil || idObj.Salt != "pepper" {
		t.Errorf("identity %+v: %v %v", idObj, ok, err)
	}
	if c.CredentialSubject.Identifier[1].IdentityType != "name" || c.CredentialSubject.Identifier[1].Hashed {
		t.Errorf("name identity %+v", c.CredentialSubject.Identifier[1])
	}
	// It reads back as the same document.
	back, err := ParseCredential(got.Bytes(), ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !jsonEqual(t, mustMarshal(t, back), got.Bytes()) {
		t.Error("built credential does not round-trip")
	}
}

func TestNewOpenBadgeCredentialDefaults(t *testing.T) {
	r := fixedRequest()
	r.Recipient = Recipient{ID: "did:example:123"}
	r.Hashed, r.Salt, r.ValidUntil, r.NewID, r.Now = false, "", time.Time{}, nil, nil
	before := time.Now().Add(-time.Second)
	c, err := NewOpenBadgeCredential(r)
	if err != nil {
		t.Fatal(err)
	}
	from, until, err := c.Validity()
	if err != nil || from.Before(before.Truncate(time.Second)) || !until.IsZero() {
		t.Errorf("validity %v %v %v", from, until, err)
	}
	if c.CredentialSubject.ID != "did:example:123" || len(c.CredentialSubject.Identifier) != 0 {
		t.Errorf("subject %+v", c.CredentialSubject)
	}
	if len(c.ID) != len("urn:uuid:")+36 {
		t.Errorf("id %q", c.ID)
	}

	// A hashed email with no salt gets a fresh one.
	r = fixedRequest()
	r.Salt = ""
	c, err = NewOpenBadgeCredential(r)
	if err != nil {
		t.Fatal(err)
	}
	if s := c.CredentialSubject.Identifier[0].Salt; s != "00000000-0000-4000-8000-000000000002" {
		t.Errorf("salt %q", s)
	}
}

func TestNewOpenBadgeCredentialErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(*IssueRequest)
	}{
		{"no issuer id", func(r *IssueRequest) { r.Issuer.ID = "" }},
		{"no achievement name", func(r *IssueRequest) { r.Achievement.Name = " " }},
		{"no description", func(r *IssueRequest) { r.Achievement.Description = "" }},
		{"no criteria", func(r *IssueRequest) { r.Achievement.Criteria = Ref[Criteria]{} }},
		{"empty criteria", func(r *IssueRequest) { r.Achievement.Criteria = Embed(Criteria{}) }},
		{"no recipient", func(r *IssueRequest) { r.Recipient = Recipient{Name: "x"} }},
		{"bad email", func(r *IssueRequest) { r.Recipient.Email = "nobody" }},
		{"until before from", func(r *IssueRequest) { r.ValidUntil = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC) }},
		{"bad NewID", func(r *IssueRequest) { r.NewID = func() string { return "nope" } }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := fixedRequest()
			tt.edit(&r)
			if _, err := NewOpenBadgeCredential(r); !errors.Is(err, ErrIssueRequest) {
				t.Errorf("err = %v", err)
			}
		})
	}
}
