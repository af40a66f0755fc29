package main

import (
	"context"
	"fmt"
)

// runBake is a placeholder until the badge package lands.
func runBake(_ context.Context, e *env, _ []string) int {
	fmt.Fprintln(e.stderr, "laurel bake: not implemented yet")
	return exitUsage
}

// runUnbake is a placeholder until the badge package lands.
func runUnbake(_ context.Context, e *env, _ []string) int {
	fmt.Fprintln(e.stderr, "laurel unbake: not implemented yet")
	return exitUsage
}
