package sqlitestore

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/laurelhq/laurel/ledger"
)

// errNegativeHold: a Hold delta would take a count below zero; the
// transaction fails (and the Ledger rolls it back).
var errNegativeHold = errors.New("hold count below zero")

// txn implements ledger.Tx (and, on a read connection, ledger.View) on one
// connection, inside sql.Conn.Raw.
type txn struct {
	c     *conn
	args  []driver.Value // argument buffer, reused statement after statement
	nargs []driver.NamedValue
	dest  []driver.Value
	// pre is what Prefetch read (in preBuf), until the first write.
	pre    *prefetched
	preBuf prefetched
}

var _ ledger.Tx = (*txn)(nil)

// row reads typed columns from a result row, keeping the first type error.
type row struct {
	v   []driver.Value
	err error
}

func (r *row) fail(i int, want string) {
	if r.err == nil {
		r.err = fmt.Errorf("column %d is %T, want %s", i, r.v[i], want)
	}
}

func (r *row) str(i int) string {
	s, ok := r.v[i].(string)
	if !ok {
		r.fail(i, "text")
	}
	return s
}

func (r *row) int64(i int) int64 {
	n, ok := r.v[i].(int64)
	if !ok {
		r.fail(i, "integer")
	}
	return n
}

func (r *row) int(i int) int { return int(r.int64(i)) }

func (r *row) bool(i int) bool { return r.int64(i) != 0 }

// withKeys returns the argument buffer holding head followed by ss.
func (t *txn) withKeys(ss []string, head ...driver.Value) []driver.Value {
	t.args = append(t.args[:0], head...)
	for _, s := range ss {
		t.args = append(t.args, s)
	}
	return t.args
}

// lookup runs an IN-list query q over keys in power-of-two parts.
func (t *txn) lookup(ctx context.Context, q query, keys []string, head []driver.Value, scan func(*row) error) error {
	return parts(len(keys), func(lo, hi int) error {
		return t.query(ctx, q, hi-lo, t.withKeys(keys[lo:hi], head...), func(v []driver.Value) error {
			r := &row{v: v}
			if err := scan(r); err != nil {
				return err
			}
			return r.err
		})
	})
}

// Account implements ledger.View.
func (t *txn) Account(ctx context.Context, id string) (ledger.Account, error) {
	a := ledger.Account{ID: id}
	var start string
	var found bool
	var err error
	if p, ok := t.prefetchedAccount(id); ok {
		if p.acctErr != nil {
			return ledger.Account{}, p.acctErr
		}
		found, a.Plan.Seats, start = p.acctFound, p.seats, p.start
	} else {
		found, err = t.queryRow(ctx, qAccount, append(t.args[:0], id), func(v []driver.Value) error {
			r := row{v: v}
			a.Plan.Seats, start = r.int(0), r.str(1)
			return r.err
		})
	}
	switch {
	case err != nil:
		return ledger.Account{}, fmt.Errorf("sqlitestore: account %q: %w", id, err)
	case !found:
		return ledger.Account{}, fmt.Errorf("%w: %q", ledger.ErrUnknownAccount, id)
	}
	if a.Plan.Start, err = time.Parse(time.RFC3339Nano, start); err != nil {
		return ledger.Account{}, fmt.Errorf("sqlitestore: account %q: start: %w", id, err)
	}
	return a, nil
}

