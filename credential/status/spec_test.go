package status

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/laurelhq/laurel/internal/spectest"
)

// TestSpecExampleEntries reads the credentialStatus of every OB 3.0
// specification example that has one (1EdTechRevocationList entries) and
// checks it against revocation lists that do and do not name the
// credential.
func TestSpecExampleEntries(t *testing.T) {
	dir := spectest.Dir(t, "examples", "ob3")
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			ID               string          `json:"id"`
			Issuer           json.RawMessage `json:"issuer"`
			CredentialStatus json.RawMessage `json:"credentialStatus"`
		}
		if json.Unmarshal(data, &doc) != nil || doc.CredentialStatus == nil {
			continue
		}
		rel, _ := filepath.Rel(dir, f)
		t.Run(rel, func(t *testing.T) {
			n++
			e, err := ParseEntry(doc.CredentialStatus)
			if err != nil {
				t.Fatal(err)
			}
			var iss any
			_ = json.Unmarshal(doc.Issuer, &iss)
			opts := CheckOptions{CredentialID: doc.ID, Issuer: idOf(iss)}
			if e.ListURL() == "" || opts.CredentialID == "" || opts.Issuer == "" {
				t.Fatalf("entry %+v of credential %q by %q", e, opts.CredentialID, opts.Issuer)
			}
			revoked, _ := json.Marshal(map[string]any{"id": e.ListURL(), "issuer": opts.Issuer,
				"revokedCredentials": []any{map[string]any{"id": doc.ID, "revocationReason": "example"}}})
			clear, _ := json.Marshal(map[string]any{"id": e.ListURL(), "issuer": opts.Issuer,
				"revokedCredentials": []any{map[string]any{"id": "urn:uuid:00000000-0000-0000-0000-000000000000"}}})
			if r := Check(e, revoked, opts); r.State != Revoked || r.Message != "example" {
				t.Errorf("listed: %v %q (%v)", r.State, r.Message, r.Err)
			}
			if r := Check(e, clear, opts); r.State != OK {
				t.Errorf("not listed: %v (%v)", r.State, r.Err)
			}
		})
	}
	if n == 0 {
		t.Fatal("no OB 3.0 example has a credentialStatus")
	}
	t.Logf("%d example entries checked", n)
}
