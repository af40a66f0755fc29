package badge

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// svgDoc is what scanSVG learns about an SVG: byte offsets, so that
// baking edits the document in place and never re-serialises it.
type svgDoc struct {
	rootStart, rootEnd int    // the root start tag is img[rootStart:rootEnd]
	rootName           string // the root's qualified name as written
	rootSelfClosing    bool
	rootOBNamespace    string // the root's xmlns:openbadges, "" if none
	baked              []svgElement
}

// svgElement is a baked credential element.
type svgElement struct {
	start, end int // img[start:end] is the whole element
	name       string
	version    Version
	verify     string
	hasVerify  bool
	body       []byte // character data, CDATA sections joined
	warnings   []string
}

func svgErr(off int64, sentinel error, format string, a ...any) error {
	return &FormatError{Image: SVG, Offset: off, Reason: fmt.Sprintf(format, a...), Err: sentinel}
}

// scanSVG tokenises the whole document (so that a second baked element
// or a malformed tail is found) with encoding/xml, which expands no
// entities but the predefined ones; DOCTYPE and ENTITY declarations are
// refused outright.
func scanSVG(img []byte, opts Options) (*svgDoc, error) {
	if int64(len(img)) > opts.maxImage() {
		return nil, svgErr(0, ErrTooLarge, "image is %d bytes, over the %d byte limit", len(img), opts.maxImage())
	}
	if i := firstInvalidUTF8(img); i >= 0 {
		return nil, svgErr(int64(i), ErrMalformed, "not valid UTF-8")
	}
	if i := declarationAt(img); i >= 0 {
		return nil, svgErr(int64(i), ErrDTD, "DOCTYPE/ENTITY declarations are not accepted (external entities, entity expansion)")
	}
	// A UTF-8 byte order mark is allowed before the document; the
	// tokenizer would take it for text, so it starts after it and every
	// offset is shifted back.
	base := int64(0)
	if bytes.HasPrefix(img, []byte("\xef\xbb\xbf")) {
		base = 3
	}
	d := xml.NewDecoder(bytes.NewReader(img[base:]))
	d.Strict = true
	offset := func() int64 { return base + d.InputOffset() }
	doc := &svgDoc{rootStart: -1}
	depth := 0
	var cur *svgElement // the baked element being read
	curDepth := 0
	for {
		start := offset()
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, svgErr(offset(), ErrMalformed, "line %d: %s", se.Line, se.Msg)
			}
			return nil, svgErr(offset(), ErrMalformed, "%v", err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return nil, svgErr(start, ErrDTD, "<!%s> declarations are not accepted", firstWord(t))
		case xml.StartElement:
			depth++
			if depth > maxSVGDepth {
				return nil, svgErr(start, ErrTooLarge, "elements nested deeper than %d", maxSVGDepth)
			}
			if cur != nil {
				return nil, svgErr(start, ErrMalformed, "element <%s> inside the baked <%s> element", t.Name.Local, cur.name)
			}
			if doc.rootStart < 0 {
				if depth != 1 {
					return nil, svgErr(start, ErrMalformed, "no root element")
				}
				if t.Name.Local != "svg" {
					return nil, svgErr(start, ErrMalformed, "root element is <%s>, not <svg>", t.Name.Local)
				}
				doc.rootStart, doc.rootEnd = int(start), int(offset())
				doc.rootName = rawName(img[doc.rootStart:])
				doc.rootSelfClosing = bytes.HasSuffix(img[doc.rootStart:doc.rootEnd], []byte("/>"))
				for _, a := range t.Attr {
					if a.Name.Space == "xmlns" && a.Name.Local == "openbadges" {
						doc.rootOBNamespace = a.Value
					}
				}
				continue
			}
			if depth == 1 {
				return nil, svgErr(start, ErrMalformed, "a second root element <%s>", t.Name.Local)
			}
			if e := bakedElement(t, img[start:]); e != nil {
				e.start = int(start)
				doc.baked = append(doc.baked, *e)
				if len(doc.baked) > 1 {
					return nil, svgErr(start, ErrMultipleCredentials, "second baked element <%s> (the first is at offset %d)", e.name, doc.baked[0].start)
				}
				cur, curDepth = &doc.baked[0], depth
				if depth != 2 {
					cur.warnings = append(cur.warnings, fmt.Sprintf("<%s> is not a child of the root <svg>", e.name))
				}
			}
		case xml.EndElement:
			if cur != nil && depth == curDepth {
				cur.end = int(offset())
				cur = nil
			}
			depth--
		case xml.CharData:
			if cur != nil {
				cur.body = append(cur.body, t...)
			} else if depth == 0 && len(bytes.TrimSpace(t)) > 0 {
				return nil, svgErr(start, ErrMalformed, "text outside the root element")
			}
		}
	}
	if doc.rootStart < 0 {
		return nil, svgErr(0, ErrMalformed, "no root element")
	}
	return doc, nil
}

