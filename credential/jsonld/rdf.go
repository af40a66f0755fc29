package jsonld

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/piprate/json-gold/ld"
)

// Deserializing expanded JSON-LD to RDF (JSON-LD 1.1 API §8.1, as
// json-gold does it). json-gold checks every IRI of every statement with a
// large regular expression, per document: for a credential that is more
// than half the cost of signing or verifying. The conversion below keeps
// json-gold's node map and its rules for literals, lists and dropped
// statements, but remembers IRI checks across documents: predicates, types
// and datatypes repeat in every credential.

// The IRI-validity memo of a Processor is bounded by estimated bytes and
// starts afresh when full, as the context memo does: documents choose
// their IRIs. IRIs longer than maxMemoIRI are checked every time.
const (
	maxIRIMemoBytes = 8 << 20
	maxMemoIRI      = 1 << 10
	iriEntryBytes   = 96 // a sync.Map entry besides the IRI itself
)

type iriMemo struct {
	cur      atomic.Pointer[iriChecks]
	maxBytes int64
}

type iriChecks struct {
	m     sync.Map // string -> bool
	bytes atomic.Int64
}

var validLanguage = regexp.MustCompile("^[a-zA-Z]+(-[a-zA-Z0-9]+)*$")

// valid is json-gold's IRI check: an http(s) IRI must pass ld.IsURL.
func (im *iriMemo) valid(iri string) bool {
	if !strings.HasPrefix(iri, "http://") && !strings.HasPrefix(iri, "https://") {
		return true
	}
	c := im.cur.Load()
	if v, ok := c.m.Load(iri); ok {
		return v.(bool)
	}
	ok := ld.IsURL(iri)
	if len(iri) > maxMemoIRI {
		return ok
	}
	if c.bytes.Add(int64(len(iri))+iriEntryBytes) <= im.maxBytes {
		c.m.Store(iri, ok)
	} else {
		im.cur.CompareAndSwap(c, &iriChecks{})
	}
	return ok
}

func (im *iriMemo) validNode(n ld.Node) bool {
	switch v := n.(type) {
	case ld.IRI:
		return im.valid(v.Value)
	case ld.Literal:
		if v.Language != "" && !validLanguage.MatchString(v.Language) {
			return false
		}
		if v.Datatype != "" && !im.valid(v.Datatype) {
			return false
		}
	}
	return true
}

func (im *iriMemo) validQuad(q *ld.Quad) bool {
	return (q.Subject == nil || im.validNode(q.Subject)) &&
		(q.Predicate == nil || im.validNode(q.Predicate)) &&
		(q.Object == nil || im.validNode(q.Object)) &&
		(q.Graph == nil || im.validNode(q.Graph))
}

// toRDF converts an expanded document to a dataset.
func (p *Processor) toRDF(expanded []any) (ds *ld.RDFDataset, err error) {
	defer func() {
		// json-gold's node map generation asserts types; a malformed
		// expanded form must be an error, never a crash.
		if r := recover(); r != nil {
			ds, err = nil, fmt.Errorf("%w: %v", ErrInvalid, r)
		}
	}()
	issuer := ld.NewIdentifierIssuer("_:b")
	nodeMap := map[string]any{"@default": map[string]any{}}
	if _, err := ld.NewJsonLdApi().GenerateNodeMap(any(expanded), nodeMap, "@default", issuer, "", "", nil); err != nil {
		return nil, classify(err)
	}
	ds = ld.NewRDFDataset()
	for name, g := range nodeMap {
		if ld.IsRelativeIri(name) {
			continue
		}
		p.graphToRDF(ds, name, g.(map[string]any), issuer)
	}
	return ds, nil
}

var (
	rdfFirst = ld.NewIRI(ld.RDFFirst)
	rdfRest  = ld.NewIRI(ld.RDFRest)
	rdfNil   = ld.NewIRI(ld.RDFNil)
)

func (p *Processor) graphToRDF(ds *ld.RDFDataset, graphName string, graph map[string]any, issuer *ld.IdentifierIssuer) {
	var quads []*ld.Quad
	for id, n := range graph {
		if ld.IsRelativeIri(id) {
			continue
		}
		node := n.(map[string]any)
		var subject ld.Node = ld.NewIRI(id)
		if strings.HasPrefix(id, "_:") {
			subject = ld.NewBlankNode(id)
		}
		for property, vals := range node {
			var values []any
			switch {
			case property == "@type":
				values = vals.([]any)
				property = ld.RDFType
			case ld.IsKeyword(property), strings.HasPrefix(property, "_:"), ld.IsRelativeIri(property):
				continue
			default:
				values = vals.([]any)
			}
			predicate := ld.NewIRI(property)
			for _, item := range values {
				var object ld.Node
				object, quads = objectToRDF(item, issuer, graphName, quads)
				if object != nil {
					quads = append(quads, ld.NewQuad(subject, predicate, object, graphName))
				}
			}
		}
	}
	kept := make([]*ld.Quad, 0, len(quads))
	for _, q := range quads {
		if p.iris.validQuad(q) {
			kept = append(kept, q)
		}
	}
	ds.Graphs[graphName] = kept
}

