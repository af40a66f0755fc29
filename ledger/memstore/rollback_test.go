package memstore

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/laurelhq/laurel/ledger"
)

// snapshot is everything a Store holds, in comparable form.
type snapshot struct {
	Entries  []ledger.Entry
	Accounts map[string]acctSnapshot
}

type acctSnapshot struct {
	Opened  bool
	Account ledger.Account
	Years   map[int]yearSnapshot
	Creds   map[string]ledger.CredentialRecord
	ByKey   map[string]int
	Entries []int
}

type yearSnapshot struct {
	Exists  bool
	Usage   ledger.YearUsage
	Holders map[string]int // non-zero counts
}

func snap(s *Store) snapshot {
	out := snapshot{Accounts: map[string]acctSnapshot{}}
	for i := range s.entries.len() {
		out.Entries = append(out.Entries, *s.entries.at(i))
	}
	for id, a := range s.accounts {
		as := acctSnapshot{Opened: a.opened, Account: a.account, Years: map[int]yearSnapshot{},
			Creds: map[string]ledger.CredentialRecord{}, ByKey: map[string]int{}}
		for n, y := range a.years {
			ys := yearSnapshot{Exists: y.exists, Usage: y.usage, Holders: map[string]int{}}
			if y.holders.len() != y.counts.len() {
				panic(fmt.Sprintf("account %q year %d: %d recipients indexed for %d counts", id, n, y.holders.len(), y.counts.len()))
			}
			for i := range y.counts.len() {
				c := y.counts.at(i)
				if n, pos := y.count(c.recipient); n != c.n || pos != i {
					panic(fmt.Sprintf("recipient %q indexed at %d, stored at %d", c.recipient, pos, i))
				}
				if c.n != 0 {
					ys.Holders[c.recipient] = c.n
				}
			}
			as.Years[n] = ys
		}
		if a.creds.len() != a.recs.len() {
			panic(fmt.Sprintf("account %q: %d credential IDs indexed for %d records", id, a.creds.len(), a.recs.len()))
		}
		for i := range a.recs.len() {
			c := a.recs.at(i)
			if pos, ok := a.creds.get(c.id, a.credAt); !ok || pos != i {
				panic(fmt.Sprintf("credential %q indexed at %d, stored at %d", c.id, pos, i))
			}
			as.Creds[c.id] = c.record(id, c.id)
		}
		if a.byKey.len() != a.entries.len() {
			panic(fmt.Sprintf("account %q: %d keys indexed for %d entries", id, a.byKey.len(), a.entries.len()))
		}
		for i := range a.entries.len() {
			n := *a.entries.at(i)
			k := s.entries.at(n).Key
			if pos, ok := a.byKey.get(k, s.keyAt); !ok || pos != n {
				panic(fmt.Sprintf("key %q indexed at %d, stored at %d", k, pos, n))
			}
			as.ByKey[k] = n
			as.Entries = append(as.Entries, n)
		}
		out.Accounts[id] = as
	}
	return out
}

// writeAll makes every kind of write on accounts "a", "b" and a new one,
// n entries and credentials each, tagged so that two calls never collide.
func writeAll(ctx context.Context, tx ledger.Tx, tag string, n int) error {
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, acct := range []string{"a", "b", "new-" + tag} { // the last one is created
		if err := tx.PutAccount(ctx, ledger.Account{ID: acct, Plan: ledger.Plan{Seats: n, Start: start}}); err != nil {
			return err
		}
		if err := tx.SetAllowance(ctx, acct, 0, n); err != nil {
			return err
		}
		if _, err := tx.ClaimSeats(ctx, acct, 1, 3, n); err != nil {
			return err
		}
		var recs []ledger.CredentialRecord
		var entries []ledger.Entry
		for i := range n {
			id := fmt.Sprintf("%s-c%d", tag, i)
			r := fmt.Sprintf("r%d@example.org", i%7)
			recs = append(recs, ledger.CredentialRecord{Account: acct, ID: id, Recipient: r, SeatYear: i % 2})
			recs = append(recs, ledger.CredentialRecord{Account: acct, ID: "shared", Recipient: r, Deleted: i%2 == 0})
			entries = append(entries, ledger.Entry{Account: acct, Key: tag + id, CredentialID: id, Recipient: r, Op: ledger.OpPublish})
			if _, err := tx.Hold(ctx, acct, i%3, []ledger.HoldDelta{{Recipient: r, Delta: 1}}); err != nil {
				return err
			}
		}
		if _, err := tx.Hold(ctx, acct, 0, []ledger.HoldDelta{{Recipient: "r0@example.org", Delta: -1}}); err != nil {
			return err
		}
		// Single reads and writes, as Publish makes them (the cached misses).
		if _, err := tx.EntriesByKey(ctx, acct, []string{tag + "one"}); err != nil {
			return err
		}
		if _, err := tx.Credentials(ctx, acct, []string{tag + "one"}); err != nil {
			return err
		}
		recs = append(recs, ledger.CredentialRecord{Account: acct, ID: tag + "one", Recipient: "one@example.org"})
		entries = append(entries, ledger.Entry{Account: acct, Key: tag + "one", Op: ledger.OpPublish})
		if err := tx.PutCredentials(ctx, recs); err != nil {
			return err
		}
		if err := tx.Append(ctx, entries); err != nil {
			return err
		}
	}
	return nil
}

