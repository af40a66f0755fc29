package jsonld

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/piprate/json-gold/ld"
)

// The fast expansion path.
//
// json-gold re-processes every type- and property-scoped context each time
// it meets one: for an OB 3.0 credential that is most of the expansion
// time. The expander below walks the document the way json-gold's
// expansion does (JSON-LD 1.1 API §5.1.2, with json-gold's own choices
// where it departs from the spec), but takes every processed context —
// top-level, embedded, type-scoped and property-scoped — from a memo keyed
// by the context it was derived from. Term lookups, IRI and value
// expansion are json-gold's own. Anything outside the common subset that
// credentials use (lists, reverse properties, index, language, id and
// type maps, @nest, @included, @graph and @set objects, invalid input)
// makes it give up with errFallback, and the caller runs json-gold's
// expansion instead. TestExpansionAndNQuadsMatchPublishedContexts and
// TestFastPathMatchesJSONGold check that both give the same output.

var errFallback = errors.New("jsonld: outside the fast path")

// scope is a processed context as the expansion sees it: json-gold's
// context plus the context that reverting a non-propagated (type-scoped)
// context returns to.
type scope struct {
	ctx  *ld.Context
	prev *scope
	memo sync.Map // deriveKey -> *scope
	gen  *memo    // the memo holding this scope; nil if it is not kept
}

type deriveKind uint8

const (
	deriveEmbedded deriveKind = iota // an @context member
	deriveProperty                   // a property-scoped context
	deriveType                       // a type-scoped context
)

type deriveKey struct {
	kind deriveKind
	key  string             // the JSON of an embedded context, or the term
	def  *ld.TermDefinition // the definition holding a scoped context
}

// derive returns the scope that processing local on top of s gives, from
// the memo when it can.
func (p *Processor) derive(s *scope, k deriveKey, local any) (*scope, error) {
	if v, ok := s.memo.Load(k); ok {
		return v.(*scope), nil
	}
	if m, ok := firstMap(local); ok {
		if _, ok := m["@propagate"]; ok {
			return nil, errFallback // rare; json-gold handles it
		}
	}
	c, err := s.ctx.Parse(local)
	if err != nil {
		if k.kind == deriveEmbedded {
			return nil, err // the same error json-gold gives
		}
		// Property-scoped contexts may override protected terms, which
		// the exported Parse refuses: let json-gold decide.
		return nil, errFallback
	}
	ns := &scope{ctx: c, prev: s.prev}
	if k.kind == deriveType && ns.prev == nil {
		ns.prev = s
	}
	if s.gen == nil {
		return ns, nil // derived from a scope that is not kept: not kept either
	}
	cost := estimate(k, s.ctx, c)
	if !p.admit(s.gen, cost) {
		return ns, nil
	}
	ns.gen = s.gen
	v, loaded := s.memo.LoadOrStore(k, ns)
	if loaded {
		s.gen.release(cost) // another goroutine kept the same scope first
	}
	return v.(*scope), nil
}

func firstMap(local any) (map[string]any, bool) {
	if a, ok := local.([]any); ok {
		if len(a) == 0 {
			return nil, false
		}
		local = a[0]
	}
	m, ok := local.(map[string]any)
	return m, ok
}

// revert is json-gold's RevertToPreviousContext on scopes.
func (s *scope) revert() *scope {
	if s.prev != nil {
		return s.prev
	}
	return s
}

type expander struct {
	p *Processor
}

func (e *expander) element(s *scope, activeProperty string, element any, tsc *scope) (any, error) {
	switch elem := element.(type) {
	case nil:
		return nil, nil
	case []any:
		isList := activeProperty == "@list" || s.ctx.HasContainerMapping(activeProperty, "@list")
		out := make([]any, 0, len(elem))
		for _, item := range elem {
			v, err := e.element(s, activeProperty, item, tsc)
			if err != nil {
				return nil, err
			}
			if vl, ok := v.([]any); ok && isList {
				v = map[string]any{"@list": vl} // a list of lists
			}
			switch v := v.(type) {
			case nil:
			case []any:
				out = append(out, v...)
			default:
				out = append(out, v)
			}
		}
		return out, nil
	case map[string]any:
		return e.node(s, activeProperty, elem, tsc)
	default:
		if activeProperty == "" || activeProperty == "@graph" {
			return nil, nil
		}
		return s.ctx.ExpandValue(activeProperty, element)
	}
}

