package ob2jws_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"

	"github.com/laurelhq/laurel/credential/ob2jws"
)

func Example() {
	ctx := context.Background()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		fmt.Println(err)
		return
	}
	der, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	pemText := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))

	// The issuer's hosted documents; an offline documents map in practice.
	docs := map[string]string{
		"https://issuer.example/key.json": fmt.Sprintf(`{"@context":"https://w3id.org/openbadges/v2","type":"CryptographicKey",
		  "id":"https://issuer.example/key.json","owner":"https://issuer.example/profile.json","publicKeyPem":%q}`, pemText),
		"https://issuer.example/profile.json": `{"@context":"https://w3id.org/openbadges/v2","type":"Issuer",
		  "id":"https://issuer.example/profile.json","name":"Example Issuer","publicKey":"https://issuer.example/key.json"}`,
		"https://issuer.example/badge.json": `{"@context":"https://w3id.org/openbadges/v2","type":"BadgeClass",
		  "id":"https://issuer.example/badge.json","name":"Example","issuer":"https://issuer.example/profile.json"}`,
	}
	loader := ob2jws.FetcherFunc(func(_ context.Context, url string) ([]byte, error) {
		if d, ok := docs[url]; ok {
			return []byte(d), nil
		}
		return nil, fmt.Errorf("%s is not in the documents map", url)
	})

	assertion := []byte(`{"@context":"https://w3id.org/openbadges/v2","type":"Assertion",
	  "id":"urn:uuid:3f7a0b64-1d2c-4e5f-8a9b-0c1d2e3f4a5b",
	  "recipient":{"type":"email","hashed":false,"identity":"learner@example.org"},
	  "badge":"https://issuer.example/badge.json","issuedOn":"2026-01-15T09:30:00Z",
	  "verification":{"type":"SignedBadge","creator":"https://issuer.example/key.json"}}`)
	jws, err := ob2jws.Sign(ctx, assertion, key, ob2jws.SignOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := ob2jws.Verify(ctx, []byte(jws), ob2jws.VerifyOptions{Documents: loader})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Verified, res.Algorithm)
	fmt.Println("key:", res.KeyID)
	fmt.Println("issuer:", res.Issuer)
	// Output:
	// true RS256
	// key: https://issuer.example/key.json
	// issuer: https://issuer.example/profile.json
}
