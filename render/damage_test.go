package render

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"math/rand"
	"testing"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font/gofont/goregular"
)

// table returns the bytes of a font's table.
func table(t *testing.T, ttf []byte, tag string) []byte {
	t.Helper()
	for i := range int(binary.BigEndian.Uint16(ttf[4:])) {
		r := ttf[12+16*i:]
		if string(r[:4]) == tag {
			off, n := binary.BigEndian.Uint32(r[8:]), binary.BigEndian.Uint32(r[12:])
			return ttf[off : off+n]
		}
	}
	t.Fatalf("no %q table", tag)
	return nil
}

// glyphData returns the glyf bytes of r's glyph (a slice of ttf).
func glyphData(t *testing.T, ttf []byte, r rune) []byte {
	t.Helper()
	tt, err := truetype.Parse(ttf)
	if err != nil {
		t.Fatal(err)
	}
	i := int(tt.Index(r))
	loca := table(t, ttf, "loca")
	var lo, hi int
	if binary.BigEndian.Uint16(table(t, ttf, "head")[50:]) == 0 { // short offsets, in words
		lo, hi = 2*int(binary.BigEndian.Uint16(loca[2*i:])), 2*int(binary.BigEndian.Uint16(loca[2*i+2:]))
	} else {
		lo, hi = int(binary.BigEndian.Uint32(loca[4*i:])), int(binary.BigEndian.Uint32(loca[4*i+4:]))
	}
	return table(t, ttf, "glyf")[lo:hi]
}

// damagedFonts are Go Regular with a valid table directory and broken
// glyph data: each makes freetype's glyph loader panic.
func damagedFonts(t *testing.T) map[string][]byte {
	t.Helper()
	u16 := binary.BigEndian.Uint16
	put := binary.BigEndian.PutUint16
	glyph := func(fn func(g []byte)) []byte {
		b := bytes.Clone(goregular.TTF)
		fn(glyphData(t, b, 'o'))
		return b
	}
	xor := func(seed int64) []byte { // the audit's damage: 200 bytes of the glyf table
		b := bytes.Clone(goregular.TTF)
		g := table(t, b, "glyf")
		rng := rand.New(rand.NewSource(seed))
		for range 200 {
			g[rng.Intn(len(g))] ^= byte(1 + rng.Intn(255))
		}
		return b
	}
	return map[string][]byte{
		"too many points":                 glyph(func(g []byte) { put(g[10+2*(u16(g)-1):], 0x0200) }),
		"instructions run past the glyph": glyph(func(g []byte) { put(g[10+2*u16(g):], 0xfff0) }),
		"too many contours":               glyph(func(g []byte) { put(g, 0x7000) }),
		"flags repeat past the glyph": glyph(func(g []byte) {
			nc := int(u16(g))
			f := g[12+2*nc+int(u16(g[10+2*nc:])):]
			for k := range f {
				f[k] = 0x08 // "repeat the next flag", over and over
			}
		}),
		"overwritten": glyph(func(g []byte) {
			for k := 10; k < len(g); k++ {
				g[k] = 0xff
			}
		}),
		"xor seed 12": xor(12), // hits 'C'
		"xor seed 21": xor(21), // hits 'o'
	}
}

// TestDamagedFontIsAnError: a font whose glyph data is broken is an
// ErrFont naming the font from every entry point that draws text, never a
// panic.
func TestDamagedFontIsAnError(t *testing.T) {
	const text = "Collaboration"
	ok, err := NewBadge(&BadgeDesign{Shape: ShapeCircle, Title: &Text{Text: text}, Banner: &Banner{Text: text}})
	if err != nil {
		t.Fatal(err)
	}
	for name, ttf := range damagedFonts(t) {
		t.Run(name, func(t *testing.T) {
			design := func() *BadgeDesign {
				return &BadgeDesign{Shape: ShapeCircle, Title: &Text{Text: text}, Banner: &Banner{Text: "x"}, Font: &FontSpec{Data: ttf}}
			}
			// Badges compiled with the damaged font, and a compiled badge
			// given it afterwards (what NewBadge's check stands in front of).
			swapped := *ok
			var err error
			if swapped.font, err = parseFont("font", "custom", ttf); err != nil {
				t.Fatalf("the damage is in the table directory, not the glyphs: %v", err)
			}
			cert := func() error {
				tpl := &CertificateTemplate{
					Fonts:    map[string]FontSpec{"damaged": {Data: ttf}},
					Elements: []Element{{Type: ElementText, Box: Box{X: 10, Y: 10, W: 200, H: 20}, Text: text + " {{.RecipientName}}", Font: "damaged"}},
				}
				c, err := NewCertificate(tpl, CertificateOptions{Now: fixedNow})
				if err != nil {
					return err
				}
				_, err = c.RenderBytes(context.Background(), &CertificateData{RecipientName: "Zoë"})
				return err
			}
			for _, ep := range []struct {
				name  string
				field string
				run   func() error
			}{
				{"NewBadge", "font", func() error { _, err := NewBadge(design()); return err }},
				{"RenderBadgePNG", "font", func() error { return RenderBadgePNG(io.Discard, design(), 64) }},
				{"DefaultCertificateTemplate", "font", func() error { _, err := DefaultCertificateTemplate(design()); return err }},
				{"Badge.Image", "font", func() error { _, err := swapped.Image(64); return err }},
				{"Badge.WritePNG", "font", func() error { return swapped.WritePNG(io.Discard, 64) }},
				{"Certificate.Render", "fonts.damaged", cert},
			} {
				err := func() (err error) {
					defer func() {
						if p := recover(); p != nil {
							t.Fatalf("%s panicked: %v", ep.name, p)
						}
					}()
					return ep.run()
				}()
				var fe *FieldError
				if !errors.Is(err, ErrFont) || !errors.As(err, &fe) || fe.Field != ep.field {
					t.Errorf("%s: err = %v, want ErrFont on %q", ep.name, err, ep.field)
				}
			}
		})
	}
	// the pooled canvas a failed WritePNG used is not handed out half drawn
	var want, got bytes.Buffer
	if err := ok.WritePNG(&want, 64); err != nil {
		t.Fatal(err)
	}
	if err := ok.WritePNG(&got, 64); err != nil || !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Errorf("a good badge after failed renders differs (err %v)", err)
	}
}
