package sqlitestore_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/laurelhq/laurel/ledger"
	"github.com/laurelhq/laurel/ledger/sqlitestore"
)

func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "ledger")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	store, err := sqlitestore.Open(ctx, filepath.Join(dir, "ledger.db"), sqlitestore.Options{})
	if err != nil {
		log.Fatal(err)
	}
	now := func() time.Time { return time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC) }
	l := ledger.New(store, ledger.Config{Now: now})
	defer l.Close() // closes the store

	if err := l.OpenAccount(ctx, "example-university", ledger.Plan{Seats: 100, Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		log.Fatal(err)
	}
	for i, id := range []string{"cred-1", "cred-2"} {
		out, err := l.Publish(ctx, ledger.PublishRequest{
			Key:          "publish-" + id, // retrying with the same key never charges twice
			Account:      "example-university",
			CredentialID: id,
			Email:        "Ada@Example.com",
		})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("publish %d: charged=%v reason=%s\n", i+1, out.Entry.Charged, out.Entry.Reason)
	}
	u, err := l.Usage(ctx, "example-university")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("seats used %d of %d\n", u.Used, u.Allowance)
	// Output:
	// publish 1: charged=true reason=new_seat
	// publish 2: charged=false reason=seat_held
	// seats used 1 of 100
}
