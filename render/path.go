package render

import (
	"fmt"
	"math"
	"strconv"

	"github.com/fogleman/gg"
)

// pt is a point in design units.
type pt struct{ X, Y float64 }

type segKind uint8

const (
	segMove segKind = iota
	segLine
	segQuad
	segCubic
	segClose
)

type seg struct {
	k segKind
	p [3]pt
}

// vpath is a vector path kept in its own coordinates, so that one shape or
// icon can be placed at any size and position.
type vpath []seg

// kappa places cubic control points that approximate a quarter circle.
const kappa = 0.5522847498

func (p *vpath) moveTo(x, y float64) { *p = append(*p, seg{k: segMove, p: [3]pt{{x, y}}}) }
func (p *vpath) lineTo(x, y float64) { *p = append(*p, seg{k: segLine, p: [3]pt{{x, y}}}) }
func (p *vpath) quadTo(x1, y1, x, y float64) {
	*p = append(*p, seg{k: segQuad, p: [3]pt{{x1, y1}, {x, y}}})
}
func (p *vpath) cubicTo(x1, y1, x2, y2, x, y float64) {
	*p = append(*p, seg{k: segCubic, p: [3]pt{{x1, y1}, {x2, y2}, {x, y}}})
}
func (p *vpath) close() { *p = append(*p, seg{k: segClose}) }

func (p *vpath) circle(cx, cy, r float64) { p.ellipse(cx, cy, r, r) }

func (p *vpath) ellipse(cx, cy, rx, ry float64) {
	kx, ky := rx*kappa, ry*kappa
	p.moveTo(cx+rx, cy)
	p.cubicTo(cx+rx, cy+ky, cx+kx, cy+ry, cx, cy+ry)
	p.cubicTo(cx-kx, cy+ry, cx-rx, cy+ky, cx-rx, cy)
	p.cubicTo(cx-rx, cy-ky, cx-kx, cy-ry, cx, cy-ry)
	p.cubicTo(cx+kx, cy-ry, cx+rx, cy-ky, cx+rx, cy)
	p.close()
}

func (p *vpath) roundRect(x, y, w, h, r float64) {
	r = math.Min(r, math.Min(w, h)/2)
	k := r * kappa
	p.moveTo(x+r, y)
	p.lineTo(x+w-r, y)
	p.cubicTo(x+w-r+k, y, x+w, y+r-k, x+w, y+r)
	p.lineTo(x+w, y+h-r)
	p.cubicTo(x+w, y+h-r+k, x+w-r+k, y+h, x+w-r, y+h)
	p.lineTo(x+r, y+h)
	p.cubicTo(x+r-k, y+h, x, y+h-r+k, x, y+h-r)
	p.lineTo(x, y+r)
	p.cubicTo(x, y+r-k, x+r-k, y, x+r, y)
	p.close()
}

func (p *vpath) polygon(pts ...pt) {
	for i, q := range pts {
		if i == 0 {
			p.moveTo(q.X, q.Y)
		} else {
			p.lineTo(q.X, q.Y)
		}
	}
	p.close()
}

// star adds an n-pointed star centred at (cx, cy), first point straight up.
func (p *vpath) star(cx, cy, outer, inner float64, n int) {
	pts := make([]pt, 0, 2*n)
	for i := range 2 * n {
		r := outer
		if i%2 == 1 {
			r = inner
		}
		a := -math.Pi/2 + float64(i)*math.Pi/float64(n)
		pts = append(pts, pt{cx + r*math.Cos(a), cy + r*math.Sin(a)})
	}
	p.polygon(pts...)
}

// regular adds a regular polygon with a vertex at angle rot (radians).
func (p *vpath) regular(cx, cy, r float64, n int, rot float64) {
	pts := make([]pt, n)
	for i := range n {
		a := rot + 2*math.Pi*float64(i)/float64(n)
		pts[i] = pt{cx + r*math.Cos(a), cy + r*math.Sin(a)}
	}
	p.polygon(pts...)
}

// gear adds a cog with n teeth.
func (p *vpath) gear(cx, cy, outer, inner float64, n int) {
	pts := make([]pt, 0, 4*n)
	step := 2 * math.Pi / float64(n)
	for i := range n {
		a := float64(i)*step - math.Pi/2
		for _, v := range []struct{ da, r float64 }{{-0.3, inner}, {-0.18, outer}, {0.18, outer}, {0.3, inner}} {
			pts = append(pts, pt{cx + v.r*math.Cos(a+v.da*step*1.2), cy + v.r*math.Sin(a+v.da*step*1.2)})
		}
	}
	p.polygon(pts...)
}

// affine maps x' = a*x + c, y' = b*y + d (uniform or axis-aligned scaling
// plus translation: all this package needs).
type affine struct{ sx, sy, tx, ty float64 }

func (m affine) apply(q pt) pt { return pt{q.X*m.sx + m.tx, q.Y*m.sy + m.ty} }

// bounds returns the bounding box of the path's points (control points
// included, which is enough for placing images) through m.
func (p vpath) bounds(m affine) (minX, minY, maxX, maxY float64) {
	minX, minY, maxX, maxY = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	n := map[segKind]int{segMove: 1, segLine: 1, segQuad: 2, segCubic: 3}
	for _, s := range p {
		for _, q := range s.p[:n[s.k]] {
			q = m.apply(q)
			minX, minY = math.Min(minX, q.X), math.Min(minY, q.Y)
			maxX, maxY = math.Max(maxX, q.X), math.Max(maxY, q.Y)
		}
	}
	return
}

