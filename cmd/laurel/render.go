package main

import (
	"context"
	"fmt"
)

// runRender is a placeholder until its package lands.
func runRender(_ context.Context, e *env, _ []string) int {
	fmt.Fprintln(e.stderr, "laurel render: not implemented yet")
	return exitUsage
}
