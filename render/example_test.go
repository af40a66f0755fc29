package render_test

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/laurelhq/laurel/render"
)

func ExampleNewBadge() {
	b, err := render.NewBadge(&render.BadgeDesign{
		Shape:  render.ShapeHexagon,
		Icon:   &render.Icon{Name: "code"},
		Banner: &render.Banner{Text: "CODE REVIEW"},
	})
	if err != nil {
		panic(err)
	}
	var png bytes.Buffer
	if err := b.WritePNG(&png, 256); err != nil {
		panic(err)
	}
	fmt.Println(bytes.HasPrefix(png.Bytes(), []byte("\x89PNG")))
	// Output: true
}

func ExampleNewCertificate() {
	tpl, err := render.DefaultCertificateTemplate(nil)
	if err != nil {
		panic(err)
	}
	cert, err := render.NewCertificate(tpl, render.CertificateOptions{}) // once per template
	if err != nil {
		panic(err)
	}
	for _, name := range []string{"Zoë Ångström", "Łukasz Nowak"} { // then per recipient, from any goroutine
		pdf, err := cert.RenderBytes(context.Background(), &render.CertificateData{
			RecipientName:   name,
			AchievementName: "Teamwork",
			IssuerName:      "Example University",
			Issued:          time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
			VerifyURL:       "https://example.edu/verify/42",
			Credential:      []byte(`{"type":["VerifiableCredential","OpenBadgeCredential"]}`),
		})
		if err != nil {
			panic(err)
		}
		fmt.Println(bytes.HasPrefix(pdf, []byte("%PDF-")))
	}
	// Output:
	// true
	// true
}

func ExampleFormatDate() {
	d := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, l := range []string{"en", "fr", "de", "es"} {
		s, _ := render.FormatDate(d, l)
		fmt.Println(s)
	}
	// Output:
	// March 1, 2026
	// 1er mars 2026
	// 1. März 2026
	// 1 de marzo de 2026
}
