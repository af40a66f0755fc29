package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/laurelhq/laurel/ledger"
	"github.com/laurelhq/laurel/ledger/ledgertest"
	"github.com/laurelhq/laurel/ledger/pgstore"
)

func TestConformance(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts pgstore.Options
	}{
		{"Default", pgstore.Options{}},
		{"OneStripeNoGroupCommit", pgstore.Options{Stripes: 1, MaxGroup: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ledgertest.Run(t, func(t *testing.T) ledger.Store { return openStore(t, newSchema(t), tc.opts) })
		})
	}
}

// TestConcurrencySeveralStores races publishers spread over several Stores
// (separate pools, as separate processes would have) on one database, with
// stripe counts that differ between them and the single-row extreme, with
// and without group commit.
func TestConcurrencySeveralStores(t *testing.T) {
	for _, tc := range []struct {
		name     string
		stripes  []int
		maxGroup int
	}{
		{"OneStripe", []int{1, 1}, 0},
		{"DefaultStripes", []int{0, 0, 0}, 0},
		{"MixedStripes", []int{3, 16}, 0},
		{"OneStripeUngrouped", []int{1, 1}, 1},
		{"MixedStripesUngrouped", []int{2, 16}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dsn := newSchema(t)
			var stores []ledger.Store
			for _, n := range tc.stripes {
				stores = append(stores, openStore(t, dsn, pgstore.Options{Stripes: n, MaxGroup: tc.maxGroup, MaxConns: 10}))
			}
			ledgertest.Concurrency(t, stores)
			checkStripes(t, dsn)
		})
	}
}

