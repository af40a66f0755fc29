package verify_test

import (
	"context"
	"fmt"

	"github.com/laurelhq/laurel/verify"
)

func ExampleVerifier_Verify() {
	v, err := verify.New(verify.Config{})
	if err != nil {
		panic(err)
	}
	// A credential whose context is not available offline fails the
	// context check with a problem naming the URL.
	r := v.Verify(context.Background(), []byte(`{
	  "@context": ["https://www.w3.org/ns/credentials/v2", "https://example.com/my-context"],
	  "type": ["VerifiableCredential"]
	}`), nil)
	fmt.Println("valid:", r.Valid)
	for _, c := range r.Checks {
		fmt.Println(c.Name, c.Outcome)
		if c.Problem != nil {
			fmt.Println(" ", c.Problem.Type, "-", c.Problem.Detail)
		}
	}
	// Output:
	// valid: false
	// parse pass
	// context fail
	//   unknown-context - context https://example.com/my-context is not available offline; supply it in the documents map
}
