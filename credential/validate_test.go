package credential

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// validBase is a conformant VC 2.0 OpenBadgeCredential touching most
// classes; the table below breaks one thing at a time.
const validBase = `{
  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
  "id": "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002",
  "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "name": "Teamwork",
  "issuer": {"id": "https://example.edu/issuers/565049", "type": ["Profile"], "name": "Example University",
    "dateOfBirth": "1990-02-28", "address": {"type": ["Address"], "geo": {"type": "GeoCoordinates", "latitude": 1.5, "longitude": -2}}},
  "validFrom": "2010-01-01T00:00:00Z",
  "credentialSubject": {
    "type": ["AchievementSubject"],
    "identifier": [{"type": "IdentityObject", "identityHash": "sha256$abc", "identityType": "emailAddress", "hashed": true, "salt": "s"}],
    "result": [{"type": ["Result"], "status": "Completed", "resultDescription": "urn:uuid:f6ab24cd-86e8-4eaf-b8c6-ded74e8fd41c"}],
    "achievement": {
      "id": "https://example.edu/achievements/1",
      "type": ["Achievement"],
      "achievementType": "Badge",
      "inLanguage": "en-US",
      "criteria": {"narrative": "Nominated by peers."},
      "description": "Collaborates.",
      "name": "Teamwork",
      "image": {"id": "https://example.edu/badge.png", "type": "Image"},
      "alignment": [{"type": ["Alignment"], "targetName": "T", "targetUrl": "https://example.org/t", "targetType": "CFItem"}],
      "resultDescription": [{"id": "urn:uuid:f6ab24cd-86e8-4eaf-b8c6-ded74e8fd41c", "type": ["ResultDescription"], "name": "Grade", "resultType": "LetterGrade"}]
    }
  },
  "endorsement": [{
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    "id": "urn:uuid:1", "type": ["VerifiableCredential", "EndorsementCredential"], "name": "Endorsement",
    "issuer": "did:example:endorser", "validFrom": "2010-01-01T00:00:00+02:00",
    "credentialSubject": {"id": "https://example.edu/achievements/1", "type": ["EndorsementSubject"]}
  }],
  "proof": [{"type": "DataIntegrityProof", "created": "2010-01-01T00:00:00Z", "verificationMethod": "did:example:1#key"}]
}`

