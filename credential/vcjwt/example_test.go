package vcjwt_test

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"errors"
	"fmt"

	"github.com/laurelhq/laurel/credential/vcjwt"
)

func Example() {
	ctx := context.Background()
	// A fixed seed keeps the example's output stable; use crypto/rand in real code.
	key := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	credential := []byte(`{
	  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
	  "id": "urn:uuid:0d4b9a2e-2c4b-4a8e-9f5e-7a1d2b3c4d5e",
	  "type": ["VerifiableCredential", "OpenBadgeCredential"],
	  "issuer": {"id": "https://issuer.example/profile", "type": ["Profile"], "name": "Example Issuer"},
	  "validFrom": "2026-01-01T00:00:00Z",
	  "credentialSubject": {"id": "did:example:learner", "type": ["AchievementSubject"],
	    "achievement": {"id": "https://issuer.example/a/1", "type": ["Achievement"], "name": "Example",
	      "criteria": {"narrative": "Did the thing."}}}
	}`)

	jwt, err := vcjwt.Sign(ctx, credential, key, vcjwt.SignOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := vcjwt.Verify(ctx, []byte(jwt), vcjwt.VerifyOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("verified:", res.Verified, res.Algorithm, res.KeySource, res.Layout)
	fmt.Println("kid:", res.KeyID)
	fmt.Println("iss:", res.Claims.Issuer, "nbf:", res.Claims.NotBefore.Format("2006-01-02"))

	// Any change to the signed content is a failed signature, reported in the
	// result rather than as an error.
	tampered := []byte(jwt)
	tampered[len(tampered)-5] ^= 1
	res, _ = vcjwt.Verify(ctx, tampered, vcjwt.VerifyOptions{})
	fmt.Println("tampered:", res.Verified, errors.Is(res.Err, vcjwt.ErrSignature))
	// Output:
	// verified: true EdDSA did:key vc2
	// kid: did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp
	// iss: https://issuer.example/profile nbf: 2026-01-01
	// tampered: false true
}

func ExampleVerify_resolver() {
	ctx := context.Background()
	key := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	credential := []byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],
	  "issuer":"https://issuer.example/profile","credentialSubject":{"id":"did:example:learner"}}`)
	jwt, err := vcjwt.Sign(ctx, credential, key, vcjwt.SignOptions{KeyID: "https://issuer.example/profile#key-1", Layout: vcjwt.LayoutVC11})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Keys named by URL come from the caller, for example an offline documents map.
	resolver := vcjwt.KeyResolverFunc(func(_ context.Context, kid string) (crypto.PublicKey, error) {
		if kid == "https://issuer.example/profile#key-1" {
			return key.Public(), nil
		}
		return nil, fmt.Errorf("unknown key %s", kid)
	})
	res, _ := vcjwt.Verify(ctx, []byte(jwt), vcjwt.VerifyOptions{Resolver: resolver})
	fmt.Println(res.Verified, res.Layout, res.KeySource)
	fmt.Println(string(res.Credential) == string(res.Payload[len(`{"vc":`):len(`{"vc":`)+len(res.Credential)]))
	// Output:
	// true vc11 resolver
	// true
}
