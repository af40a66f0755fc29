package ledger

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// Config configures a Ledger. The zero value is usable.
type Config struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// ChunkSize is the number of batch items applied per transaction;
	// 0 means 1000.
	ChunkSize int
	// MaxRetries bounds how often an operation that lost a race
	// (ErrTxConflict) is run again; 0 means 20.
	MaxRetries int
	// MaxGroup enables group commit when above 1: concurrent Publish calls
	// on one account are then applied up to MaxGroup at a time in one
	// transaction, each with the result it would have had alone. 0 means
	// the store's preference if it implements GroupCommitter, else 1 (every
	// Publish its own transaction).
	MaxGroup int
}

// Ledger applies the seat rules over a Store. It is safe for concurrent use,
// and several Ledgers may share one database when the store supports it.
type Ledger struct {
	store    Store
	now      func() time.Time
	chunk    int
	retries  int
	maxGroup int
	groups   groups
}

// New returns a Ledger over store.
func New(store Store, cfg Config) *Ledger {
	l := &Ledger{store: store, now: cfg.Now, chunk: cfg.ChunkSize, retries: cfg.MaxRetries}
	if l.now == nil {
		l.now = time.Now
	}
	if l.chunk <= 0 {
		l.chunk = 1000
	}
	if l.retries <= 0 {
		l.retries = 20
	}
	l.maxGroup = cfg.MaxGroup
	if gc, ok := store.(GroupCommitter); ok && l.maxGroup == 0 {
		l.maxGroup = gc.MaxGroup()
	}
	l.maxGroup = min(l.maxGroup, l.chunk)
	l.groups.by = make(map[string]*groupQueue)
	return l
}

