package sqlitestore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
)

// conn is one SQLite connection pinned out of a database/sql pool, with
// every statement it may run prepared once. Transactions talk to the driver
// directly (inside sql.Conn.Raw): database/sql would otherwise start a
// goroutine and allocate a Stmt and Rows per statement, a fifth of the cost
// of a publish. The prepared driver statements are used only inside Raw and
// live exactly as long as the pinned connection.
type conn struct {
	sc    *sql.Conn
	stmts map[stmtKey]driver.Stmt
	// tx is the transaction running on the connection, reused so that its
	// argument and result buffers are allocated once per connection.
	tx txn
}

// Transaction control statements.
const (
	qBeginImmediate query = numQueries + iota
	qBeginRead
	qCommit
	qRollback
)

func (c *conn) close() error {
	return c.sc.Raw(func(any) error {
		for _, st := range c.stmts {
			st.Close()
		}
		return nil
	})
}

// pool hands out up to cap(slots) connections of db, opening them lazily.
type pool struct {
	db    *sql.DB
	qs    []query
	slots chan struct{}
	idle  chan *conn
}

func newPool(db *sql.DB, size int, qs []query) *pool {
	return &pool{db: db, qs: qs, slots: make(chan struct{}, size), idle: make(chan *conn, size)}
}

// get returns an idle connection, opens one if the pool is not full, or
// waits for one to be put back.
func (p *pool) get(ctx context.Context) (*conn, error) {
	select {
	case c := <-p.idle:
		return c, nil
	default:
	}
	select {
	case c := <-p.idle:
		return c, nil
	case p.slots <- struct{}{}:
		c, err := p.open(ctx)
		if err != nil {
			<-p.slots
			return nil, err
		}
		return c, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (p *pool) put(c *conn) { p.idle <- c }

// discard closes a connection whose state is unknown and frees its slot.
func (p *pool) discard(c *conn) {
	_ = c.close()
	_ = c.sc.Close()
	<-p.slots
}

// open pins a new connection and prepares p.qs on it (multi-row queries
// for every power-of-two row count up to maxRows).
func (p *pool) open(ctx context.Context) (*conn, error) {
	sc, err := p.db.Conn(ctx)
	if err != nil {
		return nil, mapErr(err)
	}
	c := &conn{sc: sc, stmts: map[stmtKey]driver.Stmt{}}
	err = sc.Raw(func(dc any) error {
		prep, ok := dc.(driver.ConnPrepareContext)
		if !ok {
			return fmt.Errorf("driver connection %T cannot prepare with a context", dc)
		}
		for _, q := range p.qs {
			sizes := []int{1}
			if multiRow(q) {
				sizes = sizes[:0]
				for n := 1; n <= maxRows; n *= 2 {
					sizes = append(sizes, n)
				}
			}
			for _, n := range sizes {
				st, err := prep.PrepareContext(ctx, text(q, n))
				if err != nil {
					return fmt.Errorf("prepare: %w", mapErr(err))
				}
				c.stmts[stmtKey{q, n}] = st
			}
		}
		return nil
	})
	if err != nil {
		_ = c.close()
		_ = sc.Close()
		return nil, err
	}
	return c, nil
}

// close closes every idle connection; connections in use are the caller's
// to finish first.
func (p *pool) close() error {
	var errs []error
	for {
		select {
		case c := <-p.idle:
			errs = append(errs, c.close(), c.sc.Close())
			<-p.slots
		default:
			return errors.Join(errs...)
		}
	}
}

// run runs fn in a transaction opened with begin on a connection of p,
// committing if fn succeeds and rolling back otherwise.
func (p *pool) run(ctx context.Context, begin query, fn func(*txn) error) (err error) {
	c, err := p.get(ctx)
	if err != nil {
		return fmt.Errorf("sqlitestore: %w", err)
	}
	healthy := false
	defer func() {
		if healthy {
			p.put(c)
		} else { // rollback failed or fn panicked
			p.discard(c)
		}
	}()
	err = c.sc.Raw(func(dc any) error {
		t := c.begin()
		defer t.end()
		if err := t.exec(ctx, begin); err != nil {
			healthy = true // nothing started
			return fmt.Errorf("sqlitestore: begin: %w", err)
		}
		if err := fn(t); err != nil {
			healthy = t.rollback() == nil
			return err
		}
		if err := t.exec(ctx, qCommit); err != nil {
			// A failed COMMIT may leave the transaction open.
			healthy = t.rollback() == nil
			return fmt.Errorf("sqlitestore: commit: %w", err)
		}
		healthy = true
		return nil
	})
	return err
}

// begin returns the connection's transaction, reset.
func (c *conn) begin() *txn {
	t := &c.tx
	t.c, t.pre = c, nil
	return t
}

// end drops what the transaction's buffers still reference.
func (t *txn) end() {
	t.pre = nil
	clear(t.args[:cap(t.args)])
	clear(t.nargs[:cap(t.nargs)])
	clear(t.dest[:cap(t.dest)])
}

// rollback ends the transaction, if SQLite has not already.
func (t *txn) rollback() error {
	err := t.exec(context.Background(), qRollback)
	if err != nil && noTransaction(err) {
		return nil
	}
	return err
}

// stmt returns the statement q for n rows.
func (t *txn) stmt(q query, n int) (driver.Stmt, error) {
	st, ok := t.c.stmts[stmtKey{q, n}]
	if !ok {
		return nil, fmt.Errorf("sqlitestore: statement %d for %d rows not prepared on this connection", q, n)
	}
	return st, nil
}

// named turns args into driver arguments, reusing the transaction's buffer.
func (t *txn) named(args []driver.Value) []driver.NamedValue {
	t.nargs = t.nargs[:0]
	for i, v := range args {
		t.nargs = append(t.nargs, driver.NamedValue{Ordinal: i + 1, Value: v})
	}
	return t.nargs
}

// exec runs statement q (one row) with args.
func (t *txn) exec(ctx context.Context, q query, args ...driver.Value) error {
	st, err := t.stmt(q, 1)
	if err != nil {
		return err
	}
	if _, err := st.(driver.StmtExecContext).ExecContext(ctx, t.named(args)); err != nil {
		return mapErr(err)
	}
	return nil
}

// query runs statement q for n rows and calls scan for each result row,
// whose values are valid only during the call.
func (t *txn) query(ctx context.Context, q query, n int, args []driver.Value, scan func([]driver.Value) error) error {
	st, err := t.stmt(q, n)
	if err != nil {
		return err
	}
	rows, err := st.(driver.StmtQueryContext).QueryContext(ctx, t.named(args))
	if err != nil {
		return mapErr(err)
	}
	defer rows.Close()
	dest := t.dest[:0]
	for range rows.Columns() {
		dest = append(dest, nil)
	}
	t.dest = dest
	for {
		switch err := rows.Next(dest); {
		case err == io.EOF:
			return nil
		case err != nil:
			return mapErr(err)
		}
		if err := scan(dest); err != nil {
			return err
		}
	}
}

// queryRow is query for a one-row statement expecting at most one result;
// found reports whether there was one.
func (t *txn) queryRow(ctx context.Context, q query, args []driver.Value, scan func([]driver.Value) error) (found bool, err error) {
	err = t.query(ctx, q, 1, args, func(v []driver.Value) error {
		found = true
		return scan(v)
	})
	return found, err
}
