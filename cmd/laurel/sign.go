package main

import (
	"context"
	"fmt"
)

// runSign is a placeholder until its package lands.
func runSign(_ context.Context, e *env, _ []string) int {
	fmt.Fprintln(e.stderr, "laurel sign: not implemented yet")
	return exitUsage
}
