package memstore_test

import (
	"testing"

	"github.com/laurelhq/laurel/ledger"
	"github.com/laurelhq/laurel/ledger/ledgertest"
	"github.com/laurelhq/laurel/ledger/memstore"
)

func TestConformance(t *testing.T) {
	ledgertest.Run(t, func(*testing.T) ledger.Store { return memstore.New() })
}
