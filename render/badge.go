package render

import (
	"image"
	"image/color"
	"io"
	"math"
	"strings"
	"sync"

	"github.com/fogleman/gg"
	"github.com/golang/freetype/raster"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// Output size limits for badges, in pixels.
const (
	MinBadgeSize = 16
	MaxBadgeSize = 4096
)

// Default palette: deep blue and gold, which reads well small and large.
var (
	defaultFillFrom = mustHex("#1e40af")
	defaultFillTo   = mustHex("#3b82f6")
	defaultGold     = mustHex("#f5b82e")
	defaultInk      = mustHex("#2b2100")
	white           = mustHex("#ffffff")
)

// Badge is a compiled badge design: images decoded, fonts parsed and
// icons built once. It is immutable and safe for concurrent use.
type Badge struct {
	d     BadgeDesign
	shape shapeDef
	body  vpath
	back  vpath
	icon  compiledIcon
	img   image.Image
	font  *parsedFont
}

// NewBadge validates and compiles a design. Image and font Paths must have
// been loaded into Data (LoadBadgeDesign does it).
func NewBadge(d *BadgeDesign) (*Badge, error) {
	if d == nil {
		return nil, fieldErr(ErrInvalidDesign, "$", "no design")
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	b := &Badge{d: cloneDesign(d), shape: shapes[d.Shape]}
	b.shape.body(&b.body)
	if b.shape.back != nil {
		b.shape.back(&b.back)
	}
	var err error
	if d.Icon != nil {
		if b.icon, err = compileIcon("icon.name", d.Icon.Name); err != nil {
			return nil, err
		}
	}
	if d.Image != nil {
		if len(d.Image.Data) == 0 {
			return nil, fieldErr(ErrImage, "image.path", "image file %q was not loaded (use LoadBadgeDesign, or set data)", d.Image.Path)
		}
		im, err := decodeImage("image", d.Image.Data)
		if err != nil {
			return nil, err
		}
		b.img = im.img
	}
	if d.Title != nil || d.Banner != nil {
		if b.font, err = loadFont("font", d.Font, "go-bold"); err != nil {
			return nil, err
		}
		// Every character is checked now, as certificates check theirs:
		// a missing glyph would be drawn as a box, a damaged one panics
		// inside freetype. 'H' is read for the cap height.
		if d.Title != nil {
			if err := b.font.checkText(ErrInvalidDesign, "title.text", b.font.key, "font", d.Title.Text); err != nil {
				return nil, err
			}
		}
		if d.Banner != nil {
			if err := b.font.checkText(ErrInvalidDesign, "banner.text", b.font.key, "font", d.Banner.Text); err != nil {
				return nil, err
			}
		}
		if i := b.font.tt.Index('H'); i != 0 {
			if err := b.font.checkGlyph(i); err != nil {
				return nil, fieldWrap(ErrFont, "font", err, "damaged font: the glyph for 'H' cannot be read")
			}
		}
		// Lay out once at a nominal size so that text that can never fit
		// is reported now, not at the first render.
		if _, err := b.layoutText(); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// cloneDesign copies what a Badge keeps, so that the caller changing its
// design afterwards cannot change (or race with) the compiled badge.
func cloneDesign(d *BadgeDesign) BadgeDesign {
	c := *d
	if d.Fill.Gradient != nil {
		g := *d.Fill.Gradient
		c.Fill.Gradient = &g
	}
	clone := func(p *Border) *Border {
		if p == nil {
			return nil
		}
		v := *p
		return &v
	}
	c.Border, c.Ring = clone(d.Border), clone(d.Ring)
	if d.Icon != nil {
		v := *d.Icon
		c.Icon = &v
	}
	if d.Title != nil {
		v := *d.Title
		c.Title = &v
	}
	if d.Banner != nil {
		v := *d.Banner
		c.Banner = &v
	}
	c.Image, c.Font = nil, nil // decoded and parsed into the Badge
	return c
}

// RenderBadgePNG compiles d and writes it as a size × size PNG.
func RenderBadgePNG(w io.Writer, d *BadgeDesign, size int) error {
	b, err := NewBadge(d)
	if err != nil {
		return err
	}
	return b.WritePNG(w, size)
}

// WritePNG renders the badge at size × size pixels and writes it as a PNG
// tuned for speed (zlib BestSpeed, one fixed row filter; see writePNG):
// about 3× faster than image/png's default and files 10–20% larger.
// Encode Image's result with image/png for the smallest files.
func (b *Badge) WritePNG(w io.Writer, size int) error {
	l, err := b.layout(size)
	if err != nil {
		return err
	}
	// the image does not leave this call, so its canvas is reused
	c := getCanvas(size)
	if err := (&badgeRenderer{b: b, l: l, u: float64(size) / 100, canvas: c}).draw(); err != nil {
		return err // the canvas is dropped: a failed draw may have left it in any state
	}
	defer canvases.Put(c)
	return writePNG(w, c.dc.Image().(*image.RGBA))
}

// textLayout is where the title and banner go, in design units.
type textLayout struct {
	iconY, iconSize float64
	title           *fitted
	titleY          float64
	banner          *fitted
	bannerY, bandH  float64
}

// Geometry of text areas, in content-frame units.
const (
	titleMaxW   = 72
	bannerTextW = 70
)

func (b *Badge) layoutText() (l textLayout, err error) {
	defer func() { // the measurer reads the font's kerning and metrics tables
		if p := recover(); p != nil {
			l, err = textLayout{}, fieldErr(ErrFont, "font", "damaged font: reading its metrics failed: %v", p)
		}
	}()
	d := &b.d
	l = textLayout{iconY: 50, iconSize: 40}
	switch {
	case d.Title != nil && d.Banner != nil:
		l.iconY, l.iconSize, l.titleY, l.bannerY = 35, 32, 58, 77
	case d.Banner != nil:
		l.iconY, l.bannerY = 42, 74
	case d.Title != nil:
		l.iconY, l.titleY = 42, 74
	}
	if b.img != nil && d.Icon == nil {
		l.iconY = 50
	}
	if d.Icon != nil {
		if d.Icon.Y > 0 {
			l.iconY = d.Icon.Y
		}
		if d.Icon.Size > 0 {
			l.iconSize = d.Icon.Size
		}
	}
	measure := b.measurer()
	if t := d.Title; t != nil {
		if t.Y > 0 {
			l.titleY = t.Y
		}
		size := orF(t.Size, 11)
		f, ok := fitText(t.Text, size, orF(t.Min, size*0.6), titleMaxW, size*lineHeight*2, 2, false, measure)
		if !ok {
			return l, fieldErr(ErrTextOverflow, "title.text", "%q does not fit in two lines at size %g", t.Text, orF(t.Min, size*0.6))
		}
		l.title = &f
	}
	if bn := d.Banner; bn != nil {
		if bn.Y > 0 {
			l.bannerY = bn.Y
		}
		size := orF(bn.Size, 8.5)
		f, ok := fitText(bn.Text, size, size*0.65, bannerTextW/b.shape.k, size*lineHeight*2, 2, false, measure)
		if !ok {
			return l, fieldErr(ErrTextOverflow, "banner.text", "%q does not fit on the banner at size %g", bn.Text, size*0.65)
		}
		l.banner = &f
		l.bandH = size * 1.9
		if len(f.lines) == 2 {
			l.bandH = f.size*lineHeight + size*1.9
		}
	}
	return l, nil
}

// measurer returns a string's advance width at size 1, from the font's
// metrics (read-only, so safe to share).
func (b *Badge) measurer() func(string) float64 {
	tt := b.font.tt
	const scale = 1000
	return func(s string) float64 {
		var w fixed.Int26_6
		prev, hasPrev := truetype.Index(0), false
		for _, r := range s {
			i := tt.Index(r)
			if hasPrev {
				w += tt.Kern(fixed.I(scale), prev, i)
			}
			w += tt.HMetric(fixed.I(scale), i).AdvanceWidth
			prev, hasPrev = i, true
		}
		return float64(w) / 64 / scale
	}
}

func orF(v, def float64) float64 {
	if v > 0 {
		return v
	}
	return def
}

// Image renders the badge at size × size pixels on a transparent
// background.
func (b *Badge) Image(size int) (*image.RGBA, error) {
	l, err := b.layout(size)
	if err != nil {
		return nil, err
	}
	r := &badgeRenderer{b: b, l: l, u: float64(size) / 100, canvas: newCanvas(size)}
	if err := r.draw(); err != nil {
		return nil, err
	}
	return r.dc.Image().(*image.RGBA), nil
}

// layout checks size and places the icon and text.
func (b *Badge) layout(size int) (textLayout, error) {
	if size < MinBadgeSize || size > MaxBadgeSize {
		return textLayout{}, fieldErr(ErrTooLarge, "size", "%d pixels is outside %d…%d", size, MinBadgeSize, MaxBadgeSize)
	}
	if b.font != nil {
		return b.layoutText()
	}
	l := textLayout{iconY: 50, iconSize: 40}
	if b.d.Icon != nil {
		l.iconY, l.iconSize = orF(b.d.Icon.Y, 50), orF(b.d.Icon.Size, 40)
	}
	return l, nil
}

type badgeRenderer struct {
	b *Badge
	l textLayout
	u float64 // pixels per design unit
	m affine  // shape box → pixels
	*canvas
}

// canvas is what one render draws with: a gg context over the image, and
// the rasteriser and path of fillGradient.
type canvas struct {
	dc   *gg.Context
	ras  *raster.Rasterizer
	path raster.Path
}

func newCanvas(size int) *canvas {
	return &canvas{dc: gg.NewContext(size, size), ras: raster.NewRasterizer(size, size)}
}

// canvases are reused by WritePNG: a 600 px canvas is 1.4 MB of pixels
// plus rasteriser cells and path buffers that grow during a render.
var canvases sync.Pool

// getCanvas returns a cleared canvas of the given size, with gg's state
// as a new context has it (every setting gg.Context has is reset here).
func getCanvas(size int) *canvas {
	c, ok := canvases.Get().(*canvas)
	if !ok || c.dc.Width() != size {
		return newCanvas(size)
	}
	clear(c.dc.Image().(*image.RGBA).Pix)
	dc := c.dc
	dc.ClearPath()
	dc.ResetClip()
	dc.Identity()
	dc.SetColor(color.Transparent)
	dc.SetDash()
	dc.SetDashOffset(0)
	dc.SetLineWidth(1)
	dc.SetLineCapRound()
	dc.SetLineJoinRound()
	dc.SetFillRuleWinding()
	return c
}

func (r *badgeRenderer) border() Border {
	bd := Border{Style: BorderSolid, Width: 3, Color: defaultGold}
	if r.b.d.Border != nil {
		bd.Style = orS(r.b.d.Border.Style, BorderSolid)
		bd.Width = orF(r.b.d.Border.Width, 3)
		bd.Color = r.b.d.Border.Color.or(defaultGold)
	}
	if bd.Style == BorderNone {
		bd.Width = 0
	}
	return bd
}

func orS(v, def string) string {
	if v != "" {
		return v
	}
	return def
}

// frame maps content-frame coordinates to pixels.
func (r *badgeRenderer) frame(x, y float64) (float64, float64) {
	s := r.b.shape
	p := r.m.apply(pt{s.cx + (x-50)*s.k, s.cy + (y-50)*s.k})
	return p.X, p.Y
}

func (r *badgeRenderer) draw() error {
	d, dc, u := &r.b.d, r.dc, r.u
	bd := r.border()
	margin := 1 + bd.Width/2
	if d.Banner != nil {
		margin += 3
	}
	sc := (100 - 2*margin) / 100 * u
	r.m = affine{sx: sc, sy: sc, tx: margin * u, ty: margin * u}

	if len(r.b.back) > 0 { // ribbon tails, darker than the medal
		r.b.back.emit(dc, r.m)
		dc.SetColor(r.baseColor().shade(-0.28).NRGBA())
		dc.FillPreserve()
		if bd.Width > 0 {
			dc.SetColor(bd.Color.NRGBA())
			dc.SetLineWidth(bd.Width * 0.6 * u)
			dc.SetLineJoinRound()
			dc.StrokePreserve()
		}
		dc.ClearPath()
	}

	r.fillBody()

	if r.b.img != nil {
		r.drawImage()
	}
	if ring := d.Ring; ring != nil && ring.Style != BorderNone {
		inset := orF(ring.Inset, 6)
		k := (50 - inset) / 50
		s := r.b.shape
		c := pt{s.cx, s.cy}
		m := affine{sx: r.m.sx * k, sy: r.m.sy * k, tx: r.m.tx + c.X*r.m.sx*(1-k), ty: r.m.ty + c.Y*r.m.sy*(1-k)}
		r.b.body.emit(dc, m)
		r.strokeStyled(Border{Style: orS(ring.Style, BorderSolid), Width: orF(ring.Width, 1), Color: ring.Color.or(white.withAlpha(150))}, r.b.body, m)
	}
	if r.b.icon != nil {
		r.drawIcon()
	}
	if r.l.title != nil {
		t := d.Title
		if err := r.drawLines(r.l.title, r.l.titleY, t.Color.or(r.iconColor()), true); err != nil {
			return err
		}
	}
	if bd.Width > 0 {
		r.b.body.emit(dc, r.m)
		r.strokeStyled(bd, r.b.body, r.m)
	}
	if r.l.banner != nil {
		return r.drawBanner()
	}
	return nil
}

func (c Color) withAlpha(a uint8) Color { c.A = a; return c }

// fillBody paints the shape, in a flat colour or a linear gradient.
func (r *badgeRenderer) fillBody() {
	dc := r.dc
	f := r.b.d.Fill
	if f.Color.Set && f.Gradient == nil {
		r.b.body.emit(dc, r.m)
		dc.SetColor(f.Color.NRGBA())
		dc.Fill()
		return
	}
	r.fillGradient(r.b.body, r.m, newLinearGradient(r.gradient()))
}

// paintGradient paints what cover strokes (or fills) with g as a gg
// pattern, then sets the colour back to transparent. (Fills go through
// fillGradient, which is faster.)
func (r *badgeRenderer) paintGradient(cover func(dc *gg.Context), g *linearGradient) {
	r.dc.SetFillStyle(g)
	r.dc.SetStrokeStyle(g)
	cover(r.dc)
	r.dc.SetColor(color.Transparent)
}

// gradient returns the fill gradient's end points in pixels and colours.
func (r *badgeRenderer) gradient() (x0, y0, x1, y1 float64, from, to Color) {
	g := Gradient{From: defaultFillFrom, To: defaultFillTo}
	if f := r.b.d.Fill; f.Gradient != nil {
		g = *f.Gradient
	}
	a := g.Angle * math.Pi / 180
	dx, dy := math.Sin(a)*50, math.Cos(a)*50
	x0, y0 = r.frame(50-dx, 50-dy)
	x1, y1 = r.frame(50+dx, 50+dy)
	return x0, y0, x1, y1, g.From, g.To
}

// baseColor is the fill's main colour (the gradient's end).
func (r *badgeRenderer) baseColor() Color {
	f := r.b.d.Fill
	if f.Gradient != nil {
		return f.Gradient.To
	}
	if f.Color.Set {
		return f.Color
	}
	return defaultFillFrom
}

func (r *badgeRenderer) iconColor() Color {
	if r.b.d.Icon != nil && r.b.d.Icon.Color.Set {
		return r.b.d.Icon.Color
	}
	return white
}

// strokeStyled strokes the current path in the border's style; the gap of
// a double border shows the fill.
func (r *badgeRenderer) strokeStyled(bd Border, p vpath, m affine) {
	dc, u := r.dc, r.u
	w := bd.Width * u
	dc.SetLineJoinRound()
	dc.SetLineCapRound()
	dc.SetColor(bd.Color.NRGBA())
	switch bd.Style {
	case BorderDouble:
		dc.SetLineWidth(w)
		dc.Stroke()
		gap := func(dc *gg.Context) {
			p.emit(dc, m)
			dc.SetLineWidth(w / 3)
			dc.SetLineJoinRound()
			dc.Stroke()
		}
		if f := r.b.d.Fill; f.Color.Set && f.Gradient == nil {
			dc.SetColor(f.Color.NRGBA())
			gap(dc)
		} else {
			r.paintGradient(gap, newLinearGradient(r.gradient()))
		}
	case BorderDashed:
		dc.SetDash(w*2.2, w*1.6)
		dc.SetLineWidth(w)
		dc.Stroke()
		dc.SetDash()
	default:
		dc.SetLineWidth(w)
		dc.Stroke()
	}
}

func (r *badgeRenderer) drawImage() {
	dc := r.dc
	minX, minY, maxX, maxY := r.b.body.bounds(r.m)
	bw, bh := maxX-minX, maxY-minY
	src := r.b.img.Bounds()
	scale := math.Max(bw/float64(src.Dx()), bh/float64(src.Dy())) // cover
	w, h := int(math.Ceil(float64(src.Dx())*scale)), int(math.Ceil(float64(src.Dy())*scale))
	if w < 1 || h < 1 {
		return
	}
	scaled := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(scaled, scaled.Bounds(), r.b.img, src, draw.Src, nil)
	dc.Push()
	r.b.body.emit(dc, r.m)
	dc.Clip()
	cx, cy := (minX+maxX)/2, (minY+maxY)/2
	dc.DrawImageAnchored(scaled, int(math.Round(cx)), int(math.Round(cy)), 0.5, 0.5)
	dc.ResetClip()
	dc.Pop()
}

func (r *badgeRenderer) drawIcon() {
	dc := r.dc
	s := r.b.shape
	size := r.l.iconSize * s.k * r.m.sx // pixels
	cx, cy := r.frame(50, r.l.iconY)
	k := size / 24
	m := affine{sx: k, sy: k, tx: cx - 12*k, ty: cy - 12*k}
	shadow := affine{sx: k, sy: k, tx: m.tx + 0.35*k, ty: m.ty + 0.55*k}
	for pass, mm := range []affine{shadow, m} {
		col := r.iconColor().NRGBA()
		if pass == 0 {
			col = color.NRGBA{0, 0, 0, 46}
		}
		for _, op := range r.b.icon {
			op.p.emit(dc, mm)
			dc.SetColor(col)
			if op.stroke > 0 {
				dc.SetLineWidth(op.stroke * k)
				dc.SetLineCapRound()
				dc.SetLineJoinRound()
				dc.Stroke()
			} else {
				dc.SetFillRuleEvenOdd()
				dc.Fill()
				dc.SetFillRuleWinding()
			}
		}
	}
}

// drawLines draws fitted text centred on content-frame y. NewBadge read
// every glyph of the text once; the recover is a backstop, since freetype
// panics on glyph data it cannot read and the font is the caller's.
func (r *badgeRenderer) drawLines(f *fitted, y float64, col Color, shadow bool) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fieldErr(ErrFont, "font", "damaged font: drawing %q failed: %v", strings.Join(f.lines, " "), p)
		}
	}()
	s := r.b.shape
	px := f.size * s.k * r.m.sx
	face := r.b.font.face(px)
	defer face.Close()
	capH := capHeight(face, px)
	cx, cy := r.frame(50, y)
	lead := px * lineHeight
	top := cy - lead*float64(len(f.lines)-1)/2 + capH/2
	for i, line := range f.lines {
		by := top + float64(i)*lead
		if shadow {
			r.drawString(face, line, cx+px*0.03, by+px*0.05, color.NRGBA{0, 0, 0, 50})
		}
		r.drawString(face, line, cx, by, col.NRGBA())
	}
	return nil
}

// drawString draws s centred on x with its baseline at y, placed as gg's
// DrawStringAnchored(s, x, y, 0.5, 0) places it. gg composites each glyph
// through a generic bilinear transform that reads every destination pixel
// through image.Image.At (an allocation per pixel); font.Drawer takes
// image/draw's glyph fast path, with the same coverage.
func (r *badgeRenderer) drawString(face font.Face, s string, x, y float64, c color.NRGBA) {
	d := font.Drawer{Dst: r.dc.Image().(*image.RGBA), Src: image.NewUniform(c), Face: face}
	w := float64(d.MeasureString(s) >> 6) // whole pixels, as gg measures
	d.Dot = fixed.Point26_6{X: fixed.Int26_6((x - w/2) * 64), Y: fixed.Int26_6(y * 64)}
	d.DrawString(s)
}

func capHeight(face font.Face, px float64) float64 {
	if b, _, ok := face.GlyphBounds('H'); ok && b.Min.Y < 0 {
		return float64(-b.Min.Y) / 64
	}
	return px * 0.7
}

func (r *badgeRenderer) drawBanner() error {
	dc, bn := r.dc, r.b.d.Banner
	u := r.u
	col := bn.Color.or(defaultGold)
	_, cy := r.frame(50, r.l.bannerY)
	h := r.l.bandH * r.b.shape.k * r.m.sx
	top, bot := cy-h/2, cy+h/2
	// band spans most of the width; its folded ends stick out at the sides
	left, right := 9*u, 91*u
	drop := h * 0.32
	endW := 9 * u
	notch := 3.2 * u
	dark := col.shade(-0.3)
	darker := col.shade(-0.5)
	for _, side := range []float64{-1, 1} {
		edge, inner := left, left+2.6*u
		if side > 0 {
			edge, inner = right, right-2.6*u
		}
		outer := edge + side*endW
		// end piece, behind the band
		var p vpath
		p.polygon(pt{inner, top + drop}, pt{outer, top + drop}, pt{outer - side*notch, cy + drop}, pt{outer, bot + drop}, pt{inner, bot + drop})
		p.emit(dc, affine{sx: 1, sy: 1})
		dc.SetColor(dark.NRGBA())
		dc.Fill()
		// fold: the band's corner turning under
		p = nil
		p.polygon(pt{edge, bot}, pt{inner, bot + drop}, pt{inner, bot})
		p.emit(dc, affine{sx: 1, sy: 1})
		dc.SetColor(darker.NRGBA())
		dc.Fill()
	}
	// band with a soft vertical gradient
	var band vpath
	band.polygon(pt{left, top}, pt{right, top}, pt{right, bot}, pt{left, bot})
	r.fillGradient(band, affine{sx: 1, sy: 1}, newLinearGradient(0, top, 0, bot, col.shade(0.18), col.shade(-0.08)))
	// thin highlight lines along the band
	dc.SetColor(col.shade(-0.35).withAlpha(120).NRGBA())
	dc.SetLineWidth(math.Max(0.6*u, 1))
	inset := h * 0.12
	dc.DrawLine(left, top+inset, right, top+inset)
	dc.DrawLine(left, bot-inset, right, bot-inset)
	dc.Stroke()

	tc := bn.TextColor
	if !tc.Set {
		tc = white
		if col.luminance() > 0.6 {
			tc = defaultInk
		}
	}
	return r.drawLines(r.l.banner, r.l.bannerY, tc, false)
}
