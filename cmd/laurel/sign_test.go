package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/laurelhq/laurel/credential/dataintegrity"
	"github.com/laurelhq/laurel/credential/keys"
)

const testCredential = `{
  "@context": ["https://www.w3.org/ns/credentials/v2"],
  "type": ["VerifiableCredential"],
  "issuer": "did:example:issuer",
  "credentialSubject": {"id": "did:example:subject"}
}`

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSign(t *testing.T) {
	_, jwk, _ := runCmd(t, "", "keygen", "--alg", "ES256")
	jwkFile := writeFile(t, "key.jwk", jwk)
	ed, _ := keys.Generate(keys.EdDSA, strings.NewReader(strings.Repeat("k", 32)))
	sec, _ := keys.EncodePrivateKeyMultibase(ed)
	mk, _ := json.Marshal(keys.Multikey{Type: "Multikey", SecretKeyMultibase: sec})
	mkFile := writeFile(t, "key.json", string(mk))
	credFile := writeFile(t, "cred.json", testCredential)

	tests := []struct {
		name      string
		stdin     string
		args      []string
		suite     string
		created   string
		vmPrefix  string
		proofType string
	}{
		{"jwk file, stdin", testCredential, []string{"--key", jwkFile, "--cryptosuite", "ecdsa-jcs-2019", "-"}, "ecdsa-jcs-2019", "", "did:key:zDn", dataintegrity.TypeDataIntegrityProof},
		{"multikey, file arg first", "", []string{credFile, "--key", mkFile, "--cryptosuite", "eddsa-jcs-2022", "--created", "2024-05-06T07:08:09Z"}, "eddsa-jcs-2022", "2024-05-06T07:08:09Z", "did:key:z6Mk", dataintegrity.TypeDataIntegrityProof},
		{"explicit method", "", []string{"--key", mkFile, "--cryptosuite", "eddsa-jcs-2022", "--verification-method", "did:example:issuer#k1", credFile}, "eddsa-jcs-2022", "", "did:example:issuer#k1", dataintegrity.TypeDataIntegrityProof},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, tt.stdin, append([]string{"sign"}, tt.args...)...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var doc struct {
				Issuer string
				Proof  map[string]any
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatalf("output is not JSON: %v\n%s", err, out)
			}
			if doc.Issuer != "did:example:issuer" || doc.Proof["cryptosuite"] != tt.suite || doc.Proof["type"] != tt.proofType {
				t.Errorf("unexpected output %s", out)
			}
			if vm, _ := doc.Proof["verificationMethod"].(string); !strings.HasPrefix(vm, tt.vmPrefix) {
				t.Errorf("verificationMethod %q, want prefix %q", vm, tt.vmPrefix)
			}
			if tt.created != "" && doc.Proof["created"] != tt.created {
				t.Errorf("created %v, want %s", doc.Proof["created"], tt.created)
			}
			if !strings.HasPrefix(tt.vmPrefix, "did:key:") {
				return
			}
			rep, err := dataintegrity.Verify(context.Background(), []byte(out), dataintegrity.VerifyOptions{
				UnsafeSkipIssuerCheck: true, // the test issuer is not the did:key
				Now:                   func() time.Time { return time.Now().Add(time.Minute) },
			})
			if err != nil || !rep.Verified {
				t.Errorf("signed output does not verify: %v %+v", err, rep)
			}
		})
	}
}

