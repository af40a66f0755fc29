package dataintegrity

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"testing"

	"github.com/laurelhq/laurel/internal/spectest"
)

type ob3Entry struct {
	File   string `json:"file"`
	Form   string `json:"form"`
	Proofs []struct {
		Type        string `json:"type"`
		Cryptosuite string `json:"cryptosuite"`
	} `json:"proofs"`
}

func ob3EmbeddedProofExamples(t *testing.T) []ob3Entry {
	t.Helper()
	var index []ob3Entry
	if err := json.Unmarshal(spectest.Read(t, "examples", "ob3", "index.json"), &index); err != nil {
		t.Fatal(err)
	}
	var out []ob3Entry
	for _, e := range index {
		if e.Form == "embedded-proof" {
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		t.Fatal("no embedded-proof examples in index.json")
	}
	return out
}

// mutateSignedContent changes one byte of the credential's first string
// value that is signed content: the top-level name, else the first
// credentialSubject id-like string.
var nameValue = regexp.MustCompile(`(?m)^\s{1,8}"name"\s*:\s*"([A-Za-z])`)
var anyIssuanceDate = regexp.MustCompile(`"(issuanceDate|validFrom)"\s*:\s*"\d\d\d([0-9])`)

func mutateSignedContent(t *testing.T, doc []byte) []byte {
	t.Helper()
	out := bytes.Clone(doc)
	if m := nameValue.FindSubmatchIndex(out); m != nil {
		out[m[2]] ^= 0x20 // toggle the letter's case
		return out
	}
	if m := anyIssuanceDate.FindSubmatchIndex(out); m != nil {
		if out[m[4]] == '9' {
			out[m[4]] = '8'
		} else {
			out[m[4]]++
		}
		return out
	}
	t.Fatal("nothing to mutate")
	return nil
}

// TestOB3SpecExamples verifies every embedded-proof OB 3.0 spec example
// (Ed25519Signature2020, eddsa-2022, eddsa-rdfc-2022) with the issuer's key
// taken from the verificationMethod fragment, and checks that a one-byte
// change to the signed content fails with ErrSignature.
func TestOB3SpecExamples(t *testing.T) {
	c := testCanonicalizer(t)
	ctx := context.Background()
	opts := VerifyOptions{Resolver: fragmentResolver{}, Canonicalizer: c, Now: fixedClock("2026-01-01T00:00:00Z")}
	for _, e := range ob3EmbeddedProofExamples(t) {
		t.Run(e.File, func(t *testing.T) {
			doc := spectest.Read(t, "examples", "ob3", e.File)
			rep, err := Verify(ctx, doc, opts)
			if err != nil {
				t.Fatal(err)
			}
			if !rep.Verified {
				t.Fatalf("not verified: %v %+v", rep.Err, rep.Proofs)
			}
			if got, want := rep.Proofs[0].Cryptosuite, e.Proofs[0].Cryptosuite; got != want {
				t.Errorf("cryptosuite %q, index says %q", got, want)
			}
			rep, err = Verify(ctx, mutateSignedContent(t, doc), opts)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Verified || len(rep.Proofs) == 0 || !errors.Is(rep.Proofs[0].Err, ErrSignature) {
				t.Errorf("mutated document: verified=%v %v %+v", rep.Verified, rep.Err, rep.Proofs)
			}
		})
	}
}
