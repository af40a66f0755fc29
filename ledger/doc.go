// Package ledger bills credential issuance by unique recipient per billing year.
package ledger
