package render

import "sort"

// iconOp is one layer of an icon: a filled path (even-odd, so inner
// sub-paths cut holes) or a stroked one (round caps and joins), drawn in a
// 24×24 box.
type iconOp struct {
	stroke float64 // line width; 0 means fill
	d      string
}

func fill(d string) iconOp                  { return iconOp{d: d} }
func stroke(width float64, d string) iconOp { return iconOp{stroke: width, d: d} }

// icons is the built-in icon set, drawn by us on a 24-unit grid.
var icons = map[string][]iconOp{
	"star":  {fill("* 12 12.8 10.6 4.6 5")},
	"check": {stroke(3.2, "M4.5 12.5 L9.8 17.6 L19.5 6.8")},
	"heart": {fill("M12 21 C10 19.6 2.5 14.6 2.5 8.6 C2.5 5.5 4.9 3.2 7.8 3.2 C9.6 3.2 11.1 4.1 12 5.6 C12.9 4.1 14.4 3.2 16.2 3.2 C19.1 3.2 21.5 5.5 21.5 8.6 C21.5 14.6 14 19.6 12 21 Z")},
	"code": {
		stroke(2.4, "M7.5 6.5 L2.5 12 L7.5 17.5"),
		stroke(2.4, "M16.5 6.5 L21.5 12 L16.5 17.5"),
		stroke(2.4, "M14 4 L10 20"),
	},
	"trophy": {
		fill("M6 2.8 H18 V9.2 C18 12.7 15.4 15.2 12 15.2 C8.6 15.2 6 12.7 6 9.2 Z"),
		stroke(1.8, "M6 5 H3.2 V7.4 C3.2 9.6 4.8 11.3 7 11.5"),
		stroke(1.8, "M18 5 H20.8 V7.4 C20.8 9.6 19.2 11.3 17 11.5"),
		fill("M10.7 14.8 H13.3 V18 H10.7 Z"),
		fill("R 7 17.8 10 3.6 1"),
	},
	"book": {
		fill("M2.2 5.2 C5.4 4 9 4.3 11.2 6.2 V20.2 C9 18.6 5.4 18.3 2.2 19.5 Z"),
		fill("M21.8 5.2 C18.6 4 15 4.3 12.8 6.2 V20.2 C15 18.6 18.6 18.3 21.8 19.5 Z"),
	},
	"graduation-cap": {
		fill("M12 3.5 L23.2 8.8 L12 14.1 L0.8 8.8 Z"),
		fill("M5.6 11.4 V15.8 C5.6 17.8 8.6 19.3 12 19.3 C15.4 19.3 18.4 17.8 18.4 15.8 V11.4 L12 14.5 Z"),
		stroke(1.1, "M20.6 9.6 V15.2"),
		fill("O 20.6 16.2 1.2"),
	},
	"lightbulb": {
		fill("M12 2.2 C8 2.2 4.8 5.3 4.8 9.3 C4.8 11.9 6.1 14 8.1 15.3 V17 H15.9 V15.3 C17.9 14 19.2 11.9 19.2 9.3 C19.2 5.3 16 2.2 12 2.2 Z M12 5 C14.4 5 16.4 6.9 16.4 9.3 H15.2 C15.2 7.5 13.8 6.2 12 6.2 Z"),
		fill("R 8.3 18 7.4 1.5 0.7"),
		fill("M9.3 20.3 H14.7 C14.7 21.3 13.5 22 12 22 C10.5 22 9.3 21.3 9.3 20.3 Z"),
	},
	"medal": {
		fill("M6.5 1.8 H10.6 L13.4 8.4 L10.6 9.8 Z"),
		fill("M17.5 1.8 H13.4 L10.6 8.4 L13.4 9.8 Z"),
		fill("O 12 15.2 7 * 12 15.6 4.4 1.9 5"),
	},
	"rocket": {
		fill("M12 1.8 C15.6 4.4 17.2 8.6 16.6 14.4 H7.4 C6.8 8.6 8.4 4.4 12 1.8 Z O 12 9 1.9"),
		fill("M7.4 10.8 L4.2 15 V18.4 L7.8 16.2 Z"),
		fill("M16.6 10.8 L19.8 15 V18.4 L16.2 16.2 Z"),
		fill("M9.8 15.6 H14.2 C14.2 18.2 13.2 20.2 12 22.2 C10.8 20.2 9.8 18.2 9.8 15.6 Z"),
	},
	"globe": {
		stroke(1.7, "O 12 12 9.4"),
		stroke(1.5, "M12 2.6 C7.8 6.2 7.8 17.8 12 21.4 C16.2 17.8 16.2 6.2 12 2.6"),
		stroke(1.5, "M2.6 12 H21.4"),
		stroke(1.3, "M4.2 7.2 H19.8"),
		stroke(1.3, "M4.2 16.8 H19.8"),
	},
	"flag": {
		stroke(2, "M5 3 V21.5"),
		fill("M6 3.6 C9 2.2 12 5.4 15 4 C16.6 3.3 18.1 3.4 19.8 4 V13.2 C18.1 12.6 16.6 12.5 15 13.2 C12 14.6 9 11.4 6 12.8 Z"),
	},
	"pencil": {
		fill("M16.2 2.6 L21.4 7.8 L19.6 9.6 L14.4 4.4 Z"),
		fill("M13.2 5.6 L18.4 10.8 L8.8 20.4 L3.6 15.2 Z"),
		fill("M3 16.4 L7.6 21 L2.2 21.8 Z"),
	},
	"laptop": {
		fill("R 4.2 4.2 15.6 11 1.4 R 5.9 5.9 12.2 7.6 0.4"),
		fill("M1.8 16.4 H22.2 L21 19.6 H3 Z"),
	},
	"people": {
		fill("O 16.4 7.6 2.9"),
		fill("M14.8 12.8 C15.3 12.6 15.8 12.5 16.4 12.5 C19.4 12.5 22 14.4 22 18.6 H16.6 C16.5 16.1 15.9 14.2 14.8 12.8 Z"),
		fill("O 8.8 7.8 3.5"),
		fill("M2 19.6 C2 15.2 4.9 12.9 8.8 12.9 C12.7 12.9 15.6 15.2 15.6 19.6 Z"),
	},
	"leaf": {fill("M20.5 3.5 C10.5 3.5 3.8 8.6 3.8 16 C3.8 17.6 4.1 19 4.7 20.3 C6 15.2 9.6 11.6 14.2 10 C10.6 12.2 8.2 15.2 6.6 19.5 C7.9 20.1 9.5 20.4 11.2 20.4 C17.4 20.4 20.5 14.3 20.5 3.5 Z")},
	"bolt": {fill("M13.6 1.8 L4.6 13.6 H10.9 L9.8 22.2 L19.4 10 H13 Z")},
	"music": {
		fill("O 7 17.6 2.8"),
		fill("O 18 15.6 2.8"),
		stroke(1.8, "M9.3 17.6 V5.6"),
		stroke(1.8, "M20.3 15.6 V3.6"),
		fill("M8.4 4.6 L21.2 2.2 V6.2 L8.4 8.6 Z"),
	},
	"flask": {fill("M8.8 2.6 H15.2 V4.4 H14.2 V9.6 L19.8 18.6 C20.7 20 19.7 21.6 18 21.6 H6 C4.3 21.6 3.3 20 4.2 18.6 L9.8 9.6 V4.4 H8.8 Z M11.6 4.4 H12.4 V10.2 L14.5 13.6 H9.5 L11.6 10.2 Z")},
	"gear":  {fill("G 12 12 10.4 8 9 O 12 12 3.4")},
	"clock": {
		fill("O 12 12 10 O 12 12 8.1"),
		stroke(2, "M12 6.8 V12 L15.6 14.2"),
	},
	"chart": {
		fill("R 3.4 13 4.2 8 0.8"),
		fill("R 9.9 8 4.2 13 0.8"),
		fill("R 16.4 3 4.2 18 0.8"),
	},
	"key": {
		fill("O 7.4 12 5.2 O 7.4 12 2"),
		fill("M12.2 10.8 H22 V13.2 H12.2 Z"),
		fill("M17.6 13 H20 V16.4 H17.6 Z"),
		fill("M14.2 13 H16.2 V15.4 H14.2 Z"),
	},
	"lock": {
		stroke(2.2, "M7.8 10.5 V7.6 C7.8 5.2 9.7 3.4 12 3.4 C14.3 3.4 16.2 5.2 16.2 7.6 V10.5"),
		fill("R 4.6 10 14.8 11.8 1.8 O 12 14.6 1.7 M11.2 15.4 H12.8 V18.4 H11.2 Z"),
	},
	"target": {fill("O 12 12 10.2 O 12 12 7.6 O 12 12 5 O 12 12 2.4")},
	"crown": {
		fill("M2.8 8.2 L7.4 12.4 L12 5.2 L16.6 12.4 L21.2 8.2 L19.2 18 H4.8 Z"),
		fill("R 4.8 19.2 14.4 2.2 0.6"),
		fill("O 2.8 7 1.5"), fill("O 12 4 1.5"), fill("O 21.2 7 1.5"),
	},
	"compass": {
		fill("O 12 12 10.2 O 12 12 8.2"),
		fill("M16.4 7.6 L13.6 13.6 L7.6 16.4 L10.4 10.4 Z O 12 12 1.1"),
	},
	"mountain": {
		fill("M1.6 20.4 L8.8 8.2 L12.8 14.4 L15.4 10.6 L22.4 20.4 Z"),
		fill("O 17.6 5.2 2.2"),
	},
	"chat": {fill("M4.4 3.6 H19.6 C20.9 3.6 22 4.7 22 6 V14.8 C22 16.1 20.9 17.2 19.6 17.2 H10.4 L5.4 21.2 V17.2 H4.4 C3.1 17.2 2 16.1 2 14.8 V6 C2 4.7 3.1 3.6 4.4 3.6 Z O 7.8 10.4 1.35 O 12 10.4 1.35 O 16.2 10.4 1.35")},
	"calendar": {
		fill("R 2.8 4.6 18.4 16.8 2 M5.2 10 H8.2 V13 H5.2 Z M10.5 10 H13.5 V13 H10.5 Z M15.8 10 H18.8 V13 H15.8 Z M5.2 15.2 H8.2 V18.2 H5.2 Z M10.5 15.2 H13.5 V18.2 H10.5 Z"),
		stroke(2, "M7.6 2.4 V6"),
		stroke(2, "M16.4 2.4 V6"),
	},
	"shield-check": {fill("M12 1.8 L20.4 5 V11 C20.4 16.2 16.8 20.2 12 22.2 C7.2 20.2 3.6 16.2 3.6 11 V5 Z M7.3 11.8 L10.6 15.1 L16.7 9 L15.2 7.5 L10.6 12.1 L8.8 10.3 Z")},
	"sparkle": {
		fill("M11 3 C11.8 8.6 14.4 11.2 20 12 C14.4 12.8 11.8 15.4 11 21 C10.2 15.4 7.6 12.8 2 12 C7.6 11.2 10.2 8.6 11 3 Z"),
		fill("M19 1.6 C19.3 3.5 20.1 4.3 22 4.6 C20.1 4.9 19.3 5.7 19 7.6 C18.7 5.7 17.9 4.9 16 4.6 C17.9 4.3 18.7 3.5 19 1.6 Z"),
	},
	"camera": {fill("M3.6 6.6 H7.4 L9 4 H15 L16.6 6.6 H20.4 C21.5 6.6 22.4 7.5 22.4 8.6 V18 C22.4 19.1 21.5 20 20.4 20 H3.6 C2.5 20 1.6 19.1 1.6 18 V8.6 C1.6 7.5 2.5 6.6 3.6 6.6 Z O 12 13.2 4.6 O 12 13.2 2.8")},
	"microphone": {
		fill("R 8.6 2 6.8 12.4 3.4"),
		stroke(1.8, "M5.4 10.6 C5.4 14.6 8.4 17.4 12 17.4 C15.6 17.4 18.6 14.6 18.6 10.6"),
		stroke(1.8, "M12 17.4 V21.2"),
		stroke(1.8, "M8.4 21.4 H15.6"),
	},
	"infinity": {stroke(2.6, "M12 12 C9.2 8.2 3.6 7.6 3.6 12 C3.6 16.4 9.2 15.8 12 12 C14.8 8.2 20.4 7.6 20.4 12 C20.4 16.4 14.8 15.8 12 12 Z")},
}

// Icons lists the names of the built-in icons.
func Icons() []string {
	names := make([]string, 0, len(icons))
	for n := range icons {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// compiledIcon is an icon parsed into paths.
type compiledIcon []struct {
	stroke float64
	p      vpath
}

func compileIcon(field, name string) (compiledIcon, error) {
	ops, ok := icons[name]
	if !ok {
		return nil, fieldErr(ErrInvalidDesign, field, "unknown icon %q (known: %v)", name, Icons())
	}
	out := make(compiledIcon, len(ops))
	for i, op := range ops {
		p, err := parsePath(op.d)
		if err != nil { // the built-in set is tested; this guards edits
			return nil, fieldWrap(ErrInvalidDesign, field, err, "icon %q layer %d", name, i)
		}
		out[i].stroke, out[i].p = op.stroke, p
	}
	return out, nil
}
