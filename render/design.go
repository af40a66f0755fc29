package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"slices"
	"strings"
)

// MaxDesignBytes bounds a design or template JSON document (images and
// fonts given inline as base64 count towards it).
const MaxDesignBytes = 48 << 20

// Badge shapes.
const (
	ShapeCircle        = "circle"
	ShapeHexagon       = "hexagon"
	ShapeShield        = "shield"
	ShapeRoundedSquare = "rounded-square"
	ShapeRibbon        = "ribbon"
	ShapeStar          = "star"
	ShapeSeal          = "seal"
	ShapeOctagon       = "octagon"
)

// Border styles.
const (
	BorderSolid  = "solid"
	BorderDouble = "double"
	BorderDashed = "dashed"
	BorderNone   = "none"
)

// BadgeDesign is a declarative badge. Lengths are in design units: the
// badge is 100 units wide whatever its output size in pixels. The zero
// values of optional members give a pleasant default.
type BadgeDesign struct {
	// Shape is one of Shapes(): circle, hexagon, shield, rounded-square,
	// ribbon, star, seal, octagon.
	Shape string `json:"shape"`
	// Fill paints the shape (default a deep blue gradient).
	Fill Paint `json:"fill,omitzero"`
	// Border is drawn along the shape's edge (default a solid gold line).
	Border *Border `json:"border,omitempty"`
	// Ring is a thin decorative line inside the border (optional).
	Ring *Border `json:"ring,omitempty"`
	// Icon is a built-in vector icon drawn in the centre.
	Icon *Icon `json:"icon,omitempty"`
	// Image is the caller's own picture, scaled to cover the shape and
	// clipped to it (drawn under the icon, title and banner).
	Image *ImageSpec `json:"image,omitempty"`
	// Title is a line of text inside the shape (shrunk, then wrapped to
	// two lines, to fit).
	Title *Text `json:"title,omitempty"`
	// Banner is a ribbon across the badge with text on it.
	Banner *Banner `json:"banner,omitempty"`
	// Font is used for the title and banner (default go-bold).
	Font *FontSpec `json:"font,omitempty"`
}

// Paint is a flat colour or a linear gradient.
type Paint struct {
	Color    Color     `json:"color,omitzero"`
	Gradient *Gradient `json:"gradient,omitempty"`
}

// IsZero reports whether nothing is set.
func (p Paint) IsZero() bool { return !p.Color.Set && p.Gradient == nil }

// Gradient is a two-colour linear gradient; Angle is in degrees, 0 from
// top to bottom, 90 from left to right.
type Gradient struct {
	From  Color   `json:"from"`
	To    Color   `json:"to"`
	Angle float64 `json:"angle,omitempty"`
}

// Border is a line along a shape's edge.
type Border struct {
	Style string  `json:"style,omitempty"` // solid (default), double, dashed or none
	Width float64 `json:"width,omitempty"` // design units (default 3)
	Color Color   `json:"color,omitzero"`
	// Inset moves a Ring inwards from the edge, in design units (default 6).
	Inset float64 `json:"inset,omitempty"`
}

// Icon is a built-in icon (see Icons()).
type Icon struct {
	Name  string  `json:"name"`
	Color Color   `json:"color,omitzero"` // default white
	Size  float64 `json:"size,omitempty"` // design units (default 40)
	// Y is the icon's centre, in design units from the top of the shape's
	// content area (default: centred, raised when there is a title or
	// banner).
	Y float64 `json:"y,omitempty"`
}

// ImageSpec is a PNG or JPEG picture: Data, or Path relative to the design
// file (resolved by LoadBadgeDesign).
type ImageSpec struct {
	Path string `json:"path,omitempty"`
	Data []byte `json:"data,omitempty"`
}

// Text is a line of text on a badge.
type Text struct {
	Text  string  `json:"text"`
	Color Color   `json:"color,omitzero"`
	Size  float64 `json:"size,omitempty"`     // design units (default 11)
	Min   float64 `json:"min_size,omitempty"` // smallest size when shrinking (default 60% of Size)
	Y     float64 `json:"y,omitempty"`        // baseline centre, design units (default below the icon)
}

