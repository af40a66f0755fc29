package dataintegrity

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/piprate/json-gold/ld"

	"github.com/laurelhq/laurel/credential/keys"
	"github.com/laurelhq/laurel/internal/rdfc"
)

// A Template signs many documents that differ only in a few string values
// (a credential id, a recipient's hashed email and salt, a name) much faster
// than Sign: JSON-LD processing and the proof configuration's hash run once,
// in NewTemplate; each Sign substitutes the values into the prepared RDF
// dataset, runs RDFC-1.0 and signs.
//
// Template.Sign(values) returns exactly the bytes that Sign returns for the
// template document with each slot's JSON string replaced by the JSON
// encoding of its value (as encoding/json writes it) — the tests prove it
// against the general path. That holds because a slot is a whole JSON string
// value that JSON-LD carries into RDF unchanged, which NewTemplate checks:
//   - a slot that becomes a literal may take any valid UTF-8 value;
//   - a slot that becomes an IRI may take only values with the same scheme
//     (the text up to the first ':') built from unreserved and sub-delim
//     characters, so that IRI expansion and validity treat it as they
//     treated the slot.
type Template struct {
	slots    []slot
	segments [][]byte // output pieces between slot occurrences and the proof
	pieces   []int    // for each gap after segments[i]: slot index, or -1 for the proof
	quads    []rdfc.Quad
	at       []termRef

	suite     suite
	hash      crypto.Hash
	signer    crypto.Signer
	proofHash []byte
	proof     proofFields
	rand      io.Reader
}

type slot struct {
	placeholder string
	iriScheme   string // set when the slot is an IRI in the dataset
	inRDF       bool
}

// termRef locates a term of the prepared dataset that a slot fills.
type termRef struct {
	quad int
	pos  uint8 // 0 subject, 2 object, 3 graph
	slot int
}

// ErrTemplate reports a template or slot value NewTemplate or Template.Sign
// cannot use.
var ErrTemplate = errors.New("dataintegrity: unusable template")

// NewTemplate prepares doc (a JSON object without a proof) for signing with
// many values of the given slots. Each slot is a placeholder string that
// occurs in doc only as whole JSON string values (never as a member name or
// inside a longer string); choose placeholders that occur nowhere else, such
// as random tokens. Only the RDFC suites (eddsa-rdfc-2022, ecdsa-rdfc-2019)
// are supported. The proof's created time is fixed now: opts.Created, or
// opts.Now() once.
func NewTemplate(ctx context.Context, doc []byte, slots []string, signer crypto.Signer, opts SignOptions) (*Template, error) {
	if signer == nil {
		return nil, fmt.Errorf("%w: no signer", ErrTemplate)
	}
	s, err := suiteForSigning(opts.Cryptosuite, signer.Public())
	if err != nil {
		return nil, err
	}
	if s.canon != canonRDFC || s.proofType != TypeDataIntegrityProof {
		return nil, fmt.Errorf("%w: templates support the RDFC Data Integrity suites only, not %s", ErrUnsupported, s.name())
	}
	if len(opts.PreviousProof) > 0 {
		return nil, fmt.Errorf("%w: templates do not chain proofs", ErrUnsupported)
	}
	h, err := s.hashFor(signer.Public())
	if err != nil {
		return nil, err
	}
	decoded, err := decode(doc, opts.Limits)
	if err != nil {
		return nil, err
	}
	if _, ok := decoded["proof"]; ok {
		return nil, fmt.Errorf("%w: the template already has a proof", ErrTemplate)
	}
	c := opts.Canonicalizer
	if c == nil {
		if c, err = NewCanonicalizer(CanonicalizerOptions{}); err != nil {
			return nil, err
		}
	}
	proof, err := newProofFields(s, signer, opts)
	if err != nil {
		return nil, err
	}
	t := &Template{suite: s, hash: h, signer: signer, rand: opts.Rand, proof: proof}
	canonProof, err := s.transform(ctx, c, t.proof.config(decoded["@context"]), h)
	if err != nil {
		return nil, fmt.Errorf("proof options: %w", err)
	}
	t.proofHash = digest(h, canonProof)

	for _, p := range slots {
		if p == "" || !utf8.ValidString(p) {
			return nil, fmt.Errorf("%w: a slot placeholder must be non-empty UTF-8", ErrTemplate)
		}
		for _, q := range t.slots {
			if strings.Contains(q.placeholder, p) || strings.Contains(p, q.placeholder) {
				return nil, fmt.Errorf("%w: slot placeholders %q and %q overlap", ErrTemplate, p, q.placeholder)
			}
		}
		t.slots = append(t.slots, slot{placeholder: p})
	}
	if err := t.prepareRDF(ctx, c, decoded); err != nil {
		return nil, err
	}
	if err := t.prepareJSON(doc); err != nil {
		return nil, err
	}
	return t, nil
}

