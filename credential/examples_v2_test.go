package credential

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/laurelhq/laurel/internal/spectest"
)

// parseV2 picks the Open Badges 2.0 (or 1.x) parser for a document by its
// type, or for untyped fragments by its members.
func parseV2(b []byte) (any, error) {
	var probe struct {
		Type      json.RawMessage `json:"type"`
		Recipient json.RawMessage `json:"recipient"`
		Revoked   json.RawMessage `json:"revoked"`
		Narrative json.RawMessage `json:"narrative"`
		Verify    json.RawMessage `json:"verify"`
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, err
	}
	var typ string
	_ = json.Unmarshal(probe.Type, &typ)
	opts := ParseOptions{}
	switch {
	case typ == "Assertion" || probe.Recipient != nil || probe.Revoked != nil || probe.Verify != nil:
		return ParseAssertion(b, opts)
	case typ == "Issuer" || typ == "Profile":
		return ParseProfileV2(b, opts)
	case typ == "CryptographicKey":
		return ParseCryptographicKey(b, opts)
	case typ == "RevocationList":
		return ParseRevocationList(b, opts)
	case typ == "Endorsement":
		return ParseEndorsementV2(b, opts)
	}
	return ParseBadgeClass(b, opts)
}

func jwsPayload(t *testing.T, b []byte) []byte {
	t.Helper()
	parts := strings.Split(strings.TrimSpace(string(b)), ".")
	if len(parts) != 3 {
		t.Fatalf("not a compact JWS")
	}
	p, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOB2ExamplesRoundTrip(t *testing.T) {
	dir := spectest.Dir(t, "examples", "ob2")
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
	n := 0
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f)
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case strings.HasSuffix(f, "-jws-header.json"): // a JOSE header, not a badge object
			continue
		case strings.HasSuffix(f, ".json"):
		case strings.HasSuffix(f, ".jws"):
			b = jwsPayload(t, b)
		default:
			continue
		}
		n++
		t.Run(rel, func(t *testing.T) { checkRoundTrip(t, b, parseV2) })
	}
	if n < 25 {
		t.Fatalf("only %d OB 2.0 examples", n)
	}
}

func TestOB1ExamplesRoundTripAndUpgrade(t *testing.T) {
	dir := spectest.Dir(t, "examples", "ob1")
	parsers := map[string]func([]byte) (any, error){
		"assertion-hosted.json":        func(b []byte) (any, error) { return ParseAssertion(b, ParseOptions{}) },
		"signed-assertion.example.jws": func(b []byte) (any, error) { return ParseAssertion(b, ParseOptions{}) },
		"badgeclass.json":              func(b []byte) (any, error) { return ParseBadgeClass(b, ParseOptions{}) },
		"issuer-organization.json":     func(b []byte) (any, error) { return ParseProfileV2(b, ParseOptions{}) },
		"revocation-list.json":         func(b []byte) (any, error) { return ParseRevocationList(b, ParseOptions{}) },
	}
	for name, parse := range parsers {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(name, ".jws") {
				b = jwsPayload(t, b)
			}
			checkRoundTrip(t, b, parse)
		})
	}

	t.Run("upgrade hosted", func(t *testing.T) {
		a, err := ParseAssertion(spectest.Read(t, "examples", "ob1", "assertion-hosted.json"), ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !a.IsOBI1() {
			t.Fatal("IsOBI1 = false")
		}
		up, err := UpgradeOBI1(a)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]any{
			"@context":     "https://w3id.org/openbadges/v2",
			"type":         "Assertion",
			"id":           "https://example.org/beths-robotics-badge.json",
			"issuedOn":     "2013-01-26T16:31:50Z", // 1359217910
			"verification": map[string]any{"type": "HostedBadge"},
			"uid":          "f2c20",
			"badge":        "https://example.org/robotics-badge.json",
		}
		out, _ := json.Marshal(up)
		var got map[string]any
		_ = json.Unmarshal(out, &got)
		for k, v := range want {
			gb, _ := json.Marshal(got[k])
			wb, _ := json.Marshal(v)
			if string(gb) != string(wb) {
				t.Errorf("%s = %s, want %s", k, gb, wb)
			}
		}
		if _, ok := got["verify"]; ok {
			t.Error("verify kept after upgrade")
		}
		// The example's hash was made for an unpublished address; a wrong
		// address must simply not match.
		if ok, err := up.Recipient.Object.Matches("nobody@example.org"); ok || err != nil {
			t.Errorf("Matches = %v, %v", ok, err)
		}
		if up.IsOBI1() {
			t.Error("upgraded assertion still looks like OBI 1.x")
		}
		if _, err := UpgradeOBI1(up); err != ErrNotOBI1 {
			t.Errorf("UpgradeOBI1(2.0) = %v", err)
		}
	})

	t.Run("upgrade signed", func(t *testing.T) {
		a, err := ParseAssertion(jwsPayload(t, spectest.Read(t, "examples", "ob1", "signed-assertion.example.jws")), ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		up, err := UpgradeOBI1(a)
		if err != nil {
			t.Fatal(err)
		}
		if up.Verification == nil || up.Verification.Type.First() != "SignedBadge" || up.Verification.Creator != "https://example.org/publicKey.pem" {
			t.Errorf("verification = %+v", up.Verification)
		}
		if !strings.HasPrefix(up.ID, "urn:uuid:") {
			t.Errorf("id = %q", up.ID)
		}
		again, _ := UpgradeOBI1(a)
		if again.ID != up.ID {
			t.Error("upgrade id is not deterministic")
		}
	})
}

func TestUpgradeOBI05(t *testing.T) {
	in := `{"recipient":"sha256$` + strings.Repeat("ab", 32) + `","salt":"s","issued_on":"2013-01-02",
		"badge":{"version":"0.5.0","name":"B","image":"https://x/i.png","description":"d","criteria":"https://x/c",
		"issuer":{"origin":"https://x","name":"X"}}}`
	a, err := ParseAssertion([]byte(in), ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	up, err := UpgradeOBI1(a)
	if err != nil {
		t.Fatal(err)
	}
	r := up.Recipient.Object
	if r == nil || !r.Hashed || r.Salt != "s" || r.Type != "email" {
		t.Fatalf("recipient = %+v", up.Recipient)
	}
	if up.IssuedOn.String() != "2013-01-02T00:00:00Z" {
		t.Errorf("issuedOn = %s", up.IssuedOn)
	}
	if _, ok := up.Extra["salt"]; ok {
		t.Error("salt kept at top level")
	}
	if up.Badge.Object == nil || up.Badge.Object.Name != "B" {
		t.Errorf("badge = %+v", up.Badge)
	}
}
