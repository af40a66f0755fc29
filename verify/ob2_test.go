package verify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/laurelhq/laurel/internal/spectest"
)

// ob2World is the hosted-badge world of the OB 2.0 specification
// examples: assertion, badge class, issuer and revocation list by URL.
func ob2World(t *testing.T) map[string][]byte {
	t.Helper()
	read := func(name string) []byte { return spectest.Read(t, "examples", "ob2", "spec-examples", name) }
	return map[string][]byte{
		"https://example.org/beths-robotics-badge.json": read("01-assertion-example.json"),
		// The spec's badge class example is not valid JSON (a line break
		// inside a string); this is the same badge class, valid.
		"https://example.org/robotics-badge.json": []byte(`{
		  "@context": "https://w3id.org/openbadges/v2",
		  "type": "BadgeClass",
		  "id": "https://example.org/robotics-badge.json",
		  "name": "Awesome Robotics Badge",
		  "description": "For doing awesome things with robots that people think is pretty great.",
		  "image": "https://example.org/robotics-badge.png",
		  "criteria": "https://example.org/robotics-badge.html",
		  "issuer": "https://example.org/organization.json"
		}`),
		"https://example.org/organization.json":   read("03-issuer-profile-example.json"),
		"https://example.org/revocationList.json": read("08-revocationlist-example.json"),
	}
}

func TestOB2Hosted(t *testing.T) {
	assertion := spectest.Read(t, "examples", "ob2", "spec-examples", "01-assertion-example.json")
	revokedCopy := spectest.Read(t, "examples", "ob2", "spec-examples", "09-revoked-hosted-assertion-example.json")
	const assertionURL = "https://example.org/beths-robotics-badge.json"
	tests := []struct {
		name   string
		edit   func(w map[string][]byte)
		input  []byte
		now    string
		failed string // the check that fails, "" if valid
		want   ProblemType
	}{
		{name: "valid", now: "2017-01-15T00:00:00Z"},
		{name: "expired", now: "2018-01-01T00:00:00Z", failed: CheckValidity, want: ProblemExpired},
		{name: "not yet issued", now: "2016-01-01T00:00:00Z", failed: CheckValidity, want: ProblemNotYetValid},
		{name: "hosted copy revoked", now: "2017-01-15T00:00:00Z", edit: func(w map[string][]byte) { w[assertionURL] = revokedCopy }, failed: CheckStatus, want: ProblemRevoked},
		{name: "on the revocation list", now: "2017-01-15T00:00:00Z", edit: func(w map[string][]byte) {
			w["https://example.org/revocationList.json"] = []byte(`{"@context":"https://w3id.org/openbadges/v2","type":"RevocationList","id":"https://example.org/revocationList.json","revokedAssertions":[{"id":"` + assertionURL + `","revocationReason":"Issued in error."}]}`)
		}, failed: CheckStatus, want: ProblemRevoked},
		{name: "revocation list unavailable", now: "2017-01-15T00:00:00Z", edit: func(w map[string][]byte) {
			delete(w, "https://example.org/revocationList.json")
		}, failed: CheckStatus, want: ProblemStatusUndetermined},
		{name: "hosted copy differs", now: "2017-01-15T00:00:00Z", input: []byte(strings.Replace(string(assertion), "2016-12-31T23:59:59Z", "2016-12-30T23:59:59Z", 1)), failed: CheckProof, want: ProblemSignature},
		{name: "hosted copy unavailable", now: "2017-01-15T00:00:00Z", edit: func(w map[string][]byte) { delete(w, assertionURL) }, failed: CheckProof, want: ProblemUnresolvable},
		{name: "issuer unavailable", now: "2017-01-15T00:00:00Z", edit: func(w map[string][]byte) { delete(w, "https://example.org/organization.json") }, failed: CheckIssuer, want: ProblemUnresolvable},
		{name: "issuer on another origin", now: "2017-01-15T00:00:00Z", edit: func(w map[string][]byte) {
			w["https://example.org/robotics-badge.json"] = []byte(strings.Replace(string(w["https://example.org/robotics-badge.json"]), `"issuer": "https://example.org/organization.json"`, `"issuer": "https://other.example/organization.json"`, 1))
			w["https://other.example/organization.json"] = []byte(`{"@context":"https://w3id.org/openbadges/v2","type":"Issuer","id":"https://other.example/organization.json","name":"Other"}`)
		}, failed: CheckIssuer, want: ProblemIssuerMismatch},
		{name: "issuer allows the origin", now: "2017-01-15T00:00:00Z", edit: func(w map[string][]byte) {
			w["https://example.org/robotics-badge.json"] = []byte(strings.Replace(string(w["https://example.org/robotics-badge.json"]), `"issuer": "https://example.org/organization.json"`, `"issuer": "https://other.example/organization.json"`, 1))
			w["https://other.example/organization.json"] = []byte(`{"@context":"https://w3id.org/openbadges/v2","type":"Issuer","id":"https://other.example/organization.json","name":"Other","verification":{"allowedOrigins":["example.org"]}}`)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := ob2World(t)
			if tt.edit != nil {
				tt.edit(w)
			}
			input := tt.input
			if input == nil {
				input = assertion
			}
			v := newVerifier(t, Config{Documents: NewDocumentMap(w), Now: at(tt.now)})
			r := v.Verify(context.Background(), input, nil)
			if r.Format != FormatOB2Hosted || r.Version != "2.0" {
				t.Fatalf("format %s %s\n%s", r.Format, r.Version, describe(r))
			}
			if tt.failed == "" {
				if !r.Valid {
					t.Fatal(describe(r))
				}
				return
			}
			c, _ := r.Check(tt.failed)
			if r.Valid || c.Outcome != Fail || c.Problem.Type != tt.want {
				t.Fatal(describe(r))
			}
		})
	}
}

