// Package ledger bills credential issuance by unique recipient per billing year.
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
