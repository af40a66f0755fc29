package main

import (
	"context"
	"crypto"
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/laurelhq/laurel/credential/dataintegrity"
	"github.com/laurelhq/laurel/credential/keys"
	"github.com/laurelhq/laurel/credential/vcjwt"
)

const cryptoSHA256 = crypto.SHA256

func base64URL(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// maxSignInput bounds the credential read by laurel sign.
const maxSignInput = 16 << 20

// runSign signs a credential with a Data Integrity proof (or as a VC-JWT)
// and prints the result.
func runSign(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("sign", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	keyFile := fs.String("key", "", "private key: a private JWK or a Multikey JSON with secretKeyMultibase (required)")
	format := fs.String("format", "di", "output format: di (Data Integrity proof) or jwt (VC-JWT)")
	suite := fs.String("cryptosuite", "", "Data Integrity cryptosuite: eddsa-rdfc-2022, ecdsa-rdfc-2019, eddsa-jcs-2022, ecdsa-jcs-2019 or Ed25519Signature2020 (default: eddsa-rdfc-2022 for Ed25519 keys, ecdsa-rdfc-2019 for P-256/P-384)")
	vm := fs.String("verification-method", "", "verification method id (default: the key's id, else its did:key)")
	created := fs.String("created", "", "proof creation time, RFC 3339 (default: now)")
	purpose := fs.String("proof-purpose", "", "proof purpose (default assertionMethod)")
	layout := fs.String("layout", "vc2", "VC-JWT claims layout: vc2 (credential members at the top level) or vc1 (the VC 1.1 \"vc\" claim)")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: laurel sign --key FILE [--format di|jwt] [--cryptosuite NAME] [--layout vc2|vc1] [--verification-method ID] [--created RFC3339] FILE|-")
		fs.PrintDefaults()
	}
	positional, code, done := parseFlags(fs, args)
	if done {
		return code
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "laurel sign: "+format+"\n", a...)
		return exitUsage
	}
	if *keyFile == "" {
		return fail("--key is required")
	}
	if len(positional) != 1 {
		return fail("want exactly one credential FILE (or - for stdin), got %d", len(positional))
	}
	keyData, err := os.ReadFile(*keyFile)
	if err != nil {
		return fail("reading key: %v", err)
	}
	key, err := keys.ParsePrivateKey(keyData)
	if err != nil {
		return fail("key %s: %v", *keyFile, err)
	}
	doc, err := readInput(e, positional[0])
	if err != nil {
		return fail("%v", err)
	}
	method := *vm
	if method == "" {
		method = defaultMethod(key)
	}
	switch *format {
	case "di":
		opts := dataintegrity.SignOptions{Cryptosuite: *suite, VerificationMethod: method, ProofPurpose: *purpose}
		if *created != "" {
			t, err := time.Parse(time.RFC3339, *created)
			if err != nil {
				return fail("--created: %v", err)
			}
			opts.Created = t
		}
		out, err := dataintegrity.Sign(ctx, doc, key.Signer, opts)
		if err != nil {
			return fail("%v", err)
		}
		return writeOut(e, out)
	case "jwt":
		return signJWT(ctx, e, doc, key, method, *layout)
	}
	return fail("--format must be di or jwt, not %q", *format)
}

// defaultMethod is the key file's own id when it names a verification
// method (a DID URL or a URL with a fragment), else the did:key id.
func defaultMethod(k *keys.PrivateKey) string {
	if k.KeyID != "" && (strings.HasPrefix(k.KeyID, "did:") || strings.Contains(k.KeyID, "#")) {
		return k.KeyID
	}
	if _, id, err := keys.DIDKey(k.Signer.Public()); err == nil {
		return id
	}
	return ""
}

func readInput(e *env, name string) ([]byte, error) {
	var r io.Reader
	if name == "-" {
		r = e.stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxSignInput+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if len(b) > maxSignInput {
		return nil, fmt.Errorf("%s is larger than %d bytes", name, maxSignInput)
	}
	return b, nil
}

func writeOut(e *env, b []byte) int {
	if len(b) == 0 || b[len(b)-1] != '\n' {
		b = append(b, '\n')
	}
	if _, err := e.stdout.Write(b); err != nil {
		return exitUsage
	}
	return exitOK
}

// signJWT secures the credential as a VC-JWT (VC 2.0 layout, or the VC 1.1
// "vc" claim with --layout vc1). The header kid is the verification method.
func signJWT(ctx context.Context, e *env, doc []byte, key *keys.PrivateKey, method, layout string) int {
	opts := vcjwt.SignOptions{KeyID: method}
	switch layout {
	case "", "vc2":
	case "vc1":
		opts.Layout = vcjwt.LayoutVC11
	default:
		fmt.Fprintf(e.stderr, "laurel sign: --layout must be vc2 or vc1, not %q\n", layout)
		return exitUsage
	}
	if method == "" {
		// An RSA key (or a P-256 key file without a usable id) has no
		// did:key: carry the public key in the header instead.
		opts.EmbedJWK = true
		fmt.Fprintln(e.stderr, "laurel sign: this key has no did:key id, so the JWT carries the public key in its jwk header; verifiers will not know the key is the issuer's unless you give --verification-method (a kid they can resolve)")
	}
	jwt, err := vcjwt.Sign(ctx, doc, key.Signer, opts)
	if err != nil {
		fmt.Fprintf(e.stderr, "laurel sign: %v\n", err)
		return exitUsage
	}
	return writeOut(e, []byte(jwt))
}
