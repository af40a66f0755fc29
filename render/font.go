package render

import (
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
	"sync"
	"unicode"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomedium"
	"golang.org/x/image/font/gofont/gomediumitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/gofont/gosmallcaps"
	"golang.org/x/image/font/gofont/gosmallcapsitalic"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// MaxFontBytes bounds a caller-supplied font file.
const MaxFontBytes = 32 << 20

// FontSpec names a font: one of the bundled Go fonts by Name (see
// BuiltinFonts), or a TrueType (.ttf) file by Path (relative to the design
// or template file) or Data. Data wins over Path, Path over Name.
type FontSpec struct {
	Name string `json:"name,omitempty"`
	Path string `json:"path,omitempty"`
	Data []byte `json:"data,omitempty"`
}

// builtinFonts are the Go fonts (golang.org/x/image/font/gofont).
var builtinFonts = map[string][]byte{
	"go-regular":          goregular.TTF,
	"go-bold":             gobold.TTF,
	"go-italic":           goitalic.TTF,
	"go-bold-italic":      gobolditalic.TTF,
	"go-medium":           gomedium.TTF,
	"go-medium-italic":    gomediumitalic.TTF,
	"go-mono":             gomono.TTF,
	"go-mono-bold":        gomonobold.TTF,
	"go-smallcaps":        gosmallcaps.TTF,
	"go-smallcaps-italic": gosmallcapsitalic.TTF,
}

// BuiltinFonts lists the names of the bundled fonts.
func BuiltinFonts() []string {
	names := make([]string, 0, len(builtinFonts))
	for n := range builtinFonts {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// parsedFont is a checked TrueType font, parsed once and shared read-only.
type parsedFont struct {
	key  string // stable name used inside PDFs
	data []byte
	tt   *truetype.Font
	// glyphs caches checkGlyph's verdict (nil or an error) by glyph index,
	// so that a compiled certificate reads each glyph once, not per document.
	glyphs sync.Map
}

// checkGlyph loads glyph i as drawing it would. The table directory was
// checked by parseFont, but freetype trusts the glyph data itself and
// panics (or fails silently, drawing nothing) on some damage.
func (f *parsedFont) checkGlyph(i truetype.Index) (err error) {
	if v, ok := f.glyphs.Load(i); ok {
		err, _ = v.(error)
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("glyph reader failed: %v", r)
		}
		f.glyphs.Store(i, err)
	}()
	var g truetype.GlyphBuf
	return g.Load(f.tt, fixed.I(256), i, font.HintingNone)
}

// checkText reports the first character of s the font cannot draw: one it
// has no glyph for (a kind error on field, naming the font as name), or
// one whose glyph is damaged (ErrFont on fontField).
func (f *parsedFont) checkText(kind error, field, name, fontField, s string) (err error) {
	defer func() { // Index trusts the cmap's offsets
		if p := recover(); p != nil {
			err = fieldErr(ErrFont, fontField, "damaged font: character map reader failed: %v", p)
		}
	}()
	for _, r := range s {
		if unicode.IsControl(r) {
			continue
		}
		i := f.tt.Index(r)
		if i == 0 && !unicode.IsSpace(r) {
			return fieldErr(kind, field, "font %q has no glyph for %q (U+%04X); use a font that covers it", name, r, r)
		}
		if err := f.checkGlyph(i); err != nil {
			return fieldWrap(ErrFont, fontField, err, "damaged font: the glyph for %q (U+%04X) cannot be read", r, r)
		}
	}
	return nil
}

// face returns a new face of the given pixel size (faces keep a glyph cache
// and are not safe for concurrent use, so each render makes its own).
func (f *parsedFont) face(px float64) font.Face {
	// The default cache holds 512 glyph masks of the face's size: far more
	// memory than a badge's few words need.
	return truetype.NewFace(f.tt, &truetype.Options{Size: px, Hinting: font.HintingNone, GlyphCacheEntries: 16})
}

// loadFont resolves spec (defaulting to def) and checks the bytes.
func loadFont(field string, spec *FontSpec, def string) (*parsedFont, error) {
	name := def
	var data []byte
	switch {
	case spec != nil && len(spec.Data) > 0:
		data, name = spec.Data, "custom"
	case spec != nil && spec.Path != "":
		return nil, fieldErr(ErrFont, field+".path", "font file %q was not loaded (use LoadBadgeDesign / LoadCertificateTemplate, or set data)", spec.Path)
	case spec != nil && spec.Name != "":
		name = spec.Name
		fallthrough
	default:
		var ok bool
		if data, ok = builtinFonts[name]; !ok {
			return nil, fieldErr(ErrFont, field+".name", "unknown font %q (built in: %v)", name, BuiltinFonts())
		}
	}
	return parseFont(field, name, data)
}

func parseFont(field, name string, data []byte) (f *parsedFont, err error) {
	if len(data) > MaxFontBytes {
		return nil, fieldErr(ErrTooLarge, field, "font is %d bytes, the limit is %d", len(data), MaxFontBytes)
	}
	if err := checkTrueType(data); err != nil {
		return nil, fieldWrap(ErrFont, field, err, "not a usable TrueType font")
	}
	if _, err := sfnt.Parse(data); err != nil {
		return nil, fieldWrap(ErrFont, field, err, "not a usable TrueType font")
	}
	defer func() { // the freetype parser is old; never let a font crash a render
		if r := recover(); r != nil {
			f, err = nil, fieldErr(ErrFont, field, "font parser failed: %v", r)
		}
	}()
	tt, err := truetype.Parse(data)
	if err != nil {
		return nil, fieldWrap(ErrFont, field, err, "not a usable TrueType font")
	}
	return &parsedFont{key: name, data: data, tt: tt}, nil
}

// checkTrueType reads the table directory: TrueType outlines (not CFF, not
// a collection) with every table the PDF font subsetter reads, each inside
// the file. gofpdf's parser trusts these, so they are checked first.
func checkTrueType(b []byte) error {
	if len(b) < 12 {
		return fmt.Errorf("%d bytes is too short", len(b))
	}
	switch v := binary.BigEndian.Uint32(b); v {
	case 0x00010000, 0x74727565: // 1.0, 'true'
	case 0x4f54544f:
		return fmt.Errorf("OpenType CFF outlines are not supported, use a TrueType (glyf) font")
	case 0x74746366:
		return fmt.Errorf("font collections (.ttc) are not supported")
	default:
		return fmt.Errorf("unknown font signature %#08x", v)
	}
	n := int(binary.BigEndian.Uint16(b[4:]))
	if len(b) < 12+16*n {
		return fmt.Errorf("table directory is cut short")
	}
	var have []string
	for i := range n {
		r := b[12+16*i:]
		tag := string(r[:4])
		off, ln := uint64(binary.BigEndian.Uint32(r[8:])), uint64(binary.BigEndian.Uint32(r[12:]))
		if off+ln > uint64(len(b)) {
			return fmt.Errorf("table %q lies outside the file", tag)
		}
		have = append(have, tag)
	}
	for _, t := range []string{"head", "hhea", "maxp", "hmtx", "cmap", "glyf", "loca", "post", "name"} {
		if !slices.Contains(have, t) {
			return fmt.Errorf("table %q is missing", t)
		}
	}
	return nil
}
