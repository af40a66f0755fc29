package pgstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/laurelhq/laurel/ledger"
)

// txn is both the read-only View and the read-write Tx.
type txn struct {
	s       *Store
	conn    *pgxpool.Conn
	write   bool
	pending []pendingStmt // queued to go with the next statement (conn.go)
	begun   bool          // BEGIN was sent
	// account and absentKeys: the idempotency keys this transaction read
	// and found unused (see Credentials).
	account    string
	absentKeys []string
	// pre holds what Prefetch read; any write drops it.
	pre *prefetched
	// absent holds credential IDs this transaction read and found missing:
	// PutCredentials must create them, and finding one there by then means
	// a concurrent transaction published it first.
	absent map[string]bool
}

const accountSQL = "SELECT seats, start_date FROM ledger_accounts WHERE id = $1"

func (t *txn) Account(ctx context.Context, id string) (ledger.Account, error) {
	if p := t.pre; p != nil && p.account == id {
		return p.acct, p.acctErr
	}
	rows, err := t.query(ctx, accountSQL, id)
	if err != nil {
		return ledger.Account{}, mapErr("reading account", err)
	}
	return scanAccount(rows, id)
}

func scanAccount(rows pgx.Rows, id string) (ledger.Account, error) {
	defer rows.Close()
	a := ledger.Account{ID: id}
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return a, mapErr("reading account", err)
		}
		return a, fmt.Errorf("%w: %q", ledger.ErrUnknownAccount, id)
	}
	var seats int32
	if err := rows.Scan(&seats, &a.Plan.Start); err != nil {
		return a, mapErr("reading account", err)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return a, mapErr("reading account", err)
	}
	a.Plan.Seats = int(seats)
	a.Plan.Start = a.Plan.Start.UTC()
	return a, nil
}

const entryColumns = "seq, account, key, at, op, credential_id, recipient, grp, year, charged, reason, seats"

func scanEntries(rows pgx.Rows) ([]ledger.Entry, error) {
	var out []ledger.Entry
	for rows.Next() {
		var e ledger.Entry
		var op, reason string
		var year, seats int32
		if err := rows.Scan(&e.Seq, &e.Account, &e.Key, &e.At, &op, &e.CredentialID, &e.Recipient, &e.Group,
			&year, &e.Charged, &reason, &seats); err != nil {
			rows.Close()
			return nil, err
		}
		e.At = e.At.UTC()
		e.Op, e.Reason, e.Year, e.Seats = ledger.Op(op), ledger.Reason(reason), int(year), int(seats)
		out = append(out, e)
	}
	return out, rows.Err()
}

// Batch lookups probe the unique index once per value: unnest the values
// and look each up in a LATERAL subquery, which OFFSET 0 (or a locking
// clause) keeps from being flattened into a join. The natural
// "key = ANY($2)" leaves the choice of index to the planner, which, with
// no statistics yet (a new or fast-growing table) or with a large account,
// picks an index on the account alone and filters all of the account's
// rows: every batch would then cost time proportional to the ledger.
const entriesByKeySQL = "SELECT " + entryColumns + ` FROM unnest($2::text[]) AS q(want),
	LATERAL (SELECT ` + entryColumns + " FROM ledger_entries WHERE account = $1 AND key = q.want OFFSET 0) AS e"

func (t *txn) EntriesByKey(ctx context.Context, account string, keys []string) (map[string]ledger.Entry, error) {
	var m map[string]ledger.Entry
	if p := t.pre; p != nil && p.account == account && p.hasKeys(keys) {
		m = make(map[string]ledger.Entry, len(keys))
		for _, k := range keys {
			if e, ok := p.entries[k]; ok {
				m[k] = e
			}
		}
	} else if len(keys) > 0 {
		rows, err := t.query(ctx, entriesByKeySQL, account, keys)
		if err != nil {
			return nil, mapErr("reading entries by key", err)
		}
		if m, err = entriesMap(rows); err != nil {
			return nil, err
		}
	} else {
		m = map[string]ledger.Entry{}
	}
	if t.write {
		t.account = account
		t.absentKeys = t.absentKeys[:0]
		for _, k := range keys {
			if _, ok := m[k]; !ok {
				t.absentKeys = append(t.absentKeys, k)
			}
		}
	}
	return m, nil
}

