// Package memstore is an in-memory [ledger.Store], for tests, demos and
// single-process tools that do not need the ledger to survive a restart.
//
// Transactions are serialised by one mutex (readers share a read lock);
// each write records an undo step, and a transaction whose function returns
// an error is rolled back by running the undo steps in reverse, so a failed
// operation or batch chunk leaves nothing behind. Entry Seq values are
// contiguous from 1 across all accounts. A View holds the read lock
// throughout, so writers wait for Ledger.WriteCSV while it writes.
//
// Entries, credential records and seat counts are kept in append-only
// lists of fixed-size blocks, found through maps keyed by a 64-bit hash of
// the key, credential ID or recipient: neither ever moves or rescans what
// it holds as the store grows, and the maps hold no pointers for the
// garbage collector to trace.
package memstore
