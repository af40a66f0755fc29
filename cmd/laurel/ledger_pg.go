package main

import (
	"context"
	"errors"

	"github.com/laurelhq/laurel/ledger"
)

// openPostgres is replaced when ledger/pgstore lands.
func openPostgres(context.Context, string) (ledger.Store, error) {
	return nil, errors.New("PostgreSQL ledgers are not available in this build; use a SQLite file")
}
