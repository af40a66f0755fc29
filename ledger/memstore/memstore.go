package memstore

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/laurelhq/laurel/ledger"
)

type yearKey struct {
	account string
	year    int
}

type seatKey struct {
	account   string
	year      int
	recipient string
}

type credKey struct{ account, id string }

type entryKey struct{ account, key string }

// Store is an in-memory ledger.Store. Transactions are serialised by one
// mutex; a failed transaction is rolled back by replaying an undo log.
type Store struct {
	mu       sync.RWMutex
	accounts map[string]ledger.Account
	years    map[yearKey]*ledger.YearUsage
	holders  map[seatKey]int
	recips   map[yearKey]int // recipients with a positive hold count
	creds    map[credKey]ledger.CredentialRecord
	byKey    map[entryKey]int // index into entries
	entries  []ledger.Entry
	perAcct  map[string][]int // entry indexes per account, in Seq order
}

// New returns an empty store.
func New() *Store {
	return &Store{
		accounts: map[string]ledger.Account{},
		years:    map[yearKey]*ledger.YearUsage{},
		holders:  map[seatKey]int{},
		recips:   map[yearKey]int{},
		creds:    map[credKey]ledger.CredentialRecord{},
		byKey:    map[entryKey]int{},
		perAcct:  map[string][]int{},
	}
}

var _ ledger.Store = (*Store)(nil)

// Update implements ledger.Store.
func (s *Store) Update(ctx context.Context, fn func(ledger.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tx := &tx{s: s}
	err := fn(tx)
	if err != nil {
		for i := len(tx.undo) - 1; i >= 0; i-- {
			tx.undo[i]()
		}
	}
	return err
}

// View implements ledger.Store.
func (s *Store) View(ctx context.Context, fn func(ledger.View) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return fn(&tx{s: s})
}

type tx struct {
	s    *Store
	undo []func()
}

func (t *tx) Account(_ context.Context, id string) (ledger.Account, error) {
	a, ok := t.s.accounts[id]
	if !ok {
		return a, fmt.Errorf("%w: %q", ledger.ErrUnknownAccount, id)
	}
	return a, nil
}

func (t *tx) EntriesByKey(_ context.Context, account string, keys []string) (map[string]ledger.Entry, error) {
	m := make(map[string]ledger.Entry)
	for _, k := range keys {
		if i, ok := t.s.byKey[entryKey{account, k}]; ok {
			m[k] = t.s.entries[i]
		}
	}
	return m, nil
}

func (t *tx) Credentials(_ context.Context, account string, ids []string) (map[string]ledger.CredentialRecord, error) {
	m := make(map[string]ledger.CredentialRecord)
	for _, id := range ids {
		if c, ok := t.s.creds[credKey{account, id}]; ok {
			m[id] = c
		}
	}
	return m, nil
}

func (t *tx) Year(_ context.Context, account string, year int) (ledger.YearUsage, bool, error) {
	y, ok := t.s.years[yearKey{account, year}]
	if !ok {
		return ledger.YearUsage{}, false, nil
	}
	u := *y
	u.Recipients = t.s.recips[yearKey{account, year}]
	return u, true, nil
}

func (t *tx) Holding(_ context.Context, account string, year int, recipients []string) (map[string]bool, error) {
	m := make(map[string]bool)
	for _, r := range recipients {
		if t.s.holders[seatKey{account, year, r}] > 0 {
			m[r] = true
		}
	}
	return m, nil
}

func (t *tx) Entries(_ context.Context, account string, after int64, limit int) ([]ledger.Entry, error) {
	idx := t.s.perAcct[account]
	i := sort.Search(len(idx), func(i int) bool { return t.s.entries[idx[i]].Seq > after })
	var out []ledger.Entry
	for ; i < len(idx) && len(out) < limit; i++ {
		out = append(out, t.s.entries[idx[i]])
	}
	return out, nil
}

func (t *tx) PutAccount(_ context.Context, a ledger.Account) error {
	old, had := t.s.accounts[a.ID]
	t.s.accounts[a.ID] = a
	t.undo = append(t.undo, func() {
		if had {
			t.s.accounts[a.ID] = old
		} else {
			delete(t.s.accounts, a.ID)
		}
	})
	return nil
}

// year returns the year record, creating it with allowance.
func (t *tx) year(account string, year, allowance int) *ledger.YearUsage {
	k := yearKey{account, year}
	y, ok := t.s.years[k]
	if !ok {
		y = &ledger.YearUsage{Allowance: allowance}
		t.s.years[k] = y
		t.undo = append(t.undo, func() { delete(t.s.years, k) })
	}
	return y
}

func (t *tx) Hold(_ context.Context, account string, year int, deltas []ledger.HoldDelta) ([]int, error) {
	out := make([]int, len(deltas))
	for i, d := range deltas {
		k := seatKey{account, year, d.Recipient}
		before := t.s.holders[k]
		after := before + d.Delta
		if after < 0 {
			return nil, fmt.Errorf("memstore: hold count of %q would go negative", d.Recipient)
		}
		t.s.holders[k] = after
		adj := 0
		switch {
		case before == 0 && after > 0:
			adj = 1
		case before > 0 && after == 0:
			adj = -1
		}
		yk := yearKey{account, year}
		t.s.recips[yk] += adj
		t.undo = append(t.undo, func() {
			t.s.holders[k] = before
			t.s.recips[yk] -= adj
		})
		out[i] = after
	}
	return out, nil
}

func (t *tx) ClaimSeats(_ context.Context, account string, year, n, allowance int) (int, error) {
	y := t.year(account, year, allowance)
	g := max(0, min(n, y.Allowance-y.Used))
	y.Used += g
	t.undo = append(t.undo, func() { y.Used -= g })
	return g, nil
}

func (t *tx) SetAllowance(_ context.Context, account string, year, allowance int) error {
	y := t.year(account, year, allowance)
	old := y.Allowance
	y.Allowance = allowance
	t.undo = append(t.undo, func() { y.Allowance = old })
	return nil
}

func (t *tx) PutCredentials(_ context.Context, recs []ledger.CredentialRecord) error {
	for _, r := range recs {
		k := credKey{r.Account, r.ID}
		old, had := t.s.creds[k]
		t.s.creds[k] = r
		t.undo = append(t.undo, func() {
			if had {
				t.s.creds[k] = old
			} else {
				delete(t.s.creds, k)
			}
		})
	}
	return nil
}

func (t *tx) Append(_ context.Context, entries []ledger.Entry) error {
	for i := range entries {
		k := entryKey{entries[i].Account, entries[i].Key}
		if _, dup := t.s.byKey[k]; dup {
			return fmt.Errorf("%w: key %q recorded twice", ledger.ErrTxConflict, k.key)
		}
		entries[i].Seq = int64(len(t.s.entries) + 1)
		t.s.byKey[k] = len(t.s.entries)
		t.s.perAcct[k.account] = append(t.s.perAcct[k.account], len(t.s.entries))
		t.s.entries = append(t.s.entries, entries[i])
		t.undo = append(t.undo, func() {
			delete(t.s.byKey, k)
			pa := t.s.perAcct[k.account]
			t.s.perAcct[k.account] = pa[:len(pa)-1]
			t.s.entries = t.s.entries[:len(t.s.entries)-1]
		})
	}
	return nil
}