// prepareRDF converts the template to RDF once and records where each slot
// lands.
func (t *Template) prepareRDF(ctx context.Context, c *Canonicalizer, decoded map[string]any) error {
	ds, err := c.proc.ToRDF(ctx, decoded)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	t.quads = rdfc.FromJSONLD(ds)
	if len(t.quads) == 0 {
		return fmt.Errorf("%w: the document has no RDF statements to sign", ErrMalformed)
	}
	for qi := range t.quads {
		q := &t.quads[qi]
		for pos, term := range [...]*rdfc.Term{&q.Subject, &q.Predicate, &q.Object, &q.Graph} {
			for si := range t.slots {
				sl := &t.slots[si]
				for _, v := range []string{term.Value, term.Datatype} {
					if !strings.Contains(v, sl.placeholder) {
						continue
					}
					if v != term.Value || v != sl.placeholder || pos == 1 || term.Kind == rdfc.KindBlank {
						return fmt.Errorf("%w: slot %q is not carried into RDF as a whole literal or node IRI (found %s)", ErrTemplate, sl.placeholder, term)
					}
				}
				if term.Value != sl.placeholder {
					continue
				}
				if term.Kind == rdfc.KindIRI {
					scheme, ok := iriScheme(sl.placeholder)
					if !ok {
						return fmt.Errorf("%w: slot %q becomes an IRI but is not an absolute IRI of unreserved characters", ErrTemplate, sl.placeholder)
					}
					if sl.inRDF && sl.iriScheme == "" {
						return fmt.Errorf("%w: slot %q is both a literal and an IRI", ErrTemplate, sl.placeholder)
					}
					sl.iriScheme = scheme
				} else if sl.iriScheme != "" {
					return fmt.Errorf("%w: slot %q is both a literal and an IRI", ErrTemplate, sl.placeholder)
				}
				sl.inRDF = true
				t.at = append(t.at, termRef{quad: qi, pos: uint8(pos), slot: si})
			}
		}
	}
	return nil
}

// prepareJSON splits the output — the template with its proof inserted —
// into the fixed segments between slot values and the proof.
func (t *Template) prepareJSON(doc []byte) error {
	marker := make([]byte, 16)
	if _, err := rand.Read(marker); err != nil {
		return err
	}
	markerJSON := []byte(`{"laurel-template-proof":"` + hex.EncodeToString(marker) + `"}`)
	out, err := insertProof(doc, markerJSON)
	if err != nil {
		return err
	}
	if bytes.Count(out, markerJSON) != 1 {
		// insertProof re-indents the proof to match an indented document;
		// templates keep to compact documents, where it is copied as is.
		return fmt.Errorf("%w: the template must be compact JSON (no indentation)", ErrTemplate)
	}
	type hit struct{ at, end, piece int }
	var hits []hit
	m := bytes.Index(out, markerJSON)
	hits = append(hits, hit{m, m + len(markerJSON), -1})
	for si, sl := range t.slots {
		quoted, err := json.Marshal(sl.placeholder)
		if err != nil {
			return err
		}
		raw := []byte(sl.placeholder)
		if bytes.Count(out, raw) != bytes.Count(out, quoted) || bytes.Count(out, quoted) == 0 {
			return fmt.Errorf("%w: slot %q must occur in the document, and only as whole string values", ErrTemplate, sl.placeholder)
		}
		for off := 0; ; {
			i := bytes.Index(out[off:], quoted)
			if i < 0 {
				break
			}
			at := off + i
			end := at + len(quoted)
			if rest := bytes.TrimLeft(out[end:], " \t\r\n"); len(rest) > 0 && rest[0] == ':' {
				return fmt.Errorf("%w: slot %q is a member name", ErrTemplate, sl.placeholder)
			}
			hits = append(hits, hit{at, end, si})
			off = end
		}
	}
	slices.SortFunc(hits, func(a, b hit) int { return a.at - b.at })
	prev := 0
	for _, h := range hits {
		t.segments = append(t.segments, out[prev:h.at])
		t.pieces = append(t.pieces, h.piece)
		prev = h.end
	}
	t.segments = append(t.segments, out[prev:])
	return nil
}

