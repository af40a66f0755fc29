package render

import (
	"bytes"
	"flag"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden images and the gallery")

// maxMeanDiff is the largest mean absolute channel difference (0…255)
// tolerated between a render and its golden image: anti-aliasing and
// float rounding differ slightly across platforms, real changes do not.
const maxMeanDiff = 1.0

func toNRGBA(img image.Image) *image.NRGBA {
	if n, ok := img.(*image.NRGBA); ok {
		return n
	}
	n := image.NewNRGBA(img.Bounds())
	draw.Draw(n, n.Bounds(), img, img.Bounds().Min, draw.Src)
	return n
}

// meanDiff is the mean absolute difference over all channels of all
// pixels; images of different sizes differ by 255.
func meanDiff(a, b image.Image) float64 {
	if a.Bounds().Size() != b.Bounds().Size() {
		return 255
	}
	na, nb := toNRGBA(a), toNRGBA(b)
	var sum int64
	for i := range na.Pix {
		d := int64(na.Pix[i]) - int64(nb.Pix[i])
		if d < 0 {
			d = -d
		}
		sum += d
	}
	return float64(sum) / float64(len(na.Pix))
}

// checkGolden compares img with the PNG at path, or writes it with -update.
func checkGolden(t *testing.T, path string, img image.Image) {
	t.Helper()
	if *update {
		var buf bytes.Buffer
		if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("golden %s: %v (run with -update to create it)", path, err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatalf("golden %s: %v", path, err)
	}
	if d := meanDiff(img, want); d > maxMeanDiff {
		t.Errorf("%s: mean channel difference %.2f > %.2f (run with -update if the change is intended)", path, d, maxMeanDiff)
	}
}
