package memstore

import (
	"testing"

	"github.com/laurelhq/laurel/ledger"
	"github.com/laurelhq/laurel/ledger/ledgertest"
)

// The conformance suite on a store whose indexes hash to 3 bits, so that
// their collision path carries most of the lookups.
func TestConformanceWithCollisions(t *testing.T) {
	ledgertest.Run(t, func(*testing.T) ledger.Store { return newStore(7) })
}