// emit adds the path to dc's current path through m.
func (p vpath) emit(dc *gg.Context, m affine) {
	for _, s := range p {
		a, b, c := m.apply(s.p[0]), m.apply(s.p[1]), m.apply(s.p[2])
		switch s.k {
		case segMove:
			dc.MoveTo(a.X, a.Y)
		case segLine:
			dc.LineTo(a.X, a.Y)
		case segQuad:
			dc.QuadraticTo(a.X, a.Y, b.X, b.Y)
		case segCubic:
			dc.CubicTo(a.X, a.Y, b.X, b.Y, c.X, c.Y)
		case segClose:
			dc.ClosePath()
		}
	}
}

// tokenizePath splits commands from numbers: "M2.5-3L4 5" → M 2.5 -3 L 4 5.
func tokenizePath(src string) []string {
	var toks []string
	num := -1 // start of the number being read
	flush := func(i int) {
		if num >= 0 {
			toks = append(toks, src[num:i])
			num = -1
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == ' ' || c == ',' || c == '\n' || c == '\t':
			flush(i)
		case c == '-' || c == '+':
			flush(i)
			num = i
		case (c >= '0' && c <= '9') || c == '.':
			if num < 0 {
				num = i
			}
		default:
			flush(i)
			toks = append(toks, src[i:i+1])
		}
	}
	flush(len(src))
	return toks
}

// parsePath reads the small path language the built-in icons are written
// in: SVG path commands M L H V C S Q Z (upper case absolute, lower case
// relative), plus O cx cy r (a circle), R x y w h r (a rounded
// rectangle), * cx cy outer inner n (a star) and G cx cy outer inner n (a
// gear).
func parsePath(src string) (vpath, error) {
	var p vpath
	toks := tokenizePath(src)
	var cur, start, lastCtl pt
	var cmd byte
	i := 0
	num := func() (float64, error) {
		if i >= len(toks) {
			return 0, fmt.Errorf("path ends early after %q", string(cmd))
		}
		v, err := strconv.ParseFloat(toks[i], 64)
		if err != nil {
			return 0, fmt.Errorf("bad number %q", toks[i])
		}
		i++
		return v, nil
	}
	nums := func(n int) ([]float64, error) {
		out := make([]float64, n)
		for j := range out {
			v, err := num()
			if err != nil {
				return nil, err
			}
			out[j] = v
		}
		return out, nil
	}
	for i < len(toks) {
		t := toks[i]
		if c := t[0]; (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '*' {
			if len(t) != 1 {
				return nil, fmt.Errorf("bad command %q", t)
			}
			cmd = c
			i++
		} else if cmd == 0 {
			return nil, fmt.Errorf("number %q without a command", t)
		}
		rel := cmd >= 'a' && cmd <= 'z'
		off := func(x, y float64) pt {
			if rel {
				return pt{cur.X + x, cur.Y + y}
			}
			return pt{x, y}
		}
		var n []float64
		var err error
		switch cmd {
		case 'M', 'm':
			if n, err = nums(2); err != nil {
				return nil, err
			}
			cur = off(n[0], n[1])
			start = cur
			p.moveTo(cur.X, cur.Y)
			cmd = map[byte]byte{'M': 'L', 'm': 'l'}[cmd] // implicit lineto
		case 'L', 'l':
			if n, err = nums(2); err != nil {
				return nil, err
			}
			cur = off(n[0], n[1])
			p.lineTo(cur.X, cur.Y)
		case 'H', 'h':
			if n, err = nums(1); err != nil {
				return nil, err
			}
			if rel {
				cur.X += n[0]
			} else {
				cur.X = n[0]
			}
			p.lineTo(cur.X, cur.Y)
		case 'V', 'v':
			if n, err = nums(1); err != nil {
				return nil, err
			}
			if rel {
				cur.Y += n[0]
			} else {
				cur.Y = n[0]
			}
			p.lineTo(cur.X, cur.Y)
		case 'C', 'c':
			if n, err = nums(6); err != nil {
				return nil, err
			}
			c1, c2, e := off(n[0], n[1]), off(n[2], n[3]), off(n[4], n[5])
			p.cubicTo(c1.X, c1.Y, c2.X, c2.Y, e.X, e.Y)
			cur, lastCtl = e, c2
		case 'S', 's':
			if n, err = nums(4); err != nil {
				return nil, err
			}
			c1 := pt{2*cur.X - lastCtl.X, 2*cur.Y - lastCtl.Y}
			c2, e := off(n[0], n[1]), off(n[2], n[3])
			p.cubicTo(c1.X, c1.Y, c2.X, c2.Y, e.X, e.Y)
			cur, lastCtl = e, c2
		case 'Q', 'q':
			if n, err = nums(4); err != nil {
				return nil, err
			}
			c1, e := off(n[0], n[1]), off(n[2], n[3])
			p.quadTo(c1.X, c1.Y, e.X, e.Y)
			cur = e
		case 'Z', 'z':
			p.close()
			cur = start
			cmd = 0 // numbers may not follow Z
		case 'O':
			if n, err = nums(3); err != nil {
				return nil, err
			}
			p.circle(n[0], n[1], n[2])
		case 'R':
			if n, err = nums(5); err != nil {
				return nil, err
			}
			p.roundRect(n[0], n[1], n[2], n[3], n[4])
		case '*', 'G':
			if n, err = nums(5); err != nil {
				return nil, err
			}
			if cmd == '*' {
				p.star(n[0], n[1], n[2], n[3], int(n[4]))
			} else {
				p.gear(n[0], n[1], n[2], n[3], int(n[4]))
			}
		default:
			return nil, fmt.Errorf("unknown command %q", string(cmd))
		}
		if cmd != 'C' && cmd != 'c' && cmd != 'S' && cmd != 's' {
			lastCtl = cur
		}
	}
	return p, nil
}
