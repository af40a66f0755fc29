// Package examples holds the runnable examples of Laurel's packages working
// together, and the sample design gallery (examples/gallery) used by the README
// and the render tests.
//
// The end-to-end flow — build an Open Badges 3.0 credential, sign it with
// eddsa-rdfc-2022, verify it offline, bake it into a badge image, render a
// certificate and charge a recipient seat — is shown by Example functions in
// this package and by "go run ./cmd/laurel demo".
package examples
