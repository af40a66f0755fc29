package ledger

import (
	"context"
	"sync"
)

// Group commit: concurrent Publish calls on one account are applied
// together, as one PublishBatch chunk, in one transaction. A store pays per
// transaction (round trips, a commit flush, the seat-counter row held to
// commit) far more than per item, so on a database server this multiplies
// single-publish throughput; the result of each call is exactly what it
// would have been had the calls been applied one after another in arrival
// order (publishChunk reports every item separately, and calls repeating an
// idempotency key already in a group wait for the next group, where they
// replay).
//
// At most maxActiveGroups groups of one account are in flight per Ledger.
// A call arriving while all are busy queues; a leader finishing its group
// takes the next group from the queue and hands it, with the lead, to that
// group's first caller, so no caller runs groups for others indefinitely.

// maxActiveGroups bounds the transactions one Ledger runs at once for one
// account's Publish calls. More than one keeps the store busy while a
// group commits; a few are enough to saturate a server.
const maxActiveGroups = 2

// GroupCommitter is an optional Store interface: a store whose
// transactions are expensive relative to the rows they write returns how
// many concurrent Publish calls of one account the Ledger may apply in one
// transaction (see Config.MaxGroup).
type GroupCommitter interface {
	MaxGroup() int
}

type groups struct {
	mu sync.Mutex
	by map[string]*groupQueue // by account; removed when idle
}

type groupQueue struct {
	queue  []*groupCall // waiting, in arrival order
	active int          // groups being applied
}

type groupCall struct {
	req  PublishRequest
	done chan groupResult // receives exactly one message: a result or the lead
}

type groupResult struct {
	out   Outcome
	err   error
	batch []*groupCall // non-nil: the receiver leads this group (it is batch[0])
}

// publishGrouped is Publish with group commit.
func (l *Ledger) publishGrouped(ctx context.Context, req PublishRequest) (Outcome, error) {
	if err := ctx.Err(); err != nil {
		return Outcome{}, err
	}
	c := &groupCall{req: req, done: make(chan groupResult, 1)}
	g := &l.groups
	g.mu.Lock()
	q := g.by[req.Account]
	if q == nil {
		q = &groupQueue{}
		g.by[req.Account] = q
	}
	q.queue = append(q.queue, c)
	var batch []*groupCall
	if q.active < maxActiveGroups {
		// A free slot means nobody is queued ahead (see finish).
		q.active++
		batch = q.take(l.maxGroup)
	}
	g.mu.Unlock()
	if batch == nil {
		var r groupResult
		select {
		case r = <-c.done:
		case <-ctx.Done():
			g.mu.Lock()
			if q.remove(c) {
				g.mu.Unlock()
				return Outcome{}, ctx.Err()
			}
			g.mu.Unlock()
			// Taken into a group: as its leader (the lead is already
			// sent, and others depend on it) or as a member, whose result
			// is no longer awaited. Like any lost response, a retry with
			// the same key replays.
			select {
			case r = <-c.done:
			default:
				return Outcome{}, ctx.Err()
			}
		}
		if r.batch == nil {
			return r.out, r.err
		}
		batch = r.batch
	}
	// The group runs to the end even if this caller gives up: the others
	// wait for it.
	results := l.applyGroup(context.WithoutCancel(ctx), req.Account, batch)
	l.finish(q, req.Account, batch, results)
	return results[0].out, results[0].err
}

// take removes up to max calls from the front of the queue, leaving for a
// later group any call whose key is already in this one. The front call is
// always taken.
func (q *groupQueue) take(max int) []*groupCall {
	var batch, rest []*groupCall
	keys := make(map[string]bool)
	for _, c := range q.queue {
		if len(batch) < max && !keys[c.req.Key] {
			keys[c.req.Key] = true
			batch = append(batch, c)
		} else {
			rest = append(rest, c)
		}
	}
	q.queue = rest
	return batch
}

func (q *groupQueue) remove(c *groupCall) bool {
	for i, x := range q.queue {
		if x == c {
			q.queue = append(q.queue[:i], q.queue[i+1:]...)
			return true
		}
	}
	return false
}

// finish delivers the results of batch (but its leader's, batch[0]) and
// passes the lead on with the next group, or frees the slot.
func (l *Ledger) finish(q *groupQueue, account string, batch []*groupCall, results []groupResult) {
	g := &l.groups
	g.mu.Lock()
	defer g.mu.Unlock()
	for i, c := range batch[1:] {
		c.done <- results[i+1]
	}
	if len(q.queue) > 0 {
		next := q.take(l.maxGroup)
		next[0].done <- groupResult{batch: next}
		return
	}
	q.active--
	if q.active == 0 {
		delete(g.by, account)
	}
}

// applyGroup publishes the calls of batch in one transaction and returns
// each call's result as Publish would.
func (l *Ledger) applyGroup(ctx context.Context, account string, batch []*groupCall) []groupResult {
	items := make([]BatchItem, len(batch))
	for i, c := range batch {
		items[i] = BatchItem{Key: c.req.Key, CredentialID: c.req.CredentialID, Email: c.req.Email, Group: c.req.Group}
	}
	var res []ItemResult
	err := l.update(ctx, func(tx Tx) (err error) {
		res, err = l.publishChunk(ctx, tx, account, items)
		return err
	})
	out := make([]groupResult, len(batch))
	for i := range batch {
		switch {
		case err != nil:
			out[i].err = err
		case res[i].Status == StatusNoSeat:
			out[i].err = ErrInsufficientSeats
		case res[i].Err != nil:
			out[i].err = res[i].Err
		default:
			out[i].out = Outcome{Entry: res[i].Entry, Replayed: res[i].Replayed}
		}
	}
	return out
}
