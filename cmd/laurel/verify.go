package main

import (
	"context"
	"fmt"
)

// runVerify is a placeholder until its package lands.
func runVerify(_ context.Context, e *env, _ []string) int {
	fmt.Fprintln(e.stderr, "laurel verify: not implemented yet")
	return exitUsage
}
