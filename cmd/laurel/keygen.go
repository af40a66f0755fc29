package main

import (
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"strings"

	"github.com/go-jose/go-jose/v4"

	"github.com/laurelhq/laurel/credential/keys"
)

// runKeygen generates a signing key and prints it as a private JWK. The kid
// is the did:key verification method id for Ed25519 and P-256/P-384 keys,
// and the RFC 7638 thumbprint for RSA keys.
func runKeygen(_ context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("keygen", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	alg := fs.String("alg", keys.EdDSA, "key algorithm: EdDSA (Ed25519), ES256 (P-256), ES384 (P-384) or RS256 (RSA 2048)")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: laurel keygen [--alg EdDSA|ES256|ES384|RS256]")
		fmt.Fprintln(e.stderr, "Prints a new private JWK on stdout. Keep it secret.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "laurel keygen: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	name := *alg
	for _, a := range []string{keys.EdDSA, keys.ES256, keys.ES384, keys.RS256} {
		if strings.EqualFold(name, a) {
			name = a
		}
	}
	signer, err := keys.Generate(name, rand.Reader)
	if err != nil {
		fmt.Fprintf(e.stderr, "laurel keygen: %v\n", err)
		return exitUsage
	}
	kid := ""
	if _, id, err := keys.DIDKey(signer.Public()); err == nil {
		kid = id
	} else {
		tp, err := (&jose.JSONWebKey{Key: signer.Public()}).Thumbprint(cryptoSHA256)
		if err != nil {
			fmt.Fprintf(e.stderr, "laurel keygen: %v\n", err)
			return exitUsage
		}
		kid = base64URL(tp)
	}
	jwk, err := keys.PrivateJWK(signer, kid)
	if err != nil {
		fmt.Fprintf(e.stderr, "laurel keygen: %v\n", err)
		return exitUsage
	}
	if _, err := fmt.Fprintf(e.stdout, "%s\n", jwk); err != nil {
		return exitUsage
	}
	return exitOK
}
