package badge

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/laurelhq/laurel/internal/spectest"
)

// wellFormed parses b fully with encoding/xml.
func wellFormed(t *testing.T, b []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, b)
		}
	}
}

// unsplice removes the baked element and the xmlns:openbadges
// declaration BakeSVG added, which must give back the original.
func unsplice(t *testing.T, baked []byte) []byte {
	t.Helper()
	out := baked
	for _, name := range []string{ElementOB3, ElementOB2} {
		i := bytes.Index(out, []byte("<"+name))
		if i < 0 {
			continue
		}
		end := bytes.Index(out[i:], []byte("</"+name+">"))
		if end < 0 {
			t.Fatalf("no end tag for %s", name)
		}
		out = append(bytes.Clone(out[:i]), out[i+end+len("</"+name+">"):]...)
	}
	for _, ns := range []string{NamespaceOB3, NamespaceOB2} {
		out = bytes.Replace(out, []byte(` xmlns:openbadges="`+ns+`"`), nil, 1)
	}
	return out
}

func TestSVGRoundTrip(t *testing.T) {
	tricky := []struct {
		name    string
		content []byte
		form    Form
		version Version
	}{
		{"json with ]]> and CRLF", []byte("{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],\r\n\"note\":\"a]]>b ]] > <&>\"}\r\n"), FormJSON, Version3},
		{"url with & and quotes", []byte(`https://example.org/a?b=1&c="2"`), FormUnknown, Version2},
	}
	all := append([]struct {
		name    string
		content []byte
		form    Form
		version Version
	}{}, contents...)
	all = append(all, tricky[0])
	for _, tt := range all {
		t.Run(tt.name, func(t *testing.T) {
			img := []byte(plainSVG)
			baked := mustBake(t, BakeSVG, img, tt.content, Options{})
			wellFormed(t, baked)
			b, err := UnbakeSVG(baked, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b.Content, tt.content) {
				t.Fatalf("content %q, want %q", b.Content, tt.content)
			}
			wantEl := map[Version]string{Version3: ElementOB3, Version2: ElementOB2}[tt.version]
			if b.Form != tt.form || b.Version != tt.version || b.Keyword != wantEl || len(b.Warnings) != 0 {
				t.Errorf("got %+v", b)
			}
			if got := unsplice(t, baked); !bytes.Equal(got, img) {
				t.Errorf("the rest of the document changed:\n%s", got)
			}
			// The element is the root's first child.
			root := bytes.Index(baked, []byte("<svg"))
			if gt := bytes.IndexByte(baked[root:], '>'); !bytes.HasPrefix(baked[root+gt+1:], []byte("<"+wantEl)) {
				t.Errorf("not the first child:\n%s", baked)
			}
			if _, err := BakeSVG(baked, ob2URL, Options{}); !errors.Is(err, ErrAlreadyBaked) {
				t.Errorf("bake over a baked image: %v", err)
			}
			re := mustBake(t, BakeSVG, baked, ob2URL, Options{Replace: true})
			wellFormed(t, re)
			if b, err := UnbakeSVG(re, Options{}); err != nil || !bytes.Equal(b.Content, ob2URL) || b.Keyword != ElementOB2 {
				t.Errorf("after replace: %+v, %v\n%s", b, err, re)
			}
			if got := unsplice(t, re); !bytes.Equal(got, img) {
				t.Errorf("replace changed the rest:\n%s", got)
			}
		})
	}
	// A URL with quotes is not bakeable content, but an attribute with
	// '&' round-trips.
	if _, err := BakeSVG([]byte(plainSVG), tricky[1].content, Options{}); !errors.Is(err, ErrContent) {
		t.Errorf("url with quotes: %v", err)
	}
}

func TestSVGNamespacePlacement(t *testing.T) {
	tests := []struct {
		name, img string
		content   []byte
		want      string // expected output
	}{
		{"declared on the root", `<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>`, ob2URL,
			`<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="https://example.org/assertions/123?x=1&amp;y=2"></openbadges:assertion><g/></svg>`},
		{"already declared", `<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><g/></svg>`, ob3JWT,
			`<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential verify="` + string(ob3JWT) + `"></openbadges:credential><g/></svg>`},
		{"prefix bound to 2.0 on the root", `<svg xmlns:openbadges="http://openbadges.org"><g/></svg>`, ob3JWT,
			`<svg xmlns:openbadges="http://openbadges.org"><openbadges:credential xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" verify="` + string(ob3JWT) + `"></openbadges:credential><g/></svg>`},
		{"self-closing root", "<svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\"\n/>", ob2URL,
			"<svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\"\n xmlns:openbadges=\"http://openbadges.org\"><openbadges:assertion verify=\"https://example.org/assertions/123?x=1&amp;y=2\"></openbadges:assertion></svg:svg>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustBake(t, BakeSVG, []byte(tt.img), tt.content, Options{})
			if string(got) != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			wellFormed(t, got)
			if b, err := UnbakeSVG(got, Options{}); err != nil || !bytes.Equal(b.Content, tt.content) {
				t.Errorf("unbake: %+v %v", b, err)
			}
		})
	}
}

