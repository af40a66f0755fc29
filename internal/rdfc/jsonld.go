package rdfc

import (
	"slices"
	"strings"

	"github.com/piprate/json-gold/ld"
)

// FromJSONLD converts a json-gold dataset (the result of
// ld.JsonLdProcessor.ToRDF) to quads. Graphs are visited in name order and
// quads in the dataset's order; quads with an unknown node type are
// skipped (json-gold produces none). Blank node identifiers lose their
// "_:" prefix.
func FromJSONLD(ds *ld.RDFDataset) []Quad {
	if ds == nil {
		return nil
	}
	names := make([]string, 0, len(ds.Graphs))
	n := 0
	for name, qs := range ds.Graphs {
		names = append(names, name)
		n += len(qs)
	}
	slices.Sort(names)
	out := make([]Quad, 0, n)
	for _, name := range names {
		var g Term
		if name != "@default" && name != "" {
			g = graphTerm(name)
		}
		for _, q := range ds.Graphs[name] {
			if q == nil {
				continue
			}
			quad := Quad{Subject: fromNode(q.Subject), Predicate: fromNode(q.Predicate), Object: fromNode(q.Object), Graph: g}
			if q.Graph != nil {
				quad.Graph = fromNode(q.Graph)
			}
			if quad.Subject.Kind == KindNone || quad.Predicate.Kind == KindNone || quad.Object.Kind == KindNone {
				continue
			}
			out = append(out, quad)
		}
	}
	return out
}

func graphTerm(name string) Term {
	if id, ok := strings.CutPrefix(name, "_:"); ok {
		return Blank(id)
	}
	return IRI(name)
}

func fromNode(n ld.Node) Term {
	switch v := n.(type) {
	case ld.IRI:
		return IRI(v.Value)
	case *ld.IRI:
		if v != nil {
			return IRI(v.Value)
		}
	case ld.BlankNode:
		return Blank(strings.TrimPrefix(v.Attribute, "_:"))
	case *ld.BlankNode:
		if v != nil {
			return Blank(strings.TrimPrefix(v.Attribute, "_:"))
		}
	case ld.Literal:
		return literalFrom(v)
	case *ld.Literal:
		if v != nil {
			return literalFrom(*v)
		}
	}
	return Term{}
}

func literalFrom(l ld.Literal) Term {
	t := Literal(l.Value, l.Datatype, l.Language)
	if t.Language != "" || t.Datatype == XSDString {
		t.Datatype = ""
	}
	return t
}