func TestValidate(t *testing.T) {
	const (
		ach = "credentialSubject.achievement."
	)
	tests := []struct {
		name string
		edit func(doc any) any
		want []Violation // only Path and Code are compared
	}{
		{"valid", nil, nil},
		{"missing criteria", del(ach + "criteria"),
			[]Violation{{Path: "$.credentialSubject.achievement.criteria", Code: CodeRequired}}},
		{"missing validFrom", del("validFrom"), []Violation{{Path: "$.validFrom", Code: CodeRequired}}},
		{"name is a number", set("name", json.Number("5")), []Violation{{Path: "$.name", Code: CodeType}}},
		{"single type in VC 2.0", set(ach+"type", "Achievement"),
			[]Violation{{Path: "$.credentialSubject.achievement.type", Code: CodeType}}},
		{"empty type", set(ach+"type", []any{}), []Violation{{Path: "$.credentialSubject.achievement.type", Code: CodeMinItems}}},
		{"type lacks its class", set(ach+"type", []any{"Thing"}),
			[]Violation{{Path: "$.credentialSubject.achievement.type", Code: CodeTypeValue}}},
		{"credential type lacks OpenBadgeCredential", set("type", []any{"VerifiableCredential"}),
			[]Violation{{Path: "$.type", Code: CodeTypeValue}}},
		{"type item not a string", set("type", []any{"VerifiableCredential", "OpenBadgeCredential", true}),
			[]Violation{{Path: "$.type[2]", Code: CodeType}}},
		{"unknown achievementType", set(ach+"achievementType", "Trophy"),
			[]Violation{{Path: "$.credentialSubject.achievement.achievementType", Code: CodeEnum}}},
		{"extension achievementType", set(ach+"achievementType", "ext:Trophy"), nil},
		{"unknown result status", set("credentialSubject.result.0.status", "Done"),
			[]Violation{{Path: "$.credentialSubject.result[0].status", Code: CodeEnum}}},
		{"date without zone", set("validFrom", "2010-01-01T00:00:00"), []Violation{{Path: "$.validFrom", Code: CodeDateTime}}},
		{"impossible date", set("validFrom", "2010-02-29T00:00:00Z"), []Violation{{Path: "$.validFrom", Code: CodeDateTime}}},
		{"bad dateOfBirth", set("issuer.dateOfBirth", "28/02/1990"), []Violation{{Path: "$.issuer.dateOfBirth", Code: CodeDate}}},
		{"issuer is a number", set("issuer", json.Number("1")), []Violation{{Path: "$.issuer", Code: CodeType}}},
		{"issuer URI", set("issuer", "did:example:1"), nil},
		{"issuer not a URI", set("issuer", "Example University"), []Violation{{Path: "$.issuer", Code: CodeURI}}},
		{"identity object extra member", set("credentialSubject.identifier.0.extra", "x"),
			[]Violation{{Path: "$.credentialSubject.identifier[0].extra", Code: CodeUnknownMember}}},
		{"hashed not boolean", set("credentialSubject.identifier.0.hashed", "true"),
			[]Violation{{Path: "$.credentialSubject.identifier[0].hashed", Code: CodeType}}},
		{"bad language", set(ach+"inLanguage", "English"),
			[]Violation{{Path: "$.credentialSubject.achievement.inLanguage", Code: CodePattern}}},
		{"image as a string", set(ach+"image", "https://example.edu/badge.png"),
			[]Violation{{Path: "$.credentialSubject.achievement.image", Code: CodeType}}},
		{"first context", set("@context.0", "https://www.w3.org/ns/credentials/v3"), []Violation{{Path: "$.@context[0]", Code: CodeContext}}},
		{"one context", set("@context", []any{ContextVC2}), []Violation{{Path: "$.@context", Code: CodeMinItems}}},
		{"geo latitude string", set("issuer.address.geo.latitude", "1.5"),
			[]Violation{{Path: "$.issuer.address.geo.latitude", Code: CodeType}}},
		{"endorsement without name", del("endorsement.0.name"), []Violation{{Path: "$.endorsement[0].name", Code: CodeRequired}}},
		{"single proof object", set("proof", map[string]any{"type": "DataIntegrityProof"}), nil},
		{"proof is a string", set("proof", "z3FXQ"), []Violation{{Path: "$.proof", Code: CodeType}}},
		{"two problems", func(d any) any { return del("name")(set(ach+"name", nil)(del(ach + "criteria")(d))) },
			[]Violation{{Path: "$.credentialSubject.achievement.criteria", Code: CodeRequired},
				{Path: "$.credentialSubject.achievement.name", Code: CodeType}}},
		{"VC 1.1 credential", toVC1, nil},
		{"VC 1.1 without issuanceDate", func(d any) any { return del("issuanceDate")(toVC1(d)) },
			[]Violation{{Path: "$.issuanceDate", Code: CodeRequired}}},
		{"VC 1.1 bad expirationDate", func(d any) any { return set("expirationDate", "soon")(toVC1(d)) },
			[]Violation{{Path: "$.expirationDate", Code: CodeDateTime}}},
		{"endorsement judged by its own context", func(d any) any { return del("endorsement.0.validFrom")(toVC1(d)) },
			[]Violation{{Path: "$.endorsement[0].validFrom", Code: CodeRequired}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := decodeGeneric(t, []byte(validBase))
			if tc.edit != nil {
				doc = tc.edit(doc)
			}
			data, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			err = Validate(data, ValidateOptions{})
			var got []Violation
			var ve *ValidationError
			switch {
			case err == nil:
			case errors.As(err, &ve):
				if !errors.Is(err, ErrNotConformant) {
					t.Error("error does not wrap ErrNotConformant")
				}
				got = ve.Violations
			default:
				t.Fatalf("Validate: %v", err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d violations %v, want %v", len(got), got, tc.want)
			}
			for i := range got {
				if got[i].Path != tc.want[i].Path || got[i].Code != tc.want[i].Code || got[i].Message == "" {
					t.Errorf("violation %d = %+v, want path %s code %s", i, got[i], tc.want[i].Path, tc.want[i].Code)
				}
			}
		})
	}
}

// toVC1 rewrites validBase in VC 1.1 terms with single-string types and a
// single proof object (the endorsement stays VC 2.0).
func toVC1(d any) any {
	d = set("@context.0", ContextVC1)(d)
	d = del("validFrom")(d)
	d = set("issuanceDate", "2010-01-01T00:00:00Z")(d)
	d = set("credentialSubject.type", "AchievementSubject")(d)
	d = set("issuer.type", "Profile")(d)
	return set("proof", map[string]any{"type": "Ed25519Signature2020"})(d)
}

// pathOf splits "a.b.0.c" into map keys and array indexes.
func pathOf(dotted string) []any {
	var p []any
	for _, s := range strings.Split(dotted, ".") {
		if n, err := json.Number(s).Int64(); err == nil {
			p = append(p, int(n))
		} else {
			p = append(p, s)
		}
	}
	return p
}

func set(dotted string, v any) func(any) any {
	return func(d any) any { return setAt(d, pathOf(dotted), v) }
}

func del(dotted string) func(any) any {
	return func(d any) any { return deleteAt(d, pathOf(dotted)) }
}

func TestValidateInput(t *testing.T) {
	var je *JSONError
	if err := Validate([]byte(`{"a":1,"a":2}`), ValidateOptions{}); !errors.As(err, &je) || !errors.Is(err, ErrDuplicateKey) {
		t.Errorf("duplicate key: %v", err)
	}
	if err := Validate([]byte(`{`), ValidateOptions{}); !errors.Is(err, ErrSyntax) {
		t.Errorf("syntax: %v", err)
	}
	if err := Validate([]byte(validBase), ValidateOptions{Limits: Limits{MaxBytes: 100}}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("limit: %v", err)
	}
	var ve *ValidationError
	if err := Validate([]byte(`[]`), ValidateOptions{}); !errors.As(err, &ve) || ve.Violations[0].Path != "$" || ve.Violations[0].Code != CodeType {
		t.Errorf("array: %v", err)
	}
	// Many violations are capped.
	many := `{"credentialSubject":{"type":["AchievementSubject"],"achievement":{},"result":[` +
		strings.Repeat(`{},`, 50) + `{}]}}`
	err := Validate([]byte(many), ValidateOptions{MaxViolations: 10})
	if !errors.As(err, &ve) || len(ve.Violations) != 10 || !ve.Truncated || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("truncation: %v", err)
	}
}

