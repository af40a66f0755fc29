// Package ledger bills credential issuance by unique recipient per billing year.
//
// # The rules
//
// These follow the way Accredible sells recipient-based plans; where that
// is silent, the choice is the one an issuer would find fair, and it is
// written here.
//
//   - An account has a plan: Seats per billing year and a Start date (a
//     calendar date, UTC). Billing years are consecutive 12-month periods
//     from Start; a plan starting on 29 February renews on 28 February in
//     common years and 29 February in leap years ([Anniversary]). Unused
//     seats do not roll over: each year starts with no seat used and no
//     recipient holding one.
//   - Publishing a credential costs one seat in the current billing year,
//     unless its recipient (the email normalised as credential.NormalizeEmail
//     does: trimmed, NFC, lower-cased) already holds a seat there. Any
//     number of credentials, in any group, to one recipient in one year cost
//     one seat. Drafts are not the ledger's business: nothing is charged
//     until Publish.
//   - With no seat left, Publish fails with [ErrInsufficientSeats] and
//     records nothing (a batch item gets StatusNoSeat); the credential stays
//     unpublished and the same key may be retried after an upgrade.
//   - Deleting never refunds. A recipient holds a seat in a year only while
//     at least one credential published (or renewed) to them in that year is
//     live: after their only one is deleted, publishing to them again that
//     year costs another seat.
//   - Renewing (a new issue or expiry date) within the credential's own
//     billing year is free; in a later year it costs a seat there unless the
//     recipient already holds one, and the credential moves to that year.
//   - Changing the plan changes the current year's allowance at once and
//     every later year's; seats used stay used (a downgrade below usage
//     leaves none free). Operations before Start fail with [ErrNotStarted].
//   - Every operation takes an idempotency key: replaying it returns the
//     original outcome and charges nothing; reusing a key for a different
//     request is [ErrIdempotencyConflict]. Every operation appends an entry
//     (when, what, which credential and recipient, charged or not and why);
//     entries are never changed. [Ledger.Usage], [Ledger.Quote] and
//     [Ledger.WriteCSV] report from them.
//   - [Ledger.PublishBatch] applies one transaction per chunk: a chunk is
//     applied whole or not at all, and when seats run out inside a chunk it
//     is the later items that get none.
//
// A [Ledger] applies the seat rules over a [Store], which only offers
// transactional primitives (memstore, sqlitestore and pgstore implement
// it). Two optional interfaces let a store that pays per round trip go
// faster without moving any rule into the store: a [GroupCommitter] makes
// the Ledger apply concurrent Publish calls of one account together in one
// transaction (group commit, see Config.MaxGroup), and a [Prefetcher] Tx is
// told up front which account, idempotency keys and credentials a publish
// is about to read.
package ledger
