package status

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"testing"
	"time"
)

const (
	listURL = "https://example.edu/status/1"
	issuer  = "did:example:issuer"
)

var t0 = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// makeListCredential returns a Bitstring Status List credential with the given
// entries set, edited by edit (on the decoded JSON) when non-nil.
func makeListCredential(t testing.TB, purpose string, size int, set map[int]uint64, edit func(m map[string]any)) []byte {
	t.Helper()
	l := mustList(t, MinEntries, size)
	for i, v := range set {
		if err := l.SetValue(i, v); err != nil {
			t.Fatal(err)
		}
	}
	b, err := BitstringListCredential(listURL, issuer, purpose, l, t0)
	if err != nil {
		t.Fatal(err)
	}
	if edit == nil {
		return b
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	out, _ := json.Marshal(m)
	return out
}

func subject(m map[string]any) map[string]any { return m["credentialSubject"].(map[string]any) }

// asStatusList2021 rewrites a list credential the way StatusList2021
// issuers wrote them: other type names, plain base64 without a multibase
// prefix, VC 1.1 dates.
func asStatusList2021(m map[string]any) {
	m["@context"] = []any{"https://www.w3.org/2018/credentials/v1", "https://w3id.org/vc/status-list/2021/v1"}
	m["type"] = []any{"VerifiableCredential", TypeStatusList2021Credential}
	m["issuanceDate"] = m["validFrom"]
	delete(m, "validFrom")
	s := subject(m)
	s["type"] = TypeStatusList2021
	raw, _ := base64.RawURLEncoding.DecodeString(s["encodedList"].(string)[1:])
	s["encodedList"] = base64.StdEncoding.EncodeToString(raw)
}

func TestCheckBitstring(t *testing.T) {
	revocation := makeListCredential(t, PurposeRevocation, 1, map[int]uint64{7: 1, MinEntries - 1: 1}, nil)
	suspension := makeListCredential(t, PurposeSuspension, 1, map[int]uint64{9: 1}, nil)
	messages := makeListCredential(t, PurposeMessage, 2, map[int]uint64{4: 2}, nil)
	msgs := []StatusMessage{{"0x0", "pending"}, {"0x1", "accepted"}, {"0x2", "rejected"}, {"0x3", "undefined"}}
	sl2021 := makeListCredential(t, PurposeRevocation, 1, map[int]uint64{7: 1}, asStatusList2021)
	sl2021Caps := makeListCredential(t, PurposeRevocation, 1, map[int]uint64{7: 1}, func(m map[string]any) {
		asStatusList2021(m)
		subject(m)["statusPurpose"] = "Revocation"
	})
	multiPurpose := makeListCredential(t, PurposeRevocation, 1, map[int]uint64{3: 1}, func(m map[string]any) {
		subject(m)["statusPurpose"] = []any{PurposeRevocation, PurposeSuspension}
	})
	expiring := makeListCredential(t, PurposeRevocation, 1, nil, func(m map[string]any) {
		m["validUntil"] = t0.Add(24 * time.Hour).Format(time.RFC3339)
	})
	short := makeListCredential(t, PurposeRevocation, 1, nil, func(m map[string]any) {
		raw := gzipped(t, make([]byte, 1024))
		subject(m)["encodedList"] = "u" + base64.RawURLEncoding.EncodeToString(raw)
	})
	bomb := makeListCredential(t, PurposeRevocation, 1, nil, func(m map[string]any) {
		subject(m)["encodedList"] = "u" + base64.RawURLEncoding.EncodeToString(gzipBomb(t, 20<<20))
	})
	custom := makeListCredential(t, "audit", 1, map[int]uint64{1: 1}, nil)

	entry := func(typ, purpose string, index string) *Entry {
		return &Entry{Type: typ, StatusPurpose: purpose, StatusListIndex: index, StatusListCredential: listURL}
	}
	bs := func(purpose, index string) *Entry { return entry(TypeBitstringEntry, purpose, index) }
	withMessages := func(e *Entry) *Entry { e.StatusSize, e.StatusMessage = 2, msgs; return e }

	tests := []struct {
		name    string
		entry   *Entry
		list    []byte
		opts    CheckOptions
		state   State
		value   uint64
		message string
		err     error
	}{
		{"clear", bs(PurposeRevocation, "6"), revocation, CheckOptions{}, OK, 0, "", nil},
		{"revoked", bs(PurposeRevocation, "7"), revocation, CheckOptions{}, Revoked, 1, "", nil},
		{"revoked, last entry", bs(PurposeRevocation, "131071"), revocation, CheckOptions{}, Revoked, 1, "", nil},
		{"suspended", bs(PurposeSuspension, "9"), suspension, CheckOptions{}, Suspended, 1, "", nil},
		{"not suspended", bs(PurposeSuspension, "7"), suspension, CheckOptions{}, OK, 0, "", nil},
		{"message, statusSize 2", withMessages(bs(PurposeMessage, "4")), messages, CheckOptions{}, OK, 2, "rejected", nil},
		{"message zero", withMessages(bs(PurposeMessage, "5")), messages, CheckOptions{}, OK, 0, "pending", nil},
		{"one list, two purposes", bs(PurposeSuspension, "3"), multiPurpose, CheckOptions{}, Suspended, 1, "", nil},
		{"StatusList2021, plain base64", entry(TypeStatusList2021Entry, PurposeRevocation, "7"), sl2021, CheckOptions{}, Revoked, 1, "", nil},
		{"StatusList2021, capitalised purpose", entry(TypeStatusList2021Entry, PurposeRevocation, "6"), sl2021Caps, CheckOptions{}, OK, 0, "", nil},
		{"same issuer", bs(PurposeRevocation, "7"), revocation, CheckOptions{Issuer: issuer}, Revoked, 1, "", nil},
		{"inside the validity window", bs(PurposeRevocation, "1"), expiring, CheckOptions{Now: t0.Add(time.Hour)}, OK, 0, "", nil},
		{"unknown purpose set", bs("audit", "1"), custom, CheckOptions{}, Undetermined, 1, "", ErrUnsupported},
		{"unknown purpose clear", bs("audit", "2"), custom, CheckOptions{}, OK, 0, "", nil},

		{"index out of range", bs(PurposeRevocation, "131072"), revocation, CheckOptions{}, Undetermined, 0, "", ErrOutOfRange},
		{"index absurd", bs(PurposeRevocation, "99999999999999999999"), revocation, CheckOptions{}, Undetermined, 0, "", ErrOutOfRange},
		{"index not a number", bs(PurposeRevocation, "-1"), revocation, CheckOptions{}, Undetermined, 0, "", ErrMalformed},
		{"index with leading zero", bs(PurposeRevocation, "07"), revocation, CheckOptions{}, Undetermined, 0, "", ErrMalformed},
		{"purpose mismatch", bs(PurposeSuspension, "7"), revocation, CheckOptions{}, Undetermined, 0, "", ErrPurposeMismatch},
		{"Bitstring entry, StatusList2021 list", bs(PurposeRevocation, "7"), sl2021, CheckOptions{}, Undetermined, 0, "", ErrPurposeMismatch},
		{"StatusList2021 entry, Bitstring list", entry(TypeStatusList2021Entry, PurposeRevocation, "7"), revocation, CheckOptions{}, Undetermined, 0, "", ErrPurposeMismatch},
		{"another issuer", bs(PurposeRevocation, "7"), revocation, CheckOptions{Issuer: "did:example:other"}, Undetermined, 0, "", ErrIssuerMismatch},
		{"list expired", bs(PurposeRevocation, "1"), expiring, CheckOptions{Now: t0.Add(48 * time.Hour)}, Undetermined, 0, "", ErrListValidity},
		{"list not yet valid", bs(PurposeRevocation, "1"), expiring, CheckOptions{Now: t0.Add(-time.Hour)}, Undetermined, 0, "", ErrListValidity},
		{"list shorter than 131,072", bs(PurposeRevocation, "1"), short, CheckOptions{}, Undetermined, 0, "", ErrTooShort},
		{"gzip bomb", bs(PurposeRevocation, "1"), bomb, CheckOptions{}, Undetermined, 0, "", ErrTooLarge},
		{"statusSize 2 on a one-bit list", withMessages(bs(PurposeRevocation, "1")), revocation, CheckOptions{}, Undetermined, 0, "", ErrTooShort},
		{"statusSize 17", &Entry{Type: TypeBitstringEntry, StatusPurpose: PurposeRevocation, StatusListIndex: "1", StatusListCredential: listURL, StatusSize: 17}, revocation, CheckOptions{}, Undetermined, 0, "", ErrUnsupported},
		{"not JSON", bs(PurposeRevocation, "1"), []byte("<html>"), CheckOptions{}, Undetermined, 0, "", ErrMalformed},
		{"no entry", nil, revocation, CheckOptions{}, Undetermined, 0, "", ErrMalformed},
		{"document over the size cap", bs(PurposeRevocation, "1"), revocation, CheckOptions{MaxBytes: 10}, Undetermined, 0, "", ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Check(tt.entry, tt.list, tt.opts)
			if r.State != tt.state || r.Value != tt.value || r.Message != tt.message {
				t.Fatalf("got %v value %d message %q (err %v); want %v value %d message %q", r.State, r.Value, r.Message, r.Err, tt.state, tt.value, tt.message)
			}
			if tt.err == nil && r.Err != nil || tt.err != nil && !errors.Is(r.Err, tt.err) {
				t.Fatalf("err = %v, want %v", r.Err, tt.err)
			}
		})
	}
}

