package verify

import (
	"context"
	"testing"
	"time"

	"github.com/laurelhq/laurel/internal/spectest"
)

// FuzzVerify feeds arbitrary bytes to the verifier: it must never panic,
// always return a result whose checks agree with Valid, and never call a
// mutated credential valid unless its proof check passed.
func FuzzVerify(f *testing.F) {
	if spectest.Root() != "" {
		for _, p := range [][]string{
			{"vectors", "ob3-eddsa-rdfc-2022", "credential.signed.json"},
			{"vectors", "eddsa-rdfc-2022", "signedDataInt.json"},
			{"examples", "ob2", "spec-examples", "01-assertion-example.json"},
		} {
			f.Add(spectest.Read(f, p...))
		}
	}
	f.Add([]byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":"VerifiableCredential","proof":{"type":"DataIntegrityProof"}}`))
	f.Add([]byte(`{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":"https://example.org/a","verification":{"type":"hosted"}}`))
	f.Add([]byte(`https://example.org/a`))
	v, err := New(Config{Now: func() time.Time { return time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC) }})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := v.Verify(context.Background(), data, &Options{Recipient: "ada@example.com"})
		if r == nil {
			t.Fatal("nil result")
		}
		failed := len(r.Failed()) > 0
		if r.Valid == failed {
			t.Fatalf("Valid=%v but %d checks failed", r.Valid, len(r.Failed()))
		}
		if r.Valid {
			if c, ok := r.Check(CheckProof); !ok || c.Outcome != Pass {
				t.Fatalf("valid without a passing proof: %+v", r.Checks)
			}
		}
	})
}
