package ledgertest

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/laurelhq/laurel/ledger"
)

// Clock is a settable clock for ledger.Config.Now.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock set to t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set sets the clock.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// T parses "2006-01-02" or RFC 3339, panicking on bad test input.
func T(s string) time.Time {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// Run runs the conformance suite against stores made by newStore, which must
// return an empty store each time (cleanup via t.Cleanup).
func Run(t *testing.T, newStore func(t *testing.T) ledger.Store) {
	t.Run("Scenarios", func(t *testing.T) {
		for _, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) {
				t.Parallel()
				runScenario(t, newStore(t), sc)
			})
		}
	})
	t.Run("Batch", func(t *testing.T) { testBatch(t, newStore(t)) })
	t.Run("BatchChunksAndRetry", func(t *testing.T) { testBatchChunks(t, newStore(t)) })
	t.Run("BatchAtomicChunk", func(t *testing.T) { testBatchAtomic(t, newStore(t)) })
	t.Run("BatchRunsOutOfSeats", func(t *testing.T) { testBatchRunsOut(t, newStore(t)) })
	t.Run("BatchRepeatedIDs", func(t *testing.T) { testBatchRepeatedIDs(t, newStore(t)) })
	t.Run("Quote", func(t *testing.T) { testQuote(t, newStore(t)) })
	t.Run("EntriesAndCSV", func(t *testing.T) { testEntries(t, newStore(t)) })
	t.Run("Accounts", func(t *testing.T) { testAccounts(t, newStore(t)) })
	t.Run("Concurrency", func(t *testing.T) {
		s := newStore(t)
		Concurrency(t, []ledger.Store{s, s})
	})
}

// step is one operation of a scenario and its expected result.
type step struct {
	at      string // clock; empty keeps the previous
	op      string // publish, renew, delete, plan, usage, batch
	key     string
	cred    string
	email   string
	group   string
	seats   int // plan: new allowance
	year    int // usage: which year (-1: current)
	wantErr error
	charged bool // publish/renew: expected Entry.Charged
	reason  ledger.Reason
	replay  bool
	// usage expectations
	allowance, used, recipients int
}

type scenario struct {
	name  string
	start string
	seats int
	steps []step
}

func pub(key, cred, email string, charged bool) step {
	r := ledger.ReasonSeatHeld
	if charged {
		r = ledger.ReasonNewSeat
	}
	return step{op: "publish", key: key, cred: cred, email: email, charged: charged, reason: r}
}

func at(s string, st step) step { st.at = s; return st }

func fails(st step, err error) step { st.wantErr = err; return st }

func replayed(st step) step { st.replay = true; return st }

func usage(year, allowance, used, recipients int) step {
	return step{op: "usage", year: year, allowance: allowance, used: used, recipients: recipients}
}

func renew(key, cred string, charged bool, reason ledger.Reason) step {
	return step{op: "renew", key: key, cred: cred, charged: charged, reason: reason}
}

func del(key, cred string) step {
	return step{op: "delete", key: key, cred: cred, reason: ledger.ReasonNoRefund}
}

func plan(key string, seats int) step {
	return step{op: "plan", key: key, seats: seats, reason: ledger.ReasonPlanSeats}
}