func TestCheckListCredentialShape(t *testing.T) {
	e := BitstringEntry(listURL, 7, PurposeRevocation)
	edits := map[string]func(m map[string]any){
		"no credentialSubject":         func(m map[string]any) { delete(m, "credentialSubject") },
		"subject of another type":      func(m map[string]any) { subject(m)["type"] = "Other" },
		"no encodedList":               func(m map[string]any) { delete(subject(m), "encodedList") },
		"encodedList not a string":     func(m map[string]any) { subject(m)["encodedList"] = 7 },
		"validFrom not a date":         func(m map[string]any) { m["validFrom"] = "yesterday" },
		"credential of the wrong type": func(m map[string]any) { m["type"] = "VerifiableCredential" },
	}
	for name, edit := range edits {
		t.Run(name, func(t *testing.T) {
			r := Check(&e, makeListCredential(t, PurposeRevocation, 1, map[int]uint64{7: 1}, edit), CheckOptions{})
			if r.State != Undetermined || r.Err == nil {
				t.Fatalf("got %v (%v), want Undetermined", r.State, r.Err)
			}
		})
	}
	// Subjects given as an array are read too.
	r := Check(&e, makeListCredential(t, PurposeRevocation, 1, map[int]uint64{7: 1}, func(m map[string]any) {
		m["credentialSubject"] = []any{map[string]any{"type": "Other"}, m["credentialSubject"]}
	}), CheckOptions{})
	if r.State != Revoked {
		t.Fatalf("subject array: %v (%v)", r.State, r.Err)
	}
}

