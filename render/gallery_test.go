package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const galleryDir = "../examples/gallery"

// galleryBadgeSize keeps the gallery's files small; the designs scale.
const galleryBadgeSize = 320

func TestGalleryBadges(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(galleryDir, "*.badge.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 6 {
		t.Fatalf("gallery has %d badge designs, want at least 6", len(files))
	}
	fsys := os.DirFS(galleryDir)
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(strings.TrimSuffix(name, ".badge.json"), func(t *testing.T) {
			d, err := LoadBadgeDesign(fsys, name)
			if err != nil {
				t.Fatal(err)
			}
			b, err := NewBadge(d)
			if err != nil {
				t.Fatal(err)
			}
			img, err := b.Image(galleryBadgeSize)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, strings.TrimSuffix(f, ".json")+".png", img)
		})
	}
}
