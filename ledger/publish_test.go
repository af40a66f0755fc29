package ledger_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/laurelhq/laurel/ledger"
	"github.com/laurelhq/laurel/ledger/ledgertest"
	"github.com/laurelhq/laurel/ledger/memstore"
)

// TestPublishFastPathMatchesBatchPath runs random histories twice, once
// publishing through Publish's single-item path and once through the batch
// path, and requires every outcome, error and the final ledgers to match.
func TestPublishFastPathMatchesBatchPath(t *testing.T) {
	ctx := context.Background()
	long := strings.Repeat("x", ledger.MaxIDLen+1)
	emails := []string{"r0@example.org", "R0@Example.ORG", " r1@example.org ", "r1@example.org", "r2@example.org",
		"Ré@example.org", "r3@x", "", "not an email", "a..b@example.org", "Name <r2@example.org>"}
	pick := func(rng *rand.Rand, xs ...string) string { return xs[rng.IntN(len(xs))] }
	seeds := 40
	if testing.Short() {
		seeds = 5
	}
	seen := map[string]int{} // publish outcomes met, to show the histories cover them
	for seed := range seeds {
		rng := rand.New(rand.NewPCG(uint64(seed), 1))
		clock := ledgertest.NewClock(ledgertest.T("2023-12-20"))
		fast := ledger.New(memstore.New(), ledger.Config{Now: clock.Now})
		slow := ledger.New(memstore.New(), ledger.Config{Now: clock.Now})
		step := 0
		same := func(what string, f func(l *ledger.Ledger) (ledger.Outcome, error), g func(l *ledger.Ledger) (ledger.Outcome, error)) {
			t.Helper()
			o1, err1 := f(fast)
			o2, err2 := g(slow)
			if fmt.Sprint(err1) != fmt.Sprint(err2) || !reflect.DeepEqual(o1, o2) {
				t.Fatalf("seed %d step %d %s:\nfast %+v, %v\nslow %+v, %v", seed, step, what, o1, err1, o2, err2)
			}
		}
		plan := ledger.Plan{Seats: 1 + rng.IntN(5), Start: ledgertest.T("2024-01-01")}
		for _, l := range []*ledger.Ledger{fast, slow} {
			if err := l.OpenAccount(ctx, "a", plan); err != nil {
				t.Fatal(err)
			}
		}
		var published int
		var last ledger.PublishRequest
		for step = range 400 {
			key := pick(rng, "k0", "k1", "k2", fmt.Sprint("k", step), fmt.Sprint("k", step), fmt.Sprint("k", step), "", long)
			cred := pick(rng, "c0", "c1", fmt.Sprint("c", step), fmt.Sprint("c", step), fmt.Sprint("c", step), fmt.Sprint("c", step), "")
			switch rng.IntN(12) {
			case 0:
				clock.Set(clock.Now().Add(time.Duration(rng.IntN(120)) * 24 * time.Hour))
			case 1:
				seats := rng.IntN(8)
				same("plan", func(l *ledger.Ledger) (ledger.Outcome, error) { return l.ChangePlan(ctx, key, "a", seats) },
					func(l *ledger.Ledger) (ledger.Outcome, error) { return l.ChangePlan(ctx, key, "a", seats) })
			case 2:
				req := ledger.RenewRequest{Key: key, Account: "a", CredentialID: pick(rng, "c0", "c1", fmt.Sprint("c", rng.IntN(step+1)))}
				same("renew", func(l *ledger.Ledger) (ledger.Outcome, error) { return l.Renew(ctx, req) },
					func(l *ledger.Ledger) (ledger.Outcome, error) { return l.Renew(ctx, req) })
			case 3:
				req := ledger.DeleteRequest{Key: key, Account: "a", CredentialID: pick(rng, "c0", "c1", fmt.Sprint("c", rng.IntN(step+1)))}
				same("delete", func(l *ledger.Ledger) (ledger.Outcome, error) { return l.Delete(ctx, req) },
					func(l *ledger.Ledger) (ledger.Outcome, error) { return l.Delete(ctx, req) })
			default:
				req := ledger.PublishRequest{Key: key, Account: "a", CredentialID: cred, Email: pick(rng, emails[:5]...)}
				switch rng.IntN(10) {
				case 0: // a retry: replays if it was applied
					req = last
				case 1:
					req.Account = "nope"
				case 2:
					req.Email = pick(rng, emails...)
				case 3:
					req.Group = pick(rng, "g", long)
				}
				last = req
				same("publish", func(l *ledger.Ledger) (ledger.Outcome, error) {
					out, err := l.Publish(ctx, req)
					seen[publishOutcome(out, err)]++
					return out, err
				}, func(l *ledger.Ledger) (ledger.Outcome, error) { return l.PublishGeneric(ctx, req) })
			}
		}
		e1, err1 := fast.Entries(ctx, "a", 0, 10000)
		e2, err2 := slow.Entries(ctx, "a", 0, 10000)
		if err1 != nil || err2 != nil || !reflect.DeepEqual(e1, e2) {
			t.Fatalf("seed %d: entries differ (%v, %v)", seed, err1, err2)
		}
		for _, e := range e1 {
			if e.Op == ledger.OpPublish {
				published++
			}
		}
		for y := range 4 {
			u1, err1 := fast.YearUsage(ctx, "a", y)
			u2, err2 := slow.YearUsage(ctx, "a", y)
			if err1 != nil || err2 != nil || u1 != u2 {
				t.Fatalf("seed %d year %d: usage %+v, %v vs %+v, %v", seed, y, u1, err1, u2, err2)
			}
		}
		if published == 0 {
			t.Fatalf("seed %d published nothing", seed)
		}
	}
	for _, want := range []error{ledger.ErrInsufficientSeats, ledger.ErrUnknownAccount, ledger.ErrIdempotencyConflict,
		ledger.ErrAlreadyPublished, ledger.ErrNotStarted, ledger.ErrInvalid} {
		if seen[want.Error()] == 0 {
			t.Errorf("no publish failed with %v: %v", want, seen)
		}
	}
	t.Logf("publish outcomes: %v", seen)
	for _, want := range []string{"charged", "free", "replayed"} {
		if seen[want] == 0 {
			t.Errorf("no publish was %s: %v", want, seen)
		}
	}
}

