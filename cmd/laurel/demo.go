package main

import (
	"context"
	"fmt"
)

// runDemo is a placeholder until its package lands.
func runDemo(_ context.Context, e *env, _ []string) int {
	fmt.Fprintln(e.stderr, "laurel demo: not implemented yet")
	return exitUsage
}
