package memstore_test

import (
	"fmt"
	"testing"

	"github.com/laurelhq/laurel/ledger/ledgertest"
	"github.com/laurelhq/laurel/ledger/memstore"
)

func BenchmarkPublish(b *testing.B) { ledgertest.BenchPublish(b, memstore.New()) }

func BenchmarkPublishBatch(b *testing.B) {
	for _, size := range []int{100, 1000} {
		b.Run(fmt.Sprint(size), func(b *testing.B) { ledgertest.BenchPublishBatch(b, memstore.New(), size) })
	}
}

func BenchmarkPublishParallel(b *testing.B) {
	for _, n := range []int{4, 16} {
		b.Run(fmt.Sprint(n), func(b *testing.B) { ledgertest.BenchPublishParallel(b, memstore.New(), n) })
	}
}
