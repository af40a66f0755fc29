package render

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image/png"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/golang/freetype/truetype"
	"github.com/jung-kurt/gofpdf"
	qrcode "github.com/skip2/go-qrcode"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// Limits on certificate inputs.
const (
	MaxCredentialBytes = 16 << 20 // the attached credential
	maxTextRunes       = 10000    // one element's text after templating
	ptPerMM            = 72 / 25.4
)

// CertificateOptions tune a compiled Certificate. The zero value is fine.
type CertificateOptions struct {
	// Now stamps the PDF's creation date; nil means time.Now.
	Now func() time.Time
	// Uncompressed writes content streams without compression (for
	// inspecting the PDF; files are several times larger).
	Uncompressed bool
}

// Certificate is a compiled certificate template: fonts parsed, images
// decoded and registered, text templates parsed, once. Render it any
// number of times, from any number of goroutines.
type Certificate struct {
	tpl          CertificateTemplate
	opts         CertificateOptions
	pageW, pageH float64
	texts        *compiledTexts
	fonts        map[string]*pdfFont // by element font name
	images       map[string]*gofpdf.ImageInfoType
	elemImage    []string // image key per element ("" if none)
	bgKey        string
	imagesID     string
}

// pdfFont is a parsed font plus its vertical metrics (in ems).
type pdfFont struct {
	*parsedFont
	family          string // family name inside the PDF
	field           string // the template member that defines it
	ascent, descent float64
}

// NewCertificate validates and compiles t. Image and font Paths must have
// been loaded into Data (LoadCertificateTemplate does it).
func NewCertificate(t *CertificateTemplate, opts CertificateOptions) (c *Certificate, err error) {
	if t == nil {
		return nil, fieldErr(ErrInvalidTemplate, "$", "no template")
	}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	defer func() { // gofpdf's image parsers are not hardened: never panic
		if r := recover(); r != nil {
			c, err = nil, fieldErr(ErrImage, "$", "image parser failed: %v", r)
		}
	}()
	c = &Certificate{tpl: CertificateTemplate{Locale: t.Locale, Elements: slices.Clone(t.Elements)}, opts: opts, fonts: map[string]*pdfFont{}, images: map[string]*gofpdf.ImageInfoType{}, elemImage: make([]string, len(t.Elements))}
	c.pageW, c.pageH, _ = t.pageSize()
	if c.texts, err = t.compileTexts(); err != nil {
		return nil, err
	}
	for i, e := range t.Elements {
		if e.Type != ElementText {
			continue
		}
		name := orS(e.Font, "go-regular")
		if _, ok := c.fonts[name]; ok {
			continue
		}
		field := elemField(i, "font")
		spec := &FontSpec{Name: name}
		if fs, ok := t.Fonts[name]; ok {
			spec, field = &fs, "fonts."+name
		}
		pf, err := loadFont(field, spec, "go-regular")
		if err != nil {
			return nil, err
		}
		if err := checkPDFFont(field, pf.data); err != nil {
			return nil, err
		}
		face := truetype.NewFace(pf.tt, &truetype.Options{Size: 256, Hinting: font.HintingNone, GlyphCacheEntries: 1})
		m := face.Metrics()
		face.Close()
		c.fonts[name] = &pdfFont{parsedFont: pf, family: fmt.Sprintf("F%d", len(c.fonts)), field: field, ascent: float64(m.Ascent) / 64 / 256, descent: float64(m.Descent) / 64 / 256}
	}
	// Images are decoded (checked) and parsed by gofpdf once; documents
	// reuse the parsed form (see imageCarrier).
	scratch := gofpdf.New("P", "mm", "A4", "")
	register := func(field string, spec *ImageSpec) (string, error) {
		if len(spec.Data) == 0 {
			return "", fieldErr(ErrImage, field+".path", "image file %q was not loaded (use LoadCertificateTemplate, or set data)", spec.Path)
		}
		im, err := decodeImage(field, spec.Data)
		if err != nil {
			return "", err
		}
		sum := sha256.Sum256(spec.Data)
		key := "i" + hex.EncodeToString(sum[:8])
		if _, ok := c.images[key]; ok {
			return key, nil
		}
		info := scratch.RegisterImageOptionsReader(key, gofpdf.ImageOptions{ImageType: im.format}, bytes.NewReader(spec.Data))
		if scratch.Err() {
			// gofpdf reads neither interlaced nor 16-bit PNGs: give it a
			// plain 8-bit re-encoding of the pixels already decoded.
			scratch.ClearError()
			var buf bytes.Buffer
			if err := png.Encode(&buf, toNRGBA8(im.img)); err != nil {
				return "", fieldWrap(ErrImage, field, err, "cannot re-encode")
			}
			info = scratch.RegisterImageOptionsReader(key, gofpdf.ImageOptions{ImageType: "png"}, &buf)
			if scratch.Err() {
				return "", fieldWrap(ErrImage, field, scratch.Error(), "unusable in a PDF")
			}
		}
		c.images[key] = info
		return key, nil
	}
	if t.Background != nil {
		if c.bgKey, err = register("background", t.Background); err != nil {
			return nil, err
		}
	}
	for i, e := range t.Elements {
		if e.Type == ElementImage {
			if c.elemImage[i], err = register(elemField(i, "image"), e.Image); err != nil {
				return nil, err
			}
		}
	}
	keys := make([]string, 0, len(c.images))
	for k := range c.images {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.Sum256([]byte(strings.Join(keys, ",")))
	c.imagesID = hex.EncodeToString(h[:6])
	return c, nil
}

// checkPDFFont runs gofpdf's own TrueType reader on the font once, so that
// a font it cannot read fails here with a clear error.
func checkPDFFont(field string, data []byte) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fieldErr(ErrFont, field, "PDF font reader failed: %v", r)
		}
	}()
	p := gofpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes("probe", "", data)
	p.SetFont("probe", "", 12)
	if p.Err() {
		return fieldWrap(ErrFont, field, p.Error(), "unusable in a PDF")
	}
	return nil
}