var scenarios = []scenario{
	{name: "OneSeatPerRecipientPerYear", start: "2024-01-01", seats: 10, steps: []step{
		at("2024-03-01", pub("k1", "c1", "ada@example.org", true)),
		pub("k2", "c2", "ada@example.org", false),
		pub("k3", "c3", "  ADA@Example.ORG ", false), // same after normalisation
		{op: "publish", key: "k4", cred: "c4", email: "ada@example.org", group: "other-group", reason: ledger.ReasonSeatHeld},
		pub("k5", "c5", "bob@example.org", true),
		usage(-1, 10, 2, 2),
	}},
	{name: "InsufficientSeatsChargesNothing", start: "2024-01-01", seats: 2, steps: []step{
		at("2024-02-01", pub("k1", "c1", "a@example.org", true)),
		pub("k2", "c2", "b@example.org", true),
		fails(pub("k3", "c3", "c@example.org", true), ledger.ErrInsufficientSeats),
		usage(-1, 2, 2, 2),
		pub("k4", "c4", "a@example.org", false),                 // held seats still free when full
		fails(renew("k5", "c3", false, ""), ledger.ErrNotFound), // c3 stayed unpublished
		plan("p1", 3),
		pub("k3", "c3", "c@example.org", true), // same key retried after the upgrade
		usage(-1, 3, 3, 3),
	}},
	{name: "YearBoundaryUTC", start: "2024-01-15", seats: 1, steps: []step{
		at("2025-01-14T23:59:59Z", pub("k1", "c1", "a@example.org", true)),
		fails(pub("k2", "c2", "b@example.org", true), ledger.ErrInsufficientSeats),
		at("2025-01-15T00:00:00Z", pub("k3", "c3", "a@example.org", true)), // new year: seat again
		usage(0, 1, 1, 1),
		usage(1, 1, 1, 1),
		// 23:30 in UTC-05:00 on 14 Jan 2026 is 04:30 UTC on 15 Jan: year 2.
		at("2026-01-14T23:30:00-05:00", pub("k4", "c4", "a@example.org", true)),
		usage(2, 1, 1, 1),
	}},
	{name: "NoRollover", start: "2024-01-01", seats: 2, steps: []step{
		at("2024-06-01", pub("k1", "c1", "a@example.org", true)),
		at("2025-06-01", pub("k2", "c2", "b@example.org", true)),
		pub("k3", "c3", "c@example.org", true),
		fails(pub("k4", "c4", "d@example.org", true), ledger.ErrInsufficientSeats),
		usage(0, 2, 1, 1),
		usage(1, 2, 2, 2),
	}},
	{name: "LeapDayStart", start: "2024-02-29", seats: 5, steps: []step{
		at("2024-02-29", pub("k1", "c1", "a@example.org", true)),
		at("2025-02-27T23:59:59Z", pub("k2", "c2", "a@example.org", false)), // still year 0
		at("2025-02-28", pub("k3", "c3", "a@example.org", true)),            // anniversary on 28 Feb
		usage(0, 5, 1, 1),
		usage(1, 5, 1, 1),
		at("2028-02-28T12:00:00Z", pub("k4", "c4", "a@example.org", true)), // year 3 (2027-02-28 .. 2028-02-29)
		usage(3, 5, 1, 1),
		at("2028-02-29", pub("k5", "c5", "a@example.org", true)), // leap year: anniversary on 29 Feb
		usage(4, 5, 1, 1),
	}},
	{name: "DeleteNeverRefundsAndReissueCharges", start: "2024-01-01", seats: 5, steps: []step{
		at("2024-02-01", pub("k1", "c1", "a@example.org", true)),
		del("d1", "c1"),
		usage(-1, 5, 1, 0),                     // no refund; a no longer holds a seat
		pub("k2", "c2", "a@example.org", true), // re-issue costs another seat
		usage(-1, 5, 2, 1),
		fails(del("d2", "c1"), ledger.ErrNotFound),
		fails(pub("k3", "c1", "a@example.org", false), ledger.ErrAlreadyPublished), // IDs are never reused
	}},
	{name: "DeleteOneOfSeveralKeepsSeat", start: "2024-01-01", seats: 5, steps: []step{
		at("2024-02-01", pub("k1", "c1", "a@example.org", true)),
		pub("k2", "c2", "a@example.org", false),
		del("d1", "c1"),
		pub("k3", "c3", "a@example.org", false), // still holds through c2
		usage(-1, 5, 1, 1),
		del("d2", "c2"),
		del("d3", "c3"),
		pub("k4", "c4", "a@example.org", true),
		usage(-1, 5, 2, 1),
	}},
	{name: "RenewalAcrossYears", start: "2024-01-01", seats: 5, steps: []step{
		at("2024-02-01", pub("k1", "c1", "a@example.org", true)),
		renew("r1", "c1", false, ledger.ReasonSameYear),
		at("2025-03-01", renew("r2", "c1", true, ledger.ReasonNewSeat)),
		renew("r3", "c1", false, ledger.ReasonSameYear), // now within its own year
		pub("k2", "c2", "a@example.org", false),         // a holds a year-1 seat via the renewal
		usage(1, 5, 1, 1),
		usage(0, 5, 1, 0), // the renewal moved c1's hold to year 1
	}},
	{name: "RenewalWhereSeatAlreadyHeld", start: "2024-01-01", seats: 5, steps: []step{
		at("2024-02-01", pub("k1", "c1", "a@example.org", true)),
		at("2025-02-01", pub("k2", "c2", "a@example.org", true)),
		renew("r1", "c1", false, ledger.ReasonSeatHeld),
		usage(1, 5, 1, 1),
	}},
	{name: "RenewalWithoutSeat", start: "2024-01-01", seats: 1, steps: []step{
		at("2024-02-01", pub("k1", "c1", "a@example.org", true)),
		at("2025-02-01", pub("k2", "c2", "b@example.org", true)),
		fails(renew("r1", "c1", true, ledger.ReasonNewSeat), ledger.ErrInsufficientSeats),
		usage(1, 1, 1, 1),
		plan("p1", 2),
		renew("r1", "c1", true, ledger.ReasonNewSeat), // same key, after the upgrade
		usage(1, 2, 2, 2),
	}},
	{name: "PlanChanges", start: "2024-01-01", seats: 2, steps: []step{
		at("2024-02-01", pub("k1", "c1", "a@example.org", true)),
		pub("k2", "c2", "b@example.org", true),
		fails(pub("k3", "c3", "c@example.org", true), ledger.ErrInsufficientSeats),
		plan("p1", 3), // upgrade
		pub("k3", "c3", "c@example.org", true),
		plan("p2", 1), // downgrade below usage: seats used stay used
		usage(-1, 1, 3, 3),
		fails(pub("k4", "c4", "d@example.org", true), ledger.ErrInsufficientSeats),
		pub("k5", "c5", "a@example.org", false),
		at("2025-01-01", usage(-1, 1, 0, 0)), // next year starts with the new plan
		pub("k6", "c6", "d@example.org", true),
		fails(pub("k7", "c7", "e@example.org", true), ledger.ErrInsufficientSeats),
		usage(0, 1, 3, 3),
	}},
	{name: "PlanChangeBeforeFirstPublish", start: "2024-01-01", seats: 0, steps: []step{
		at("2024-02-01", fails(pub("k1", "c1", "a@example.org", true), ledger.ErrInsufficientSeats)),
		plan("p1", 1),
		pub("k1", "c1", "a@example.org", true),
		usage(-1, 1, 1, 1),
	}},
	{name: "IdempotentRetries", start: "2024-01-01", seats: 5, steps: []step{
		at("2024-02-01", pub("k1", "c1", "a@example.org", true)),
		replayed(pub("k1", "c1", "a@example.org", true)),
		replayed(pub("k1", "c1", "A@EXAMPLE.ORG", true)), // same after normalisation
		fails(pub("k1", "c1", "b@example.org", true), ledger.ErrIdempotencyConflict),
		fails(pub("k1", "c9", "a@example.org", true), ledger.ErrIdempotencyConflict),
		fails(del("k1", "c1"), ledger.ErrIdempotencyConflict),
		fails(pub("k2", "c1", "a@example.org", false), ledger.ErrAlreadyPublished),
		usage(-1, 5, 1, 1),
		at("2025-02-01", renew("r1", "c1", true, ledger.ReasonNewSeat)),
		replayed(renew("r1", "c1", true, ledger.ReasonNewSeat)),
		usage(1, 5, 1, 1),
		del("d1", "c1"),
		replayed(del("d1", "c1")),
		plan("p1", 7),
		replayed(plan("p1", 7)),
		fails(plan("p1", 8), ledger.ErrIdempotencyConflict),
		usage(1, 7, 1, 0),
	}},
	{name: "Validation", start: "2024-01-01", seats: 5, steps: []step{
		at("2023-12-31T23:59:59Z", fails(pub("k1", "c1", "a@example.org", true), ledger.ErrNotStarted)),
		at("2024-01-01", fails(pub("k1", "c1", "not an email", true), ledger.ErrInvalid)),
		fails(pub("", "c1", "a@example.org", true), ledger.ErrInvalid),
		fails(pub("k1", "", "a@example.org", true), ledger.ErrInvalid),
		fails(plan("p1", -1), ledger.ErrInvalid),
		fails(renew("r1", "nope", false, ""), ledger.ErrNotFound),
		fails(del("d1", "nope"), ledger.ErrNotFound),
		usage(0, 5, 0, 0),
	}},
}

