package ledger

import "context"

// Store persists the ledger. It is deliberately small: two ways to run a
// transaction. The seat rules live in Ledger; a Store only offers the
// primitives below, each of which must be atomic with the rest of its
// transaction. Stores may implement io.Closer (Ledger.Close calls it).
type Store interface {
	// Update runs fn in one read-write transaction: all of its writes are
	// applied, or none. If fn returns an error the transaction is rolled back
	// and the error returned. A store returns an error wrapping ErrTxConflict
	// when the transaction lost a race and may simply be run again.
	Update(ctx context.Context, fn func(Tx) error) error
	// View runs fn in a read-only transaction: every read of fn sees the
	// same committed state, whatever commits meanwhile (WriteCSV pages
	// through an account's entries in one View and relies on it).
	View(ctx context.Context, fn func(View) error) error
}

// View is the read side of a transaction.
type View interface {
	// Account returns the account or an error wrapping ErrUnknownAccount.
	Account(ctx context.Context, id string) (Account, error)
	// EntriesByKey returns the entries recorded under the given idempotency
	// keys (absent keys are absent from the map).
	EntriesByKey(ctx context.Context, account string, keys []string) (map[string]Entry, error)
	// Credentials returns the records of the given credential IDs (deleted
	// ones included; absent IDs are absent from the map).
	Credentials(ctx context.Context, account string, ids []string) (map[string]CredentialRecord, error)
	// Year returns one billing year's usage; ok is false if nothing has
	// happened in that year yet.
	Year(ctx context.Context, account string, year int) (u YearUsage, ok bool, err error)
	// Holding returns which of recipients hold a seat (at least one live
	// credential) in the year.
	Holding(ctx context.Context, account string, year int, recipients []string) (map[string]bool, error)
	// Entries returns up to limit entries of the account with Seq > after,
	// in Seq order. Seqs need not be assigned in commit order: only within
	// one View does paging by Seq see every entry.
	Entries(ctx context.Context, account string, after int64, limit int) ([]Entry, error)
}

// Tx is a read-write transaction.
type Tx interface {
	View
	// PutAccount creates or replaces an account.
	PutAccount(ctx context.Context, a Account) error
	// Hold adds each Delta to the number of live credentials through which
	// Recipient holds a seat in the year (creating the count at zero) and
	// returns the counts after the change, in the order given. Deltas name
	// distinct recipients, sorted, so concurrent transactions lock in one
	// order. A store must serialise concurrent Holds of the same
	// (account, year, recipient) until commit: this is what makes two
	// publishers racing for one new recipient charge once.
	Hold(ctx context.Context, account string, year int, deltas []HoldDelta) ([]int, error)
	// ClaimSeats charges up to n seats in the year and returns how many it
	// charged: min(n, allowance-used), never more. If the year has no record
	// yet it is created with the given allowance.
	ClaimSeats(ctx context.Context, account string, year, n, allowance int) (int, error)
	// SetAllowance sets the year's allowance (creating the year if needed);
	// seats already used stay used.
	SetAllowance(ctx context.Context, account string, year, allowance int) error
	// PutCredentials creates or replaces credential records.
	PutCredentials(ctx context.Context, recs []CredentialRecord) error
	// Append records entries, assigning each a Seq (written back into the
	// slice). A key already recorded for the account is a unique-key race:
	// the store returns an error wrapping ErrTxConflict.
	Append(ctx context.Context, entries []Entry) error
}

// Prefetcher is an optional Tx interface. Before applying a chunk of
// publishes the Ledger announces the reads it is about to make — the
// account, the idempotency keys and the credential IDs — so that a store
// paying a round trip per statement can fetch them at once. The Account,
// EntriesByKey and Credentials calls that follow must return exactly what
// they would have returned without it (including any locking Credentials
// does); IDs announced here may be a superset of those later read.
type Prefetcher interface {
	Prefetch(ctx context.Context, account string, keys, credentialIDs []string) error
}
