package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/laurelhq/laurel/ledger"
)

// DefaultStripes is the number of seat stripes per billing year when
// Options.Stripes is zero.
const DefaultStripes = 16

// DefaultMaxGroup is Options.MaxGroup when zero.
const DefaultMaxGroup = 64

// maxStripes bounds Options.Stripes: every exhaustion-time claim locks all
// stripes of the year.
const maxStripes = 256

// Sentinel errors.
var (
	// ErrSchemaTooNew: the database was migrated by a newer version of this
	// package.
	ErrSchemaTooNew = errors.New("pgstore: database schema is newer than this package")
	// ErrInvalidOptions: Options out of range.
	ErrInvalidOptions = errors.New("pgstore: invalid options")
)

// Options configures a Store. The zero value is usable.
type Options struct {
	// Stripes is how many rows a new billing year's seats are split across
	// (0 means DefaultStripes, at most 256). More stripes let more
	// transactions charge seats of one account at once; each stripe is a
	// row lock held to commit. Years already created keep their stripes, and
	// processes configured differently may share a database.
	Stripes int
	// MaxGroup is how many concurrent Publish calls of one account a
	// Ledger over this store applies in one transaction (group commit; see
	// ledger.GroupCommitter and ledger.Config.MaxGroup, which overrides
	// it): 0 means DefaultMaxGroup, 1 turns group commit off.
	MaxGroup int
	// MaxConns overrides the pool size for Open (0 keeps the DSN's
	// pool_max_conns or pgxpool's default, max(4, CPUs)). Concurrent
	// publishers beyond the pool size wait for a connection.
	MaxConns int32
}

// Store is a ledger.Store on PostgreSQL. It is safe for concurrent use, and
// any number of Stores (in any number of processes) may share one database.
type Store struct {
	pool     *pgxpool.Pool
	owned    bool // Close closes the pool
	stripes  int
	maxGroup int
	next     atomic.Uint64 // round-robin stripe for the next fast-path claim
	// holdBackoff counts down the large Holds that upsert directly after
	// a plain insert of holds failed (see txn.Hold).
	holdBackoff atomic.Int32
}

// insertHoldsMin is the smallest Hold that first tries a plain insert: a
// failed try costs a round trip, which a few rows' speculative insertions
// would not repay.
const insertHoldsMin = 32

// holdBackoffHolds is how many large Holds upsert directly after a plain
// insert found a recipient's count already there.
const holdBackoffHolds = 16

// tryInsertHolds reports whether a large Hold should try a plain insert.
func (s *Store) tryInsertHolds() bool {
	for {
		n := s.holdBackoff.Load()
		if n <= 0 {
			return true
		}
		if s.holdBackoff.CompareAndSwap(n, n-1) {
			return false
		}
	}
}

func (s *Store) holdMissed() { s.holdBackoff.Store(holdBackoffHolds) }

var (
	_ ledger.Store          = (*Store)(nil)
	_ ledger.GroupCommitter = (*Store)(nil)
	_ ledger.Tx             = (*txn)(nil)
)

// Open connects to the database named by dsn (a PostgreSQL URL or
// key=value string, as accepted by pgxpool.ParseConfig), applies the
// embedded migrations (see Migrate) and returns a Store that owns the pool:
// Close closes it.
func Open(ctx context.Context, dsn string, opts Options) (*Store, error) {
	if err := opts.check(); err != nil {
		return nil, err
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("pgstore: parsing DSN: %w", err)
	}
	if opts.MaxConns > 0 {
		cfg.MaxConns = opts.MaxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("pgstore: connecting: %w", err)
	}
	if err := Migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	s, err := New(pool, opts)
	if err != nil {
		pool.Close()
		return nil, err
	}
	s.owned = true
	return s, nil
}

// New returns a Store over pool, whose database must already be migrated
// (see Migrate). Close does not close a pool passed to New. Options.MaxConns
// is ignored: the pool is configured by its owner.
func New(pool *pgxpool.Pool, opts Options) (*Store, error) {
	if pool == nil {
		return nil, fmt.Errorf("%w: nil pool", ErrInvalidOptions)
	}
	if err := opts.check(); err != nil {
		return nil, err
	}
	s := &Store{pool: pool, stripes: opts.Stripes, maxGroup: opts.MaxGroup}
	if s.stripes == 0 {
		s.stripes = DefaultStripes
	}
	if s.maxGroup == 0 {
		s.maxGroup = DefaultMaxGroup
	}
	return s, nil
}

func (o Options) check() error {
	if o.Stripes < 0 || o.Stripes > maxStripes {
		return fmt.Errorf("%w: Stripes %d not in 0..%d", ErrInvalidOptions, o.Stripes, maxStripes)
	}
	if o.MaxGroup < 0 {
		return fmt.Errorf("%w: negative MaxGroup", ErrInvalidOptions)
	}
	if o.MaxConns < 0 {
		return fmt.Errorf("%w: negative MaxConns", ErrInvalidOptions)
	}
	return nil
}

// MaxGroup implements ledger.GroupCommitter: a transaction costs a few
// network round trips and a commit flush, so Ledgers over this store combine
// concurrent Publish calls (Options.MaxGroup).
func (s *Store) MaxGroup() int { return s.maxGroup }

// Close closes the pool if the Store opened it.
func (s *Store) Close() error {
	if s.owned {
		s.pool.Close()
	}
	return nil
}

// Update implements ledger.Store. The transaction runs at READ COMMITTED:
// every check that decides a charge is made under a row lock taken in the
// transaction (see the package documentation), and lost races surface as
// errors wrapping ledger.ErrTxConflict.
func (s *Store) Update(ctx context.Context, fn func(ledger.Tx) error) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return mapErr("acquiring a connection", err)
	}
	defer conn.Release()
	t := &txn{s: s, conn: conn, write: true, pending: beginStmts(true)}
	if err := fn(t); err != nil {
		// The rollback must run even when ctx is what failed.
		t.rollback(context.WithoutCancel(ctx))
		return err
	}
	if err := t.commit(ctx); err != nil {
		t.rollback(context.WithoutCancel(ctx))
		return err
	}
	return nil
}

// View implements ledger.Store with a read-only REPEATABLE READ
// transaction, so every read of fn sees one snapshot.
func (s *Store) View(ctx context.Context, fn func(ledger.View) error) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return mapErr("acquiring a connection", err)
	}
	defer conn.Release()
	t := &txn{s: s, conn: conn, pending: beginStmts(false)}
	defer t.rollback(context.WithoutCancel(ctx))
	return fn(t)
}

// mapErr prefixes err with what was being done and marks lost races
// (serialization failure, deadlock, unique violation) as
// ledger.ErrTxConflict so the Ledger runs the operation again.
func mapErr(what string, err error) error {
	if err == nil {
		return nil
	}
	if strings.HasPrefix(err.Error(), "pgstore: ") {
		return err // already described (a queued statement's error)
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "40001", "40P01", "23505":
			return fmt.Errorf("pgstore: %s: %w: %w", what, ledger.ErrTxConflict, err)
		}
	}
	return fmt.Errorf("pgstore: %s: %w", what, err)
}