// Banner is a ribbon across the badge.
type Banner struct {
	Text      string  `json:"text"`
	Color     Color   `json:"color,omitzero"`      // ribbon colour (default gold)
	TextColor Color   `json:"text_color,omitzero"` // default dark or white, whichever reads better
	Size      float64 `json:"size,omitempty"`      // text size, design units (default 8.5)
	Y         float64 `json:"y,omitempty"`         // centre, design units (default 72)
}

// Shapes lists the supported shapes.
func Shapes() []string {
	return []string{ShapeCircle, ShapeHexagon, ShapeShield, ShapeRoundedSquare, ShapeRibbon, ShapeStar, ShapeSeal, ShapeOctagon}
}

// ParseBadgeDesign reads a design from JSON strictly (unknown members are
// errors) and validates it. Paths in it are not resolved; see
// LoadBadgeDesign.
func ParseBadgeDesign(data []byte) (*BadgeDesign, error) {
	var d BadgeDesign
	if err := decodeStrict(data, &d, ErrInvalidDesign); err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return &d, nil
}

// LoadBadgeDesign reads the design file name from fsys and loads the image
// and font files it names, relative to the design file. fs.FS paths cannot
// leave fsys, so a design cannot reach files outside it.
func LoadBadgeDesign(fsys fs.FS, name string) (*BadgeDesign, error) {
	data, err := readLimited(fsys, name, MaxDesignBytes)
	if err != nil {
		return nil, fieldWrap(ErrInvalidDesign, name, err, "cannot read the design")
	}
	d, err := ParseBadgeDesign(data)
	if err != nil {
		return nil, err
	}
	dir := path.Dir(name)
	if d.Image != nil && len(d.Image.Data) == 0 && d.Image.Path != "" {
		if d.Image.Data, err = readRelative(fsys, dir, d.Image.Path, MaxImageBytes); err != nil {
			return nil, fieldWrap(ErrImage, "image.path", err, "cannot read %q", d.Image.Path)
		}
	}
	if d.Font != nil && len(d.Font.Data) == 0 && d.Font.Path != "" {
		if d.Font.Data, err = readRelative(fsys, dir, d.Font.Path, MaxFontBytes); err != nil {
			return nil, fieldWrap(ErrFont, "font.path", err, "cannot read %q", d.Font.Path)
		}
	}
	return d, nil
}

// Validate checks every member and names the first wrong one.
func (d *BadgeDesign) Validate() error {
	bad := func(field, format string, args ...any) error {
		return fieldErr(ErrInvalidDesign, field, format, args...)
	}
	if d.Shape == "" {
		return bad("shape", "is required (one of %v)", Shapes())
	}
	if _, ok := shapes[d.Shape]; !ok {
		return bad("shape", "unknown shape %q (one of %v)", d.Shape, Shapes())
	}
	if err := d.Fill.validate("fill"); err != nil {
		return err
	}
	var cs []any
	if d.Border != nil {
		cs = append(cs, "border.color", d.Border.Color)
	}
	if d.Ring != nil {
		cs = append(cs, "ring.color", d.Ring.Color)
	}
	if d.Icon != nil {
		cs = append(cs, "icon.color", d.Icon.Color)
	}
	if d.Title != nil {
		cs = append(cs, "title.color", d.Title.Color)
	}
	if d.Banner != nil {
		cs = append(cs, "banner.color", d.Banner.Color, "banner.text_color", d.Banner.TextColor)
	}
	if err := checkColors(ErrInvalidDesign, cs...); err != nil {
		return err
	}
	for _, b := range []struct {
		field string
		b     *Border
	}{{"border", d.Border}, {"ring", d.Ring}} {
		if b.b == nil {
			continue
		}
		switch b.b.Style {
		case "", BorderSolid, BorderDouble, BorderDashed, BorderNone:
		default:
			return bad(b.field+".style", "unknown border style %q (solid, double, dashed or none)", b.b.Style)
		}
		if err := checkRange(b.field+".width", b.b.Width, 0, 12); err != nil {
			return err
		}
		if err := checkRange(b.field+".inset", b.b.Inset, 0, 30); err != nil {
			return err
		}
	}
	if d.Icon != nil {
		if d.Icon.Name == "" {
			return bad("icon.name", "is required (one of %v)", Icons())
		}
		if _, ok := icons[d.Icon.Name]; !ok {
			return bad("icon.name", "unknown icon %q (one of %v)", d.Icon.Name, Icons())
		}
		if err := checkRange("icon.size", d.Icon.Size, 0, 100); err != nil {
			return err
		}
		if err := checkRange("icon.y", d.Icon.Y, 0, 100); err != nil {
			return err
		}
	}
	if d.Image != nil && len(d.Image.Data) == 0 && d.Image.Path == "" {
		return bad("image", "needs data or a path")
	}
	if d.Title != nil {
		if strings.TrimSpace(d.Title.Text) == "" {
			return bad("title.text", "is empty")
		}
		if err := checkText("title", d.Title.Size, d.Title.Min, d.Title.Y); err != nil {
			return err
		}
	}
	if d.Banner != nil {
		if strings.TrimSpace(d.Banner.Text) == "" {
			return bad("banner.text", "is empty")
		}
		if err := checkText("banner", d.Banner.Size, 0, d.Banner.Y); err != nil {
			return err
		}
	}
	if d.Font != nil && len(d.Font.Data) == 0 && d.Font.Path == "" && d.Font.Name == "" {
		return bad("font", "needs a name, a path or data")
	}
	if d.Font != nil && d.Font.Name != "" && len(d.Font.Data) == 0 && d.Font.Path == "" {
		if _, ok := builtinFonts[d.Font.Name]; !ok {
			return fieldErr(ErrFont, "font.name", "unknown font %q (built in: %v)", d.Font.Name, BuiltinFonts())
		}
	}
	return nil
}