func runScenario(t *testing.T, store ledger.Store, sc scenario) {
	ctx := context.Background()
	clock := NewClock(T(sc.start))
	l := ledger.New(store, ledger.Config{Now: clock.Now})
	const acct = "acme"
	if err := l.OpenAccount(ctx, acct, ledger.Plan{Seats: sc.seats, Start: T(sc.start)}); err != nil {
		t.Fatal(err)
	}
	seqs := map[string]int64{}
	for i, st := range sc.steps {
		if st.at != "" {
			clock.Set(T(st.at))
		}
		where := fmt.Sprintf("step %d (%s %s %s)", i, st.op, st.key, st.cred)
		var out ledger.Outcome
		var err error
		switch st.op {
		case "publish":
			out, err = l.Publish(ctx, ledger.PublishRequest{Key: st.key, Account: acct, CredentialID: st.cred, Email: st.email, Group: st.group})
		case "renew":
			out, err = l.Renew(ctx, ledger.RenewRequest{Key: st.key, Account: acct, CredentialID: st.cred})
		case "delete":
			out, err = l.Delete(ctx, ledger.DeleteRequest{Key: st.key, Account: acct, CredentialID: st.cred})
		case "plan":
			out, err = l.ChangePlan(ctx, st.key, acct, st.seats)
		case "usage":
			var u ledger.Usage
			if st.year < 0 {
				u, err = l.Usage(ctx, acct)
			} else {
				u, err = l.YearUsage(ctx, acct, st.year)
			}
			if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			if u.Allowance != st.allowance || u.Used != st.used || u.Recipients != st.recipients {
				t.Fatalf("%s: year %d usage allowance/used/recipients = %d/%d/%d, want %d/%d/%d", where, u.Year,
					u.Allowance, u.Used, u.Recipients, st.allowance, st.used, st.recipients)
			}
			if u.Remaining != max(0, u.Allowance-u.Used) {
				t.Fatalf("%s: remaining %d", where, u.Remaining)
			}
			continue
		default:
			t.Fatalf("bad op %q", st.op)
		}
		if st.wantErr != nil {
			if !errors.Is(err, st.wantErr) {
				t.Fatalf("%s: err = %v, want %v", where, err, st.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		e := out.Entry
		if e.Charged != st.charged || e.Reason != st.reason || out.Replayed != st.replay {
			t.Fatalf("%s: charged=%v reason=%s replayed=%v, want %v %s %v", where, e.Charged, e.Reason, out.Replayed, st.charged, st.reason, st.replay)
		}
		if e.Key != st.key || e.Account != acct || e.Seq <= 0 {
			t.Fatalf("%s: entry %+v", where, e)
		}
		if st.replay {
			if seqs[st.key] != e.Seq {
				t.Fatalf("%s: replay returned entry %d, want %d", where, e.Seq, seqs[st.key])
			}
		} else {
			seqs[st.key] = e.Seq
		}
	}
	checkEntriesMatchUsage(t, l, acct)
}

// checkEntriesMatchUsage checks that the charged entries of each year add up
// to the year's Used, and that no recipient was charged twice in a year
// without a deletion in between.
func checkEntriesMatchUsage(t *testing.T, l *ledger.Ledger, acct string) {
	t.Helper()
	ctx := context.Background()
	es, err := l.Entries(ctx, acct, 0, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	charged := map[int]int{}
	for _, e := range es {
		if e.Charged {
			charged[e.Year]++
		}
	}
	for y, n := range charged {
		u, err := l.YearUsage(ctx, acct, y)
		if err != nil {
			t.Fatal(err)
		}
		if u.Used != n {
			t.Fatalf("year %d: %d charged entries, usage says %d", y, n, u.Used)
		}
	}
}

func openAcct(t *testing.T, store ledger.Store, seats int, cfg ledger.Config) (*ledger.Ledger, *Clock) {
	t.Helper()
	clock := NewClock(T("2024-05-01"))
	cfg.Now = clock.Now
	l := ledger.New(store, cfg)
	if err := l.OpenAccount(context.Background(), "acme", ledger.Plan{Seats: seats, Start: T("2024-01-01")}); err != nil {
		t.Fatal(err)
	}
	return l, clock
}

func testBatch(t *testing.T, store ledger.Store) {
	ctx := context.Background()
	l, _ := openAcct(t, store, 3, ledger.Config{})
	if _, err := l.Publish(ctx, ledger.PublishRequest{Key: "pre", Account: "acme", CredentialID: "c0", Email: "held@example.org"}); err != nil {
		t.Fatal(err)
	}
	items := []ledger.BatchItem{
		{CredentialID: "c1", Email: "a@example.org"},    // charged (seat 2)
		{CredentialID: "c2", Email: "held@example.org"}, // free: held before
		{CredentialID: "c3", Email: "A@example.org"},    // free: a charged by c1
		{CredentialID: "c4", Email: "b@example.org"},    // charged (seat 3)
		{CredentialID: "c5", Email: "c@example.org"},    // no seat
		{CredentialID: "c6", Email: "c@example.org"},    // no seat
		{CredentialID: "c1", Email: "d@example.org"},    // rejected: duplicate ID
		{CredentialID: "c0", Email: "d@example.org"},    // rejected: already published
		{CredentialID: "c7", Email: "bad"},              // rejected: invalid email
		{CredentialID: "c8", Email: "b@example.org", Group: "g2"},
	}
	want := []ledger.Status{ledger.StatusCharged, ledger.StatusFree, ledger.StatusFree, ledger.StatusCharged,
		ledger.StatusNoSeat, ledger.StatusNoSeat, ledger.StatusRejected, ledger.StatusRejected, ledger.StatusRejected, ledger.StatusFree}
	res, err := l.PublishBatch(ctx, "acme", "batch1", items)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res.Items {
		if r.Status != want[i] {
			t.Errorf("item %d: %s (%v), want %s", i, r.Status, r.Err, want[i])
		}
	}
	wantErrs := map[int]error{6: ledger.ErrAlreadyPublished, 7: ledger.ErrAlreadyPublished, 8: ledger.ErrInvalid}
	for i, e := range wantErrs {
		if !errors.Is(res.Items[i].Err, e) {
			t.Errorf("item %d: err %v, want %v", i, res.Items[i].Err, e)
		}
	}
	if res.Charged != 2 || res.Free != 3 || res.NoSeat != 2 || res.Rejected != 3 {
		t.Errorf("counts %+v", res)
	}
	u, err := l.Usage(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	if u.Used != 3 || u.Recipients != 3 || u.Remaining != 0 {
		t.Errorf("usage %+v", u)
	}
	// The unpublished ones stay unpublished: c5 can be published later.
	if _, err := l.ChangePlan(ctx, "up", "acme", 4); err != nil {
		t.Fatal(err)
	}
	out, err := l.Publish(ctx, ledger.PublishRequest{Key: "k5", Account: "acme", CredentialID: "c5", Email: "c@example.org"})
	if err != nil || !out.Entry.Charged {
		t.Fatalf("publish c5 after upgrade: %+v %v", out, err)
	}
	checkEntriesMatchUsage(t, l, "acme")
}

// testBatchRepeatedIDs publishes batches repeating a credential ID: a
// repeat is rejected only if an earlier item with the ID was published, as
// it would be were the items published one at a time.
func testBatchRepeatedIDs(t *testing.T, store ledger.Store) {
	const (
		charged  = ledger.StatusCharged
		free     = ledger.StatusFree
		noSeat   = ledger.StatusNoSeat
		rejected = ledger.StatusRejected
	)
	type item struct{ cred, email string }
	for i, tc := range []struct {
		name  string
		seats int
		pre   []item // published one at a time first
		items []item
		want  []ledger.Status
	}{
		{"RepeatOfPublished", 2, nil,
			[]item{{"c1", "a@example.org"}, {"c1", "b@example.org"}, {"c2", "c@example.org"}},
			[]ledger.Status{charged, rejected, charged}}, // the repeat claims no seat
		{"RepeatAfterNoSeatToHolder", 1, []item{{"c0", "held@example.org"}},
			[]item{{"c1", "a@example.org"}, {"c1", "held@example.org"}, {"c1", "held@example.org"}},
			[]ledger.Status{noSeat, free, rejected}},
		{"RepeatAfterNoSeatToChargedInBatch", 2, nil,
			[]item{{"c1", "a@example.org"}, {"c2", "b@example.org"}, {"c3", "c@example.org"}, {"c3", "A@example.org"}, {"c3", "b@example.org"}},
			[]ledger.Status{charged, charged, noSeat, free, rejected}},
		{"RepeatAfterNoSeatToNewRecipient", 1, []item{{"c0", "held@example.org"}},
			[]item{{"c1", "a@example.org"}, {"c1", "b@example.org"}, {"c2", "b@example.org"}, {"c1", "held@example.org"}},
			[]ledger.Status{noSeat, noSeat, noSeat, free}},
		{"RecipientFirstSeenInRejectedRepeat", 2, nil,
			[]item{{"c1", "a@example.org"}, {"c1", "b@example.org"}, {"c2", "c@example.org"}, {"c3", "b@example.org"}},
			[]ledger.Status{charged, rejected, charged, noSeat}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			l := ledger.New(store, ledger.Config{Now: NewClock(T("2024-05-01")).Now})
			batchAcct, seqAcct := fmt.Sprint("batch", i), fmt.Sprint("seq", i)
			for _, acct := range []string{batchAcct, seqAcct} {
				if err := l.OpenAccount(ctx, acct, ledger.Plan{Seats: tc.seats, Start: T("2024-01-01")}); err != nil {
					t.Fatal(err)
				}
				for k, it := range tc.pre {
					if _, err := l.Publish(ctx, ledger.PublishRequest{Key: fmt.Sprint("pre", k), Account: acct, CredentialID: it.cred, Email: it.email}); err != nil {
						t.Fatal(err)
					}
				}
			}
			items := make([]ledger.BatchItem, len(tc.items))
			for k, it := range tc.items {
				items[k] = ledger.BatchItem{CredentialID: it.cred, Email: it.email}
			}
			res := BatchMatchesSequential(t, l, batchAcct, seqAcct, "b", items)
			for k, r := range res.Items {
				if r.Status != tc.want[k] {
					t.Errorf("item %d: %s (%v), want %s", k, r.Status, r.Err, tc.want[k])
				}
			}
			checkEntriesMatchUsage(t, l, batchAcct)
		})
	}
}

// BatchMatchesSequential publishes items with PublishBatch(batchKey) to
// batchAcct and one at a time with Publish (under the keys PublishBatch
// gives them) to seqAcct, two accounts with the same plan and history, and
// fails t unless every item's result, the entries recorded and the usage
// of the two agree. It returns the batch's result.
func BatchMatchesSequential(t testing.TB, l *ledger.Ledger, batchAcct, seqAcct, batchKey string, items []ledger.BatchItem) ledger.BatchResult {
	t.Helper()
	ctx := context.Background()
	res, err := l.PublishBatch(ctx, batchAcct, batchKey, items)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Items) != len(items) {
		t.Fatalf("%d results for %d items", len(res.Items), len(items))
	}
	for i, it := range items {
		key := it.Key
		if key == "" {
			key = fmt.Sprintf("%s/%d", batchKey, i)
		}
		out, err := l.Publish(ctx, ledger.PublishRequest{Key: key, Account: seqAcct, CredentialID: it.CredentialID, Email: it.Email, Group: it.Group})
		var st ledger.Status
		switch {
		case errors.Is(err, ledger.ErrInsufficientSeats):
			st, err = ledger.StatusNoSeat, nil
		case err != nil:
			st = ledger.StatusRejected
		case out.Entry.Charged:
			st = ledger.StatusCharged
		default:
			st = ledger.StatusFree
		}
		r := res.Items[i]
		if r.Status != st || fmt.Sprint(r.Err) != fmt.Sprint(err) || r.Replayed != out.Replayed ||
			!sameEntry(r.Entry, out.Entry, batchAcct, seqAcct) {
			t.Errorf("item %d (%s %s): batch %s %v %+v; one at a time %s %v %+v",
				i, it.CredentialID, it.Email, r.Status, r.Err, r.Entry, st, err, out.Entry)
		}
	}
	ub, err := l.Usage(ctx, batchAcct)
	if err != nil {
		t.Fatal(err)
	}
	us, err := l.Usage(ctx, seqAcct)
	if err != nil {
		t.Fatal(err)
	}
	if ub.Used != us.Used || ub.Recipients != us.Recipients || ub.Allowance != us.Allowance {
		t.Errorf("usage: batch %+v, one at a time %+v", ub, us)
	}
	eb, err := l.Entries(ctx, batchAcct, 0, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	es, err := l.Entries(ctx, seqAcct, 0, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if len(eb) != len(es) {
		t.Fatalf("%d entries after the batch, %d one at a time", len(eb), len(es))
	}
	for i := range eb {
		if !sameEntry(eb[i], es[i], batchAcct, seqAcct) {
			t.Errorf("entry %d: batch %+v, one at a time %+v", i, eb[i], es[i])
		}
	}
	return res
}

// sameEntry compares entries of accounts a and b but for their Seq.
func sameEntry(x, y ledger.Entry, a, b string) bool {
	if x.Account == a && y.Account == b {
		x.Account = b
	}
	if !x.At.Equal(y.At) {
		return false
	}
	x.Seq, y.Seq, x.At, y.At = 0, 0, time.Time{}, time.Time{}
	return x == y
}

// testBatchRunsOut publishes more new recipients than there are seats, in
// chunks of several sizes, so that stores batching their statements see
// chunks where the seats run out part way.
func testBatchRunsOut(t *testing.T, store ledger.Store) {
	ctx := context.Background()
	l, _ := openAcct(t, store, 200, ledger.Config{ChunkSize: 37})
	items := make([]ledger.BatchItem, 300)
	for i := range items {
		items[i] = ledger.BatchItem{CredentialID: fmt.Sprintf("c%d", i), Email: fmt.Sprintf("r%d@example.org", i%290)}
	}
	res, err := l.PublishBatch(ctx, "acme", "big", items)
	if err != nil {
		t.Fatal(err)
	}
	// Recipients r0..r199 get the seats; r200..r289 none; items 290..299
	// repeat r0..r9, who hold seats.
	for i, r := range res.Items {
		want := ledger.StatusCharged
		switch {
		case i >= 290:
			want = ledger.StatusFree
		case i >= 200:
			want = ledger.StatusNoSeat
		}
		if r.Status != want {
			t.Fatalf("item %d: %s (%v), want %s", i, r.Status, r.Err, want)
		}
	}
	u, err := l.Usage(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	if u.Used != 200 || u.Recipients != 200 || u.Remaining != 0 {
		t.Errorf("usage %+v", u)
	}
	checkEntriesMatchUsage(t, l, "acme")
}

func testBatchChunks(t *testing.T, store ledger.Store) {
	ctx := context.Background()
	l, _ := openAcct(t, store, 100, ledger.Config{ChunkSize: 3})
	var items []ledger.BatchItem
	for i := range 10 {
		items = append(items, ledger.BatchItem{CredentialID: fmt.Sprintf("c%d", i), Email: fmt.Sprintf("r%d@example.org", i%7)})
	}
	res, err := l.PublishBatch(ctx, "acme", "upload-1", items)
	if err != nil {
		t.Fatal(err)
	}
	if res.Charged != 7 || res.Free != 3 || len(res.Items) != 10 {
		t.Fatalf("first run %+v", res)
	}
	again, err := l.PublishBatch(ctx, "acme", "upload-1", items)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range again.Items {
		if !r.Replayed || r.Entry.Seq != res.Items[i].Entry.Seq || r.Status != res.Items[i].Status {
			t.Fatalf("retry item %d: %+v, first %+v", i, r, res.Items[i])
		}
	}
	// Same batch key with a changed item: that item conflicts.
	items[4].Email = "other@example.org"
	third, err := l.PublishBatch(ctx, "acme", "upload-1", items)
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(third.Items[4].Err, ledger.ErrIdempotencyConflict) || third.Rejected != 1 {
		t.Fatalf("changed item: %+v", third.Items[4])
	}
	if u, _ := l.Usage(ctx, "acme"); u.Used != 7 {
		t.Fatalf("used %d after retries, want 7", u.Used)
	}
}

// failingStore makes Tx.Append fail on the failAt-th call, after the chunk's
// other writes, to prove the store rolls the whole chunk back.
type failingStore struct {
	ledger.Store
	mu     sync.Mutex
	calls  int
	failAt int
}

var errInjected = errors.New("injected failure")

func (f *failingStore) Update(ctx context.Context, fn func(ledger.Tx) error) error {
	return f.Store.Update(ctx, func(tx ledger.Tx) error { return fn(&failingTx{Tx: tx, f: f}) })
}

type failingTx struct {
	ledger.Tx
	f *failingStore
}

func (t *failingTx) Append(ctx context.Context, es []ledger.Entry) error {
	t.f.mu.Lock()
	t.f.calls++
	fail := t.f.calls == t.f.failAt
	t.f.mu.Unlock()
	if fail {
		return errInjected
	}
	return t.Tx.Append(ctx, es)
}

func testBatchAtomic(t *testing.T, store ledger.Store) {
	ctx := context.Background()
	fs := &failingStore{Store: store, failAt: 3} // 1: plan entry; 2: chunk 1; 3: chunk 2
	l, _ := openAcct(t, fs, 100, ledger.Config{ChunkSize: 4})
	if _, err := l.ChangePlan(ctx, "p", "acme", 50); err != nil {
		t.Fatal(err)
	}
	var items []ledger.BatchItem
	for i := range 10 {
		items = append(items, ledger.BatchItem{CredentialID: fmt.Sprintf("c%d", i), Email: fmt.Sprintf("r%d@example.org", i)})
	}
	res, err := l.PublishBatch(ctx, "acme", "b", items)
	if !errors.Is(err, errInjected) {
		t.Fatalf("err = %v", err)
	}
	if len(res.Items) != 4 {
		t.Fatalf("%d items reported, want the first chunk's 4", len(res.Items))
	}
	u, _ := l.Usage(ctx, "acme")
	if u.Used != 4 || u.Recipients != 4 {
		t.Fatalf("after failed chunk: %+v", u)
	}
	es, _ := l.Entries(ctx, "acme", 0, 100)
	if len(es) != 5 {
		t.Fatalf("%d entries, want 5", len(es))
	}
	// Retrying the batch applies the rest exactly once.
	res, err = l.PublishBatch(ctx, "acme", "b", items)
	if err != nil {
		t.Fatal(err)
	}
	if res.Charged != 10 {
		t.Fatalf("retry %+v", res)
	}
	if u, _ := l.Usage(ctx, "acme"); u.Used != 10 || u.Recipients != 10 {
		t.Fatalf("after retry: %+v", u)
	}
	checkEntriesMatchUsage(t, l, "acme")
}

func testQuote(t *testing.T, store ledger.Store) {
	ctx := context.Background()
	l, _ := openAcct(t, store, 3, ledger.Config{})
	for i, e := range []string{"a@example.org", "b@example.org"} {
		if _, err := l.Publish(ctx, ledger.PublishRequest{Key: fmt.Sprint(i), Account: "acme", CredentialID: fmt.Sprint(i), Email: e}); err != nil {
			t.Fatal(err)
		}
	}
	q, err := l.Quote(ctx, "acme", []string{"a@example.org", "B@example.org", "c@example.org", "c@example.org", "bad", "d@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	if q.Recipients != 4 || q.Held != 2 || q.NewSeats != 2 || q.Remaining != 1 || q.Shortfall != 1 || len(q.Invalid) != 1 || q.Invalid[4] == nil {
		t.Fatalf("quote %+v", q)
	}
	if u, _ := l.Usage(ctx, "acme"); u.Used != 2 {
		t.Fatalf("quote changed usage: %+v", u)
	}
}

func testEntries(t *testing.T, store ledger.Store) {
	ctx := context.Background()
	l, clock := openAcct(t, store, 3, ledger.Config{})
	must := func(_ ledger.Outcome, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(l.Publish(ctx, ledger.PublishRequest{Key: "k1", Account: "acme", CredentialID: "c1", Email: "a@example.org", Group: "g,1"}))
	must(l.Publish(ctx, ledger.PublishRequest{Key: "k2", Account: "acme", CredentialID: "c2", Email: "a@example.org"}))
	clock.Set(T("2025-02-01"))
	must(l.Renew(ctx, ledger.RenewRequest{Key: "r1", Account: "acme", CredentialID: "c1"}))
	must(l.Delete(ctx, ledger.DeleteRequest{Key: "d1", Account: "acme", CredentialID: "c2"}))
	must(l.ChangePlan(ctx, "p1", "acme", 9))
	es, err := l.Entries(ctx, "acme", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	wantOps := []ledger.Op{ledger.OpPublish, ledger.OpPublish, ledger.OpRenew, ledger.OpDelete, ledger.OpChangePlan}
	if len(es) != len(wantOps) {
		t.Fatalf("%d entries", len(es))
	}
	for i, e := range es {
		if e.Op != wantOps[i] || (i > 0 && e.Seq <= es[i-1].Seq) {
			t.Fatalf("entry %d: %+v", i, e)
		}
	}
	if e := es[0]; !e.At.Equal(T("2024-05-01")) || e.Recipient != "a@example.org" || e.Group != "g,1" || !e.Charged || e.Year != 0 {
		t.Fatalf("entry 0: %+v", e)
	}
	if e := es[3]; e.Year != 0 || e.Charged || e.Reason != ledger.ReasonNoRefund || !e.At.Equal(T("2025-02-01")) {
		t.Fatalf("delete entry: %+v", e)
	}
	page, err := l.Entries(ctx, "acme", es[1].Seq, 2)
	if err != nil || len(page) != 2 || page[0].Seq != es[2].Seq {
		t.Fatalf("page after %d: %+v %v", es[1].Seq, page, err)
	}
	var buf bytes.Buffer
	if err := l.WriteCSV(ctx, &buf, "acme"); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 || strings.Join(rows[0], ",") != strings.Join(ledger.CSVHeader, ",") {
		t.Fatalf("csv rows %q", rows)
	}
	if got := strings.Join(rows[1][1:], "|"); got != "2024-05-01T00:00:00Z|acme|k1|publish|c1|a@example.org|g,1|0|true|new_seat|0" {
		t.Fatalf("csv row 1: %s", got)
	}
	if _, err := l.Entries(ctx, "nobody", 0, 10); !errors.Is(err, ledger.ErrUnknownAccount) {
		t.Fatalf("entries of unknown account: %v", err)
	}
}

func testAccounts(t *testing.T, store ledger.Store) {
	ctx := context.Background()
	l := ledger.New(store, ledger.Config{Now: NewClock(T("2024-05-01")).Now})
	p := ledger.Plan{Seats: 5, Start: T("2024-01-01")}
	if err := l.OpenAccount(ctx, "a", p); err != nil {
		t.Fatal(err)
	}
	if err := l.OpenAccount(ctx, "a", p); err != nil {
		t.Fatalf("reopen with same plan: %v", err)
	}
	if err := l.OpenAccount(ctx, "a", ledger.Plan{Seats: 6, Start: p.Start}); !errors.Is(err, ledger.ErrAccountExists) {
		t.Fatalf("reopen with other plan: %v", err)
	}
	a, err := l.Account(ctx, "a")
	if err != nil || a.Plan.Seats != 5 || !a.Plan.Start.Equal(p.Start) {
		t.Fatalf("account %+v %v", a, err)
	}
	if _, err := l.Publish(ctx, ledger.PublishRequest{Key: "k", Account: "b", CredentialID: "c", Email: "x@example.org"}); !errors.Is(err, ledger.ErrUnknownAccount) {
		t.Fatalf("publish to unknown account: %v", err)
	}
	if _, err := l.Usage(ctx, "b"); !errors.Is(err, ledger.ErrUnknownAccount) {
		t.Fatalf("usage of unknown account: %v", err)
	}
	// Accounts are independent: same credential ID and key in two accounts.
	if err := l.OpenAccount(ctx, "b", ledger.Plan{Seats: 1, Start: T("2024-01-01")}); err != nil {
		t.Fatal(err)
	}
	for _, acct := range []string{"a", "b"} {
		out, err := l.Publish(ctx, ledger.PublishRequest{Key: "k", Account: acct, CredentialID: "c", Email: "x@example.org"})
		if err != nil || !out.Entry.Charged || out.Replayed {
			t.Fatalf("%s: %+v %v", acct, out, err)
		}
	}
}
