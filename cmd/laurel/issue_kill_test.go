package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestIssueHelperProcess is the child of TestIssueKilledAndResumed: it runs
// laurel issue with the arguments in LAUREL_ISSUE_ARGS.
func TestIssueHelperProcess(t *testing.T) {
	if os.Getenv("LAUREL_ISSUE_CHILD") != "1" {
		t.Skip("run by TestIssueKilledAndResumed")
	}
	args := strings.Split(os.Getenv("LAUREL_ISSUE_ARGS"), "\x1f")
	os.Exit(run(context.Background(), &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}, args))
}

// TestIssueKilledAndResumed kills laurel issue (charging seats in a SQLite
// ledger) with SIGKILL part way through a batch, runs it again, and checks
// that every row was issued and charged exactly once and every credential
// file is whole.
func TestIssueKilledAndResumed(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	dir := t.TempDir()
	code, keyJSON, _ := runCmd(t, "", "keygen")
	if code != exitOK {
		t.Fatal("keygen")
	}
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	key := write("key.json", keyJSON)
	ach := write("achievement.json", `{"name": "Data Literacy", "description": "Reads and questions data.", "criteria": {"narrative": "Pass the course."}}`)
	const rows = 1500
	var b strings.Builder
	b.WriteString("email,name\n")
	for i := range rows {
		fmt.Fprintf(&b, "learner%05d@example.com,Learner %d\n", i, i)
	}
	csvPath := write("rows.csv", b.String())
	out := filepath.Join(dir, "out")
	db := filepath.Join(dir, "ledger.db")
	if code, _, stderr := runCmd(t, "", "ledger", "open", "--ledger", db, "--account", "acme", "--seats", "5000"); code != exitOK {
		t.Fatal(stderr)
	}
	args := []string{"issue", "--csv", csvPath, "--achievement", ach, "--key", key, "--out", out, "--issuer-name", "Example",
		"--ledger", db, "--account", "acme", "--chunk", "100"}

	cmd := exec.Command(os.Args[0], "-test.run=^TestIssueHelperProcess$")
	cmd.Env = append(os.Environ(), "LAUREL_ISSUE_CHILD=1", "LAUREL_ISSUE_ARGS="+strings.Join(args, "\x1f"))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once some chunks are logged, before it can finish.
	logPath := filepath.Join(out, "issue-log.csv")
	deadline := time.Now().Add(60 * time.Second)
	for {
		if fi, err := os.Stat(logPath); err == nil && fi.Size() > 20_000 {
			break
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatal("the child logged nothing")
		}
		time.Sleep(5 * time.Millisecond)
	}
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()
	before := finalRows(t, logPath)
	if before == 0 || before >= rows {
		t.Skipf("killed at %d of %d rows: not part way, nothing to check", before, rows)
	}

	code, stdout, stderr := runCmd(t, "", args...)
	if code != exitOK {
		t.Fatalf("resume: exit %d\n%s%s", code, stdout, stderr)
	}
	if got := finalRows(t, logPath); got != rows {
		t.Fatalf("%d rows issued after resuming, want %d", got, rows)
	}
	files, _ := filepath.Glob(filepath.Join(out, "credentials", "*.json"))
	if len(files) != rows {
		t.Fatalf("%d credential files, want %d", len(files), rows)
	}
	// Spot-check that files are whole and verify.
	for _, f := range []string{files[0], files[len(files)/2], files[len(files)-1]} {
		if code, out, _ := runCmd(t, "", "verify", f); code != exitOK {
			t.Fatalf("%s: exit %d\n%s", f, code, out)
		}
	}
	// The ledger charged each recipient once: one publish entry per row.
	_, usage, _ := runCmd(t, "", "ledger", "usage", "--ledger", db, "--account", "acme")
	if !strings.Contains(usage, fmt.Sprintf("%d of 5000 seats used", rows)) {
		t.Fatalf("usage after resuming: %s", usage)
	}
	_, export, _ := runCmd(t, "", "ledger", "export", "--ledger", db, "--account", "acme")
	entries, err := csv.NewReader(strings.NewReader(export)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != rows+1 {
		t.Fatalf("%d ledger entries, want %d", len(entries)-1, rows)
	}
	t.Logf("killed after %d rows; resumed to %d", before, rows)
}

// finalRows counts rows whose log says they are done (issued, charged or
// free), failing on a row done twice.
func finalRows(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	seen := map[string]bool{}
	for {
		rec, err := r.Read()
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			continue // the torn last line of a killed run
		}
		if len(rec) >= 4 && (rec[3] == "issued" || rec[3] == "charged" || rec[3] == "free") {
			if seen[rec[0]] {
				t.Fatalf("line %s issued twice", rec[0])
			}
			seen[rec[0]] = true
		}
	}
	return len(seen)
}
