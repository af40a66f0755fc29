package sqlitestore_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/laurelhq/laurel/ledger"
	"github.com/laurelhq/laurel/ledger/ledgertest"
	"github.com/laurelhq/laurel/ledger/sqlitestore"
)

const (
	crashEnv      = "LAUREL_SQLITESTORE_CRASH_DB" // the child's database path
	crashItems    = 20_000
	crashChunk    = 500
	crashBatchKey = "upload-1"
	crashAccount  = "acme"
)

var crashClock = ledgertest.NewClock(ledgertest.T("2024-05-01"))

func crashBatch() []ledger.BatchItem {
	items := make([]ledger.BatchItem, crashItems)
	for i := range items {
		items[i] = ledger.BatchItem{CredentialID: fmt.Sprintf("cred-%06d", i), Email: fmt.Sprintf("learner%06d@example.org", i)}
	}
	return items
}

// reportingStore prints "committed N" after each committed transaction, so
// the parent knows how far the child got before it kills it.
type reportingStore struct {
	ledger.Store
	commits int
}

func (r *reportingStore) Update(ctx context.Context, fn func(ledger.Tx) error) error {
	err := r.Store.Update(ctx, fn)
	if err == nil {
		r.commits++
		fmt.Printf("committed %d\n", r.commits)
	}
	return err
}

// TestCrashHelperProcess is the child of TestKilledMidBatch: it publishes
// the batch into the database named by crashEnv until it is killed.
func TestCrashHelperProcess(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("run by TestKilledMidBatch")
	}
	s, err := sqlitestore.Open(context.Background(), path, sqlitestore.Options{})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	l := ledger.New(&reportingStore{Store: s}, ledger.Config{Now: crashClock.Now, ChunkSize: crashChunk})
	if _, err := l.PublishBatch(context.Background(), crashAccount, crashBatchKey, crashBatch()); err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	fmt.Println("finished")
	os.Exit(0)
}

// TestKilledMidBatch kills a process with SIGKILL in the middle of a
// PublishBatch, reopens the database and checks that exactly the committed
// chunks are there, then finishes the batch by running it again.
func TestKilledMidBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ledger.db")
	s, err := sqlitestore.Open(ctx, path, sqlitestore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	l := ledger.New(s, ledger.Config{Now: crashClock.Now})
	if err := l.OpenAccount(ctx, crashAccount, ledger.Plan{Seats: crashItems, Start: ledgertest.T("2024-01-01")}); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelperProcess$")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it right after its third commit: it is then inside the fourth
	// chunk's transaction (or just committing it).
	const killAfter = 3
	seen := 0
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		line := sc.Text()
		if n, ok := strings.CutPrefix(line, "committed "); ok {
			seen, _ = strconv.Atoi(n)
			if seen >= killAfter {
				break
			}
		} else if strings.HasPrefix(line, "error") || line == "finished" {
			_ = cmd.Process.Kill()
			t.Fatalf("child: %s", line)
		}
	}
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()
	if seen < killAfter {
		t.Fatalf("child reported %d commits before exiting", seen)
	}

	s = open(t, path, sqlitestore.Options{})
	l = ledger.New(s, ledger.Config{Now: crashClock.Now, ChunkSize: crashChunk})
	es, err := l.Entries(ctx, crashAccount, 0, crashItems+1)
	if err != nil {
		t.Fatal(err)
	}
	n := len(es)
	if n%crashChunk != 0 || n < seen*crashChunk || n >= crashItems {
		t.Fatalf("%d entries after the kill: want whole chunks of %d, at least the %d reported committed, fewer than %d",
			n, crashChunk, seen, crashItems)
	}
	for i, e := range es {
		if want := fmt.Sprintf("%s/%d", crashBatchKey, i); e.Key != want || !e.Charged {
			t.Fatalf("entry %d: key %q charged %v, want %q charged", i, e.Key, e.Charged, want)
		}
	}
	u, err := l.Usage(ctx, crashAccount)
	if err != nil {
		t.Fatal(err)
	}
	if u.Used != n || u.Recipients != n {
		t.Fatalf("usage %+v, want %d used and holding", u, n)
	}
	var check string
	if err := rawDB(t, path).QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %s %v", check, err)
	}

	// Running the batch again finishes it without charging anyone twice.
	res, err := l.PublishBatch(ctx, crashAccount, crashBatchKey, crashBatch())
	if err != nil {
		t.Fatal(err)
	}
	replayed := 0
	for _, it := range res.Items {
		if it.Replayed {
			replayed++
		}
	}
	if res.Charged != crashItems || replayed != n || res.Free+res.NoSeat+res.Rejected != 0 {
		t.Fatalf("rerun: %d charged (%d replayed), %d free, %d no seat, %d rejected; want %d charged, %d replayed",
			res.Charged, replayed, res.Free, res.NoSeat, res.Rejected, crashItems, n)
	}
	if u, err := l.Usage(ctx, crashAccount); err != nil || u.Used != crashItems || u.Recipients != crashItems {
		t.Fatalf("after rerun: %+v %v", u, err)
	}
	es, err = l.Entries(ctx, crashAccount, 0, crashItems+1)
	if err != nil || len(es) != crashItems {
		t.Fatalf("%d entries after rerun, want %d (%v)", len(es), crashItems, err)
	}
	t.Logf("killed after %d reported commits; %d of %d items were committed; rerun finished the batch", seen, n, crashItems)
}
