package dataintegrity_test

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"time"

	"github.com/laurelhq/laurel/credential/dataintegrity"
	"github.com/laurelhq/laurel/credential/keys"
)

func Example() {
	ctx := context.Background()
	// A fixed key for a reproducible example; use keys.Generate in real code.
	key := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	did, _, _ := keys.DIDKey(key.Public())
	credential := []byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],` +
		`"type":["VerifiableCredential"],"issuer":"` + did + `",` +
		`"credentialSubject":{"id":"did:example:learner"}}`)

	signed, err := dataintegrity.Sign(ctx, credential, key, dataintegrity.SignOptions{
		Cryptosuite: dataintegrity.EdDSAJCS2022,
		Created:     time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC),
	})
	if err != nil {
		panic(err)
	}
	report, err := dataintegrity.Verify(ctx, signed, dataintegrity.VerifyOptions{})
	if err != nil {
		panic(err)
	}
	p := report.Proofs[0]
	fmt.Println(report.Verified, p.Cryptosuite, p.Method.Controller == did)

	// Any change to the signed content is reported, not returned as an error.
	tampered := append([]byte{}, signed...)
	tampered[len(`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["Verifiable`)] = 'c'
	report, _ = dataintegrity.Verify(ctx, tampered, dataintegrity.VerifyOptions{})
	fmt.Println(report.Verified, report.Proofs[0].Err)
	// Output:
	// true eddsa-jcs-2022 true
	// false dataintegrity: signature does not verify
}
