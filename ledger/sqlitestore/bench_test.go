package sqlitestore_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/laurelhq/laurel/ledger/ledgertest"
	"github.com/laurelhq/laurel/ledger/sqlitestore"
)

// syncModes are the durability settings every benchmark runs under.
var syncModes = []struct {
	name string
	opts sqlitestore.Options
}{
	{"SyncFull", sqlitestore.Options{}},
	{"SyncNormal", sqlitestore.Options{UnsafeSyncNormal: true}},
}

func benchStore(b *testing.B, opts sqlitestore.Options) *sqlitestore.Store {
	return open(b, filepath.Join(b.TempDir(), "ledger.db"), opts)
}

func BenchmarkPublish(b *testing.B) {
	for _, m := range syncModes {
		b.Run(m.name, func(b *testing.B) { ledgertest.BenchPublish(b, benchStore(b, m.opts)) })
	}
}

func BenchmarkPublishBatch(b *testing.B) {
	for _, m := range syncModes {
		for _, size := range []int{100, 1000} {
			b.Run(fmt.Sprint(m.name, "/", size), func(b *testing.B) {
				ledgertest.BenchPublishBatch(b, benchStore(b, m.opts), size)
			})
		}
	}
}

func BenchmarkPublishParallel(b *testing.B) {
	for _, m := range syncModes {
		for _, n := range []int{4, 16} {
			b.Run(fmt.Sprint(m.name, "/", n), func(b *testing.B) {
				ledgertest.BenchPublishParallel(b, benchStore(b, m.opts), n)
			})
		}
	}
}
