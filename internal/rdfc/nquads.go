package rdfc

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ErrSyntax is matched (errors.Is) by every *SyntaxError.
var ErrSyntax = errors.New("rdfc: N-Quads syntax error")

// SyntaxError reports malformed N-Quads input. Line and Column are 1-based;
// Column counts characters (Unicode code points).
type SyntaxError struct {
	Line, Column int
	Msg          string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("rdfc: N-Quads line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// Unwrap lets errors.Is(err, ErrSyntax) match.
func (e *SyntaxError) Unwrap() error { return ErrSyntax }

// ParseNQuads parses an N-Quads document (https://www.w3.org/TR/n-quads/),
// decoding ECHAR and UCHAR escapes. It returns the quads in document order;
// duplicates are kept. Relative IRIs are refused, as N-Quads requires.
func ParseNQuads(data []byte) ([]Quad, error) {
	p := &parser{s: data, line: 1}
	var out []Quad
	for {
		p.skipSpace()
		if p.eof() {
			return out, nil
		}
		if c := p.peek(); c == '\n' || c == '\r' || c == '#' {
			p.skipEOL()
			continue
		}
		q, err := p.statement()
		if err != nil {
			return nil, err
		}
		out = append(out, q)
		p.skipSpace()
		if !p.eof() {
			switch c := p.peek(); c {
			case '\n', '\r', '#':
				p.skipEOL()
			default:
				return nil, p.errf("expected end of line after '.'")
			}
		}
	}
}

type parser struct {
	s         []byte
	i         int
	line      int
	lineStart int
}

func (p *parser) eof() bool  { return p.i >= len(p.s) }
func (p *parser) peek() byte { return p.s[p.i] }

func (p *parser) errAt(pos int, format string, args ...any) error {
	col := utf8.RuneCount(p.s[p.lineStart:pos]) + 1
	return &SyntaxError{Line: p.line, Column: col, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) errf(format string, args ...any) error {
	return p.errAt(p.i, format, args...)
}

func (p *parser) skipSpace() {
	for !p.eof() && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

// skipEOL skips an optional comment and the line ends after it.
func (p *parser) skipEOL() {
	if !p.eof() && p.s[p.i] == '#' {
		for !p.eof() && p.s[p.i] != '\n' && p.s[p.i] != '\r' {
			p.i++
		}
	}
	for !p.eof() && (p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		if p.s[p.i] == '\n' || (p.s[p.i] == '\r' && (p.i+1 >= len(p.s) || p.s[p.i+1] != '\n')) {
			p.line++
			p.lineStart = p.i + 1
		}
		p.i++
	}
}

func (p *parser) statement() (Quad, error) {
	var q Quad
	var err error
	if q.Subject, err = p.term("subject", true, true, false); err != nil {
		return q, err
	}
	p.skipSpace()
	if q.Predicate, err = p.term("predicate", true, false, false); err != nil {
		return q, err
	}
	p.skipSpace()
	if q.Object, err = p.term("object", true, true, true); err != nil {
		return q, err
	}
	p.skipSpace()
	if !p.eof() && p.peek() != '.' {
		if q.Graph, err = p.term("graph label", true, true, false); err != nil {
			return q, err
		}
		p.skipSpace()
	}
	if p.eof() || p.peek() != '.' {
		return q, p.errf("expected '.' at end of statement")
	}
	p.i++
	return q, nil
}

func (p *parser) term(what string, iri, blank, literal bool) (Term, error) {
	if p.eof() {
		return Term{}, p.errf("unexpected end of input, expected %s", what)
	}
	switch c := p.peek(); {
	case c == '<' && iri:
		v, err := p.iriRef()
		return Term{Kind: KindIRI, Value: v}, err
	case c == '_' && blank:
		return p.blankNode()
	case c == '"' && literal:
		return p.literal()
	}
	r, _ := utf8.DecodeRune(p.s[p.i:])
	return Term{}, p.errf("unexpected %q, expected %s", r, what)
}

func (p *parser) iriRef() (string, error) {
	start := p.i
	p.i++ // '<'
	// Fast path: no escapes, ASCII only.
	for j := p.i; j < len(p.s); j++ {
		c := p.s[j]
		if c == '>' {
			v := string(p.s[p.i:j])
			if !hasScheme(v) {
				return "", p.errAt(start, "relative IRI <%s> not allowed", v)
			}
			p.i = j + 1
			return v, nil
		}
		if c <= 0x20 || c >= 0x80 || strings.IndexByte("<\"{}|^`\\", c) >= 0 {
			break
		}
	}
	var sb strings.Builder
	for {
		if p.eof() {
			return "", p.errAt(start, "unterminated IRI")
		}
		c := p.s[p.i]
		if c == '>' {
			p.i++
			break
		}
		var r rune
		at := p.i
		if c == '\\' {
			var err error
			if r, err = p.uchar(); err != nil {
				return "", err
			}
		} else {
			var err error
			if r, err = p.char(); err != nil {
				return "", err
			}
		}
		if r <= 0x20 || strings.ContainsRune("<>\"{}|^`\\", r) {
			return "", p.errAt(at, "character %q not allowed in IRI", r)
		}
		sb.WriteRune(r)
	}
	v := sb.String()
	if !hasScheme(v) {
		return "", p.errAt(start, "relative IRI <%s> not allowed", v)
	}
	return v, nil
}

func hasScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

// char decodes one UTF-8 character at p.i.
func (p *parser) char() (rune, error) {
	r, n := utf8.DecodeRune(p.s[p.i:])
	if r == utf8.RuneError && n <= 1 {
		return 0, p.errf("invalid UTF-8")
	}
	p.i += n
	return r, nil
}

// uchar decodes \uXXXX or \UXXXXXXXX at p.i.
func (p *parser) uchar() (rune, error) {
	start := p.i
	if p.i+1 >= len(p.s) {
		return 0, p.errf("incomplete escape")
	}
	var n int
	switch p.s[p.i+1] {
	case 'u':
		n = 4
	case 'U':
		n = 8
	default:
		return 0, p.errf("invalid escape \\%c", p.s[p.i+1])
	}
	if p.i+2+n > len(p.s) {
		return 0, p.errf("incomplete escape")
	}
	var r rune
	for _, c := range p.s[p.i+2 : p.i+2+n] {
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, p.errf("invalid hex digit in escape")
		}
		r = r<<4 | rune(d)
	}
	if !utf8.ValidRune(r) {
		return 0, p.errAt(start, "escape is not a Unicode scalar value")
	}
	p.i += 2 + n
	return r, nil
}

func (p *parser) blankNode() (Term, error) {
	start := p.i
	if p.i+1 >= len(p.s) || p.s[p.i+1] != ':' {
		return Term{}, p.errf("expected '_:'")
	}
	p.i += 2
	first := true
	labelStart := p.i
	for !p.eof() {
		r, n := utf8.DecodeRune(p.s[p.i:])
		if r == utf8.RuneError && n <= 1 {
			return Term{}, p.errf("invalid UTF-8")
		}
		ok := false
		if first {
			ok = isPNCharsU(r) || (r >= '0' && r <= '9')
		} else {
			ok = isPNChars(r) || r == '.'
		}
		if !ok {
			break
		}
		first = false
		p.i += n
	}
	// A label may not end with '.'.
	for p.i > labelStart && p.s[p.i-1] == '.' {
		p.i--
	}
	if p.i == labelStart {
		return Term{}, p.errAt(start, "empty blank node label")
	}
	return Term{Kind: KindBlank, Value: string(p.s[labelStart:p.i])}, nil
}

func isPNCharsBase(r rune) bool {
	switch {
	case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z',
		r >= 0xC0 && r <= 0xD6, r >= 0xD8 && r <= 0xF6, r >= 0xF8 && r <= 0x2FF,
		r >= 0x370 && r <= 0x37D, r >= 0x37F && r <= 0x1FFF, r >= 0x200C && r <= 0x200D,
		r >= 0x2070 && r <= 0x218F, r >= 0x2C00 && r <= 0x2FEF, r >= 0x3001 && r <= 0xD7FF,
		r >= 0xF900 && r <= 0xFDCF, r >= 0xFDF0 && r <= 0xFFFD, r >= 0x10000 && r <= 0xEFFFF:
		return true
	}
	return false
}

func isPNCharsU(r rune) bool { return isPNCharsBase(r) || r == '_' || r == ':' }

func isPNChars(r rune) bool {
	return isPNCharsU(r) || r == '-' || (r >= '0' && r <= '9') || r == 0xB7 ||
		(r >= 0x300 && r <= 0x36F) || (r >= 0x203F && r <= 0x2040)
}

func (p *parser) literal() (Term, error) {
	start := p.i
	p.i++ // '"'
	var sb strings.Builder
	// Fast path: no escapes, valid UTF-8.
	for j := p.i; j < len(p.s); j++ {
		if c := p.s[j]; c == '"' {
			if utf8.Valid(p.s[p.i:j]) {
				sb.Write(p.s[p.i:j])
				p.i = j
			}
			break
		} else if c == '\\' || c == '\n' || c == '\r' {
			break
		}
	}
	for {
		if p.eof() {
			return Term{}, p.errAt(start, "unterminated string literal")
		}
		c := p.s[p.i]
		if c == '"' {
			p.i++
			break
		}
		if c == '\n' || c == '\r' {
			return Term{}, p.errf("line break in string literal")
		}
		if c != '\\' {
			r, err := p.char()
			if err != nil {
				return Term{}, err
			}
			sb.WriteRune(r)
			continue
		}
		if p.i+1 >= len(p.s) {
			return Term{}, p.errf("incomplete escape")
		}
		if e := p.s[p.i+1]; e == 'u' || e == 'U' {
			r, err := p.uchar()
			if err != nil {
				return Term{}, err
			}
			sb.WriteRune(r)
			continue
		}
		var r byte
		switch p.s[p.i+1] {
		case 't':
			r = '\t'
		case 'b':
			r = '\b'
		case 'n':
			r = '\n'
		case 'r':
			r = '\r'
		case 'f':
			r = '\f'
		case '"':
			r = '"'
		case '\'':
			r = '\''
		case '\\':
			r = '\\'
		default:
			return Term{}, p.errf("invalid escape \\%c", p.s[p.i+1])
		}
		sb.WriteByte(r)
		p.i += 2
	}
	t := Term{Kind: KindLiteral, Value: sb.String()}
	if p.eof() {
		return t, nil
	}
	switch p.peek() {
	case '@':
		p.i++
		ls := p.i
		for !p.eof() && isAlpha(p.peek()) {
			p.i++
		}
		if p.i == ls {
			return Term{}, p.errf("empty language tag")
		}
		for !p.eof() && p.peek() == '-' {
			p.i++
			ss := p.i
			for !p.eof() && (isAlpha(p.peek()) || p.peek() >= '0' && p.peek() <= '9') {
				p.i++
			}
			if p.i == ss {
				return Term{}, p.errf("empty language subtag")
			}
		}
		t.Language = string(p.s[ls:p.i])
	case '^':
		if p.i+1 >= len(p.s) || p.s[p.i+1] != '^' {
			return Term{}, p.errf("expected '^^'")
		}
		p.i += 2
		if p.eof() || p.peek() != '<' {
			return Term{}, p.errf("expected datatype IRI after '^^'")
		}
		dt, err := p.iriRef()
		if err != nil {
			return Term{}, err
		}
		if dt != XSDString {
			t.Datatype = dt
		}
	}
	return t, nil
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
