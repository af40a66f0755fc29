package ledger

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// publishChunk applies items in tx. Item-level problems are reported in the
// results; a returned error aborts the transaction.
func (l *Ledger) publishChunk(ctx context.Context, tx Tx, account string, items []BatchItem) ([]ItemResult, error) {
	if len(items) == 1 {
		r, err := l.publishOne(ctx, tx, &publishCall{account: account, item: items[0]})
		if err != nil {
			return nil, err
		}
		return []ItemResult{r}, nil
	}
	return l.publishMany(ctx, tx, account, items)
}

// announced reports whether Prefetch announces the item's key and
// credential ID: they are the ones read later unless it is rejected.
func announced(it BatchItem) bool {
	return it.Key != "" && len(it.Key) <= MaxIDLen && it.CredentialID != "" && len(it.CredentialID) <= MaxCredentialID
}

// checkItem validates an item and returns its normalised recipient.
func checkItem(it BatchItem) (string, error) {
	if err := checkField("idempotency key", it.Key, MaxIDLen); err != nil {
		return "", err
	}
	if err := checkField("credential ID", it.CredentialID, MaxCredentialID); err != nil {
		return "", err
	}
	if len(it.Group) > MaxIDLen {
		return "", fmt.Errorf("%w: group longer than %d bytes", ErrInvalid, MaxIDLen)
	}
	return normEmail(it.Email)
}

// publishEntry is the entry an item records, before its charge is known.
func publishEntry(account string, it BatchItem, recipient string, now time.Time, year int) Entry {
	return Entry{Account: account, Key: it.Key, At: now, Op: OpPublish, CredentialID: it.CredentialID,
		Recipient: recipient, Group: it.Group, Year: year}
}

// replayResult is the result of an item whose key was already recorded as
// e: a replay if it records the same request, else a rejection.
func replayResult(e, want Entry) ItemResult {
	if !e.sameRequest(want) {
		return ItemResult{Status: StatusRejected, Err: fmt.Errorf("%w: key %q", ErrIdempotencyConflict, want.Key)}
	}
	st := StatusFree
	if e.Charged {
		st = StatusCharged
	}
	return ItemResult{Status: st, Entry: e, Replayed: true}
}

// publishCall is one Publish without group commit: its arguments, its
// result, and the slices it passes to the store, in one allocation.
type publishCall struct {
	l       *Ledger
	ctx     context.Context
	account string
	item    BatchItem
	// The result, but for its entry, which is entry[0].
	replayed bool
	err      error
	// Arguments to the store, rewritten by every run of apply.
	keys, ids [1]string
	hold      [1]HoldDelta
	rec       [1]CredentialRecord
	entry     [1]Entry
}

// apply is the transaction function of Publish.
func (c *publishCall) apply(tx Tx) error {
	r, err := c.l.publishOne(c.ctx, tx, c)
	if err != nil {
		return err
	}
	c.replayed, c.err = r.Replayed, r.Err
	c.entry[0] = r.Entry
	if r.Status == StatusNoSeat {
		return ErrInsufficientSeats
	}
	return nil
}

// outcome is the result of a committed publishCall.
func (c *publishCall) outcome() (Outcome, error) {
	if c.err != nil {
		return Outcome{}, c.err
	}
	return Outcome{Entry: c.entry[0], Replayed: c.replayed}, nil
}

