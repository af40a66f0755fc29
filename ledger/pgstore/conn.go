package pgstore

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Round trips, not rows, bound how fast a transaction of a few small
// statements runs, so a txn queues statements whose results are not needed
// yet — its BEGIN, savepoints, writes that only report errors — and sends
// them in one pipeline with the next statement that returns data (or with
// COMMIT). Errors of queued statements surface at that statement, still
// inside the transaction.

// pendingStmt is a statement queued to go with the next one.
type pendingStmt struct {
	what  string // for error messages
	sql   string
	args  []any
	check func(pgconn.CommandTag) error // optional check of the result
}

// queue adds a statement to send with the next one.
func (t *txn) queue(what, sql string, check func(pgconn.CommandTag) error, args ...any) {
	t.pending = append(t.pending, pendingStmt{what: what, sql: sql, args: args, check: check})
}

// queued is a statement whose results the caller of flush reads.
type queued struct {
	sql  string
	args []any
}

// flush sends the queued statements, then sql (unless empty), then more,
// in one pipeline, checks the queued statements' results and returns the
// batch positioned at the first of the caller's.
func (t *txn) flush(ctx context.Context, sql string, args []any, more ...queued) (pgx.BatchResults, error) {
	b := &pgx.Batch{}
	for _, p := range t.pending {
		b.Queue(p.sql, p.args...)
	}
	if sql != "" {
		b.Queue(sql, args...)
	}
	for _, q := range more {
		b.Queue(q.sql, q.args...)
	}
	pend := t.pending
	t.pending = nil
	t.begun = true
	br := t.conn.SendBatch(ctx, b)
	for _, p := range pend {
		tag, err := br.Exec()
		if err == nil && p.check != nil {
			err = p.check(tag)
		}
		if err != nil {
			_ = br.Close()
			return nil, mapErr(p.what, err)
		}
	}
	return br, nil
}

func (t *txn) exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	if len(t.pending) == 0 {
		return t.conn.Exec(ctx, sql, args...)
	}
	br, err := t.flush(ctx, sql, args)
	if err != nil {
		return pgconn.CommandTag{}, err
	}
	tag, err := br.Exec()
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	return tag, err
}

func (t *txn) query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	if len(t.pending) == 0 {
		return t.conn.Query(ctx, sql, args...)
	}
	br, err := t.flush(ctx, sql, args)
	if err != nil {
		return nil, err
	}
	rows, err := br.Query()
	if err != nil {
		_ = br.Close()
		return nil, err
	}
	return &batchRows{Rows: rows, br: br}, nil
}

// queryRow is QueryRow: pgx.ErrNoRows when there is no row.
func (t *txn) queryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return lazyRow{t: t, ctx: ctx, sql: sql, args: args}
}

type lazyRow struct {
	t    *txn
	ctx  context.Context
	sql  string
	args []any
}

func (r lazyRow) Scan(dest ...any) error {
	rows, err := r.t.query(r.ctx, r.sql, r.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return pgx.ErrNoRows
	}
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	rows.Close()
	return rows.Err()
}

// batchRows closes its batch when the rows are done, freeing the
// connection.
type batchRows struct {
	pgx.Rows
	br     pgx.BatchResults
	closed bool
	err    error
}

func (r *batchRows) Next() bool {
	if r.Rows.Next() {
		return true
	}
	r.Close()
	return false
}

func (r *batchRows) Close() {
	if r.closed {
		return
	}
	r.closed = true
	r.Rows.Close()
	r.err = r.br.Close()
}

func (r *batchRows) Err() error {
	if err := r.Rows.Err(); err != nil {
		return err
	}
	return r.err
}

// commit sends what is queued and COMMIT. A transaction that failed
// server-side answers COMMIT with ROLLBACK, which is an error here.
func (t *txn) commit(ctx context.Context) error {
	if !t.begun && len(t.pending) == len(beginStmts(true)) {
		return nil // nothing but BEGIN queued: nothing to commit
	}
	tag, err := t.exec(ctx, "COMMIT")
	if err != nil {
		return mapErr("commit", err)
	}
	if tag.String() != "COMMIT" {
		return fmt.Errorf("pgstore: commit: transaction was rolled back (%s)", tag)
	}
	return nil
}

// rollback ends a transaction that was begun; queued statements are
// dropped. If the connection cannot roll back, the pool discards it (it
// does not take back a connection inside a transaction).
func (t *txn) rollback(ctx context.Context) {
	t.pending = nil
	if t.begun {
		_, _ = t.conn.Exec(ctx, "ROLLBACK")
	}
}

// beginStmts are queued first in every transaction. Statements are planned
// for their actual parameters (plan_cache_mode = force_custom_plan): pgx
// prepares each statement once per connection, and PostgreSQL would
// otherwise settle on a generic plan made while the tables were small or
// empty — sequential scans that a fresh, fast-growing ledger would keep
// until autovacuum next analyzes the tables.
func beginStmts(write bool) []pendingStmt {
	begin := "BEGIN ISOLATION LEVEL READ COMMITTED"
	if !write {
		begin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
	}
	return []pendingStmt{
		{what: "begin", sql: begin},
		{what: "begin", sql: "SET LOCAL plan_cache_mode = force_custom_plan"},
	}
}
