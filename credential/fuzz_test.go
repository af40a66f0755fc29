package credential

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/laurelhq/laurel/internal/spectest"
)

// addSpecSeeds adds a few spec documents to the corpus when present.
func addSpecSeeds(f *testing.F, rel ...string) {
	root := spectest.Root()
	if root == "" {
		return
	}
	for _, r := range rel {
		if b, err := os.ReadFile(filepath.Join(root, r)); err == nil {
			f.Add(b)
		}
	}
}

// fuzzRoundTrip checks that an accepted document marshals to an equal JSON
// value and that parse → marshal → parse → marshal is stable.
func fuzzRoundTrip[T any](t *testing.T, data []byte, parse func([]byte, ParseOptions) (*T, error), opts ParseOptions) {
	v, err := parse(data, opts)
	if err != nil {
		return
	}
	out1, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	if !jsonEqual(t, data, out1) {
		t.Fatalf("not lossless:\n in: %s\nout: %s", data, out1)
	}
	v2, err := parse(out1, opts)
	if err != nil {
		t.Fatalf("re-parse of %s: %v", out1, err)
	}
	out2, err := json.Marshal(v2)
	if err != nil {
		t.Fatalf("marshal 2: %v", err)
	}
	if !bytes.Equal(out1, out2) {
		t.Fatalf("unstable:\n%s\n%s", out1, out2)
	}
}

func FuzzParseCredential(f *testing.F) {
	for _, s := range []string{
		`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":"VerifiableCredential","issuer":"did:example:1"}`,
		`{"issuer":{"id":"x","name":"n","x":[1,{"y":null}]},"credentialSubject":{"achievement":{"tag":["a"],"creditsAvailable":1.50}}}`,
		`{"proof":{"type":"DataIntegrityProof"},"credentialStatus":[{"id":"s"}],"name":"\u00e9\u003c"}`,
		`{"name":5,"issuer":[],"validFrom":null}`,
		`{"endorsement":[{"type":["EndorsementCredential"],"credentialSubject":{"endorsementComment":"ok"}}]}`,
	} {
		f.Add([]byte(s))
	}
	addSpecSeeds(f, "vectors/ob3-eddsa-rdfc-2022/credential.signed.json",
		"examples/ob3/spec-2024-04-03-v1.0.14-vc2-ctx3.0.3-eddsa-rdfc-2022/complete-openbadgecredential.signed-di.json")
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRoundTrip(t, data, ParseCredential, ParseOptions{})
		fuzzRoundTrip(t, data, ParseCredential, ParseOptions{KeepMistyped: true})
	})
}

func FuzzParseAssertion(f *testing.F) {
	for _, s := range []string{
		`{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":"x","recipient":{"type":"email","hashed":true,"salt":"s","identity":"sha256$00"},"issuedOn":"2016-12-31T23:59:59Z","badge":"b","verification":{"type":"hosted"}}`,
		`{"uid":"f2c20","recipient":{"type":"email","hashed":true,"salt":"deadsea","identity":"sha256$c7"},"issuedOn":1359217910,"badge":"b","verify":{"type":"hosted","url":"u"}}`,
		`{"recipient":"sha256$ab","salt":"s","issued_on":"2013-01-02","badge":{"name":"B","issuer":{"origin":"o"}}}`,
		`{"evidence":["e",{"id":"f","narrative":"n"}],"image":{"id":"i"},"badge":{"alignment":{"targetName":"t"},"version":1.0}}`,
	} {
		f.Add([]byte(s))
	}
	addSpecSeeds(f, "examples/ob2/spec-examples/main-01-introduction.json", "examples/ob1/assertion-hosted.json")
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRoundTrip(t, data, ParseAssertion, ParseOptions{})
		a, err := ParseAssertion(data, ParseOptions{KeepMistyped: true})
		if err != nil {
			return
		}
		if up, err := UpgradeOBI1(a); err == nil {
			// The upgrade must itself be a stable, parseable document.
			b, err := json.Marshal(up)
			if err != nil {
				t.Fatalf("marshal upgrade: %v", err)
			}
			fuzzRoundTrip(t, b, ParseAssertion, ParseOptions{KeepMistyped: true})
		}
	})
}