func (e *expander) node(s *scope, activeProperty string, elem map[string]any, tsc *scope) (any, error) {
	var psc any
	var pscDef *ld.TermDefinition
	if td := s.ctx.GetTermDefinition(activeProperty); td != nil {
		psc, pscDef = td.Context, td
	}
	if tsc == nil && s.prev != nil {
		tsc = s
	}
	keys := sortedKeys(elem)
	elemCtx, hasContext := elem["@context"]
	mustRevert := true
	if tsc != nil && len(keys) <= 2 && !hasContext {
		for _, k := range keys {
			ep, err := tsc.ctx.ExpandIri(k, false, true, nil, nil)
			if err != nil {
				return nil, errFallback
			}
			if ep == "@value" {
				mustRevert = false
				s = tsc
				break
			}
			if ep == "@id" && len(keys) == 1 {
				mustRevert = false
				break
			}
		}
	}
	if mustRevert {
		s = s.revert()
	}
	var err error
	if psc != nil {
		if s, err = e.p.derive(s, deriveKey{kind: deriveProperty, key: activeProperty, def: pscDef}, psc); err != nil {
			return nil, err
		}
	}
	if hasContext {
		b, jerr := json.Marshal(elemCtx)
		if jerr != nil {
			return nil, errFallback
		}
		if s, err = e.p.derive(s, deriveKey{kind: deriveEmbedded, key: string(b)}, elemCtx); err != nil {
			return nil, err
		}
	}
	tsc = s
	typeKey := ""
	for _, k := range keys {
		ep, err := s.ctx.ExpandIri(k, false, true, nil, nil)
		if err != nil {
			return nil, errFallback
		}
		if ep != "@type" {
			continue
		}
		var types []string
		switch v := elem[k].(type) {
		case string:
			types = []string{v}
		case []any:
			for _, t := range v {
				ts, ok := t.(string)
				if !ok {
					return nil, errFallback
				}
				types = append(types, ts)
			}
			slices.Sort(types)
		default:
			return nil, errFallback
		}
		for _, t := range types {
			if td := tsc.ctx.GetTermDefinition(t); td != nil && td.HasContext {
				if s, err = e.p.derive(s, deriveKey{kind: deriveType, key: t, def: td}, td.Context); err != nil {
					return nil, err
				}
			}
		}
		typeKey = k
	}
	result, err := e.object(s, elem, keys, typeKey, tsc)
	if err != nil {
		return nil, err
	}
	if _, ok := result["@value"]; ok {
		v, err := valueObject(result)
		if err != nil || activeProperty == "" || activeProperty == "@graph" {
			return nil, err // free-floating values are dropped
		}
		return v, nil
	}
	if t, ok := result["@type"]; ok {
		if _, isList := t.([]any); !isList {
			result["@type"] = []any{t}
		}
	}
	if _, ok := result["@language"]; ok && len(result) == 1 {
		return nil, nil
	}
	if activeProperty == "" || activeProperty == "@graph" {
		_, hasID := result["@id"]
		if len(result) == 0 || hasID && len(result) == 1 {
			return nil, nil
		}
	}
	return result, nil
}

// valueObject checks a value object the way json-gold does; anything it
// would reject goes back to json-gold for the error.
func valueObject(result map[string]any) (any, error) {
	for k := range result {
		switch k {
		case "@value", "@language", "@type":
		default:
			return nil, errFallback
		}
	}
	_, hasLang := result["@language"]
	t, hasType := result["@type"]
	if hasLang && hasType {
		return nil, errFallback
	}
	v := result["@value"]
	if v == nil && t != "@json" {
		return nil, nil
	}
	if hasLang {
		if _, ok := v.(string); !ok {
			return nil, errFallback
		}
	} else if hasType {
		ts, ok := t.(string)
		if !ok || ts == "@json" || !ld.IsAbsoluteIri(ts) || strings.HasPrefix(ts, "_:") {
			return nil, errFallback
		}
	}
	return result, nil
}

