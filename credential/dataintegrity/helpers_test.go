package dataintegrity

import (
	"context"
	"crypto"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/laurelhq/laurel/credential/keys"
	"github.com/laurelhq/laurel/internal/jsonx"
	"github.com/laurelhq/laurel/internal/spectest"
)

// specDocuments maps every context URL of the shared spec's index to the
// file's bytes (tests only: the project ships its own contexts).
func specDocuments(tb testing.TB) map[string][]byte {
	tb.Helper()
	dir := spectest.Dir(tb, "contexts")
	var index map[string]string
	if err := json.Unmarshal(spectest.Read(tb, "contexts", "index.json"), &index); err != nil {
		tb.Fatal(err)
	}
	docs := make(map[string][]byte, len(index))
	for u, f := range index {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f)))
		if err != nil {
			tb.Fatal(err)
		}
		docs[u] = b
	}
	return docs
}

var (
	canonOnce sync.Once
	canonVal  *Canonicalizer
	canonErr  error
)

// testCanonicalizer is shared by the package's tests so contexts are
// processed once.
func testCanonicalizer(tb testing.TB) *Canonicalizer {
	tb.Helper()
	docs := specDocuments(tb)
	canonOnce.Do(func() { canonVal, canonErr = NewCanonicalizer(CanonicalizerOptions{Documents: docs}) })
	if canonErr != nil {
		tb.Fatal(canonErr)
	}
	return canonVal
}

// fragmentResolver resolves URL#<multibase> methods to the key in the
// fragment, controlled by the URL, the way the OB 3.0 spec examples publish
// their keys.
type fragmentResolver struct{}

func (fragmentResolver) ResolveMethod(_ context.Context, id string) (*keys.VerificationMethod, error) {
	base, frag, ok := strings.Cut(id, "#")
	if !ok {
		return nil, fmt.Errorf("no fragment in %s", id)
	}
	pub, err := keys.DecodePublicKeyMultibase(frag)
	if err != nil {
		return nil, err
	}
	return &keys.VerificationMethod{ID: id, Type: "Multikey", Controller: base, PublicKey: pub}, nil
}

func fixedClock(s string) func() time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return func() time.Time { return t }
}

func readSpec(tb testing.TB, rel string) []byte {
	tb.Helper()
	return spectest.Read(tb, append([]string{"vectors"}, strings.Split(rel, "/")...)...)
}

func mustDecode(tb testing.TB, b []byte) map[string]any {
	tb.Helper()
	m, err := decode(b, jsonx.Limits{})
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

func signerFrom(tb testing.TB, keyFile []byte) crypto.Signer {
	tb.Helper()
	_, _, s, err := keys.ParseMultikey(keyFile)
	if err != nil || s == nil {
		tb.Fatalf("key: %v", err)
	}
	return s
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }
