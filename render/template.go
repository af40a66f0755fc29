package render

import (
	"io/fs"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"time"
)

// CertificateTemplate is a declarative certificate: a page, an optional
// background (the issuer's artwork), and elements drawn over it in order.
// Lengths are in millimetres from the top-left corner; text sizes in
// points.
//
// Text members are Go text/template templates over:
//
//	.RecipientName .AchievementName .AchievementDescription .IssuerName
//	.IssuedOn .ExpiresOn      dates written in the template's locale
//	.Issued .Expires          the same as time.Time
//	.CredentialID .VerifyURL
//	.Attributes.NAME          a custom attribute; absent is an error
//
// A field an element prints outside {{if}}, {{with}} and {{range}} (and
// not only through and, or, not, len or a comparison) is required: when
// it is empty the render fails naming the element and the field, rather
// than print a label with a hole ("Name: "). Guard optional values, as in
// {{with .ExpiresOn}}Expires {{.}}{{end}}.
//
// and the functions upper, lower, date (a time in the template's locale)
// and dateIn (a locale and a time).
type CertificateTemplate struct {
	Page Page `json:"page,omitzero"`
	// Locale for dates: en (default), fr, de, es, it, pt, nl.
	Locale string `json:"locale,omitempty"`
	// Fonts are extra fonts elements can name, besides the built-in ones.
	Fonts map[string]FontSpec `json:"fonts,omitempty"`
	// Background is stretched over the whole page.
	Background *ImageSpec `json:"background,omitempty"`
	Metadata   Metadata   `json:"metadata,omitzero"`
	Elements   []Element  `json:"elements"`
}

// Page is the paper: size A4 (default) or Letter, orientation landscape
// (default) or portrait.
type Page struct {
	Size        string `json:"size,omitempty"`
	Orientation string `json:"orientation,omitempty"`
}

// Metadata are the PDF document properties, as text templates. Empty
// members get defaults naming the achievement, recipient and issuer.
type Metadata struct {
	Title    string `json:"title,omitempty"`
	Author   string `json:"author,omitempty"`
	Subject  string `json:"subject,omitempty"`
	Keywords string `json:"keywords,omitempty"`
}

// Box is a rectangle in millimetres.
type Box struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
	W float64 `json:"w"`
	H float64 `json:"h"`
}

// Element types.
const (
	ElementText  = "text"
	ElementImage = "image"
	ElementQR    = "qr"
	ElementLine  = "line"
	ElementRect  = "rect"
)

// Element is one thing drawn on the page.
//
//   - text: Text (a template) in Font at Size points, shrunk down to
//     MinSize and wrapped to MaxLines lines (default 1) to fit Box;
//     aligned by Align (left, center, right) and VAlign (top, middle,
//     bottom). Empty output, or an empty required field (see
//     CertificateTemplate), is an error; an Optional element is left out
//     instead.
//   - image: Image scaled to fit Box, keeping its proportions.
//   - qr: a QR code of Text (default {{.VerifyURL}}) drawn as vector
//     squares in Color on Fill (default white), in the largest square
//     that fits Box.
//   - line: from (x, y) to (x+w, y+h), Width mm, in Color.
//   - rect: Box filled with Fill and/or outlined Width mm in Color.
type Element struct {
	Type     string     `json:"type"`
	Box      Box        `json:"box"`
	Text     string     `json:"text,omitempty"`
	Font     string     `json:"font,omitempty"`
	Size     float64    `json:"size,omitempty"`
	MinSize  float64    `json:"min_size,omitempty"`
	MaxLines int        `json:"max_lines,omitempty"`
	Align    string     `json:"align,omitempty"`
	VAlign   string     `json:"valign,omitempty"`
	Color    Color      `json:"color,omitzero"`
	Fill     Color      `json:"fill,omitzero"`
	Width    float64    `json:"width,omitempty"`
	Optional bool       `json:"optional,omitempty"`
	Image    *ImageSpec `json:"image,omitempty"`
}

// Page sizes in millimetres (portrait).
var pageSizes = map[string][2]float64{"A4": {210, 297}, "Letter": {215.9, 279.4}}

// ParseCertificateTemplate reads a template from JSON strictly and
// validates it. Paths are not resolved; see LoadCertificateTemplate.
func ParseCertificateTemplate(data []byte) (*CertificateTemplate, error) {
	var t CertificateTemplate
	if err := decodeStrict(data, &t, ErrInvalidTemplate); err != nil {
		return nil, err
	}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	return &t, nil
}

