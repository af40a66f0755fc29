package pgstore

import (
	"context"
	"errors"

	"github.com/laurelhq/laurel/ledger"
)

var _ ledger.Prefetcher = (*txn)(nil)

// prefetched is what Prefetch read, served to the reads that follow until
// the transaction writes.
type prefetched struct {
	account string
	acct    ledger.Account
	acctErr error
	keys    map[string]bool
	entries map[string]ledger.Entry
	ids     map[string]bool
	creds   map[string]ledger.CredentialRecord
}

func (p *prefetched) hasKeys(keys []string) bool {
	for _, k := range keys {
		if !p.keys[k] {
			return false
		}
	}
	return true
}

func (p *prefetched) hasIDs(ids []string) bool {
	for _, id := range ids {
		if !p.ids[id] {
			return false
		}
	}
	return true
}

// Prefetch implements ledger.Prefetcher: the account, the entries under
// keys and the credentials (locked, in a write transaction) are read in one
// pipeline, with BEGIN if it is still queued. The statements are the ones
// Account, EntriesByKey and Credentials would run, in that order, so the
// results (and the locks) are the same.
func (t *txn) Prefetch(ctx context.Context, account string, keys, ids []string) error {
	t.pre = nil
	br, err := t.flush(ctx, "", nil,
		queued{accountSQL, []any{account}},
		queued{entriesByKeySQL, []any{account, keys}},
		queued{credentialsSQL(t.write), []any{account, sortedSet(ids)}})
	if err != nil {
		return err
	}
	defer br.Close()
	p := &prefetched{account: account, keys: make(map[string]bool, len(keys)), ids: make(map[string]bool, len(ids))}
	rows, err := br.Query()
	if err != nil {
		return mapErr("reading account", err)
	}
	p.acct, p.acctErr = scanAccount(rows, account)
	if p.acctErr != nil && !errors.Is(p.acctErr, ledger.ErrUnknownAccount) {
		return p.acctErr
	}
	if rows, err = br.Query(); err != nil {
		return mapErr("reading entries by key", err)
	}
	if p.entries, err = entriesMap(rows); err != nil {
		return err
	}
	if rows, err = br.Query(); err != nil {
		return mapErr("reading credentials", err)
	}
	if p.creds, err = scanCredentials(rows, account); err != nil {
		return err
	}
	if err := br.Close(); err != nil {
		return mapErr("prefetching", err)
	}
	for _, k := range keys {
		p.keys[k] = true
	}
	for _, id := range ids {
		p.ids[id] = true
	}
	t.pre = p
	return nil
}