// Render writes one certificate PDF for data to w.
func (c *Certificate) Render(ctx context.Context, w io.Writer, data *CertificateData) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	if data == nil {
		return fieldErr(ErrData, "$", "no certificate data")
	}
	if len(data.Credential) > MaxCredentialBytes {
		return fieldErr(ErrTooLarge, "credential", "%d bytes, the limit is %d", len(data.Credential), MaxCredentialBytes)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fieldErr(ErrData, "$", "PDF writer failed: %v", r)
		}
	}()
	v, err := c.view(data)
	if err != nil {
		return err
	}
	// the size is given as it will stand, so "P" keeps it as is
	pdf := gofpdf.NewCustom(&gofpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: gofpdf.SizeType{Wd: c.pageW, Ht: c.pageH}})
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCompression(!c.opts.Uncompressed)
	pdf.SetCatalogSort(true)
	now := time.Now
	if c.opts.Now != nil {
		now = c.opts.Now
	}
	ts := now()
	pdf.SetCreationDate(ts)
	pdf.SetModificationDate(ts)
	pdf.SetCreator("Laurel", true)
	pdf.SetProducer("Laurel (gofpdf)", true)
	for _, m := range []struct {
		tp  *templateExec
		set func(string, bool)
	}{
		{&templateExec{c.texts.title, "metadata.title"}, pdf.SetTitle},
		{&templateExec{c.texts.author, "metadata.author"}, pdf.SetAuthor},
		{&templateExec{c.texts.subject, "metadata.subject"}, pdf.SetSubject},
		{&templateExec{c.texts.keyword, "metadata.keywords"}, pdf.SetKeywords},
	} {
		s, err := m.tp.run(v)
		if err != nil {
			return err
		}
		m.set(s, true)
	}
	pdf.AddPage()
	if len(c.images) > 0 {
		pdf.UseTemplate(c.imageCarrier())
	}
	if c.bgKey != "" {
		pdf.ImageOptions(c.carried(c.bgKey), 0, 0, c.pageW, c.pageH, false, gofpdf.ImageOptions{}, 0, "")
	}
	// Fonts are registered when first drawn: gofpdf parses a UTF-8 font
	// (and fingerprints its 65,536 widths as JSON) in each document, so a
	// font whose only text is optional and empty costs nothing.
	added := make(map[*pdfFont]bool, len(c.fonts))
	for i := range c.tpl.Elements {
		if err := c.drawElement(pdf, i, v, added); err != nil {
			return err
		}
	}
	if len(data.Credential) > 0 {
		pdf.SetAttachments([]gofpdf.Attachment{{
			Content:     data.Credential,
			Filename:    orS(data.CredentialFilename, "credential.json"),
			Description: "The signed credential this certificate shows",
		}})
	}
	if pdf.Err() {
		return fieldWrap(ErrData, "$", pdf.Error(), "PDF writer failed")
	}
	return pdf.Output(w)
}

