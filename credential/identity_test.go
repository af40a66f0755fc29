package credential

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
)

// Expected hashes are computed here from the documented input (normalised
// value followed by the salt), independently of HashIdentity.
func sha(s string) string { h := sha256.Sum256([]byte(s)); return "sha256$" + hex.EncodeToString(h[:]) }
func md(s string) string  { h := md5.Sum([]byte(s)); return "md5$" + hex.EncodeToString(h[:]) }

func TestHashIdentity(t *testing.T) {
	tests := []struct {
		kind, value, salt string
		want              string
		err               error
	}{
		{KindEmail, "alice@example.org", "deadsea", sha("alice@example.org" + "deadsea"), nil},
		{KindEmail, "  Alice@Example.ORG ", "deadsea", sha("alice@example.org" + "deadsea"), nil},
		{KindEmailAddress, "Alice+tag@example.org", "", sha("alice+tag@example.org"), nil},
		{KindEmail, "Ame\u0301lie@example.org", "s", sha("am\u00e9lie@example.org" + "s"), nil}, // NFC
		{KindURL, "https://Example.org/Me", "s", sha("https://Example.org/Me" + "s"), nil},      // as given
		{KindTelephone, "+1 555 0100", "s", sha("+1 555 0100" + "s"), nil},                      // as given
		{KindEmail, "Alice <alice@example.org>", "s", "", ErrIdentity},
		{KindEmail, "", "s", "", ErrIdentity},
		{"", "x", "s", "", ErrIdentity},
	}
	for _, tt := range tests {
		got, err := HashIdentity(tt.kind, tt.value, tt.salt)
		if !errors.Is(err, tt.err) || got != tt.want {
			t.Errorf("HashIdentity(%q, %q, %q) = %q, %v; want %q, %v", tt.kind, tt.value, tt.salt, got, err, tt.want, tt.err)
		}
	}
}

func TestCheckIdentity(t *testing.T) {
	tests := []struct {
		name                        string
		identity, kind, value, salt string
		want                        bool
		err                         error
	}{
		{"sha256", sha("alice@example.org" + "x"), KindEmail, "ALICE@example.org", "x", true, nil},
		{"sha256 wrong salt", sha("alice@example.org" + "x"), KindEmail, "alice@example.org", "y", false, nil},
		{"sha256 other person", sha("alice@example.org" + "x"), KindEmail, "bob@example.org", "x", false, nil},
		{"md5 old badge", md("alice@example.org" + "x"), KindEmail, "Alice@Example.org", "x", true, nil},
		{"md5 unsalted", md("alice@example.org"), KindEmail, "alice@example.org", "", true, nil},
		{"url hash", sha("https://example.org/alice" + "s"), KindURL, "https://example.org/alice", "s", true, nil},
		{"url case matters", sha("https://example.org/alice" + "s"), KindURL, "https://example.org/Alice", "s", false, nil},
		{"plain email", "Alice@Example.org", KindEmail, " alice@example.org", "", true, nil},
		{"plain email differs", "alice@example.org", KindEmail, "alice2@example.org", "", false, nil},
		{"plain telephone", "+15550100", KindTelephone, "+15550100", "", true, nil},
		{"malformed hash", "sha256$zz", KindEmail, "alice@example.org", "", false, ErrIdentity},
		{"bad value", sha("x"), KindEmail, "not an email", "", false, ErrIdentity},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CheckIdentity(tt.identity, tt.kind, tt.value, tt.salt)
			if got != tt.want || !errors.Is(err, tt.err) {
				t.Errorf("CheckIdentity = %v, %v; want %v, %v", got, err, tt.want, tt.err)
			}
		})
	}
}

func TestUpperHexAccepted(t *testing.T) {
	h := sha("alice@example.org" + "x")
	up := "sha256$" + strings.ToUpper(strings.TrimPrefix(h, "sha256$"))
	if ok, err := CheckIdentity(up, KindEmail, "alice@example.org", "x"); !ok || err != nil {
		t.Errorf("upper-case hex: %v %v", ok, err)
	}
}

func TestIdentityObjectMatches(t *testing.T) {
	o := IdentityObject{IdentityType: KindEmailAddress, Hashed: true, Salt: "s", IdentityHash: sha("bob@example.org" + "s")}
	if ok, err := o.Matches("Bob@example.org"); !ok || err != nil {
		t.Errorf("hashed: %v %v", ok, err)
	}
	plain := IdentityObject{IdentityType: KindEmailAddress, IdentityHash: "Bob@Example.org"}
	if ok, err := plain.Matches("bob@example.org"); !ok || err != nil {
		t.Errorf("plain: %v %v", ok, err)
	}
	bad := IdentityObject{IdentityType: KindEmailAddress, Hashed: true, IdentityHash: "bob@example.org"}
	if _, err := bad.Matches("bob@example.org"); !errors.Is(err, ErrIdentity) {
		t.Errorf("hashed flag with a plain value: %v", err)
	}
	v2 := IdentityObjectV2{Type: KindEmail, Hashed: true, Salt: "deadsea", Identity: md("old@example.org" + "deadsea")}
	if ok, err := v2.Matches("old@example.org"); !ok || err != nil {
		t.Errorf("v2 md5: %v %v", ok, err)
	}
}