func TestOB2StatusFailOpen(t *testing.T) {
	w := ob2World(t)
	delete(w, "https://example.org/revocationList.json")
	v := newVerifier(t, Config{Documents: NewDocumentMap(w), Now: at("2017-01-15T00:00:00Z"), UnsafeStatusFailOpen: true})
	r := v.Verify(context.Background(), spectest.Read(t, "examples", "ob2", "spec-examples", "01-assertion-example.json"), nil)
	c, _ := r.Check(CheckStatus)
	if !r.Valid || c.Outcome != Warn || c.Problem.Type != ProblemStatusUndetermined {
		t.Fatal(describe(r))
	}
}

func TestOB2Recipient(t *testing.T) {
	// An assertion hashed for a known address, in the spec's world.
	sum := sha256.Sum256([]byte("beth@example.org" + "deadsea"))
	w := ob2World(t)
	const u = "https://example.org/beths-robotics-badge.json"
	w[u] = []byte(strings.Replace(string(w[u]), "c7ef86405ba71b85acd8e2e95166c4b111448089f2e1599f42fe1bba46e865c5", hex.EncodeToString(sum[:]), 1))
	v := newVerifier(t, Config{Documents: NewDocumentMap(w), Now: at("2017-01-15T00:00:00Z")})
	for email, want := range map[string]Outcome{"Beth@Example.org": Pass, "bob@example.org": Fail} {
		r := v.Verify(context.Background(), w[u], &Options{Recipient: email})
		if c, _ := r.Check(CheckRecipient); c.Outcome != want {
			t.Errorf("%s: %s\n%s", email, c.Outcome, describe(r))
		}
	}
}

func TestOBI1Hosted(t *testing.T) {
	obi := []byte(`{
	  "uid": "beth-001",
	  "recipient": {"type": "email", "hashed": false, "identity": "beth@example.org"},
	  "badge": "https://example.org/robotics-badge.json",
	  "verify": {"type": "hosted", "url": "https://example.org/obi1-assertion.json"},
	  "issuedOn": 1483228799
	}`)
	w := ob2World(t)
	w["https://example.org/obi1-assertion.json"] = obi
	v := newVerifier(t, Config{Documents: NewDocumentMap(w), Now: at("2017-01-15T00:00:00Z")})
	r := v.Verify(context.Background(), obi, &Options{Recipient: "beth@example.org"})
	if !r.Valid || r.Format != FormatOB2Hosted || r.Version != "1.0" {
		t.Fatal(describe(r))
	}
	// Revoked by uid on the issuer's list.
	w["https://example.org/revocationList.json"] = []byte(`{"@context":"https://w3id.org/openbadges/v2","type":"RevocationList","id":"https://example.org/revocationList.json","revokedAssertions":[{"uid":"beth-001","revocationReason":"Issued in error."}]}`)
	v = newVerifier(t, Config{Documents: NewDocumentMap(w), Now: at("2017-01-15T00:00:00Z")})
	r = v.Verify(context.Background(), obi, nil)
	if c, _ := r.Check(CheckStatus); r.Valid || c.Problem == nil || c.Problem.Type != ProblemRevoked {
		t.Fatal(describe(r))
	}
}

func TestOB2HostedByURL(t *testing.T) {
	v := newVerifier(t, Config{Documents: NewDocumentMap(ob2World(t)), Now: at("2017-01-15T00:00:00Z")})
	r := v.Verify(context.Background(), []byte("https://example.org/beths-robotics-badge.json\n"), nil)
	if !r.Valid || r.Format != FormatOB2Hosted {
		t.Fatal(describe(r))
	}
	r = v.Verify(context.Background(), []byte("https://example.org/unknown.json"), nil)
	if c, _ := r.Check(CheckParse); r.Valid || c.Problem == nil || c.Problem.Type != ProblemUnresolvable {
		t.Fatal(describe(r))
	}
}
