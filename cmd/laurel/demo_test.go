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
	for _, want := range []string{"badge.png: VALID (data-integrity, 3.0)", "fail  status: revoked", "charged=true (new_seat)", "1 of 100 seats used", "certificate.pdf"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in output:\n%s", want, out)
		}
	}
	for _, f := range []string{"issuer-key.jwk.json", "credential.json", "status-list.json", "documents.json", "badge.png", "certificate.pdf", "ledger.db"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	// The files the demo wrote verify with laurel verify, the status list
	// coming from the documents map it wrote; without the map the status is
	// undetermined, which fails closed.
	docs := filepath.Join(dir, "documents.json")
	code, out, _ = runCmd(t, "", "verify", "--documents", docs, filepath.Join(dir, "credential.json"), filepath.Join(dir, "badge.png"))
	if code != exitOK {
		t.Errorf("laurel verify of the demo files: exit %d\n%s", code, out)
	}
	code, out, _ = runCmd(t, "", "verify", filepath.Join(dir, "credential.json"))
	if code != exitInvalid || !strings.Contains(out, "status-undetermined") && !strings.Contains(out, "fail  status") {
		t.Errorf("laurel verify without the status list: exit %d\n%s", code, out)
	}
}

func TestDemoUsage(t *testing.T) {
	if code, _, _ := runCmd(t, "", "demo", "extra"); code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
}
