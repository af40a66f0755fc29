package badge

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Classify tells the form of baked content and the Open Badges version
// it declares (VersionAuto when it cannot tell). Surrounding whitespace
// is ignored.
func Classify(content []byte) (Form, Version) {
	t := bytes.TrimSpace(content)
	switch {
	case len(t) > 0 && t[0] == '{':
		return FormJSON, jsonVersion(t)
	case isCompactJWS(t):
		payload, err := base64.RawURLEncoding.DecodeString(string(t[bytes.IndexByte(t, '.')+1 : bytes.LastIndexByte(t, '.')]))
		if err != nil {
			return FormJWS, VersionAuto
		}
		return FormJWS, jsonVersion(payload)
	case isHTTPURL(t):
		return FormURL, Version2
	}
	return FormUnknown, VersionAuto
}

func isCompactJWS(b []byte) bool {
	first := bytes.IndexByte(b, '.')
	last := bytes.LastIndexByte(b, '.')
	if first <= 0 || last <= first+1 || bytes.Count(b, []byte(".")) != 2 {
		return false // three parts, header and payload not empty
	}
	for _, c := range b {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

func isHTTPURL(b []byte) bool {
	return (bytes.HasPrefix(b, []byte("https://")) || bytes.HasPrefix(b, []byte("http://"))) &&
		!bytes.ContainsAny(b, " \t\r\n{}\"<>")
}

// jsonVersion reads the version a credential, an assertion or a JWT
// payload declares.
func jsonVersion(b []byte) Version {
	var doc struct {
		Context      json.RawMessage `json:"@context"`
		Type         json.RawMessage `json:"type"`
		VC           json.RawMessage `json:"vc"`
		Recipient    json.RawMessage `json:"recipient"`
		Badge        json.RawMessage `json:"badge"`
		Verify       json.RawMessage `json:"verify"`
		Verification json.RawMessage `json:"verification"`
	}
	if json.Unmarshal(b, &doc) != nil {
		return VersionAuto
	}
	if doc.VC != nil {
		return Version3 // a VC-JWT (VC 1.1 layout)
	}
	for _, c := range stringsIn(doc.Context) {
		switch {
		case strings.Contains(c, "www.w3.org/ns/credentials/v2"), strings.Contains(c, "www.w3.org/2018/credentials/v1"),
			strings.Contains(c, "/ob/v3p0"):
			return Version3
		case strings.Contains(c, "openbadges/v2"), strings.Contains(c, "openbadges/v1"),
			strings.Contains(c, "/ob/v2p0"), strings.Contains(c, "/ob/v1p0"), strings.Contains(c, "openbadgespec.org"):
			return Version2
		}
	}
	for _, t := range stringsIn(doc.Type) {
		if t == "VerifiableCredential" {
			return Version3
		}
	}
	if doc.Recipient != nil || doc.Badge != nil || doc.Verify != nil || doc.Verification != nil {
		return Version2
	}
	return VersionAuto
}

// stringsIn returns the strings of a JSON string or array.
func stringsIn(raw json.RawMessage) []string {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}
	}
	var many []json.RawMessage
	if json.Unmarshal(raw, &many) != nil {
		return nil
	}
	var out []string
	for _, m := range many {
		if json.Unmarshal(m, &one) == nil {
			out = append(out, one)
		}
	}
	return out
}

func jsonValid(b []byte) bool { return json.Valid(b) }

// checkText refuses content that cannot be carried as text in both PNG
// iTXt and XML: invalid UTF-8, NUL and other control characters XML
// forbids.
func checkText(b []byte) error {
	if len(bytes.TrimSpace(b)) == 0 {
		return fmt.Errorf("%w: empty", ErrContent)
	}
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return fmt.Errorf("%w: invalid UTF-8 at byte %d", ErrContent, i)
		}
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			return fmt.Errorf("%w: control character %U at byte %d", ErrContent, r, i)
		}
		i += n
	}
	return nil
}

// hostedURL returns the URL an OB 2.0 hosted assertion lives at (its id)
// or, for OBI 1.x, verify.url — the SVG verify attribute.
func hostedURL(assertion []byte) string {
	var doc struct {
		ID     string `json:"id"`
		Verify struct {
			URL string `json:"url"`
		} `json:"verify"`
	}
	if json.Unmarshal(assertion, &doc) != nil {
		return ""
	}
	for _, u := range []string{doc.ID, doc.Verify.URL} {
		if isHTTPURL([]byte(u)) {
			return u
		}
	}
	return ""
}
