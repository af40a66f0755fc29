package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDemo(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runCmd(t, "", "demo", "--dir", dir)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "credential.json: VALID (data-integrity, 3.0)") {
		t.Errorf("no valid verification in output:\n%s", out)
	}
	for _, f := range []string{"issuer-key.jwk.json", "credential.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	// The credential the demo wrote verifies with laurel verify.
	code, out, _ = runCmd(t, "", "verify", filepath.Join(dir, "credential.json"))
	if code != exitOK {
		t.Errorf("laurel verify of the demo credential: exit %d\n%s", code, out)
	}
}

func TestDemoUsage(t *testing.T) {
	if code, _, _ := runCmd(t, "", "demo", "extra"); code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
}