// objectToRDF converts a value, list or node reference (JSON-LD 1.1 API
// §8.1.3 Object to RDF Conversion) following json-gold's rules for numbers.
func objectToRDF(item any, issuer *ld.IdentifierIssuer, graphName string, quads []*ld.Quad) (ld.Node, []*ld.Quad) {
	m, isMap := item.(map[string]any)
	if v, ok := m["@value"]; isMap && ok {
		return valueToRDF(m, v), quads
	}
	if l, ok := m["@list"]; isMap && ok {
		list, _ := l.([]any)
		return listToRDF(list, issuer, graphName, quads)
	}
	var id string
	if isMap {
		id, _ = m["@id"].(string)
		if ld.IsRelativeIri(id) {
			return nil, quads
		}
	} else {
		id, _ = item.(string)
	}
	if strings.HasPrefix(id, "_:") {
		return ld.NewBlankNode(id), quads
	}
	return ld.NewIRI(id), quads
}

func valueToRDF(m map[string]any, value any) ld.Node {
	datatype, hasType := m["@type"].(string)
	if m["@type"] == "@json" {
		datatype, hasType = ld.RDFJSONLiteral, true
	}
	b, isBool := value.(bool)
	f, isFloat := value.(float64)
	if n, ok := value.(json.Number); ok && !isBool && !isFloat {
		var err error
		f, err = n.Float64()
		isFloat = err == nil
	}
	dt := func(def string) string {
		if hasType {
			return datatype
		}
		return def
	}
	switch {
	case isBool:
		return ld.NewLiteral(strconv.FormatBool(b), dt(ld.XSDBoolean), "")
	case isFloat && (f != float64(int64(f)) || datatype == ld.XSDDouble):
		return ld.NewLiteral(ld.GetCanonicalDouble(f), dt(ld.XSDDouble), "")
	case isFloat:
		return ld.NewLiteral(strconv.FormatInt(int64(f), 10), dt(ld.XSDInteger), "")
	}
	s, _ := value.(string)
	if lang, ok := m["@language"]; ok {
		l, _ := lang.(string)
		return ld.NewLiteral(s, dt(ld.RDFLangString), l)
	}
	if !hasType {
		return ld.NewLiteral(s, ld.XSDString, "")
	}
	if datatype != ld.RDFJSONLiteral {
		return ld.NewLiteral(s, datatype, "")
	}
	return jsonLiteral(value)
}

// jsonLiteral is an rdf:JSON literal: the value in canonical JSON (RFC 8785).
func jsonLiteral(value any) ld.Node {
	// json-gold canonicalizes strings and objects; reuse its result so
	// both paths agree byte for byte.
	ds, err := ld.NewJsonLdApi().ToRDF([]any{map[string]any{
		"@id":               "urn:laurel:json",
		"urn:laurel:json#v": []any{map[string]any{"@value": value, "@type": "@json"}},
	}}, ld.NewJsonLdOptions(""))
	if err == nil {
		for _, q := range ds.Graphs["@default"] {
			return q.Object
		}
	}
	return ld.NewLiteral("", ld.RDFJSONLiteral, "")
}

func listToRDF(list []any, issuer *ld.IdentifierIssuer, graphName string, quads []*ld.Quad) (ld.Node, []*ld.Quad) {
	if len(list) == 0 {
		return rdfNil, quads
	}
	head := ld.Node(ld.NewBlankNode(issuer.GetId("")))
	subj := head
	var obj ld.Node
	for i := 0; i < len(list)-1; i++ {
		obj, quads = objectToRDF(list[i], issuer, graphName, quads)
		next := ld.NewBlankNode(issuer.GetId(""))
		quads = append(quads, ld.NewQuad(subj, rdfFirst, obj, graphName), ld.NewQuad(subj, rdfRest, next, graphName))
		subj = next
	}
	obj, quads = objectToRDF(list[len(list)-1], issuer, graphName, quads)
	quads = append(quads, ld.NewQuad(subj, rdfFirst, obj, graphName), ld.NewQuad(subj, rdfRest, rdfNil, graphName))
	return head, quads
}