// publishOutcome names the kind of a Publish result.
func publishOutcome(out ledger.Outcome, err error) string {
	for _, e := range []error{ledger.ErrInsufficientSeats, ledger.ErrUnknownAccount, ledger.ErrIdempotencyConflict,
		ledger.ErrAlreadyPublished, ledger.ErrNotStarted, ledger.ErrInvalid} {
		if errors.Is(err, e) {
			return e.Error()
		}
	}
	switch {
	case err != nil:
		return err.Error()
	case out.Replayed:
		return "replayed"
	case out.Entry.Charged:
		return "charged"
	}
	return "free"
}

// TestPublishBatchMatchesSequential runs random batches, with credential
// IDs and recipients drawn from small sets so that IDs repeat within a
// batch and seats run out, against publishing the same items one at a time
// in a twin account, and requires the same results (group commit promises
// every item the result it would have had alone).
func TestPublishBatchMatchesSequential(t *testing.T) {
	ctx := context.Background()
	emails := []string{"r0@example.org", "R0@example.org", "r1@example.org", "r2@example.org", "r3@example.org", "bad"}
	seeds := 200
	if testing.Short() {
		seeds = 20
	}
	seen := map[string]int{}
	for seed := range seeds {
		rng := rand.New(rand.NewPCG(uint64(seed), 2))
		l := ledger.New(memstore.New(), ledger.Config{Now: ledgertest.NewClock(ledgertest.T("2024-05-01")).Now, ChunkSize: 1 + rng.IntN(8)})
		plan := ledger.Plan{Seats: rng.IntN(5), Start: ledgertest.T("2024-01-01")}
		var pre []string // keys of the history both accounts share
		for _, acct := range []string{"b", "s"} {
			if err := l.OpenAccount(ctx, acct, plan); err != nil {
				t.Fatal(err)
			}
		}
		hist := rand.New(rand.NewPCG(uint64(seed), 3))
		for k := range hist.IntN(6) {
			key := fmt.Sprint("p", k)
			pre = append(pre, key)
			req := ledger.PublishRequest{Key: key, CredentialID: fmt.Sprint("c", hist.IntN(8)), Email: emails[hist.IntN(5)]}
			del := hist.IntN(4) == 0
			for _, acct := range []string{"b", "s"} {
				req.Account = acct
				if del {
					_, _ = l.Delete(ctx, ledger.DeleteRequest{Key: key, Account: acct, CredentialID: req.CredentialID})
				} else {
					_, _ = l.Publish(ctx, req)
				}
			}
		}
		for batch := range 3 {
			items := make([]ledger.BatchItem, 1+rng.IntN(12))
			usedKey := map[string]bool{}
			for i := range items {
				items[i] = ledger.BatchItem{CredentialID: fmt.Sprint("c", rng.IntN(8)), Email: emails[rng.IntN(len(emails))]}
				if len(pre) > 0 && rng.IntN(8) == 0 {
					if k := pre[rng.IntN(len(pre))]; !usedKey[k] {
						usedKey[k] = true
						items[i].Key = k
					}
				}
			}
			res := ledgertest.BatchMatchesSequential(t, l, "b", "s", fmt.Sprint("batch", batch), items)
			if t.Failed() {
				t.Fatalf("seed %d batch %d: %+v", seed, batch, items)
			}
			first := map[string]int{}
			for i, r := range res.Items {
				seen[r.Status.String()]++
				id := items[i].CredentialID
				if j, ok := first[id]; !ok {
					first[id] = i
				} else if r.Status == ledger.StatusFree && res.Items[j].Status == ledger.StatusNoSeat {
					seen["repeat published after no seat"]++
				}
			}
		}
	}
	t.Logf("batch outcomes: %v", seen)
	for _, want := range []string{"charged", "free", "no_seat", "rejected", "repeat published after no seat"} {
		if seen[want] == 0 {
			t.Errorf("no batch item was %s: %v", want, seen)
		}
	}
}
