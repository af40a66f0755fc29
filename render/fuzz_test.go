package render

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func addSeeds(f *testing.F, pattern string, extra ...string) {
	files, _ := filepath.Glob(filepath.Join(galleryDir, pattern))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, s := range extra {
		f.Add([]byte(s))
	}
}

// FuzzParseBadgeDesign: any input is an error or a design that compiles
// and renders (small) without panicking.
func FuzzParseBadgeDesign(f *testing.F) {
	addSeeds(f, "*.badge.json", `{"shape":"star","title":{"text":"x","size":60}}`, `{"shape":"circle","fill":{"gradient":{"from":"#fff","to":"#000","angle":-360}}}`)
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ParseBadgeDesign(data)
		if err != nil {
			return
		}
		b, err := NewBadge(d)
		if err != nil {
			return
		}
		if _, err := b.Image(MinBadgeSize); err != nil {
			t.Fatalf("compiled design failed to render: %v", err)
		}
		// WritePNG reuses canvases: another size, then this one again
		for _, size := range []int{MinBadgeSize + 7, MinBadgeSize} {
			if err := b.WritePNG(io.Discard, size); err != nil {
				t.Fatalf("compiled design failed to render at %d px: %v", size, err)
			}
		}
	})
}

// FuzzParseCertificateTemplate: any input is an error or a template that
// compiles and renders (or reports a data error) without panicking.
func FuzzParseCertificateTemplate(f *testing.F) {
	addSeeds(f, "*.certificate.json", `{"elements":[{"type":"text","box":{"x":1,"y":1,"w":50,"h":9},"text":"{{upper .RecipientName}} {{date .Issued}}"}]}`)
	// the gallery templates without their image files, so that they render
	files, _ := filepath.Glob(filepath.Join(galleryDir, "*.certificate.json"))
	for _, p := range files {
		b, _ := os.ReadFile(p)
		tpl, err := ParseCertificateTemplate(b)
		if err != nil {
			f.Fatal(err)
		}
		tpl.Background = nil
		tpl.Elements = slices.DeleteFunc(tpl.Elements, func(e Element) bool { return e.Type == ElementImage })
		seed, err := jsonMarshal(tpl)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(seed)
	}
	d := &CertificateData{RecipientName: "Zoë", AchievementName: "A", IssuerName: "I", VerifyURL: "https://example.org/v", Attributes: map[string]string{"certificate_number": "1"}}
	f.Fuzz(func(t *testing.T, data []byte) {
		tpl, err := ParseCertificateTemplate(data)
		if err != nil {
			return
		}
		c, err := NewCertificate(tpl, CertificateOptions{Now: fixedNow})
		if err != nil {
			return
		}
		_, _ = c.RenderBytes(context.Background(), d)
	})
}
