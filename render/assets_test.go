package render

import (
	"bytes"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/fogleman/gg"
)

// TestGalleryAssets makes the stand-in artwork the gallery uses (a photo,
// certificate backgrounds, a signature), with -update. Real issuers bring
// their own; these are drawn here so that no third-party image is shipped.
func TestGalleryAssets(t *testing.T) {
	if !*update {
		for _, n := range []string{"landscape.png", "classic-background.jpg", "signature.png"} {
			if _, err := os.Stat(filepath.Join(galleryDir, n)); err != nil {
				t.Errorf("gallery asset %s: %v (run with -update)", n, err)
			}
		}
		return
	}
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(galleryDir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("landscape.png", encodePNG(t, landscape(400)))
	write("classic-background.jpg", encodeJPEG(t, classicBackground(1400, 990), 82))
	write("signature.png", encodePNG(t, signature(480, 160)))
}

func encodePNG(t *testing.T, dc *gg.Context) []byte {
	var b bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&b, dc.Image()); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeJPEG(t *testing.T, dc *gg.Context, q int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, dc.Image(), &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// landscape is a sunset over hills.
func landscape(s int) *gg.Context {
	f := float64(s)
	dc := gg.NewContext(s, s)
	sky := gg.NewLinearGradient(0, 0, 0, f*0.7)
	sky.AddColorStop(0, color.NRGBA{0x1e, 0x3a, 0x8a, 255})
	sky.AddColorStop(0.55, color.NRGBA{0xf4, 0x72, 0x5b, 255})
	sky.AddColorStop(1, color.NRGBA{0xfd, 0xe6, 0x8a, 255})
	dc.SetFillStyle(sky)
	dc.DrawRectangle(0, 0, f, f)
	dc.Fill()
	dc.SetColor(color.NRGBA{0xff, 0xf3, 0xc4, 255})
	dc.DrawCircle(f*0.62, f*0.6, f*0.11)
	dc.Fill()
	hills := []struct {
		y, amp, freq float64
		c            color.NRGBA
	}{
		{0.62, 0.05, 2.1, color.NRGBA{0x7c, 0x3a, 0x5e, 255}},
		{0.72, 0.04, 3.3, color.NRGBA{0x3b, 0x2a, 0x58, 255}},
		{0.82, 0.03, 1.7, color.NRGBA{0x1f, 0x1b, 0x3a, 255}},
	}
	for _, h := range hills {
		dc.MoveTo(0, f)
		for x := 0.0; x <= f; x += 4 {
			dc.LineTo(x, f*(h.y+h.amp*math.Sin(x/f*math.Pi*h.freq+h.y*9)))
		}
		dc.LineTo(f, f)
		dc.ClosePath()
		dc.SetColor(h.c)
		dc.Fill()
	}
	return dc
}

// classicBackground is a cream certificate with a guilloché-like border.
func classicBackground(w, h int) *gg.Context {
	fw, fh := float64(w), float64(h)
	dc := gg.NewContext(w, h)
	bg := gg.NewRadialGradient(fw/2, fh/2, 0, fw/2, fh/2, fw*0.7)
	bg.AddColorStop(0, color.NRGBA{0xff, 0xfd, 0xf7, 255})
	bg.AddColorStop(1, color.NRGBA{0xf3, 0xea, 0xd6, 255})
	dc.SetFillStyle(bg)
	dc.DrawRectangle(0, 0, fw, fh)
	dc.Fill()
	navy := color.NRGBA{0x1e, 0x2a, 0x4a, 255}
	gold := color.NRGBA{0xb8, 0x8a, 0x2e, 255}
	m := fw * 0.03
	dc.SetColor(navy)
	dc.SetLineWidth(fw * 0.012)
	dc.DrawRectangle(m, m, fw-2*m, fh-2*m)
	dc.Stroke()
	dc.SetColor(gold)
	dc.SetLineWidth(fw * 0.0025)
	m2 := m + fw*0.014
	dc.DrawRectangle(m2, m2, fw-2*m2, fh-2*m2)
	dc.Stroke()
	// wave band inside the frame
	dc.SetLineWidth(1.2)
	for k := 0; k < 3; k++ {
		dc.SetColor(color.NRGBA{0xb8, 0x8a, 0x2e, uint8(110 - 30*k)})
		off := float64(k) * 2.2
		m3 := m2 + fw*0.012 + off
		for _, edge := range []struct{ x0, y0, x1, y1 float64 }{
			{m3, m3, fw - m3, m3}, {m3, fh - m3, fw - m3, fh - m3},
		} {
			for x := edge.x0; x <= edge.x1; x += 2 {
				y := edge.y0 + 3*math.Sin((x-edge.x0)/9+float64(k))
				if x == edge.x0 {
					dc.MoveTo(x, y)
				} else {
					dc.LineTo(x, y)
				}
			}
			dc.Stroke()
		}
	}
	// corner rosettes
	for _, c := range [][2]float64{{m2, m2}, {fw - m2, m2}, {m2, fh - m2}, {fw - m2, fh - m2}} {
		dc.SetColor(navy)
		dc.DrawCircle(c[0], c[1], fw*0.018)
		dc.Fill()
		dc.SetColor(gold)
		dc.SetLineWidth(2)
		dc.DrawCircle(c[0], c[1], fw*0.012)
		dc.Stroke()
	}
	// faint watermark laurel arcs
	dc.SetColor(color.NRGBA{0xb8, 0x8a, 0x2e, 28})
	for i := 0; i < 14; i++ {
		a := math.Pi*0.62 + float64(i)*0.11
		for _, side := range []float64{-1, 1} {
			x := fw/2 + side*fw*0.19*math.Cos(a)
			y := fh*0.52 + fh*0.3*math.Sin(a) - fh*0.05
			dc.Push()
			dc.RotateAbout(side*(a-math.Pi/2)+side*0.6, x, y)
			dc.DrawEllipse(x, y, fw*0.022, fw*0.008)
			dc.Fill()
			dc.Pop()
		}
	}
	return dc
}

// signature is a handwritten-looking flourish in blue ink.
func signature(w, h int) *gg.Context {
	fw, fh := float64(w), float64(h)
	dc := gg.NewContext(w, h)
	dc.SetColor(color.NRGBA{0x1a, 0x2f, 0x7a, 255})
	dc.SetLineCapRound()
	dc.SetLineJoinRound()
	dc.SetLineWidth(fh * 0.035)
	for i := 0; i <= 400; i++ {
		s := float64(i) / 400
		x := fw*0.06 + s*fw*0.86
		y := fh*0.55 - fh*0.28*math.Sin(s*math.Pi*7.3)*math.Exp(-s*1.2) + fh*0.12*math.Sin(s*math.Pi*1.7)
		x += fw * 0.04 * math.Cos(s*math.Pi*7.3)
		if i == 0 {
			dc.MoveTo(x, y)
		} else {
			dc.LineTo(x, y)
		}
	}
	dc.Stroke()
	dc.SetLineWidth(fh * 0.022)
	dc.MoveTo(fw*0.1, fh*0.82)
	dc.CubicTo(fw*0.4, fh*0.7, fw*0.7, fh*0.9, fw*0.95, fh*0.76)
	dc.Stroke()
	return dc
}
