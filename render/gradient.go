package render

import (
	"image"
	"image/color"

	"github.com/fogleman/gg"
	"github.com/golang/freetype/raster"
	"golang.org/x/image/math/fixed"
)

// gradientSteps is how finely a gradient's colours are tabulated.
const gradientSteps = 1024

// linearGradient is a linear gradient in pixels with its colours
// tabulated, premultiplied. As a gg.Pattern, ColorAt returns pointers into
// the table: a pointer fits in an interface, so asking for a pixel's
// colour allocates nothing (gg's own gradients allocate a color.Color per
// pixel).
type linearGradient struct {
	x0, y0, sx, sy float64 // t = (x+0.5-x0)*sx + (y+0.5-y0)*sy
	lut            [gradientSteps + 1]color.RGBA
}

func newLinearGradient(x0, y0, x1, y1 float64, from, to Color) *linearGradient {
	dx, dy := x1-x0, y1-y0
	l2 := dx*dx + dy*dy
	if l2 == 0 {
		l2 = 1
	}
	g := &linearGradient{x0: x0, y0: y0, sx: dx / l2, sy: dy / l2}
	for i := range g.lut {
		t := float64(i) / gradientSteps
		a := float64(from.A) + (float64(to.A)-float64(from.A))*t
		mix := func(u, v uint8) uint8 { return uint8((float64(u) + (float64(v)-float64(u))*t) * a / 255) }
		g.lut[i] = color.RGBA{mix(from.R, to.R), mix(from.G, to.G), mix(from.B, to.B), uint8(a + 0.5)}
	}
	return g
}

func (g *linearGradient) at(t float64) *color.RGBA {
	return &g.lut[max(0, min(gradientSteps, int(t*gradientSteps)))]
}

func (g *linearGradient) ColorAt(x, y int) color.Color {
	return g.at((float64(x)+0.5-g.x0)*g.sx + (float64(y)+0.5-g.y0)*g.sy)
}

// gradientPainter composites a gradient through a rasteriser's coverage
// spans with the arithmetic of gg's pattern painter, but walks each span
// with one addition per pixel and copies fully covered opaque pixels.
type gradientPainter struct {
	im *image.RGBA
	g  *linearGradient
}

func (p *gradientPainter) Paint(ss []raster.Span, _ bool) {
	const m = 1<<16 - 1
	im, g := p.im, p.g
	b := im.Bounds()
	for _, s := range ss {
		if s.Y < b.Min.Y {
			continue
		}
		if s.Y >= b.Max.Y {
			return
		}
		x0, x1 := max(s.X0, b.Min.X), min(s.X1, b.Max.X)
		if x0 >= x1 {
			continue
		}
		ma := s.Alpha
		t := (float64(x0)+0.5-g.x0)*g.sx + (float64(s.Y)+0.5-g.y0)*g.sy
		i := im.PixOffset(x0, s.Y)
		for x := x0; x < x1; x, t, i = x+1, t+g.sx, i+4 {
			c := g.at(t)
			d := im.Pix[i : i+4 : i+4]
			if ma == m && c.A == 0xff {
				d[0], d[1], d[2], d[3] = c.R, c.G, c.B, 0xff
				continue
			}
			cr, cg, cb, ca := uint32(c.R)*0x101, uint32(c.G)*0x101, uint32(c.B)*0x101, uint32(c.A)*0x101
			a := (m - (ca * ma / m)) * 0x101
			d[0] = uint8((uint32(d[0])*a + cr*ma) / m >> 8)
			d[1] = uint8((uint32(d[1])*a + cg*ma) / m >> 8)
			d[2] = uint8((uint32(d[2])*a + cb*ma) / m >> 8)
			d[3] = uint8((uint32(d[3])*a + ca*ma) / m >> 8)
		}
	}
}

// fillPath appends p through m to path exactly as gg builds its fill path
// from the same MoveTo/LineTo/QuadraticTo/CubicTo/ClosePath calls (cubics
// flattened by gg.CubicBezier, coordinates truncated to 26.6 fixed point),
// so that a fill drawn here covers the same pixels as one drawn by gg.
func fillPath(path raster.Path, p vpath, m affine) raster.Path {
	fix := func(q pt) fixed.Point26_6 {
		return fixed.Point26_6{X: fixed.Int26_6(q.X * 64), Y: fixed.Int26_6(q.Y * 64)}
	}
	var start, cur pt
	has := false
	moveTo := func(a pt) {
		if has {
			path.Add1(fix(start))
		}
		path.Start(fix(a))
		start, cur, has = a, a, true
	}
	for _, s := range p {
		a, b, c := m.apply(s.p[0]), m.apply(s.p[1]), m.apply(s.p[2])
		switch s.k {
		case segMove:
			moveTo(a)
		case segLine:
			if !has {
				moveTo(a)
				continue
			}
			path.Add1(fix(a))
			cur = a
		case segQuad:
			if !has {
				moveTo(a)
			}
			path.Add2(fix(a), fix(b))
			cur = b
		case segCubic:
			if !has {
				moveTo(a)
			}
			pts := gg.CubicBezier(cur.X, cur.Y, a.X, a.Y, b.X, b.Y, c.X, c.Y)
			prev := fix(cur)
			for _, q := range pts[1:] {
				f := fix(pt{q.X, q.Y})
				if f == prev {
					continue
				}
				prev = f
				path.Add1(f)
				cur = pt{q.X, q.Y}
			}
		case segClose:
			if has {
				path.Add1(fix(start))
				cur = start
			}
		}
	}
	if has { // gg's Fill closes the open subpath
		path.Add1(fix(start))
	}
	return path
}

// fillGradient fills p through m (non-zero winding) with g.
func (r *badgeRenderer) fillGradient(p vpath, m affine, g *linearGradient) {
	r.path = fillPath(r.path[:0], p, m)
	r.ras.UseNonZeroWinding = true
	r.ras.Clear()
	r.ras.AddPath(r.path)
	r.ras.Rasterize(&gradientPainter{im: r.dc.Image().(*image.RGBA), g: g})
}