// publishOne is publishChunk for the single item c.item, without the
// bookkeeping a batch needs (Publish is the hot path). It makes the same
// store calls in the same order, except that after rejecting the item it
// reads nothing more.
func (l *Ledger) publishOne(ctx context.Context, tx Tx, c *publishCall) (ItemResult, error) {
	now := l.now().UTC()
	account, it := c.account, c.item
	c.keys[0], c.ids[0] = it.Key, it.CredentialID
	if p, ok := tx.(Prefetcher); ok {
		keys, ids := c.keys[:0], c.ids[:0]
		if announced(it) {
			keys, ids = c.keys[:], c.ids[:]
		}
		if err := p.Prefetch(ctx, account, keys, ids); err != nil {
			return ItemResult{}, err
		}
	}
	a, year, err := currentYear(ctx, tx, account, now)
	if err != nil {
		return ItemResult{}, err
	}
	recipient, err := checkItem(it)
	if err != nil {
		return ItemResult{Status: StatusRejected, Err: err}, nil
	}
	want := publishEntry(account, it, recipient, now, year)
	done, err := tx.EntriesByKey(ctx, account, c.keys[:])
	if err != nil {
		return ItemResult{}, err
	}
	if e, ok := done[it.Key]; ok {
		return replayResult(e, want), nil
	}
	creds, err := tx.Credentials(ctx, account, c.ids[:])
	if err != nil {
		return ItemResult{}, err
	}
	if _, ok := creds[it.CredentialID]; ok {
		return ItemResult{Status: StatusRejected, Err: fmt.Errorf("%w: %q", ErrAlreadyPublished, it.CredentialID)}, nil
	}
	c.hold[0] = HoldDelta{Recipient: recipient, Delta: 1}
	after, err := tx.Hold(ctx, account, year, c.hold[:])
	if err != nil {
		return ItemResult{}, err
	}
	if len(after) != 1 {
		return ItemResult{}, holdCountError(len(after), 1)
	}
	want.Reason = ReasonSeatHeld
	if after[0] == 1 { // count was zero before: no seat held
		granted, err := tx.ClaimSeats(ctx, account, year, 1, a.Plan.Seats)
		if err != nil {
			return ItemResult{}, err
		}
		if granted == 0 {
			// Undo the hold: the recipient got no seat.
			c.hold[0].Delta = -1
			after, err := tx.Hold(ctx, account, year, c.hold[:])
			if err != nil {
				return ItemResult{}, err
			}
			if len(after) != 1 {
				return ItemResult{}, holdCountError(len(after), 1)
			}
			return ItemResult{Status: StatusNoSeat}, nil
		}
		want.Charged, want.Reason = true, ReasonNewSeat
	}
	c.rec[0] = CredentialRecord{Account: account, ID: want.CredentialID, Recipient: recipient, Group: want.Group, SeatYear: year}
	if err := tx.PutCredentials(ctx, c.rec[:]); err != nil {
		return ItemResult{}, err
	}
	c.entry[0] = want
	if err := tx.Append(ctx, c.entry[:]); err != nil {
		return ItemResult{}, err
	}
	e := c.entry[0]
	st := StatusFree
	if e.Charged {
		st = StatusCharged
	}
	return ItemResult{Status: st, Entry: e}, nil
}

// seatState is what became of a recipient's claim in publishMany.
type seatState uint8

const (
	seatHeld    seatState = iota // held before the chunk
	seatCharged                  // charged to the recipient's first primary item
	seatDenied                   // needed a seat and got none
	seatNone                     // held none and claimed none (only in repeats)
)

// holds reports whether the recipient holds a seat once seats are claimed.
func (s seatState) holds() bool { return s == seatHeld || s == seatCharged }

// recipient is one recipient of a chunk, with its new credentials.
type recipient struct {
	name  string
	first int // index of its first primary item; -1 if it has none
	n     int // number of its items (primaries and repeats)
	state seatState
}

