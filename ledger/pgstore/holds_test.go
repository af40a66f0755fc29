package pgstore_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/laurelhq/laurel/ledger"
	"github.com/laurelhq/laurel/ledger/ledgertest"
	"github.com/laurelhq/laurel/ledger/pgstore"
)

// Large Holds try a plain insert of new counts first and fall back to the
// upsert when a recipient already has one (txn.Hold). These tests drive
// both paths with batches above the plain-insert threshold and check the
// charges and the stored counts.

// recipientBatch publishes one credential per recipient index in recips.
func recipientBatch(prefix string, recips []int) []ledger.BatchItem {
	items := make([]ledger.BatchItem, len(recips))
	for i, r := range recips {
		items[i] = ledger.BatchItem{Key: fmt.Sprintf("%s-%d", prefix, i), CredentialID: fmt.Sprintf("%s-c%d", prefix, i),
			Email: fmt.Sprintf("r%03d@example.org", r)}
	}
	return items
}

func span(from, to int) []int {
	var out []int
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

func TestBatchHoldsFallBack(t *testing.T) {
	ctx := context.Background()
	dsn := newSchema(t)
	clock := ledgertest.NewClock(ledgertest.T("2024-05-01"))
	// newLedger gives a ledger over a new Store: no back-off yet.
	newLedger := func() *ledger.Ledger {
		return ledger.New(openStore(t, dsn, pgstore.Options{}), ledger.Config{Now: clock.Now, ChunkSize: 100})
	}
	l := newLedger()
	if err := l.OpenAccount(ctx, "a", ledger.Plan{Seats: 1000, Start: ledgertest.T("2024-01-01")}); err != nil {
		t.Fatal(err)
	}
	held := map[int]int{} // recipient -> credentials published
	for _, tc := range []struct {
		name          string
		fresh         bool // on a new Store, which tries the plain insert
		recips        []int
		charged, free int
	}{
		{"AllNew", false, span(100, 140), 40, 0},
		{"LastHeld", true, span(60, 101), 40, 1}, // r100 sorts last: the insert fails on its last row
		{"FirstHeld", true, span(139, 179), 39, 1},
		{"AllHeld", true, span(100, 140), 0, 40},
		{"NewDuringBackOff", false, span(200, 240), 40, 0}, // upserted directly
		{"Mixed", false, append(span(230, 250), span(300, 320)...), 30, 10},
		{"RepeatsInBatch", true, append(span(400, 440), span(400, 440)...), 40, 40},
		{"BelowThreshold", true, span(500, 510), 10, 0}, // always upserted
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := l
			if tc.fresh {
				l = newLedger()
			}
			res, err := l.PublishBatch(ctx, "a", "", recipientBatch(tc.name, tc.recips))
			if err != nil {
				t.Fatal(err)
			}
			if res.Charged != tc.charged || res.Free != tc.free || res.NoSeat+res.Rejected != 0 {
				t.Fatalf("charged %d free %d noseat %d rejected %d, want charged %d free %d",
					res.Charged, res.Free, res.NoSeat, res.Rejected, tc.charged, tc.free)
			}
			for _, r := range tc.recips {
				held[r]++
			}
			checkHolds(t, dsn, "a", held)
		})
	}
	u, err := l.Usage(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	if u.Used != len(held) || u.Recipients != len(held) {
		t.Fatalf("usage %+v, want %d seats used and held", u, len(held))
	}
}

