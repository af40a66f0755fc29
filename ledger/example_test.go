package ledger_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/laurelhq/laurel/ledger"
	"github.com/laurelhq/laurel/ledger/memstore"
)

// A Ledger over an in-memory store, with a fixed clock so the output does
// not depend on the day it runs. Accounts are opened idempotently: opening
// one again with the same plan does nothing.
func ExampleNew() {
	ctx := context.Background()
	now := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	l := ledger.New(memstore.New(), ledger.Config{Now: func() time.Time { return now }})
	defer l.Close()

	plan := ledger.Plan{Seats: 100, Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	if err := l.OpenAccount(ctx, "acme", plan); err != nil {
		log.Fatal(err)
	}
	fmt.Println(l.OpenAccount(ctx, "acme", plan))
	err := l.OpenAccount(ctx, "acme", ledger.Plan{Seats: 5, Start: plan.Start})
	fmt.Println(errors.Is(err, ledger.ErrAccountExists))
	a, err := l.Account(ctx, "acme")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Plan.Seats, a.Plan.Start.Format(time.DateOnly))
	// Output:
	// <nil>
	// true
	// 100 2024-01-01
}

// The first credential to a recipient in a billing year costs a seat; more
// to the same recipient (the email normalised) are free, and a retry under
// the same idempotency key replays the original outcome.
func ExampleLedger_Publish() {
	ctx := context.Background()
	now := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	l := ledger.New(memstore.New(), ledger.Config{Now: func() time.Time { return now }})
	if err := l.OpenAccount(ctx, "acme", ledger.Plan{Seats: 1, Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		log.Fatal(err)
	}
	for _, req := range []ledger.PublishRequest{
		{Key: "k1", Account: "acme", CredentialID: "cred-1", Email: "ada@example.com"},
		{Key: "k2", Account: "acme", CredentialID: "cred-2", Email: " Ada@Example.com", Group: "advanced"},
		{Key: "k1", Account: "acme", CredentialID: "cred-1", Email: "ada@example.com"}, // a retry
		{Key: "k3", Account: "acme", CredentialID: "cred-3", Email: "bob@example.com"}, // no seat left
	} {
		out, err := l.Publish(ctx, req)
		if err != nil {
			fmt.Printf("%s: %v\n", req.CredentialID, err)
			continue
		}
		fmt.Printf("%s: seq %d, %s, charged %t, reason %s, replayed %t\n",
			req.CredentialID, out.Entry.Seq, out.Entry.Recipient, out.Entry.Charged, out.Entry.Reason, out.Replayed)
	}
	// Output:
	// cred-1: seq 1, ada@example.com, charged true, reason new_seat, replayed false
	// cred-2: seq 2, ada@example.com, charged false, reason seat_held, replayed false
	// cred-1: seq 1, ada@example.com, charged true, reason new_seat, replayed true
	// cred-3: ledger: insufficient seats
}

// A batch reports each item; when the seats run out it is the later items
// that get none. Items without a key get batchKey/index, so running the
// same batch again after a failure applies only what is missing.
func ExampleLedger_PublishBatch() {
	ctx := context.Background()
	now := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	l := ledger.New(memstore.New(), ledger.Config{Now: func() time.Time { return now }})
	if err := l.OpenAccount(ctx, "acme", ledger.Plan{Seats: 2, Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		log.Fatal(err)
	}
	items := []ledger.BatchItem{
		{CredentialID: "c1", Email: "ada@example.com"},
		{CredentialID: "c2", Email: "ada@example.com"},
		{CredentialID: "c3", Email: "bob@example.com"},
		{CredentialID: "c4", Email: "eve@example.com"},
		{CredentialID: "c5", Email: "not an email"},
	}
	res, err := l.PublishBatch(ctx, "acme", "upload-7", items)
	if err != nil {
		log.Fatal(err)
	}
	for i, r := range res.Items {
		switch {
		case r.Err != nil:
			fmt.Println(items[i].CredentialID, r.Status, errors.Is(r.Err, ledger.ErrInvalid))
		case r.Status == ledger.StatusNoSeat:
			fmt.Println(items[i].CredentialID, r.Status)
		default:
			fmt.Println(items[i].CredentialID, r.Status, "as", r.Entry.Key)
		}
	}
	fmt.Printf("charged %d, free %d, no seat %d, rejected %d\n", res.Charged, res.Free, res.NoSeat, res.Rejected)

	again, err := l.PublishBatch(ctx, "acme", "upload-7", items)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("replayed:", again.Items[0].Replayed, again.Items[2].Replayed)
	// Output:
	// c1 charged as upload-7/0
	// c2 free as upload-7/1
	// c3 charged as upload-7/2
	// c4 no_seat
	// c5 rejected true
	// charged 2, free 1, no seat 1, rejected 1
	// replayed: true true
}

// Renewing within the credential's billing year is free; in a later year it
// costs a seat there (unless the recipient already holds one).
func ExampleLedger_Renew() {
	ctx := context.Background()
	now := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	l := ledger.New(memstore.New(), ledger.Config{Now: func() time.Time { return now }})
	if err := l.OpenAccount(ctx, "acme", ledger.Plan{Seats: 10, Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		log.Fatal(err)
	}
	if _, err := l.Publish(ctx, ledger.PublishRequest{Key: "p1", Account: "acme", CredentialID: "c1", Email: "ada@example.com"}); err != nil {
		log.Fatal(err)
	}
	for _, step := range []struct {
		key string
		at  time.Time
	}{
		{"r1", time.Date(2024, 11, 1, 0, 0, 0, 0, time.UTC)},
		{"r2", time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)},
	} {
		now = step.at
		out, err := l.Renew(ctx, ledger.RenewRequest{Key: step.key, Account: "acme", CredentialID: "c1"})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: year %d, charged %t, reason %s\n", now.Format(time.DateOnly), out.Entry.Year, out.Entry.Charged, out.Entry.Reason)
	}
	// Output:
	// 2024-11-01: year 0, charged false, reason same_year
	// 2025-02-01: year 1, charged true, reason new_seat
}

// Deleting never refunds the seat, but a recipient whose last credential of
// the year is deleted no longer holds one: publishing to them again costs a
// new seat.
func ExampleLedger_Delete() {
	ctx := context.Background()
	now := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	l := ledger.New(memstore.New(), ledger.Config{Now: func() time.Time { return now }})
	if err := l.OpenAccount(ctx, "acme", ledger.Plan{Seats: 10, Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		log.Fatal(err)
	}
	if _, err := l.Publish(ctx, ledger.PublishRequest{Key: "p1", Account: "acme", CredentialID: "c1", Email: "ada@example.com"}); err != nil {
		log.Fatal(err)
	}
	out, err := l.Delete(ctx, ledger.DeleteRequest{Key: "d1", Account: "acme", CredentialID: "c1"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(out.Entry.Op, out.Entry.Charged, out.Entry.Reason)
	_, err = l.Delete(ctx, ledger.DeleteRequest{Key: "d2", Account: "acme", CredentialID: "c1"})
	fmt.Println(errors.Is(err, ledger.ErrNotFound))

	again, err := l.Publish(ctx, ledger.PublishRequest{Key: "p2", Account: "acme", CredentialID: "c2", Email: "ada@example.com"})
	if err != nil {
		log.Fatal(err)
	}
	u, err := l.Usage(ctx, "acme")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(again.Entry.Charged, u.Used)
	// Output:
	// delete false no_refund
	// true
	// true 2
}

// A plan change takes effect in the current billing year at once; seats
// already used stay used, so a downgrade below usage leaves none free.
func ExampleLedger_ChangePlan() {
	ctx := context.Background()
	now := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	l := ledger.New(memstore.New(), ledger.Config{Now: func() time.Time { return now }})
	if err := l.OpenAccount(ctx, "acme", ledger.Plan{Seats: 10, Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		log.Fatal(err)
	}
	for i, email := range []string{"ada@example.com", "bob@example.com", "eve@example.com"} {
		if _, err := l.Publish(ctx, ledger.PublishRequest{Key: fmt.Sprint("p", i), Account: "acme", CredentialID: fmt.Sprint("c", i), Email: email}); err != nil {
			log.Fatal(err)
		}
	}
	for _, seats := range []int{2, 50} {
		out, err := l.ChangePlan(ctx, fmt.Sprint("plan-", seats), "acme", seats)
		if err != nil {
			log.Fatal(err)
		}
		u, err := l.Usage(ctx, "acme")
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s %d: %d used, %d left\n", out.Entry.Op, out.Entry.Seats, u.Used, u.Remaining)
	}
	// Output:
	// change_plan 2: 3 used, 0 left
	// change_plan 50: 3 used, 47 left
}

// Usage reports the current billing year: its dates ([From, To); a plan
// starting on 29 February renews on 28 February in common years), its
// allowance, the seats used and how many recipients hold one now.
func ExampleLedger_Usage() {
	ctx := context.Background()
	now := time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)
	l := ledger.New(memstore.New(), ledger.Config{Now: func() time.Time { return now }})
	if err := l.OpenAccount(ctx, "acme", ledger.Plan{Seats: 100, Start: time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)}); err != nil {
		log.Fatal(err)
	}
	for i, email := range []string{"ada@example.com", "ADA@example.com", "bob@example.com"} {
		if _, err := l.Publish(ctx, ledger.PublishRequest{Key: fmt.Sprint("p", i), Account: "acme", CredentialID: fmt.Sprint("c", i), Email: email}); err != nil {
			log.Fatal(err)
		}
	}
	u, err := l.Usage(ctx, "acme")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("year %d, from %s until %s: %d of %d used, %d left, %d recipients\n", u.Year,
		u.From.Format(time.DateOnly), u.To.Format(time.DateOnly), u.Used, u.Allowance, u.Remaining, u.Recipients)
	// Output:
	// year 1, from 2025-02-28 until 2026-02-28: 2 of 100 used, 98 left, 2 recipients
}

// Quote says what publishing to a list of emails would cost now, without
// changing anything.
func ExampleLedger_Quote() {
	ctx := context.Background()
	now := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	l := ledger.New(memstore.New(), ledger.Config{Now: func() time.Time { return now }})
	if err := l.OpenAccount(ctx, "acme", ledger.Plan{Seats: 3, Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		log.Fatal(err)
	}
	if _, err := l.Publish(ctx, ledger.PublishRequest{Key: "p1", Account: "acme", CredentialID: "c1", Email: "ada@example.com"}); err != nil {
		log.Fatal(err)
	}
	q, err := l.Quote(ctx, "acme", []string{"ada@example.com", "bob@example.com", "Bob@example.com", "eve@example.com", "sam@example.com", "oops"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d recipients, %d hold a seat, %d new seats needed, %d left, shortfall %d\n",
		q.Recipients, q.Held, q.NewSeats, q.Remaining, q.Shortfall)
	for i := range q.Invalid {
		fmt.Println("invalid email at index", i)
	}
	// Output:
	// 4 recipients, 1 hold a seat, 3 new seats needed, 2 left, shortfall 1
	// invalid email at index 5
}

// Entries pages through the append-only log in Seq order: pass the last
// Seq seen as after to get the next page.
func ExampleLedger_Entries() {
	ctx := context.Background()
	now := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	l := ledger.New(memstore.New(), ledger.Config{Now: func() time.Time { return now }})
	if err := l.OpenAccount(ctx, "acme", ledger.Plan{Seats: 10, Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		log.Fatal(err)
	}
	for i, email := range []string{"ada@example.com", "ada@example.com", "bob@example.com"} {
		if _, err := l.Publish(ctx, ledger.PublishRequest{Key: fmt.Sprint("p", i), Account: "acme", CredentialID: fmt.Sprint("c", i), Email: email}); err != nil {
			log.Fatal(err)
		}
	}
	if _, err := l.Delete(ctx, ledger.DeleteRequest{Key: "d1", Account: "acme", CredentialID: "c0"}); err != nil {
		log.Fatal(err)
	}
	var after int64
	for page := 1; ; page++ {
		es, err := l.Entries(ctx, "acme", after, 3)
		if err != nil {
			log.Fatal(err)
		}
		for _, e := range es {
			fmt.Printf("page %d: %d %s %s %s charged=%t %s\n", page, e.Seq, e.Op, e.CredentialID, e.Recipient, e.Charged, e.Reason)
			after = e.Seq
		}
		if len(es) < 3 {
			break
		}
	}
	// Output:
	// page 1: 1 publish c0 ada@example.com charged=true new_seat
	// page 1: 2 publish c1 ada@example.com charged=false seat_held
	// page 1: 3 publish c2 bob@example.com charged=true new_seat
	// page 2: 4 delete c0 ada@example.com charged=false no_refund
}

// WriteCSV exports every entry of an account, in one snapshot, as CSV with
// the header CSVHeader.
func ExampleLedger_WriteCSV() {
	ctx := context.Background()
	now := time.Date(2024, 5, 1, 9, 30, 0, 0, time.UTC)
	l := ledger.New(memstore.New(), ledger.Config{Now: func() time.Time { return now }})
	if err := l.OpenAccount(ctx, "acme", ledger.Plan{Seats: 10, Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		log.Fatal(err)
	}
	if _, err := l.Publish(ctx, ledger.PublishRequest{Key: "p1", Account: "acme", CredentialID: "c1", Email: "ada@example.com", Group: "Data, 2024"}); err != nil {
		log.Fatal(err)
	}
	if _, err := l.ChangePlan(ctx, "plan-20", "acme", 20); err != nil {
		log.Fatal(err)
	}
	if err := l.WriteCSV(ctx, os.Stdout, "acme"); err != nil {
		log.Fatal(err)
	}
	// Output:
	// seq,at,account,key,op,credential_id,recipient,group,year,charged,reason,seats
	// 1,2024-05-01T09:30:00Z,acme,p1,publish,c1,ada@example.com,"Data, 2024",0,true,new_seat,0
	// 2,2024-05-01T09:30:00Z,acme,plan-20,change_plan,,,,0,false,plan_seats,20
}
