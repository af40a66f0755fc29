package status

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func seeds(f *testing.F, glob string) {
	f.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", glob))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seeds in testdata/%s: %v", glob, err)
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(bytes.TrimSpace(b)))
	}
}

// FuzzDecodeList: any encodedList decodes to a list within the cap or to
// a sentinel error, and a decoded list re-encodes to the same bits.
func FuzzDecodeList(f *testing.F) {
	seeds(f, "encodedlist/*.txt")
	f.Fuzz(func(t *testing.T, encoded string) {
		const maxBytes = 1 << 20
		l, err := DecodeList(encoded, DecodeOptions{MaxBytes: maxBytes})
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if len(l.bits) > maxBytes || l.Len() != len(l.bits)*8 {
			t.Fatalf("list of %d bytes, %d entries", len(l.bits), l.Len())
		}
		enc, err := l.Encode()
		if err != nil {
			t.Fatal(err)
		}
		back, err := DecodeList(enc, DecodeOptions{MaxBytes: maxBytes})
		if err != nil || !bytes.Equal(back.bits, l.bits) {
			t.Fatalf("re-encoding changed the list: %v", err)
		}
		if _, err := l.Get(l.Len() - 1); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzParseEntry: any credentialStatus either parses into an entry whose
// ListURL is set and that Check answers without panicking, or is refused
// with a sentinel error.
func FuzzParseEntry(f *testing.F) {
	seeds(f, "entries/*.json")
	list, err := os.ReadFile(filepath.Join("testdata", "bitstring-list-credential.golden.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data string) {
		e, err := ParseEntry([]byte(data))
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrUnsupported) && !errors.Is(err, ErrOutOfRange) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if e.ListURL() == "" {
			t.Fatalf("entry without a list URL: %+v", e)
		}
		r := Check(e, list, CheckOptions{CredentialID: "urn:x"})
		if (r.State == Undetermined) != (r.Err != nil) {
			t.Fatalf("state %v with err %v", r.State, r.Err)
		}
	})
}

// FuzzCheckList: any list document gets an answer — never a panic — and
// Undetermined always comes with its reason.
func FuzzCheckList(f *testing.F) {
	seeds(f, "lists/*.json")
	seeds(f, "*.golden.json")
	entries := []*Entry{
		{Type: TypeBitstringEntry, StatusPurpose: PurposeRevocation, StatusListIndex: "7", StatusListCredential: listURL},
		{Type: TypeStatusList2021Entry, StatusPurpose: PurposeRevocation, StatusListIndex: "7", StatusListCredential: listURL},
		{Type: TypeBitstringEntry, StatusPurpose: PurposeMessage, StatusListIndex: "3", StatusListCredential: listURL, StatusSize: 2},
		{ID: "https://example.edu/revocations", Type: Type1EdTechRevocationList},
	}
	f.Fuzz(func(t *testing.T, list string) {
		for _, e := range entries {
			r := Check(e, []byte(list), CheckOptions{CredentialID: "urn:x", Issuer: issuer, MaxBytes: 1 << 20})
			if (r.State == Undetermined) != (r.Err != nil) {
				t.Fatalf("%s: state %v with err %v", e.Type, r.State, r.Err)
			}
		}
	})
}