// iriScheme returns the scheme of an absolute IRI made only of characters
// that JSON-LD and IRI validation pass through unchanged.
func iriScheme(v string) (string, bool) {
	i := strings.IndexByte(v, ':')
	if i <= 0 || !safeIRI(v) {
		return "", false
	}
	return v[:i+1], true
}

// sameIRIKind reports whether v is an IRI that JSON-LD expands and
// validates exactly as it did the slot's placeholder: the same scheme (IRI
// expansion looks only at the text before the first ':'), safe characters,
// and for http(s) the URL check json-gold applies when it builds RDF.
func sameIRIKind(v, scheme string) bool {
	if !strings.HasPrefix(v, scheme) || !safeIRI(v) {
		return false
	}
	if scheme == "http:" || scheme == "https:" {
		return ld.IsURL(v)
	}
	return true
}

func safeIRI(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("-._~:/?#[]@!$&'()*+,;=%", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// Sign returns the signed document for one set of slot values, given in the
// order of NewTemplate's slots.
func (t *Template) Sign(ctx context.Context, values ...string) ([]byte, error) {
	if len(values) != len(t.slots) {
		return nil, fmt.Errorf("%w: %d values for %d slots", ErrTemplate, len(values), len(t.slots))
	}
	encoded := make([][]byte, len(values))
	for i, v := range values {
		sl := t.slots[i]
		if !utf8.ValidString(v) {
			return nil, fmt.Errorf("%w: value %d is not valid UTF-8", ErrTemplate, i)
		}
		if sl.iriScheme != "" && !sameIRIKind(v, sl.iriScheme) {
			return nil, fmt.Errorf("%w: value %q for IRI slot %d must start with %q and use unreserved characters", ErrTemplate, v, i, sl.iriScheme)
		}
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		encoded[i] = b
	}
	quads := make([]rdfc.Quad, len(t.quads))
	copy(quads, t.quads)
	for _, r := range t.at {
		q := &quads[r.quad]
		switch r.pos {
		case 0:
			q.Subject.Value = values[r.slot]
		case 2:
			q.Object.Value = values[r.slot]
		case 3:
			q.Graph.Value = values[r.slot]
		}
	}
	canon, err := rdfc.Canonicalize(ctx, quads, rdfc.Options{Hash: t.hash})
	if err != nil {
		if errors.Is(err, rdfc.ErrLimitExceeded) {
			return nil, fmt.Errorf("%w: %w", ErrLimitExceeded, err)
		}
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	combined := append(append(make([]byte, 0, 2*t.hash.Size()), t.proofHash...), digest(t.hash, canon)...)
	sig, err := t.suite.signData(t.signer, t.hash, combined, t.rand)
	if err != nil {
		return nil, err
	}
	p := t.proof
	p.ProofValue = keys.EncodeMultibase(sig)
	proofJSON, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("dataintegrity: encoding proof: %w", err)
	}
	n := len(proofJSON)
	for _, s := range t.segments {
		n += len(s)
	}
	for _, p := range t.pieces {
		if p >= 0 {
			n += len(encoded[p])
		}
	}
	out := make([]byte, 0, n)
	for i, s := range t.segments {
		out = append(out, s...)
		if i < len(t.pieces) {
			if p := t.pieces[i]; p >= 0 {
				out = append(out, encoded[p]...)
			} else {
				out = append(out, proofJSON...)
			}
		}
	}
	return out, nil
}
