package verify

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/laurelhq/laurel/credential/dataintegrity"
	"github.com/laurelhq/laurel/credential/keys"
	"github.com/laurelhq/laurel/credential/status"
	"github.com/laurelhq/laurel/credential/vcjwt"
	"github.com/laurelhq/laurel/internal/spectest"
)

// statusSource is an in-memory StatusSource.
type statusSource map[string][]byte

func (s statusSource) StatusList(_ context.Context, url string) ([]byte, error) {
	if b, ok := s[url]; ok {
		return b, nil
	}
	return nil, fmt.Errorf("%w: %s", ErrNotFound, url)
}

// statusIssuer is a did:key issuer with a fixed key.
type statusIssuer struct {
	key   ed25519.PrivateKey
	did   string
	keyID string
}

func newStatusIssuer(t testing.TB, seed byte) statusIssuer {
	t.Helper()
	s := make([]byte, ed25519.SeedSize)
	s[0] = seed
	key := ed25519.NewKeyFromSeed(s)
	did, keyID, err := keys.DIDKey(key.Public())
	if err != nil {
		t.Fatal(err)
	}
	return statusIssuer{key, did, keyID}
}

var statusT0 = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)

func (is statusIssuer) sign(t testing.TB, doc []byte) []byte {
	t.Helper()
	signed, err := dataintegrity.Sign(context.Background(), doc, is.key, dataintegrity.SignOptions{
		VerificationMethod: is.keyID, Created: statusT0,
	})
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

// list returns the unsigned list credential for purpose with the given
// entries set, issued by issuerID and edited by edit when non-nil.
func statusList(t testing.TB, url, issuerID, purpose string, set []int, edit func(m map[string]any)) []byte {
	t.Helper()
	l, err := status.NewBitstringList(status.MinEntries)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range set {
		if err := l.Set(i, true); err != nil {
			t.Fatal(err)
		}
	}
	b, err := status.BitstringListCredential(url, issuerID, purpose, l, statusT0)
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		b = editJSON(t, b, edit)
	}
	return b
}

