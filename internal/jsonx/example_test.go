package jsonx_test

import (
	"errors"
	"fmt"

	"github.com/laurelhq/laurel/internal/jsonx"
)

func ExampleCheck() {
	err := jsonx.Check([]byte(`{"proof":[{"type":"A","type":"B"}]}`), jsonx.Limits{})
	var je *jsonx.Error
	if errors.As(err, &je) {
		fmt.Println(errors.Is(err, jsonx.ErrDuplicateKey), je.Path)
	}
	fmt.Println(err)
	// Output:
	// true $.proof[0].type
	// jsonx: duplicate object key: "type" at $.proof[0].type (offset 22)
}
