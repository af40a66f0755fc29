package keys_test

import (
	"context"
	"crypto/ed25519"
	"fmt"

	"github.com/laurelhq/laurel/credential/keys"
)

func ExampleDIDKey() {
	// A fixed seed for a reproducible example; use keys.Generate with
	// crypto/rand in real code.
	key := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	did, keyID, err := keys.DIDKey(key.Public())
	if err != nil {
		panic(err)
	}
	fmt.Println(did)
	m, err := keys.ResolveDIDKey(keyID)
	if err != nil {
		panic(err)
	}
	fmt.Println(m.Type, m.Controller == did)
	// Output:
	// did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp
	// Multikey true
}

func ExampleResolver() {
	// did:web documents come from an offline map (or a caller-supplied
	// Fetcher); nothing touches the network by default.
	r := &keys.Resolver{Documents: map[string][]byte{
		"did:web:issuer.example": []byte(`{
		  "id": "did:web:issuer.example",
		  "verificationMethod": [{"id": "#key-1", "type": "Multikey",
		    "controller": "did:web:issuer.example",
		    "publicKeyMultibase": "z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"}],
		  "assertionMethod": ["#key-1"]}`),
	}}
	m, err := r.ResolveMethod(context.Background(), "did:web:issuer.example#key-1")
	if err != nil {
		panic(err)
	}
	doc, _ := r.ResolveController(context.Background(), m.Controller)
	fmt.Println(m.Controller, doc.HasRelationship(keys.AssertionMethod, m.ID))
	// Output: did:web:issuer.example true
}