func entriesMap(rows pgx.Rows) (map[string]ledger.Entry, error) {
	es, err := scanEntries(rows)
	if err != nil {
		return nil, mapErr("reading entries by key", err)
	}
	m := make(map[string]ledger.Entry, len(es))
	for _, e := range es {
		m[e.Key] = e
	}
	return m, nil
}

func (t *txn) Entries(ctx context.Context, account string, after int64, limit int) ([]ledger.Entry, error) {
	rows, err := t.query(ctx, "SELECT "+entryColumns+" FROM ledger_entries WHERE account = $1 AND seq > $2 ORDER BY seq LIMIT $3",
		account, after, max(limit, 0))
	if err != nil {
		return nil, mapErr("reading entries", err)
	}
	es, err := scanEntries(rows)
	return es, mapErr("reading entries", err)
}

// credentialsSQL reads credential records ($2: IDs sorted and distinct,
// see sortedSet); a write transaction locks them (FOR UPDATE) until
// commit, in the order given, since the lateral probes run in the order of
// the array.
func credentialsSQL(write bool) string {
	lock := " OFFSET 0"
	if write {
		lock = " FOR UPDATE"
	}
	return `SELECT c.id, c.recipient, c.grp, c.seat_year, c.deleted FROM unnest($2::text[]) AS q(want),
	LATERAL (SELECT id, recipient, grp, seat_year, deleted FROM ledger_credentials
		WHERE account = $1 AND id = q.want` + lock + ") AS c"
}

// sortedSet returns the distinct values of ss in byte order (the order of
// COLLATE "C"), leaving ss as it was.
func sortedSet(ss []string) []string {
	increasing := true
	for i := 1; i < len(ss) && increasing; i++ {
		increasing = ss[i-1] < ss[i]
	}
	if increasing {
		return ss
	}
	out := slices.Clone(ss)
	slices.Sort(out)
	return slices.Compact(out)
}

// Credentials reads the records. In a write transaction it locks them
// (FOR UPDATE, in ID order) until commit: a renewal or deletion then acts
// on the latest version, and two deletions of one credential cannot both
// release its hold.
func (t *txn) Credentials(ctx context.Context, account string, ids []string) (map[string]ledger.CredentialRecord, error) {
	var m map[string]ledger.CredentialRecord
	if p := t.pre; p != nil && p.account == account && p.hasIDs(ids) {
		m = make(map[string]ledger.CredentialRecord, len(ids))
		for _, id := range ids {
			if r, ok := p.creds[id]; ok {
				m[id] = r
			}
		}
	} else if len(ids) > 0 {
		rows, err := t.query(ctx, credentialsSQL(t.write), account, sortedSet(ids))
		if err != nil {
			return nil, mapErr("reading credentials", err)
		}
		if m, err = scanCredentials(rows, account); err != nil {
			return nil, err
		}
	} else {
		return map[string]ledger.CredentialRecord{}, nil
	}
	if t.write && len(m) > 0 && len(t.absentKeys) > 0 && t.account == account {
		if err := t.recheckKeys(ctx); err != nil {
			return nil, err
		}
	}
	if t.write {
		for _, id := range ids {
			if _, ok := m[id]; !ok {
				if t.absent == nil {
					t.absent = make(map[string]bool, len(ids))
				}
				t.absent[id] = true
			}
		}
	}
	return m, nil
}

func scanCredentials(rows pgx.Rows, account string) (map[string]ledger.CredentialRecord, error) {
	m := make(map[string]ledger.CredentialRecord)
	for rows.Next() {
		r := ledger.CredentialRecord{Account: account}
		var year int32
		if err := rows.Scan(&r.ID, &r.Recipient, &r.Group, &year, &r.Deleted); err != nil {
			rows.Close()
			return nil, mapErr("reading credentials", err)
		}
		r.SeatYear = int(year)
		m[r.ID] = r
	}
	if err := rows.Err(); err != nil {
		return nil, mapErr("reading credentials", err)
	}
	return m, nil
}

