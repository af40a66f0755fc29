package render

import (
	"encoding/json"
	"fmt"
	"image/color"
	"strconv"
	"strings"
)

// Color is an sRGB colour written in JSON as "#rgb", "#rrggbb" or
// "#rrggbbaa". The zero Color means "not set" (the default applies).
type Color struct {
	R, G, B, A uint8
	Set        bool
	invalid    string // what UnmarshalJSON could not read, reported by check
}

// Hex returns a Color from a hex string, or an error.
func Hex(s string) (Color, error) {
	t, ok := strings.CutPrefix(s, "#")
	if !ok {
		return Color{}, fmt.Errorf("colour %q must start with #", s)
	}
	switch len(t) {
	case 3:
		t = string([]byte{t[0], t[0], t[1], t[1], t[2], t[2]}) + "ff"
	case 6:
		t += "ff"
	case 8:
	default:
		return Color{}, fmt.Errorf("colour %q is not #rgb, #rrggbb or #rrggbbaa", s)
	}
	v, err := strconv.ParseUint(t, 16, 32)
	if err != nil {
		return Color{}, fmt.Errorf("colour %q is not hexadecimal", s)
	}
	return Color{R: uint8(v >> 24), G: uint8(v >> 16), B: uint8(v >> 8), A: uint8(v), Set: true}, nil
}

// mustHex is for the package's own constant palette.
func mustHex(s string) Color {
	c, err := Hex(s)
	if err != nil {
		panic(err)
	}
	return c
}

// String returns "#rrggbb" or "#rrggbbaa" (empty when not set).
func (c Color) String() string {
	if !c.Set {
		return ""
	}
	if c.A == 0xff {
		return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
	}
	return fmt.Sprintf("#%02x%02x%02x%02x", c.R, c.G, c.B, c.A)
}

// IsZero reports whether the colour is unset (for omitzero).
func (c Color) IsZero() bool { return !c.Set }

// MarshalJSON writes the hex form.
func (c Color) MarshalJSON() ([]byte, error) {
	if c.invalid != "" {
		return json.Marshal(c.invalid)
	}
	return json.Marshal(c.String())
}

// UnmarshalJSON reads the hex form; "" means not set. A malformed colour
// is kept and reported by Validate, which knows the member's name.
func (c *Color) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		*c = Color{invalid: string(b)}
		return nil
	}
	if s == "" {
		*c = Color{}
		return nil
	}
	v, err := Hex(s)
	if err != nil {
		*c = Color{invalid: s}
		return nil
	}
	*c = v
	return nil
}

// check reports a colour that could not be read.
func (c Color) check(kind error, field string) error {
	if c.invalid != "" {
		return fieldErr(kind, field, "%q is not a colour like \"#1e3a8a\" or \"#1e3a8a80\"", c.invalid)
	}
	return nil
}

// checkColors checks named colours in order.
func checkColors(kind error, cs ...any) error {
	for i := 0; i+1 < len(cs); i += 2 {
		if err := cs[i+1].(Color).check(kind, cs[i].(string)); err != nil {
			return err
		}
	}
	return nil
}

// or returns c, or def when c is unset.
func (c Color) or(def Color) Color {
	if c.Set {
		return c
	}
	return def
}

// NRGBA converts to the standard library colour.
func (c Color) NRGBA() color.NRGBA { return color.NRGBA{c.R, c.G, c.B, c.A} }

// shade mixes c towards black (f < 0) or white (f > 0) by |f|.
func (c Color) shade(f float64) Color {
	mix := func(v uint8) uint8 {
		x := float64(v)
		if f < 0 {
			x *= 1 + f
		} else {
			x += (255 - x) * f
		}
		return uint8(x + 0.5)
	}
	return Color{R: mix(c.R), G: mix(c.G), B: mix(c.B), A: c.A, Set: true}
}

// luminance is the relative luminance (0 black … 1 white), for picking a
// readable text colour.
func (c Color) luminance() float64 {
	return (0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)) / 255
}
