package pgstore_test

import (
	"fmt"
	"testing"

	"github.com/laurelhq/laurel/ledger/ledgertest"
	"github.com/laurelhq/laurel/ledger/pgstore"
)

// The shared ledger benchmarks (ledgertest.Bench*) on PostgreSQL: every
// publish goes to a new recipient, so every one charges a seat. They need
// LAUREL_TEST_POSTGRES; each run gets a fresh schema.

func benchStore(b *testing.B, opts pgstore.Options) *pgstore.Store {
	if opts.MaxConns == 0 {
		opts.MaxConns = 24
	}
	return openStore(b, newSchema(b), opts)
}

// BenchmarkPublish: one publisher, one transaction per publish.
func BenchmarkPublish(b *testing.B) {
	ledgertest.BenchPublish(b, benchStore(b, pgstore.Options{}))
}

// BenchmarkPublishBatch: PublishBatch with one transaction per batch.
func BenchmarkPublishBatch(b *testing.B) {
	for _, size := range []int{1000, 5000} {
		b.Run(fmt.Sprint(size), func(b *testing.B) {
			ledgertest.BenchPublishBatch(b, benchStore(b, pgstore.Options{}), size)
		})
	}
}

// BenchmarkPublishParallel: 16 publishers on one account, with group
// commit (the default) and without it, on 16 seat stripes and on one (the
// single hot counter row).
func BenchmarkPublishParallel(b *testing.B) {
	for _, tc := range []struct {
		name string
		opts pgstore.Options
	}{
		{"grouped", pgstore.Options{}},
		{"grouped-1stripe", pgstore.Options{Stripes: 1}},
		{"ungrouped", pgstore.Options{MaxGroup: 1}},
		{"ungrouped-1stripe", pgstore.Options{MaxGroup: 1, Stripes: 1}},
	} {
		b.Run(tc.name, func(b *testing.B) { ledgertest.BenchPublishParallel(b, benchStore(b, tc.opts), 16) })
	}
}
