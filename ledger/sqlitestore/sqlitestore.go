package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/laurelhq/laurel/ledger"
)

// Sentinel errors.
var (
	// ErrBadPath: Open was given an empty path, ":memory:", a URI or a
	// path containing '?'. The store needs a plain file path: its read pool
	// and write connection must see one database.
	ErrBadPath = errors.New("sqlitestore: unusable database path")
	// ErrSchemaTooNew: the database was migrated by a newer build.
	ErrSchemaTooNew = errors.New("sqlitestore: database schema is newer than this build")
)

// Options configures Open. The zero value is the safe default.
type Options struct {
	// UnsafeSyncNormal runs with PRAGMA synchronous=NORMAL instead of FULL.
	// In WAL mode NORMAL is still safe against the process crashing (a
	// committed transaction survives, the file never corrupts), but after a
	// power loss or OS crash the last transactions committed before it may
	// be gone, and with them charges already reported to callers. It skips
	// one fsync per commit, which makes single-publish transactions several
	// times faster on most disks.
	UnsafeSyncNormal bool
	// BusyTimeout is how long a transaction waits for the write lock held
	// by another connection on the same file (another Store or process)
	// before failing with an error wrapping ledger.ErrTxConflict, which the
	// Ledger retries. 0 means 5 seconds.
	BusyTimeout time.Duration
	// ReadConns bounds the read connection pool used by View. 0 means 4.
	ReadConns int
	// Now stamps the schema_migrations rows; nil means time.Now.
	Now func() time.Time
}

// Store is a ledger.Store on one SQLite file. It is safe for concurrent use;
// several Stores (and processes) may open the same file.
type Store struct {
	w, r   *sql.DB
	wp, rp *pool
}

var _ ledger.Store = (*Store)(nil)

// Open opens (creating if needed) the SQLite database at path, switches it
// to WAL mode and migrates its schema. Close the store when done (or the
// Ledger over it: Ledger.Close closes it).
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") || strings.ContainsAny(path, "?\x00") {
		return nil, fmt.Errorf("%w: %q (want a plain file path)", ErrBadPath, path)
	}
	if opts.BusyTimeout < 0 || opts.ReadConns < 0 {
		return nil, fmt.Errorf("%w: negative BusyTimeout or ReadConns", ledger.ErrInvalid)
	}
	busy := opts.BusyTimeout
	if busy == 0 {
		busy = 5 * time.Second
	}
	reads := opts.ReadConns
	if reads == 0 {
		reads = 4
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	sync := "FULL"
	if opts.UnsafeSyncNormal {
		sync = "NORMAL"
	}
	common := url.Values{}
	common.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busy.Milliseconds()))
	common.Add("_pragma", "foreign_keys(1)")
	wq, rq := url.Values{}, url.Values{}
	for k, v := range common {
		wq[k] = append([]string(nil), v...)
		rq[k] = append([]string(nil), v...)
	}
	// BEGIN IMMEDIATE takes the write lock up front, so a transaction never
	// fails half way through trying to upgrade a read lock.
	wq.Set("_txlock", "immediate")
	wq.Add("_pragma", "journal_mode(WAL)")
	wq.Add("_pragma", "synchronous("+sync+")")
	rq.Add("_pragma", "query_only(1)")

	w, err := sql.Open("sqlite", path+"?"+wq.Encode())
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: open %s: %w", path, err)
	}
	// One write connection: SQLite runs one writer at a time anyway, and
	// goroutines queue for it in database/sql rather than in busy loops.
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	if err := setup(ctx, w, now()); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlitestore: open %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", path+"?"+rq.Encode())
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlitestore: open %s: %w", path, err)
	}
	r.SetMaxOpenConns(reads)
	r.SetMaxIdleConns(reads)
	r.SetConnMaxLifetime(0)
	r.SetConnMaxIdleTime(0)
	if err := r.PingContext(ctx); err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("sqlitestore: open %s: %w", path, err)
	}
	return &Store{w: w, r: r, wp: newPool(w, 1, writeQueries()), rp: newPool(r, reads, readQueries())}, nil
}

// setup checks the journal mode took and migrates the schema.
func setup(ctx context.Context, w *sql.DB, now time.Time) error {
	var mode string
	if err := w.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return mapErr(err)
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("journal mode is %q, want wal (is the file system one SQLite can share memory on?)", mode)
	}
	return migrate(ctx, w, now)
}

// Close closes the database. Transactions still running must finish first.
func (s *Store) Close() error {
	return errors.Join(s.rp.close(), s.wp.close(), s.r.Close(), s.w.Close())
}

// Update implements ledger.Store: fn runs in a BEGIN IMMEDIATE transaction
// on the write connection.
func (s *Store) Update(ctx context.Context, fn func(ledger.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.wp.run(ctx, qBeginImmediate, func(t *txn) error { return fn(t) })
}

// View implements ledger.Store: fn reads one snapshot on a read connection,
// concurrently with writers (WAL).
func (s *Store) View(ctx context.Context, fn func(ledger.View) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.rp.run(ctx, qBeginRead, func(t *txn) error { return fn(t) })
}

// mapErr marks lost lock races (busy or locked database) as
// ledger.ErrTxConflict so the Ledger runs the operation again.
func mapErr(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return fmt.Errorf("%w: %w", ledger.ErrTxConflict, err)
		}
	}
	return err
}

// isUniqueViolation reports a UNIQUE or PRIMARY KEY constraint failure.
func isUniqueViolation(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) &&
		(se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
}

// noTransaction reports the error of a ROLLBACK with no transaction open
// (SQLite ends the transaction itself on some errors).
func noTransaction(err error) bool {
	return err != nil && strings.Contains(err.Error(), "no transaction is active")
}

// maxGroup is how many concurrent Publish calls of one account a Ledger may
// apply in one transaction. SQLite runs one writer at a time and, with
// synchronous=FULL, pays an fsync per commit, so sharing commits is what
// lets concurrent publishers scale.
const maxGroup = 64

// MaxGroup tells a Ledger it may group concurrent Publish calls of one
// account into one transaction (ledger.GroupCommitter).
func (s *Store) MaxGroup() int { return maxGroup }
