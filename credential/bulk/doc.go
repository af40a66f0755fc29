// Package bulk issues signed Open Badges 3.0 credentials to many recipients
// from a spreadsheet export, the way an issuer uploads a class list.
//
// [ReadRows] validates every row of a CSV file before anything is issued
// (a bad email, a duplicate, a missing value is reported by row and that
// row is left out). A [Template] turns each row into a credential and signs
// it with a Data Integrity proof (eddsa-rdfc-2022 by default). [Run] signs
// on all cores, hands each chunk to an optional publisher (a recipient-seat
// ledger), writes the credentials and appends one log line per row. Every
// identifier, salt and signature is derived from the job's state, so a job
// killed part way and run again issues and charges every row exactly once.
//
// Specifications:
//   - Open Badges 3.0 AchievementCredential: https://www.imsglobal.org/spec/ob/v3p0/#achievementcredential
//   - Identity objects and hashed identities: https://www.imsglobal.org/spec/ob/v3p0/#identityobject
//   - RFC 4180 CSV: https://www.rfc-editor.org/rfc/rfc4180
package bulk
