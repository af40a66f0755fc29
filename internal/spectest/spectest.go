package spectest

import (
	"os"
	"path/filepath"
	"testing"
)

// Root returns the absolute path of the shared spec folder, or "" when it is
// absent. LAUREL_SPEC_DIR overrides the default location (test helper only).
func Root() string {
	if d := os.Getenv("LAUREL_SPEC_DIR"); d != "" {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d
		}
		return ""
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			spec := filepath.Join(filepath.Dir(dir), "shared", "spec")
			if st, err := os.Stat(spec); err == nil && st.IsDir() {
				return spec
			}
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Dir returns the shared spec folder joined with elem, skipping tb when the
// folder (or the named path) does not exist.
func Dir(tb testing.TB, elem ...string) string {
	tb.Helper()
	root := Root()
	if root == "" {
		tb.Skip("shared spec material (../shared/spec) not present")
	}
	p := filepath.Join(append([]string{root}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("shared spec path %s not present", p)
	}
	return p
}

// Read returns the contents of a file under the shared spec folder, skipping tb
// when it is absent.
func Read(tb testing.TB, elem ...string) []byte {
	tb.Helper()
	p := Dir(tb, elem...)
	b, err := os.ReadFile(p)
	if err != nil {
		tb.Fatalf("read %s: %v", p, err)
	}
	return b
}
