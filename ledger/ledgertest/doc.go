// Package ledgertest is the conformance suite every [ledger.Store] runs:
// [Run] replays a table of scenarios covering each seat rule (one seat per
// recipient per billing year, no rollover, year boundaries in UTC, 29
// February starts, deletion then re-issue, renewal across years, plan
// changes, idempotent retries, validation), batches (per-item results,
// chunk atomicity under an injected failure, retry of a partly applied
// batch, repeated credential IDs giving what publishing one at a time
// gives, see [BatchMatchesSequential]), quotes, the entry log and its CSV export, and [Concurrency]: 16
// publishers racing for the last seats, for one new recipient and under one
// idempotency key, and concurrent batches — over one store or several
// handles (pools) on one database.
//
// Bench* functions measure publishing to new recipients and report ops/s
// with b.ReportMetric; stores call them from their own benchmarks.
package ledgertest
