package render

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/draw"
	"image/png"
	"strings"
	"sync"
	"testing"

	"golang.org/x/image/font/gofont/gomono"
)

// sheet renders one badge per design into a grid.
func sheet(t *testing.T, designs []*BadgeDesign, cell, cols int) *image.RGBA {
	t.Helper()
	rows := (len(designs) + cols - 1) / cols
	out := image.NewRGBA(image.Rect(0, 0, cols*cell, rows*cell))
	for i, d := range designs {
		b, err := NewBadge(d)
		if err != nil {
			t.Fatalf("design %d: %v", i, err)
		}
		img, err := b.Image(cell)
		if err != nil {
			t.Fatal(err)
		}
		r := image.Rect((i%cols)*cell, (i/cols)*cell, (i%cols+1)*cell, (i/cols+1)*cell)
		draw.Draw(out, r, img, image.Point{}, draw.Over)
	}
	return out
}

func TestIconsGolden(t *testing.T) {
	names := Icons()
	if len(names) < 24 {
		t.Fatalf("%d icons, want at least 24", len(names))
	}
	var designs []*BadgeDesign
	for _, n := range names {
		designs = append(designs, &BadgeDesign{Shape: ShapeCircle, Border: &Border{Width: 2}, Icon: &Icon{Name: n, Size: 56}})
	}
	checkGolden(t, "testdata/golden/icons.png", sheet(t, designs, 96, 8))
}

func TestShapesGolden(t *testing.T) {
	var designs []*BadgeDesign
	styles := []string{BorderSolid, BorderDouble, BorderDashed, BorderSolid}
	for i, s := range Shapes() {
		designs = append(designs, &BadgeDesign{
			Shape:  s,
			Fill:   Paint{Gradient: &Gradient{From: mustHex("#334155"), To: mustHex("#64748b"), Angle: float64(45 * i)}},
			Border: &Border{Style: styles[i%len(styles)], Width: 3, Color: mustHex("#f59e0b")},
			Icon:   &Icon{Name: Icons()[i]},
			Title:  &Text{Text: s},
		})
	}
	checkGolden(t, "testdata/golden/shapes.png", sheet(t, designs, 160, 4))
}

func TestBadgeTransparentOutsideShape(t *testing.T) {
	for _, s := range Shapes() {
		b, err := NewBadge(&BadgeDesign{Shape: s})
		if err != nil {
			t.Fatal(err)
		}
		img, err := b.Image(200)
		if err != nil {
			t.Fatal(err)
		}
		if a := img.RGBAAt(0, 0).A; a != 0 {
			t.Errorf("%s: corner alpha %d, want transparent", s, a)
		}
		if a := img.RGBAAt(100, 100).A; s != ShapeRibbon && a != 255 {
			t.Errorf("%s: centre alpha %d, want opaque", s, a)
		}
	}
}