func (e *expander) object(s *scope, elem map[string]any, keys []string, typeKey string, tsc *scope) (map[string]any, error) {
	var inputType string
	if typeKey != "" {
		it := elem[typeKey]
		if a, ok := it.([]any); ok {
			if len(a) == 0 {
				it = nil
			} else {
				it = a[len(a)-1]
			}
		}
		if its, ok := it.(string); ok {
			var err error
			if inputType, err = s.ctx.ExpandIri(its, false, true, nil, nil); err != nil {
				return nil, errFallback
			}
		}
	}
	result := make(map[string]any, len(elem))
	for _, key := range keys {
		if key == "@context" {
			continue
		}
		value := elem[key]
		ep, err := s.ctx.ExpandIri(key, false, true, nil, nil)
		if err != nil {
			return nil, errFallback
		}
		if ep == "" || !strings.Contains(ep, ":") && !ld.IsKeyword(ep) {
			continue // dropped, as JSON-LD drops undefined terms
		}
		if ld.IsKeyword(ep) {
			if _, dup := result[ep]; dup && ep != "@type" {
				return nil, errFallback
			}
			var ev any
			switch ep {
			case "@id":
				vs, ok := value.(string)
				if !ok {
					return nil, errFallback
				}
				if ev, err = s.ctx.ExpandIri(vs, true, false, nil, nil); err != nil {
					return nil, errFallback
				}
			case "@type":
				switch v := value.(type) {
				case string:
					x, err := tsc.ctx.ExpandIri(v, true, true, nil, nil)
					if err != nil {
						return nil, errFallback
					}
					ev = x
					if prev, dup := result["@type"]; dup {
						ev = append(ld.Arrayify(prev), x)
					}
				case []any:
					// json-gold leaves an empty list as a nil slice (JSON null).
					var list []any
					for _, t := range v {
						ts, ok := t.(string)
						if !ok {
							return nil, errFallback
						}
						x, err := tsc.ctx.ExpandIri(ts, true, true, nil, nil)
						if err != nil {
							return nil, errFallback
						}
						list = append(list, x)
					}
					ev = list
				default:
					return nil, errFallback
				}
			case "@value":
				if inputType == "@json" {
					return nil, errFallback
				}
				switch value.(type) {
				case map[string]any, []any:
					return nil, errFallback
				case nil:
					result["@value"] = nil
					continue
				}
				ev = value
			case "@language":
				vs, ok := value.(string)
				if !ok {
					return nil, errFallback
				}
				ev = strings.ToLower(vs)
			default:
				return nil, errFallback
			}
			if ev != nil {
				result[ep] = ev
			}
			continue
		}

		termScope := s
		td := s.ctx.GetTermDefinition(key)
		if td != nil && td.HasContext {
			if td.Context == nil {
				return nil, errFallback
			}
			if termScope, err = e.p.derive(s, deriveKey{kind: deriveProperty, key: key, def: td}, td.Context); err != nil {
				return nil, err
			}
		}
		if td != nil && td.Reverse {
			return nil, errFallback
		}
		for _, c := range []string{"@language", "@index", "@id", "@type"} {
			if termScope.ctx.HasContainerMapping(key, c) {
				return nil, errFallback
			}
		}
		var ev any
		if td != nil && td.Type == "@json" {
			ev = map[string]any{"@type": "@json", "@value": value}
		} else if ev, err = e.element(termScope, key, value, nil); err != nil {
			return nil, err
		}
		if ev == nil {
			continue
		}
		if termScope.ctx.HasContainerMapping(key, "@list") {
			m, isMap := ev.(map[string]any)
			if _, hasList := m["@list"]; !isMap || !hasList {
				if evl, ok := ev.([]any); ok {
					ev = map[string]any{"@list": evl}
				} else {
					ev = map[string]any{"@list": []any{ev}}
				}
			}
		}
		if termScope.ctx.HasContainerMapping(key, "@graph") {
			items := ld.Arrayify(ev)
			wrapped := make([]any, 0, len(items))
			for _, it := range items {
				wrapped = append(wrapped, map[string]any{"@graph": ld.Arrayify(it)})
			}
			ev = wrapped
		}
		list, _ := result[ep].([]any)
		if evl, ok := ev.([]any); ok {
			list = append(list, evl...)
		} else {
			list = append(list, ev)
		}
		if list == nil {
			list = []any{}
		}
		result[ep] = list
	}
	return result, nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// fastStats counts how documents were expanded (for tests and tuning).
type fastStats struct {
	fast, fallback atomic.Int64
}
