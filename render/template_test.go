package render

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestFontErrorsAreStable: with several bad fonts, the error names the
// first in name order, every time (not whichever map iteration gives).
func TestFontErrorsAreStable(t *testing.T) {
	elems := []Element{{Type: ElementText, Box: Box{W: 9, H: 9}, Text: "x"}}
	fsys := fstest.MapFS{"t.json": {Data: []byte(`{"fonts": {
		"zeta": {"path": "zeta.ttf"}, "alpha": {"path": "alpha.ttf"}, "mid": {"path": "mid.ttf"},
		"beta": {"path": "beta.ttf"}, "omega": {"path": "omega.ttf"}},
		"elements": [{"type": "text", "box": {"w": 9, "h": 9}, "text": "x"}]}`)}}
	tests := []struct {
		name  string
		run   func() error
		field string
		msg   string
	}{
		{"Validate: no source", func() error {
			tpl := &CertificateTemplate{Fonts: map[string]FontSpec{"zeta": {}, "alpha": {}, "mid": {}, "beta": {}, "omega": {}}, Elements: elems}
			return tpl.Validate()
		}, "fonts.alpha", "needs a path"},
		{"Validate: bad names", func() error {
			ok := FontSpec{Name: "go-bold"}
			tpl := &CertificateTemplate{Fonts: map[string]FontSpec{"z z": ok, "b/c": ok, "a(b)": ok, "m#": ok, "fine": ok}, Elements: elems}
			return tpl.Validate()
		}, "fonts", `"a(b)"`},
		{"LoadCertificateTemplate: unreadable files", func() error {
			_, err := LoadCertificateTemplate(fsys, "t.json")
			return err
		}, "fonts.alpha.path", `"alpha.ttf"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first := tt.run()
			var fe *FieldError
			if !errors.As(first, &fe) || fe.Field != tt.field || !strings.Contains(first.Error(), tt.msg) {
				t.Fatalf("err = %v, want %s on %q", first, tt.msg, tt.field)
			}
			for range 50 {
				if err := tt.run(); err == nil || err.Error() != first.Error() {
					t.Fatalf("err = %v, then %v", first, err)
				}
			}
		})
	}
}

// TestRequiredFields: a field an element prints unguarded must not be
// empty; inside {{if}}/{{with}} (or given to or/and/…) it is optional.
func TestRequiredFields(t *testing.T) {
	full := func() CertificateData {
		return CertificateData{
			RecipientName: "Ada", AchievementName: "A", AchievementDescription: "D", IssuerName: "I",
			Issued: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Expires: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC),
			CredentialID: "urn:x", VerifyURL: "https://v.example/1", Attributes: map[string]string{"number": "42", "cert no": "7"},
		}
	}
	noName := func(d *CertificateData) { d.RecipientName = "" }
	noExpiry := func(d *CertificateData) { d.Expires = time.Time{} }
	tests := []struct {
		name     string
		text     string
		optional bool
		qr       bool
		data     func(*CertificateData)
		want     string // "" for no error, else what the message says
		printed  string // text that must be in the PDF ("" to skip)
	}{
		{"label without its value", "Name: {{.RecipientName}}", false, false, noName, "{{.RecipientName}} is empty in this credential", ""},
		{"label with its value", "Name: {{.RecipientName}}", false, false, nil, "", "Name: Ada"},
		{"piped to a function", "Hello {{.RecipientName | upper}}", false, false, noName, "{{.RecipientName}} is empty", ""},
		{"argument of a function", "Hello {{upper .RecipientName}}", false, false, noName, "{{.RecipientName}} is empty", ""},
		{"through $", "Name: {{$.RecipientName}}", false, false, noName, "{{.RecipientName}} is empty", ""},
		{"through a variable", "{{$n := .RecipientName}}Name: {{$n}}", false, false, noName, "{{.RecipientName}} is empty", ""},
		{"through a defined template", `{{define "n"}}{{.RecipientName}}{{end}}Name: {{template "n" .}}`, false, false, noName, "{{.RecipientName}} is empty", ""},
		{"guarded and unguarded", "{{.RecipientName}}{{if .RecipientName}}!{{end}} x", false, false, noName, "{{.RecipientName}} is empty", ""},
		{"zero time", "Issued {{date .Issued}}", false, false, func(d *CertificateData) { d.Issued = time.Time{} }, "{{.Issued}} is empty in this credential", ""},
		{"empty attribute", "No. {{.Attributes.number}}", false, false, func(d *CertificateData) { d.Attributes["number"] = "" }, "{{.Attributes.number}} is empty in the certificate data", ""},
		{"empty attribute by index", `No. {{index .Attributes "cert no"}}`, false, false, func(d *CertificateData) { d.Attributes["cert no"] = "" }, `{{index .Attributes "cert no"}} is empty`, ""},
		{"QR of an empty field", "https://v.example/{{.CredentialID}}", false, true, func(d *CertificateData) { d.CredentialID = "" }, "QR code needs {{.CredentialID}}, which is empty in this credential", ""},
		{"with guard", "Issued {{.IssuedOn}}{{with .ExpiresOn}}, expires {{.}}{{end}}", false, false, noExpiry, "", "Issued March 1, 2026"},
		{"with guard, value present", "Issued {{.IssuedOn}}{{with .ExpiresOn}}, expires {{.}}{{end}}", false, false, nil, "", "Issued March 1, 2026, expires March 1, 2027"},
		{"if/else guard", "{{if .ExpiresOn}}Expires {{.ExpiresOn}}{{else}}No expiry{{end}}", false, false, noExpiry, "", "No expiry"},
		{"if guards a different field", "Hi{{if .IssuerName}} {{.RecipientName}}{{end}}", false, false, noName, "", "Hi"},
		{"or fallback", `Hello {{or .RecipientName "friend"}}`, false, false, noName, "", "Hello friend"},
		{"guarded attribute", `{{with index .Attributes "nick"}}{{.}}{{else}}Anonymous{{end}}`, false, false, nil, "", "Anonymous"},
		{"guarded defined template", `{{define "n"}}{{.RecipientName}}{{end}}Hi{{if .RecipientName}} {{template "n" .}}{{end}}`, false, false, noName, "", "Hi"},
		{"optional element is left out", "Name: {{.RecipientName}}", true, false, noName, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := Element{Type: ElementText, Box: Box{X: 10, Y: 40, W: 250, H: 20}, Text: tt.text, Optional: tt.optional}
			if tt.qr {
				e.Type = ElementQR
			}
			tpl := &CertificateTemplate{Elements: []Element{{Type: ElementText, Box: Box{X: 10, Y: 10, W: 250, H: 20}, Text: "Certificate"}, e}}
			c, err := NewCertificate(tpl, CertificateOptions{Now: fixedNow, Uncompressed: true})
			if err != nil {
				t.Fatal(err)
			}
			d := full()
			if tt.data != nil {
				tt.data(&d)
			}
			pdf, err := c.RenderBytes(context.Background(), &d)
			if tt.want != "" {
				var fe *FieldError
				if !errors.Is(err, ErrData) || !errors.As(err, &fe) || fe.Field != "elements[1].text" || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("err = %v, want ErrData on elements[1].text saying %q", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.printed != "" && !bytes.Contains(pdf, pdfString(tt.printed)) {
				t.Errorf("the PDF lacks %q", tt.printed)
			}
			if tt.optional && bytes.Contains(pdf, pdfString("Name:")) {
				t.Error("the optional element was drawn without its value")
			}
		})
	}
}
