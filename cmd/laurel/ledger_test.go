package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLedgerCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ledger.db")
	emails := filepath.Join(dir, "emails.csv")
	if err := os.WriteFile(emails, []byte("name,email\nA,a@example.com\nB,B@Example.com\nA again,a@example.com\nC,c@example.com\nX,not-an-email\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"ledger"}, exitUsage, "usage: laurel ledger open"},
		{[]string{"ledger", "usage", "--ledger", db}, exitUsage, "--account is required"},
		{[]string{"ledger", "open", "--ledger", db, "--account", "acme"}, exitUsage, "--seats is required"},
		{[]string{"ledger", "usage", "--ledger", db, "--account", "acme"}, exitUsage, "unknown account"},
		{[]string{"ledger", "open", "--ledger", db, "--account", "acme", "--seats", "2", "--start", "2026-02-28"}, exitOK, "0 of 2 seats used"},
		{[]string{"ledger", "open", "--ledger", db, "--account", "acme", "--seats", "3", "--start", "2026-02-28"}, exitUsage, "already exists"},
		{[]string{"ledger", "open", "--ledger", db, "--account", "acme", "--seats", "2", "--start", "2026-13-01"}, exitUsage, "--start"},
		{[]string{"ledger", "quote", "--ledger", db, "--account", "acme", emails}, exitOK, "3 recipients: 0 already hold a seat, 3 need a new one; 2 seats left; shortfall 1; 1 invalid emails"},
		{[]string{"ledger", "plan", "--ledger", db, "--account", "acme", "--seats", "10"}, exitOK, "0 of 10 seats used"},
		{[]string{"ledger", "export", "--ledger", db, "--account", "acme"}, exitOK, "change_plan"},
		{[]string{"ledger", "frobnicate"}, exitUsage, "unknown subcommand"},
	}
	for _, s := range steps {
		code, stdout, stderr := runCmd(t, "", s.args...)
		if code != s.code || !strings.Contains(stdout+stderr, s.want) {
			t.Fatalf("laurel %s: exit %d, want %d and %q\n%s%s", strings.Join(s.args, " "), code, s.code, s.want, stdout, stderr)
		}
	}
}

// TestLedgerPlanChanges changes a plan back and forth in one day: every
// run without --key applies, while a run repeating a --key replays.
func TestLedgerPlanChanges(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ledger.db")
	ledgerArgs := func(args ...string) []string {
		return append([]string{"ledger", args[0], "--ledger", db, "--account", "acme"}, args[1:]...)
	}
	if code, _, stderr := runCmd(t, "", ledgerArgs("open", "--seats", "5")...); code != exitOK {
		t.Fatalf("open: %s", stderr)
	}
	steps := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"plan", "--seats", "10"}, exitOK, "0 of 10 seats used"},
		{[]string{"plan", "--seats", "20"}, exitOK, "0 of 20 seats used"},
		{[]string{"plan", "--seats", "10"}, exitOK, "0 of 10 seats used"},
		{[]string{"plan", "--seats", "20"}, exitOK, "0 of 20 seats used"},
		{[]string{"plan", "--seats", "30", "--key", "upgrade-1"}, exitOK, "0 of 30 seats used"},
		{[]string{"plan", "--seats", "10"}, exitOK, "0 of 10 seats used"},
		{[]string{"plan", "--seats", "30", "--key", "upgrade-1"}, exitOK, "0 of 10 seats used"}, // replayed
		{[]string{"plan", "--seats", "40", "--key", "upgrade-1"}, exitUsage, "idempotency key reused"},
		{[]string{"usage"}, exitOK, "0 of 10 seats used"},
	}
	for _, s := range steps {
		code, stdout, stderr := runCmd(t, "", ledgerArgs(s.args...)...)
		if code != s.code || !strings.Contains(stdout+stderr, s.want) {
			t.Fatalf("laurel ledger %s: exit %d, want %d and %q\n%s%s", strings.Join(s.args, " "), code, s.code, s.want, stdout, stderr)
		}
	}
	_, export, _ := runCmd(t, "", ledgerArgs("export")...)
	if n := strings.Count(export, "change_plan"); n != 6 {
		t.Fatalf("%d plan changes recorded, want 6\n%s", n, export)
	}
}

// TestIssueChargesSeats issues more rows than the plan has seats: the rest
// are logged no-seat, and a rerun after an upgrade charges only those.
func TestIssueChargesSeats(t *testing.T) {
	var rows strings.Builder
	rows.WriteString("email,name\n")
	for i := range 30 {
		fmt.Fprintf(&rows, "learner%02d@example.com,Learner %d\n", i, i)
	}
	dir, key, ach, csvPath := issueInputs(t, dataLiteracy, rows.String())
	db := filepath.Join(dir, "ledger.db")
	out := filepath.Join(dir, "out")
	args := []string{"issue", "--csv", csvPath, "--achievement", ach, "--key", key, "--out", out, "--issuer-name", "Example", "--ledger", db, "--account", "acme"}

	if code, _, stderr := runCmd(t, "", args...); code != exitUsage || !strings.Contains(stderr, "laurel ledger open") {
		t.Fatalf("unknown account: exit %d\n%s", code, stderr)
	}
	runCmd(t, "", "ledger", "open", "--ledger", db, "--account", "acme", "--seats", "20")
	code, stdout, stderr := runCmd(t, "", args...)
	if code != exitInvalid || !strings.Contains(stdout, "issued 20 (20 charged a seat, 0 free: seat already held), no seat 10") {
		t.Fatalf("first run: exit %d\n%s%s", code, stdout, stderr)
	}
	runCmd(t, "", "ledger", "plan", "--ledger", db, "--account", "acme", "--seats", "30")
	code, stdout, stderr = runCmd(t, "", args...)
	if code != exitOK || !strings.Contains(stdout, "issued 10 (10 charged a seat, 0 free: seat already held), no seat 0") || !strings.Contains(stdout, "already done 20") {
		t.Fatalf("after the upgrade: exit %d\n%s%s", code, stdout, stderr)
	}
	if _, usage, _ := runCmd(t, "", "ledger", "usage", "--ledger", db, "--account", "acme"); !strings.Contains(usage, "30 of 30 seats used") || !strings.Contains(usage, "30 recipients hold a seat") {
		t.Fatalf("usage: %s", usage)
	}
}