// TestBatchHoldsRace runs large batches over overlapping recipients at
// once from several stores: the plain inserts of new counts collide, and
// every recipient must still be charged exactly once.
func TestBatchHoldsRace(t *testing.T) {
	ctx := context.Background()
	dsn := newSchema(t)
	const workers, batches, size, pool = 6, 4, 48, 150
	var ls []*ledger.Ledger
	for range 3 {
		s := openStore(t, dsn, pgstore.Options{MaxConns: 4})
		ls = append(ls, ledger.New(s, ledger.Config{Now: ledgertest.NewClock(ledgertest.T("2024-05-01")).Now,
			ChunkSize: size, MaxRetries: 100}))
	}
	if err := ls[0].OpenAccount(ctx, "race", ledger.Plan{Seats: 10 * pool, Start: ledgertest.T("2024-01-01")}); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	held := map[int]int{}
	charged := 0
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			for b := range batches {
				recips := make([]int, size)
				for i := range recips {
					recips[i] = (w*37 + b*53 + i*7) % pool
				}
				res, err := ls[w%len(ls)].PublishBatch(ctx, "race", "", recipientBatch(fmt.Sprintf("w%d-b%d", w, b), recips))
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				for _, r := range recips {
					held[r]++
				}
				charged += res.Charged
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if charged != len(held) {
		t.Errorf("%d charges for %d recipients", charged, len(held))
	}
	checkHolds(t, dsn, "race", held)
	u, err := ls[0].Usage(ctx, "race")
	if err != nil {
		t.Fatal(err)
	}
	if u.Used != len(held) || u.Recipients != len(held) {
		t.Fatalf("usage %+v, want %d seats used and held", u, len(held))
	}
}

// checkHolds compares the stored hold counts of year 0 with want
// (recipient index -> credentials).
func checkHolds(t *testing.T, dsn, account string, want map[int]int) {
	t.Helper()
	rows, err := newPool(t, dsn).Query(context.Background(),
		"SELECT recipient, n FROM ledger_holds WHERE account = $1 AND year = 0", account)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]int{}
	for rows.Next() {
		var r string
		var n int32
		if err := rows.Scan(&r, &n); err != nil {
			t.Fatal(err)
		}
		got[r] = int(n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("%d hold rows, want %d", len(got), len(want))
	}
	for r, n := range want {
		if e := fmt.Sprintf("r%03d@example.org", r); got[e] != n {
			t.Errorf("hold of %s = %d, want %d", e, got[e], n)
		}
	}
}

// TestBatchAwkwardStrings round-trips keys, credential IDs and groups that
// need quoting in array literals (the batch writes send text[] literals).
func TestBatchAwkwardStrings(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, newSchema(t), pgstore.Options{})
	l := ledger.New(s, ledger.Config{Now: ledgertest.NewClock(ledgertest.T("2024-05-01")).Now})
	if err := l.OpenAccount(ctx, `acc "x"\`, ledger.Plan{Seats: 100, Start: ledgertest.T("2024-01-01")}); err != nil {
		t.Fatal(err)
	}
	awkward := []string{`q"uote`, `back\slash`, `{,}`, "NULL", " pad ", "tab\tnew\nline", "ünïcödé", `\"`, "x"}
	var items []ledger.BatchItem
	for i, a := range awkward {
		items = append(items, ledger.BatchItem{Key: "k" + a, CredentialID: "c" + a, Group: a,
			Email: fmt.Sprintf("r%d@example.org", i)})
	}
	res, err := l.PublishBatch(ctx, `acc "x"\`, "", items)
	if err != nil {
		t.Fatal(err)
	}
	if res.Charged != len(items) {
		t.Fatalf("%+v", res)
	}
	es, err := l.Entries(ctx, `acc "x"\`, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != len(items) {
		t.Fatalf("%d entries, want %d", len(es), len(items))
	}
	for i, e := range es {
		it := items[i]
		if e.Key != it.Key || e.CredentialID != it.CredentialID || e.Group != it.Group || e.Seq != res.Items[i].Entry.Seq {
			t.Errorf("entry %d = %+v, want key %q credential %q group %q seq %d", i, e, it.Key, it.CredentialID, it.Group,
				res.Items[i].Entry.Seq)
		}
	}
	// Replaying finds every item by key and credential ID.
	again, err := l.PublishBatch(ctx, `acc "x"\`, "", items)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range again.Items {
		if !r.Replayed || r.Entry.Seq != es[i].Seq {
			t.Errorf("item %d not replayed: %+v", i, r)
		}
	}
}
