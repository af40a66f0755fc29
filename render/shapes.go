package render

import "math"

// shapeDef draws a shape in a 100×100 box.
type shapeDef struct {
	body func(p *vpath) // the shape: filled, clipped to, bordered
	back func(p *vpath) // optional parts behind the body (ribbon tails)
	// frame maps the content area: design coordinate (x, y) in 0…100 is
	// drawn at (cx + (x-50)·k, cy + (y-50)·k), so one layout fits every
	// shape.
	cx, cy, k float64
}

var shapes = map[string]shapeDef{
	ShapeCircle: {body: func(p *vpath) { p.circle(50, 50, 50) }, cx: 50, cy: 50, k: 1},
	ShapeHexagon: {body: func(p *vpath) {
		r := 50.0
		p.regular(50, 50, r, 6, -math.Pi/2)
	}, cx: 50, cy: 50, k: 0.95},
	ShapeOctagon: {body: func(p *vpath) {
		p.regular(50, 50, 50/math.Cos(math.Pi/8), 8, -math.Pi/2+math.Pi/8)
	}, cx: 50, cy: 50, k: 1},
	ShapeRoundedSquare: {body: func(p *vpath) { p.roundRect(1, 1, 98, 98, 20) }, cx: 50, cy: 50, k: 1},
	ShapeShield: {body: func(p *vpath) {
		p.moveTo(6, 6)
		p.quadTo(30, 8, 50, 0)
		p.quadTo(70, 8, 94, 6)
		p.lineTo(94, 46)
		p.cubicTo(94, 72, 75, 89, 50, 100)
		p.cubicTo(25, 89, 6, 72, 6, 46)
		p.close()
	}, cx: 50, cy: 47, k: 0.9},
	ShapeRibbon: {
		body: func(p *vpath) { p.circle(50, 38, 37.5) },
		back: func(p *vpath) {
			p.polygon(pt{28, 56}, pt{49, 66}, pt{40.5, 99}, pt{33.5, 91}, pt{24, 95.5})
			p.polygon(pt{72, 56}, pt{51, 66}, pt{59.5, 99}, pt{66.5, 91}, pt{76, 95.5})
		},
		cx: 50, cy: 38, k: 0.75,
	},
	ShapeStar: {body: func(p *vpath) {
		r := 50 / math.Sin(2*math.Pi/5)
		p.star(50, r+(100-r*(1+math.Cos(math.Pi/5)))/2, r, r*0.6, 5)
	}, cx: 50, cy: 55, k: 0.6},
	ShapeSeal: {body: func(p *vpath) { p.star(50, 50, 50, 45.5, 24) }, cx: 50, cy: 50, k: 0.9},
}
