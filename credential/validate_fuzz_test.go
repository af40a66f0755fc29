package credential

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

var allCodes = []Code{CodeRequired, CodeType, CodeMinItems, CodeTypeValue, CodeEnum, CodeContext,
	CodeDateTime, CodeDate, CodePattern, CodeUnknownMember, CodeURI}

// FuzzValidate: Validate never panics, always answers nil, *JSONError or a
// well-formed *ValidationError, answers the same twice, and a document it
// accepts is one ParseCredential reads.
func FuzzValidate(f *testing.F) {
	f.Add([]byte(validBase))
	for _, s := range []string{
		`{}`, `[]`, `null`, `"x"`, `{"@context":5,"type":{},"credentialSubject":[],"issuer":null}`,
		`{"@context":["https://www.w3.org/2018/credentials/v1",{}],"type":"VerifiableCredential","proof":{"type":1}}`,
		`{"type":["EndorsementCredential"],"credentialSubject":{"type":"EndorsementSubject"},"endorsement":[{"endorsement":[{}]}]}`,
		`{"credentialSubject":{"achievement":{"resultDescription":[{"rubricCriterionLevel":[{"alignment":[{}]}]}]},"identifier":[{"x":1}]}}`,
		`{"validFrom":"2016-12-31T23:59:60Z","validUntil":"2016-12-31T23:59:60+01:00","issuer":"a b"}`,
	} {
		f.Add([]byte(s))
	}
	addSpecSeeds(f, "vectors/ob3-eddsa-rdfc-2022/credential.signed.json",
		"examples/ob3/spec-2024-04-03-v1.0.14-vc2-ctx3.0.3-eddsa-rdfc-2022/complete-openbadgecredential.signed-di.json",
		"examples/ob3/spec-2022-12-15-v1.0-vc1-ctx3.0.0-ed25519signature2020/complete-openbadgecredential.unsigned.json")
	f.Fuzz(func(t *testing.T, data []byte) {
		opts := ValidateOptions{MaxViolations: 50}
		err := Validate(data, opts)
		var je *JSONError
		var ve *ValidationError
		switch {
		case err == nil:
			if _, perr := ParseCredential(data, ParseOptions{}); perr != nil {
				t.Fatalf("conformant but ParseCredential fails: %v", perr)
			}
		case errors.As(err, &je):
		case errors.As(err, &ve):
			if len(ve.Violations) == 0 || len(ve.Violations) > opts.MaxViolations {
				t.Fatalf("%d violations", len(ve.Violations))
			}
			for _, v := range ve.Violations {
				if !strings.HasPrefix(v.Path, "$") || v.Message == "" || !isKnownCode(v.Code) {
					t.Fatalf("malformed violation %+v", v)
				}
			}
		default:
			t.Fatalf("unexpected error type %T: %v", err, err)
		}
		if again := Validate(data, opts); !reflect.DeepEqual(err, again) {
			t.Fatalf("not deterministic:\n%v\n%v", err, again)
		}
		_ = ValidateProfile(data, opts)
	})
}

func isKnownCode(c Code) bool {
	for _, k := range allCodes {
		if k == c {
			return true
		}
	}
	return false
}
