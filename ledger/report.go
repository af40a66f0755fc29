package ledger

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Usage describes one billing year of an account.
type Usage struct {
	Account    string
	Year       int       // billing year index
	From, To   time.Time // [From, To) in UTC
	Allowance  int
	Used       int // seats charged; never decreases
	Remaining  int // max(0, Allowance-Used)
	Recipients int // recipients currently holding a seat
}

// Usage returns the current billing year's usage.
func (l *Ledger) Usage(ctx context.Context, account string) (Usage, error) {
	var u Usage
	err := l.store.View(ctx, func(v View) error {
		_, year, err := currentYear(ctx, v, account, l.now())
		if err != nil {
			return err
		}
		u, err = yearUsage(ctx, v, account, year)
		return err
	})
	return u, err
}

// YearUsage returns the usage of billing year year (0 is the first).
func (l *Ledger) YearUsage(ctx context.Context, account string, year int) (Usage, error) {
	if year < 0 {
		return Usage{}, fmt.Errorf("%w: negative year", ErrInvalid)
	}
	var u Usage
	err := l.store.View(ctx, func(v View) (err error) {
		u, err = yearUsage(ctx, v, account, year)
		return err
	})
	return u, err
}

func yearUsage(ctx context.Context, v View, account string, year int) (Usage, error) {
	a, err := v.Account(ctx, account)
	if err != nil {
		return Usage{}, err
	}
	yu, ok, err := v.Year(ctx, account, year)
	if err != nil {
		return Usage{}, err
	}
	if !ok {
		yu = YearUsage{Allowance: a.Plan.Seats}
	}
	from, to := YearBounds(a.Plan.Start, year)
	return Usage{Account: account, Year: year, From: from, To: to, Allowance: yu.Allowance, Used: yu.Used,
		Remaining: max(0, yu.Allowance-yu.Used), Recipients: yu.Recipients}, nil
}

// Quote is what publishing to a list of emails would cost now.
type Quote struct {
	Usage                    // current year before publishing
	Recipients int           // distinct valid recipients in the list
	Held       int           // of those, already holding a seat: free
	NewSeats   int           // seats needed
	Shortfall  int           // seats missing: max(0, NewSeats-Remaining)
	Invalid    map[int]error // index in the list → why the email is invalid
}

// Quote says what publishing one credential to each of emails would cost in
// the current billing year, without changing anything. Duplicates (after
// normalisation) count once.
func (l *Ledger) Quote(ctx context.Context, account string, emails []string) (Quote, error) {
	q := Quote{Invalid: map[int]error{}}
	seen := make(map[string]bool, len(emails))
	recips := make([]string, 0, len(emails))
	for i, e := range emails {
		r, err := normEmail(e)
		if err != nil {
			q.Invalid[i] = err
			continue
		}
		if !seen[r] {
			seen[r] = true
			recips = append(recips, r)
		}
	}
	err := l.store.View(ctx, func(v View) error {
		_, year, err := currentYear(ctx, v, account, l.now())
		if err != nil {
			return err
		}
		if q.Usage, err = yearUsage(ctx, v, account, year); err != nil {
			return err
		}
		held, err := v.Holding(ctx, account, year, recips)
		if err != nil {
			return err
		}
		q.Held = 0
		for _, r := range recips {
			if held[r] {
				q.Held++
			}
		}
		return nil
	})
	if err != nil {
		return Quote{}, err
	}
	q.Recipients = len(recips)
	q.NewSeats = q.Recipients - q.Held
	q.Shortfall = max(0, q.NewSeats-q.Remaining)
	return q, nil
}

// Entries returns up to limit entries of the account with Seq > after, in
// Seq order (limit <= 0 means 1000). Each call reads its own snapshot, and
// a store may assign Seqs in an order other than commit order (pgstore
// does), so paging with after = the last Seq seen may skip an entry that
// commits later with a smaller Seq; WriteCSV reads one snapshot instead.
func (l *Ledger) Entries(ctx context.Context, account string, after int64, limit int) ([]Entry, error) {
	if limit <= 0 {
		limit = 1000
	}
	var es []Entry
	err := l.store.View(ctx, func(v View) (err error) {
		if _, err = v.Account(ctx, account); err != nil {
			return err
		}
		es, err = v.Entries(ctx, account, after, limit)
		return err
	})
	return es, err
}

// CSVHeader is the header row written by WriteCSV.
var CSVHeader = []string{"seq", "at", "account", "key", "op", "credential_id", "recipient", "group", "year", "charged", "reason", "seats"}

// csvPage is how many entries WriteCSV reads per View.Entries call.
const csvPage = 5000

// WriteCSV writes all entries of the account as CSV (RFC 4180, header
// CSVHeader, times in RFC 3339 UTC). It pages through the entries within
// one Store.View, so the export is one consistent snapshot: exactly the
// operations committed before it began, however writers race with it. It
// writes to w inside that View, so a slow w holds the snapshot open (on
// memstore, writers wait for it).
func (l *Ledger) WriteCSV(ctx context.Context, w io.Writer, account string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	err := l.store.View(ctx, func(v View) error {
		if _, err := v.Account(ctx, account); err != nil {
			return err
		}
		var after int64
		for {
			es, err := v.Entries(ctx, account, after, csvPage)
			if err != nil {
				return err
			}
			for _, e := range es {
				rec := []string{strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(time.RFC3339Nano), e.Account, e.Key,
					string(e.Op), e.CredentialID, e.Recipient, e.Group, strconv.Itoa(e.Year),
					strconv.FormatBool(e.Charged), string(e.Reason), strconv.Itoa(e.Seats)}
				if err := cw.Write(rec); err != nil {
					return err
				}
				after = e.Seq
			}
			if len(es) < csvPage {
				return nil
			}
		}
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
