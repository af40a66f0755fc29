package render

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestWritePNGReusedCanvas renders badges of different designs one after
// another through WritePNG, which reuses canvases, and checks that each
// file is exactly what a fresh canvas (Image) encodes: nothing of an
// earlier render, and none of gg's settings, carries over.
func TestWritePNGReusedCanvas(t *testing.T) {
	badges := allBadges(t)
	for _, size := range []int{64, 301} {
		fresh := freshPNGs(t, badges, size)
		// forwards, then backwards: every design follows two others
		order := []int{}
		for i := range badges {
			order = append(order, i)
		}
		for i := range badges {
			order = append(order, len(badges)-1-i)
		}
		for _, i := range order {
			var buf bytes.Buffer
			if err := badges[i].WritePNG(&buf, size); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), fresh[i]) {
				t.Errorf("badge %d at %d px: WritePNG differs from a fresh render", i, size)
			}
		}
	}
}

// TestWritePNGConcurrent renders different designs from several
// goroutines at once (pooled canvases and encoders; run with -race).
func TestWritePNGConcurrent(t *testing.T) {
	badges := allBadges(t)
	fresh := freshPNGs(t, badges, 96)
	var wg sync.WaitGroup
	errs := make(chan error, 4*len(badges))
	for g := range 4 {
		wg.Go(func() {
			for k := range badges {
				i := (k + g) % len(badges)
				var buf bytes.Buffer
				err := badges[i].WritePNG(&buf, 96)
				if err == nil && !bytes.Equal(buf.Bytes(), fresh[i]) {
					err = fmt.Errorf("badge %d: concurrent WritePNG differs from a fresh render", i)
				}
				if err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// allBadges compiles the default design and the gallery's.
func allBadges(t *testing.T) []*Badge {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(galleryDir, "*.badge.json"))
	if err != nil {
		t.Fatal(err)
	}
	designs := []*BadgeDesign{DefaultBadgeDesign()}
	for _, f := range files {
		d, err := LoadBadgeDesign(os.DirFS(galleryDir), filepath.Base(f))
		if err != nil {
			t.Fatal(err)
		}
		designs = append(designs, d)
	}
	badges := make([]*Badge, len(designs))
	for i, d := range designs {
		if badges[i], err = NewBadge(d); err != nil {
			t.Fatal(err)
		}
	}
	return badges
}

// freshPNGs encodes each badge's Image (a new canvas) at size.
func freshPNGs(t *testing.T, badges []*Badge, size int) [][]byte {
	t.Helper()
	out := make([][]byte, len(badges))
	for i, b := range badges {
		img, err := b.Image(size)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := writePNG(&buf, img); err != nil {
			t.Fatal(err)
		}
		out[i] = buf.Bytes()
	}
	return out
}

// TestCertificateFontsOnlyWhenUsed: a font whose only text is optional
// and renders empty is not embedded.
func TestCertificateFontsOnlyWhenUsed(t *testing.T) {
	tpl := &CertificateTemplate{
		Page: Page{Size: "A4"},
		Elements: []Element{
			{Type: ElementText, Box: Box{X: 10, Y: 10, W: 150, H: 20}, Text: "{{.RecipientName}}"},
			{Type: ElementText, Box: Box{X: 10, Y: 40, W: 150, H: 20}, Text: `{{with index .Attributes "note"}}{{.}}{{end}}`, Font: "go-mono", Optional: true},
		},
	}
	for _, tc := range []struct {
		name  string
		attrs map[string]string
		fonts int
	}{
		{"optional text empty", nil, 1},
		{"optional text set", map[string]string{"note": "Merit"}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := sampleData(t, "Zoë Ångström")
			d.Attributes = tc.attrs
			pdf := render(t, tpl, CertificateOptions{Uncompressed: true}, d)
			if n := bytes.Count(pdf, []byte("/FontFile2")); n != tc.fonts {
				t.Errorf("%d embedded fonts, want %d", n, tc.fonts)
			}
		})
	}
}