// declarationAt finds "<!DOCTYPE" or "<!ENTITY" outside comments and
// CDATA sections, so they are refused before any parsing.
func declarationAt(img []byte) int {
	for i := 0; i < len(img); {
		j := bytes.Index(img[i:], []byte("<!"))
		if j < 0 {
			return -1
		}
		i += j
		rest := img[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			k := bytes.Index(rest[4:], []byte("-->"))
			if k < 0 {
				return -1 // unterminated; the tokenizer reports it
			}
			i += 4 + k + 3
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			k := bytes.Index(rest[9:], []byte("]]>"))
			if k < 0 {
				return -1
			}
			i += 9 + k + 3
		default:
			return i
		}
	}
	return -1
}

func firstWord(b []byte) string {
	f := strings.Fields(string(b[:min(len(b), 40)]))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// rawName returns the qualified name of the start tag at b[0].
func rawName(b []byte) string {
	end := 1
	for end < len(b) && !strings.ContainsRune(" \t\r\n/>", rune(b[end])) {
		end++
	}
	return string(b[1:end])
}

// bakedElement recognises a baked credential element: the Open Badges
// 3.0 <credential> and 2.0 <assertion> in their namespaces, and leniently
// either name with the other namespace or with an undeclared "openbadges"
// prefix.
func bakedElement(t xml.StartElement, raw []byte) *svgElement {
	if t.Name.Local != "credential" && t.Name.Local != "assertion" {
		return nil
	}
	e := &svgElement{name: rawName(raw)}
	switch strings.TrimSuffix(t.Name.Space, "/") {
	case NamespaceOB3:
		e.version = Version3
	case NamespaceOB2, "https://openbadges.org":
		e.version = Version2
	case "openbadges": // prefix never declared
		e.version = Version2
		if t.Name.Local == "credential" {
			e.version = Version3
		}
		e.warnings = append(e.warnings, fmt.Sprintf("the prefix of <%s> is not bound to a namespace", e.name))
	default:
		return nil
	}
	if want := map[Version]string{Version3: "credential", Version2: "assertion"}[e.version]; t.Name.Local != want {
		e.warnings = append(e.warnings, fmt.Sprintf("<%s> in the Open Badges %s namespace, which names it <%s>", e.name, e.version, want))
	}
	for _, a := range t.Attr {
		if a.Name.Local == "verify" && (a.Name.Space == "" || a.Name.Space == t.Name.Space) {
			e.verify, e.hasVerify = a.Value, true
		}
	}
	return e
}

// UnbakeSVG extracts the credential baked into an SVG: the character
// data of the baked element when it has any besides whitespace (the JSON
// in CDATA), otherwise its verify attribute (a compact JWS or a URL).
func UnbakeSVG(img []byte, opts Options) (*Baked, error) {
	doc, err := scanSVG(img, opts)
	if err != nil {
		return nil, err
	}
	if len(doc.baked) == 0 {
		return nil, fmt.Errorf("%w (no <%s> or <%s> element)", ErrNoCredential, ElementOB3, ElementOB2)
	}
	e := doc.baked[0]
	b := &Baked{Image: SVG, Keyword: e.name, Version: e.version, Offset: int64(e.start), Warnings: e.warnings}
	switch {
	case len(bytes.TrimSpace(e.body)) > 0:
		b.Content = e.body
	case e.hasVerify && strings.TrimSpace(e.verify) != "":
		b.Content = []byte(e.verify)
	default:
		return nil, svgErr(int64(e.start), ErrNoCredential, "<%s> has neither content nor a verify attribute", e.name)
	}
	if int64(len(b.Content)) > opts.maxContent() {
		return nil, svgErr(int64(e.start), ErrTooLarge, "baked content is %d bytes, over the %d byte limit", len(b.Content), opts.maxContent())
	}
	finish(b)
	return b, nil
}

// BakeSVG returns a copy of img with content in a baked element, the
// first child of the root <svg>; the rest of the document is kept byte
// for byte. Open Badges 3.0 gets <openbadges:credential> (a JWS in its
// verify attribute, JSON in CDATA); 2.0 gets <openbadges:assertion
// verify="…"> (the JWS or URL in verify; for JSON, the assertion's
// hosted URL in verify and the JSON in CDATA). xmlns:openbadges is
// declared on the root, or on the element when the root binds the
// prefix to the other version's namespace.
func BakeSVG(img, content []byte, opts Options) ([]byte, error) {
	form, ver, err := prepare(img, content, opts)
	if err != nil {
		return nil, err
	}
	doc, err := scanSVG(img, opts)
	if err != nil {
		return nil, err
	}
	if len(doc.baked) == 1 && !opts.Replace {
		e := doc.baked[0]
		return nil, fmt.Errorf("%w: <%s> at offset %d; Options.Replace replaces it", ErrAlreadyBaked, e.name, e.start)
	}
	name, ns := ElementOB2, NamespaceOB2
	if ver == Version3 {
		name, ns = ElementOB3, NamespaceOB3
	}
	var el bytes.Buffer
	el.Grow(len(content) + 128)
	el.WriteString("<" + name)
	onRoot := doc.rootOBNamespace == "" || doc.rootOBNamespace == ns
	if !onRoot {
		el.WriteString(` xmlns:openbadges="` + ns + `"`)
	}
	switch {
	case form != FormJSON:
		el.WriteString(` verify="`)
		writeAttr(&el, content)
		el.WriteString(`">`)
	case ver == Version2:
		u := hostedURL(content)
		if u == "" {
			return nil, fmt.Errorf("%w: an Open Badges 2.0 assertion baked into an SVG needs its hosted URL (id or verify.url) for the verify attribute; bake a signed badge as its JWS", ErrContent)
		}
		el.WriteString(` verify="`)
		writeAttr(&el, []byte(u))
		el.WriteString(`">`)
		writeCDATA(&el, content)
	default:
		el.WriteString(">")
		writeCDATA(&el, content)
	}
	el.WriteString("</" + name + ">")

	// Assemble: root start tag (plus the namespace declaration), the new
	// element, the rest without the old element.
	out := make([]byte, 0, len(img)+el.Len()+64)
	tagClose := doc.rootEnd - 1 // the '>' of the root start tag
	if doc.rootSelfClosing {
		tagClose--
	}
	out = append(out, img[:tagClose]...)
	if onRoot && doc.rootOBNamespace == "" {
		out = append(out, ` xmlns:openbadges="`+ns+`"`...)
	}
	out = append(out, '>')
	out = append(out, el.Bytes()...)
	if doc.rootSelfClosing {
		out = append(out, "</"+doc.rootName+">"...)
	}
	rest := doc.rootEnd
	if len(doc.baked) == 1 {
		old := doc.baked[0]
		out = append(out, img[rest:old.start]...)
		rest = old.end
	}
	return append(out, img[rest:]...), nil
}

// writeAttr escapes an attribute value so that a parser returns it
// unchanged (whitespace characters as references survive normalisation).
func writeAttr(w *bytes.Buffer, v []byte) {
	for _, c := range v {
		switch c {
		case '&':
			w.WriteString("&amp;")
		case '<':
			w.WriteString("&lt;")
		case '>':
			w.WriteString("&gt;")
		case '"':
			w.WriteString("&quot;")
		case '\t':
			w.WriteString("&#9;")
		case '\n':
			w.WriteString("&#10;")
		case '\r':
			w.WriteString("&#13;")
		default:
			w.WriteByte(c)
		}
	}
}

// writeCDATA writes v as CDATA. "]]>" is split across two sections and
// '\r' goes out as a character reference, since a parser would turn a
// literal CR into LF.
func writeCDATA(w *bytes.Buffer, v []byte) {
	w.WriteString("<![CDATA[")
	for len(v) > 0 {
		i := bytes.IndexAny(v, "]\r")
		if i < 0 {
			w.Write(v)
			break
		}
		w.Write(v[:i])
		v = v[i:]
		switch {
		case v[0] == '\r':
			w.WriteString("]]>&#13;<![CDATA[")
			v = v[1:]
		case bytes.HasPrefix(v, []byte("]]>")):
			w.WriteString("]]]]><![CDATA[>")
			v = v[3:]
		default:
			w.WriteByte(']')
			v = v[1:]
		}
	}
	w.WriteString("]]>")
}