func TestSVGTestdata(t *testing.T) {
	tests := []struct {
		file     string
		content  []byte
		element  string
		form     Form
		warnings int
	}{
		{"ob3-json.svg", ob3JSON, ElementOB3, FormJSON, 0},
		{"ob3-jwt.svg", ob3JWT, ElementOB3, FormJWS, 0},
		{"ob2-json.svg", ob2JSON, ElementOB2, FormJSON, 0},
		{"ob2-jws.svg", ob2JWS, ElementOB2, FormJWS, 0},
		{"ob2-url.svg", ob2URL, ElementOB2, FormURL, 0},
		{"ob3-spec-style.svg", []byte("\n  \n" + string(ob3JSON) + "  \n  "), ElementOB3, FormJSON, 0},
		{"ob2-lenient.svg", ob2URL[:32], ElementOB2, FormURL, 2},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			img, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			b, err := Unbake(img, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if b.Keyword != tt.element || b.Form != tt.form || len(b.Warnings) != tt.warnings {
				t.Errorf("got %+v", b)
			}
			if !bytes.Equal(b.Content, tt.content) {
				t.Errorf("content %q", b.Content)
			}
		})
	}
}

// TestSVGSpecExamples reads the baked SVGs published in the Open Badges
// 3.0 specification.
func TestSVGSpecExamples(t *testing.T) {
	root := spectest.Root()
	if root == "" {
		t.Skip("shared spec material not present")
	}
	tests := []struct {
		file string
		form Form
		has  string
	}{
		{"baked-svg-vc-jwt.svg", FormJWS, "header.payload.signature"},
		{"baked-svg-embedded-proof.svg", FormJSON, `"id": "http://example.edu/credentials/3732"`},
	}
	for _, tt := range tests {
		img, err := os.ReadFile(filepath.Join(root, "examples", "ob3", "spec-misc", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		b, err := UnbakeSVG(img, Options{})
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		if b.Form != tt.form || b.Version != Version3 || b.ContentVersion != Version3 && tt.form == FormJSON || !strings.Contains(string(b.Content), tt.has) {
			t.Errorf("%s: %+v", tt.file, b)
		}
		// Replacing the example's element with ours keeps the rest.
		re := mustBake(t, BakeSVG, img, ob3JWT, Options{Replace: true})
		wellFormed(t, re)
		if !bytes.Contains(re, []byte("<!-- rest-of-image -->")) {
			t.Errorf("%s: rest of image lost", tt.file)
		}
	}
}

func TestSVGBadInput(t *testing.T) {
	el := `<openbadges:assertion verify="https://example.org/a"></openbadges:assertion>`
	svg := func(inner string) []byte {
		return []byte(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">` + inner + `</svg>`)
	}
	tests := []struct {
		name string
		img  []byte
		want error
	}{
		{"external entity", []byte(`<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><svg>&xxe;</svg>`), ErrDTD},
		{"billion laughs", []byte(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><svg>&lol3;</svg>`), ErrDTD},
		{"doctype only", []byte(`<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg/>`), ErrDTD},
		{"undeclared entity", svg(`&lol;`), ErrMalformed},
		{"non-UTF-8", svg("<title>caf\xe9</title>"), ErrMalformed},
		{"latin-1 declaration", []byte(`<?xml version="1.0" encoding="ISO-8859-1"?><svg/>`), ErrMalformed},
		{"two baked elements", svg(el + el), ErrMultipleCredentials},
		{"3.0 and 2.0 elements", svg(`<openbadges:credential xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" verify="a.b.c"/>` + el), ErrMultipleCredentials},
		{"root is not svg", []byte(`<html><openbadges:assertion xmlns:openbadges="http://openbadges.org" verify="x"/></html>`), ErrMalformed},
		{"unclosed", []byte(`<svg><g>`), ErrMalformed},
		{"truncated", svg(el)[:40], ErrMalformed},
		{"second root", []byte(`<svg/><svg/>`), ErrMalformed},
		{"text after root", []byte(`<svg/>hello`), ErrMalformed},
		{"nested too deep", svg(strings.Repeat("<g>", 300) + strings.Repeat("</g>", 300)), ErrTooLarge},
		{"element inside the baked element", svg(`<openbadges:assertion verify="x"><g/></openbadges:assertion>`), ErrMalformed},
		{"empty baked element", svg(`<openbadges:assertion/>`), ErrNoCredential},
		{"no baked element", svg(`<g/>`), ErrNoCredential},
		{"no element at all", []byte(`<!-- nothing -->`), ErrMalformed},
		{"too large content", svg(`<openbadges:assertion><![CDATA[` + strings.Repeat("a", DefaultMaxContentBytes+1) + `]]></openbadges:assertion>`), ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := UnbakeSVG(tt.img, Options{})
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %+v, %v; want %v", b, err, tt.want)
			}
			var fe *FormatError
			if tt.want != ErrNoCredential && !errors.As(err, &fe) {
				t.Errorf("not a *FormatError: %v", err)
			}
		})
	}
	if _, err := BakeSVG(svg(el+el), ob2URL, Options{Replace: true}); !errors.Is(err, ErrMultipleCredentials) {
		t.Errorf("bake into two: %v", err)
	}
	if _, err := BakeSVG([]byte(`<!DOCTYPE svg><svg/>`), ob2URL, Options{}); !errors.Is(err, ErrDTD) {
		t.Errorf("bake with DTD: %v", err)
	}
}

func TestSVGDeclarationInCommentOrCDATA(t *testing.T) {
	img := []byte(`<svg><!-- <!DOCTYPE x> --><text><![CDATA[<!ENTITY y "z">]]></text></svg>`)
	if _, err := UnbakeSVG(img, Options{}); !errors.Is(err, ErrNoCredential) {
		t.Errorf("got %v, want ErrNoCredential (the declarations are text)", err)
	}
}

func TestBakeRefusesContent(t *testing.T) {
	tests := []struct {
		name    string
		content []byte
		opts    Options
	}{
		{"empty", nil, Options{}},
		{"whitespace", []byte(" \n"), Options{}},
		{"not UTF-8", []byte("https://example.org/\xff"), Options{}},
		{"NUL", []byte("{\"a\":\"\x00\"}"), Options{Version: Version3}},
		{"plain text", []byte("hello"), Options{}},
		{"invalid JSON", []byte(`{"@context":"https://w3id.org/openbadges/v2",}`), Options{}},
		{"version unknown", []byte(`{"name":"x"}`), Options{}},
		{"bad version", ob2URL, Options{Version: "4.0"}},
		{"URL as 3.0", ob2URL, Options{Version: Version3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := BakePNG(handPNG(4, 4), tt.content, tt.opts); !errors.Is(err, ErrContent) {
				t.Errorf("png: %v", err)
			}
			if _, err := BakeSVG([]byte(plainSVG), tt.content, tt.opts); !errors.Is(err, ErrContent) {
				t.Errorf("svg: %v", err)
			}
		})
	}
	// An OB 2.0 assertion in SVG needs its hosted URL for verify="…".
	if _, err := BakeSVG([]byte(plainSVG), []byte(`{"@context":"https://w3id.org/openbadges/v2","id":"urn:uuid:1","recipient":{}}`), Options{}); !errors.Is(err, ErrContent) {
		t.Errorf("ob2 without URL: %v", err)
	}
	if _, err := Bake([]byte("GIF89a"), ob2URL, Options{}); !errors.Is(err, ErrUnknownImage) {
		t.Errorf("gif: %v", err)
	}
	if _, err := Unbake([]byte("GIF89a"), Options{}); !errors.Is(err, ErrUnknownImage) {
		t.Errorf("gif: %v", err)
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		in      string
		form    Form
		version Version
	}{
		{string(ob3JSON), FormJSON, Version3},
		{string(ob2JSON), FormJSON, Version2},
		{string(ob3JWT), FormJWS, Version3},
		{string(ob2JWS), FormJWS, Version2},
		{"  https://example.org/a\n", FormURL, Version2},
		{`{"type":["VerifiableCredential"]}`, FormJSON, Version3},
		{`{"@context":"https://w3id.org/openbadges/v1","badge":"x"}`, FormJSON, Version2},
		{`{"uid":"1","badge":"x","verify":{"type":"hosted"}}`, FormJSON, Version2}, // OBI 0.5/1.0, no context
		{`{"name":"x"}`, FormJSON, VersionAuto},
		{`{broken`, FormJSON, VersionAuto},
		{"a.b.c", FormJWS, VersionAuto},
		{"a..c", FormUnknown, VersionAuto},
		{".b.c", FormUnknown, VersionAuto},
		{"a.b.c.d", FormUnknown, VersionAuto},
		{"ftp://example.org", FormUnknown, VersionAuto},
		{"", FormUnknown, VersionAuto},
	}
	for _, tt := range tests {
		if f, v := Classify([]byte(tt.in)); f != tt.form || v != tt.version {
			t.Errorf("Classify(%.40q) = %s, %q; want %s, %q", tt.in, f, v, tt.form, tt.version)
		}
	}
}

func TestSVGByteOrderMark(t *testing.T) {
	img := []byte("\xef\xbb\xbf<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
	out := mustBake(t, BakeSVG, img, ob2URL, Options{})
	want := "\xef\xbb\xbf<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"http://openbadges.org\">" +
		"<openbadges:assertion verify=\"https://example.org/assertions/123?x=1&amp;y=2\"></openbadges:assertion></svg>"
	if string(out) != want {
		t.Fatalf("got\n%q\nwant\n%q", out, want)
	}
	if b, err := UnbakeSVG(out, Options{}); err != nil || !bytes.Equal(b.Content, ob2URL) || b.Offset != int64(strings.Index(want, "<openbadges:")) {
		t.Fatalf("%+v %v", b, err)
	}
}