// LoadCertificateTemplate reads the template file name from fsys and loads
// the images and fonts it names, relative to the template file.
func LoadCertificateTemplate(fsys fs.FS, name string) (*CertificateTemplate, error) {
	data, err := readLimited(fsys, name, MaxDesignBytes)
	if err != nil {
		return nil, fieldWrap(ErrInvalidTemplate, name, err, "cannot read the template")
	}
	t, err := ParseCertificateTemplate(data)
	if err != nil {
		return nil, err
	}
	dir := path.Dir(name)
	load := func(field string, spec *ImageSpec) error {
		if spec == nil || len(spec.Data) > 0 || spec.Path == "" {
			return nil
		}
		if spec.Data, err = readRelative(fsys, dir, spec.Path, MaxImageBytes); err != nil {
			return fieldWrap(ErrImage, field+".path", err, "cannot read %q", spec.Path)
		}
		return nil
	}
	if err := load("background", t.Background); err != nil {
		return nil, err
	}
	for i := range t.Elements {
		if err := load(elemField(i, "image"), t.Elements[i].Image); err != nil {
			return nil, err
		}
	}
	for _, name := range slices.Sorted(maps.Keys(t.Fonts)) { // the same file, the same first error
		f := t.Fonts[name]
		if len(f.Data) == 0 && f.Path != "" {
			if f.Data, err = readRelative(fsys, dir, f.Path, MaxFontBytes); err != nil {
				return nil, fieldWrap(ErrFont, "fonts."+name+".path", err, "cannot read %q", f.Path)
			}
			t.Fonts[name] = f
		}
	}
	return t, nil
}

func elemField(i int, member string) string {
	s := "elements[" + strconv.Itoa(i) + "]"
	if member != "" {
		s += "." + member
	}
	return s
}

// pageSize returns the page's width and height in mm.
func (t *CertificateTemplate) pageSize() (w, h float64, orientation string) {
	s := pageSizes[orS(t.Page.Size, "A4")]
	if orS(t.Page.Orientation, "landscape") == "landscape" {
		return s[1], s[0], "L"
	}
	return s[0], s[1], "P"
}

// Validate checks the template's structure and parses its text templates;
// it names the first wrong member.
func (t *CertificateTemplate) Validate() error {
	bad := func(field, format string, args ...any) error {
		return fieldErr(ErrInvalidTemplate, field, format, args...)
	}
	if _, ok := pageSizes[orS(t.Page.Size, "A4")]; !ok {
		return bad("page.size", "unknown page size %q (A4 or Letter)", t.Page.Size)
	}
	switch t.Page.Orientation {
	case "", "landscape", "portrait":
	default:
		return bad("page.orientation", "unknown orientation %q (landscape or portrait)", t.Page.Orientation)
	}
	if _, ok := monthNames[orS(t.Locale, "en")]; !ok {
		return bad("locale", "unknown locale %q (known: %v)", t.Locale, Locales())
	}
	for _, name := range slices.Sorted(maps.Keys(t.Fonts)) { // the same template, the same first error
		f := t.Fonts[name]
		if name == "" || strings.ContainsAny(name, " /()<>[]{}%#") {
			return bad("fonts", "font name %q must be a plain word", name)
		}
		if len(f.Data) == 0 && f.Path == "" && f.Name == "" {
			return bad("fonts."+name, "needs a path, data or a built-in name")
		}
	}
	if t.Background != nil && len(t.Background.Data) == 0 && t.Background.Path == "" {
		return bad("background", "needs data or a path")
	}
	if len(t.Elements) == 0 {
		return bad("elements", "a certificate needs at least one element")
	}
	if len(t.Elements) > 500 {
		return fieldErr(ErrTooLarge, "elements", "%d elements, the limit is 500", len(t.Elements))
	}
	_, ph, _ := t.pageSize()
	for i, e := range t.Elements {
		f := func(m string) string { return elemField(i, m) }
		if err := checkColors(ErrInvalidTemplate, f("color"), e.Color, f("fill"), e.Fill); err != nil {
			return err
		}
		b := e.Box
		for _, v := range []float64{b.X, b.Y, b.W, b.H} {
			if v != v || v < -ph || v > 2*ph {
				return bad(f("box"), "%+v is off the page", b)
			}
		}
		if e.Type != ElementLine && (b.W <= 0 || b.H <= 0) {
			return bad(f("box"), "needs a positive w and h")
		}
		switch e.Align {
		case "", "left", "center", "right":
		default:
			return bad(f("align"), "unknown alignment %q (left, center, right)", e.Align)
		}
		switch e.VAlign {
		case "", "top", "middle", "bottom":
		default:
			return bad(f("valign"), "unknown vertical alignment %q (top, middle, bottom)", e.VAlign)
		}
		if e.Size < 0 || e.Size > 400 || e.MinSize < 0 || (e.Size > 0 && e.MinSize > e.Size) {
			return bad(f("size"), "size %g / min_size %g: need 0 < min_size ≤ size ≤ 400", e.Size, e.MinSize)
		}
		if e.MaxLines < 0 || e.MaxLines > 50 {
			return bad(f("max_lines"), "%d is outside 1…50", e.MaxLines)
		}
		if e.Width < 0 || e.Width > 50 {
			return bad(f("width"), "%g is outside 0…50", e.Width)
		}
		switch e.Type {
		case ElementText:
			if strings.TrimSpace(e.Text) == "" {
				return bad(f("text"), "is required for a text element")
			}
			if e.Font != "" {
				if _, ok := t.Fonts[e.Font]; !ok {
					if _, ok := builtinFonts[e.Font]; !ok {
						return bad(f("font"), "unknown font %q (define it in fonts, or use one of %v)", e.Font, BuiltinFonts())
					}
				}
			}
		case ElementImage:
			if e.Image == nil || (len(e.Image.Data) == 0 && e.Image.Path == "") {
				return bad(f("image"), "an image element needs an image with a path or data")
			}
		case ElementQR, ElementLine, ElementRect:
		case "":
			return bad(f("type"), "is required (text, image, qr, line or rect)")
		default:
			return bad(f("type"), "unknown element type %q (text, image, qr, line or rect)", e.Type)
		}
	}
	if _, err := t.compileTexts(); err != nil {
		return err
	}
	return nil
}

