// Package spectest locates the shared specification material (../shared/spec
// next to the checkout) for tests. Tests that need it call Dir, which skips the
// test cleanly when the material is absent.
package spectest
