package pgstore

import (
	"context"
	"fmt"
)

// A billing year's seats are split across stripe rows (quota, used). The
// quotas sum to the allowance (or to the seats used, after a downgrade
// below usage), and used <= quota in every stripe, so the free seats of the
// year are exactly sum(quota - used). See the package documentation.

// ClaimSeats charges up to n seats in three steps, each tried only if the
// previous one failed:
//
//  1. Take n seats from one stripe that has them and that no other
//     transaction holds, from a round-robin start (FOR UPDATE SKIP LOCKED):
//     concurrent publishers on one account lock different rows and commit
//     in parallel.
//  2. If every stripe with n free seats is busy, wait for the round-robin
//     stripe. (Falling through to step 3 merely because of contention would
//     turn one exhaustion-time claim, which holds every stripe, into a
//     pile-up of them.)
//  3. The exact slow path: lock all the year's stripes in stripe order,
//     count the free seats, charge min(n, free) and spread what is left
//     evenly over the stripes again.
//
// Steps 1 and 2 run under a savepoint that is rolled back before the next
// step: at READ COMMITTED a row that changed while being locked and then
// failed the re-check stays locked, and such a stray lock, held while
// waiting for a stripe, could deadlock with a slow path. So a transaction
// waits for a stripe only while holding no other. Rollbacks and the
// savepoint ride in the pipeline of the next statement: step 1 is one round
// trip.
func (t *txn) ClaimSeats(ctx context.Context, account string, year, n, allowance int) (int, error) {
	t.pre = nil
	if n <= 0 {
		return 0, nil
	}
	start := int(t.s.next.Add(1) % uint64(t.s.stripes))
	t.queue("claiming seats", "SAVEPOINT ledger_claim", nil)
	tag, err := t.exec(ctx, `UPDATE ledger_seat_stripes SET used = used + $4
		WHERE account = $1 AND year = $2 AND stripe = (
			SELECT stripe FROM ledger_seat_stripes
			WHERE account = $1 AND year = $2 AND quota - used >= $4
			ORDER BY stripe < $3, stripe LIMIT 1 FOR UPDATE SKIP LOCKED)`, account, year, start, n)
	if err != nil {
		return 0, mapErr("claiming seats", err)
	}
	if tag.RowsAffected() == 1 {
		return n, nil
	}
	t.queue("claiming seats", "ROLLBACK TO SAVEPOINT ledger_claim", nil)
	tag, err = t.exec(ctx, `UPDATE ledger_seat_stripes SET used = used + $4
		WHERE account = $1 AND year = $2 AND stripe = $3 AND quota - used >= $4`, account, year, start, n)
	if err != nil {
		return 0, mapErr("claiming seats", err)
	}
	if tag.RowsAffected() == 1 {
		return n, nil
	}
	t.queue("claiming seats", "ROLLBACK TO SAVEPOINT ledger_claim", nil)
	st, err := t.lockStripes(ctx, account, year)
	if err != nil {
		return 0, err
	}
	if len(st) == 0 {
		if _, err := t.createYear(ctx, account, year, allowance); err != nil {
			return 0, err
		}
		if st, err = t.lockStripes(ctx, account, year); err != nil {
			return 0, err
		}
		if len(st) == 0 {
			return 0, fmt.Errorf("pgstore: claiming seats: billing year %d of %q has no seat stripes", year, account)
		}
	}
	free := st.free()
	granted := min(n, free)
	if granted == 0 {
		return 0, nil // nothing free: every quota already equals its usage
	}
	st[0].used += granted
	st.spread(free - granted)
	return granted, t.writeStripes(ctx, account, year, st)
}

// SetAllowance records the allowance and re-spreads the free seats,
// max(0, allowance - used), over the year's stripes under their locks.
func (t *txn) SetAllowance(ctx context.Context, account string, year, allowance int) error {
	t.pre = nil
	if allowance < 0 {
		return fmt.Errorf("pgstore: setting allowance: negative allowance %d", allowance)
	}
	created, err := t.createYear(ctx, account, year, allowance)
	if err != nil || created {
		return err
	}
	if _, err := t.exec(ctx, "UPDATE ledger_years SET allowance = $3 WHERE account = $1 AND year = $2",
		account, year, allowance); err != nil {
		return mapErr("setting allowance", err)
	}
	st, err := t.lockStripes(ctx, account, year)
	if err != nil {
		return err
	}
	if len(st) == 0 {
		return fmt.Errorf("pgstore: setting allowance: billing year %d of %q has no seat stripes", year, account)
	}
	used := 0
	for _, s := range st {
		used += s.used
	}
	st.spread(max(0, allowance-used))
	return t.writeStripes(ctx, account, year, st)
}

// createYear inserts the year with allowance split over the configured
// number of stripes, unless it exists. A concurrent creator makes the
// insert wait for its commit and then do nothing.
func (t *txn) createYear(ctx context.Context, account string, year, allowance int) (bool, error) {
	tag, err := t.exec(ctx, `WITH y AS (
			INSERT INTO ledger_years (account, year, allowance) VALUES ($1, $2, $3)
			ON CONFLICT DO NOTHING RETURNING allowance)
		INSERT INTO ledger_seat_stripes (account, year, stripe, quota, used)
		SELECT $1, $2, s, y.allowance / $4 + CASE WHEN s < y.allowance % $4 THEN 1 ELSE 0 END, 0
		FROM y, generate_series(0, $4 - 1) AS s`, account, year, allowance, t.s.stripes)
	if err != nil {
		return false, mapErr("creating billing year", err)
	}
	return tag.RowsAffected() > 0, nil
}

type stripe struct{ id, quota, used int }

type stripes []stripe

func (st stripes) free() int {
	f := 0
	for _, s := range st {
		f += s.quota - s.used
	}
	return f
}

// spread sets the quotas so that free seats are split as evenly as
// possible, keeping quota >= used in every stripe.
func (st stripes) spread(free int) {
	n := len(st)
	for i := range st {
		st[i].quota = st[i].used + free/n
		if i < free%n {
			st[i].quota++
		}
	}
}

// lockStripes reads the year's stripes, locking them in stripe order (one
// order for every transaction, so exhaustion-time claims queue instead of
// deadlocking).
func (t *txn) lockStripes(ctx context.Context, account string, year int) (stripes, error) {
	rows, err := t.query(ctx, `SELECT stripe, quota, used FROM ledger_seat_stripes
		WHERE account = $1 AND year = $2 ORDER BY stripe FOR UPDATE`, account, year)
	if err != nil {
		return nil, mapErr("locking seat stripes", err)
	}
	var st stripes
	for rows.Next() {
		var id, quota, used int32
		if err := rows.Scan(&id, &quota, &used); err != nil {
			rows.Close()
			return nil, mapErr("locking seat stripes", err)
		}
		st = append(st, stripe{int(id), int(quota), int(used)})
	}
	return st, mapErr("locking seat stripes", rows.Err())
}

func (t *txn) writeStripes(ctx context.Context, account string, year int, st stripes) error {
	ids, quotas, used := make([]int32, len(st)), make([]int32, len(st)), make([]int32, len(st))
	for i, s := range st {
		ids[i], quotas[i], used[i] = int32(s.id), int32(s.quota), int32(s.used)
	}
	_, err := t.exec(ctx, `UPDATE ledger_seat_stripes s SET quota = u.q, used = u.u
		FROM unnest($3::int[], $4::int[], $5::int[]) AS u(id, q, u)
		WHERE s.account = $1 AND s.year = $2 AND s.stripe = u.id`, account, year, ids, quotas, used)
	return mapErr("writing seat stripes", err)
}
