package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/laurelhq/laurel/credential/bulk"
)

// Where the child stops and waits to be killed (LAUREL_ISSUE_KILL_AT).
const (
	// killAfterLogged: the first chunk is charged, written and logged.
	killAfterLogged = "after-logged"
	// killAfterCharged: the second chunk is charged in the ledger, but its
	// credentials are not written nor its rows logged: the resumed run must
	// not charge them again.
	killAfterCharged = "after-charged"
)

// killMarker is the line the child prints when it is ready to be killed.
const killMarker = "laurel-issue-child: ready to be killed"

// TestIssueHelperProcess is the child of TestIssueKilledAndResumed: it runs
// laurel issue with the arguments in LAUREL_ISSUE_ARGS and blocks at the
// point LAUREL_ISSUE_KILL_AT names until it is killed.
func TestIssueHelperProcess(t *testing.T) {
	if os.Getenv("LAUREL_ISSUE_CHILD") != "1" {
		t.Skip("run by TestIssueKilledAndResumed")
	}
	at := os.Getenv("LAUREL_ISSUE_KILL_AT")
	issueJobHook = func(j *bulk.Job) {
		switch at {
		case killAfterLogged:
			j.Progress = func(bulk.Progress) { waitToBeKilled() }
		case killAfterCharged:
			j.Publisher = &stallingPublisher{Publisher: j.Publisher, stallAt: 2}
		default:
			fmt.Fprintf(os.Stderr, "unknown LAUREL_ISSUE_KILL_AT %q\n", at)
			os.Exit(2)
		}
	}
	args := strings.Split(os.Getenv("LAUREL_ISSUE_ARGS"), "\x1f")
	os.Exit(run(context.Background(), &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}, args))
}

// waitToBeKilled tells the parent the child is at the kill point and
// blocks. It exits on its own only if the parent never kills it.
func waitToBeKilled() {
	fmt.Println(killMarker)
	time.Sleep(2 * time.Minute)
	os.Exit(3)
}

// stallingPublisher publishes normally, and after its stallAt-th call
// has committed waits to be killed.
type stallingPublisher struct {
	bulk.Publisher
	stallAt, calls int
}

func (p *stallingPublisher) Publish(ctx context.Context, items []bulk.Item) ([]bulk.PublishResult, error) {
	res, err := p.Publisher.Publish(ctx, items)
	p.calls++
	if err == nil && p.calls == p.stallAt {
		waitToBeKilled()
	}
	return res, err
}

// TestIssueKilledAndResumed kills laurel issue (charging seats in a SQLite
// ledger) with SIGKILL at fixed points part way through a batch, runs it
// again, and checks that every row was issued and charged exactly once and
// every credential file is whole.
func TestIssueKilledAndResumed(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	const rows, chunk = 1500, 100
	tests := []struct {
		at                     string
		logged, charged, files int // when killed
	}{
		{killAfterLogged, chunk, chunk, chunk},
		{killAfterCharged, chunk, 2 * chunk, chunk},
	}
	for _, tt := range tests {
		t.Run(tt.at, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("email,name\n")
			for i := range rows {
				fmt.Fprintf(&b, "learner%05d@example.com,Learner %d\n", i, i)
			}
			dir, key, ach, csvPath := issueInputs(t, dataLiteracy, b.String())
			out := filepath.Join(dir, "out")
			db := filepath.Join(dir, "ledger.db")
			if code, _, stderr := runCmd(t, "", "ledger", "open", "--ledger", db, "--account", "acme", "--seats", "5000"); code != exitOK {
				t.Fatal(stderr)
			}
			args := []string{"issue", "--csv", csvPath, "--achievement", ach, "--key", key, "--out", out, "--issuer-name", "Example",
				"--ledger", db, "--account", "acme", "--chunk", fmt.Sprint(chunk)}

			runChildUntilKilled(t, tt.at, args)
			logPath := filepath.Join(out, "issue-log.csv")
			usage := func() string {
				_, usage, _ := runCmd(t, "", "ledger", "usage", "--ledger", db, "--account", "acme")
				return usage
			}
			files := func() []string {
				files, _ := filepath.Glob(filepath.Join(out, "credentials", "*.json"))
				return files
			}
			if got := finalRows(t, logPath); got != tt.logged {
				t.Fatalf("killed with %d rows logged, want %d", got, tt.logged)
			}
			if u := usage(); !strings.Contains(u, fmt.Sprintf("%d of 5000 seats used", tt.charged)) {
				t.Fatalf("killed: want %d seats charged, ledger says %s", tt.charged, u)
			}
			if got := len(files()); got != tt.files {
				t.Fatalf("killed with %d credential files, want %d", got, tt.files)
			}

			code, stdout, stderr := runCmd(t, "", args...)
			if code != exitOK {
				t.Fatalf("resume: exit %d\n%s%s", code, stdout, stderr)
			}
			if got := finalRows(t, logPath); got != rows {
				t.Fatalf("%d rows issued after resuming, want %d", got, rows)
			}
			all := files()
			if len(all) != rows {
				t.Fatalf("%d credential files, want %d", len(all), rows)
			}
			// Spot-check that files are whole and verify.
			for _, f := range []string{all[0], all[len(all)/2], all[len(all)-1]} {
				if code, out, _ := runCmd(t, "", "verify", f); code != exitOK {
					t.Fatalf("%s: exit %d\n%s", f, code, out)
				}
			}
			// The ledger charged each recipient once: one publish entry per row.
			if u := usage(); !strings.Contains(u, fmt.Sprintf("%d of 5000 seats used", rows)) {
				t.Fatalf("usage after resuming: %s", u)
			}
			_, export, _ := runCmd(t, "", "ledger", "export", "--ledger", db, "--account", "acme")
			entries, err := csv.NewReader(strings.NewReader(export)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != rows+1 {
				t.Fatalf("%d ledger entries, want %d", len(entries)-1, rows)
			}
		})
	}
}

// runChildUntilKilled runs laurel issue with args in a child process that
// stops at the kill point at, waits until it gets there, and kills it with
// SIGKILL. The child finishing or failing first is a test failure.
func runChildUntilKilled(t *testing.T, at string, args []string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestIssueHelperProcess$")
	cmd.Env = append(os.Environ(), "LAUREL_ISSUE_CHILD=1", "LAUREL_ISSUE_KILL_AT="+at, "LAUREL_ISSUE_ARGS="+strings.Join(args, "\x1f"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan bool, 1)
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if sc.Text() == killMarker {
				ready <- true
				_, _ = io.Copy(io.Discard, stdout)
				return
			}
		}
		ready <- false
	}()
	select {
	case ok := <-ready:
		if !ok {
			<-drained
			err := cmd.Wait()
			t.Fatalf("the child ended (%v) before reaching the kill point %s:\n%s", err, at, stderr.String())
		}
	case <-time.After(2 * time.Minute):
		_ = cmd.Process.Kill()
		<-drained
		_ = cmd.Wait()
		t.Fatalf("the child did not reach the kill point %s:\n%s", at, stderr.String())
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-drained
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the child was not killed: %v\n%s", err, stderr.String())
	}
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
