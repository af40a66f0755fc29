package memstore

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/laurelhq/laurel/ledger"
)

// acctState is everything stored under one account ID. Keeping it per
// account makes every lookup hash one string instead of a composite key.
type acctState struct {
	opened  bool // PutAccount was called (Tx methods may touch an account before)
	account ledger.Account
	years   map[int]*yearState
	creds   map[string]ledger.CredentialRecord
	byKey   map[string]int // index into Store.entries
	entries []int          // indexes into Store.entries, in Seq order
}

// yearState is one billing year of an account.
type yearState struct {
	exists  bool // created by ClaimSeats or SetAllowance; Year reports ok
	usage   ledger.YearUsage
	holders map[string]int // live credentials per recipient
}

// Store is an in-memory ledger.Store. Transactions are serialised by one
// mutex; a failed transaction is rolled back by replaying an undo log.
type Store struct {
	mu       sync.RWMutex
	accounts map[string]*acctState
	entries  []ledger.Entry
	tx       tx // the one write transaction, reused (guarded by mu)
}

// New returns an empty store.
func New() *Store {
	s := &Store{accounts: map[string]*acctState{}}
	s.tx.s = s
	return s
}

var _ ledger.Store = (*Store)(nil)

// Update implements ledger.Store.
func (s *Store) Update(ctx context.Context, fn func(ledger.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := &s.tx
	t.undo = t.undo[:0]
	completed := false
	defer func() {
		if !completed { // fn failed or panicked
			t.rollback()
		}
		clear(t.undo) // keep no references to old values
	}()
	if err := fn(t); err != nil {
		return err
	}
	completed = true
	return nil
}

// View implements ledger.Store.
func (s *Store) View(ctx context.Context, fn func(ledger.View) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return fn(&view{s: s})
}

// view reads the store; its methods are shared by tx.
type view struct{ s *Store }

func (v *view) acct(id string) *acctState { return v.s.accounts[id] }

func (v *view) Account(_ context.Context, id string) (ledger.Account, error) {
	a := v.acct(id)
	if a == nil || !a.opened {
		return ledger.Account{}, fmt.Errorf("%w: %q", ledger.ErrUnknownAccount, id)
	}
	return a.account, nil
}

func (v *view) EntriesByKey(_ context.Context, account string, keys []string) (map[string]ledger.Entry, error) {
	m := make(map[string]ledger.Entry)
	if a := v.acct(account); a != nil {
		for _, k := range keys {
			if i, ok := a.byKey[k]; ok {
				m[k] = v.s.entries[i]
			}
		}
	}
	return m, nil
}

func (v *view) Credentials(_ context.Context, account string, ids []string) (map[string]ledger.CredentialRecord, error) {
	m := make(map[string]ledger.CredentialRecord)
	if a := v.acct(account); a != nil {
		for _, id := range ids {
			if c, ok := a.creds[id]; ok {
				m[id] = c
			}
		}
	}
	return m, nil
}

func (v *view) year(account string, year int) *yearState {
	if a := v.acct(account); a != nil {
		return a.years[year]
	}
	return nil
}

func (v *view) Year(_ context.Context, account string, year int) (ledger.YearUsage, bool, error) {
	y := v.year(account, year)
	if y == nil || !y.exists {
		return ledger.YearUsage{}, false, nil
	}
	return y.usage, true, nil
}

func (v *view) Holding(_ context.Context, account string, year int, recipients []string) (map[string]bool, error) {
	m := make(map[string]bool)
	if y := v.year(account, year); y != nil {
		for _, r := range recipients {
			if y.holders[r] > 0 {
				m[r] = true
			}
		}
	}
	return m, nil
}

func (v *view) Entries(_ context.Context, account string, after int64, limit int) ([]ledger.Entry, error) {
	a := v.acct(account)
	if a == nil {
		return nil, nil
	}
	idx := a.entries
	i := sort.Search(len(idx), func(i int) bool { return v.s.entries[idx[i]].Seq > after })
	var out []ledger.Entry
	for ; i < len(idx) && len(out) < limit; i++ {
		out = append(out, v.s.entries[idx[i]])
	}
	return out, nil
}

// undoKind names what an undo step restores.
type undoKind uint8

const (
	undoAccount undoKind = iota + 1 // account: opened and account
	undoYear                        // year: exists and usage
	undoHolder                      // year.holders[key] = n
	undoCred                        // acct.creds[key] = cred, or delete if !had
	undoAppend                      // drop the last entry of acct and of the store
	undoNewAcct                     // delete accounts[key]
	undoNewYear                     // delete acct.years[n]
)

// undo is one step of a transaction's undo log; plain data, so logging a
// write allocates nothing once the log has grown.
type undo struct {
	kind    undoKind
	had     bool
	n       int
	key     string
	acct    *acctState
	year    *yearState
	usage   ledger.YearUsage
	account ledger.Account
	cred    ledger.CredentialRecord
}

// tx is the write transaction.
type tx struct {
	view
	undo []undo
}

func (t *tx) log(u undo) { t.undo = append(t.undo, u) }

func (t *tx) rollback() {
	s := t.s
	for i := len(t.undo) - 1; i >= 0; i-- {
		u := &t.undo[i]
		switch u.kind {
		case undoAccount:
			u.acct.opened, u.acct.account = u.had, u.account
		case undoYear:
			u.year.exists, u.year.usage = u.had, u.usage
		case undoHolder:
			u.year.holders[u.key] = u.n
		case undoCred:
			if u.had {
				u.acct.creds[u.key] = u.cred
			} else {
				delete(u.acct.creds, u.key)
			}
		case undoAppend:
			delete(u.acct.byKey, u.key)
			u.acct.entries = u.acct.entries[:len(u.acct.entries)-1]
			s.entries[len(s.entries)-1] = ledger.Entry{}
			s.entries = s.entries[:len(s.entries)-1]
		case undoNewAcct:
			delete(s.accounts, u.key)
		case undoNewYear:
			delete(u.acct.years, u.n)
		}
	}
}

// acctFor returns the account's state, creating it (undoably) if needed.
func (t *tx) acctFor(id string) *acctState {
	a := t.s.accounts[id]
	if a == nil {
		a = &acctState{years: map[int]*yearState{}, creds: map[string]ledger.CredentialRecord{}, byKey: map[string]int{}}
		t.s.accounts[id] = a
		t.log(undo{kind: undoNewAcct, key: id})
	}
	return a
}

// yearFor returns the year's state, creating it (undoably) if needed.
func (t *tx) yearFor(account string, year int) *yearState {
	a := t.acctFor(account)
	y := a.years[year]
	if y == nil {
		y = &yearState{holders: map[string]int{}}
		a.years[year] = y
		t.log(undo{kind: undoNewYear, acct: a, n: year})
	}
	return y
}

func (t *tx) PutAccount(_ context.Context, acc ledger.Account) error {
	a := t.acctFor(acc.ID)
	t.log(undo{kind: undoAccount, acct: a, had: a.opened, account: a.account})
	a.opened, a.account = true, acc
	return nil
}

// touchYear logs the year's usage before a change and marks it existing,
// with allowance if it is new.
func (t *tx) touchYear(account string, year, allowance int) *yearState {
	y := t.yearFor(account, year)
	t.log(undo{kind: undoYear, year: y, had: y.exists, usage: y.usage})
	if !y.exists {
		y.exists, y.usage.Allowance = true, allowance
	}
	return y
}

func (t *tx) Hold(_ context.Context, account string, year int, deltas []ledger.HoldDelta) ([]int, error) {
	y := t.yearFor(account, year)
	out := make([]int, len(deltas))
	t.log(undo{kind: undoYear, year: y, had: y.exists, usage: y.usage}) // Recipients changes
	for i, d := range deltas {
		before := y.holders[d.Recipient]
		after := before + d.Delta
		if after < 0 {
			return nil, fmt.Errorf("memstore: hold count of %q would go negative", d.Recipient)
		}
		t.log(undo{kind: undoHolder, year: y, key: d.Recipient, n: before})
		y.holders[d.Recipient] = after
		switch {
		case before == 0 && after > 0:
			y.usage.Recipients++
		case before > 0 && after == 0:
			y.usage.Recipients--
		}
		out[i] = after
	}
	return out, nil
}

func (t *tx) ClaimSeats(_ context.Context, account string, year, n, allowance int) (int, error) {
	y := t.touchYear(account, year, allowance)
	g := max(0, min(n, y.usage.Allowance-y.usage.Used))
	y.usage.Used += g
	return g, nil
}

func (t *tx) SetAllowance(_ context.Context, account string, year, allowance int) error {
	y := t.touchYear(account, year, allowance)
	y.usage.Allowance = allowance
	return nil
}

func (t *tx) PutCredentials(_ context.Context, recs []ledger.CredentialRecord) error {
	for _, r := range recs {
		a := t.acctFor(r.Account)
		old, had := a.creds[r.ID]
		t.log(undo{kind: undoCred, acct: a, key: r.ID, had: had, cred: old})
		a.creds[r.ID] = r
	}
	return nil
}

func (t *tx) Append(_ context.Context, entries []ledger.Entry) error {
	for i := range entries {
		a := t.acctFor(entries[i].Account)
		k := entries[i].Key
		if _, dup := a.byKey[k]; dup {
			return fmt.Errorf("%w: key %q recorded twice", ledger.ErrTxConflict, k)
		}
		entries[i].Seq = int64(len(t.s.entries) + 1)
		a.byKey[k] = len(t.s.entries)
		a.entries = append(a.entries, len(t.s.entries))
		t.s.entries = append(t.s.entries, entries[i])
		t.log(undo{kind: undoAppend, acct: a, key: k})
	}
	return nil
}
