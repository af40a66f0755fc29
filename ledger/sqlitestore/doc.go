// Package sqlitestore is a [ledger.Store] on one SQLite file, in pure Go
// (modernc.org/sqlite, no cgo): the recipient-seat ledger of issue 6 for a
// single server or tool that must survive restarts and crashes.
//
// Open creates or opens the file, switches it to WAL mode
// (https://www.sqlite.org/wal.html), turns on foreign keys and a busy
// timeout, and applies the embedded migrations (migrations/*.sql, recorded in
// a schema_migrations table; an up-to-date file is left untouched).
//
// Writes go through one connection in BEGIN IMMEDIATE transactions
// (https://www.sqlite.org/lang_transaction.html): the write lock is taken up
// front, which serialises every [ledger.Tx.Hold] until commit — the contract
// that makes racing publishers charge a new recipient once — even across
// several Stores or processes on the same file, whose waits for the lock are
// bounded by Options.BusyTimeout and reported as [ledger.ErrTxConflict] (the
// Ledger retries). Views run on a separate pool of read-only connections and
// read a committed snapshot without blocking the writer or being blocked by
// it. Statements are prepared once and run on the driver connection directly;
// lists are written and looked up with multi-row statements of power-of-two
// sizes. A single publish reads its account and checks its idempotency key
// and credential ID in one statement ([ledger.Prefetcher]), so it costs seven
// statements with BEGIN and COMMIT. The Store asks Ledgers to group concurrent Publish calls of one
// account into one transaction (MaxGroup), so they share a commit.
//
// Durability: the default is PRAGMA synchronous=FULL
// (https://www.sqlite.org/pragma.html#pragma_synchronous): a transaction
// that returned is on disk, even after a power loss. Options.UnsafeSyncNormal
// selects NORMAL, which in WAL mode survives a crash of the process (the
// tests kill a publisher with SIGKILL mid-batch) but may lose the last
// transactions on a power loss or OS crash; it saves one fsync per commit.
//
// Schema (migrations/0001_ledger.sql): accounts, years (allowance, seats
// used and the number of recipients holding a seat), holds (live credentials
// per recipient and year), credentials, and the append-only entries log whose
// Seq is the row ID, assigned in commit order.
package sqlitestore
