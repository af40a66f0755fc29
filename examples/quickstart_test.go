package examples_test

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"

	"github.com/laurelhq/laurel/credential"
	"github.com/laurelhq/laurel/credential/dataintegrity"
	"github.com/laurelhq/laurel/credential/keys"
	"github.com/laurelhq/laurel/verify"
)

// Example_issueAndVerify is the README's example: issue a credential, sign
// it, and verify it offline.
func Example_issueAndVerify() {
	ctx := context.Background()
	signer, err := keys.Generate(keys.EdDSA, rand.Reader)
	if err != nil {
		panic(err)
	}
	did, keyID, err := keys.DIDKey(signer.Public())
	if err != nil {
		panic(err)
	}

	cred, err := credential.NewOpenBadgeCredential(credential.IssueRequest{
		Issuer: credential.Profile{ID: did, Name: "Example University"},
		Achievement: credential.Achievement{
			Name:        "Teamwork",
			Description: "Works well in a team.",
			Criteria:    credential.Embed(credential.Criteria{Narrative: "Nominated by peers."}),
		},
		Recipient: credential.Recipient{Email: "ada@example.com"},
		Hashed:    true,
	})
	if err != nil {
		panic(err)
	}
	unsigned, err := json.Marshal(cred)
	if err != nil {
		panic(err)
	}
	signed, err := dataintegrity.Sign(ctx, unsigned, signer, dataintegrity.SignOptions{VerificationMethod: keyID})
	if err != nil {
		panic(err)
	}

	v, err := verify.New(verify.Config{}) // offline: bundled contexts, did:key
	if err != nil {
		panic(err)
	}
	result := v.Verify(ctx, signed, &verify.Options{Recipient: "ada@example.com"})
	fmt.Println(result.Valid)
	for _, c := range result.Checks {
		fmt.Println(c.Name, c.Outcome)
	}
	// Output:
	// true
	// parse pass
	// context pass
	// conformance pass
	// proof pass
	// issuer pass
	// validity pass
	// status skip
	// recipient pass
}