// Close closes the store if it implements io.Closer.
func (l *Ledger) Close() error {
	if c, ok := l.store.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

// update runs fn in a transaction, retrying lost races.
func (l *Ledger) update(ctx context.Context, fn func(Tx) error) error {
	var err error
	for range l.retries {
		err = l.store.Update(ctx, fn)
		if !errors.Is(err, ErrTxConflict) {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return err
}

func checkField(name, v string, max int) error {
	if v == "" {
		return fmt.Errorf("%w: empty %s", ErrInvalid, name)
	}
	if len(v) > max {
		return fmt.Errorf("%w: %s longer than %d bytes", ErrInvalid, name, max)
	}
	return nil
}

// OpenAccount creates an account with plan, or does nothing if the account
// already exists with the same plan (so it is idempotent by ID). An existing
// account with a different plan gives ErrAccountExists: use ChangePlan.
func (l *Ledger) OpenAccount(ctx context.Context, id string, plan Plan) error {
	if err := checkField("account ID", id, MaxIDLen); err != nil {
		return err
	}
	if plan.Seats < 0 {
		return fmt.Errorf("%w: negative seats", ErrInvalid)
	}
	if plan.Start.IsZero() {
		return fmt.Errorf("%w: plan has no start date", ErrInvalid)
	}
	plan.Start = startDate(plan.Start)
	return l.update(ctx, func(tx Tx) error {
		a, err := tx.Account(ctx, id)
		switch {
		case err == nil:
			if a.Plan.Seats != plan.Seats || !a.Plan.Start.Equal(plan.Start) {
				return fmt.Errorf("%w: %q", ErrAccountExists, id)
			}
			return nil
		case !errors.Is(err, ErrUnknownAccount):
			return err
		}
		return tx.PutAccount(ctx, Account{ID: id, Plan: plan})
	})
}

// Account returns the account.
func (l *Ledger) Account(ctx context.Context, id string) (Account, error) {
	var a Account
	err := l.store.View(ctx, func(v View) (err error) {
		a, err = v.Account(ctx, id)
		return err
	})
	return a, err
}

// currentYear loads the account and the billing year of now.
func currentYear(ctx context.Context, v View, account string, now time.Time) (Account, int, error) {
	a, err := v.Account(ctx, account)
	if err != nil {
		return a, 0, err
	}
	y := YearAt(a.Plan.Start, now)
	if y < 0 {
		return a, 0, fmt.Errorf("%w: account %q starts %s", ErrNotStarted, account, a.Plan.Start.Format(time.DateOnly))
	}
	return a, y, nil
}

// replay checks key against entries already recorded. It returns the
// original entry if the same request was applied, or ErrIdempotencyConflict.
func replay(ctx context.Context, tx View, want Entry) (Entry, bool, error) {
	m, err := tx.EntriesByKey(ctx, want.Account, []string{want.Key})
	if err != nil {
		return Entry{}, false, err
	}
	e, ok := m[want.Key]
	if !ok {
		return Entry{}, false, nil
	}
	if !e.sameRequest(want) {
		return Entry{}, false, fmt.Errorf("%w: key %q", ErrIdempotencyConflict, want.Key)
	}
	return e, true, nil
}

// ChangePlan sets the account's seat allowance from now on: the current
// billing year's allowance becomes seats (seats already used stay used, so a
// downgrade below usage leaves no seat free) and later years start with it.
func (l *Ledger) ChangePlan(ctx context.Context, key, account string, seats int) (Outcome, error) {
	if err := checkField("idempotency key", key, MaxIDLen); err != nil {
		return Outcome{}, err
	}
	if seats < 0 {
		return Outcome{}, fmt.Errorf("%w: negative seats", ErrInvalid)
	}
	var out Outcome
	err := l.update(ctx, func(tx Tx) error {
		now := l.now().UTC()
		want := Entry{Account: account, Key: key, At: now, Op: OpChangePlan, Reason: ReasonPlanSeats, Seats: seats}
		a, year, err := currentYear(ctx, tx, account, now)
		if errors.Is(err, ErrNotStarted) {
			year, err = 0, nil // a plan may change before it starts
		}
		if err != nil {
			return err
		}
		if e, ok, err := replay(ctx, tx, want); err != nil || ok {
			out = Outcome{Entry: e, Replayed: true}
			return err
		}
		a.Plan.Seats = seats
		if err := tx.PutAccount(ctx, a); err != nil {
			return err
		}
		if err := tx.SetAllowance(ctx, account, year, seats); err != nil {
			return err
		}
		want.Year = year
		es := []Entry{want}
		if err := tx.Append(ctx, es); err != nil {
			return err
		}
		out = Outcome{Entry: es[0]}
		return nil
	})
	return out, err
}

// PublishRequest asks to publish one credential.
type PublishRequest struct {
	Key          string // idempotency key
	Account      string
	CredentialID string
	Email        string // recipient; normalised with credential.NormalizeEmail
	Group        string // optional; recorded, never affects billing
}

// Publish publishes one credential: it costs one seat in the current billing
// year unless the recipient already holds one there. With no seat left it
// returns ErrInsufficientSeats and records nothing, so the same key may be
// retried after an upgrade.
//
// With group commit (Config.MaxGroup) concurrent calls on one account share
// a transaction; a call whose ctx ends after its group has started returns
// ctx.Err() while the group may still apply it (retry with the same key to
// learn the outcome).
func (l *Ledger) Publish(ctx context.Context, req PublishRequest) (Outcome, error) {
	if l.maxGroup > 1 {
		return l.publishGrouped(ctx, req)
	}
	c := &publishCall{l: l, ctx: ctx, account: req.Account,
		item: BatchItem{Key: req.Key, CredentialID: req.CredentialID, Email: req.Email, Group: req.Group}}
	if err := l.update(ctx, c.apply); err != nil {
		return Outcome{}, err
	}
	return c.outcome()
}

// BatchItem is one credential of a batch.
type BatchItem struct {
	Key          string // idempotency key; empty means batchKey + "/" + index
	CredentialID string
	Email        string
	Group        string
}

// ItemResult reports one batch item.
type ItemResult struct {
	Status   Status
	Entry    Entry // for StatusCharged and StatusFree
	Replayed bool  // applied by an earlier call with the same key
	Err      error // for StatusRejected (wraps a sentinel)
}

// BatchResult reports a batch, item by item in input order.
type BatchResult struct {
	Items                           []ItemResult
	Charged, Free, NoSeat, Rejected int
}

// PublishBatch publishes many credentials, one transaction per chunk of
// Config.ChunkSize items: each chunk is applied entirely or not at all. Each
// item gets the result it would have had had the items been published one
// after another in input order (so when seats run out it is the later items
// that get StatusNoSeat), except that a key repeated in one batch is
// rejected with ErrIdempotencyConflict. Items with an empty Key get
// batchKey + "/" + their index, so retrying the same batch with the same key
// after a failure applies only what was not applied. On an error (context
// cancelled, store failure) the result covers the chunks committed before it.
func (l *Ledger) PublishBatch(ctx context.Context, account, batchKey string, items []BatchItem) (BatchResult, error) {
	res := BatchResult{Items: make([]ItemResult, 0, len(items))}
	for start := 0; start < len(items); start += l.chunk {
		end := min(start+l.chunk, len(items))
		chunk := make([]BatchItem, end-start)
		copy(chunk, items[start:end])
		for i := range chunk {
			if chunk[i].Key == "" && batchKey != "" {
				chunk[i].Key = fmt.Sprintf("%s/%d", batchKey, start+i)
			}
		}
		var part []ItemResult
		err := l.update(ctx, func(tx Tx) (err error) {
			part, err = l.publishChunk(ctx, tx, account, chunk)
			return err
		})
		if err != nil {
			return res, err
		}
		for _, r := range part {
			switch r.Status {
			case StatusCharged:
				res.Charged++
			case StatusFree:
				res.Free++
			case StatusNoSeat:
				res.NoSeat++
			case StatusRejected:
				res.Rejected++
			}
		}
		res.Items = append(res.Items, part...)
	}
	return res, nil
}

// RenewRequest asks to renew (change the issue or expiry date of) a
// published credential.
type RenewRequest struct {
	Key          string
	Account      string
	CredentialID string
}

// Renew records a renewal. Within the billing year in which the credential
// was published (or last charged for a renewal) it is free; in a later year
// it costs a seat there unless the recipient already holds one, and the
// credential then belongs to the new year (its hold on the old year ends).
func (l *Ledger) Renew(ctx context.Context, req RenewRequest) (Outcome, error) {
	if err := checkField("idempotency key", req.Key, MaxIDLen); err != nil {
		return Outcome{}, err
	}
	var out Outcome
	err := l.update(ctx, func(tx Tx) error {
		now := l.now().UTC()
		a, year, err := currentYear(ctx, tx, req.Account, now)
		if err != nil {
			return err
		}
		if e, ok, err := replayKey(ctx, tx, req.Account, req.Key, OpRenew, req.CredentialID); err != nil || ok {
			out = Outcome{Entry: e, Replayed: true}
			return err
		}
		rec, err := liveCredential(ctx, tx, req.Account, req.CredentialID)
		if err != nil {
			return err
		}
		want := Entry{Account: req.Account, Key: req.Key, At: now, Op: OpRenew, CredentialID: rec.ID,
			Recipient: rec.Recipient, Group: rec.Group, Year: year}
		switch {
		case year == rec.SeatYear:
			want.Reason = ReasonSameYear
		case year < rec.SeatYear:
			// Only reachable if the clock went back; never charge for it.
			want.Reason = ReasonSameYear
		default:
			after, err := tx.Hold(ctx, req.Account, year, []HoldDelta{{rec.Recipient, 1}})
			if err != nil {
				return err
			}
			if after[0] == 1 {
				n, err := tx.ClaimSeats(ctx, req.Account, year, 1, a.Plan.Seats)
				if err != nil {
					return err
				}
				if n == 0 {
					return fmt.Errorf("%w: renewing %q", ErrInsufficientSeats, rec.ID)
				}
				want.Charged, want.Reason = true, ReasonNewSeat
			} else {
				want.Reason = ReasonSeatHeld
			}
			if _, err := tx.Hold(ctx, req.Account, rec.SeatYear, []HoldDelta{{rec.Recipient, -1}}); err != nil {
				return err
			}
			rec.SeatYear = year
			if err := tx.PutCredentials(ctx, []CredentialRecord{rec}); err != nil {
				return err
			}
		}
		es := []Entry{want}
		if err := tx.Append(ctx, es); err != nil {
			return err
		}
		out = Outcome{Entry: es[0]}
		return nil
	})
	return out, err
}

func liveCredential(ctx context.Context, v View, account, id string) (CredentialRecord, error) {
	if err := checkField("credential ID", id, MaxCredentialID); err != nil {
		return CredentialRecord{}, err
	}
	m, err := v.Credentials(ctx, account, []string{id})
	if err != nil {
		return CredentialRecord{}, err
	}
	rec, ok := m[id]
	if !ok || rec.Deleted {
		return CredentialRecord{}, fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	return rec, nil
}

// DeleteRequest asks to delete a published credential.
type DeleteRequest struct {
	Key          string
	Account      string
	CredentialID string
}

// Delete deletes a credential. It never refunds a seat, but if it was the
// recipient's last live credential of its billing year the recipient no
// longer holds a seat there: publishing to them again that year costs a new
// one.
func (l *Ledger) Delete(ctx context.Context, req DeleteRequest) (Outcome, error) {
	if err := checkField("idempotency key", req.Key, MaxIDLen); err != nil {
		return Outcome{}, err
	}
	var out Outcome
	err := l.update(ctx, func(tx Tx) error {
		now := l.now().UTC()
		if _, err := tx.Account(ctx, req.Account); err != nil {
			return err
		}
		if e, ok, err := replayKey(ctx, tx, req.Account, req.Key, OpDelete, req.CredentialID); err != nil || ok {
			out = Outcome{Entry: e, Replayed: true}
			return err
		}
		rec, err := liveCredential(ctx, tx, req.Account, req.CredentialID)
		if err != nil {
			return err
		}
		if _, err := tx.Hold(ctx, req.Account, rec.SeatYear, []HoldDelta{{rec.Recipient, -1}}); err != nil {
			return err
		}
		rec.Deleted = true
		if err := tx.PutCredentials(ctx, []CredentialRecord{rec}); err != nil {
			return err
		}
		es := []Entry{{Account: req.Account, Key: req.Key, At: now, Op: OpDelete, CredentialID: rec.ID,
			Recipient: rec.Recipient, Group: rec.Group, Year: rec.SeatYear, Reason: ReasonNoRefund}}
		if err := tx.Append(ctx, es); err != nil {
			return err
		}
		out = Outcome{Entry: es[0]}
		return nil
	})
	return out, err
}

// replayKey is replay for operations whose only parameter is the credential.
func replayKey(ctx context.Context, v View, account, key string, op Op, credentialID string) (Entry, bool, error) {
	m, err := v.EntriesByKey(ctx, account, []string{key})
	if err != nil {
		return Entry{}, false, err
	}
	e, ok := m[key]
	if !ok {
		return Entry{}, false, nil
	}
	if e.Op != op || e.CredentialID != credentialID {
		return Entry{}, false, fmt.Errorf("%w: key %q", ErrIdempotencyConflict, key)
	}
	return e, true, nil
}
