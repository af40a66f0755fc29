package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dataLiteracy is an --achievement file without an issuer (the tests give
// --issuer-name).
const dataLiteracy = `{"name": "Data Literacy", "description": "Reads and questions data.", "criteria": {"narrative": "Pass the course."}}`

// issueInputs writes the inputs of laurel issue into a fresh folder: a key
// from laurel keygen, the achievement file and the CSV.
func issueInputs(t *testing.T, achievement, csv string) (dir, key, ach, csvPath string) {
	t.Helper()
	dir = t.TempDir()
	code, keyJSON, errOut := runCmd(t, "", "keygen")
	if code != exitOK {
		t.Fatal(errOut)
	}
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	return dir, write("key.json", keyJSON), write("achievement.json", achievement), write("rows.csv", csv)
}

func TestIssueCommand(t *testing.T) {
	var rows strings.Builder
	rows.WriteString("email,name,certificate_number\n")
	for i := range 30 {
		fmt.Fprintf(&rows, "learner%02d@example.com,Learner %d,C-%d\n", i, i, i)
	}
	rows.WriteString("not-an-email,Nobody,C-x\n")
	dir, key, ach, csvPath := issueInputs(t, `{"issuer": {"name": "Example University", "url": "https://example.edu"},
	  "achievement": `+dataLiteracy+`}`, rows.String())
	out := filepath.Join(dir, "out")

	args := []string{"issue", "--csv", csvPath, "--achievement", ach, "--key", key, "--out", out}
	code, stdout, stderr := runCmd(t, "", args...)
	if code != exitInvalid || !strings.Contains(stdout, "issued 30,") || !strings.Contains(stdout, "invalid rows 1") {
		t.Fatalf("first run: exit %d\n%s%s", code, stdout, stderr)
	}
	files, _ := filepath.Glob(filepath.Join(out, "credentials", "*.json"))
	if len(files) != 30 {
		t.Fatalf("%d files", len(files))
	}
	code, stdout, _ = runCmd(t, "", "verify", "--recipient", "learner07@example.com", files[0])
	if code != exitOK && code != exitInvalid {
		t.Fatalf("verify: exit %d\n%s", code, stdout)
	}
	if !strings.Contains(stdout, "pass  proof") {
		t.Fatalf("issued credential does not verify:\n%s", stdout)
	}

	// The invalid row is logged with its email, so it can be found.
	logPath := filepath.Join(out, "issue-log.csv")
	logged, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(logged), "\n32,not-an-email,,invalid,") {
		t.Errorf("invalid row not logged with its email:\n%s", logged)
	}

	// Again: nothing is issued twice, and the log does not grow.
	code, stdout, _ = runCmd(t, "", args...)
	if !strings.Contains(stdout, "issued 0,") || !strings.Contains(stdout, "already done 30") {
		t.Fatalf("second run: exit %d\n%s", code, stdout)
	}
	if again, _ := os.ReadFile(logPath); string(again) != string(logged) {
		t.Errorf("the second run changed the log from\n%s\nto\n%s", logged, again)
	}
	// Another achievement in the same folder is refused.
	ach2 := writeFile(t, "achievement2.json", `{"name": "Other", "description": "Other.", "criteria": {"narrative": "Other."}}`)
	code, _, stderr = runCmd(t, "", "issue", "--csv", csvPath, "--achievement", ach2, "--key", key, "--out", out)
	if code != exitUsage || !strings.Contains(stderr, "another achievement") {
		t.Fatalf("mixed job: exit %d\n%s", code, stderr)
	}
}
