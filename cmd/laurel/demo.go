package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/laurelhq/laurel/credential"
	"github.com/laurelhq/laurel/credential/dataintegrity"
	"github.com/laurelhq/laurel/credential/keys"
	"github.com/laurelhq/laurel/verify"
)

// demo holds what the steps of laurel demo share.
type demo struct {
	e         *env
	dir       string
	recipient string
	now       time.Time
	signer    *keys.PrivateKey
	issuer    string
	signed    []byte
}

// runDemo runs Laurel's main job end to end on embedded defaults: it makes
// an issuer key, issues a signed Open Badges 3.0 credential to a demo
// recipient, prints it, verifies it, and writes every artefact to --dir (a
// new temporary folder by default). It touches nothing else.
func runDemo(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	dir := fs.String("dir", "", "folder to write the demo's files to (default: a new temporary folder)")
	recipient := fs.String("recipient", "ada.lovelace@example.com", "the demo recipient's email")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: laurel demo [--dir DIR] [--recipient EMAIL]")
		fs.PrintDefaults()
	}
	rest, code, done := parseFlags(fs, args)
	if done {
		return code
	}
	if len(rest) != 0 {
		fmt.Fprintf(e.stderr, "laurel demo: unexpected argument %q\n", rest[0])
		return exitUsage
	}
	d := &demo{e: e, recipient: *recipient, now: time.Now().UTC().Truncate(time.Second)}
	if *dir == "" {
		tmp, err := os.MkdirTemp("", "laurel-demo-")
		if err != nil {
			fmt.Fprintf(e.stderr, "laurel demo: %v\n", err)
			return exitUsage
		}
		d.dir = tmp
	} else {
		if err := os.MkdirAll(*dir, 0o755); err != nil {
			fmt.Fprintf(e.stderr, "laurel demo: %v\n", err)
			return exitUsage
		}
		d.dir = *dir
	}
	steps := []struct {
		title string
		run   func(context.Context) error
	}{
		{"Generate an issuer key (Ed25519, did:key)", d.keygen},
		{"Issue and sign an Open Badges 3.0 credential (eddsa-rdfc-2022)", d.issue},
		{"Verify it offline", d.verify},
	}
	for i, s := range steps {
		fmt.Fprintf(e.stdout, "\n== %d. %s\n", i+1, s.title)
		if err := s.run(ctx); err != nil {
			fmt.Fprintf(e.stderr, "laurel demo: %s: %v\n", s.title, err)
			return exitInvalid
		}
	}
	fmt.Fprintf(e.stdout, "\nDone. Files are in %s\n", d.dir)
	return exitOK
}

func (d *demo) write(name string, data []byte, mode os.FileMode) (string, error) {
	p := filepath.Join(d.dir, name)
	if err := os.WriteFile(p, data, mode); err != nil {
		return "", err
	}
	return p, nil
}

func (d *demo) keygen(context.Context) error {
	signer, err := keys.Generate(keys.EdDSA, rand.Reader)
	if err != nil {
		return err
	}
	did, keyID, err := keys.DIDKey(signer.Public())
	if err != nil {
		return err
	}
	jwk, err := keys.PrivateJWK(signer, keyID)
	if err != nil {
		return err
	}
	p, err := d.write("issuer-key.jwk.json", jwk, 0o600)
	if err != nil {
		return err
	}
	d.signer = &keys.PrivateKey{Signer: signer, KeyID: keyID, Controller: did}
	d.issuer = did
	fmt.Fprintf(d.e.stdout, "issuer:  %s\nkey:     %s (private JWK, keep it secret)\n", did, p)
	return nil
}

func (d *demo) issue(ctx context.Context) error {
	cred, err := credential.NewOpenBadgeCredential(credential.IssueRequest{
		Issuer: credential.Profile{ID: d.issuer, Name: "Laurel Demo University", URL: "https://example.edu"},
		Achievement: credential.Achievement{
			Name:        "Collaborative Problem Solving",
			Description: "Worked with a team to solve an open-ended problem and presented the result.",
			Criteria:    credential.Embed(credential.Criteria{Narrative: "Complete the team project and present it to a panel."}),
		},
		Recipient: credential.Recipient{Email: d.recipient, Name: "Ada Lovelace"},
		Hashed:    true,
		ValidFrom: d.now,
		Now:       func() time.Time { return d.now },
	})
	if err != nil {
		return err
	}
	unsigned, err := json.Marshal(cred)
	if err != nil {
		return err
	}
	signed, err := dataintegrity.Sign(ctx, unsigned, d.signer.Signer, dataintegrity.SignOptions{
		VerificationMethod: d.signer.KeyID,
		Created:            d.now,
	})
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, signed, "", "  "); err != nil {
		return err
	}
	d.signed = signed
	p, err := d.write("credential.json", signed, 0o644)
	if err != nil {
		return err
	}
	fmt.Fprintf(d.e.stdout, "%s\nwritten to %s\n", out.Bytes(), p)
	return nil
}

func (d *demo) verify(ctx context.Context) error {
	v, err := verify.New(verify.Config{})
	if err != nil {
		return err
	}
	r := v.Verify(ctx, d.signed, &verify.Options{Recipient: d.recipient})
	writeTextReport(d.e, "credential.json", r)
	if !r.Valid {
		return fmt.Errorf("the demo credential did not verify")
	}
	return nil
}
