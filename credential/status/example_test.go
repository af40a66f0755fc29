package status_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/laurelhq/laurel/credential/status"
)

// An issuer keeps a list, gives each credential an entry, revokes one, and
// publishes the list credential (signed, e.g. with package dataintegrity).
func ExampleNewBitstringList() {
	list, err := status.NewBitstringList(status.MinEntries)
	if err != nil {
		panic(err)
	}
	entry := status.BitstringEntry("https://example.edu/status/1", 94567, status.PurposeRevocation)
	b, _ := json.Marshal(entry)
	fmt.Println(string(b))

	if err := list.Set(94567, true); err != nil { // revoke
		panic(err)
	}
	unsigned, err := status.BitstringListCredential("https://example.edu/status/1", "did:example:issuer",
		status.PurposeRevocation, list, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		panic(err)
	}
	fmt.Println(len(unsigned) < 1000)
	// Output:
	// {"id":"https://example.edu/status/1#94567","type":"BitstringStatusListEntry","statusPurpose":"revocation","statusListIndex":"94567","statusListCredential":"https://example.edu/status/1"}
	// true
}

// A verifier parses the credential's credentialStatus, fetches the list
// credential at ListURL (and verifies it — package verify does both), and
// checks the entry.
func ExampleCheck() {
	list, _ := status.NewBitstringList(status.MinEntries)
	_ = list.Set(94567, true)
	listCredential, _ := status.BitstringListCredential("https://example.edu/status/1", "did:example:issuer",
		status.PurposeRevocation, list, time.Time{})

	for _, cs := range []string{
		`{"id":"https://example.edu/status/1#94567","type":"BitstringStatusListEntry","statusPurpose":"revocation","statusListIndex":"94567","statusListCredential":"https://example.edu/status/1"}`,
		`{"id":"https://example.edu/status/1#94568","type":"BitstringStatusListEntry","statusPurpose":"revocation","statusListIndex":"94568","statusListCredential":"https://example.edu/status/1"}`,
		`{"id":"https://example.edu/status/1#200000","type":"BitstringStatusListEntry","statusPurpose":"revocation","statusListIndex":"200000","statusListCredential":"https://example.edu/status/1"}`,
	} {
		entry, err := status.ParseEntry([]byte(cs))
		if err != nil {
			panic(err)
		}
		r := status.Check(entry, listCredential, status.CheckOptions{Issuer: "did:example:issuer"})
		fmt.Println(entry.StatusListIndex, r.State, r.Err)
	}
	// Output:
	// 94567 revoked <nil>
	// 94568 ok <nil>
	// 200000 undetermined status: index out of range: statusListIndex 200000, the list has 131072 entries
}

// Open Badges 3.0 issuers may publish a 1EdTech revocation list instead: a
// JSON document naming revoked credentials by id.
func ExampleCheck_revocationList() {
	entry, _ := status.ParseEntry([]byte(`{"id":"https://example.edu/revocations","type":"1EdTechRevocationList"}`))
	list := []byte(`{"id":"https://example.edu/revocations","issuer":"https://example.edu/issuer",
	  "revokedCredentials":[{"id":"urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002","revocationReason":"Issued in error."}]}`)
	r := status.Check(entry, list, status.CheckOptions{
		CredentialID: "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002",
		Issuer:       "https://example.edu/issuer",
	})
	fmt.Println(r.State, r.Message)
	// Output: revoked Issued in error.
}
