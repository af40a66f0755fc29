package status

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// TestBitstringListCredentialGolden pins the unsigned list credential an
// issuer gets (entries 7 and 94567 revoked).
func TestBitstringListCredentialGolden(t *testing.T) {
	l := mustList(t, MinEntries, 1)
	for _, i := range []int{7, 94567} {
		if err := l.Set(i, true); err != nil {
			t.Fatal(err)
		}
	}
	got, err := BitstringListCredential(listURL, issuer, PurposeRevocation, l, t0)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "bitstring-list-credential.golden.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("list credential differs from %s (run go test -update if intended):\n%s", path, got)
	}
	// And it reads back.
	for i, want := range map[int]State{7: Revoked, 8: OK, 94567: Revoked} {
		e := BitstringEntry(listURL, i, PurposeRevocation)
		if r := Check(&e, got, CheckOptions{Issuer: issuer, Now: t0}); r.State != want {
			t.Errorf("index %d: %v (%v), want %v", i, r.State, r.Err, want)
		}
	}
}

func TestBitstringListCredentialErrors(t *testing.T) {
	l := mustList(t, MinEntries, 1)
	for _, tt := range []struct {
		id, issuer, purpose string
		list                *List
	}{
		{"", issuer, PurposeRevocation, l},
		{listURL, "", PurposeRevocation, l},
		{listURL, issuer, "", l},
		{listURL, issuer, PurposeRevocation, nil},
	} {
		if _, err := BitstringListCredential(tt.id, tt.issuer, tt.purpose, tt.list, t0); !errors.Is(err, ErrMalformed) {
			t.Errorf("%+v: err = %v, want ErrMalformed", tt, err)
		}
	}
}