// certView is what text templates see.
type certView struct {
	RecipientName, AchievementName, AchievementDescription, IssuerName string
	IssuedOn, ExpiresOn                                                string
	Issued, Expires                                                    time.Time
	CredentialID, VerifyURL                                            string
	Attributes                                                         map[string]string
}

func templateFuncs(locale string) template.FuncMap {
	return template.FuncMap{
		"upper":  strings.ToUpper,
		"lower":  strings.ToLower,
		"date":   func(t time.Time) (string, error) { return FormatDate(t, locale) },
		"dateIn": func(l string, t time.Time) (string, error) { return FormatDate(t, l) },
	}
}

// compiledTexts holds the parsed templates: one per element (nil for
// elements without text) and the metadata.
type compiledTexts struct {
	elems                           []*template.Template
	refs                            [][]textRef // per element: see requiredRefs
	title, author, subject, keyword *template.Template
}

func (t *CertificateTemplate) compileTexts() (*compiledTexts, error) {
	funcs := templateFuncs(orS(t.Locale, "en"))
	sample := certView{
		RecipientName: "x", AchievementName: "x", AchievementDescription: "x", IssuerName: "x",
		IssuedOn: "x", ExpiresOn: "x", Issued: time.Unix(0, 0), Expires: time.Unix(0, 0),
		CredentialID: "x", VerifyURL: "https://example.org/", Attributes: map[string]string{},
	}
	parse := func(field, src string) (*template.Template, error) {
		tp, err := template.New(field).Option("missingkey=error").Funcs(funcs).Parse(src)
		if err != nil {
			return nil, fieldWrap(ErrInvalidTemplate, field, err, "bad text template")
		}
		// A dry run catches unknown fields now; attributes are only known
		// per document, so they may be missing here.
		dry, err := tp.Clone()
		if err == nil {
			err = dry.Option("missingkey=zero").Execute(discard{}, sample)
		}
		if err != nil {
			return nil, fieldWrap(ErrInvalidTemplate, field, err, "bad text template")
		}
		return tp, nil
	}
	c := &compiledTexts{elems: make([]*template.Template, len(t.Elements)), refs: make([][]textRef, len(t.Elements))}
	for i, e := range t.Elements {
		src := e.Text
		if e.Type == ElementQR && src == "" {
			src = "{{.VerifyURL}}"
		}
		if e.Type != ElementText && e.Type != ElementQR {
			continue
		}
		var err error
		if c.elems[i], err = parse(elemField(i, "text"), src); err != nil {
			return nil, err
		}
		c.refs[i] = requiredRefs(c.elems[i])
	}
	m := t.Metadata
	var err error
	for _, x := range []struct {
		dst        **template.Template
		field, src string
	}{
		{&c.title, "metadata.title", orS(m.Title, "{{.AchievementName}} — {{.RecipientName}}")},
		{&c.author, "metadata.author", orS(m.Author, "{{.IssuerName}}")},
		{&c.subject, "metadata.subject", orS(m.Subject, "Certificate awarded to {{.RecipientName}} for {{.AchievementName}}")},
		{&c.keyword, "metadata.keywords", orS(m.Keywords, "certificate, Open Badges, verifiable credential")},
	} {
		if *x.dst, err = parse(x.field, x.src); err != nil {
			return nil, err
		}
	}
	return c, nil
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
