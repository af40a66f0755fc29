package rdfc

import (
	"strconv"
	"strings"
)

// Well-known datatype IRIs.
const (
	// XSDString is the datatype of simple literals; canonical N-Quads
	// omits it.
	XSDString = "http://www.w3.org/2001/XMLSchema#string"
	// RDFLangString is the datatype of language-tagged literals.
	RDFLangString = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
)

// Kind is the kind of an RDF term.
type Kind uint8

// Term kinds. The zero Kind is "no term": a Quad's Graph with the zero Kind
// is the default graph.
const (
	KindNone Kind = iota
	KindIRI
	KindBlank
	KindLiteral
)

// Term is an RDF term: an IRI, a blank node or a literal.
type Term struct {
	Kind Kind
	// Value is the IRI, the blank node identifier (without "_:") or the
	// literal's lexical form.
	Value string
	// Datatype is the literal's datatype IRI; empty means xsd:string (or
	// rdf:langString when Language is set).
	Datatype string
	// Language is the literal's language tag.
	Language string
}

// IRI returns an IRI term.
func IRI(v string) Term { return Term{Kind: KindIRI, Value: v} }

// Blank returns a blank node term with identifier id (without "_:").
func Blank(id string) Term { return Term{Kind: KindBlank, Value: id} }

// Literal returns a literal term. An empty datatype means xsd:string.
func Literal(value, datatype, language string) Term {
	return Term{Kind: KindLiteral, Value: value, Datatype: datatype, Language: language}
}

// IsBlank reports whether t is a blank node.
func (t Term) IsBlank() bool { return t.Kind == KindBlank }

// String returns t in canonical N-Quads syntax (empty for KindNone).
func (t Term) String() string { return string(appendTerm(nil, t)) }

func (t Term) datatype() string {
	switch {
	case t.Language != "":
		return RDFLangString
	case t.Datatype == "":
		return XSDString
	}
	return t.Datatype
}

// Quad is an RDF quad. A Graph with the zero Kind is the default graph.
type Quad struct {
	Subject, Predicate, Object, Graph Term
}

// String returns q as one canonical N-Quads line, without the newline.
func (q Quad) String() string {
	b := appendQuad(nil, &q, nil)
	return string(b[:len(b)-1])
}

// Dataset is a list of quads, as read from N-Quads or converted from
// JSON-LD. It may contain duplicates; canonicalization treats it as a set.
type Dataset []Quad

// NQuads serializes d in order as canonical N-Quads, one line per quad.
func (d Dataset) NQuads() []byte {
	var b []byte
	for i := range d {
		b = appendQuad(b, &d[i], nil)
	}
	return b
}

// appendQuad appends q as a canonical N-Quads line including the final
// newline. When relabel is non-nil it maps each blank node identifier to the
// one to print.
func appendQuad(b []byte, q *Quad, relabel func(string) string) []byte {
	b = appendTermRelabel(b, q.Subject, relabel)
	b = append(b, ' ')
	b = appendTermRelabel(b, q.Predicate, relabel)
	b = append(b, ' ')
	b = appendTermRelabel(b, q.Object, relabel)
	if q.Graph.Kind != KindNone {
		b = append(b, ' ')
		b = appendTermRelabel(b, q.Graph, relabel)
	}
	return append(b, " .\n"...)
}

func appendTermRelabel(b []byte, t Term, relabel func(string) string) []byte {
	if t.Kind == KindBlank && relabel != nil {
		b = append(b, "_:"...)
		return append(b, relabel(t.Value)...)
	}
	return appendTerm(b, t)
}

func appendTerm(b []byte, t Term) []byte {
	switch t.Kind {
	case KindIRI:
		b = append(b, '<')
		b = append(b, t.Value...)
		return append(b, '>')
	case KindBlank:
		b = append(b, "_:"...)
		return append(b, t.Value...)
	case KindLiteral:
		b = append(b, '"')
		b = appendEscaped(b, t.Value)
		b = append(b, '"')
		switch dt := t.datatype(); {
		case t.Language != "":
			b = append(b, '@')
			b = append(b, t.Language...)
		case dt != XSDString:
			b = append(b, "^^<"...)
			b = append(b, dt...)
			b = append(b, '>')
		}
	}
	return b
}

// appendEscaped escapes a literal's lexical form as canonical N-Quads
// requires (RDF 1.1 N-Quads section 4, as refined by RDFC-1.0): \" \\ and
// the ECHARs \b \t \n \f \r; other controls (U+0000–U+001F, U+007F) as
// \uXXXX with upper-case hex digits; everything else verbatim.
func appendEscaped(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c != 0x7f {
			continue
		}
		b = append(b, s[start:i]...)
		start = i + 1
		switch c {
		case '"':
			b = append(b, `\"`...)
		case '\\':
			b = append(b, `\\`...)
		case '\b':
			b = append(b, `\b`...)
		case '\t':
			b = append(b, `\t`...)
		case '\n':
			b = append(b, `\n`...)
		case '\f':
			b = append(b, `\f`...)
		case '\r':
			b = append(b, `\r`...)
		default:
			b = append(b, `\u00`...)
			h := strings.ToUpper(strconv.FormatUint(uint64(c), 16))
			if len(h) < 2 {
				b = append(b, '0')
			}
			b = append(b, h...)
		}
	}
	return append(b, s[start:]...)
}