// TestRollbackRestoresEverything fails transactions after every kind of
// write, on top of committed data that spans several blocks, and requires
// the store to be exactly as before.
func TestRollbackRestoresEverything(t *testing.T) {
	t.Run("Hashes", func(t *testing.T) { testRollback(t, New()) })
	// With 3-bit hashes nearly every string collides with another.
	t.Run("Collisions", func(t *testing.T) { testRollback(t, newStore(7)) })
}

func testRollback(t *testing.T, s *Store) {
	ctx := context.Background()
	if err := s.Update(ctx, func(tx ledger.Tx) error { return writeAll(ctx, tx, "x", blockSize+100) }); err != nil {
		t.Fatal(err)
	}
	before := snap(s)
	if len(before.Entries) != 3*(blockSize+101) {
		t.Fatalf("%d entries committed", len(before.Entries))
	}
	errFail := errors.New("fail")
	for _, n := range []int{1, 50, blockSize, 2*blockSize + 3} {
		err := s.Update(ctx, func(tx ledger.Tx) error {
			if err := writeAll(ctx, tx, fmt.Sprint("y", n), n); err != nil {
				return err
			}
			return errFail
		})
		if !errors.Is(err, errFail) {
			t.Fatalf("n=%d: Update returned %v", n, err)
		}
		if after := snap(s); !reflect.DeepEqual(before, after) {
			t.Fatalf("n=%d: store changed by a failed transaction", n)
		}
	}
	// A key recorded twice fails inside Append and rolls back too, also
	// when the key was read as absent earlier in the transaction.
	err := s.Update(ctx, func(tx ledger.Tx) error {
		if _, err := tx.EntriesByKey(ctx, "a", []string{"new"}); err != nil {
			return err
		}
		return tx.Append(ctx, []ledger.Entry{{Account: "a", Key: "new"}, {Account: "a", Key: "new"}})
	})
	if !errors.Is(err, ledger.ErrTxConflict) {
		t.Fatalf("duplicate key: %v", err)
	}
	if after := snap(s); !reflect.DeepEqual(before, after) {
		t.Fatal("store changed by a conflicting transaction")
	}
	// A panic rolls back as well.
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("no panic")
			}
		}()
		_ = s.Update(ctx, func(tx ledger.Tx) error {
			if err := writeAll(ctx, tx, "z", 10); err != nil {
				return err
			}
			panic("boom")
		})
	}()
	if after := snap(s); !reflect.DeepEqual(before, after) {
		t.Fatal("store changed by a panicking transaction")
	}
	// And a committed transaction is all there.
	if err := s.Update(ctx, func(tx ledger.Tx) error { return writeAll(ctx, tx, "w", 3) }); err != nil {
		t.Fatal(err)
	}
	after := snap(s)
	if got, want := len(after.Entries), len(before.Entries)+3*4; got != want {
		t.Fatalf("%d entries after commit, want %d", got, want)
	}
	if _, ok := after.Accounts["a"].Creds["wone"]; !ok {
		t.Fatal("credential of the committed transaction missing")
	}
}

func TestChunked(t *testing.T) {
	var c chunked[int]
	for n := range 3*blockSize + 5 {
		if i := c.push(n); i != n {
			t.Fatalf("push %d returned index %d", n, i)
		}
	}
	for range 2*blockSize + 1 {
		c.pop()
	}
	for n := c.len(); n < 3*blockSize; n++ {
		c.push(n)
	}
	if c.len() != 3*blockSize {
		t.Fatalf("len %d", c.len())
	}
	for i := range c.len() {
		if *c.at(i) != i {
			t.Fatalf("at(%d) = %d", i, *c.at(i))
		}
	}
	for i, b := range c.blocks {
		if len(b) != blockSize {
			t.Fatalf("block %d holds %d", i, len(b))
		}
	}
}
