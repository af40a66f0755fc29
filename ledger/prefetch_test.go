package ledger_test

import (
	"context"
	"slices"
	"testing"

	"github.com/laurelhq/laurel/ledger"
	"github.com/laurelhq/laurel/ledger/ledgertest"
	"github.com/laurelhq/laurel/ledger/memstore"
)

// prefetchStore records what the Ledger announces through Prefetcher and
// checks that every later read was announced.
type prefetchStore struct {
	*memstore.Store
	t     *testing.T
	calls [][2][]string // keys, ids per Prefetch
}

func (s *prefetchStore) Update(ctx context.Context, fn func(ledger.Tx) error) error {
	return s.Store.Update(ctx, func(tx ledger.Tx) error { return fn(&prefetchTx{Tx: tx, s: s}) })
}

type prefetchTx struct {
	ledger.Tx
	s          *prefetchStore
	keys, ids  []string
	prefetched bool
}

func (p *prefetchTx) Prefetch(_ context.Context, account string, keys, ids []string) error {
	p.prefetched = true
	p.keys, p.ids = keys, ids
	p.s.calls = append(p.s.calls, [2][]string{keys, ids})
	return nil
}

func (p *prefetchTx) EntriesByKey(ctx context.Context, account string, keys []string) (map[string]ledger.Entry, error) {
	for _, k := range keys {
		if p.prefetched && !slices.Contains(p.keys, k) {
			p.s.t.Errorf("key %q read but not announced", k)
		}
	}
	return p.Tx.EntriesByKey(ctx, account, keys)
}

func (p *prefetchTx) Credentials(ctx context.Context, account string, ids []string) (map[string]ledger.CredentialRecord, error) {
	for _, id := range ids {
		if p.prefetched && !slices.Contains(p.ids, id) {
			p.s.t.Errorf("credential %q read but not announced", id)
		}
	}
	return p.Tx.Credentials(ctx, account, ids)
}

func TestPrefetchAnnouncesReads(t *testing.T) {
	s := &prefetchStore{Store: memstore.New(), t: t}
	ctx := context.Background()
	l := ledger.New(s, ledger.Config{Now: ledgertest.NewClock(ledgertest.T("2024-05-01")).Now})
	if err := l.OpenAccount(ctx, "a", ledger.Plan{Seats: 10, Start: ledgertest.T("2024-01-01")}); err != nil {
		t.Fatal(err)
	}
	res, err := l.PublishBatch(ctx, "a", "b", []ledger.BatchItem{
		{CredentialID: "c1", Email: "x@example.org"},
		{CredentialID: "", Email: "y@example.org"}, // rejected: no ID
		{CredentialID: "c3", Email: "not an email"},
		{Key: "own", CredentialID: "c4", Email: "z@example.org"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Charged != 2 || res.Rejected != 2 {
		t.Fatalf("batch %+v", res)
	}
	if len(s.calls) != 1 {
		t.Fatalf("%d Prefetch calls, want 1", len(s.calls))
	}
	keys, ids := s.calls[0][0], s.calls[0][1]
	for _, want := range []string{"b/0", "own"} {
		if !slices.Contains(keys, want) {
			t.Errorf("key %q not announced: %q", want, keys)
		}
	}
	for _, want := range []string{"c1", "c4"} {
		if !slices.Contains(ids, want) {
			t.Errorf("credential %q not announced: %q", want, ids)
		}
	}
}
