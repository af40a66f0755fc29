package rdfc_test

import (
	"context"
	"crypto"
	"fmt"

	"github.com/laurelhq/laurel/internal/rdfc"
)

func ExampleCanonicalize() {
	quads, err := rdfc.ParseNQuads([]byte(`
<http://example.org/vocab#test> <http://example.org/vocab#A> _:e0 .
<http://example.org/vocab#test> <http://example.org/vocab#B> _:e1 .
_:e0 <http://example.org/vocab#next> _:e2 .
_:e1 <http://example.org/vocab#next> _:e2 .
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := rdfc.Canonicalize(context.Background(), quads, rdfc.Options{Hash: crypto.SHA384})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(out))
	// Output:
	// <http://example.org/vocab#test> <http://example.org/vocab#A> _:c14n0 .
	// <http://example.org/vocab#test> <http://example.org/vocab#B> _:c14n2 .
	// _:c14n0 <http://example.org/vocab#next> _:c14n1 .
	// _:c14n2 <http://example.org/vocab#next> _:c14n1 .
}

func ExampleParseNQuads() {
	_, err := rdfc.ParseNQuads([]byte("<http://example.org/s> <http://example.org/p> \"unterminated .\n"))
	fmt.Println(err)
	// Output:
	// rdfc: N-Quads line 1, column 62: line break in string literal
}