func editJSON(t testing.TB, b []byte, edit func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// statusCredential returns an unsigned VC 2.0 credential by issuer with
// the given credentialStatus (omitted when nil).
func statusCredential(t testing.TB, issuerID string, credentialStatus any) []byte {
	t.Helper()
	c := map[string]any{
		"@context":          []any{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"},
		"id":                "urn:uuid:5b2e4b38-6a1e-4c6f-9d0e-3f6a0c1d2e4f",
		"type":              []any{"VerifiableCredential"},
		"issuer":            issuerID,
		"validFrom":         statusT0.Format(time.RFC3339),
		"credentialSubject": map[string]any{"id": "did:example:learner"},
	}
	if credentialStatus != nil {
		c["credentialStatus"] = credentialStatus
	}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gzipBombList(t testing.TB, n int64) string {
	t.Helper()
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if _, err := io.CopyN(zw, zeros{}, n); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return "u" + base64.RawURLEncoding.EncodeToString(b.Bytes())
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func TestStatusRoundTrip(t *testing.T) {
	iss := newStatusIssuer(t, 1)
	other := newStatusIssuer(t, 2)
	const (
		revURL  = "https://example.edu/status/revocation"
		suspURL = "https://example.edu/status/suspension"
		rlURL   = "https://example.edu/revocations"
	)
	revocations := iss.sign(t, statusList(t, revURL, iss.did, status.PurposeRevocation, []int{7}, nil))
	suspensions := iss.sign(t, statusList(t, suspURL, iss.did, status.PurposeSuspension, []int{9}, nil))
	entry := func(url string, i int, purpose string) status.Entry { return status.BitstringEntry(url, i, purpose) }
	rev := func(i int) status.Entry { return entry(revURL, i, status.PurposeRevocation) }

	// Lists that must not be trusted.
	tampered := editJSON(t, revocations, func(m map[string]any) {
		l, _ := status.NewBitstringList(status.MinEntries)
		enc, _ := l.Encode()
		m["credentialSubject"].(map[string]any)["encodedList"] = enc // un-revokes 7
	})
	foreign := other.sign(t, statusList(t, revURL, other.did, status.PurposeRevocation, nil, nil))
	forged := other.sign(t, statusList(t, revURL, iss.did, status.PurposeRevocation, nil, nil))
	bomb := iss.sign(t, statusList(t, revURL, iss.did, status.PurposeRevocation, nil, func(m map[string]any) {
		m["credentialSubject"].(map[string]any)["encodedList"] = gzipBombList(t, 20<<20)
	}))
	expired := iss.sign(t, statusList(t, revURL, iss.did, status.PurposeRevocation, nil, func(m map[string]any) {
		m["validUntil"] = statusT0.Add(time.Hour).Format(time.RFC3339)
	}))
	revocationList, _ := json.Marshal(map[string]any{"id": rlURL, "issuer": iss.did, "revokedCredentials": []any{
		map[string]any{"id": "urn:uuid:5b2e4b38-6a1e-4c6f-9d0e-3f6a0c1d2e4f", "revocationReason": "Issued in error."}}})
	emptyRevocationList, _ := json.Marshal(map[string]any{"id": rlURL, "issuer": iss.did, "revokedCredentials": []any{}})

	lists := statusSource{revURL: revocations, suspURL: suspensions, rlURL: revocationList}
	with := func(url string, b []byte) statusSource {
		s := statusSource{}
		for k, v := range lists {
			s[k] = v
		}
		s[url] = b
		return s
	}
	now := at("2025-03-02T00:00:00Z")

	tests := []struct {
		name     string
		status   any // credentialStatus
		source   StatusSource
		failOpen bool
		outcome  Outcome
		problem  ProblemType
		detail   string // a substring of the detail
	}{
		{"ok", rev(3), lists, false, Pass, "", "not revoked"},
		{"revoked", rev(7), lists, false, Fail, ProblemRevoked, "index 7"},
		{"suspended", entry(suspURL, 9, status.PurposeSuspension), lists, false, Fail, ProblemSuspended, "suspended"},
		{"not suspended", entry(suspURL, 7, status.PurposeSuspension), lists, false, Pass, "", "not revoked or suspended"},
		{"two entries, one suspended", []any{rev(9), entry(suspURL, 9, status.PurposeSuspension)}, lists, false, Fail, ProblemSuspended, "suspended"},
		{"two entries, both clear", []any{rev(1), entry(suspURL, 1, status.PurposeSuspension)}, lists, false, Pass, "", "; "},
		{"list missing, fail-closed", rev(3), statusSource{}, false, Fail, ProblemStatusUndetermined, "not available offline"},
		{"list missing, fail-open", rev(3), statusSource{}, true, Warn, ProblemStatusUndetermined, "not available offline"},
		{"no status source", rev(3), nil, false, Fail, ProblemStatusUndetermined, "no status source"},
		{"list signature bad", rev(7), with(revURL, tampered), false, Fail, ProblemStatusUndetermined, "does not verify"},
		{"list signature bad, fail-open", rev(7), with(revURL, tampered), true, Warn, ProblemStatusUndetermined, "does not verify"},
		{"list from another issuer", rev(3), with(revURL, foreign), false, Fail, ProblemStatusUndetermined, "not by the credential's issuer"},
		{"list naming our issuer, signed by another key", rev(3), with(revURL, forged), false, Fail, ProblemStatusUndetermined, "does not verify"},
		{"list expired", rev(3), with(revURL, expired), false, Fail, ProblemStatusUndetermined, "expired"},
		{"index out of range", rev(status.MinEntries), lists, false, Fail, ProblemStatusUndetermined, "out of range"},
		{"gzip bomb", rev(3), with(revURL, bomb), false, Fail, ProblemStatusUndetermined, "decompresses to more than"},
		{"purpose mismatch", entry(revURL, 3, status.PurposeSuspension), lists, false, Fail, ProblemStatusUndetermined, "statusPurpose"},
		{"list is not a credential", rev(3), with(revURL, []byte(`not json`)), false, Fail, ProblemStatusUndetermined, "does not verify"},
		{"1EdTech list, revoked", map[string]any{"id": rlURL, "type": "1EdTechRevocationList"}, lists, false, Fail, ProblemRevoked, "Issued in error."},
		{"1EdTech list, not revoked", map[string]any{"id": rlURL, "type": "1EdTechRevocationList"}, with(rlURL, emptyRevocationList), false, Pass, "", "not on the revocation list"},
		{"unsupported status type", map[string]any{"id": "https://example.edu/x", "type": "RevocationList2020Status"}, lists, false, Fail, ProblemStatusUndetermined, "unsupported"},
		{"malformed entry", map[string]any{"type": "BitstringStatusListEntry"}, lists, false, Fail, ProblemStatusUndetermined, "malformed"},
		{"credentialStatus not an object", "https://example.edu/status", lists, false, Fail, ProblemMalformed, "neither"},
		{"too many entries", []any{rev(1), rev(2), rev(3), rev(4), rev(5), rev(6), rev(8), rev(10), rev(11)}, lists, false, Fail, ProblemLimitExceeded, "at most"},
		{"no credentialStatus", nil, lists, false, Skip, "", "no credentialStatus"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := newVerifier(t, Config{Status: tt.source, Now: now, UnsafeStatusFailOpen: tt.failOpen})
			r := v.Verify(context.Background(), iss.sign(t, statusCredential(t, iss.did, tt.status)), nil)
			assertStatus(t, r, tt.outcome, tt.problem, tt.detail)
		})
	}
}

func assertStatus(t *testing.T, r *Result, outcome Outcome, problem ProblemType, detail string) {
	t.Helper()
	for _, name := range []string{CheckParse, CheckContext, CheckProof, CheckIssuer, CheckValidity} {
		if c, _ := r.Check(name); c.Outcome != Pass {
			t.Fatalf("check %s did not pass:\n%s", name, describe(r))
		}
	}
	var found []Check
	for _, c := range r.Checks {
		if c.Name == CheckStatus {
			found = append(found, c)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d status checks:\n%s", len(found), describe(r))
	}
	c := found[0]
	text := c.Detail
	if c.Problem != nil {
		text = c.Problem.Detail
	}
	gotProblem := ProblemType("")
	if c.Problem != nil {
		gotProblem = c.Problem.Type
	}
	t.Logf("status %s [%s] %s", c.Outcome, gotProblem, text)
	if c.Outcome != outcome || gotProblem != problem || !strings.Contains(text, detail) {
		t.Fatalf("status %s [%s] %q; want %s [%s] containing %q\n%s", c.Outcome, gotProblem, text, outcome, problem, detail, describe(r))
	}
	if r.Valid != (outcome != Fail) {
		t.Fatalf("Valid = %v with status %s", r.Valid, outcome)
	}
}

// TestStatusVCJWT: a VC-JWT's status is checked the same way, and a list
// credential may itself be a VC-JWT.
func TestStatusVCJWT(t *testing.T) {
	iss := newStatusIssuer(t, 3)
	const url = "https://example.edu/status/jwt"
	unsignedList := statusList(t, url, iss.did, status.PurposeRevocation, []int{5}, nil)
	jwtList, err := vcjwt.Sign(context.Background(), unsignedList, iss.key, vcjwt.SignOptions{KeyID: iss.keyID})
	if err != nil {
		t.Fatal(err)
	}
	other := newStatusIssuer(t, 7)
	jwkList, err := vcjwt.Sign(context.Background(), statusList(t, url, iss.did, status.PurposeRevocation, nil, nil), other.key, vcjwt.SignOptions{EmbedJWK: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("VC-JWT list signed with its own jwk", func(t *testing.T) {
		cred := iss.sign(t, statusCredential(t, iss.did, status.BitstringEntry(url, 5, status.PurposeRevocation)))
		v := newVerifier(t, Config{Status: statusSource{url: []byte(jwkList)}, Now: at("2025-03-02T00:00:00Z")})
		assertStatus(t, v.Verify(context.Background(), cred, nil), Fail, ProblemStatusUndetermined, "the issuer check did not pass")
	})
	lists := map[string]statusSource{
		"data integrity list": {url: iss.sign(t, unsignedList)},
		"VC-JWT list":         {url: []byte(jwtList)},
	}
	for name, src := range lists {
		for _, tt := range []struct {
			index   int
			outcome Outcome
			problem ProblemType
		}{{5, Fail, ProblemRevoked}, {6, Pass, ""}} {
			t.Run(fmt.Sprintf("%s/index %d", name, tt.index), func(t *testing.T) {
				cred := statusCredential(t, iss.did, status.BitstringEntry(url, tt.index, status.PurposeRevocation))
				jwt, err := vcjwt.Sign(context.Background(), cred, iss.key, vcjwt.SignOptions{KeyID: iss.keyID})
				if err != nil {
					t.Fatal(err)
				}
				v := newVerifier(t, Config{Status: src, Now: at("2025-03-02T00:00:00Z")})
				r := v.Verify(context.Background(), []byte(jwt), nil)
				if r.Format != FormatVCJWT {
					t.Fatal(describe(r))
				}
				assertStatus(t, r, tt.outcome, tt.problem, "")
			})
		}
	}
}

// TestStatusThroughDocumentMap: the offline documents map serves status
// lists too (the CLI's --documents).
func TestStatusThroughDocumentMap(t *testing.T) {
	iss := newStatusIssuer(t, 4)
	const url = "https://example.edu/status/map"
	docs := NewDocumentMap(map[string][]byte{url: iss.sign(t, statusList(t, url, iss.did, status.PurposeRevocation, []int{2}, nil))})
	v := newVerifier(t, Config{Documents: docs, Now: at("2025-03-02T00:00:00Z")})
	r := v.Verify(context.Background(), iss.sign(t, statusCredential(t, iss.did, status.BitstringEntry(url, 2, status.PurposeRevocation))), nil)
	assertStatus(t, r, Fail, ProblemRevoked, "revoked")
}

// TestStatusOfListNotChecked: a list credential that itself carries a
// credentialStatus pointing at itself is verified without following it.
func TestStatusOfListNotChecked(t *testing.T) {
	iss := newStatusIssuer(t, 5)
	const url = "https://example.edu/status/self"
	self := status.BitstringEntry(url, 0, status.PurposeRevocation)
	list := iss.sign(t, statusList(t, url, iss.did, status.PurposeRevocation, []int{0}, func(m map[string]any) {
		m["credentialStatus"] = self
	}))
	v := newVerifier(t, Config{Status: statusSource{url: list}, Now: at("2025-03-02T00:00:00Z")})
	r := v.Verify(context.Background(), list, nil)
	c, _ := r.Check(CheckStatus)
	if c.Outcome != Fail || c.Problem.Type != ProblemRevoked {
		// Verified directly, the list is a credential like any other: its
		// own entry 0 is set, so it reads as revoked.
		t.Fatal(describe(r))
	}
	r = v.Verify(context.Background(), iss.sign(t, statusCredential(t, iss.did, status.BitstringEntry(url, 1, status.PurposeRevocation))), nil)
	assertStatus(t, r, Pass, "", "not revoked")
}

// TestSpecExamplesStatus verifies the OB 3.0 specification examples that
// carry a 1EdTechRevocationList entry, with revocation lists supplied
// offline: not listed, they pass; listed, they are revoked.
func TestSpecExamplesStatus(t *testing.T) {
	examples := ob3Examples(t, "embedded-proof")
	base := issuerDocuments(t, examples)
	n := 0
	for _, e := range examples {
		data := spectest.Read(t, "examples", "ob3", e.File)
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		cs, ok := doc["credentialStatus"].(map[string]any)
		if !ok {
			continue
		}
		n++
		t.Run(filepath.ToSlash(e.File), func(t *testing.T) {
			id, _ := doc["id"].(string)
			issuer := idOfIssuer(doc["issuer"])
			listURL, _ := cs["id"].(string)
			// As in TestSignedExamplesVerify: a fixed date, or, for examples
			// whose validity ended before it, just after validFrom.
			now := at("2024-06-01T00:00:00Z")
			from, until, _, _, err := validityDates(doc)
			if err != nil {
				t.Fatal(err)
			}
			if !until.IsZero() && !now().Before(until) {
				now = func() time.Time { return from.Add(time.Hour) }
			}
			for _, revoked := range []bool{false, true} {
				docs := map[string][]byte{}
				for u, b := range base.AllDocuments() {
					docs[u] = b
				}
				// Embedded endorsements point at other lists; publish an
				// empty one at every revocation list URL the file names.
				for _, u := range revocationListURLs(data) {
					docs[u], _ = json.Marshal(map[string]any{"id": u, "revokedCredentials": []any{}})
				}
				if revoked {
					docs[listURL], _ = json.Marshal(map[string]any{"id": listURL, "issuer": issuer,
						"revokedCredentials": []any{map[string]any{"id": id, "revocationReason": "example"}}})
				}
				v := newVerifier(t, Config{Documents: NewDocumentMap(docs), Now: now})
				r := v.Verify(context.Background(), data, nil)
				if revoked {
					assertStatus(t, r, Fail, ProblemRevoked, "example")
				} else {
					assertStatus(t, r, Pass, "", "not on the revocation list")
				}
			}
		})
	}
	if n == 0 {
		t.Skip("no example carries a credentialStatus")
	}
}

func idOfIssuer(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case map[string]any:
		s, _ := t["id"].(string)
		return s
	}
	return ""
}

// revocationListURLs finds the ids of every 1EdTechRevocationList entry in
// a document, embedded credentials included.
func revocationListURLs(data []byte) []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch t := v.(type) {
		case map[string]any:
			if t["type"] == status.Type1EdTechRevocationList {
				if id, ok := t["id"].(string); ok {
					out = append(out, id)
				}
			}
			for _, c := range t {
				walk(c)
			}
		case []any:
			for _, c := range t {
				walk(c)
			}
		}
	}
	var v any
	_ = json.Unmarshal(data, &v)
	walk(v)
	return out
}

// BenchmarkVerifyWithStatus verifies a credential whose status is read
// from a signed 131,072-entry list (the list's proof is verified on every
// call: nothing is cached across calls).
func BenchmarkVerifyWithStatus(b *testing.B) {
	iss := newStatusIssuer(b, 6)
	const url = "https://example.edu/status/bench"
	src := statusSource{url: iss.sign(b, statusList(b, url, iss.did, status.PurposeRevocation, []int{7}, nil))}
	cred := iss.sign(b, statusCredential(b, iss.did, status.BitstringEntry(url, 3, status.PurposeRevocation)))
	v := newVerifier(b, Config{Status: src, Now: at("2025-03-02T00:00:00Z")})
	b.ReportAllocs()
	for b.Loop() {
		if r := v.Verify(context.Background(), cred, nil); !r.Valid {
			b.Fatal(describe(r))
		}
	}
}
