package credential

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/laurelhq/laurel/internal/spectest"
)

func TestParseCredentialFields(t *testing.T) {
	in := spectest.Read(t, "examples", "ob3", "spec-2024-04-03-v1.0.14-vc2-ctx3.0.3-eddsa-rdfc-2022", "complete-openbadgecredential.signed-di.json")
	c, err := ParseCredential(in, ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if string(c.Raw()) != strings.TrimSpace(string(in)) && string(c.Raw()) != string(in) {
		t.Error("Raw() is not the input")
	}
	checks := []struct {
		name     string
		got, exp any
	}{
		{"context", ContextIRIs(c.Context), []string{ContextVC2, ContextOB30, "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"}},
		{"type", c.Type.Has("OpenBadgeCredential"), true},
		{"endorsement?", c.IsEndorsement(), false},
		{"issuer name", c.Issuer.Object.Name, "1EdTech University"},
		{"issuer address", c.Issuer.Object.Address.PostalCode, "12345"},
		{"issuer geo", c.Issuer.Object.Address.Geo.Latitude, json.Number("1")},
		{"subject id", c.CredentialSubject.ID, "did:example:ebfeb1f712ebc6f1c276e12ec21"},
		{"credits", c.CredentialSubject.CreditsEarned, json.Number("42")},
		{"identifier", c.CredentialSubject.Identifier[1].IdentityHash, "somebody@gmail.com"},
		{"achievement", c.CredentialSubject.Achievement.Name, "1EdTech University Degree"},
		{"criteria", c.CredentialSubject.Achievement.Criteria.Object.Narrative, "# Degree Requirements\nStudents must complete..."},
		{"rubric", c.CredentialSubject.Achievement.ResultDescription[1].RubricCriterionLevel[0].Level, "Mastered"},
		{"result", c.CredentialSubject.Result[2].Status, "Completed"},
		{"alignment", c.CredentialSubject.Achievement.Alignment[1].TargetType, "CTDL"},
		{"evidence", c.Evidence[1].ID, "https://github.com/somebody/project"},
		{"schema", c.CredentialSchema.First().Type, "1EdTechJsonSchemaValidator2019"},
		{"status", c.CredentialStatus.First().Type, "1EdTechRevocationList"},
		{"refresh", c.RefreshService.Array, false},
		{"proofs", c.Proof.Len(), 1},
		{"proof array", c.Proof.Array, true},
		{"endorsements", c.Endorsement[0].Issuer.Object.Name, "Example Accrediting Agency"},
		{"extra", len(c.Extra) + len(c.CredentialSubject.Extra) + len(c.CredentialSubject.Achievement.Extra), 0},
	}
	for _, ck := range checks {
		gb, _ := json.Marshal(ck.got)
		eb, _ := json.Marshal(ck.exp)
		if string(gb) != string(eb) {
			t.Errorf("%s = %s, want %s", ck.name, gb, eb)
		}
	}
	// An embedded endorsement keeps its own bytes, which its proof signs.
	e := c.Endorsement[0]
	if !strings.HasPrefix(string(e.Raw()), "{") || !jsonEqual(t, e.Raw(), mustMarshal(t, e)) {
		t.Errorf("endorsement Raw() = %.60s…", e.Raw())
	}
	from, until, err := c.Validity()
	if err != nil || !from.Equal(time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)) || !until.Equal(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Validity = %v %v %v", from, until, err)
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestVC11Dates(t *testing.T) {
	in := `{"@context":["https://www.w3.org/2018/credentials/v1"],"type":"VerifiableCredential",
		"issuer":"did:example:1","issuanceDate":"2020-05-01T10:00:00.5+02:00","expirationDate":"2021-01-01T00:00:00Z",
		"credentialSubject":{"id":"did:example:2"}}`
	c, err := ParseCredential([]byte(in), ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	from, until, err := c.Validity()
	if err != nil {
		t.Fatal(err)
	}
	if !from.Equal(time.Date(2020, 5, 1, 8, 0, 0, 5e8, time.UTC)) || until.Year() != 2021 {
		t.Errorf("Validity = %v %v", from, until)
	}
	if c.Issuer.ID != "did:example:1" || c.Issuer.Object != nil || c.Type.Array {
		t.Errorf("issuer %+v type %+v", c.Issuer, c.Type)
	}
	out := mustMarshal(t, c)
	if !strings.Contains(string(out), `"issuanceDate":"2020-05-01T10:00:00.5+02:00"`) || strings.Contains(string(out), "validFrom") {
		t.Errorf("VC 1.1 names not kept: %s", out)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		opts ParseOptions
		want error
		path string
	}{
		{"duplicate", `{"credentialSubject":{"achievement":{"name":"a","name":"b"}}}`, ParseOptions{}, ErrDuplicateKey, "$.credentialSubject.achievement.name"},
		{"utf8", "{\"name\":\"\xff\"}", ParseOptions{}, ErrInvalidUTF8, "$.name"},
		{"surrogate", `{"proof":[{"proofValue":"\udead"}]}`, ParseOptions{}, ErrInvalidUTF8, "$.proof[0].proofValue"},
		{"too large", `{"name":"0123456789"}`, ParseOptions{Limits: Limits{MaxBytes: 10}}, ErrTooLarge, "$"},
		{"too deep", `{"credentialSubject":{"achievement":{"x":[[[]]]}}}`, ParseOptions{Limits: Limits{MaxDepth: 4}}, ErrTooDeep, "$.credentialSubject.achievement.x[0]"},
		{"syntax", `{"name":}`, ParseOptions{}, ErrSyntax, "$.name"},
		{"not an object", `[]`, ParseOptions{}, ErrWrongType, "$"},
		{"wrong type", `{"credentialSubject":{"achievement":{"name":5}}}`, ParseOptions{}, ErrWrongType, "$.credentialSubject.achievement.name"},
		{"wrong type in array", `{"evidence":[{},{"name":["x"]}]}`, ParseOptions{}, ErrWrongType, "$.evidence[1].name"},
		{"wrong type in proof list", `{"credentialSchema":[{"id":1}]}`, ParseOptions{}, ErrWrongType, "$.credentialSchema[0].id"},
		{"issuer number", `{"issuer":5}`, ParseOptions{}, ErrWrongType, "$.issuer"},
		{"null string", `{"name":null}`, ParseOptions{}, ErrWrongType, "$.name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCredential([]byte(tt.in), tt.opts)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var je *JSONError
			if !errors.As(err, &je) || je.Path != tt.path {
				t.Fatalf("err = %#v, want path %s", err, tt.path)
			}
			if je.Offset < 0 || je.Offset > int64(len(tt.in)) {
				t.Errorf("offset %d outside the input", je.Offset)
			}
		})
	}
}

func TestWrongTypeOffset(t *testing.T) {
	in := `{"credentialSubject": {"achievement": {"name": 5}}}`
	_, err := ParseCredential([]byte(in), ParseOptions{})
	var je *JSONError
	if !errors.As(err, &je) || je.Offset != int64(strings.Index(in, "5")) {
		t.Fatalf("err = %v", err)
	}
}

func TestKeepMistyped(t *testing.T) {
	in := `{"name":5,"credentialSubject":{"achievement":{"name":null,"criteria":"https://x"}},"issuer":5}`
	c, err := ParseCredential([]byte(in), ParseOptions{KeepMistyped: true})
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "" || string(c.Extra["name"]) != "5" || string(c.CredentialSubject.Achievement.Extra["name"]) != `null` || c.CredentialSubject.Achievement.Criteria.ID != "https://x" {
		t.Errorf("mistyped members not kept: %+v", c.Extra)
	}
	if out := mustMarshal(t, c); !jsonEqual(t, []byte(in), out) {
		t.Errorf("round trip: %s", out)
	}
}

func TestEditAndMarshal(t *testing.T) {
	in := `{"z":1,"name":"a","hashed":false,"type":"IdentityObject","identityHash":"x"}`
	var o IdentityObject
	if err := json.Unmarshal([]byte(in), &o); err != nil {
		t.Fatal(err)
	}
	if o.Type != "IdentityObject" || o.IdentityHash != "x" || string(o.Extra["z"]) != "1" {
		t.Fatalf("decoded %+v", o)
	}
	o.Salt = "s"                                       // new typed member: after the original ones
	o.IdentityHash = "y"                               // changed in place
	_ = o.SetExtra("ext:b", []int{1})                  // new extension member: last
	o.Delete("name")                                   // removed
	if err := o.SetExtra("ext:a", "<&>"); err != nil { // no HTML escaping
		t.Fatal(err)
	}
	b, err := o.MarshalJSON() // json.Marshal would HTML-escape the result
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	want := `{"z":1,"hashed":false,"type":"IdentityObject","identityHash":"y","salt":"s","ext:a":"<&>","ext:b":[1]}`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if strings.Join(o.Keys(), ",") != "z,hashed,type,identityHash" {
		t.Errorf("Keys = %v", o.Keys())
	}
}

func TestOneOrManyRef(t *testing.T) {
	for _, in := range []string{`"a"`, `["a"]`, `["a","b"]`, `[]`} {
		var v Types
		if err := json.Unmarshal([]byte(in), &v); err != nil {
			t.Fatal(err)
		}
		if got := string(mustMarshal(t, v)); got != in {
			t.Errorf("%s -> %s", in, got)
		}
	}
	for _, in := range []string{`"https://x/i"`, `{"id":"https://x/i","name":"I"}`} {
		var r Ref[Profile]
		if err := json.Unmarshal([]byte(in), &r); err != nil {
			t.Fatal(err)
		}
		if got := string(mustMarshal(t, r)); got != in {
			t.Errorf("%s -> %s", in, got)
		}
	}
	var r Ref[Profile]
	if err := json.Unmarshal([]byte(`[1]`), &r); !errors.Is(err, ErrWrongType) {
		t.Errorf("Ref from array: %v", err)
	}
}

func TestInstant(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{`1359217910`, time.Unix(1359217910, 0).UTC()},
		{`"2016-12-31T23:59:59Z"`, time.Date(2016, 12, 31, 23, 59, 59, 0, time.UTC)},
		{`"2016-12-31T23:59:59+00:00"`, time.Date(2016, 12, 31, 23, 59, 59, 0, time.UTC)},
		{`"2013-01-02"`, time.Date(2013, 1, 2, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		var i Instant
		if err := json.Unmarshal([]byte(tt.in), &i); err != nil {
			t.Fatal(err)
		}
		got, err := i.Time()
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("%s: %v %v", tt.in, got, err)
		}
		if out := string(mustMarshal(t, i)); out != tt.in {
			t.Errorf("%s -> %s", tt.in, out)
		}
	}
	if _, err := (Instant{raw: []byte(`1e300`)}).Time(); err == nil {
		t.Error("huge timestamp accepted")
	}
}

func TestStringOrObjectOB3(t *testing.T) {
	in := `{"image":"https://x/i.png","credentialSubject":{"achievement":{"criteria":"https://x/c","image":{"id":"https://x/a.png","type":"Image"}}}}`
	c, err := ParseCredential([]byte(in), ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a := c.CredentialSubject.Achievement
	if c.Image.ID != "https://x/i.png" || a.Criteria.ID != "https://x/c" || a.Image.Object.Type != "Image" {
		t.Errorf("image %+v criteria %+v achievement image %+v", c.Image, a.Criteria, a.Image)
	}
	if out := mustMarshal(t, c); !jsonEqual(t, []byte(in), out) {
		t.Errorf("round trip: %s", out)
	}
}

func TestSurroundingWhiteSpace(t *testing.T) {
	in := " \n\t{\"name\": \"x\", \"type\": [\"VerifiableCredential\"]}\r\n "
	c, err := ParseCredential([]byte(in), ParseOptions{})
	if err != nil || c.Name != "x" || string(c.Raw()) != strings.TrimSpace(in) {
		t.Fatalf("%+v %v", c, err)
	}
	var ty Types
	if err := json.Unmarshal([]byte(" [\"a\"] "), &ty); err != nil || !ty.Has("a") {
		t.Fatalf("%+v %v", ty, err)
	}
}

func TestUnmarshalResets(t *testing.T) {
	p := Profile{Name: "old", Email: "old@example.org"}
	if err := json.Unmarshal([]byte(`{"name":"new"}`), &p); err != nil {
		t.Fatal(err)
	}
	if p.Name != "new" || p.Email != "" {
		t.Errorf("stale fields: %+v", p)
	}
}

func TestBuilderCriteriaIRI(t *testing.T) {
	r := fixedRequest()
	r.Achievement.Criteria = RefTo[Criteria]("https://example.edu/criteria")
	c, err := NewOpenBadgeCredential(r)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(mustMarshal(t, c.CredentialSubject.Achievement.Criteria)); got != `{"id":"https://example.edu/criteria"}` {
		t.Errorf("criteria = %s", got)
	}
}