func (p Paint) validate(field string) error {
	if err := p.Color.check(ErrInvalidDesign, field+".color"); err != nil {
		return err
	}
	if p.Gradient != nil {
		if err := checkColors(ErrInvalidDesign, field+".gradient.from", p.Gradient.From, field+".gradient.to", p.Gradient.To); err != nil {
			return err
		}
		if !p.Gradient.From.Set || !p.Gradient.To.Set {
			return fieldErr(ErrInvalidDesign, field+".gradient", "needs both from and to colours")
		}
		if err := checkRange(field+".gradient.angle", p.Gradient.Angle, -360, 360); err != nil {
			return err
		}
	}
	return nil
}

func checkText(field string, size, minSize, y float64) error {
	if err := checkRange(field+".size", size, 0, 60); err != nil {
		return err
	}
	if err := checkRange(field+".min_size", minSize, 0, 60); err != nil {
		return err
	}
	if size > 0 && minSize > size {
		return fieldErr(ErrInvalidDesign, field+".min_size", "%g is larger than size %g", minSize, size)
	}
	return checkRange(field+".y", y, 0, 100)
}

func checkRange(field string, v, lo, hi float64) error {
	if math.IsNaN(v) || v < lo || v > hi {
		return fieldErr(ErrInvalidDesign, field, "%g is outside %g…%g", v, lo, hi)
	}
	return nil
}

// decodeStrict decodes one JSON value, rejecting unknown members and
// trailing data, and reports the member a type error is about.
func decodeStrict(data []byte, v any, kind error) error {
	if len(data) > MaxDesignBytes {
		return fieldErr(ErrTooLarge, "$", "document is %d bytes, the limit is %d", len(data), MaxDesignBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		var se *json.SyntaxError
		switch {
		case errors.As(err, &te):
			return fieldWrap(kind, te.Field, err, "wrong type")
		case errors.As(err, &se):
			return fieldWrap(kind, fmt.Sprintf("offset %d", se.Offset), err, "malformed JSON")
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return fieldErr(kind, strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`), "unknown member")
		}
		return fieldWrap(kind, "$", err, "cannot read")
	}
	if _, err := dec.Token(); err != io.EOF {
		return fieldErr(kind, "$", "data after the JSON value")
	}
	return nil
}

func readLimited(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w: %s is over %d bytes", ErrTooLarge, name, limit)
	}
	return b, nil
}

func readRelative(fsys fs.FS, dir, p string, limit int64) ([]byte, error) {
	if path.IsAbs(p) || strings.Contains(p, `\`) {
		return nil, fmt.Errorf("path %q must be relative, with forward slashes", p)
	}
	if slices.Contains(strings.Split(p, "/"), "..") {
		return nil, fmt.Errorf("path %q must stay in the file's folder (no ..)", p)
	}
	full := path.Join(dir, p)
	if !fs.ValidPath(full) {
		return nil, fmt.Errorf("path %q leaves the design's folder", p)
	}
	return readLimited(fsys, full, limit)
}
