package main

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"time"

	"github.com/laurelhq/laurel/ledger"
	"github.com/laurelhq/laurel/ledger/sqlitestore"
	"github.com/laurelhq/laurel/render"
)

// demoBadgeDesign is the demo achievement's badge.
func demoBadgeDesign() *render.BadgeDesign {
	d := render.DefaultBadgeDesign()
	d.Icon = &render.Icon{Name: "people"}
	d.Banner.Text = "TEAMWORK"
	return d
}

// badgeImage renders the demo badge as a 512 px PNG.
func (d *demo) badgeImage() ([]byte, error) {
	var b bytes.Buffer
	if err := render.RenderBadgePNG(&b, demoBadgeDesign(), 512); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// certificate renders the credential as a PDF certificate that carries the
// signed credential as an attachment and a QR code to a verification page.
func (d *demo) certificate(ctx context.Context) error {
	tpl, err := render.DefaultCertificateTemplate(demoBadgeDesign())
	if err != nil {
		return err
	}
	cert, err := render.NewCertificate(tpl, render.CertificateOptions{Now: func() time.Time { return d.now }})
	if err != nil {
		return err
	}
	data, err := render.CertificateDataFromCredential(d.signed)
	if err != nil {
		return err
	}
	data.RecipientName = "Ada Lovelace"
	data.VerifyURL = "https://example.edu/verify/" + url.PathEscape(data.CredentialID)
	pdf, err := cert.RenderBytes(ctx, data)
	if err != nil {
		return err
	}
	p, err := d.write("certificate.pdf", pdf, 0o644)
	if err != nil {
		return err
	}
	fmt.Fprintf(d.e.stdout, "certificate for %s: %s (%d bytes; the signed credential is attached; QR code to %s)\n", data.RecipientName, p, len(pdf), data.VerifyURL)
	return nil
}

// chargeSeat publishes the credential in a recipient-seat ledger (an
// embedded SQLite file in the demo folder): the first credential to a
// recipient in a billing year costs a seat, the next ones are free.
func (d *demo) chargeSeat(ctx context.Context) error {
	path := filepath.Join(d.dir, "ledger.db")
	store, err := sqlitestore.Open(ctx, path, sqlitestore.Options{})
	if err != nil {
		return err
	}
	l := ledger.New(store, ledger.Config{Now: func() time.Time { return d.now }})
	defer l.Close()
	const account = "laurel-demo-university"
	if err := l.OpenAccount(ctx, account, ledger.Plan{Seats: 100, Start: d.now}); err != nil {
		return err
	}
	id := d.id
	out, err := l.Publish(ctx, ledger.PublishRequest{Key: "publish/" + id, Account: account, CredentialID: id, Email: d.recipient})
	if err != nil {
		return err
	}
	fmt.Fprintf(d.e.stdout, "published %s to %s: charged=%v (%s)\n", id, d.recipient, out.Entry.Charged, out.Entry.Reason)
	u, err := l.Usage(ctx, account)
	if err != nil {
		return err
	}
	printUsage(d.e.stdout, u)
	fmt.Fprintf(d.e.stdout, "ledger: %s (laurel ledger usage --ledger %s --account %s)\n", path, path, account)
	return nil
}