func TestCheckRevocationList(t *testing.T) {
	const credID = "urn:uuid:a63a60be-f4af-491c-87fc-2c8fd3007a58"
	e := &Entry{ID: "https://example.edu/revocations", Type: Type1EdTechRevocationList}
	list := []byte(`{"id":"https://example.edu/revocations","issuer":"` + issuer + `","revokedCredentials":[
		{"id":"urn:uuid:11111111-1111-1111-1111-111111111111"},
		{"id":"` + credID + `","revocationReason":"Issued in error."}]}`)
	tests := []struct {
		name    string
		list    []byte
		opts    CheckOptions
		state   State
		message string
		err     error
	}{
		{"revoked with reason", list, CheckOptions{CredentialID: credID, Issuer: issuer}, Revoked, "Issued in error.", nil},
		{"not on the list", list, CheckOptions{CredentialID: "urn:uuid:22222222-2222-2222-2222-222222222222", Issuer: issuer}, OK, "", nil},
		{"empty list", []byte(`{"revokedCredentials":[]}`), CheckOptions{CredentialID: credID}, OK, "", nil},
		{"list without issuer", []byte(`{"revokedCredentials":[{"id":"` + credID + `"}]}`), CheckOptions{CredentialID: credID, Issuer: issuer}, Revoked, "", nil},
		{"credential without id", list, CheckOptions{Issuer: issuer}, Undetermined, "", ErrNoCredentialID},
		{"another issuer", list, CheckOptions{CredentialID: credID, Issuer: "did:example:other"}, Undetermined, "", ErrIssuerMismatch},
		{"no revokedCredentials", []byte(`{"id":"x"}`), CheckOptions{CredentialID: credID}, Undetermined, "", ErrMalformed},
		{"revokedCredentials not an array", []byte(`{"revokedCredentials":{}}`), CheckOptions{CredentialID: credID}, Undetermined, "", ErrMalformed},
		{"member without id", []byte(`{"revokedCredentials":[{"revocationReason":"x"}]}`), CheckOptions{CredentialID: credID}, Undetermined, "", ErrMalformed},
		{"not JSON", []byte(`[]`), CheckOptions{CredentialID: credID}, Undetermined, "", ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Check(e, tt.list, tt.opts)
			if r.State != tt.state || r.Message != tt.message || r.Purpose != PurposeRevocation {
				t.Fatalf("got %v %q purpose %q (err %v); want %v %q", r.State, r.Message, r.Purpose, r.Err, tt.state, tt.message)
			}
			if tt.err == nil && r.Err != nil || tt.err != nil && !errors.Is(r.Err, tt.err) {
				t.Fatalf("err = %v, want %v", r.Err, tt.err)
			}
		})
	}
}