func TestBadgeErrors(t *testing.T) {
	notImage := []byte("GIF89a not an image we take")
	huge := pngHeader(50000, 50000)
	tests := []struct {
		name  string
		d     BadgeDesign
		kind  error
		field string
	}{
		{"no shape", BadgeDesign{}, ErrInvalidDesign, "shape"},
		{"unknown shape", BadgeDesign{Shape: "blob"}, ErrInvalidDesign, "shape"},
		{"unknown icon", BadgeDesign{Shape: "circle", Icon: &Icon{Name: "unicorn"}}, ErrInvalidDesign, "icon.name"},
		{"unknown border", BadgeDesign{Shape: "circle", Border: &Border{Style: "wavy"}}, ErrInvalidDesign, "border.style"},
		{"gradient half", BadgeDesign{Shape: "circle", Fill: Paint{Gradient: &Gradient{From: white}}}, ErrInvalidDesign, "fill.gradient"},
		{"empty title", BadgeDesign{Shape: "circle", Title: &Text{Text: " "}}, ErrInvalidDesign, "title.text"},
		{"not an image", BadgeDesign{Shape: "circle", Image: &ImageSpec{Data: notImage}}, ErrImage, "image"},
		{"truncated png", BadgeDesign{Shape: "circle", Image: &ImageSpec{Data: pngHeader(10, 10)}}, ErrImage, "image"},
		{"huge png", BadgeDesign{Shape: "circle", Image: &ImageSpec{Data: huge}}, ErrTooLarge, "image"},
		{"not a font", BadgeDesign{Shape: "circle", Title: &Text{Text: "x"}, Font: &FontSpec{Data: []byte("definitely not a font")}}, ErrFont, "font"},
		{"unknown font", BadgeDesign{Shape: "circle", Title: &Text{Text: "x"}, Font: &FontSpec{Name: "comic-sans"}}, ErrFont, "font.name"},
		{"title too long", BadgeDesign{Shape: "circle", Title: &Text{Text: strings.Repeat("Supercalifragilistic ", 6)}}, ErrTextOverflow, "title.text"},
		{"word too long", BadgeDesign{Shape: "circle", Banner: &Banner{Text: strings.Repeat("W", 40)}}, ErrTextOverflow, "banner.text"},
		{"unloaded path", BadgeDesign{Shape: "circle", Image: &ImageSpec{Path: "x.png"}}, ErrImage, "image.path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewBadge(&tt.d)
			var fe *FieldError
			if !errors.Is(err, tt.kind) || !errors.As(err, &fe) || fe.Field != tt.field {
				t.Fatalf("err = %v, want %v on field %q", err, tt.kind, tt.field)
			}
			if !strings.Contains(err.Error(), tt.field) {
				t.Errorf("message %q does not name the field", err)
			}
		})
	}
	b, err := NewBadge(&BadgeDesign{Shape: "circle"})
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []int{0, 8, MaxBadgeSize + 1} {
		if _, err := b.Image(size); !errors.Is(err, ErrTooLarge) {
			t.Errorf("size %d: err = %v, want ErrTooLarge", size, err)
		}
	}
}

// TestBadgeMissingGlyph: text the font cannot draw is an error naming the
// member and the first character it lacks, as for certificates, not boxes.
func TestBadgeMissingGlyph(t *testing.T) {
	tests := []struct {
		name  string
		d     BadgeDesign
		field string // "" when the text renders
		char  string
	}{
		{"CJK title", BadgeDesign{Shape: ShapeCircle, Title: &Text{Text: "山田 Zoë"}}, "title.text", `'山' (U+5C71)`},
		{"CJK banner", BadgeDesign{Shape: ShapeCircle, Title: &Text{Text: "Zoë"}, Banner: &Banner{Text: "ZOË 東京"}}, "banner.text", `'東' (U+6771)`},
		{"other font", BadgeDesign{Shape: ShapeCircle, Title: &Text{Text: "Zoë ☃"}, Font: &FontSpec{Name: "go-mono"}}, "title.text", `'☃' (U+2603)`},
		{"accents and Greek", BadgeDesign{Shape: ShapeCircle, Title: &Text{Text: "Zoë Ångström"}, Banner: &Banner{Text: "Ελένη"}}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewBadge(&tt.d)
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var fe *FieldError
			if !errors.Is(err, ErrInvalidDesign) || !errors.As(err, &fe) || fe.Field != tt.field || !strings.Contains(err.Error(), tt.char) {
				t.Fatalf("err = %v, want ErrInvalidDesign on %q naming %s", err, tt.field, tt.char)
			}
		})
	}
}

// pngHeader is a PNG signature and IHDR claiming w×h pixels, with no data.
func pngHeader(w, h int) []byte {
	var b bytes.Buffer
	img := image.NewGray(image.Rect(0, 0, 1, 1))
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	out := b.Bytes()[:33] // signature + IHDR chunk
	out[16], out[17], out[18], out[19] = byte(w>>24), byte(w>>16), byte(w>>8), byte(w)
	out[20], out[21], out[22], out[23] = byte(h>>24), byte(h>>16), byte(h>>8), byte(h)
	binary.BigEndian.PutUint32(out[29:], crc32.ChecksumIEEE(out[12:29]))
	return out
}