func TestValidateProfile(t *testing.T) {
	if err := ValidateProfile([]byte(`{"id":"https://example.edu/issuers/1","type":["Profile"],"dateOfBirth":"2000-01-01"}`), ValidateOptions{}); err != nil {
		t.Errorf("valid profile: %v", err)
	}
	err := ValidateProfile([]byte(`{"id":"https://example.edu/issuers/1","type":"Profile"}`), ValidateOptions{})
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Violations) != 1 || ve.Violations[0].Path != "$.type" {
		t.Errorf("string type: %v", err)
	}
}

func TestBuilderOutputConforms(t *testing.T) {
	for _, hashed := range []bool{true, false} {
		req := fixedRequest()
		req.Hashed = hashed
		c, err := NewOpenBadgeCredential(req)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		if err := Validate(b, ValidateOptions{}); err != nil {
			t.Errorf("hashed=%v: the issuance builder's credential does not conform: %v", hashed, err)
		}
	}
}

func TestIsDateTime(t *testing.T) {
	for s, want := range map[string]bool{
		"2010-01-01T00:00:00Z":          true,
		"2010-01-01t00:00:00z":          true,
		"2010-01-01T00:00:00.123+02:00": true,
		"2016-12-31T23:59:60Z":          true,  // a leap second at 23:59:60 UTC
		"2016-12-31T15:59:60-08:00":     true,  // the same leap second
		"2016-12-31T23:58:60Z":          false, // not at the end of a UTC day
		"2010-01-01T00:00:00":           false,
		"2010-01-01 00:00:00Z":          false,
		"2010-01-01":                    false,
		"2010-02-29T00:00:00Z":          false,
		"2012-02-29T00:00:00Z":          true,
		"2010-01-01T24:00:00Z":          false,
		"2010-01-01T00:00:00.Z":         false,
		"2010-01-01T00:00:00+0200":      false,
		"2010-01-01T00:00:00+24:00":     false,
		"+010-01-01T00:00:00Z":          false,
	} {
		if got := isDateTime(s); got != want {
			t.Errorf("isDateTime(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestIsAbsoluteURI(t *testing.T) {
	for s, want := range map[string]bool{
		"https://example.edu/issuers/565049":            true,
		"urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002": true,
		"did:key:z6Mk#z6Mk":                             true,
		"data:image/png;base64,iVBORw0KGgo=":            true,
		"https://example.org/é":                         true, // an IRI
		"https://example.org/a%20b":                     true,
		"mailto:a@example.org":                          true,
		"":                                              false,
		"/relative":                                     false,
		"no scheme":                                     false,
		"https://example.org/a b":                       false,
		"https://example.org/%zz":                       false,
		"https://example.org/%2":                        false,
		"1http://x":                                     false,
		"https://x/#a#b":                                false,
		"https://x/<b>":                                 false,
	} {
		if got := isAbsoluteURI(s); got != want {
			t.Errorf("isAbsoluteURI(%q) = %v, want %v", s, got, want)
		}
	}
}
