package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/laurelhq/laurel/internal/spectest"
)

// TestSignReproducesVectors runs laurel sign with each published vector's
// key and proof options and requires the vector's exact proofValue
// (eddsa-rdfc-2022 and Ed25519Signature2020 are deterministic).
func TestSignReproducesVectors(t *testing.T) {
	tests := []struct {
		name                          string
		dir                           string
		key, unsigned, config, signed string
		suite                         string
	}{
		{"eddsa-rdfc-2022 (W3C)", "eddsa-rdfc-2022", "keyPair.json", "unsigned.json", "proofConfigDataInt.json", "signedDataInt.json", ""},
		{"Ed25519Signature2020 (W3C)", "ed25519-signature-2020", "keyPair.json", "unsigned.json", "proofConfigEdSig.json", "signedEdSig.json", "Ed25519Signature2020"},
		{"eddsa-rdfc-2022 (1EdTech OB 3.0)", "ob3-eddsa-rdfc-2022", "key-pair.json", "credential.unsigned.json", "proof-options.json", "credential.signed.json", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := spectest.Dir(t, "vectors", tt.dir)
			var config struct {
				Context            any    `json:"@context"`
				Created            string `json:"created"`
				VerificationMethod string `json:"verificationMethod"`
			}
			if err := json.Unmarshal(spectest.Read(t, "vectors", tt.dir, tt.config), &config); err != nil {
				t.Fatal(err)
			}
			unsigned := string(spectest.Read(t, "vectors", tt.dir, tt.unsigned))
			if tt.suite == "Ed25519Signature2020" {
				// The signed vector carries the suite context its unsigned
				// input lacks; the proof options name it.
				var doc map[string]any
				if err := json.Unmarshal([]byte(unsigned), &doc); err != nil {
					t.Fatal(err)
				}
				doc["@context"] = config.Context
				b, _ := json.Marshal(doc)
				unsigned = string(b)
			}
			args := []string{"sign", "--key", filepath.Join(dir, tt.key), "--verification-method", config.VerificationMethod, "--created", config.Created}
			if tt.suite != "" {
				args = append(args, "--cryptosuite", tt.suite)
			}
			code, out, errOut := runCmd(t, unsigned, append(args, "-")...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			want := proofValue(t, spectest.Read(t, "vectors", tt.dir, tt.signed))
			if got := proofValue(t, []byte(out)); got != want {
				t.Fatalf("proofValue %s, want %s", got, want)
			}
		})
	}
}

func proofValue(t *testing.T, doc []byte) string {
	t.Helper()
	var d struct {
		Proof json.RawMessage `json:"proof"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	var p struct {
		ProofValue string `json:"proofValue"`
	}
	raw := strings.TrimSpace(string(d.Proof))
	if strings.HasPrefix(raw, "[") {
		var ps []json.RawMessage
		if err := json.Unmarshal(d.Proof, &ps); err != nil || len(ps) == 0 {
			t.Fatalf("proof %s", raw)
		}
		raw = string(ps[0])
	}
	if err := json.Unmarshal([]byte(raw), &p); err != nil || p.ProofValue == "" {
		t.Fatalf("no proofValue in %s", raw)
	}
	return p.ProofValue
}
