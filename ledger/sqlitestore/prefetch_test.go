package sqlitestore_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/laurelhq/laurel/ledger"
	"github.com/laurelhq/laurel/ledger/sqlitestore"
)

// reads is what Account, EntriesByKey and Credentials return for one
// publish's account, key and credential ID.
type reads struct {
	acct    ledger.Account
	acctErr error
	entries map[string]ledger.Entry
	creds   map[string]ledger.CredentialRecord
}

func readAll(ctx context.Context, t *testing.T, tx ledger.Tx, account, key, id string) reads {
	t.Helper()
	var r reads
	var err error
	r.acct, r.acctErr = tx.Account(ctx, account)
	if r.entries, err = tx.EntriesByKey(ctx, account, []string{key}); err != nil {
		t.Fatal(err)
	}
	if r.creds, err = tx.Credentials(ctx, account, []string{id}); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestPrefetchReadsUnchanged checks that after Prefetch the reads of a
// publish return exactly what they return without it, for every mix of
// known and unknown account, key and credential ID, and that a write ends
// what Prefetch serves.
func TestPrefetchReadsUnchanged(t *testing.T) {
	ctx := context.Background()
	s := open(t, filepath.Join(t.TempDir(), "ledger.db"), sqlitestore.Options{UnsafeSyncNormal: true})
	l := openAccount(t, s)
	if _, err := l.Publish(ctx, ledger.PublishRequest{Key: "k1", Account: "acme", CredentialID: "c1", Email: "a@example.org"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, account, key, id string
	}{
		{"all recorded", "acme", "k1", "c1"},
		{"new key and ID", "acme", "k2", "c2"},
		{"recorded key only", "acme", "k1", "c2"},
		{"recorded ID only", "acme", "k2", "c1"},
		{"unknown account", "nobody", "k1", "c1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var plain, served reads
			err := s.Update(ctx, func(tx ledger.Tx) error {
				plain = readAll(ctx, t, tx, tc.account, tc.key, tc.id)
				p, ok := tx.(ledger.Prefetcher)
				if !ok {
					t.Fatal("write transaction is not a ledger.Prefetcher")
				}
				if err := p.Prefetch(ctx, tc.account, []string{tc.key}, []string{tc.id}); err != nil {
					return err
				}
				served = readAll(ctx, t, tx, tc.account, tc.key, tc.id)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(plain.acct, served.acct) || !reflect.DeepEqual(plain.entries, served.entries) ||
				!reflect.DeepEqual(plain.creds, served.creds) {
				t.Errorf("after Prefetch: %+v\nwithout: %+v", served, plain)
			}
			if fmt.Sprint(plain.acctErr) != fmt.Sprint(served.acctErr) ||
				errors.Is(plain.acctErr, ledger.ErrUnknownAccount) != errors.Is(served.acctErr, ledger.ErrUnknownAccount) {
				t.Errorf("account error after Prefetch %v, without %v", served.acctErr, plain.acctErr)
			}
		})
	}
	t.Run("write ends prefetch", func(t *testing.T) {
		err := s.Update(ctx, func(tx ledger.Tx) error {
			if err := tx.(ledger.Prefetcher).Prefetch(ctx, "acme", []string{"k3"}, []string{"c3"}); err != nil {
				return err
			}
			if err := tx.PutCredentials(ctx, []ledger.CredentialRecord{{Account: "acme", ID: "c3", Recipient: "b@example.org"}}); err != nil {
				return err
			}
			e := []ledger.Entry{{Account: "acme", Key: "k3", At: time.Unix(0, 0).UTC(), Op: ledger.OpPublish, CredentialID: "c3", Recipient: "b@example.org"}}
			if err := tx.Append(ctx, e); err != nil {
				return err
			}
			got := readAll(ctx, t, tx, "acme", "k3", "c3")
			if _, ok := got.entries["k3"]; !ok {
				t.Error("entry appended after Prefetch not read back")
			}
			if _, ok := got.creds["c3"]; !ok {
				t.Error("credential put after Prefetch not read back")
			}
			return errors.New("roll back")
		})
		if err == nil || err.Error() != "roll back" {
			t.Fatal(err)
		}
	})
}
