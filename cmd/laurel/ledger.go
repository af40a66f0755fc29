package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/laurelhq/laurel/credential/bulk"
	"github.com/laurelhq/laurel/ledger"
	"github.com/laurelhq/laurel/ledger/sqlitestore"
)

// openLedger opens the ledger a --ledger value names: a PostgreSQL URL
// (postgres:// or postgresql://) or a SQLite file path (optionally written
// sqlite:PATH). SQLite is the embedded default: nothing to install.
func openLedger(ctx context.Context, dsn string) (*ledger.Ledger, error) {
	var (
		store ledger.Store
		err   error
	)
	switch {
	case dsn == "":
		return nil, errors.New("no ledger given")
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		store, err = openPostgres(ctx, dsn)
	default:
		store, err = sqlitestore.Open(ctx, strings.TrimPrefix(dsn, "sqlite:"), sqlitestore.Options{})
	}
	if err != nil {
		return nil, err
	}
	return ledger.New(store, ledger.Config{}), nil
}

// ledgerPublisher charges the seats of a bulk issue through the ledger, one
// PublishBatch per chunk. Each item's idempotency key is its credential id
// (the same on every run of a job), so a job run again after a crash never
// charges a row twice.
type ledgerPublisher struct {
	l       *ledger.Ledger
	account string
	group   string
}

func (p ledgerPublisher) Publish(ctx context.Context, items []bulk.Item) ([]bulk.PublishResult, error) {
	batch := make([]ledger.BatchItem, len(items))
	for i, it := range items {
		batch[i] = ledger.BatchItem{Key: "publish/" + it.ID, CredentialID: it.ID, Email: it.Row.Email, Group: p.group}
	}
	res, err := p.l.PublishBatch(ctx, p.account, "", batch)
	if err != nil {
		return nil, err
	}
	out := make([]bulk.PublishResult, len(items))
	for i, r := range res.Items {
		switch r.Status {
		case ledger.StatusCharged:
			out[i] = bulk.PublishResult{Outcome: bulk.Charged}
		case ledger.StatusFree:
			out[i] = bulk.PublishResult{Outcome: bulk.Free, Detail: string(r.Entry.Reason)}
		case ledger.StatusNoSeat:
			out[i] = bulk.PublishResult{Outcome: bulk.NoSeat, Detail: "no seat left in this billing year"}
		default:
			detail := "rejected"
			if r.Err != nil {
				detail = r.Err.Error()
			}
			if errors.Is(r.Err, ledger.ErrAlreadyPublished) {
				// Published by an earlier run under another key: done.
				out[i] = bulk.PublishResult{Outcome: bulk.Free, Detail: "already published"}
				continue
			}
			out[i] = bulk.PublishResult{Outcome: bulk.Failed, Detail: detail}
		}
	}
	return out, nil
}