// EntriesByKey implements ledger.View.
func (t *txn) EntriesByKey(ctx context.Context, account string, keys []string) (map[string]ledger.Entry, error) {
	if t.noEntries(account, keys) {
		return make(map[string]ledger.Entry), nil
	}
	m := make(map[string]ledger.Entry)
	err := t.lookup(ctx, qEntriesByKey, keys, []driver.Value{account}, func(r *row) error {
		e := scanEntry(r)
		m[e.Key] = e
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: entries by key: %w", err)
	}
	return m, nil
}

// Credentials implements ledger.View.
func (t *txn) Credentials(ctx context.Context, account string, ids []string) (map[string]ledger.CredentialRecord, error) {
	if t.noCredentials(account, ids) {
		return make(map[string]ledger.CredentialRecord), nil
	}
	m := make(map[string]ledger.CredentialRecord)
	err := t.lookup(ctx, qCredentials, ids, []driver.Value{account}, func(r *row) error {
		c := scanCredential(r, account)
		m[c.ID] = c
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: credentials: %w", err)
	}
	return m, nil
}

// Year implements ledger.View. A year row holding only hold counts (no
// allowance yet) counts as absent, as nothing billable happened there.
func (t *txn) Year(ctx context.Context, account string, year int) (ledger.YearUsage, bool, error) {
	var u ledger.YearUsage
	ok := false
	_, err := t.queryRow(ctx, qYear, append(t.args[:0], account, int64(year)), func(v []driver.Value) error {
		r := row{v: v}
		if v[0] != nil {
			u.Allowance, ok = r.int(0), true
		}
		u.Used, u.Recipients = r.int(1), r.int(2)
		return r.err
	})
	if err != nil {
		return ledger.YearUsage{}, false, fmt.Errorf("sqlitestore: year %d: %w", year, err)
	}
	if !ok {
		return ledger.YearUsage{}, false, nil
	}
	return u, true, nil
}

// Holding implements ledger.View.
func (t *txn) Holding(ctx context.Context, account string, year int, recipients []string) (map[string]bool, error) {
	m := make(map[string]bool)
	err := t.lookup(ctx, qHolding, recipients, []driver.Value{account, int64(year)}, func(r *row) error {
		m[r.str(0)] = true
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: holding: %w", err)
	}
	return m, nil
}

// Entries implements ledger.View.
func (t *txn) Entries(ctx context.Context, account string, after int64, limit int) ([]ledger.Entry, error) {
	if limit <= 0 {
		return nil, nil
	}
	var out []ledger.Entry
	err := t.query(ctx, qEntries, 1, append(t.args[:0], account, after, int64(limit)), func(v []driver.Value) error {
		r := row{v: v}
		out = append(out, scanEntry(&r))
		return r.err
	})
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: entries: %w", err)
	}
	return out, nil
}

// scanCredential reads the columns of qCredentials of one row.
func scanCredential(r *row, account string) ledger.CredentialRecord {
	return ledger.CredentialRecord{Account: account, ID: r.str(0), Recipient: r.str(1), Group: r.str(2),
		SeatYear: r.int(3), Deleted: r.bool(4)}
}

// scanEntry reads the entryCols of one row.
func scanEntry(r *row) ledger.Entry {
	return ledger.Entry{Seq: r.int64(0), Account: r.str(1), Key: r.str(2), At: time.Unix(0, r.int64(3)).UTC(),
		Op: ledger.Op(r.str(4)), CredentialID: r.str(5), Recipient: r.str(6), Group: r.str(7), Year: r.int(8),
		Charged: r.bool(9), Reason: ledger.Reason(r.str(10)), Seats: r.int(11)}
}

// PutAccount implements ledger.Tx.
func (t *txn) PutAccount(ctx context.Context, a ledger.Account) error {
	t.pre = nil // served reads no longer hold after a write
	start := a.Plan.Start.UTC()
	if y := start.Year(); y < 0 || y > 9999 {
		return fmt.Errorf("%w: account %q: plan start %s outside years 0-9999", ledger.ErrInvalid, a.ID, start)
	}
	if err := t.exec(ctx, qPutAccount, a.ID, int64(a.Plan.Seats), start.Format(time.RFC3339Nano)); err != nil {
		return fmt.Errorf("sqlitestore: put account %q: %w", a.ID, err)
	}
	return nil
}

// Hold implements ledger.Tx. The write lock taken by BEGIN IMMEDIATE
// serialises every Hold until commit, across Stores and processes. The
// years.recipients count follows by trigger.
func (t *txn) Hold(ctx context.Context, account string, year int, deltas []ledger.HoldDelta) ([]int, error) {
	t.pre = nil // served reads no longer hold after a write
	out := make([]int, len(deltas))
	// Distinct sorted recipients go in multi-row statements whose results
	// are matched by recipient; anything else one row at a time.
	sorted := sort.SliceIsSorted(deltas, func(i, j int) bool { return deltas[i].Recipient < deltas[j].Recipient })
	for i := 1; sorted && i < len(deltas); i++ {
		sorted = deltas[i-1].Recipient != deltas[i].Recipient
	}
	apply := func(lo, hi int) error {
		part := deltas[lo:hi]
		t.args = append(t.args[:0], account, int64(year))
		for _, d := range part {
			t.args = append(t.args, d.Recipient, int64(d.Delta))
		}
		seen := 0
		err := t.query(ctx, qHold, len(part), t.args, func(v []driver.Value) error {
			r := row{v: v}
			rec, n := r.str(0), r.int(1)
			if r.err != nil {
				return r.err
			}
			i := sort.Search(len(part), func(i int) bool { return part[i].Recipient >= rec })
			if i == len(part) || part[i].Recipient != rec {
				return fmt.Errorf("unexpected recipient %q in result", rec)
			}
			if n < 0 {
				return fmt.Errorf("%w: count of %q would go negative", errNegativeHold, rec)
			}
			out[lo+i] = n
			seen++
			return nil
		})
		if err == nil && seen != len(part) {
			err = fmt.Errorf("%d results for %d recipients", seen, len(part))
		}
		return err
	}
	var err error
	if sorted {
		err = parts(len(deltas), apply)
	} else {
		for i := range deltas {
			if err = apply(i, i+1); err != nil {
				break
			}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: hold in year %d of %q: %w", year, account, err)
	}
	return out, nil
}

// ClaimSeats implements ledger.Tx: one UPDATE claims and reports the grant
// when the year exists; within the write transaction nothing interleaves.
func (t *txn) ClaimSeats(ctx context.Context, account string, year, n, allowance int) (int, error) {
	t.pre = nil // served reads no longer hold after a write
	var g int
	found, err := t.queryRow(ctx, qClaim, append(t.args[:0], int64(n), account, int64(year)), func(v []driver.Value) error {
		r := row{v: v}
		g = r.int(0)
		return r.err
	})
	switch {
	case err != nil:
		return 0, fmt.Errorf("sqlitestore: claim seats: %w", err)
	case found:
		return g, nil
	}
	// No year yet (or one with hold counts only): create it with allowance.
	u, _, err := t.Year(ctx, account, year)
	if err != nil {
		return 0, err
	}
	g = max(0, min(n, allowance-u.Used))
	if err := t.exec(ctx, qCreateYear, account, int64(year), int64(allowance), int64(u.Used+g)); err != nil {
		return 0, fmt.Errorf("sqlitestore: claim seats: %w", err)
	}
	return g, nil
}

// SetAllowance implements ledger.Tx.
func (t *txn) SetAllowance(ctx context.Context, account string, year, allowance int) error {
	t.pre = nil // served reads no longer hold after a write
	if err := t.exec(ctx, qSetAllowance, account, int64(year), int64(allowance)); err != nil {
		return fmt.Errorf("sqlitestore: set allowance: %w", err)
	}
	return nil
}

// PutCredentials implements ledger.Tx.
func (t *txn) PutCredentials(ctx context.Context, recs []ledger.CredentialRecord) error {
	t.pre = nil // served reads no longer hold after a write
	return parts(len(recs), func(lo, hi int) error {
		t.args = t.args[:0]
		for _, r := range recs[lo:hi] {
			t.args = append(t.args, r.Account, r.ID, r.Recipient, r.Group, int64(r.SeatYear), r.Deleted)
		}
		st, err := t.stmt(qPutCredentials, hi-lo)
		if err != nil {
			return err
		}
		if _, err := st.(driver.StmtExecContext).ExecContext(ctx, t.named(t.args)); err != nil {
			return fmt.Errorf("sqlitestore: put credentials: %w", mapErr(err))
		}
		return nil
	})
}

// Append implements ledger.Tx. SQLite assigns each Seq (the rowid) and
// returns it; rows are matched back by (account, key), which is unique.
func (t *txn) Append(ctx context.Context, entries []ledger.Entry) error {
	t.pre = nil // served reads no longer hold after a write
	for _, e := range entries {
		if ns := e.At.UnixNano(); !time.Unix(0, ns).Equal(e.At) {
			return fmt.Errorf("%w: entry %q: time %s outside the years 1678-2262", ledger.ErrInvalid, e.Key, e.At)
		}
	}
	if len(entries) == 1 {
		return t.appendOne(ctx, &entries[0])
	}
	seqs := make([]int64, len(entries))
	err := parts(len(entries), func(lo, hi int) error {
		part := entries[lo:hi]
		var index map[[2]string]int // by (account, key), for parts of several rows
		if len(part) > 1 {
			index = make(map[[2]string]int, len(part))
			for i, e := range part {
				index[[2]string{e.Account, e.Key}] = i
			}
		}
		t.args = t.args[:0]
		for _, e := range part {
			t.args = append(t.args, e.Account, e.Key, e.At.UnixNano(), string(e.Op), e.CredentialID,
				e.Recipient, e.Group, int64(e.Year), e.Charged, string(e.Reason), int64(e.Seats))
		}
		seen := 0
		err := t.query(ctx, qAppend, len(part), t.args, func(v []driver.Value) error {
			r := row{v: v}
			seq, k := r.int64(0), [2]string{r.str(1), r.str(2)}
			if r.err != nil {
				return r.err
			}
			i, ok := 0, true
			if index != nil {
				i, ok = index[k]
			}
			if !ok {
				return fmt.Errorf("unexpected key %q in result", k[1])
			}
			seqs[lo+i] = seq
			seen++
			return nil
		})
		if err == nil && seen != len(part) {
			err = fmt.Errorf("%d results for %d entries", seen, len(part))
		}
		return err
	})
	switch {
	case isUniqueViolation(err):
		return fmt.Errorf("%w: sqlitestore: an idempotency key is already recorded: %w", ledger.ErrTxConflict, err)
	case err != nil:
		return fmt.Errorf("sqlitestore: append: %w", err)
	}
	for i := range entries {
		entries[i].Seq = seqs[i]
	}
	return nil
}

// appendOne is Append for one entry: a plain INSERT, whose rowid SQLite
// reports without the cost of a RETURNING result set.
func (t *txn) appendOne(ctx context.Context, e *ledger.Entry) error {
	t.args = append(t.args[:0], e.Account, e.Key, e.At.UnixNano(), string(e.Op), e.CredentialID,
		e.Recipient, e.Group, int64(e.Year), e.Charged, string(e.Reason), int64(e.Seats))
	st, err := t.stmt(qAppendOne, 1)
	if err != nil {
		return fmt.Errorf("sqlitestore: append: %w", err)
	}
	res, err := st.(driver.StmtExecContext).ExecContext(ctx, t.named(t.args))
	var seq int64
	if err == nil {
		seq, err = res.LastInsertId()
	}
	switch {
	case isUniqueViolation(err):
		return fmt.Errorf("%w: sqlitestore: an idempotency key is already recorded: %w", ledger.ErrTxConflict, err)
	case err != nil:
		return fmt.Errorf("sqlitestore: append: %w", mapErr(err))
	}
	e.Seq = seq
	return nil
}
