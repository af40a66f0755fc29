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

	"github.com/google/uuid"

	"github.com/laurelhq/laurel/badge"
	"github.com/laurelhq/laurel/credential"
	"github.com/laurelhq/laurel/credential/dataintegrity"
	"github.com/laurelhq/laurel/credential/keys"
	"github.com/laurelhq/laurel/credential/status"
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
	id        string // the credential's id

	canon      *dataintegrity.Canonicalizer
	statusList *status.List
	docs       *verify.DocumentMap // the status list, as a verifier gets it offline
}

// The demo's status list: where its issuer would publish it, and the
// credential's index in it.
const (
	demoStatusURL   = "https://example.edu/status/1"
	demoStatusIndex = 94567
)

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
		{"Publish a signed revocation list (Bitstring Status List)", d.publishStatus},
		{"Issue and sign an Open Badges 3.0 credential (eddsa-rdfc-2022)", d.issue},
		{"Verify it offline", d.verify},
		{"Charge the recipient's seat (SQLite ledger)", d.chargeSeat},
		{"Render the badge, bake the credential into it and verify the image", d.bake},
		{"Render a PDF certificate", d.certificate},
		{"Revoke it and verify again", d.revoke},
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
	d.id = "urn:uuid:" + uuid.NewString()
	cred, err := credential.NewOpenBadgeCredential(credential.IssueRequest{
		ID:     d.id,
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
	entry, err := json.Marshal(status.BitstringEntry(demoStatusURL, demoStatusIndex, "revocation"))
	if err != nil {
		return err
	}
	var cs credential.CredentialStatus
	if err := json.Unmarshal(entry, &cs); err != nil {
		return err
	}
	cred.CredentialStatus = credential.One(cs)
	unsigned, err := json.Marshal(cred)
	if err != nil {
		return err
	}
	signed, err := dataintegrity.Sign(ctx, unsigned, d.signer.Signer, dataintegrity.SignOptions{
		VerificationMethod: d.signer.KeyID,
		Created:            d.now,
		Canonicalizer:      d.canon,
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
	r, err := d.check(ctx, d.signed)
	if err != nil {
		return err
	}
	writeTextReport(d.e, "credential.json", r)
	if !r.Valid {
		return fmt.Errorf("the demo credential did not verify")
	}
	fmt.Fprintf(d.e.stdout, "(the same check: laurel verify --documents %s --recipient %s %s)\n",
		filepath.Join(d.dir, "documents.json"), d.recipient, filepath.Join(d.dir, "credential.json"))
	return nil
}

// check verifies data offline, with the status list served from memory.
func (d *demo) check(ctx context.Context, data []byte) (*verify.Result, error) {
	v, err := verify.New(verify.Config{Documents: d.docs})
	if err != nil {
		return nil, err
	}
	return v.Verify(ctx, data, &verify.Options{Recipient: d.recipient}), nil
}

// publishStatus signs the issuer's revocation list and writes it with a
// documents map, so laurel verify finds it offline.
func (d *demo) publishStatus(ctx context.Context) error {
	var err error
	if d.canon, err = dataintegrity.NewCanonicalizer(dataintegrity.CanonicalizerOptions{}); err != nil {
		return err
	}
	if d.statusList, err = status.NewBitstringList(131072); err != nil {
		return err
	}
	if err := d.signStatus(ctx); err != nil {
		return err
	}
	mapJSON := []byte(`{"documents": {"` + demoStatusURL + `": "status-list.json"}}` + "\n")
	if _, err := d.write("documents.json", mapJSON, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(d.e.stdout, "status list: %s (131,072 entries, signed by the issuer)\nwritten to %s\n", demoStatusURL, filepath.Join(d.dir, "status-list.json"))
	return nil
}

func (d *demo) signStatus(ctx context.Context) error {
	unsigned, err := status.BitstringListCredential(demoStatusURL, d.issuer, "revocation", d.statusList, d.now)
	if err != nil {
		return err
	}
	signed, err := dataintegrity.Sign(ctx, unsigned, d.signer.Signer, dataintegrity.SignOptions{
		VerificationMethod: d.signer.KeyID, Created: d.now, Canonicalizer: d.canon,
	})
	if err != nil {
		return err
	}
	d.docs = verify.NewDocumentMap(map[string][]byte{demoStatusURL: signed})
	_, err = d.write("status-list.json", signed, 0o644)
	return err
}

// bake bakes the credential into the badge image and verifies the image.
func (d *demo) bake(ctx context.Context) error {
	img, err := d.badgeImage()
	if err != nil {
		return err
	}
	baked, err := badge.BakePNG(img, d.signed, badge.Options{})
	if err != nil {
		return err
	}
	p, err := d.write("badge.png", baked, 0o644)
	if err != nil {
		return err
	}
	fmt.Fprintf(d.e.stdout, "baked into %s (%d bytes; iTXt chunk \"openbadgecredential\")\n", p, len(baked))
	r, err := d.check(ctx, baked)
	if err != nil {
		return err
	}
	writeTextReport(d.e, "badge.png", r)
	if !r.Valid {
		return fmt.Errorf("the baked badge did not verify")
	}
	return nil
}

// revoke sets the credential's bit in the list, re-signs the list and
// verifies again: the report must say revoked.
func (d *demo) revoke(ctx context.Context) error {
	if err := d.statusList.Set(demoStatusIndex, true); err != nil {
		return err
	}
	if err := d.signStatus(ctx); err != nil {
		return err
	}
	r, err := d.check(ctx, d.signed)
	if err != nil {
		return err
	}
	writeTextReport(d.e, "credential.json (after revocation)", r)
	if c, _ := r.Check(verify.CheckStatus); r.Valid || c.Problem == nil || c.Problem.Type != verify.ProblemRevoked {
		return fmt.Errorf("the revoked credential was not reported revoked")
	}
	// Leave the published list unrevoked, so the files in the folder verify.
	if err := d.statusList.Set(demoStatusIndex, false); err != nil {
		return err
	}
	return d.signStatus(ctx)
}
