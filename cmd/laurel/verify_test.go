package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/laurelhq/laurel/credential/keys"
)

// signedCredential makes a key with keygen and signs a small OB 3.0
// credential issued by that key's did:key with laurel sign.
func signedCredential(t *testing.T) (dir string, signed []byte) {
	t.Helper()
	dir = t.TempDir()
	code, keyJSON, errOut := runCmd(t, "", "keygen")
	if code != exitOK {
		t.Fatalf("keygen: %s", errOut)
	}
	k, err := keys.ParsePrivateKey([]byte(keyJSON))
	if err != nil {
		t.Fatal(err)
	}
	did, _, err := keys.DIDKey(k.Signer.Public())
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(dir, "key.json")
	if err := os.WriteFile(keyFile, []byte(keyJSON), 0o600); err != nil {
		t.Fatal(err)
	}
	cred := `{
  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
  "id": "urn:uuid:5f1c0b1e-6c3a-4a4e-9b0e-0d7c1f0d2a11",
  "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "issuer": {"id": "` + did + `", "type": ["Profile"], "name": "Example University"},
  "validFrom": "2025-01-01T00:00:00Z",
  "name": "Teamwork",
  "credentialSubject": {
    "type": ["AchievementSubject"],
    "achievement": {
      "id": "https://example.edu/achievements/teamwork",
      "type": ["Achievement"],
      "name": "Teamwork",
      "description": "Works well in a team.",
      "criteria": {"narrative": "Nominated by peers."}
    }
  }
}`
	code, out, errOut := runCmd(t, cred, "sign", "--key", keyFile, "--created", "2025-01-01T00:00:00Z", "-")
	if code != exitOK {
		t.Fatalf("sign: %s", errOut)
	}
	return dir, []byte(out)
}

func TestVerifyCommand(t *testing.T) {
	dir, signed := signedCredential(t)
	good := filepath.Join(dir, "good.json")
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(good, signed, 0o644); err != nil {
		t.Fatal(err)
	}
	tampered := strings.Replace(string(signed), "Works well in a team.", "Works well in a tram.", 1)
	if tampered == string(signed) {
		t.Fatal("nothing tampered")
	}
	if err := os.WriteFile(bad, []byte(tampered), 0o644); err != nil {
		t.Fatal(err)
	}

	code, out, errOut := runCmd(t, "", "verify", "--at", "2025-06-01T00:00:00Z", good)
	if code != exitOK || !strings.Contains(out, "VALID") {
		t.Fatalf("good: exit %d\n%s%s", code, out, errOut)
	}

	code, out, _ = runCmd(t, "", "verify", "--json", "--at", "2025-06-01T00:00:00Z", good, bad)
	if code != exitInvalid {
		t.Fatalf("good+bad: exit %d, want %d\n%s", code, exitInvalid, out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("want one JSON line per input, got %d:\n%s", len(lines), out)
	}
	type report struct {
		File   string `json:"file"`
		Valid  bool   `json:"valid"`
		Format string `json:"format"`
		Checks []struct {
			Name    string `json:"name"`
			Outcome string `json:"outcome"`
			Problem *struct {
				Type   string `json:"type"`
				Detail string `json:"detail"`
			} `json:"problem"`
		} `json:"checks"`
	}
	var g, b report
	if err := json.Unmarshal([]byte(lines[0]), &g); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lines[1]), &b); err != nil {
		t.Fatal(err)
	}
	if g.File != good || !g.Valid || g.Format != "data-integrity" || len(g.Checks) == 0 {
		t.Errorf("good report: %+v", g)
	}
	foundSig := false
	for _, c := range b.Checks {
		if c.Name == "proof" && c.Outcome == "fail" && c.Problem != nil && c.Problem.Type == "signature" {
			foundSig = true
		}
	}
	if b.Valid || !foundSig {
		t.Errorf("bad report does not fail with signature: %s", lines[1])
	}

	// Before validFrom: invalid, not-yet-valid.
	code, out, _ = runCmd(t, "", "verify", "--json", "--at", "2024-01-01T00:00:00Z", good)
	if code != exitInvalid || !strings.Contains(out, `"not-yet-valid"`) {
		t.Errorf("early: exit %d\n%s", code, out)
	}
	// stdin
	code, _, _ = runCmd(t, string(signed), "verify", "--at", "2025-06-01T00:00:00Z", "-")
	if code != exitOK {
		t.Errorf("stdin: exit %d", code)
	}
}

func TestVerifyCommandUsage(t *testing.T) {
	for name, args := range map[string][]string{
		"no input":      {"verify"},
		"bad --at":      {"verify", "--at", "yesterday", "x.json"},
		"missing file":  {"verify", filepath.Join(t.TempDir(), "nope.json")},
		"bad documents": {"verify", "--documents", filepath.Join(t.TempDir(), "nope.json"), "x.json"},
		"unknown flag":  {"verify", "--frobnicate", "x.json"},
	} {
		t.Run(name, func(t *testing.T) {
			if code, _, _ := runCmd(t, "", args...); code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
		})
	}
}

// TestVerifyCommandUnreadableInput: an input that cannot be read gets its
// own line and exit 2, and the inputs after it are still verified.
func TestVerifyCommandUnreadableInput(t *testing.T) {
	dir, signed := signedCredential(t)
	good := filepath.Join(dir, "good.json")
	if err := os.WriteFile(good, signed, 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.json")
	code, out, errOut := runCmd(t, "", "verify", "--json", "--at", "2025-06-01T00:00:00Z", missing, good)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != exitUsage || len(lines) != 2 || !strings.Contains(errOut, "missing.json") {
		t.Fatalf("exit %d, %d lines\n%s\n%s", code, len(lines), out, errOut)
	}
	var first, second struct {
		File  string `json:"file"`
		Valid bool   `json:"valid"`
		Error string `json:"error"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil || first.File != missing || first.Valid || first.Error == "" {
		t.Errorf("line for the missing file: %s (%v)", lines[0], err)
	}
	if err := json.Unmarshal([]byte(lines[1]), &second); err != nil || second.File != good || !second.Valid {
		t.Errorf("line for the good file: %s (%v)", lines[1], err)
	}
}
