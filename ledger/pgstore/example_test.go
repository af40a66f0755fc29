package pgstore_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/laurelhq/laurel/ledger"
	"github.com/laurelhq/laurel/ledger/pgstore"
)

// Open a store (migrating the schema), bill a publish and read the usage.
// Not run as a test: it needs a PostgreSQL server (see TestExample).
func Example() {
	ctx := context.Background()
	s, err := pgstore.Open(ctx, "postgres://laurel@localhost:5432/laurel?sslmode=disable", pgstore.Options{})
	if err != nil {
		log.Fatal(err)
	}
	l := ledger.New(s, ledger.Config{})
	defer l.Close()
	if err := l.OpenAccount(ctx, "acme", ledger.Plan{Seats: 100, Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		log.Fatal(err)
	}
	out, err := l.Publish(ctx, ledger.PublishRequest{Key: "req-1", Account: "acme",
		CredentialID: "urn:uuid:6f1c0e7e-1d3b-4d47-9f4e-9c3b3c1f2a10", Email: "ada@example.com"})
	if err != nil {
		log.Fatal(err)
	}
	u, err := l.Usage(ctx, "acme")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(out.Entry.Charged, u.Used, u.Remaining)
}
