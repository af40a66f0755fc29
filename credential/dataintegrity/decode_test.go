package dataintegrity

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/laurelhq/laurel/credential/keys"
	"github.com/laurelhq/laurel/internal/jsonx"
)

// withMember returns doc (a JSON object) with "x": value added first.
func withMember(doc []byte, value string) []byte {
	i := bytes.IndexByte(doc, '{')
	return []byte(string(doc[:i+1]) + `"x": ` + value + `, ` + string(doc[i+1:]))
}

// nested returns depth objects nested in one another through "x", each
// named, so that canonicalization has no blank nodes to tell apart.
func nested(depth int) string {
	var b strings.Builder
	for i := range depth {
		fmt.Fprintf(&b, `{"id": "urn:example:%d"`, i)
		if i < depth-1 {
			b.WriteString(`, "x": `)
		}
	}
	b.WriteString(strings.Repeat("}", depth))
	return b.String()
}

func TestDecodeLimits(t *testing.T) {
	k := seededKey(t, keys.EdDSA, 1)
	signed := signT(t, credentialFor(t, k), k, SignOptions{})
	big := withMember(signed, `"`+strings.Repeat("a", 2<<20)+`"`)
	deepArrays := withMember(signed, strings.Repeat("[", 10_000)+strings.Repeat("]", 10_000))
	deepObjects := withMember(signed, nested(10_000))
	dup := withMember(signed, `1, "x": 2`)

	tests := []struct {
		name string
		doc  []byte
		want []error // every one must match
	}{
		{"2 MiB", big, []error{ErrLimitExceeded, jsonx.ErrTooLarge}},
		{"10,000 nested arrays", deepArrays, []error{ErrLimitExceeded, jsonx.ErrTooDeep}},
		{"10,000 nested objects", deepObjects, []error{ErrLimitExceeded, jsonx.ErrTooDeep}},
		{"duplicate member", dup, []error{ErrMalformed, jsonx.ErrDuplicateKey}},
	}
	ops := []struct {
		name string
		run  func(doc []byte) error
	}{
		{"Verify", func(doc []byte) error {
			rep, err := Verify(context.Background(), doc, VerifyOptions{Canonicalizer: testCanonicalizer(t), Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Verified || len(rep.Proofs) != 0 {
				t.Errorf("Verify processed the proofs: %+v", rep)
			}
			return rep.Err
		}},
		{"Sign", func(doc []byte) error {
			_, err := Sign(context.Background(), doc, k, SignOptions{Canonicalizer: testCanonicalizer(t), Now: testNow})
			return err
		}},
		{"NewTemplate", func(doc []byte) error {
			_, err := NewTemplate(context.Background(), withoutProofJSON(t, doc), nil, k, SignOptions{Canonicalizer: testCanonicalizer(t), Now: testNow})
			return err
		}},
	}
	for _, tt := range tests {
		for _, op := range ops {
			t.Run(tt.name+"/"+op.name, func(t *testing.T) {
				// Refused by the up-front check, before any decoding or
				// JSON-LD work: the sentinels below come only from it.
				err := op.run(tt.doc)
				for _, w := range tt.want {
					if !errors.Is(err, w) {
						t.Errorf("err = %v, want it to match %v", err, w)
					}
				}
				if err != nil && len(err.Error()) > 300 {
					t.Errorf("error message of %d bytes", len(err.Error()))
				}
			})
		}
	}
}

// withoutProofJSON drops the "proof" member from doc for NewTemplate,
// which refuses a proof. The document is edited as text so that what makes
// it too large or too deep survives.
func withoutProofJSON(t *testing.T, doc []byte) []byte {
	t.Helper()
	i := bytes.LastIndex(doc, []byte(`"proof"`))
	if i < 0 {
		t.Fatal("no proof")
	}
	j := bytes.LastIndexByte(doc[:i], ',')
	return append(append([]byte{}, doc[:j]...), '}')
}

// TestDecodeLimitsRaised checks that the options' Limits are the ones
// applied: a document over the defaults signs and verifies when the caller
// allows it, and is refused when not.
func TestDecodeLimitsRaised(t *testing.T) {
	k := seededKey(t, keys.EdDSA, 1)
	lim := jsonx.Limits{MaxBytes: 3 << 20, MaxDepth: 200}
	tests := []struct {
		name string
		doc  []byte
	}{
		{"2 MiB", withMember(credentialFor(t, k), `"`+strings.Repeat("a", 2<<20)+`"`)},
		{"100 deep", withMember(credentialFor(t, k), nested(100))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			signed := signT(t, tt.doc, k, SignOptions{Limits: lim})
			if rep := verifyT(t, signed, VerifyOptions{Limits: lim}); !rep.Verified {
				t.Fatalf("not verified within raised limits: %v %+v", rep.Err, rep.Proofs)
			}
			if rep := verifyT(t, signed, VerifyOptions{}); !errors.Is(rep.Err, ErrLimitExceeded) {
				t.Fatalf("default limits: err = %v, want ErrLimitExceeded", rep.Err)
			}
		})
	}
}
