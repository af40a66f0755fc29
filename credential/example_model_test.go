package credential_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/laurelhq/laurel/credential"
)

func ExampleNewOpenBadgeCredential() {
	c, err := credential.NewOpenBadgeCredential(credential.IssueRequest{
		Issuer: credential.Profile{ID: "https://example.edu/issuers/1", Name: "Example University"},
		Achievement: credential.Achievement{
			Name:        "Teamwork",
			Description: "Collaborates within a group.",
			Criteria:    credential.Embed(credential.Criteria{Narrative: "Nominated by peers."}),
		},
		Recipient: credential.Recipient{Email: "Student@Example.org"},
		Hashed:    true,
		Salt:      "pepper",
		// Fixed clock and ids for the example; leave nil in production.
		Now:   func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) },
		NewID: func() string { return "7f0c7f2e-1d5b-4b5e-9c39-1f4a3f6a1d2e" },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.ID)
	fmt.Println(credential.ContextIRIs(c.Context))
	fmt.Println(c.Type.Items, c.ValidFrom)
	fmt.Println(c.CredentialSubject.Identifier[0].IdentityHash)
	// Output:
	// urn:uuid:7f0c7f2e-1d5b-4b5e-9c39-1f4a3f6a1d2e
	// [https://www.w3.org/ns/credentials/v2 https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json]
	// [VerifiableCredential OpenBadgeCredential] 2026-01-02T03:04:05Z
	// sha256$564b1c113043801b8138df1d6a1546454f07de3ed6b357aa83e3d539ddaa7db5
}

func ExampleHashIdentity() {
	// The email is normalised first (trimmed, NFC, lower-cased), then
	// hashed with the salt appended: sha256("student@example.org" + "pepper").
	h, _ := credential.HashIdentity(credential.KindEmail, " Student@Example.org", "pepper")
	fmt.Println(h)
	ok, _ := credential.CheckIdentity(h, credential.KindEmail, "student@example.org", "pepper")
	fmt.Println(ok)
	// Output:
	// sha256$564b1c113043801b8138df1d6a1546454f07de3ed6b357aa83e3d539ddaa7db5
	// true
}

func ExampleParseCredential() {
	doc := []byte(`{
	  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
	  "id": "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002",
	  "type": ["VerifiableCredential", "OpenBadgeCredential"],
	  "issuer": {"id": "https://example.edu/issuers/1", "type": ["Profile"], "name": "Example University"},
	  "validFrom": "2026-01-01T00:00:00Z",
	  "name": "Teamwork",
	  "credentialSubject": {"id": "did:example:123", "type": ["AchievementSubject"],
	    "achievement": {"id": "https://example.edu/a/1", "type": ["Achievement"], "name": "Teamwork",
	      "description": "d", "criteria": {"narrative": "n"}}},
	  "x-extension": {"kept": true}
	}`)
	c, err := credential.ParseCredential(doc, credential.ParseOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Issuer.Object.Name, "→", c.CredentialSubject.Achievement.Name)
	fmt.Println(string(c.Extra["x-extension"]))
	// Signatures are checked on c.Raw(), the bytes received.
	fmt.Println(len(c.Raw()) == len(doc))

	// Duplicate members are rejected with their JSON path.
	_, err = credential.ParseCredential([]byte(`{"issuer":{"id":"a","id":"b"}}`), credential.ParseOptions{})
	var je *credential.JSONError
	fmt.Println(errors.Is(err, credential.ErrDuplicateKey), errors.As(err, &je) && je.Path == "$.issuer.id")
	// Output:
	// Example University → Teamwork
	// {"kept": true}
	// true
	// true true
}

func ExampleUpgradeOBI1() {
	a, err := credential.ParseAssertion([]byte(`{"uid":"abc","recipient":{"type":"email","hashed":false,"identity":"a@example.org"},
	  "badge":"https://example.org/badge.json","verify":{"type":"hosted","url":"https://example.org/a.json"},"issuedOn":1359217910}`), credential.ParseOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	up, err := credential.UpgradeOBI1(a)
	if err != nil {
		fmt.Println(err)
		return
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(up)
	// Output:
	// {"uid":"abc","recipient":{"type":"email","hashed":false,"identity":"a@example.org"},"badge":"https://example.org/badge.json","issuedOn":"2013-01-26T16:31:50Z","@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":"https://example.org/a.json","verification":{"type":"HostedBadge"}}
}
