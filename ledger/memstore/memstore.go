package memstore

import (
	"context"
	"fmt"
	"hash/maphash"
	"sort"
	"sync"

	"github.com/laurelhq/laurel/ledger"
)

// acctState is everything stored under one account ID. Keeping it per
// account makes every lookup hash one string instead of a composite key.
type acctState struct {
	id      string
	opened  bool // PutAccount was called (Tx methods may touch an account before)
	account ledger.Account
	years   map[int]*yearState
	creds   index              // credential ID → position in recs
	recs    chunked[credState] // credential records, in creation order
	byKey   index              // key → position in Store.entries
	entries chunked[int]       // indexes into Store.entries, in Seq order
}

// credState is a stored CredentialRecord less its Account and ID, which
// are the keys it is stored under.
type credState struct {
	id               string // the key it is stored under (for index)
	recipient, group string
	seatYear         int
	deleted          bool
}

func (c *credState) record(account, id string) ledger.CredentialRecord {
	return ledger.CredentialRecord{Account: account, ID: id, Recipient: c.recipient, Group: c.group,
		SeatYear: c.seatYear, Deleted: c.deleted}
}

// yearState is one billing year of an account.
type yearState struct {
	exists  bool // created by ClaimSeats or SetAllowance; Year reports ok
	usage   ledger.YearUsage
	holders index                // recipient → position in counts
	counts  chunked[holderCount] // in order of first hold
}

// holderCount is how many live credentials hold a recipient's seat.
type holderCount struct {
	recipient string
	n         int
}

func (y *yearState) recipientAt(i int) string { return y.counts.at(i).recipient }

// count returns the recipient's count and its position (-1 if it has none).
func (y *yearState) count(recipient string) (n, pos int) {
	i, ok := y.holders.get(recipient, y.recipientAt)
	if !ok {
		return 0, -1
	}
	return y.counts.at(i).n, i
}

func (a *acctState) credAt(i int) string { return a.recs.at(i).id }

func (s *Store) keyAt(i int) string { return s.entries.at(i).Key }

// Store is an in-memory ledger.Store. Transactions are serialised by one
// mutex; a failed transaction is rolled back by replaying an undo log.
type Store struct {
	mu       sync.RWMutex
	accounts map[string]*acctState
	entries  chunked[ledger.Entry] // Seq i+1 at index i
	tx       tx                    // the one write transaction, reused (guarded by mu)
	seed     maphash.Seed          // for every index
	mask     uint64                // for every index (see index.mask)
}

// New returns an empty store.
func New() *Store { return newStore(^uint64(0)) }

