// Package pgstore is a [ledger.Store] on PostgreSQL (pgx v5, pgxpool), for
// servers: any number of processes may share one database, and the seat
// rules of package ledger stay exact across all of them. There is no
// external specification; the rules are the ledger package's (issue 6:
// recipient-seat billing).
//
//	s, err := pgstore.Open(ctx, "postgres://laurel@db/laurel", pgstore.Options{})
//	l := ledger.New(s, ledger.Config{})
//	defer l.Close()
//
// Open migrates the schema; with a pool of your own call [Migrate] once and
// then [New]. Migrations are embedded SQL files applied in one
// transaction under an advisory lock and recorded in ledger_schema_version,
// so processes starting together apply each exactly once and migrating an
// up-to-date database does nothing.
//
// # Exactness
//
// Write transactions run at READ COMMITTED. Every fact that decides a
// charge is settled under a row lock held to commit, and every lost race
// surfaces as an error wrapping [ledger.ErrTxConflict] (also SQLSTATE 40001
// and 40P01), on which the Ledger runs the operation again:
//
//   - Hold upserts the per-recipient counts with INSERT ... ON CONFLICT in
//     the sorted order the Ledger gives: two publishers racing for one new
//     recipient queue on its row, and the second sees the first's count.
//     A large Hold that only adds (a batch's) first tries a plain INSERT
//     under a savepoint, which is cheaper than a speculative insertion per
//     row; a count already there, or inserted by a racer (whose commit the
//     insert waits for), fails it with a unique violation, and the store
//     rolls back to the savepoint and upserts.
//   - Credentials locks existing records (FOR UPDATE, in ID order), so
//     renewals and deletions act on the latest version; records found
//     absent are created with a plain insert, and finding one there is a
//     conflict (someone published that ID first). Because each statement
//     sees the latest commits, the idempotency keys found unused earlier are
//     looked up again when credentials turn up, so a racer under the same
//     key replays instead of reporting ErrAlreadyPublished.
//   - A key recorded twice violates the entries' unique index: a conflict.
//
// # Seats: striped counters
//
// A year's allowance is split across stripe rows (Options.Stripes, 16 by
// default) with quotas summing to the allowance, and used <= quota in each,
// so the free seats are exactly sum(quota - used). One counter row per year
// would be held by every charging transaction from its claim to its commit
// and serialise them all. ClaimSeats instead charges a single stripe that
// has the seats and that no one holds (a round-robin start, SKIP LOCKED),
// waiting for its start stripe only if all are busy. When that stripe lacks
// the seats — near exhaustion, or for a claim larger than a stripe's share
// — it takes the slow path: lock all stripes of the year in stripe order,
// charge min(n, free), and spread the remaining free seats evenly again.
// Each attempt runs under a savepoint rolled back before the next, because
// at READ COMMITTED a row that failed the re-check after a concurrent
// update stays locked; so a transaction only ever waits for a stripe while
// holding none (single-stripe attempts) or while locking all in order (the
// slow path), and stripe locks cannot deadlock. Plan changes rewrite the allowance and
// re-spread the quotas under the same locks; a downgrade below usage sets
// every quota to its usage. Stripe counts may differ between processes.
//
// # Throughput
//
// A transaction costs round trips, not rows. The store queues statements
// whose results are not needed yet (BEGIN, savepoints, credential writes)
// and sends them in one pipeline with the next statement; it implements
// [ledger.Prefetcher] so the account, idempotency and credential reads of a
// publish go in one round trip; and it implements [ledger.GroupCommitter],
// so a Ledger applies concurrent Publish calls on one account together, up
// to Options.MaxGroup per transaction. Batches use INSERT ... SELECT FROM
// unnest(...) per table, and look keys, IDs and recipients up with one
// index probe each (unnest joined LATERAL to a fenced subquery), never
// with "= ANY(array)", for which the planner may scan all of an account's
// rows: a batch costs time in its own size, not the ledger's. Statements
// are planned for their actual
// parameters (plan_cache_mode = force_custom_plan, per transaction), since
// a generic plan cached while the tables were empty would keep sequential
// scans on a fast-growing ledger.
//
// # Caveats
//
// Entry Seq values come from an identity column: unique and increasing in
// allocation order, but transactions commit out of that order, so a
// reader tailing Ledger.Entries (each call its own snapshot) may see a
// smaller Seq appear after a larger one, and miss it if it pages by Seq.
// Ledger.WriteCSV pages within one View, a REPEATABLE READ READ ONLY
// transaction, so an export holds exactly the entries committed before it
// began; it keeps that transaction (and a connection) open while it writes.
// Entry times are stored with microsecond precision. YearUsage.Recipients
// is counted from the hold rows of the year, so Usage and Quote cost time
// proportional to the recipients of the year.
package pgstore
