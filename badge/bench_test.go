package badge

import (
	"bytes"
	"image/png"
	"math/rand/v2"
	"testing"
)

// benchImages are 600×600 RGBA badges encoded with image/png: "smooth"
// compresses well (about 10 KB); "noisy" has random low bits in every
// pixel, which makes it about as large as a photographic badge.
func benchImages(b *testing.B) map[string][]byte {
	b.Helper()
	smooth := plainPNG(b, 600, 600)
	img := drawBadge(600, 600)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		if i%4 != 3 {
			img.Pix[i] ^= uint8(r.IntN(16))
		}
	}
	var noisy bytes.Buffer
	if err := png.Encode(&noisy, img); err != nil {
		b.Fatal(err)
	}
	return map[string][]byte{"smooth": smooth, "noisy": noisy.Bytes()}
}

func BenchmarkBakePNG(b *testing.B) {
	for name, img := range benchImages(b) {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(img)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := BakePNG(img, ob3JSON, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkUnbakePNG(b *testing.B) {
	for name, img := range benchImages(b) {
		baked, err := BakePNG(img, ob3JSON, Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(baked)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := UnbakePNG(baked, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkUnbakeSVG(b *testing.B) {
	img, err := BakeSVG([]byte(plainSVG), ob3JSON, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := UnbakeSVG(img, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
