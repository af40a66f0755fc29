package sqlitestore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/laurelhq/laurel/ledger"
	"github.com/laurelhq/laurel/ledger/ledgertest"
	"github.com/laurelhq/laurel/ledger/sqlitestore"
)

// open opens a store on path and closes it when the test ends.
func open(t testing.TB, path string, opts sqlitestore.Options) *sqlitestore.Store {
	t.Helper()
	s, err := sqlitestore.Open(context.Background(), path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

func TestConformance(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts sqlitestore.Options
	}{
		{"SyncFull", sqlitestore.Options{}},
		{"SyncNormal", sqlitestore.Options{UnsafeSyncNormal: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ledgertest.Run(t, func(t *testing.T) ledger.Store {
				return open(t, filepath.Join(t.TempDir(), "ledger.db"), tc.opts)
			})
		})
	}
}

// TestConcurrencySeveralStores races publishers over separate Stores (each
// with its own write connection) on one file: SQLite's file lock, not a Go
// mutex, must keep them from double charging.
func TestConcurrencySeveralStores(t *testing.T) {
	for _, n := range []int{2, 4} {
		t.Run(fmt.Sprint(n, "Stores"), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ledger.db")
			var stores []ledger.Store
			for range n {
				stores = append(stores, open(t, path, sqlitestore.Options{UnsafeSyncNormal: true}))
			}
			ledgertest.Concurrency(t, stores)
		})
	}
}

func TestFreshAndReopenedDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ledger.db")
	clock := ledgertest.NewClock(ledgertest.T("2024-05-01"))
	first := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

	s, err := sqlitestore.Open(ctx, path, sqlitestore.Options{Now: func() time.Time { return first }})
	if err != nil {
		t.Fatal(err)
	}
	l := ledger.New(s, ledger.Config{Now: clock.Now})
	if err := l.OpenAccount(ctx, "acme", ledger.Plan{Seats: 5, Start: ledgertest.T("2024-01-01")}); err != nil {
		t.Fatal(err)
	}
	out, err := l.Publish(ctx, ledger.PublishRequest{Key: "k1", Account: "acme", CredentialID: "c1", Email: "a@example.org"})
	if err != nil || !out.Entry.Charged {
		t.Fatalf("publish: %+v %v", out, err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	// Reopen twice: migrations must not run again, data must be there.
	for i := range 2 {
		s := open(t, path, sqlitestore.Options{Now: func() time.Time { return first.Add(time.Hour) }})
		l := ledger.New(s, ledger.Config{Now: clock.Now})
		again, err := l.Publish(ctx, ledger.PublishRequest{Key: "k1", Account: "acme", CredentialID: "c1", Email: "a@example.org"})
		if err != nil || !again.Replayed || again.Entry.Seq != out.Entry.Seq {
			t.Fatalf("reopen %d: replay %+v %v", i, again, err)
		}
		u, err := l.Usage(ctx, "acme")
		if err != nil || u.Used != 1 || u.Recipients != 1 || u.Allowance != 5 {
			t.Fatalf("reopen %d: usage %+v %v", i, u, err)
		}
	}
	db := rawDB(t, path)
	var n int
	var applied string
	if err := db.QueryRow("SELECT count(*), max(applied_at) FROM schema_migrations").Scan(&n, &applied); err != nil {
		t.Fatal(err)
	}
	if n != sqlitestore.SchemaVersion() || n == 0 || applied != first.Format(time.RFC3339Nano) {
		t.Fatalf("schema_migrations: %d rows applied at %s, want %d at %s", n, applied, sqlitestore.SchemaVersion(), first.Format(time.RFC3339Nano))
	}
}

// rawDB opens path with database/sql for checks behind the store's back.
func rawDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestSchemaTooNew(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	s := open(t, path, sqlitestore.Options{})
	_ = s
	db := rawDB(t, path)
	if _, err := db.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future', '')", sqlitestore.SchemaVersion()+1); err != nil {
		t.Fatal(err)
	}
	_, err := sqlitestore.Open(context.Background(), path, sqlitestore.Options{})
	if !errors.Is(err, sqlitestore.ErrSchemaTooNew) {
		t.Fatalf("err = %v, want ErrSchemaTooNew", err)
	}
}

