package ledgertest

import (
	"context"
	"crypto/rand"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/laurelhq/laurel/ledger"
)

// benchLedger opens a fresh account on store with a seat for every
// publish the benchmark will make. The account ID is random, so the same
// store can serve every run of a benchmark.
func benchLedger(b *testing.B, store ledger.Store, chunk int) (*ledger.Ledger, string) {
	b.Helper()
	l := ledger.New(store, ledger.Config{Now: NewClock(T("2024-05-01")).Now, ChunkSize: chunk})
	acct := "bench-" + rand.Text()[:12]
	if err := l.OpenAccount(context.Background(), acct, ledger.Plan{Seats: b.N + 1, Start: T("2024-01-01")}); err != nil {
		b.Fatal(err)
	}
	return l, acct
}

// reportRate reports n items over the benchmark's elapsed time as unit/s.
func reportRate(b *testing.B, n int, unit string) {
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(n)/s, unit+"/s")
	}
}

// BenchPublish measures Ledger.Publish to a new recipient each time, one
// transaction per publish (b.N publishes; reports publishes/s).
func BenchPublish(b *testing.B, store ledger.Store) {
	l, acct := benchLedger(b, store, 0)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		out, err := l.Publish(ctx, ledger.PublishRequest{Key: fmt.Sprint("k", i), Account: acct,
			CredentialID: fmt.Sprint("c", i), Email: fmt.Sprintf("r%d@example.org", i)})
		if err != nil {
			b.Fatal(err)
		}
		if !out.Entry.Charged {
			b.Fatalf("publish %d not charged", i)
		}
	}
	b.StopTimer()
	reportRate(b, b.N, "publishes")
}

// BenchPublishBatch measures Ledger.PublishBatch to new recipients in
// batches of batchSize (one transaction per batch): b.N is the number of
// items, so ns/op is per item; reports items/s.
func BenchPublishBatch(b *testing.B, store ledger.Store, batchSize int) {
	l, acct := benchLedger(b, store, batchSize)
	ctx := context.Background()
	items := make([]ledger.BatchItem, 0, batchSize)
	b.ReportAllocs()
	b.ResetTimer()
	for start := 0; start < b.N; start += batchSize {
		b.StopTimer() // building the items is the caller's work, not the ledger's
		items = items[:0]
		for i := start; i < min(start+batchSize, b.N); i++ {
			items = append(items, ledger.BatchItem{Key: fmt.Sprint("k", i), CredentialID: fmt.Sprint("c", i),
				Email: fmt.Sprintf("r%d@example.org", i)})
		}
		b.StartTimer()
		res, err := l.PublishBatch(ctx, acct, "", items)
		if err != nil {
			b.Fatal(err)
		}
		if res.Charged != len(items) {
			b.Fatalf("batch at %d: %d of %d charged", start, res.Charged, len(items))
		}
	}
	b.StopTimer()
	reportRate(b, b.N, "items")
}

// BenchPublishParallel measures publishers goroutines calling Publish on
// one account at once, each to a new recipient (b.N publishes in all;
// reports publishes/s).
func BenchPublishParallel(b *testing.B, store ledger.Store, publishers int) {
	l, acct := benchLedger(b, store, 0)
	ctx := context.Background()
	var next atomic.Int64
	var wg sync.WaitGroup
	var once sync.Once
	var failed error
	b.ReportAllocs()
	b.ResetTimer()
	for range publishers {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				_, err := l.Publish(ctx, ledger.PublishRequest{Key: fmt.Sprint("k", i), Account: acct,
					CredentialID: fmt.Sprint("c", i), Email: fmt.Sprintf("r%d@example.org", i)})
				if err != nil {
					once.Do(func() { failed = err })
					next.Store(int64(b.N)) // stop the others
					return
				}
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	if failed != nil {
		b.Fatal(failed)
	}
	reportRate(b, b.N, "publishes")
}
