package render

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"

	"github.com/laurelhq/laurel/credential"
)

var fixedNow = func() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) }

// sampleCredential is an unsigned OB 3.0 credential made by the credential
// package's builder (signing is not what this package tests).
func sampleCredential(t testing.TB, name string) []byte {
	t.Helper()
	n := 0
	c, err := credential.NewOpenBadgeCredential(credential.IssueRequest{
		Issuer: credential.Profile{ID: "did:example:issuer", Name: "Laurel Demo University"},
		Achievement: credential.Achievement{
			Name:        "Collaborative Problem Solving",
			Description: "Worked with a team to solve an open-ended problem, shared the work fairly and presented the result to a panel of reviewers.",
			Criteria:    credential.Embed(credential.Criteria{Narrative: "Complete the team project."}),
		},
		Recipient: credential.Recipient{Email: "ada@example.com", Name: name},
		Hashed:    true,
		Salt:      "salt",
		ValidFrom: time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC),
		Now:       fixedNow,
		NewID: func() string {
			n++
			return fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sampleData(t testing.TB, name string) *CertificateData {
	t.Helper()
	d, err := CertificateDataFromCredential(sampleCredential(t, name))
	if err != nil {
		t.Fatal(err)
	}
	d.Attributes = map[string]string{"certificate_number": "LDU-2026-00042"}
	d.VerifyURL = "https://verify.example.edu/c/00000000-0000-4000-8000-000000000001"
	return d
}

func TestCertificateDataFromCredential(t *testing.T) {
	d := sampleData(t, "Zoë Ångström")
	want := CertificateData{
		RecipientName: "Zoë Ångström", AchievementName: "Collaborative Problem Solving",
		IssuerName: "Laurel Demo University", CredentialID: "urn:uuid:00000000-0000-4000-8000-000000000002",
	}
	if d.RecipientName != want.RecipientName || d.AchievementName != want.AchievementName ||
		d.IssuerName != want.IssuerName || d.CredentialID != want.CredentialID ||
		!d.Issued.Equal(time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)) || !d.Expires.IsZero() ||
		!strings.HasPrefix(d.AchievementDescription, "Worked with a team") {
		t.Errorf("got %+v", d)
	}
	if _, err := CertificateDataFromCredential([]byte(`{"not":"a credential"`)); !errors.Is(err, ErrData) {
		t.Errorf("malformed credential: err = %v, want ErrData", err)
	}
}

func loadTemplate(t testing.TB, name string) *CertificateTemplate {
	t.Helper()
	tpl, err := LoadCertificateTemplate(os.DirFS(galleryDir), name)
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

func render(t testing.TB, tpl *CertificateTemplate, opts CertificateOptions, d *CertificateData) []byte {
	t.Helper()
	if opts.Now == nil {
		opts.Now = fixedNow
	}
	c, err := NewCertificate(tpl, opts)
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.RenderBytes(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// pdfString is how gofpdf writes UTF-8 text with a Unicode font: UTF-16BE
// in a literal string, with \, ( and ) escaped.
func pdfString(s string) []byte {
	var b bytes.Buffer
	for _, u := range utf16.Encode([]rune(s)) {
		for _, c := range []byte{byte(u >> 8), byte(u)} {
			if c == '\\' || c == '(' || c == ')' {
				b.WriteByte('\\')
			}
			b.WriteByte(c)
		}
	}
	return b.Bytes()
}

func TestCertificateStructure(t *testing.T) {
	d := sampleData(t, "Zoë Ångström")
	pdf := render(t, loadTemplate(t, "classic.certificate.json"), CertificateOptions{Uncompressed: true}, d)
	if !bytes.HasPrefix(pdf, []byte("%PDF-1.")) || !bytes.HasSuffix(bytes.TrimSpace(pdf), []byte("%%EOF")) {
		t.Fatalf("not a PDF: %q…", pdf[:min(20, len(pdf))])
	}
	for _, s := range []string{"/Type /Catalog", "/Type /Pages", "/Count 1", "/MediaBox [0 0 841.89 595.28]",
		"/Subtype /Image", "/Filter /DCTDecode", "/SMask", "/FontFile2", "/Type /EmbeddedFile", "/EmbeddedFiles"} {
		if !bytes.Contains(pdf, []byte(s)) {
			t.Errorf("PDF lacks %q", s)
		}
	}
	for _, s := range []string{"Zoë Ångström", "Collaborative Problem Solving", "Laurel Demo University",
		"March 1, 2026", "Certificate No. LDU-2026-00042", "Scan to verify"} {
		if !bytes.Contains(pdf, pdfString(s)) {
			t.Errorf("content streams lack the text %q", s)
		}
	}
	// metadata: UTF-16 text strings with a byte order mark
	for _, s := range []string{"/Title", "/Author", "/Subject", "/Creator"} {
		if !bytes.Contains(pdf, []byte(s+" (")) {
			t.Errorf("PDF info lacks %s", s)
		}
	}
	if !bytes.Contains(pdf, append([]byte("/Author (\xfe\xff"), pdfString("Laurel Demo University")...)) {
		t.Error("author is not the issuer")
	}
	// the background goes in once, as the JPEG itself (no re-encoding)
	jpg, err := os.ReadFile(filepath.Join(galleryDir, "classic-background.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(pdf, []byte("/Filter /DCTDecode")); n != 1 {
		t.Errorf("%d JPEG images, want 1", n)
	}
	if !bytes.Contains(pdf, jpg) {
		t.Error("the background JPEG is not embedded as is")
	}
}

func TestCertificateAttachment(t *testing.T) {
	d := sampleData(t, "José")
	pdf := render(t, loadTemplate(t, "classic.certificate.json"), CertificateOptions{}, d)
	got, name := embeddedFile(t, pdf)
	if !bytes.Equal(got, d.Credential) {
		t.Errorf("attachment differs from the credential (%d vs %d bytes)", len(got), len(d.Credential))
	}
	if name != "credential.json" {
		t.Errorf("attachment named %q", name)
	}
}

// embeddedFile returns the content and file name of the only embedded file.
func embeddedFile(t *testing.T, pdf []byte) ([]byte, string) {
	t.Helper()
	m := regexp.MustCompile(`/Type /EmbeddedFile /Length (\d+) /Filter /FlateDecode`).FindSubmatchIndex(pdf)
	if m == nil {
		t.Fatal("no embedded file")
	}
	n, _ := strconv.Atoi(string(pdf[m[2]:m[3]]))
	i := bytes.Index(pdf[m[1]:], []byte("stream\n"))
	start := m[1] + i + len("stream\n")
	zr, err := zlib.NewReader(bytes.NewReader(pdf[start : start+n]))
	if err != nil {
		t.Fatal(err)
	}
	content, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	i = bytes.Index(pdf, []byte("/Type /Filespec /F () /UF (\xfe\xff"))
	if i < 0 {
		t.Fatal("no file specification")
	}
	raw := pdf[i+len("/Type /Filespec /F () /UF (\xfe\xff"):]
	raw = raw[:bytes.IndexByte(raw, ')')]
	var name []rune
	for i := 0; i+1 < len(raw); i += 2 {
		name = append(name, rune(raw[i])<<8|rune(raw[i+1]))
	}
	return content, string(name)
}

// TestCertificateQRDecodes reads the QR code's rectangles back from the
// PDF's content stream, rasterises them and decodes the result.
func TestCertificateQRDecodes(t *testing.T) {
	tpl := &CertificateTemplate{Elements: []Element{{Type: ElementQR, Box: Box{X: 10, Y: 10, W: 40, H: 40}}}}
	d := &CertificateData{VerifyURL: "https://verify.example.edu/c/urn:uuid:8c1f0e52-4f7b-4f8e-9d4e-0c8f6d1a2b3c?x=ü"}
	pdf := render(t, tpl, CertificateOptions{Uncompressed: true}, d)
	re := regexp.MustCompile(`([\d.]+) ([\d.]+) ([\d.]+) (-[\d.]+) re f`)
	rects := re.FindAllSubmatch(pdf, -1)
	if len(rects) < 50 {
		t.Fatalf("%d rectangles: the QR code is not vector", len(rects))
	}
	const px = 6 // pixels per point
	img := image.NewGray(image.Rect(0, 0, 842*px/4, 842*px/4))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for k, r := range rects {
		v := make([]float64, 4)
		for j := range v {
			v[j], _ = strconv.ParseFloat(string(r[j+1]), 64)
		}
		col := uint8(0)
		if k == 0 { // the white background square
			col = 0xff
		}
		// PDF y grows upwards from the bottom of the A4 landscape page
		x0, y1 := v[0], 595.28-v[1]
		for y := int((y1) * px / 4); y < int((y1-v[3])*px/4); y++ {
			for x := int(x0 * px / 4); x < int((x0+v[2])*px/4); x++ {
				if image.Pt(x, y).In(img.Rect) {
					img.Pix[y*img.Stride+x] = col
				}
			}
		}
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := zxqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("QR code does not decode: %v", err)
	}
	if res.GetText() != d.VerifyURL {
		t.Errorf("QR code says %q, want %q", res.GetText(), d.VerifyURL)
	}
}

func TestCertificateUnicodeNames(t *testing.T) {
	tpl := &CertificateTemplate{Elements: []Element{{Type: ElementText, Box: Box{X: 10, Y: 10, W: 200, H: 20}, Text: "{{.RecipientName}}", Size: 30}}}
	for _, name := range []string{"Zoë Ångström", "Łukasz Żółć", "José Núñez", "Ελένη Παπαδοπούλου", "Анна Каренина"} {
		pdf := render(t, tpl, CertificateOptions{Uncompressed: true}, &CertificateData{RecipientName: name})
		if !bytes.Contains(pdf, pdfString(name)) {
			t.Errorf("%s: not in the content stream", name)
		}
		if txt, ok := pdfToText(t, pdf); ok && !strings.Contains(txt, name) {
			t.Errorf("%s: pdftotext reads %q", name, txt)
		}
	}
}

// pdfToText extracts the text with poppler's pdftotext, when installed.
func pdfToText(t *testing.T, pdf []byte) (string, bool) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		return "", false
	}
	f := filepath.Join(t.TempDir(), "c.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", f, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out), true
}

func TestCertificateTextWithPdftotext(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	pdf := render(t, loadTemplate(t, "modern.certificate.json"), CertificateOptions{}, sampleData(t, "Łukasz Żółć"))
	txt, _ := pdfToText(t, pdf)
	for _, s := range []string{"Łukasz Żółć", "« Collaborative Problem Solving »", "le 1er mars 2026", "N° LDU-2026-00042", "Délivrée par Laurel Demo University"} {
		if !strings.Contains(txt, s) {
			t.Errorf("pdftotext output lacks %q:\n%s", s, txt)
		}
	}
}

// cjkFont finds a TrueType font with CJK glyphs on this machine.
func cjkFont(t *testing.T) []byte {
	for _, p := range []string{
		"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
		"/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf",
		"/usr/share/fonts/truetype/wqy/wqy-microhei.ttf",
	} {
		if b, err := os.ReadFile(p); err == nil {
			return b
		}
	}
	t.Skip("no TrueType CJK font installed (e.g. apt-get install fonts-droid-fallback)")
	return nil
}

func TestCertificateCJK(t *testing.T) {
	font := cjkFont(t)
	tpl := &CertificateTemplate{
		Fonts:    map[string]FontSpec{"cjk": {Data: font}},
		Elements: []Element{{Type: ElementText, Box: Box{X: 10, Y: 10, W: 200, H: 20}, Text: "{{.RecipientName}}", Font: "cjk", Size: 28}},
	}
	name := "山田太郎 李小龍"
	pdf := render(t, tpl, CertificateOptions{Uncompressed: true}, &CertificateData{RecipientName: name})
	if !bytes.Contains(pdf, pdfString(name)) {
		t.Error("CJK name not in the content stream")
	}
	if txt, ok := pdfToText(t, pdf); ok && !strings.Contains(txt, name) {
		t.Errorf("pdftotext reads %q", txt)
	}
}

func TestCertificateErrors(t *testing.T) {
	jpegOK, err := os.ReadFile(filepath.Join(galleryDir, "classic-background.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	text := func(s string) []Element {
		return []Element{{Type: ElementText, Box: Box{X: 10, Y: 10, W: 100, H: 20}, Text: s}}
	}
	tests := []struct {
		name    string
		tpl     CertificateTemplate
		data    CertificateData
		kind    error
		field   string
		atBuild bool
	}{
		{"no elements", CertificateTemplate{}, CertificateData{}, ErrInvalidTemplate, "elements", true},
		{"missing text", CertificateTemplate{Elements: text("")}, CertificateData{}, ErrInvalidTemplate, "elements[0].text", true},
		{"missing type", CertificateTemplate{Elements: []Element{{Box: Box{W: 1, H: 1}}}}, CertificateData{}, ErrInvalidTemplate, "elements[0].type", true},
		{"unknown type", CertificateTemplate{Elements: []Element{{Type: "video", Box: Box{W: 1, H: 1}}}}, CertificateData{}, ErrInvalidTemplate, "elements[0].type", true},
		{"no box", CertificateTemplate{Elements: []Element{{Type: "text", Text: "x"}}}, CertificateData{}, ErrInvalidTemplate, "elements[0].box", true},
		{"unknown field", CertificateTemplate{Elements: text("{{.Nickname}}")}, CertificateData{}, ErrInvalidTemplate, "elements[0].text", true},
		{"bad template", CertificateTemplate{Elements: text("{{.RecipientName")}, CertificateData{}, ErrInvalidTemplate, "elements[0].text", true},
		{"unknown font", CertificateTemplate{Elements: []Element{{Type: "text", Box: Box{W: 9, H: 9}, Text: "x", Font: "papyrus"}}}, CertificateData{}, ErrInvalidTemplate, "elements[0].font", true},
		{"not a font", CertificateTemplate{Fonts: map[string]FontSpec{"x": {Data: []byte("OTTO not really")}}, Elements: []Element{{Type: "text", Box: Box{W: 9, H: 9}, Text: "x", Font: "x"}}}, CertificateData{}, ErrFont, "fonts.x", true},
		{"unknown locale", CertificateTemplate{Locale: "tlh", Elements: text("x")}, CertificateData{}, ErrInvalidTemplate, "locale", true},
		{"bad page", CertificateTemplate{Page: Page{Size: "A3"}, Elements: text("x")}, CertificateData{}, ErrInvalidTemplate, "page.size", true},
		{"not an image", CertificateTemplate{Background: &ImageSpec{Data: []byte("<svg/>")}, Elements: text("x")}, CertificateData{}, ErrImage, "background", true},
		{"corrupt jpeg", CertificateTemplate{Background: &ImageSpec{Data: jpegOK[:len(jpegOK)/3]}, Elements: text("x")}, CertificateData{}, ErrImage, "background", true},
		{"huge png", CertificateTemplate{Elements: []Element{{Type: "image", Box: Box{W: 9, H: 9}, Image: &ImageSpec{Data: pngHeader(50000, 50000)}}}}, CertificateData{}, ErrTooLarge, "elements[0].image", true},
		{"unknown attribute", CertificateTemplate{Elements: text("No. {{.Attributes.certificate_number}}")}, CertificateData{Attributes: map[string]string{"other": "1"}}, ErrData, "elements[0].text", false},
		{"empty name", CertificateTemplate{Elements: text("{{.RecipientName}}")}, CertificateData{}, ErrData, "elements[0].text", false},
		{"missing glyph", CertificateTemplate{Elements: text("{{.RecipientName}}")}, CertificateData{RecipientName: "山田"}, ErrData, "elements[0].text", false},
		{"too long", CertificateTemplate{Elements: text("{{.AchievementDescription}}")}, CertificateData{AchievementDescription: strings.Repeat("word ", 200)}, ErrTextOverflow, "elements[0].text", false},
		{"no verify url", CertificateTemplate{Elements: []Element{{Type: "qr", Box: Box{W: 9, H: 9}}}}, CertificateData{}, ErrData, "elements[0].text", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewCertificate(&tt.tpl, CertificateOptions{Now: fixedNow})
			if !tt.atBuild {
				if err != nil {
					t.Fatalf("compile: %v", err)
				}
				_, err = c.RenderBytes(context.Background(), &tt.data)
			}
			var fe *FieldError
			if !errors.Is(err, tt.kind) || !errors.As(err, &fe) || fe.Field != tt.field {
				t.Fatalf("err = %v, want %v on field %q", err, tt.kind, tt.field)
			}
		})
	}
}

func TestCertificateConcurrent(t *testing.T) {
	c, err := NewCertificate(loadTemplate(t, "classic.certificate.json"), CertificateOptions{Now: fixedNow, Uncompressed: true})
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"Zoë Ångström", "Łukasz Żółć", "José Núñez", "Ada Lovelace"}
	want := make([][]byte, len(names))
	for i, n := range names {
		pdf, err := c.RenderBytes(context.Background(), sampleData(t, n))
		if err != nil {
			t.Fatal(err)
		}
		want[i] = pageOps(pdf)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4*len(names))
	for range 4 {
		for i, n := range names {
			d := sampleData(t, n)
			wg.Go(func() {
				got, err := c.RenderBytes(context.Background(), d)
				if err == nil && !bytes.Equal(pageOps(got), want[i]) {
					err = fmt.Errorf("%s: concurrent render differs from the sequential one", n)
				}
				if err != nil {
					errs <- err
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// pageOps is the page's drawing operators (text, rectangles, images):
// what a reader sees. The rest of the file is not compared because gofpdf
// orders a font subset's glyphs differently from run to run.
func pageOps(pdf []byte) []byte {
	var out [][]byte
	for _, l := range bytes.Split(pdf, []byte("\n")) {
		if bytes.Contains(l, []byte(" Tj")) || bytes.Contains(l, []byte(" re ")) || bytes.Contains(l, []byte(" Do")) {
			out = append(out, l)
		}
	}
	if len(out) < 10 {
		return nil // not an uncompressed certificate: never equal
	}
	return bytes.Join(out, []byte("\n"))
}

func TestGalleryCertificates(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(galleryDir, "*.certificate.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 2 {
		t.Fatalf("%d certificate templates in the gallery, want 2", len(files))
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(strings.TrimSuffix(name, ".certificate.json"), func(t *testing.T) {
			pdf := render(t, loadTemplate(t, name), CertificateOptions{}, sampleData(t, "Zoë Ångström"))
			if len(pdf) > 200<<10 {
				t.Errorf("PDF is %d bytes", len(pdf))
			}
			base := strings.TrimSuffix(f, ".json")
			if *update {
				if err := os.WriteFile(base+".pdf", pdf, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			img, ok := rasterize(t, pdf, 50)
			if !ok {
				t.Log("pdftoppm is not installed: preview not compared")
				return
			}
			checkGolden(t, base+".png", img)
		})
	}
}

// rasterize renders page 1 with poppler's pdftoppm, when installed.
func rasterize(t *testing.T, pdf []byte, dpi int) (image.Image, bool) {
	t.Helper()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		return nil, false
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "c.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftoppm", "-png", "-r", strconv.Itoa(dpi), "-singlefile", in, filepath.Join(dir, "p")).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "p.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img, true
}

var _ = color.White

// benchTemplate is the gallery's classic certificate with every text in
// one UTF-8 font (go-regular): a JPEG background, two PNG images with
// transparency, a QR code.
func benchTemplate(b *testing.B, oneFont bool) *CertificateTemplate {
	tpl := loadTemplate(b, "classic.certificate.json")
	if oneFont {
		for i := range tpl.Elements {
			tpl.Elements[i].Font = ""
		}
	}
	return tpl
}

func benchmarkCertificates(b *testing.B, oneFont bool) {
	c, err := NewCertificate(benchTemplate(b, oneFont), CertificateOptions{Now: fixedNow})
	if err != nil {
		b.Fatal(err)
	}
	d := sampleData(b, "Zoë Ångström")
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := c.Render(context.Background(), &buf, d); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "pdf-bytes")
}

// BenchmarkCertificateOneFont: run with -benchtime 1000x for "a batch of
// 1,000".
func BenchmarkCertificateOneFont(b *testing.B) { benchmarkCertificates(b, true) }

// BenchmarkCertificateGallery is the classic template as is (six fonts).
func BenchmarkCertificateGallery(b *testing.B) { benchmarkCertificates(b, false) }

// BenchmarkCertificateBatch renders a batch the way a batch job does: one
// compiled Certificate shared by one goroutine per core (Render is safe for
// concurrent use). ns/op is wall time per document. Run with
// -benchtime 1000x for "a batch of 1,000".
func BenchmarkCertificateBatch(b *testing.B) {
	c, err := NewCertificate(benchTemplate(b, true), CertificateOptions{Now: fixedNow})
	if err != nil {
		b.Fatal(err)
	}
	d := sampleData(b, "Zoë Ångström")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		var buf bytes.Buffer
		for pb.Next() {
			buf.Reset()
			if err := c.Render(context.Background(), &buf, d); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
