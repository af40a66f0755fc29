package sqlitestore

import (
	"strconv"
	"strings"
)

// query names one statement; multi-row ones exist per row count.
type query int

const (
	qAccount query = iota
	qPutAccount
	qEntriesByKey // n keys
	qCredentials  // n IDs
	qYear
	qHolding // n recipients
	qEntries
	qHold // n recipients
	qClaim
	qCreateYear // a year without an allowance yet
	qSetAllowance
	qPutCredentials // n records
	qAppend         // n entries
	qPrefetch       // one publish: its account, and whether its key and ID are recorded
	qAppendOne      // one entry, without RETURNING (its seq is the last rowid)
	numQueries
)

// maxRows bounds the rows (or IN-list items) of one statement. Lists are
// split into power-of-two parts up to maxRows, so at most 8 prepared
// statements per query serve any length.
const maxRows = 128

// parts calls f with consecutive [lo, hi) parts of n items, each a power of
// two of at most maxRows.
func parts(n int, f func(lo, hi int) error) error {
	for lo := 0; lo < n; {
		size := maxRows
		for size > n-lo {
			size >>= 1
		}
		if err := f(lo, lo+size); err != nil {
			return err
		}
		lo += size
	}
	return nil
}

const (
	appendCols = "account, key, at, op, credential_id, recipient, grp, year, charged, reason, seats"
	entryCols  = "seq, " + appendCols
)

// text returns the SQL of q for n rows.
func text(q query, n int) string {
	switch q {
	case qAccount:
		return "SELECT seats, start FROM accounts WHERE id = ?"
	case qPutAccount:
		return "INSERT INTO accounts (id, seats, start) VALUES (?, ?, ?) " +
			"ON CONFLICT (id) DO UPDATE SET seats = excluded.seats, start = excluded.start"
	case qEntriesByKey:
		return "SELECT " + entryCols + " FROM entries WHERE account = ? AND key IN (" + marks(n) + ")"
	case qCredentials:
		return "SELECT id, recipient, grp, seat_year, deleted FROM credentials WHERE account = ? AND id IN (" + marks(n) + ")"
	case qYear:
		return "SELECT allowance, used, recipients FROM years WHERE account = ? AND year = ?"
	case qHolding:
		return "SELECT recipient FROM holds WHERE account = ? AND year = ? AND n > 0 AND recipient IN (" + marks(n) + ")"
	case qEntries:
		return "SELECT " + entryCols + " FROM entries WHERE account = ? AND seq > ? ORDER BY seq LIMIT ?"
	case qHold:
		if n == 1 { // the common case, in a simpler plan than VALUES
			return "INSERT INTO holds (account, year, recipient, n) VALUES (?, ?, ?, ?)" +
				" ON CONFLICT (account, year, recipient) DO UPDATE SET n = n + excluded.n RETURNING recipient, n"
		}
		// Account and year are bound once. Plain ? placeholders only: the
		// driver looks every numbered (?NNN) one up by a linear scan.
		return "INSERT INTO holds (account, year, recipient, n) SELECT ?, ?, column1, column2 FROM (VALUES " + rows(n, 2) +
			") WHERE true ON CONFLICT (account, year, recipient) DO UPDATE SET n = n + excluded.n RETURNING recipient, n"
	case qClaim:
		// The right-hand sides all see the row before the update.
		return "UPDATE years SET granted = max(0, min(?1, allowance - used)), used = used + max(0, min(?1, allowance - used)) " +
			"WHERE account = ?2 AND year = ?3 AND allowance IS NOT NULL RETURNING granted"
	case qCreateYear:
		return "INSERT INTO years (account, year, allowance, used) VALUES (?, ?, ?, ?) " +
			"ON CONFLICT (account, year) DO UPDATE SET allowance = excluded.allowance, used = excluded.used"
	case qSetAllowance:
		return "INSERT INTO years (account, year, allowance) VALUES (?, ?, ?) " +
			"ON CONFLICT (account, year) DO UPDATE SET allowance = excluded.allowance"
	case qPutCredentials:
		return "INSERT INTO credentials (account, id, recipient, grp, seat_year, deleted) VALUES " + rows(n, 6) +
			" ON CONFLICT (account, id) DO UPDATE SET recipient = excluded.recipient, grp = excluded.grp," +
			" seat_year = excluded.seat_year, deleted = excluded.deleted"
	case qBeginImmediate:
		return "BEGIN IMMEDIATE"
	case qBeginRead:
		return "BEGIN"
	case qCommit:
		return "COMMIT"
	case qRollback:
		return "ROLLBACK"
	case qPrefetch:
		// Always one row: the account's columns (NULL if there is none) and
		// whether the key and the credential ID are recorded, each read
		// through the index the full reads use.
		return "SELECT seats, start," +
			" EXISTS (SELECT 1 FROM entries WHERE account = ? AND key = ?)," +
			" EXISTS (SELECT 1 FROM credentials WHERE account = ? AND id = ?)" +
			" FROM (SELECT 1) LEFT JOIN accounts ON id = ?"
	case qAppendOne:
		return "INSERT INTO entries (" + appendCols + ") VALUES " + rows(1, 11)
	case qAppend:
		return "INSERT INTO entries (" + appendCols + ") VALUES " + rows(n, 11) + " RETURNING seq, account, key"
	}
	panic("sqlitestore: unknown query " + strconv.Itoa(int(q))) // unreachable: q is one of the constants
}

// marks returns n comma-separated placeholders.
func marks(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// rows returns n parenthesised rows of cols placeholders.
func rows(n, cols int) string {
	row := "(" + marks(cols) + ")"
	return strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}

type stmtKey struct {
	q query
	n int
}

// writeQueries are the statements an Update may run.
func writeQueries() []query {
	qs := []query{qBeginImmediate, qCommit, qRollback}
	for q := range numQueries {
		qs = append(qs, q)
	}
	return qs
}

// readQueries are the statements a View may run.
func readQueries() []query {
	return []query{qBeginRead, qCommit, qRollback, qAccount, qEntriesByKey, qCredentials, qYear, qHolding, qEntries}
}

// multiRow reports whether q is prepared per row count.
func multiRow(q query) bool {
	switch q {
	case qEntriesByKey, qCredentials, qHolding, qHold, qPutCredentials, qAppend:
		return true
	}
	return false
}