func TestParseEntry(t *testing.T) {
	tests := []struct {
		name string
		json string
		want Entry
		err  error
	}{
		{"bitstring", `{"id":"https://e.edu/s/1#94567","type":"BitstringStatusListEntry","statusPurpose":"revocation","statusListIndex":"94567","statusListCredential":"https://e.edu/s/1"}`,
			Entry{ID: "https://e.edu/s/1#94567", Type: TypeBitstringEntry, StatusPurpose: "revocation", StatusListIndex: "94567", StatusListCredential: "https://e.edu/s/1"}, nil},
		{"index and size as numbers", `{"type":"BitstringStatusListEntry","statusPurpose":"message","statusListIndex":3,"statusSize":2,"statusListCredential":"https://e.edu/s/1","statusMessage":[{"status":"0x0","message":"ok"}]}`,
			Entry{Type: TypeBitstringEntry, StatusPurpose: "message", StatusListIndex: "3", StatusSize: 2, StatusListCredential: "https://e.edu/s/1", StatusMessage: []StatusMessage{{"0x0", "ok"}}}, nil},
		{"StatusList2021", `{"id":"https://e.edu/s/2#1","type":"StatusList2021Entry","statusPurpose":"suspension","statusListIndex":"1","statusListCredential":"https://e.edu/s/2"}`,
			Entry{ID: "https://e.edu/s/2#1", Type: TypeStatusList2021Entry, StatusPurpose: "suspension", StatusListIndex: "1", StatusListCredential: "https://e.edu/s/2"}, nil},
		{"1EdTech", `{"id":"https://e.edu/revocations","type":"1EdTechRevocationList"}`,
			Entry{ID: "https://e.edu/revocations", Type: Type1EdTechRevocationList}, nil},
		{"type array", `{"id":"https://e.edu/revocations","type":["1EdTechRevocationList"]}`,
			Entry{ID: "https://e.edu/revocations", Type: Type1EdTechRevocationList}, nil},
		{"unknown type", `{"id":"x","type":"RevocationList2020Status"}`, Entry{}, ErrUnsupported},
		{"no type", `{"id":"x"}`, Entry{}, ErrMalformed},
		{"1EdTech without id", `{"type":"1EdTechRevocationList"}`, Entry{}, ErrMalformed},
		{"no purpose", `{"type":"BitstringStatusListEntry","statusListIndex":"1","statusListCredential":"u"}`, Entry{}, ErrMalformed},
		{"no list", `{"type":"BitstringStatusListEntry","statusPurpose":"revocation","statusListIndex":"1"}`, Entry{}, ErrMalformed},
		{"no index", `{"type":"BitstringStatusListEntry","statusPurpose":"revocation","statusListCredential":"u"}`, Entry{}, ErrMalformed},
		{"fractional index", `{"type":"BitstringStatusListEntry","statusPurpose":"revocation","statusListIndex":1.5,"statusListCredential":"u"}`, Entry{}, ErrMalformed},
		{"statusSize zero", `{"type":"BitstringStatusListEntry","statusPurpose":"revocation","statusListIndex":"1","statusSize":0,"statusListCredential":"u"}`, Entry{}, ErrMalformed},
		{"statusSize on StatusList2021", `{"type":"StatusList2021Entry","statusPurpose":"revocation","statusListIndex":"1","statusSize":2,"statusListCredential":"u"}`, Entry{}, ErrMalformed},
		{"purpose not a string", `{"type":"BitstringStatusListEntry","statusPurpose":["revocation"],"statusListIndex":"1","statusListCredential":"u"}`, Entry{}, ErrMalformed},
		{"statusMessage not a list", `{"type":"BitstringStatusListEntry","statusPurpose":"message","statusListIndex":"1","statusListCredential":"u","statusMessage":"x"}`, Entry{}, ErrMalformed},
		{"not an object", `"x"`, Entry{}, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := ParseEntry([]byte(tt.json))
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.Marshal(e)
			want, _ := json.Marshal(tt.want)
			if string(got) != string(want) {
				t.Fatalf("got %s\nwant %s", got, want)
			}
		})
	}
}

func TestBitstringEntryRoundTrip(t *testing.T) {
	e := BitstringEntry(listURL, 94567, PurposeRevocation)
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"id":"https://example.edu/status/1#94567","type":"BitstringStatusListEntry","statusPurpose":"revocation","statusListIndex":"94567","statusListCredential":"https://example.edu/status/1"}`
	if string(b) != want {
		t.Fatalf("got %s\nwant %s", b, want)
	}
	back, err := ParseEntry(b)
	if err != nil || back.ListURL() != listURL {
		t.Fatalf("%v %+v", err, back)
	}
}
