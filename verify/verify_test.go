package verify

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/laurelhq/laurel/internal/spectest"
)

// ob3Example is one entry of the shared examples index.
type ob3Example struct {
	File   string `json:"file"`
	Form   string `json:"form"`
	Proofs []struct {
		VerificationMethod string `json:"verificationMethod"`
	} `json:"proofs"`
}

func ob3Examples(tb testing.TB, form string) []ob3Example {
	tb.Helper()
	var all []ob3Example
	if err := json.Unmarshal(spectest.Read(tb, "examples", "ob3", "index.json"), &all); err != nil {
		tb.Fatal(err)
	}
	var out []ob3Example
	for _, e := range all {
		if e.Form == form {
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		tb.Fatalf("no %s examples", form)
	}
	return out
}

var vmPattern = regexp.MustCompile(`"verificationMethod"\s*:\s*"([^"]+)"`)

// issuerDocuments publishes, for each verification method of the
// examples, a controller document at the URL before the '#': the spec
// examples name their key in the fragment (the multibase public key), as
// an issuer profile would list it.
func issuerDocuments(tb testing.TB, examples []ob3Example) *DocumentMap {
	tb.Helper()
	byController := map[string][]string{}
	for _, e := range examples {
		vms := []string{}
		for _, p := range e.Proofs {
			vms = append(vms, p.VerificationMethod)
		}
		if e.File != "" {
			// Embedded endorsements are signed by their own issuers.
			for _, m := range vmPattern.FindAllStringSubmatch(string(spectest.Read(tb, "examples", "ob3", e.File)), -1) {
				vms = append(vms, m[1])
			}
		}
		for _, vm := range vms {
			base, _, ok := strings.Cut(vm, "#")
			if !ok || strings.HasPrefix(base, "did:key:") {
				continue
			}
			byController[base] = append(byController[base], vm)
		}
	}
	docs := map[string][]byte{}
	for ctrl, vms := range byController {
		var methods []map[string]any
		seen := map[string]bool{}
		var ids []string
		for _, vm := range vms {
			if seen[vm] {
				continue
			}
			seen[vm] = true
			_, frag, _ := strings.Cut(vm, "#")
			methods = append(methods, map[string]any{"id": vm, "type": "Multikey", "controller": ctrl, "publicKeyMultibase": frag})
			ids = append(ids, vm)
		}
		b, _ := json.Marshal(map[string]any{
			"@context":           []any{"https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"},
			"id":                 ctrl,
			"verificationMethod": methods,
			"assertionMethod":    ids,
		})
		docs[ctrl] = b
	}
	return NewDocumentMap(docs)
}

func newVerifier(tb testing.TB, cfg Config) *Verifier {
	tb.Helper()
	v, err := New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

func at(s string) func() time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return func() time.Time { return t }
}

func describe(r *Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "valid=%v format=%s version=%s\n", r.Valid, r.Format, r.Version)
	for _, c := range r.Checks {
		fmt.Fprintf(&b, "  %s %s", c.Name, c.Outcome)
		if c.Problem != nil {
			fmt.Fprintf(&b, " [%s] %s %s", c.Problem.Type, c.Problem.Path, c.Problem.Detail)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// TestSignedExamplesVerify: every Data Integrity example of the OB 3.0
// specification verifies, given its issuer's key.
func TestSignedExamplesVerify(t *testing.T) {
	examples := ob3Examples(t, "embedded-proof")
	// The examples' 1EdTech revocation lists are not available offline, so
	// their status is undetermined: a warning here (status_test.go checks it).
	v := newVerifier(t, Config{Documents: issuerDocuments(t, examples), Now: at("2024-06-01T00:00:00Z"), UnsafeStatusFailOpen: true})
	endorsementOutcomes := map[string]int{}
	defer func() { t.Logf("endorsement checks: %v", endorsementOutcomes) }()
	for _, e := range examples {
		t.Run(e.File, func(t *testing.T) {
			data := spectest.Read(t, "examples", "ob3", e.File)
			r := v.Verify(context.Background(), data, nil)
			if c, _ := r.Check(CheckValidity); c.Outcome == Fail {
				// Some examples have validity windows that ended; the
				// signature is what this test is about.
				r = newVerifier(t, Config{Documents: issuerDocuments(t, examples), Now: func() time.Time { return r.ValidFrom.Add(time.Hour) }, UnsafeStatusFailOpen: true}).Verify(context.Background(), data, nil)
			}
			if !r.Valid || r.Format != FormatDataIntegrity {
				t.Fatal(describe(r))
			}
			if c, ok := r.Check(CheckEndorsements); ok {
				endorsementOutcomes[string(c.Outcome)]++
			}
			for _, name := range []string{CheckParse, CheckContext, CheckProof, CheckIssuer, CheckValidity} {
				if c, ok := r.Check(name); !ok || c.Outcome != Pass {
					t.Errorf("check %s: %+v\n%s", name, c, describe(r))
				}
			}
		})
	}
}

// TestOneByteChangeFailsSignature changes one byte of the signed content of
// every signed OB 3.0 example — the first and the last byte of each string
// value outside the proof of the Data Integrity examples, and bytes spread
// over the payload of the VC-JWT examples — and requires the verifier to
// reject each with a signature problem. Two changes cannot get that far and
// are named for what they are: a changed @context URL fails the context
// check (the document cannot be canonicalized, let alone checked), and a changed
// issuer id no longer controls the signing key (issuer-mismatch).
func TestOneByteChangeFailsSignature(t *testing.T) {
	examples := ob3Examples(t, "embedded-proof")
	v := newVerifier(t, Config{Documents: issuerDocuments(t, examples), Now: at("2024-06-01T00:00:00Z")})
	stride := 1
	if testing.Short() || raceEnabled {
		stride = 4
	}
	n := 0
	for i, e := range examples {
		if i%stride != 0 {
			continue
		}
		data := spectest.Read(t, "examples", "ob3", e.File)
		for _, mutated := range flipEachStringByte(data) {
			n++
			r := v.Verify(context.Background(), mutated, nil)
			if r.Valid {
				t.Fatalf("%s: a changed document still verifies:\n%s", e.File, mutated)
			}
			proof, _ := r.Check(CheckProof)
			issuer, _ := r.Check(CheckIssuer)
			ctxCheck, _ := r.Check(CheckContext)
			switch {
			case proof.Problem != nil && proof.Problem.Type == ProblemSignature:
			case issuer.Problem != nil && issuer.Problem.Type == ProblemIssuerMismatch:
			case ctxCheck.Outcome == Fail:
			default:
				t.Fatalf("%s: change not reported as a signature failure:\n%s\n%s", e.File, describe(r), mutated)
			}
		}
	}
	for i, e := range ob3Examples(t, "vc-jwt") {
		if i%stride != 0 {
			continue
		}
		parts := strings.Split(strings.TrimSpace(string(spectest.Read(t, "examples", "ob3", e.File))), ".")
		payload, err := base64.RawURLEncoding.DecodeString(parts[1])
		if err != nil {
			t.Fatal(err)
		}
		for k := 0; k < 16; k++ {
			pos := k * (len(payload) - 1) / 15
			p := append([]byte(nil), payload...)
			p[pos] ^= 0x01
			n++
			tok := parts[0] + "." + base64.RawURLEncoding.EncodeToString(p) + "." + parts[2]
			r := v.Verify(context.Background(), []byte(tok), nil)
			if c, _ := r.Check(CheckProof); r.Valid || c.Problem == nil || c.Problem.Type != ProblemSignature {
				t.Fatalf("%s: payload byte %d changed: %s", e.File, pos, describe(r))
			}
		}
	}
	if n < 1000 && stride == 1 {
		t.Fatalf("only %d changes tried", n)
	}
	t.Logf("%d one-byte changes rejected", n)
}

// flipEachStringByte returns copies of a JSON document with one byte of one
// string value changed, for each string outside "proof", keeping the JSON
// well-formed.
func flipEachStringByte(data []byte) [][]byte {
	proofAt := strings.Index(string(data), `"proof"`)
	var out [][]byte
	inString := false
	start := 0
	for i := 0; i < len(data); i++ {
		c := data[i]
		if inString {
			if c == '\\' {
				i++
				continue
			}
			if c == '"' {
				inString = false
				// a value, not a key: followed by , } ] or whitespace then those
				j := i + 1
				for j < len(data) && (data[j] == ' ' || data[j] == '\n' || data[j] == '\r' || data[j] == '\t') {
					j++
				}
				isKey := j < len(data) && data[j] == ':'
				if !isKey && i-start > 1 && (proofAt < 0 || start < proofAt) {
					for _, pos := range []int{start + 1, i - 1} {
						if data[pos] >= 'a' && data[pos] <= 'y' || data[pos] >= 'A' && data[pos] <= 'Y' || data[pos] >= '0' && data[pos] <= '8' {
							m := append([]byte(nil), data...)
							m[pos]++
							out = append(out, m)
						}
					}
				}
			}
			continue
		}
		if c == '"' {
			inString = true
			start = i
		}
	}
	return out
}

func TestValidityWindow(t *testing.T) {
	examples := ob3Examples(t, "embedded-proof")
	docs := issuerDocuments(t, examples)
	data := spectest.Read(t, "vectors", "ob3-eddsa-rdfc-2022", "credential.signed.json")
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	from, until, _, _, err := validityDates(doc)
	if err != nil || from.IsZero() {
		t.Fatalf("vector dates: %v %v", from, err)
	}
	tests := []struct {
		name string
		now  time.Time
		want ProblemType
	}{
		{"inside", from.Add(time.Hour), ""},
		{"before, beyond leeway", from.Add(-time.Hour), ProblemNotYetValid},
		{"before, within leeway", from.Add(-time.Minute), ""},
	}
	if !until.IsZero() {
		tests = append(tests, struct {
			name string
			now  time.Time
			want ProblemType
		}{"after", until.Add(time.Hour), ProblemExpired})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := newVerifier(t, Config{Documents: docs, Now: func() time.Time { return tt.now }})
			r := v.Verify(context.Background(), data, nil)
			c, _ := r.Check(CheckValidity)
			if tt.want == "" {
				if c.Outcome != Pass {
					t.Fatal(describe(r))
				}
				return
			}
			if c.Outcome != Fail || c.Problem.Type != tt.want || r.Valid {
				t.Fatal(describe(r))
			}
		})
	}
}

func TestHostileInput(t *testing.T) {
	v := newVerifier(t, Config{Now: at("2024-06-01T00:00:00Z")})
	big := []byte(`{"a":"` + strings.Repeat("x", 10<<20) + `"}`)
	deep := []byte(strings.Repeat("[", 100000) + strings.Repeat("]", 100000))
	deepObj := []byte(`{"@context":"https://www.w3.org/ns/credentials/v2","x":` + strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000) + "}")
	protected := []byte(`{"@context":["https://www.w3.org/ns/credentials/v2",{"type":"https://example.com/type"}],"type":"VerifiableCredential","proof":{}}`)
	unknown := []byte(`{"@context":["https://www.w3.org/ns/credentials/v2","https://example.com/ctx"],"type":"VerifiableCredential"}`)
	b64 := base64.RawURLEncoding.EncodeToString
	payload := b64([]byte(`{"iss":"did:example:1","vc":{"@context":["https://www.w3.org/2018/credentials/v1"],"type":["VerifiableCredential"],"issuer":"did:example:1","credentialSubject":{"id":"x"}}}`))
	algNone := []byte(b64([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + payload + ".")
	algHMAC := []byte(b64([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + payload + "." + b64([]byte("mac")))
	deepVC := []byte(`{"vc":` + strings.Repeat(`{"a":`, 50000) + "1" + strings.Repeat("}", 50000) + "}")
	deepJWT := []byte(b64([]byte(`{"alg":"EdDSA","typ":"JWT"}`)) + "." + b64(deepVC) + "." + b64([]byte("sig")))
	deepArray := []byte(`{"@context":"https://www.w3.org/ns/credentials/v2","x":` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "}")
	tests := []struct {
		name  string
		data  []byte
		check string
		want  ProblemType
	}{
		{"10 MB document", big, CheckParse, ProblemLimitExceeded},
		{"deep nesting, not an object", deep, CheckParse, ProblemMalformed},
		{"deep objects", deepObj, CheckParse, ProblemLimitExceeded},
		{"deep arrays in an object", deepArray, CheckParse, ProblemLimitExceeded},
		{"deep nesting in a JWT payload", deepJWT, CheckParse, ProblemLimitExceeded},
		{"protected term redefined", protected, CheckContext, ProblemInvalidContext},
		{"unknown context", unknown, CheckContext, ProblemUnknownContext},
		{"JWT with alg none", algNone, CheckProof, ProblemUnsupported},
		{"JWT with HMAC", algHMAC, CheckProof, ProblemUnsupported},
		{"not JSON", []byte("hello"), CheckParse, ProblemMalformed},
		{"empty", nil, CheckParse, ProblemMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := v.Verify(context.Background(), tt.data, nil)
			c, _ := r.Check(tt.check)
			if r.Valid || c.Outcome != Fail || c.Problem.Type != tt.want {
				t.Fatal(describe(r))
			}
		})
	}
}

func TestDuplicateMemberIsMalformed(t *testing.T) {
	v := newVerifier(t, Config{})
	r := v.Verify(context.Background(), []byte(`{"@context":"https://www.w3.org/ns/credentials/v2","name":"a","credentialSubject":{"id":"x","id":"y"}}`), nil)
	c, _ := r.Check(CheckParse)
	if r.Valid || c.Problem == nil || c.Problem.Type != ProblemMalformed || c.Problem.Path != "$.credentialSubject.id" {
		t.Fatal(describe(r))
	}
}

// BenchmarkVerifyDataIntegrity verifies the 1EdTech OB 3.0 vector
// credential (eddsa-rdfc-2022) with a warm verifier.
func BenchmarkVerifyDataIntegrity(b *testing.B) {
	data := spectest.Read(b, "vectors", "ob3-eddsa-rdfc-2022", "credential.signed.json")
	var doc struct {
		Proof struct {
			VerificationMethod string `json:"verificationMethod"`
		} `json:"proof"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		b.Fatal(err)
	}
	ex := ob3Example{}
	ex.Proofs = append(ex.Proofs, struct {
		VerificationMethod string `json:"verificationMethod"`
	}{doc.Proof.VerificationMethod})
	v := newVerifier(b, Config{Documents: issuerDocuments(b, []ob3Example{ex}), Now: at("2024-06-01T00:00:00Z")})
	if r := v.Verify(context.Background(), data, nil); !r.Valid {
		b.Fatal(describe(r))
	}
	b.ReportAllocs()
	for b.Loop() {
		if r := v.Verify(context.Background(), data, nil); !r.Valid {
			b.Fatal(describe(r))
		}
	}
}
