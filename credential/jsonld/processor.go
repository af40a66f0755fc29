package jsonld

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/piprate/json-gold/ld"
)

// DefaultMaxCacheBytes is the default bound on the memory a Processor
// keeps for processed contexts: room for the bundled contexts hundreds of
// times over, small enough for a long-running verifier.
const DefaultMaxCacheBytes = 64 << 20

// ProcessorOptions configures a Processor. The zero value is ready to use.
type ProcessorOptions struct {
	// UnsafeNoCache processes every context afresh for every document, as
	// json-gold does on its own. It exists for benchmarks and debugging;
	// it is only unsafe in that it is slow.
	UnsafeNoCache bool
	// MaxCacheBytes bounds the estimated memory of the processed contexts
	// kept for reuse; zero means DefaultMaxCacheBytes. When it is reached
	// the cache starts afresh. A context estimated at more than 1/32 of it
	// is processed for each document and never kept.
	MaxCacheBytes int64
}

// Processor expands JSON-LD documents and converts them to RDF, keeping
// processed contexts — top-level, embedded, type- and property-scoped —
// in memory, within a bound on their number and estimated size. It is
// safe for concurrent use.
type Processor struct {
	loader   ld.DocumentLoader
	noCache  bool
	maxBytes int64
	memo     atomic.Pointer[memo]
	stats    fastStats
	iris     iriMemo
}

// NewProcessor returns a processor loading contexts through loader (a
// *Loader, or any json-gold DocumentLoader the caller trusts).
func NewProcessor(loader ld.DocumentLoader, opts ProcessorOptions) *Processor {
	p := &Processor{loader: loader, noCache: opts.UnsafeNoCache, maxBytes: opts.MaxCacheBytes}
	if p.maxBytes <= 0 {
		p.maxBytes = DefaultMaxCacheBytes
	}
	p.memo.Store(p.newMemo())
	p.iris.cur.Store(&iriChecks{})
	p.iris.maxBytes = maxIRIMemoBytes
	return p
}

func (p *Processor) options() *ld.JsonLdOptions {
	o := ld.NewJsonLdOptions("")
	o.DocumentLoader = p.loader
	return o
}

// noPanic turns a panic inside json-gold (it type-asserts freely and
// some hostile documents reach those assertions) into an ErrInvalid error.
func noPanic(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%w: JSON-LD processing failed: %v", ErrInvalid, r)
	}
}

// Expand runs JSON-LD 1.1 expansion on a decoded JSON document.
func (p *Processor) Expand(ctx context.Context, doc any) (out []any, err error) {
	defer noPanic(&err)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !p.noCache {
		out, err := (&expander{p: p}).element(p.memo.Load().root, "", doc, nil)
		if !errors.Is(err, errFallback) {
			if err != nil {
				return nil, classify(err)
			}
			p.stats.fast.Add(1)
			return finalExpanded(out), nil
		}
		p.stats.fallback.Add(1)
	}
	return p.expandWithJSONGold(doc)
}

// expandWithJSONGold is json-gold's expansion, with the document's
// top-level context taken from the cache.
func (p *Processor) expandWithJSONGold(doc any) ([]any, error) {
	o := p.options()
	m, ok := doc.(map[string]any)
	local, hasContext := m["@context"]
	if !ok || !hasContext || p.noCache {
		out, err := ld.NewJsonLdProcessor().Expand(doc, o)
		return out, classify(err)
	}
	b, err := json.Marshal(local)
	if err != nil {
		return nil, fmt.Errorf("%w: @context: %v", ErrInvalid, err)
	}
	s, err := p.derive(p.memo.Load().root, deriveKey{kind: deriveEmbedded, key: string(b)}, local)
	var active *ld.Context
	switch {
	case err == nil:
		active = s.ctx
	case errors.Is(err, errFallback):
		if active, err = ld.NewContext(nil, o).Parse(local); err != nil {
			return nil, classify(err)
		}
	default:
		return nil, classify(err)
	}
	rest := make(map[string]any, len(m))
	for k, v := range m {
		if k != "@context" {
			rest[k] = v
		}
	}
	out, err := ld.NewJsonLdApi().Expand(active, "", rest, o, false, nil)
	if err != nil {
		return nil, classify(err)
	}
	return finalExpanded(out), nil
}

// finalExpanded is the last step of the expansion algorithm (JSON-LD 1.1
// API §5.1.2 step 19 and after), as json-gold's processor does it.
func finalExpanded(expanded any) []any {
	if em, ok := expanded.(map[string]any); ok {
		if len(em) == 0 {
			expanded = nil
		} else if g, ok := em["@graph"]; ok && len(em) == 1 {
			expanded = g
		}
	}
	switch e := expanded.(type) {
	case nil:
		return []any{}
	case []any:
		return e
	default:
		return []any{e}
	}
}

// ToRDF expands doc and deserializes it to an RDF dataset.
func (p *Processor) ToRDF(ctx context.Context, doc any) (ds *ld.RDFDataset, err error) {
	defer noPanic(&err)
	expanded, err := p.Expand(ctx, doc)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !p.noCache {
		return p.toRDF(expanded)
	}
	if ds, err = ld.NewJsonLdApi().ToRDF(expanded, p.options()); err != nil {
		return nil, classify(err)
	}
	return ds, nil
}

// classify maps json-gold errors to this package's sentinels, keeping the
// original message and the loader's UnresolvableError reachable.
func classify(err error) error {
	if err == nil {
		return nil
	}
	var ue *UnresolvableError
	if errors.As(err, &ue) {
		return ue
	}
	var je *ld.JsonLdError
	if errors.As(err, &je) {
		switch je.Code {
		case ld.ProtectedTermRedefinition:
			return fmt.Errorf("%w: %v", ErrProtectedTermRedefinition, je)
		case ld.LoadingRemoteContextFailed, ld.LoadingDocumentFailed:
			return fmt.Errorf("%w: %v", ErrUnresolvable, je)
		case ld.InvalidLocalContext, ld.InvalidRemoteContext, ld.InvalidTermDefinition,
			ld.InvalidIRIMapping, ld.InvalidTypeMapping, ld.InvalidContainerMapping,
			ld.InvalidVersionValue, ld.InvalidVocabMapping, ld.InvalidBaseIRI,
			ld.RecursiveContextInclusion, ld.CyclicIRIMapping, ld.KeywordRedefinition,
			ld.InvalidContextNullification:
			return fmt.Errorf("%w: %v", ErrInvalidContext, je)
		}
	}
	return fmt.Errorf("%w: %v", ErrInvalid, err)
}
