package main

import (
	"context"

	"github.com/laurelhq/laurel/ledger"
	"github.com/laurelhq/laurel/ledger/pgstore"
)

// openPostgres opens a ledger on a PostgreSQL server, migrating its schema
// when needed: the choice for several servers sharing one ledger.
func openPostgres(ctx context.Context, dsn string) (ledger.Store, error) {
	return pgstore.Open(ctx, dsn, pgstore.Options{})
}
