package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/laurelhq/laurel/credential/keys"
)

func runCmd(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut}
	code = run(context.Background(), e, args)
	return code, out.String(), errOut.String()
}

func TestKeygen(t *testing.T) {
	tests := []struct {
		args      []string
		alg       string
		kidPrefix string
	}{
		{[]string{"keygen"}, keys.EdDSA, "did:key:z6Mk"},
		{[]string{"keygen", "--alg", "EdDSA"}, keys.EdDSA, "did:key:z6Mk"},
		{[]string{"keygen", "--alg", "ES256"}, keys.ES256, "did:key:zDn"},
		{[]string{"keygen", "--alg=es384"}, keys.ES384, "did:key:z82"},
		{[]string{"keygen", "--alg", "RS256"}, keys.RS256, ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := runCmd(t, "", tt.args...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			k, err := keys.ParsePrivateKey([]byte(out))
			if err != nil {
				t.Fatalf("output is not a private JWK: %v\n%s", err, out)
			}
			if alg, _ := keys.Algorithm(k.Signer.Public()); alg != tt.alg {
				t.Errorf("alg %s, want %s", alg, tt.alg)
			}
			if tt.kidPrefix != "" {
				_, want, _ := keys.DIDKey(k.Signer.Public())
				if k.KeyID != want || !strings.HasPrefix(k.KeyID, tt.kidPrefix) {
					t.Errorf("kid %q, want %q", k.KeyID, want)
				}
			} else if len(k.KeyID) != 43 { // base64url SHA-256 thumbprint
				t.Errorf("RSA kid %q is not a thumbprint", k.KeyID)
			}
		})
	}
}

func TestKeygenUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"keygen", "--alg", "HS256"},
		{"keygen", "extra"},
		{"keygen", "--nope"},
	} {
		code, out, errOut := runCmd(t, "", args...)
		if code != exitUsage || out != "" || errOut == "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
}