// checkStripes checks the stripe invariants in every billing year: used <=
// quota per stripe (also a table constraint) and quotas summing to
// max(allowance, used).
func checkStripes(t *testing.T, dsn string) {
	t.Helper()
	pool := newPool(t, dsn)
	rows, err := pool.Query(context.Background(), `SELECT y.account, y.year, y.allowance, sum(s.quota), sum(s.used), count(*)
		FROM ledger_years y JOIN ledger_seat_stripes s USING (account, year) GROUP BY 1, 2, 3`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	years := 0
	for rows.Next() {
		var acct string
		var year, allowance int32
		var quota, used, n int64
		if err := rows.Scan(&acct, &year, &allowance, &quota, &used, &n); err != nil {
			t.Fatal(err)
		}
		years++
		if quota != max(int64(allowance), used) {
			t.Errorf("%s year %d: quotas sum to %d, want max(allowance %d, used %d)", acct, year, quota, allowance, used)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if years == 0 {
		t.Fatal("no billing years recorded")
	}
}

// TestPlanChangeRebalances checks allowance changes against stripes:
// downgrade below usage, then upgrade, with usage exact throughout.
func TestPlanChangeRebalances(t *testing.T) {
	dsn := newSchema(t)
	s := openStore(t, dsn, pgstore.Options{Stripes: 4})
	ctx := context.Background()
	l := ledger.New(s, ledger.Config{Now: ledgertest.NewClock(ledgertest.T("2024-06-01")).Now})
	if err := l.OpenAccount(ctx, "acme", ledger.Plan{Seats: 10, Start: ledgertest.T("2024-01-01")}); err != nil {
		t.Fatal(err)
	}
	publish := func(from, to int) (charged, noSeat int) {
		t.Helper()
		for i := from; i < to; i++ {
			out, err := l.Publish(ctx, ledger.PublishRequest{Key: fmt.Sprint("k", i), Account: "acme",
				CredentialID: fmt.Sprint("c", i), Email: fmt.Sprintf("r%d@example.org", i)})
			switch {
			case errors.Is(err, ledger.ErrInsufficientSeats):
				noSeat++
			case err != nil:
				t.Fatal(err)
			case out.Entry.Charged:
				charged++
			}
		}
		return charged, noSeat
	}
	steps := []struct {
		name            string
		seats           int // plan change before publishing; -1 none
		from, to        int
		charged, noSeat int
		used, remaining int
	}{
		{"fill 7 of 10", -1, 0, 7, 7, 0, 7, 3},
		{"downgrade below usage", 5, 7, 9, 0, 2, 7, 0},
		{"upgrade", 12, 9, 20, 5, 6, 12, 0},
		{"upgrade again", 100, 20, 30, 10, 0, 22, 78},
	}
	for _, st := range steps {
		if st.seats >= 0 {
			if _, err := l.ChangePlan(ctx, fmt.Sprint("plan", st.seats), "acme", st.seats); err != nil {
				t.Fatal(err)
			}
		}
		charged, noSeat := publish(st.from, st.to)
		u, err := l.Usage(ctx, "acme")
		if err != nil {
			t.Fatal(err)
		}
		if charged != st.charged || noSeat != st.noSeat || u.Used != st.used || u.Remaining != st.remaining {
			t.Fatalf("%s: charged %d, no seat %d, used %d, remaining %d; want %d %d %d %d", st.name,
				charged, noSeat, u.Used, u.Remaining, st.charged, st.noSeat, st.used, st.remaining)
		}
		checkStripes(t, dsn)
	}
}

func TestMigrate(t *testing.T) {
	ctx := context.Background()
	dsn := newSchema(t)
	pool := newPool(t, dsn)
	// Several processes starting at once: one applies, the others wait.
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() {
			p, err := pgxpool.New(ctx, dsn)
			if err != nil {
				errs[i] = err
				return
			}
			defer p.Close()
			errs[i] = pgstore.Migrate(ctx, p)
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("migration %d: %v", i, err)
		}
	}
	versions := func() (n, latest int) {
		t.Helper()
		if err := pool.QueryRow(ctx, "SELECT count(*), max(version) FROM ledger_schema_version").Scan(&n, &latest); err != nil {
			t.Fatal(err)
		}
		return n, latest
	}
	n, latest := versions()
	if latest != pgstore.SchemaVersion() || n != latest {
		t.Fatalf("after concurrent migrations: %d versions recorded, latest %d; want %d", n, latest, pgstore.SchemaVersion())
	}
	// Migrating again is a no-op.
	if err := pgstore.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	if n2, latest2 := versions(); n2 != n || latest2 != latest {
		t.Fatalf("second migration changed versions: %d/%d", n2, latest2)
	}
	// A database from a newer release is refused, not downgraded.
	if _, err := pool.Exec(ctx, "INSERT INTO ledger_schema_version (version, name) VALUES ($1, 'future')", latest+1); err != nil {
		t.Fatal(err)
	}
	if err := pgstore.Migrate(ctx, pool); !errors.Is(err, pgstore.ErrSchemaTooNew) {
		t.Fatalf("migrating a newer schema: %v, want ErrSchemaTooNew", err)
	}
}

func TestNewUsesExistingPool(t *testing.T) {
	ctx := context.Background()
	dsn := newSchema(t)
	pool := newPool(t, dsn)
	if err := pgstore.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	s, err := pgstore.New(pool, pgstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	l := ledger.New(s, ledger.Config{})
	if err := l.OpenAccount(ctx, "a", ledger.Plan{Seats: 1, Start: ledgertest.T("2024-01-01")}); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	// Close left the caller's pool open.
	if _, err := l.Account(ctx, "a"); err != nil {
		t.Fatalf("pool closed by Store.Close: %v", err)
	}
}

func TestOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts pgstore.Options
	}{
		{"negative stripes", pgstore.Options{Stripes: -1}},
		{"too many stripes", pgstore.Options{Stripes: 257}},
		{"negative conns", pgstore.Options{MaxConns: -1}},
		{"negative group", pgstore.Options{MaxGroup: -1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := pgstore.Open(context.Background(), "postgres://127.0.0.1:1/none", tc.opts); !errors.Is(err, pgstore.ErrInvalidOptions) {
				t.Fatalf("Open: %v, want ErrInvalidOptions", err)
			}
		})
	}
	if _, err := pgstore.New(nil, pgstore.Options{}); !errors.Is(err, pgstore.ErrInvalidOptions) {
		t.Fatalf("New(nil): %v", err)
	}
	if _, err := pgstore.Open(context.Background(), "postgres://%zz", pgstore.Options{}); err == nil {
		t.Fatal("bad DSN accepted")
	}
}

// TestExample runs what Example shows against the test database.
func TestExample(t *testing.T) {
	ctx := context.Background()
	s, err := pgstore.Open(ctx, newSchema(t), pgstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	l := ledger.New(s, ledger.Config{Now: ledgertest.NewClock(ledgertest.T("2024-03-01")).Now})
	defer l.Close()
	if err := l.OpenAccount(ctx, "acme", ledger.Plan{Seats: 100, Start: ledgertest.T("2024-01-01")}); err != nil {
		t.Fatal(err)
	}
	out, err := l.Publish(ctx, ledger.PublishRequest{Key: "req-1", Account: "acme",
		CredentialID: "urn:uuid:6f1c0e7e-1d3b-4d47-9f4e-9c3b3c1f2a10", Email: "ada@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	u, err := l.Usage(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprintln(out.Entry.Charged, u.Used, u.Remaining); got != "true 1 99\n" {
		t.Fatalf("got %q, want %q", got, "true 1 99\n")
	}
}