// RenderBytes renders one certificate into memory.
func (c *Certificate) RenderBytes(ctx context.Context, data *CertificateData) ([]byte, error) {
	var b bytes.Buffer
	if err := c.Render(ctx, &b, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func (c *Certificate) view(d *CertificateData) (*certView, error) {
	loc := orS(c.tpl.Locale, "en")
	issued, err := FormatDate(d.Issued, loc)
	if err != nil {
		return nil, err
	}
	expires, _ := FormatDate(d.Expires, loc)
	attrs := d.Attributes
	if attrs == nil {
		attrs = map[string]string{}
	}
	return &certView{
		RecipientName: d.RecipientName, AchievementName: d.AchievementName,
		AchievementDescription: d.AchievementDescription, IssuerName: d.IssuerName,
		IssuedOn: issued, ExpiresOn: expires, Issued: d.Issued, Expires: d.Expires,
		CredentialID: d.CredentialID, VerifyURL: d.VerifyURL, Attributes: attrs,
	}, nil
}

type templateExec struct {
	t     interface{ Execute(io.Writer, any) error }
	field string
}

func (x *templateExec) run(v *certView) (string, error) {
	var b strings.Builder
	if err := x.t.Execute(&limitedWriter{w: &b, n: 4 * maxTextRunes}, v); err != nil {
		msg := "cannot fill the template"
		if strings.Contains(err.Error(), "map has no entry for key") {
			msg = "the template names an attribute the data does not have"
		}
		if errors.Is(err, ErrTooLarge) {
			return "", fieldWrap(ErrTooLarge, x.field, err, "text is too long")
		}
		return "", fieldWrap(ErrData, x.field, err, "%s", msg)
	}
	return strings.TrimSpace(b.String()), nil
}

type limitedWriter struct {
	w io.Writer
	n int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if len(p) > l.n {
		return 0, fmt.Errorf("%w: over %d bytes", ErrTooLarge, 4*maxTextRunes)
	}
	l.n -= len(p)
	return l.w.Write(p)
}

func setColor(set func(r, g, b int), c Color) { set(int(c.R), int(c.G), int(c.B)) }

func (c *Certificate) drawElement(pdf *gofpdf.Fpdf, i int, v *certView, added map[*pdfFont]bool) error {
	e := &c.tpl.Elements[i]
	b := e.Box
	switch e.Type {
	case ElementText:
		return c.drawText(pdf, i, v, added)
	case ElementImage:
		key := c.elemImage[i]
		info := c.images[key]
		iw, ih := info.Width(), info.Height()
		s := math.Min(b.W/iw, b.H/ih)
		w, h := iw*s, ih*s
		x := b.X + (b.W-w)/2
		switch e.Align {
		case "left":
			x = b.X
		case "right":
			x = b.X + b.W - w
		}
		pdf.ImageOptions(c.carried(key), x, b.Y+(b.H-h)/2, w, h, false, gofpdf.ImageOptions{}, 0, "")
	case ElementQR:
		text, err := (&templateExec{c.texts.elems[i], elemField(i, "text")}).run(v)
		if err != nil {
			return err
		}
		if r, ok := emptyRef(c.texts.refs[i], v); ok {
			if e.Optional {
				return nil
			}
			return fieldErr(ErrData, elemField(i, "text"), "the QR code needs %s, which is empty in %s", r.src, r.where())
		}
		if text == "" {
			return fieldErr(ErrData, elemField(i, "text"), "the QR code would be empty (no verify URL?)")
		}
		q, err := qrcode.New(text, qrcode.Medium)
		if err != nil {
			return fieldWrap(ErrData, elemField(i, "text"), err, "cannot encode a QR code")
		}
		drawQR(pdf, q.Bitmap(), b, e.Color.or(mustHex("#111827")), e.Fill.or(white))
	case ElementLine:
		setColor(pdf.SetDrawColor, e.Color.or(mustHex("#111827")))
		pdf.SetLineWidth(orF(e.Width, 0.3))
		pdf.Line(b.X, b.Y, b.X+b.W, b.Y+b.H)
	case ElementRect:
		style := ""
		if e.Fill.Set {
			setColor(pdf.SetFillColor, e.Fill)
			style += "F"
		}
		if e.Width > 0 || !e.Fill.Set {
			setColor(pdf.SetDrawColor, e.Color.or(mustHex("#111827")))
			pdf.SetLineWidth(orF(e.Width, 0.3))
			style = strings.Replace(style+"D", "FD", "DF", 1)
		}
		pdf.Rect(b.X, b.Y, b.W, b.H, style)
	}
	return nil
}

// drawQR draws the modules as filled rectangles, one per horizontal run
// of dark modules: a vector code of a few hundred path operators.
func drawQR(pdf *gofpdf.Fpdf, bm [][]bool, b Box, fg, bg Color) {
	n := len(bm)
	side := math.Min(b.W, b.H)
	x0, y0 := b.X+(b.W-side)/2, b.Y+(b.H-side)/2
	mod := side / float64(n)
	setColor(pdf.SetFillColor, bg)
	pdf.Rect(x0, y0, side, side, "F")
	setColor(pdf.SetFillColor, fg)
	for y, row := range bm {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			// a hair of overlap hides seams between rows in some viewers
			pdf.Rect(x0+float64(start)*mod, y0+float64(y)*mod, float64(x-start)*mod, mod+0.01, "F")
		}
	}
}

func (c *Certificate) drawText(pdf *gofpdf.Fpdf, i int, v *certView, added map[*pdfFont]bool) error {
	e := &c.tpl.Elements[i]
	field := elemField(i, "text")
	text, err := (&templateExec{c.texts.elems[i], field}).run(v)
	if err != nil {
		return err
	}
	// "Name: {{.RecipientName}}" with no name is not empty, but it is a
	// label with a hole in it: a field printed outside {{if}}/{{with}} is
	// required (and an optional element is left out without it).
	if r, ok := emptyRef(c.texts.refs[i], v); ok {
		if e.Optional {
			return nil
		}
		return fieldErr(ErrData, field, "%s is empty in %s (guard it with {{if}} or {{with}}, or mark the element optional)", r.src, r.where())
	}
	if text == "" {
		if e.Optional {
			return nil
		}
		return fieldErr(ErrData, field, "renders empty (mark the element optional if that is fine)")
	}
	if n := len([]rune(text)); n > maxTextRunes {
		return fieldErr(ErrTooLarge, field, "%d characters, the limit is %d", n, maxTextRunes)
	}
	f := c.fonts[orS(e.Font, "go-regular")]
	if err := f.checkText(ErrData, field, orS(e.Font, "go-regular"), f.field, text); err != nil {
		return err
	}
	size := orF(e.Size, 12)
	maxLines := e.MaxLines
	if maxLines == 0 {
		maxLines = 1
	}
	b := e.Box
	measure := pdfMeasurer(f.tt)
	fit, ok := fitText(text, size, orF(e.MinSize, size), b.W*ptPerMM, b.H*ptPerMM, maxLines, maxLines > 1, measure)
	if !ok {
		return fieldErr(ErrTextOverflow, field, "%q does not fit %g×%g mm in %d line(s) at %g pt or more", text, b.W, b.H, maxLines, orF(e.MinSize, size))
	}
	if !added[f] {
		// gofpdf's subsetter pads tables by appending to slices of the
		// font bytes, writing into the array they share: each document
		// gets its own copy (a few µs).
		pdf.AddUTF8FontFromBytes(f.family, "", bytes.Clone(f.data))
		added[f] = true
	}
	pdf.SetFont(f.family, "", fit.size)
	setColor(pdf.SetTextColor, e.Color.or(mustHex("#111827")))
	sizeMM := fit.size / ptPerMM
	lead := sizeMM * lineHeight
	block := lead * float64(len(fit.lines))
	top := b.Y + (b.H-block)/2
	switch e.VAlign {
	case "top":
		top = b.Y
	case "bottom":
		top = b.Y + b.H - block
	}
	// baseline inside each line box: half the leading, then the ascent
	first := top + (lead-(f.ascent+f.descent)*sizeMM)/2 + f.ascent*sizeMM
	for k, line := range fit.lines {
		w := measure(line) * sizeMM
		x := b.X + (b.W-w)/2
		switch e.Align {
		case "left":
			x = b.X
		case "right":
			x = b.X + b.W - w
		}
		pdf.Text(x, first+float64(k)*lead, line)
	}
	return nil
}

// pdfMeasurer measures like gofpdf draws: advance widths, no kerning.
func pdfMeasurer(tt *truetype.Font) func(string) float64 {
	const scale = 1000
	return func(s string) float64 {
		var w fixed.Int26_6
		for _, r := range s {
			w += tt.HMetric(fixed.I(scale), tt.Index(r)).AdvanceWidth
		}
		return float64(w) / 64 / scale
	}
}
