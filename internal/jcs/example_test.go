package jcs_test

import (
	"fmt"

	"github.com/laurelhq/laurel/internal/jcs"
)

func ExampleTransform() {
	out, err := jcs.Transform([]byte(`{"b": 2.50, "a": [1E3, "\u00e9"]}`))
	if err != nil {
		panic(err)
	}
	fmt.Println(string(out))
	// Output: {"a":[1000,"é"],"b":2.5}
}
