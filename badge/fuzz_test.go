package badge

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"testing"
)

// seed adds every testdata file with the given extension.
func seed(f *testing.F, ext string) {
	files, err := filepath.Glob(filepath.Join("testdata", "*"+ext))
	if err != nil || len(files) == 0 {
		f.Fatalf("no testdata/*%s seeds (run with -update): %v", ext, err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// small keeps the fuzzer's limits low so that size errors are reachable.
var small = Options{MaxImageBytes: 1 << 20, MaxContentBytes: 4 << 10}

// checkRebake bakes what was found back with Replace and expects the same
// content: whatever Unbake accepts, Bake can carry.
func checkRebake(t *testing.T, bake func([]byte, []byte, Options) ([]byte, error), img []byte, b *Baked) {
	if int64(len(b.Content)) > small.MaxContentBytes {
		t.Fatalf("content of %d bytes passed the %d byte limit", len(b.Content), small.MaxContentBytes)
	}
	opts := small
	opts.Replace, opts.Version = true, b.Version
	out, err := bake(img, b.Content, opts)
	if errors.Is(err, ErrContent) || errors.Is(err, ErrTooLarge) {
		return // not bakeable content (control characters, unknown form, ...)
	}
	if err != nil {
		t.Fatalf("rebake: %v", err)
	}
	b2, err := Unbake(out, small)
	if err != nil {
		t.Fatalf("unbake after rebake: %v", err)
	}
	if !bytes.Equal(b2.Content, b.Content) {
		t.Fatalf("rebake changed the content: %q -> %q", b.Content, b2.Content)
	}
}

// fixCRCs returns a copy of img with every chunk's CRC recomputed, as far
// as the declared lengths fit, so the fuzzer gets past the CRC check into
// the text-chunk parsing.
func fixCRCs(img []byte) []byte {
	out := bytes.Clone(img)
	for off := len(pngSignature); off+12 <= len(out); {
		n := int64(binary.BigEndian.Uint32(out[off:]))
		if n > int64(len(out)-off-12) {
			break
		}
		end := off + 8 + int(n)
		binary.BigEndian.PutUint32(out[end:], crc32.ChecksumIEEE(out[off+4:end]))
		off = end + 4
	}
	return out
}

func FuzzUnbakePNG(f *testing.F) {
	seed(f, ".png")
	f.Fuzz(func(t *testing.T, img []byte) {
		for _, img := range [][]byte{img, fixCRCs(img)} {
			b, err := UnbakePNG(img, small)
			if err != nil {
				if b != nil {
					t.Fatal("result with an error")
				}
				continue
			}
			checkRebake(t, BakePNG, img, b)
		}
	})
}

func FuzzUnbakeSVG(f *testing.F) {
	seed(f, ".svg")
	f.Add([]byte(`<!DOCTYPE x [<!ENTITY a "b">]><svg>&a;</svg>`))
	f.Fuzz(func(t *testing.T, img []byte) {
		b, err := UnbakeSVG(img, small)
		if err != nil {
			if b != nil {
				t.Fatal("result with an error")
			}
			return
		}
		checkRebake(t, BakeSVG, img, b)
	})
}
