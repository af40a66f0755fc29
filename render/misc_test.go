package render

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestFormatDate(t *testing.T) {
	d := time.Date(2026, 12, 24, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct{ locale, want string }{
		{"en", "December 24, 2026"}, {"fr", "24 décembre 2026"}, {"de", "24. Dezember 2026"},
		{"es", "24 de diciembre de 2026"}, {"it", "24 dicembre 2026"}, {"pt", "24 de dezembro de 2026"}, {"nl", "24 december 2026"},
	} {
		if got, err := FormatDate(d, tt.locale); err != nil || got != tt.want {
			t.Errorf("%s: %q, %v; want %q", tt.locale, got, err, tt.want)
		}
	}
	if _, err := FormatDate(d, "xx"); err == nil {
		t.Error("unknown locale accepted")
	}
	if s, err := FormatDate(time.Time{}, "en"); s != "" || err != nil {
		t.Errorf("zero time: %q, %v", s, err)
	}
}

func TestLoadBadgeDesignPaths(t *testing.T) {
	fsys := fstest.MapFS{
		"d/ok.json":     {Data: []byte(`{"shape":"circle","image":{"path":"img/p.png"}}`)},
		"d/img/p.png":   {Data: []byte("not a png")},
		"d/escape.json": {Data: []byte(`{"shape":"circle","image":{"path":"../secret.png"}}`)},
		"d/abs.json":    {Data: []byte(`{"shape":"circle","image":{"path":"/etc/passwd"}}`)},
		"d/extra.json":  {Data: []byte(`{"shape":"circle","colour":"#fff"}`)},
		"d/type.json":   {Data: []byte(`{"shape":"circle","border":{"width":"thick"}}`)},
		"d/color.json":  {Data: []byte(`{"shape":"circle","fill":{"color":"blue"}}`)},
		"secret.png":    {Data: []byte("x")},
	}
	d, err := LoadBadgeDesign(fsys, "d/ok.json")
	if err != nil || string(d.Image.Data) != "not a png" {
		t.Fatalf("relative path: %v", err)
	}
	if _, err := NewBadge(d); !errors.Is(err, ErrImage) {
		t.Errorf("not an image: %v", err)
	}
	for name, want := range map[string]string{
		"d/escape.json": "image.path", "d/abs.json": "image.path", "d/extra.json": "colour",
		"d/type.json": "border.width", "d/color.json": "fill.color",
	} {
		_, err := LoadBadgeDesign(fsys, name)
		var fe *FieldError
		if !errors.As(err, &fe) || !strings.Contains(fe.Field, want) {
			t.Errorf("%s: %v, want an error on %q", name, err, want)
		}
	}
}

func TestDefaultCertificateTemplate(t *testing.T) {
	tpl, err := DefaultCertificateTemplate(nil)
	if err != nil {
		t.Fatal(err)
	}
	data, err := jsonMarshal(tpl)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseCertificateTemplate(data)
	if err != nil {
		t.Fatalf("the default template does not round-trip: %v", err)
	}
	pdf := render(t, back, CertificateOptions{}, sampleData(t, "Ada Lovelace"))
	if img, ok := rasterize(t, pdf, 40); ok {
		checkGolden(t, "testdata/golden/default-certificate.png", img)
	}
}