func TestOpenRejects(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		path string
		opts sqlitestore.Options
		want error
	}{
		{"Empty", "", sqlitestore.Options{}, sqlitestore.ErrBadPath},
		{"Memory", ":memory:", sqlitestore.Options{}, sqlitestore.ErrBadPath},
		{"URI", "file:" + filepath.Join(dir, "x.db"), sqlitestore.Options{}, sqlitestore.ErrBadPath},
		{"QueryInPath", filepath.Join(dir, "x.db?mode=ro"), sqlitestore.Options{}, sqlitestore.ErrBadPath},
		{"NegativeBusyTimeout", filepath.Join(dir, "x.db"), sqlitestore.Options{BusyTimeout: -1}, ledger.ErrInvalid},
		{"NegativeReadConns", filepath.Join(dir, "x.db"), sqlitestore.Options{ReadConns: -1}, ledger.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := sqlitestore.Open(context.Background(), tc.path, tc.opts)
			if !errors.Is(err, tc.want) {
				if s != nil {
					s.Close()
				}
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := sqlitestore.Open(context.Background(), filepath.Join(dir, "missing", "x.db"), sqlitestore.Options{}); err == nil {
		t.Fatal("opened a database in a missing directory")
	}
}

// openAccount opens account "acme" through a Ledger over s.
func openAccount(t *testing.T, s ledger.Store) *ledger.Ledger {
	t.Helper()
	l := ledger.New(s, ledger.Config{Now: ledgertest.NewClock(ledgertest.T("2024-05-01")).Now})
	if err := l.OpenAccount(context.Background(), "acme", ledger.Plan{Seats: 10, Start: ledgertest.T("2024-01-01")}); err != nil {
		t.Fatal(err)
	}
	return l
}

// TestStorePrimitives covers what the conformance suite reaches only
// through the Ledger's own checks.
func TestStorePrimitives(t *testing.T) {
	ctx := context.Background()
	errStop := errors.New("stop")
	tests := []struct {
		name  string
		fn    func(ledger.Tx) error
		want  error // nil: want some error that is not a conflict
		check func(t *testing.T, v ledger.View)
	}{
		{name: "DuplicateKeyIsConflict", want: ledger.ErrTxConflict, fn: func(tx ledger.Tx) error {
			e := ledger.Entry{Account: "acme", Key: "k", At: ledgertest.T("2024-05-01"), Op: ledger.OpPublish, CredentialID: "c", Recipient: "a@example.org"}
			if err := tx.Append(ctx, []ledger.Entry{e}); err != nil {
				return err
			}
			return tx.Append(ctx, []ledger.Entry{e})
		}},
		{name: "DuplicateKeyInOneAppendIsConflict", want: ledger.ErrTxConflict, fn: func(tx ledger.Tx) error {
			e := ledger.Entry{Account: "acme", Key: "k", At: ledgertest.T("2024-05-01"), Op: ledger.OpPublish}
			return tx.Append(ctx, []ledger.Entry{e, e})
		}},
		{name: "NegativeHold", fn: func(tx ledger.Tx) error {
			_, err := tx.Hold(ctx, "acme", 0, []ledger.HoldDelta{{Recipient: "a@example.org", Delta: -1}})
			return err
		}},
		{name: "TimeOutOfRange", want: ledger.ErrInvalid, fn: func(tx ledger.Tx) error {
			return tx.Append(ctx, []ledger.Entry{{Account: "acme", Key: "k", At: ledgertest.T("2300-01-01")}})
		}},
		{name: "RolledBackOnError", want: errStop, fn: func(tx ledger.Tx) error {
			if _, err := tx.Hold(ctx, "acme", 0, []ledger.HoldDelta{{Recipient: "a@example.org", Delta: 2}}); err != nil {
				return err
			}
			if _, err := tx.ClaimSeats(ctx, "acme", 0, 1, 10); err != nil {
				return err
			}
			if err := tx.PutAccount(ctx, ledger.Account{ID: "other", Plan: ledger.Plan{Seats: 1, Start: ledgertest.T("2024-01-01")}}); err != nil {
				return err
			}
			return errStop
		}, check: func(t *testing.T, v ledger.View) {
			if _, err := v.Account(ctx, "other"); !errors.Is(err, ledger.ErrUnknownAccount) {
				t.Errorf("account after rollback: %v", err)
			}
			if h, err := v.Holding(ctx, "acme", 0, []string{"a@example.org"}); err != nil || len(h) != 0 {
				t.Errorf("holding after rollback: %v %v", h, err)
			}
			if _, ok, err := v.Year(ctx, "acme", 0); ok || err != nil {
				t.Errorf("year after rollback: %v %v", ok, err)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t, filepath.Join(t.TempDir(), "ledger.db"), sqlitestore.Options{})
			openAccount(t, s)
			err := s.Update(ctx, tc.fn)
			switch {
			case tc.want != nil && !errors.Is(err, tc.want):
				t.Fatalf("err = %v, want %v", err, tc.want)
			case tc.want == nil && (err == nil || errors.Is(err, ledger.ErrTxConflict)):
				t.Fatalf("err = %v, want a non-conflict error", err)
			}
			if tc.check != nil {
				if err := s.View(ctx, func(v ledger.View) error { tc.check(t, v); return nil }); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// TestHoldBatches checks Hold over more recipients than one statement
// takes, unsorted input, and the recipient count it maintains.
func TestHoldBatches(t *testing.T) {
	ctx := context.Background()
	s := open(t, filepath.Join(t.TempDir(), "ledger.db"), sqlitestore.Options{})
	openAccount(t, s)
	const n = 300 // more than one multi-row statement
	var ds []ledger.HoldDelta
	for i := range n {
		ds = append(ds, ledger.HoldDelta{Recipient: fmt.Sprintf("r%04d@example.org", i), Delta: 1 + i%3})
	}
	unsorted := []ledger.HoldDelta{{Recipient: "r0002@example.org", Delta: -3}, {Recipient: "r0001@example.org", Delta: 1}, {Recipient: "r0001@example.org", Delta: -3}}
	err := s.Update(ctx, func(tx ledger.Tx) error {
		after, err := tx.Hold(ctx, "acme", 0, ds)
		if err != nil {
			return err
		}
		for i, a := range after {
			if a != ds[i].Delta {
				return fmt.Errorf("recipient %d: count %d, want %d", i, a, ds[i].Delta)
			}
		}
		if err := tx.SetAllowance(ctx, "acme", 0, 10); err != nil {
			return err
		}
		after, err = tx.Hold(ctx, "acme", 0, unsorted)
		if err != nil {
			return err
		}
		if fmt.Sprint(after) != "[0 3 0]" {
			return fmt.Errorf("unsorted holds: %v", after)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.View(ctx, func(v ledger.View) error {
		u, ok, err := v.Year(ctx, "acme", 0)
		if err != nil || !ok || u.Recipients != n-2 || u.Allowance != 10 {
			return fmt.Errorf("year: %+v %v %v, want %d recipients", u, ok, err, n-2)
		}
		var rs []string
		for _, d := range ds {
			rs = append(rs, d.Recipient)
		}
		h, err := v.Holding(ctx, "acme", 0, append(rs, "nobody@example.org"))
		if err != nil || len(h) != n-2 || h["r0001@example.org"] || h["r0002@example.org"] || !h["r0299@example.org"] {
			return fmt.Errorf("holding: %d holders, %v", len(h), err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestReadersSeeCommittedSnapshot reads from inside an open write
// transaction: the View runs on a read connection, is not blocked by the
// writer, and does not see its uncommitted rows.
func TestReadersSeeCommittedSnapshot(t *testing.T) {
	ctx := context.Background()
	s := open(t, filepath.Join(t.TempDir(), "ledger.db"), sqlitestore.Options{})
	openAccount(t, s)
	err := s.Update(ctx, func(tx ledger.Tx) error {
		if err := tx.PutAccount(ctx, ledger.Account{ID: "new", Plan: ledger.Plan{Seats: 1, Start: ledgertest.T("2024-01-01")}}); err != nil {
			return err
		}
		return s.View(ctx, func(v ledger.View) error {
			if _, err := v.Account(ctx, "acme"); err != nil {
				return err
			}
			if _, err := v.Account(ctx, "new"); !errors.Is(err, ledger.ErrUnknownAccount) {
				return fmt.Errorf("reader saw an uncommitted account: %v", err)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestBusyWriterIsConflict holds the write lock in one Store while another
// Store on the same file tries to write: after its busy timeout it reports
// ErrTxConflict, which the Ledger retries.
func TestBusyWriterIsConflict(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ledger.db")
	a := open(t, path, sqlitestore.Options{})
	b := open(t, path, sqlitestore.Options{BusyTimeout: 20 * time.Millisecond})
	openAccount(t, a)
	err := a.Update(ctx, func(tx ledger.Tx) error {
		if err := tx.SetAllowance(ctx, "acme", 0, 3); err != nil { // takes the lock
			return err
		}
		return b.Update(ctx, func(tx ledger.Tx) error { return tx.SetAllowance(ctx, "acme", 0, 4) })
	})
	if !errors.Is(err, ledger.ErrTxConflict) {
		t.Fatalf("err = %v, want ErrTxConflict", err)
	}
}

func TestCancelledContext(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "ledger.db"), sqlitestore.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Update(ctx, func(ledger.Tx) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Fatalf("update: %v", err)
	}
	if err := s.View(ctx, func(ledger.View) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Fatalf("view: %v", err)
	}
	// The write connection is still usable afterwards.
	openAccount(t, s)
}