func TestBadgeCustomFont(t *testing.T) {
	d := &BadgeDesign{Shape: ShapeCircle, Title: &Text{Text: "Zoë"}, Font: &FontSpec{Data: gomono.TTF}}
	b, err := NewBadge(d)
	if err != nil {
		t.Fatal(err)
	}
	mono, _ := b.Image(128)
	d.Font = nil
	b, err = NewBadge(d)
	if err != nil {
		t.Fatal(err)
	}
	bold, _ := b.Image(128)
	if meanDiff(mono, bold) == 0 {
		t.Error("the supplied font made no difference")
	}
}

func TestTextShrinksThenWraps(t *testing.T) {
	b, err := NewBadge(&BadgeDesign{Shape: "circle", Title: &Text{Text: "Go", Size: 11}})
	if err != nil {
		t.Fatal(err)
	}
	l, _ := b.layoutText()
	if l.title.size != 11 || len(l.title.lines) != 1 {
		t.Errorf("short title: %+v, want size 11 on one line", l.title)
	}
	b, err = NewBadge(&BadgeDesign{Shape: "circle", Title: &Text{Text: "Distributed Systems", Size: 11}})
	if err != nil {
		t.Fatal(err)
	}
	l, _ = b.layoutText()
	if l.title.size >= 11 || l.title.size < 11*0.6 || len(l.title.lines) != 1 {
		t.Errorf("longer title: %+v, want shrunk on one line", l.title)
	}
	b, err = NewBadge(&BadgeDesign{Shape: "circle", Title: &Text{Text: "Advanced Distributed Systems Design", Size: 11}})
	if err != nil {
		t.Fatal(err)
	}
	l, _ = b.layoutText()
	if len(l.title.lines) != 2 || strings.Join(l.title.lines, " ") != "Advanced Distributed Systems Design" {
		t.Errorf("long title: %+v, want all words on two lines", l.title)
	}
}

func TestBadgeConcurrent(t *testing.T) {
	b, err := NewBadge(DefaultBadgeDesign())
	if err != nil {
		t.Fatal(err)
	}
	want, err := b.Image(128)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			img, err := b.Image(128)
			if err == nil && !bytes.Equal(img.Pix, want.Pix) {
				err = fmt.Errorf("concurrent render differs")
			}
			if err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestBadgeDesignJSONRoundTrip(t *testing.T) {
	d := DefaultBadgeDesign()
	d.Image = &ImageSpec{Data: []byte{1, 2, 3}}
	data, err := jsonMarshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var back BadgeDesign
	if err := decodeStrict(data, &back, ErrInvalidDesign); err != nil {
		t.Fatal(err)
	}
	again, err := jsonMarshal(&back)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, again) {
		t.Errorf("round trip changed the design:\n%s\n%s", data, again)
	}
}

func BenchmarkBadge600(b *testing.B) {
	badge, err := NewBadge(DefaultBadgeDesign())
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := badge.WritePNG(&buf, 600); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "png-bytes")
}

func TestWritePNGDecodes(t *testing.T) {
	b, err := NewBadge(DefaultBadgeDesign())
	if err != nil {
		t.Fatal(err)
	}
	want, err := b.Image(300)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := b.WritePNG(&buf, 300); err != nil {
		t.Fatal(err)
	}
	got, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	// straight alpha loses a little precision on translucent edge pixels
	if d := meanDiff(got, want); d > 0.05 {
		t.Errorf("decoded PNG differs from the image by %.3f", d)
	}
}

func BenchmarkBadgeStdlibPNG(b *testing.B) {
	badge, err := NewBadge(DefaultBadgeDesign())
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		img, err := badge.Image(600)
		if err != nil {
			b.Fatal(err)
		}
		if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "png-bytes")
}

func BenchmarkBadgeRasterOnly(b *testing.B) {
	badge, err := NewBadge(DefaultBadgeDesign())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := badge.Image(600); err != nil {
			b.Fatal(err)
		}
	}
}
