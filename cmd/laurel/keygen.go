package main

import (
	"context"
	"fmt"
)

// runKeygen is a placeholder until its package lands.
func runKeygen(_ context.Context, e *env, _ []string) int {
	fmt.Fprintln(e.stderr, "laurel keygen: not implemented yet")
	return exitUsage
}