func newStore(mask uint64) *Store {
	s := &Store{accounts: map[string]*acctState{}, seed: maphash.MakeSeed(), mask: mask}
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
	t.reset()
	completed := false
	defer func() {
		if !completed { // fn failed or panicked
			t.rollback()
		}
		// Keep no references to old values.
		clear(t.undo)
		clear(t.savedCreds)
		clear(t.savedAccounts)
		t.savedCreds, t.savedAccounts, t.savedUsage = t.savedCreds[:0], t.savedAccounts[:0], t.savedUsage[:0]
		t.reset()
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
type view struct {
	s *Store
	// last is the account looked up last (nil if none): one operation
	// makes several calls on one account.
	last *acctState
}

func (v *view) acct(id string) *acctState {
	if a := v.last; a != nil && a.id == id {
		return a
	}
	a := v.s.accounts[id]
	if a != nil {
		v.last = a
	}
	return a
}

func (v *view) Account(_ context.Context, id string) (ledger.Account, error) {
	a := v.acct(id)
	if a == nil || !a.opened {
		return ledger.Account{}, fmt.Errorf("%w: %q", ledger.ErrUnknownAccount, id)
	}
	return a.account, nil
}

func (v *view) EntriesByKey(_ context.Context, account string, keys []string) (map[string]ledger.Entry, error) {
	m, _ := v.entriesByKey(account, keys)
	return m, nil
}

// entriesByKey is EntriesByKey, also returning the account (nil if it has
// no state).
func (v *view) entriesByKey(account string, keys []string) (map[string]ledger.Entry, *acctState) {
	m := make(map[string]ledger.Entry)
	a := v.acct(account)
	if a != nil {
		for _, k := range keys {
			if i, ok := a.byKey.get(k, v.s.keyAt); ok {
				m[k] = *v.s.entries.at(i)
			}
		}
	}
	return m, a
}

func (v *view) Credentials(_ context.Context, account string, ids []string) (map[string]ledger.CredentialRecord, error) {
	m, _ := v.credentials(account, ids)
	return m, nil
}

// credentials is Credentials, also returning the account (nil if it has
// no state).
func (v *view) credentials(account string, ids []string) (map[string]ledger.CredentialRecord, *acctState) {
	m := make(map[string]ledger.CredentialRecord)
	a := v.acct(account)
	if a != nil {
		for _, id := range ids {
			if i, ok := a.creds.get(id, a.credAt); ok {
				m[id] = a.recs.at(i).record(account, id)
			}
		}
	}
	return m, a
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
			if n, _ := y.count(r); n > 0 {
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
	idx := &a.entries
	seq := func(i int) int64 { return v.s.entries.at(*idx.at(i)).Seq }
	i := sort.Search(idx.len(), func(i int) bool { return seq(i) > after })
	var out []ledger.Entry
	for ; i < idx.len() && len(out) < limit; i++ {
		out = append(out, *v.s.entries.at(*idx.at(i)))
	}
	return out, nil
}

// undoKind names what an undo step restores.
type undoKind uint8

const (
	undoAccount   undoKind = iota + 1 // acct: opened = had, account = last of savedAccounts
	undoYear                          // year: exists = had, usage = last of savedUsage
	undoHolder                        // year.counts[n].n = m
	undoNewHolder                     // remove the last of year.counts
	undoCred                          // acct.recs[n] = last of savedCreds
	undoNewCred                       // remove the last of acct.recs
	undoAppend                        // remove the last entry of acct and of the store
	undoNewAcct                       // delete accounts[key]
	undoNewYear                       // delete acct.years[n]
)

// undo is one step of a transaction's undo log; plain data, so logging a
// write allocates nothing once the log has grown. Larger old values
// (accounts, year usage, replaced credential records) are saved on side
// stacks, popped in the same reverse order.
type undo struct {
	kind undoKind
	had  bool
	n, m int
	key  string
	acct *acctState
	year *yearState
}

// tx is the write transaction.
type tx struct {
	view
	undo          []undo
	savedCreds    []credState
	savedAccounts []ledger.Account
	savedUsage    []ledger.YearUsage
	// The year looked up last (nil if none), as last is the account.
	lastYear  *yearState
	lastYearA *acctState
	lastYearN int
	// The key and the credential ID last read and found absent: the write
	// that usually follows need not look them up again.
	keyMiss, credMiss miss
}

// miss records that key was absent from a map of acct holding n keys.
// Within a transaction those maps only grow, so while the map still holds
// n keys the key is still absent.
type miss struct {
	acct *acctState
	key  string
	n    int
}

func (m *miss) holds(a *acctState, key string, n int) bool {
	return m.acct == a && m.n == n && m.key == key
}

// reset forgets what the transaction cached.
func (t *tx) reset() {
	t.last, t.keyMiss, t.credMiss = nil, miss{}, miss{}
	t.lastYear, t.lastYearA = nil, nil
}

func (t *tx) EntriesByKey(_ context.Context, account string, keys []string) (map[string]ledger.Entry, error) {
	m, a := t.entriesByKey(account, keys)
	if a != nil && len(keys) == 1 && len(m) == 0 {
		t.keyMiss = miss{a, keys[0], a.byKey.len()}
	}
	return m, nil
}

func (t *tx) Credentials(_ context.Context, account string, ids []string) (map[string]ledger.CredentialRecord, error) {
	m, a := t.credentials(account, ids)
	if a != nil && len(ids) == 1 && len(m) == 0 {
		t.credMiss = miss{a, ids[0], a.creds.len()}
	}
	return m, nil
}

func (t *tx) log(u undo) { t.undo = append(t.undo, u) }

// logYear logs y's state before a change.
func (t *tx) logYear(y *yearState) {
	t.savedUsage = append(t.savedUsage, y.usage)
	t.log(undo{kind: undoYear, year: y, had: y.exists})
}

func (t *tx) rollback() {
	s := t.s
	t.reset() // it may cache an account this removes
	for i := len(t.undo) - 1; i >= 0; i-- {
		u := &t.undo[i]
		switch u.kind {
		case undoAccount:
			last := len(t.savedAccounts) - 1
			u.acct.opened, u.acct.account = u.had, t.savedAccounts[last]
			t.savedAccounts = t.savedAccounts[:last]
		case undoYear:
			last := len(t.savedUsage) - 1
			u.year.exists, u.year.usage = u.had, t.savedUsage[last]
			t.savedUsage = t.savedUsage[:last]
		case undoHolder:
			u.year.counts.at(u.n).n = u.m
		case undoNewHolder:
			y := u.year
			y.holders.remove(y.recipientAt(y.counts.len()-1), y.recipientAt)
			y.counts.pop()
		case undoCred:
			last := len(t.savedCreds) - 1
			*u.acct.recs.at(u.n) = t.savedCreds[last]
			t.savedCreds = t.savedCreds[:last]
		case undoNewCred:
			a := u.acct
			a.creds.remove(a.credAt(a.recs.len()-1), a.credAt)
			a.recs.pop()
		case undoAppend:
			u.acct.byKey.remove(s.keyAt(s.entries.len()-1), s.keyAt)
			u.acct.entries.pop()
			s.entries.pop()
		case undoNewAcct:
			delete(s.accounts, u.key)
		case undoNewYear:
			delete(u.acct.years, u.n)
		}
	}
}

// acctFor returns the account's state, creating it (undoably) if needed.
func (t *tx) acctFor(id string) *acctState {
	a := t.acct(id)
	if a == nil {
		s := t.s
		a = &acctState{id: id, years: map[int]*yearState{}, creds: newIndex(s.seed, s.mask), byKey: newIndex(s.seed, s.mask)}
		t.s.accounts[id] = a
		t.last = a
		t.log(undo{kind: undoNewAcct, key: id})
	}
	return a
}

// yearFor returns the year's state, creating it (undoably) if needed.
func (t *tx) yearFor(account string, year int) *yearState {
	a := t.acctFor(account)
	if y := t.lastYear; y != nil && t.lastYearA == a && t.lastYearN == year {
		return y
	}
	y := a.years[year]
	if y == nil {
		y = &yearState{holders: newIndex(t.s.seed, t.s.mask)}
		a.years[year] = y
		t.log(undo{kind: undoNewYear, acct: a, n: year})
	}
	t.lastYear, t.lastYearA, t.lastYearN = y, a, year
	return y
}

func (t *tx) PutAccount(_ context.Context, acc ledger.Account) error {
	a := t.acctFor(acc.ID)
	t.savedAccounts = append(t.savedAccounts, a.account)
	t.log(undo{kind: undoAccount, acct: a, had: a.opened})
	a.opened, a.account = true, acc
	return nil
}

// touchYear logs the year's usage before a change and marks it existing,
// with allowance if it is new.
func (t *tx) touchYear(account string, year, allowance int) *yearState {
	y := t.yearFor(account, year)
	t.logYear(y)
	if !y.exists {
		y.exists, y.usage.Allowance = true, allowance
	}
	return y
}

func (t *tx) Hold(_ context.Context, account string, year int, deltas []ledger.HoldDelta) ([]int, error) {
	y := t.yearFor(account, year)
	out := make([]int, len(deltas))
	t.logYear(y) // Recipients changes
	for i, d := range deltas {
		before, pos := y.count(d.Recipient)
		after := before + d.Delta
		if after < 0 {
			return nil, fmt.Errorf("memstore: hold count of %q would go negative", d.Recipient)
		}
		if pos >= 0 {
			t.log(undo{kind: undoHolder, year: y, n: pos, m: before})
			y.counts.at(pos).n = after
		} else {
			y.holders.add(d.Recipient, y.counts.push(holderCount{d.Recipient, after}))
			t.log(undo{kind: undoNewHolder, year: y})
		}
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
		c := credState{id: r.ID, recipient: r.Recipient, group: r.Group, seatYear: r.SeatYear, deleted: r.Deleted}
		if !t.credMiss.holds(a, r.ID, a.creds.len()) {
			if i, had := a.creds.get(r.ID, a.credAt); had {
				old := a.recs.at(i)
				t.savedCreds = append(t.savedCreds, *old)
				t.log(undo{kind: undoCred, acct: a, n: i})
				*old = c
				continue
			}
		}
		a.creds.add(r.ID, a.recs.push(c))
		t.log(undo{kind: undoNewCred, acct: a})
	}
	return nil
}

func (t *tx) Append(_ context.Context, entries []ledger.Entry) error {
	s := t.s
	for i := range entries {
		a := t.acctFor(entries[i].Account)
		k := entries[i].Key
		if !t.keyMiss.holds(a, k, a.byKey.len()) {
			if _, dup := a.byKey.get(k, s.keyAt); dup {
				return fmt.Errorf("%w: key %q recorded twice", ledger.ErrTxConflict, k)
			}
		}
		n := s.entries.len()
		entries[i].Seq = int64(n + 1)
		a.entries.push(n)
		s.entries.push(entries[i])
		a.byKey.add(k, n)
		t.log(undo{kind: undoAppend, acct: a})
	}
	return nil
}