// runLedger manages recipient-seat accounts: laurel ledger
// open|plan|usage|quote|export.
func runLedger(ctx context.Context, e *env, args []string) int {
	sub := ""
	if len(args) > 0 {
		sub, args = args[0], args[1:]
	}
	fs := flag.NewFlagSet("ledger "+sub, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	dsn := fs.String("ledger", "laurel-ledger.db", "the ledger: a SQLite file, or a postgres:// URL")
	account := fs.String("account", "", "the account (issuing organisation) id (required)")
	seats := fs.Int("seats", -1, "open, plan: seats per billing year")
	start := fs.String("start", "", "open: the first billing year's start date, YYYY-MM-DD (default: today, UTC)")
	key := fs.String("key", "", "plan: idempotency key; a retry with the same key and seats changes nothing (default: a new random key, so every run applies)")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, `usage: laurel ledger open   --account ID --seats N [--start YYYY-MM-DD] [--ledger DSN]
       laurel ledger plan   --account ID --seats N [--key K] [--ledger DSN]
       laurel ledger usage  --account ID [--ledger DSN]
       laurel ledger quote  --account ID [--ledger DSN] CSV|-   (what publishing to these emails costs now)
       laurel ledger export --account ID [--ledger DSN]         (every entry, as CSV)`)
		fs.PrintDefaults()
	}
	switch sub {
	case "open", "plan", "usage", "quote", "export":
	case "", "-h", "--help", "help":
		fs.Usage()
		if sub == "" {
			return exitUsage
		}
		return exitOK
	default:
		fmt.Fprintf(e.stderr, "laurel ledger: unknown subcommand %q\n", sub)
		fs.Usage()
		return exitUsage
	}
	rest, code, done := parseFlags(fs, args)
	if done {
		return code
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "laurel ledger %s: "+format+"\n", append([]any{sub}, a...)...)
		return exitUsage
	}
	if *account == "" {
		return fail("--account is required")
	}
	if (sub == "open" || sub == "plan") && *seats < 0 {
		return fail("--seats is required")
	}
	if sub != "quote" && len(rest) > 0 {
		return fail("unexpected argument %q", rest[0])
	}
	l, err := openLedger(ctx, *dsn)
	if err != nil {
		return fail("%v", err)
	}
	defer l.Close()

	switch sub {
	case "open":
		day := time.Now().UTC()
		if *start != "" {
			if day, err = time.Parse(time.DateOnly, *start); err != nil {
				return fail("--start: %v", err)
			}
		}
		if err := l.OpenAccount(ctx, *account, ledger.Plan{Seats: *seats, Start: day}); err != nil {
			return fail("%v", err)
		}
	case "plan":
		k := *key
		if k == "" {
			// Each run is a new change: a key derived from the request
			// (as it once was, from account, seats and day) replayed an
			// earlier change back to those seats, so 10, 20, 10, 20 in one
			// day left 10. Setting a plan twice is harmless.
			k = "plan/" + rand.Text()
		}
		if _, err := l.ChangePlan(ctx, k, *account, *seats); err != nil {
			return fail("%v", err)
		}
	case "quote":
		if len(rest) != 1 {
			return fail("give one CSV file (or - for standard input)")
		}
		emails, err := readEmails(e, rest[0])
		if err != nil {
			return fail("%v", err)
		}
		q, err := l.Quote(ctx, *account, emails)
		if err != nil {
			return fail("%v", err)
		}
		fmt.Fprintf(e.stdout, "%d recipients: %d already hold a seat, %d need a new one; %d seats left; shortfall %d; %d invalid emails\n",
			q.Recipients, q.Held, q.NewSeats, q.Remaining, q.Shortfall, len(q.Invalid))
		return exitOK
	case "export":
		if err := l.WriteCSV(ctx, e.stdout, *account); err != nil {
			return fail("%v", err)
		}
		return exitOK
	}
	u, err := l.Usage(ctx, *account)
	if err != nil {
		return fail("%v", err)
	}
	printUsage(e.stdout, u)
	return exitOK
}

func printUsage(w io.Writer, u ledger.Usage) {
	holders := fmt.Sprintf("%d recipients hold a seat", u.Recipients)
	if u.Recipients == 1 {
		holders = "1 recipient holds a seat"
	}
	fmt.Fprintf(w, "account %s, billing year %d (%s to %s): %d of %d seats used, %d left, %s\n",
		u.Account, u.Year+1, u.From.Format(time.DateOnly), u.To.AddDate(0, 0, -1).Format(time.DateOnly),
		u.Used, u.Allowance, u.Remaining, holders)
}

// readEmails reads the email column of a CSV export (or one email per line
// when there is no header named email).
func readEmails(e *env, path string) ([]string, error) {
	var r io.Reader = e.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	cr := csv.NewReader(bufio.NewReader(r))
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, err
	}
	col := 0
	if len(recs) > 0 {
		for i, h := range recs[0] {
			if strings.EqualFold(strings.TrimSpace(h), "email") {
				col = i
				recs = recs[1:]
				break
			}
		}
	}
	out := make([]string, 0, len(recs))
	for _, rec := range recs {
		if col < len(rec) {
			out = append(out, rec[col])
		}
	}
	return out, nil
}
