package ledger_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/laurelhq/laurel/ledger"
	"github.com/laurelhq/laurel/ledger/ledgertest"
	"github.com/laurelhq/laurel/ledger/memstore"
)

// groupingStore asks Ledgers for group commit and counts transactions.
type groupingStore struct {
	*memstore.Store
	updates atomic.Int64
	// gate, when set, blocks each Update until a value is received; entered
	// receives a value as each Update starts waiting.
	gate, entered chan struct{}
}

func (s *groupingStore) MaxGroup() int { return 64 }

func (s *groupingStore) Update(ctx context.Context, fn func(ledger.Tx) error) error {
	s.updates.Add(1)
	if s.gate != nil {
		s.entered <- struct{}{}
		<-s.gate
	}
	return s.Store.Update(ctx, fn)
}

// The whole conformance suite, concurrency cases included, with group
// commit on.
func TestGroupCommitConformance(t *testing.T) {
	ledgertest.Run(t, func(*testing.T) ledger.Store { return &groupingStore{Store: memstore.New()} })
}

// blockedLedger returns a Ledger whose first two groups (the most that run
// at once per account) are stuck in Update until release is called.
func blockedLedger(t *testing.T) (l *ledger.Ledger, s *groupingStore, release func()) {
	t.Helper()
	s = &groupingStore{Store: memstore.New()}
	l = ledger.New(s, ledger.Config{Now: ledgertest.NewClock(ledgertest.T("2024-05-01")).Now})
	if err := l.OpenAccount(context.Background(), "a", ledger.Plan{Seats: 100, Start: ledgertest.T("2024-01-01")}); err != nil {
		t.Fatal(err)
	}
	s.gate, s.entered = make(chan struct{}), make(chan struct{})
	var once sync.Once
	release = func() { once.Do(func() { close(s.gate) }) }
	t.Cleanup(release)
	return l, s, release
}

func publish(l *ledger.Ledger, ctx context.Context, i int) (ledger.Outcome, error) {
	return l.Publish(ctx, ledger.PublishRequest{Key: fmt.Sprint("k", i), Account: "a",
		CredentialID: fmt.Sprint("c", i), Email: fmt.Sprintf("r%d@example.org", i)})
}

// waitQueued yields until n calls are queued (no timing involved: the
// calls queue as soon as they are scheduled).
func waitQueued(l *ledger.Ledger, n int) {
	for l.Queued("a") < n {
		runtime.Gosched()
	}
}

func TestGroupCommitSharesTransaction(t *testing.T) {
	l, s, release := blockedLedger(t)
	ctx := context.Background()
	before := s.updates.Load()
	var wg sync.WaitGroup
	errs := make([]error, 12)
	for i := range 2 { // two leaders, stuck
		wg.Go(func() { _, errs[i] = publish(l, ctx, i) })
		<-s.entered
	}
	for i := 2; i < 12; i++ {
		wg.Go(func() { _, errs[i] = publish(l, ctx, i) })
	}
	waitQueued(l, 10)
	go func() { // the next group's Update also passes the gate
		for range s.entered {
		}
	}()
	release()
	wg.Wait()
	close(s.entered)
	for i, err := range errs {
		if err != nil {
			t.Fatalf("publish %d: %v", i, err)
		}
	}
	if n := s.updates.Load() - before; n != 3 {
		t.Fatalf("%d transactions for 12 publishes, want 3 (two leaders, then one group of 10)", n)
	}
	if u, _ := l.Usage(ctx, "a"); u.Used != 12 {
		t.Fatalf("used %d, want 12", u.Used)
	}
}

func TestGroupCommitCancelWhileQueued(t *testing.T) {
	l, s, release := blockedLedger(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() {
			if _, err := publish(l, ctx, i); err != nil {
				t.Error(err)
			}
		})
		<-s.entered
	}
	cctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { _, err := publish(l, cctx, 99); done <- err }()
	waitQueued(l, 1)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled queued publish: %v", err)
	}
	if n := l.Queued("a"); n != 0 {
		t.Fatalf("%d calls still queued after cancel", n)
	}
	release()
	wg.Wait()
	// The cancelled call was never applied: publishing it now is fresh.
	s.gate = nil
	out, err := publish(l, ctx, 99)
	if err != nil || out.Replayed || !out.Entry.Charged {
		t.Fatalf("publish after cancel: %+v %v", out, err)
	}
}

// Same key in one wave of calls: one applies, the rest replay it (they go
// to later groups rather than being rejected as a batch duplicate).
func TestGroupCommitSameKeyReplays(t *testing.T) {
	l, s, release := blockedLedger(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() {
			if _, err := publish(l, ctx, i); err != nil {
				t.Error(err)
			}
		})
		<-s.entered
	}
	outs := make([]ledger.Outcome, 6)
	errs := make([]error, 6)
	for w := range outs {
		wg.Go(func() { outs[w], errs[w] = publish(l, ctx, 7) })
	}
	waitQueued(l, len(outs))
	go func() {
		for range s.entered {
		}
	}()
	release()
	wg.Wait()
	close(s.entered)
	fresh := 0
	for w := range outs {
		if errs[w] != nil {
			t.Fatalf("caller %d: %v", w, errs[w])
		}
		if !outs[w].Replayed {
			fresh++
		}
		if outs[w].Entry.Seq != outs[0].Entry.Seq {
			t.Fatalf("caller %d got entry %d, caller 0 entry %d", w, outs[w].Entry.Seq, outs[0].Entry.Seq)
		}
	}
	if fresh != 1 {
		t.Fatalf("%d callers applied the key, want 1", fresh)
	}
}