// recheckKeys makes the idempotency check and the credential check agree.
// At READ COMMITTED each statement sees the latest commits, so a publisher
// racing another under the same key can find the key unused and then,
// a moment later, find the credential the other one just published: it
// would report ErrAlreadyPublished where a replay is due. When credentials
// are found, the keys found unused earlier in the transaction are looked up
// again, and any now recorded makes the transaction a lost race, which the
// Ledger retries (and then replays).
func (t *txn) recheckKeys(ctx context.Context) error {
	var found bool
	err := t.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM unnest($2::text[]) AS q(want),
		LATERAL (SELECT 1 FROM ledger_entries WHERE account = $1 AND key = q.want OFFSET 0) AS e)`,
		t.account, t.absentKeys).Scan(&found)
	if err != nil {
		return mapErr("rechecking idempotency keys", err)
	}
	if found {
		return fmt.Errorf("pgstore: reading credentials: %w: an idempotency key was recorded concurrently", ledger.ErrTxConflict)
	}
	return nil
}

func (t *txn) Year(ctx context.Context, account string, year int) (ledger.YearUsage, bool, error) {
	var allowance int32
	var used, recipients int64
	err := t.queryRow(ctx, `SELECT y.allowance,
		(SELECT coalesce(sum(s.used), 0) FROM ledger_seat_stripes s WHERE s.account = y.account AND s.year = y.year),
		(SELECT count(*) FROM ledger_holds h WHERE h.account = y.account AND h.year = y.year AND h.n > 0)
		FROM ledger_years y WHERE y.account = $1 AND y.year = $2`, account, year).Scan(&allowance, &used, &recipients)
	if errors.Is(err, pgx.ErrNoRows) {
		return ledger.YearUsage{}, false, nil
	}
	if err != nil {
		return ledger.YearUsage{}, false, mapErr("reading billing year", err)
	}
	return ledger.YearUsage{Allowance: int(allowance), Used: int(used), Recipients: int(recipients)}, true, nil
}

func (t *txn) Holding(ctx context.Context, account string, year int, recipients []string) (map[string]bool, error) {
	m := make(map[string]bool)
	if len(recipients) == 0 {
		return m, nil
	}
	rows, err := t.query(ctx, `SELECT h.recipient FROM unnest($3::text[]) AS q(want),
		LATERAL (SELECT recipient FROM ledger_holds WHERE account = $1 AND year = $2 AND recipient = q.want AND n > 0 OFFSET 0) AS h`,
		account, year, recipients)
	if err != nil {
		return nil, mapErr("reading holds", err)
	}
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			rows.Close()
			return nil, mapErr("reading holds", err)
		}
		m[r] = true
	}
	return m, mapErr("reading holds", rows.Err())
}

func (t *txn) PutAccount(ctx context.Context, a ledger.Account) error {
	t.pre = nil
	_, err := t.exec(ctx, `INSERT INTO ledger_accounts (id, seats, start_date) VALUES ($1, $2, $3)
		ON CONFLICT (id) DO UPDATE SET seats = excluded.seats, start_date = excluded.start_date`,
		a.ID, a.Plan.Seats, dateOf(a.Plan.Start))
	return mapErr("writing account", err)
}

// dateOf is the calendar date of t as a midnight-UTC time, which pgx
// encodes as that date.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Hold upserts the counts in the order given (sorted by the Ledger), so
// the row locks, which INSERT ... ON CONFLICT keeps until commit, are taken
// in one order by every transaction. A second transaction adding to the
// same recipient waits for the first to commit and then sees its count.
//
// A large Hold that only adds (a batch) first tries a plain INSERT under a
// savepoint: most recipients of a batch are new in the year, and ON
// CONFLICT costs a speculative insertion per row, the largest cost of a
// publish. One recipient with a count already (or created concurrently, in
// which case the insert waits for that commit) makes the insert fail with
// a unique violation; the store then rolls back to the savepoint, upserts
// as usual, and upserts directly for the next few large Holds (see
// Store.holdBackoff) so that a workload of returning recipients does not
// pay twice.
func (t *txn) Hold(ctx context.Context, account string, year int, deltas []ledger.HoldDelta) ([]int, error) {
	t.pre = nil
	if len(deltas) == 0 {
		return nil, nil
	}
	recips := make([]string, len(deltas))
	ds := make([]int32, len(deltas))
	adding := true
	for i, d := range deltas {
		recips[i], ds[i] = d.Recipient, int32(d.Delta)
		adding = adding && d.Delta > 0
	}
	if adding && len(deltas) >= insertHoldsMin && t.s.tryInsertHolds() {
		inserted, err := t.insertHolds(ctx, account, year, recips, ds)
		if err != nil {
			return nil, err
		}
		if inserted {
			out := make([]int, len(deltas))
			for i, d := range deltas {
				out[i] = d.Delta
			}
			return out, nil
		}
	}
	rows, err := t.query(ctx, `INSERT INTO ledger_holds AS h (account, year, recipient, n)
		SELECT $1, $2, u.r, u.d FROM unnest($3::text[], $4::int[]) WITH ORDINALITY AS u(r, d, i) ORDER BY u.i
		ON CONFLICT (account, year, recipient) DO UPDATE SET n = h.n + excluded.n
		RETURNING recipient, n`, account, year, recips, ds)
	if err != nil {
		return nil, mapErr("updating holds", err)
	}
	after := make(map[string]int, len(deltas))
	for rows.Next() {
		var r string
		var n int32
		if err := rows.Scan(&r, &n); err != nil {
			rows.Close()
			return nil, mapErr("updating holds", err)
		}
		if n < 0 {
			rows.Close()
			return nil, fmt.Errorf("pgstore: updating holds: hold count of %q in year %d would go negative", r, year)
		}
		after[r] = int(n)
	}
	if err := rows.Err(); err != nil {
		return nil, mapErr("updating holds", err)
	}
	out := make([]int, len(deltas))
	for i, d := range deltas {
		n, ok := after[d.Recipient]
		if !ok {
			return nil, fmt.Errorf("pgstore: updating holds: no count returned for %q", d.Recipient)
		}
		out[i] = n
	}
	return out, nil
}

// insertHolds is Hold's plain INSERT of new counts (see Hold). It reports
// false, with the transaction as it was, if a recipient already had a
// count.
func (t *txn) insertHolds(ctx context.Context, account string, year int, recips []string, ds []int32) (bool, error) {
	t.queue("updating holds", "SAVEPOINT ledger_hold", nil)
	tag, err := t.exec(ctx, `INSERT INTO ledger_holds (account, year, recipient, n)
		SELECT $1, $2, u.r, u.d FROM unnest($3::text[], $4::int[]) WITH ORDINALITY AS u(r, d, i) ORDER BY u.i`,
		account, year, recips, ds)
	var pe *pgconn.PgError
	switch {
	case err == nil:
		if tag.RowsAffected() != int64(len(recips)) {
			return false, fmt.Errorf("pgstore: updating holds: %d counts inserted for %d recipients", tag.RowsAffected(), len(recips))
		}
		t.queue("updating holds", "RELEASE SAVEPOINT ledger_hold", nil)
		return true, nil
	case errors.As(err, &pe) && pe.Code == "23505" && pe.TableName == "ledger_holds":
		t.s.holdMissed()
		// The simple protocol: the transaction is aborted until the
		// rollback, so the statement could not be prepared (pgx prepares
		// what the pipeline sends).
		_, err := t.conn.Conn().PgConn().Exec(ctx, "ROLLBACK TO SAVEPOINT ledger_hold; RELEASE SAVEPOINT ledger_hold").ReadAll()
		if err != nil {
			return false, mapErr("updating holds", err)
		}
		return false, nil
	default:
		return false, mapErr("updating holds", err)
	}
}

// PutCredentials inserts the records this transaction found absent (a
// unique race there is a conflict: someone else published the ID first) and
// upserts the others, which Credentials locked. The writes are queued and
// sent with the transaction's next statement (usually Append).
func (t *txn) PutCredentials(ctx context.Context, recs []ledger.CredentialRecord) error {
	t.pre = nil
	nIns := 0
	for _, r := range recs {
		if t.absent[r.ID] {
			nIns++
		}
	}
	ins, ups := newCredentialColumns(nIns), newCredentialColumns(len(recs)-nIns)
	for _, r := range recs {
		if t.absent[r.ID] {
			ins.add(r)
		} else {
			ups.add(r)
		}
	}
	const insert = `INSERT INTO ledger_credentials (account, id, recipient, grp, seat_year, deleted)
		SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bool[])`
	if len(ins.id) > 0 {
		// A plain insert (no ON CONFLICT, which costs a speculative
		// insertion per row): a duplicate is a unique violation, which
		// mapErr reports as a conflict.
		t.queue("inserting credentials", insert, nil, ins.args()...)
		for _, id := range ins.id {
			delete(t.absent, id)
		}
	}
	if len(ups.id) > 0 {
		t.queue("writing credentials", insert+` ON CONFLICT (account, id) DO UPDATE SET recipient = excluded.recipient,
			grp = excluded.grp, seat_year = excluded.seat_year, deleted = excluded.deleted`, nil, ups.args()...)
	}
	return nil
}

type credentialColumns struct {
	account, id, recipient, group []string
	year                          []int32
	deleted                       []bool
}

func newCredentialColumns(n int) *credentialColumns {
	return &credentialColumns{account: make([]string, 0, n), id: make([]string, 0, n), recipient: make([]string, 0, n),
		group: make([]string, 0, n), year: make([]int32, 0, n), deleted: make([]bool, 0, n)}
}

func (c *credentialColumns) add(r ledger.CredentialRecord) {
	c.account = append(c.account, r.Account)
	c.id = append(c.id, r.ID)
	c.recipient = append(c.recipient, r.Recipient)
	c.group = append(c.group, r.Group)
	c.year = append(c.year, int32(r.SeatYear))
	c.deleted = append(c.deleted, r.Deleted)
}

func (c *credentialColumns) args() []any {
	return []any{textArray(c.account), textArray(c.id), textArray(c.recipient), textArray(c.group), c.year, c.deleted}
}

// Append inserts the entries in one statement; the identity column assigns
// Seq in input order. A key already recorded violates the unique
// constraint, which mapErr reports as ledger.ErrTxConflict.
//
// The Seqs are read in the order RETURNING gives them: INSERT ... SELECT
// FROM unnest inserts, and returns, the rows in the order of the arrays
// (the plan is a function scan; nothing reorders it). Each returned key is
// checked against its entry all the same.
func (t *txn) Append(ctx context.Context, entries []ledger.Entry) error {
	t.pre = nil
	if len(entries) == 0 {
		return nil
	}
	n := len(entries)
	account, key, op, cred, recip, grp, reason := make([]string, n), make([]string, n), make([]string, n),
		make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	at := make([]time.Time, n)
	year, seats := make([]int32, n), make([]int32, n)
	charged := make([]bool, n)
	for i, e := range entries {
		account[i], key[i], op[i], cred[i], recip[i], grp[i], reason[i] = e.Account, e.Key, string(e.Op),
			e.CredentialID, e.Recipient, e.Group, string(e.Reason)
		at[i], year[i], seats[i], charged[i] = e.At, int32(e.Year), int32(e.Seats), e.Charged
	}
	rows, err := t.query(ctx, `INSERT INTO ledger_entries
		(account, key, at, op, credential_id, recipient, grp, year, charged, reason, seats)
		SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[],
			$5::text[], $6::text[], $7::text[], $8::int[], $9::bool[], $10::text[], $11::int[])
		RETURNING seq, key`, textArray(account), textArray(key), at, textArray(op), textArray(cred), textArray(recip),
		textArray(grp), year, charged, textArray(reason), seats)
	if err != nil {
		return mapErr("appending entries", err)
	}
	defer rows.Close()
	i := 0
	var seq int64
	var k []byte
	for rows.Next() {
		if i == n {
			return fmt.Errorf("pgstore: appending entries: more rows returned than the %d inserted", n)
		}
		// A []byte scan of key borrows the row buffer: no allocation.
		if err := rows.Scan(&seq, &k); err != nil {
			return mapErr("appending entries", err)
		}
		if string(k) != entries[i].Key {
			return fmt.Errorf("pgstore: appending entries: entry %d returned as key %q, want %q", i, k, entries[i].Key)
		}
		entries[i].Seq = seq
		i++
	}
	if err := rows.Err(); err != nil {
		return mapErr("appending entries", err)
	}
	if i != n {
		return fmt.Errorf("pgstore: appending entries: %d of %d rows returned", i, n)
	}
	return nil
}

// textArray is ss as a text[] literal, quoting every element. pgx sends a
// string argument as text for the server to parse, which costs the client
// much less than its binary encoding of a []string (an interface value and
// an encode call per element); batches pass thousands of elements.
func textArray(ss []string) string {
	n := 2
	for _, s := range ss {
		n += len(s) + 3
	}
	b := make([]byte, 0, n)
	b = append(b, '{')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		for j := 0; j < len(s); j++ {
			if c := s[j]; c == '"' || c == '\\' {
				b = append(b, '\\')
			}
			b = append(b, s[j])
		}
		b = append(b, '"')
	}
	return string(append(b, '}'))
}