// publishMany is publishChunk for several items, with the result of
// applying them one after another in input order.
//
// An item whose credential ID is the first of its kind in the chunk is a
// primary; seats go to recipients of primaries in order of first
// appearance. A later item repeating the ID (a repeat) can never need a
// seat: either an earlier item with the ID was published, and the repeat
// is rejected, or one got no seat, and then no seat is left for the repeat
// either. So a repeat is published, free, exactly when no earlier item with
// its ID was and its recipient holds a seat: one held before the chunk or
// charged to an earlier primary (every charge precedes the first item that
// got none).
func (l *Ledger) publishMany(ctx context.Context, tx Tx, account string, items []BatchItem) ([]ItemResult, error) {
	now := l.now().UTC()
	if p, ok := tx.(Prefetcher); ok {
		keys := make([]string, 0, len(items))
		ids := make([]string, 0, len(items))
		for _, it := range items {
			if announced(it) {
				keys = append(keys, it.Key)
				ids = append(ids, it.CredentialID)
			}
		}
		if err := p.Prefetch(ctx, account, keys, ids); err != nil {
			return nil, err
		}
	}
	a, year, err := currentYear(ctx, tx, account, now)
	if err != nil {
		return nil, err
	}
	res := make([]ItemResult, len(items))
	want := make([]Entry, len(items))
	reject := func(i int, err error) { res[i] = ItemResult{Status: StatusRejected, Err: err} }
	keys := make([]string, 0, len(items))
	seenKey := make(map[string]struct{}, len(items))
	for i, it := range items {
		r, err := checkItem(it)
		if err != nil {
			reject(i, err)
			continue
		}
		if _, dup := seenKey[it.Key]; dup {
			reject(i, fmt.Errorf("%w: key %q repeated in one batch", ErrIdempotencyConflict, it.Key))
			continue
		}
		seenKey[it.Key] = struct{}{}
		keys = append(keys, it.Key)
		want[i] = publishEntry(account, it, r, now, year)
	}
	done, err := tx.EntriesByKey(ctx, account, keys)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(keys))
	for i := range items {
		if res[i].Status != 0 {
			continue
		}
		if e, ok := done[want[i].Key]; ok {
			res[i] = replayResult(e, want[i])
			continue
		}
		ids = append(ids, want[i].CredentialID)
	}
	creds, err := tx.Credentials(ctx, account, ids)
	if err != nil {
		return nil, err
	}
	// Recipients in order of first appearance; rix[i] indexes item i's.
	var recips []recipient
	rix := make([]int, len(items))
	byName := make(map[string]int, len(ids))
	seenID := make(map[string]struct{}, len(ids))
	for i := range items {
		if res[i].Status != 0 {
			continue
		}
		id := want[i].CredentialID
		if _, old := creds[id]; old {
			reject(i, fmt.Errorf("%w: %q", ErrAlreadyPublished, id))
			continue
		}
		_, repeat := seenID[id]
		seenID[id] = struct{}{}
		r := want[i].Recipient
		j, ok := byName[r]
		if !ok {
			j = len(recips)
			byName[r] = j
			recips = append(recips, recipient{name: r, first: -1})
		}
		if recips[j].first < 0 && !repeat {
			recips[j].first = i
		}
		recips[j].n++
		rix[i] = j
	}
	if len(recips) == 0 {
		return res, nil
	}
	// Hold every candidate item now; those that end up unpublished are
	// released below.
	names := make([]string, len(recips))
	deltas := make([]int, len(recips))
	for j, rc := range recips {
		names[j], deltas[j] = rc.name, rc.n
	}
	after, err := holdSorted(ctx, tx, account, year, names, deltas)
	if err != nil {
		return nil, err
	}
	var needSeat []int // recipients, in order of first primary item
	for j := range recips {
		rc := &recips[j]
		switch {
		case after[j] > rc.n: // count was above zero before
			rc.state = seatHeld
		case rc.first < 0:
			rc.state = seatNone
		default:
			needSeat = append(needSeat, j)
		}
	}
	slices.SortFunc(needSeat, func(x, y int) int { return recips[x].first - recips[y].first })
	granted := 0
	if len(needSeat) > 0 {
		granted, err = tx.ClaimSeats(ctx, account, year, len(needSeat), a.Plan.Seats)
		if err != nil {
			return nil, err
		}
	}
	for k, j := range needSeat {
		if k < granted {
			recips[j].state = seatCharged
		} else {
			recips[j].state = seatDenied
		}
	}
	entries := make([]Entry, 0, len(ids))
	recs := make([]CredentialRecord, 0, len(ids))
	idx := make([]int, 0, len(ids))
	published := seenID // reused: the IDs published so far
	clear(published)
	release := make([]int, len(recips)) // candidate items left unpublished
	for i := range items {
		if res[i].Status != 0 {
			continue
		}
		rc := &recips[rix[i]]
		id := want[i].CredentialID
		if _, dup := published[id]; dup {
			release[rix[i]]++
			reject(i, fmt.Errorf("%w: %q", ErrAlreadyPublished, id))
			continue
		}
		if !rc.state.holds() {
			release[rix[i]]++
			res[i] = ItemResult{Status: StatusNoSeat}
			continue
		}
		published[id] = struct{}{}
		e := want[i]
		if rc.state == seatCharged && rc.first == i {
			e.Charged, e.Reason = true, ReasonNewSeat
		} else {
			e.Reason = ReasonSeatHeld
		}
		entries = append(entries, e)
		idx = append(idx, i)
		recs = append(recs, CredentialRecord{Account: account, ID: e.CredentialID, Recipient: e.Recipient, Group: e.Group, SeatYear: year})
	}
	names, deltas = names[:0], deltas[:0]
	for j, n := range release {
		if n > 0 {
			names = append(names, recips[j].name)
			deltas = append(deltas, -n)
		}
	}
	if len(names) > 0 {
		if _, err := holdSorted(ctx, tx, account, year, names, deltas); err != nil {
			return nil, err
		}
	}
	if len(entries) == 0 {
		return res, nil
	}
	if err := tx.PutCredentials(ctx, recs); err != nil {
		return nil, err
	}
	if err := tx.Append(ctx, entries); err != nil {
		return nil, err
	}
	for j, i := range idx {
		st := StatusFree
		if entries[j].Charged {
			st = StatusCharged
		}
		res[i] = ItemResult{Status: st, Entry: entries[j]}
	}
	return res, nil
}

// holdSorted applies Hold with deltas[i] for recipients[i] (distinct),
// passing them to the store sorted by recipient, and returns the counts
// after, in the order of recipients.
func holdSorted(ctx context.Context, tx Tx, account string, year int, recipients []string, deltas []int) ([]int, error) {
	order := make([]int, len(recipients))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int { return strings.Compare(recipients[i], recipients[j]) })
	ds := make([]HoldDelta, len(order))
	for k, i := range order {
		ds[k] = HoldDelta{Recipient: recipients[i], Delta: deltas[i]}
	}
	after, err := tx.Hold(ctx, account, year, ds)
	if err != nil {
		return nil, err
	}
	if len(after) != len(ds) {
		return nil, holdCountError(len(after), len(ds))
	}
	out := make([]int, len(order))
	for k, i := range order {
		out[i] = after[k]
	}
	return out, nil
}

func holdCountError(got, want int) error {
	return fmt.Errorf("ledger: store returned %d hold counts for %d recipients", got, want)
}