func TestSignUsageErrors(t *testing.T) {
	_, jwk, _ := runCmd(t, "", "keygen")
	jwkFile := writeFile(t, "key.jwk", jwk)
	pubJWK, _ := keys.PublicJWK(mustParse(t, jwk).Signer.Public(), "")
	pubFile := writeFile(t, "pub.jwk", string(pubJWK))
	credFile := writeFile(t, "cred.json", testCredential)
	tests := []struct {
		name  string
		stdin string
		args  []string
	}{
		{"no key", "", []string{credFile}},
		{"no input", "", []string{"--key", jwkFile}},
		{"two inputs", "", []string{"--key", jwkFile, credFile, credFile}},
		{"missing key file", "", []string{"--key", filepath.Join(t.TempDir(), "nope"), credFile}},
		{"public key only", "", []string{"--key", pubFile, credFile}},
		{"missing input", "", []string{"--key", jwkFile, filepath.Join(t.TempDir(), "nope.json")}},
		{"not JSON", "not json", []string{"--key", jwkFile, "-"}},
		{"bad created", "", []string{"--key", jwkFile, "--created", "yesterday", credFile}},
		{"bad format", "", []string{"--key", jwkFile, "--format", "xml", credFile}},
		{"bad suite", "", []string{"--key", jwkFile, "--cryptosuite", "rsa-2030", credFile}},
		{"suite/key mismatch", "", []string{"--key", jwkFile, "--cryptosuite", "ecdsa-rdfc-2019", credFile}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, tt.stdin, append([]string{"sign"}, tt.args...)...)
			if code != exitUsage || out != "" || !strings.HasPrefix(errOut, "laurel sign:") {
				t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
			}
		})
	}
}

func mustParse(t *testing.T, jwk string) *keys.PrivateKey {
	t.Helper()
	k, err := keys.ParsePrivateKey([]byte(jwk))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestSignJWTVerifies signs VC-JWTs in both layouts with EdDSA and ES256
// keys from laurel keygen and checks that laurel verify accepts them.
func TestSignJWTVerifies(t *testing.T) {
	for _, alg := range []string{"EdDSA", "ES256", "ES384"} {
		for _, layout := range []string{"vc2", "vc1"} {
			t.Run(alg+"/"+layout, func(t *testing.T) {
				_, jwk, _ := runCmd(t, "", "keygen", "--alg", alg)
				var k struct {
					Kid string `json:"kid"`
				}
				if err := json.Unmarshal([]byte(jwk), &k); err != nil || !strings.HasPrefix(k.Kid, "did:key:") {
					t.Fatalf("keygen kid %q: %v", k.Kid, err)
				}
				did, _, _ := strings.Cut(k.Kid, "#")
				cred := strings.Replace(testCredential, "did:example:issuer", did, 1)
				if layout == "vc1" {
					cred = strings.Replace(cred, "https://www.w3.org/ns/credentials/v2", "https://www.w3.org/2018/credentials/v1", 1)
					cred = strings.Replace(cred, `"issuer"`, `"issuanceDate": "2024-01-01T00:00:00Z", "issuer"`, 1)
				}
				code, jwt, errOut := runCmd(t, cred, "sign", "--key", writeFile(t, "key.jwk", jwk), "--format", "jwt", "--layout", layout, "-")
				if code != exitOK || strings.Count(strings.TrimSpace(jwt), ".") != 2 {
					t.Fatalf("sign: exit %d %s %s", code, jwt, errOut)
				}
				code, out, _ := runCmd(t, "", "verify", writeFile(t, "cred.jwt", jwt))
				if code != exitOK || !strings.Contains(out, "vc-jwt") {
					t.Fatalf("verify: exit %d\n%s", code, out)
				}
			})
		}
	}
	// An RSA key has no did:key: without --verification-method the JWT
	// carries the public key in its jwk header, which verifies with a
	// warning that the key is not bound to the issuer.
	_, rsa, _ := runCmd(t, "", "keygen", "--alg", "RS256")
	code, jwt, errOut := runCmd(t, testCredential, "sign", "--key", writeFile(t, "rsa.jwk", rsa), "--format", "jwt", "-")
	if code != exitOK || !strings.Contains(errOut, "--verification-method") {
		t.Fatalf("RSA without a method: exit %d %s", code, errOut)
	}
	code, out, _ := runCmd(t, "", "verify", "--json", writeFile(t, "rsa.jwt", jwt))
	if code != exitOK || !strings.Contains(out, `"name":"proof","outcome":"pass"`) || !strings.Contains(out, `"name":"issuer","outcome":"warn"`) {
		t.Fatalf("verify RSA jwk-header JWT: exit %d\n%s", code, out)
	}
}
