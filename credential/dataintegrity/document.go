package dataintegrity

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// proofFields holds the proof options in the member order we write them
// (the order of the W3C examples), followed by proofValue.
type proofFields struct {
	Type               string `json:"type"`
	ID                 string `json:"id,omitempty"`
	Cryptosuite        string `json:"cryptosuite,omitempty"`
	Created            string `json:"created,omitempty"`
	Expires            string `json:"expires,omitempty"`
	VerificationMethod string `json:"verificationMethod"`
	ProofPurpose       string `json:"proofPurpose"`
	Domain             string `json:"domain,omitempty"`
	Challenge          string `json:"challenge,omitempty"`
	PreviousProof      any    `json:"previousProof,omitempty"`
	Context            any    `json:"@context,omitempty"`
	ProofValue         string `json:"proofValue,omitempty"`
}

// config returns the proof configuration (the proof without proofValue) as
// a generic value, with the document's @context when it has one.
func (p proofFields) config(docContext any) map[string]any {
	m := map[string]any{
		"type":               p.Type,
		"verificationMethod": p.VerificationMethod,
		"proofPurpose":       p.ProofPurpose,
	}
	set := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	set("id", p.ID)
	set("cryptosuite", p.Cryptosuite)
	set("created", p.Created)
	set("expires", p.Expires)
	set("domain", p.Domain)
	set("challenge", p.Challenge)
	switch pp := p.PreviousProof.(type) {
	case string:
		m["previousProof"] = pp
	case []string:
		l := make([]any, len(pp))
		for i, s := range pp {
			l[i] = s
		}
		m["previousProof"] = l
	}
	if docContext != nil {
		m["@context"] = docContext
	}
	return m
}

func formatTime(t time.Time) string {
	return t.UTC().Truncate(time.Second).Format(time.RFC3339)
}

// proofList returns the proofs of a decoded document (a single object or an
// array of objects).
func proofList(v any) ([]map[string]any, error) {
	switch p := v.(type) {
	case nil:
		return nil, nil
	case map[string]any:
		return []map[string]any{p}, nil
	case []any:
		out := make([]map[string]any, 0, len(p))
		for i, e := range p {
			m, ok := e.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("%w: proof[%d] is not an object", ErrMalformed, i)
			}
			out = append(out, m)
		}
		return out, nil
	}
	return nil, fmt.Errorf("%w: proof is neither an object nor an array", ErrMalformed)
}

// withoutProof returns a shallow copy of doc without its proof member.
func withoutProof(doc map[string]any) map[string]any {
	out := make(map[string]any, len(doc))
	for k, v := range doc {
		if k != "proof" {
			out[k] = v
		}
	}
	return out
}

// insertProof adds proof (compact JSON) to the top-level object in data,
// changing nothing else: a document without proof gains a "proof" member
// before its closing brace; an existing proof object becomes an array of the
// old and new proofs; an existing array gains an element.
func insertProof(data, proof []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("%w: document is not a JSON object", ErrMalformed)
	}
	openEnd := int(dec.InputOffset()) // just after '{'
	var (
		members              int
		firstKeyStart        = -1
		proofStart, proofEnd = -1, -1
		proofRaw             json.RawMessage
	)
	for dec.More() {
		before := int(dec.InputOffset())
		kt, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
		}
		key, _ := kt.(string)
		if firstKeyStart < 0 {
			firstKeyStart = before + len(leadingSpace(data[before:]))
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
		}
		members++
		if key == "proof" {
			proofEnd = int(dec.InputOffset())
			proofStart = proofEnd - len(raw)
			proofRaw = raw
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	closeBrace := int(dec.InputOffset()) - 1

	// Indentation of the top-level members, copied for the proof.
	var sep, indent string
	if firstKeyStart > 0 {
		sep = string(data[openEnd:firstKeyStart])
		if i := bytes.LastIndexByte([]byte(sep), '\n'); i >= 0 {
			indent = sep[i+1:]
		}
	}
	pretty := func(b []byte, prefix string) []byte {
		if indent == "" {
			return b
		}
		var out bytes.Buffer
		if json.Indent(&out, b, prefix, indent) != nil {
			return b
		}
		return out.Bytes()
	}
	colon := ":"
	if indent != "" {
		colon = ": "
	}

	var out bytes.Buffer
	switch {
	case proofStart < 0:
		// Insert after the last member, before the whitespace that precedes
		// the closing brace.
		end := closeBrace
		for end > openEnd && isSpace(data[end-1]) {
			end--
		}
		out.Write(data[:end])
		if members > 0 {
			out.WriteByte(',')
		}
		if sep == "" && members > 0 {
			sep = " "
			if bytes.IndexByte(data[openEnd:closeBrace], ' ') < 0 {
				sep = ""
			}
		}
		out.WriteString(sep)
		out.WriteString(`"proof"` + colon)
		out.Write(pretty(proof, indent))
		out.Write(data[end:])
	case proofRaw[0] == '[':
		inner := bytes.TrimSpace(proofRaw[1 : len(proofRaw)-1])
		closeBracket := proofEnd - 1
		end := closeBracket
		for end > proofStart+1 && isSpace(data[end-1]) {
			end--
		}
		out.Write(data[:end])
		elemSep := ""
		elemPrefix := indent
		if ws := leadingSpace(data[proofStart+1:]); len(ws) > 0 && len(inner) > 0 {
			elemSep = string(ws)
			if i := bytes.LastIndexByte(ws, '\n'); i >= 0 {
				elemPrefix = string(ws[i+1:])
			}
		} else if indent != "" {
			elemSep = " "
		}
		if len(inner) > 0 {
			out.WriteByte(',')
		}
		out.WriteString(elemSep)
		out.Write(pretty(proof, elemPrefix))
		out.Write(data[end:])
	default:
		out.Write(data[:proofStart])
		out.WriteByte('[')
		out.Write(proofRaw)
		out.WriteByte(',')
		if indent != "" {
			out.WriteByte(' ')
		}
		out.Write(pretty(proof, indent))
		out.WriteByte(']')
		out.Write(data[proofEnd:])
	}
	return out.Bytes(), nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func leadingSpace(b []byte) []byte {
	i := 0
	for i < len(b) && (isSpace(b[i]) || b[i] == ',') {
		i++
	}
	// Only whitespace after a comma counts as separator.
	ws := b[:i]
	if j := bytes.LastIndexByte(ws, ','); j >= 0 {
		ws = ws[j+1:]
	}
	return ws
}
