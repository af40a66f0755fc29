package ledgertest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/laurelhq/laurel/ledger"
)

// Publishers is how many goroutines race in the concurrency cases.
const Publishers = 16

// Concurrency runs the concurrency cases. stores are handles on ONE empty
// database (the same value repeated, or several connections/pools to it);
// each gets its own Ledger and the publishers are spread over them.
func Concurrency(t *testing.T, stores []ledger.Store) {
	ledgers := func(t *testing.T, acct string, seats int) []*ledger.Ledger {
		clock := NewClock(T("2024-05-01"))
		var ls []*ledger.Ledger
		for _, s := range stores {
			ls = append(ls, ledger.New(s, ledger.Config{Now: clock.Now, ChunkSize: 50, MaxRetries: 100}))
		}
		if err := ls[0].OpenAccount(context.Background(), acct, ledger.Plan{Seats: seats, Start: T("2024-01-01")}); err != nil {
			t.Fatal(err)
		}
		return ls
	}
	t.Run("RaceForLastSeats", func(t *testing.T) {
		const seats, pool, perWorker = 40, 100, 25
		ls := ledgers(t, "race", seats)
		var mu sync.Mutex
		published := map[string]int{} // recipient -> credentials published
		var wg sync.WaitGroup
		errs := make(chan error, Publishers)
		for w := range Publishers {
			wg.Go(func() {
				l := ls[w%len(ls)]
				for i := range perWorker {
					email := fmt.Sprintf("r%03d@example.org", (w*7+i*13)%pool)
					_, err := l.Publish(context.Background(), ledger.PublishRequest{Key: fmt.Sprintf("w%d-%d", w, i),
						Account: "race", CredentialID: fmt.Sprintf("c-%d-%d", w, i), Email: email})
					switch {
					case err == nil:
						mu.Lock()
						published[email]++
						mu.Unlock()
					case !errors.Is(err, ledger.ErrInsufficientSeats):
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		if len(published) != seats {
			t.Fatalf("%d recipients got credentials, want exactly %d", len(published), seats)
		}
		checkNoDoubleCharge(t, ls[0], "race", seats, len(published))
	})
	t.Run("SameKey", func(t *testing.T) {
		ls := ledgers(t, "samekey", 5)
		outs := make([]ledger.Outcome, Publishers)
		errs := make([]error, Publishers)
		var wg sync.WaitGroup
		for w := range Publishers {
			wg.Go(func() {
				outs[w], errs[w] = ls[w%len(ls)].Publish(context.Background(), ledger.PublishRequest{Key: "retry",
					Account: "samekey", CredentialID: "c1", Email: "a@example.org"})
			})
		}
		wg.Wait()
		fresh := 0
		for w := range Publishers {
			if errs[w] != nil {
				t.Fatal(errs[w])
			}
			if !outs[w].Replayed {
				fresh++
			}
			if outs[w].Entry.Seq != outs[0].Entry.Seq {
				t.Fatalf("different entries for one key: %d and %d", outs[w].Entry.Seq, outs[0].Entry.Seq)
			}
		}
		if fresh != 1 {
			t.Fatalf("%d publishers applied the key, want 1", fresh)
		}
		checkNoDoubleCharge(t, ls[0], "samekey", 1, 1)
	})
	t.Run("SameNewRecipient", func(t *testing.T) {
		ls := ledgers(t, "samerecip", 5)
		var wg sync.WaitGroup
		var mu sync.Mutex
		charged := 0
		for w := range Publishers {
			wg.Go(func() {
				out, err := ls[w%len(ls)].Publish(context.Background(), ledger.PublishRequest{Key: fmt.Sprint(w),
					Account: "samerecip", CredentialID: fmt.Sprint(w), Email: "a@example.org"})
				if err != nil {
					t.Error(err)
					return
				}
				if out.Entry.Charged {
					mu.Lock()
					charged++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if charged != 1 {
			t.Fatalf("%d charged, want 1", charged)
		}
		checkNoDoubleCharge(t, ls[0], "samerecip", 1, 1)
	})
	t.Run("Batches", func(t *testing.T) {
		const seats, workers, per, pool = 150, 4, 120, 300
		ls := ledgers(t, "batches", seats)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				var items []ledger.BatchItem
				for i := range per {
					items = append(items, ledger.BatchItem{CredentialID: fmt.Sprintf("b%d-%d", w, i),
						Email: fmt.Sprintf("r%03d@example.org", (w*37+i*11)%pool)})
				}
				if _, err := ls[w%len(ls)].PublishBatch(context.Background(), "batches", fmt.Sprint("batch", w), items); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		checkNoDoubleCharge(t, ls[0], "batches", seats, -1)
	})
}

// checkNoDoubleCharge checks usage and entries after a race: used seats,
// one charged entry per recipient, no entry to a recipient before its
// charge.
func checkNoDoubleCharge(t *testing.T, l *ledger.Ledger, acct string, wantUsed, wantRecipients int) {
	t.Helper()
	ctx := context.Background()
	u, err := l.Usage(ctx, acct)
	if err != nil {
		t.Fatal(err)
	}
	if u.Used != wantUsed || u.Used > u.Allowance {
		t.Fatalf("used %d of %d, want %d", u.Used, u.Allowance, wantUsed)
	}
	if wantRecipients >= 0 && u.Recipients != wantRecipients {
		t.Fatalf("%d recipients hold seats, want %d", u.Recipients, wantRecipients)
	}
	es, err := l.Entries(ctx, acct, 0, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	charged := map[string]int{}
	published := map[string]bool{}
	for _, e := range es {
		if e.Op != ledger.OpPublish {
			continue
		}
		published[e.Recipient] = true
		if e.Charged {
			charged[e.Recipient]++
		}
	}
	if len(charged) != u.Used {
		t.Fatalf("%d recipients charged in entries, usage says %d", len(charged), u.Used)
	}
	for r, n := range charged {
		if n != 1 {
			t.Fatalf("recipient %s charged %d times", r, n)
		}
	}
	if len(published) != len(charged) {
		t.Fatalf("%d recipients published, %d charged", len(published), len(charged))
	}
}
