package jsonld

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/piprate/json-gold/ld"
)

// DefaultMaxCachedContexts bounds the processed-context cache.
const DefaultMaxCachedContexts = 256

// ProcessorOptions configures a Processor. The zero value is ready to use.
type ProcessorOptions struct {
	// MaxCachedContexts bounds the number of distinct @context values kept
	// processed; zero means DefaultMaxCachedContexts, negative disables
	// the cache (every call processes its contexts afresh).
	MaxCachedContexts int
}

// Processor expands JSON-LD documents and converts them to RDF, keeping
// processed contexts in memory. It is safe for concurrent use.
type Processor struct {
	loader   ld.DocumentLoader
	maxCache int

	mu    sync.RWMutex
	cache map[string]*ld.Context // key: the JSON of a document's @context
}

// NewProcessor returns a processor loading contexts through loader (a
// *Loader, or any json-gold DocumentLoader the caller trusts).
func NewProcessor(loader ld.DocumentLoader, opts ProcessorOptions) *Processor {
	n := opts.MaxCachedContexts
	if n == 0 {
		n = DefaultMaxCachedContexts
	}
	return &Processor{loader: loader, maxCache: n, cache: map[string]*ld.Context{}}
}

func (p *Processor) options() *ld.JsonLdOptions {
	o := ld.NewJsonLdOptions("")
	o.DocumentLoader = p.loader
	o.SafeMode = false
	return o
}

// activeContext returns the processed top-level @context of doc, from the
// cache when possible, and doc without its @context.
func (p *Processor) activeContext(doc map[string]any, o *ld.JsonLdOptions) (*ld.Context, map[string]any, error) {
	local, ok := doc["@context"]
	if !ok {
		return ld.NewContext(nil, o), doc, nil
	}
	rest := make(map[string]any, len(doc)-1)
	for k, v := range doc {
		if k != "@context" {
			rest[k] = v
		}
	}
	var key string
	if p.maxCache > 0 {
		b, err := json.Marshal(local)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: @context: %v", ErrInvalid, err)
		}
		key = string(b)
		p.mu.RLock()
		c, ok := p.cache[key]
		p.mu.RUnlock()
		if ok {
			return c, rest, nil
		}
	}
	c, err := ld.NewContext(nil, o).Parse(local)
	if err != nil {
		return nil, nil, classify(err)
	}
	if p.maxCache > 0 {
		p.mu.Lock()
		if len(p.cache) >= p.maxCache {
			clear(p.cache) // simple and bounded; contexts in use come back on the next call
		}
		p.cache[key] = c
		p.mu.Unlock()
	}
	return c, rest, nil
}

// Expand runs JSON-LD 1.1 expansion on a decoded JSON document.
func (p *Processor) Expand(ctx context.Context, doc any) ([]any, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	o := p.options()
	m, ok := doc.(map[string]any)
	if !ok {
		out, err := ld.NewJsonLdProcessor().Expand(doc, o)
		return out, classify(err)
	}
	active, rest, err := p.activeContext(m, o)
	if err != nil {
		return nil, err
	}
	expanded, err := ld.NewJsonLdApi().Expand(active, "", rest, o, false, nil)
	if err != nil {
		return nil, classify(err)
	}
	// The final step of the expansion algorithm (JSON-LD 1.1 API §5.1.2
	// steps 19 and after), as json-gold's processor does it.
	if em, ok := expanded.(map[string]any); ok {
		if len(em) == 0 {
			expanded = nil
		} else if g, ok := em["@graph"]; ok && len(em) == 1 {
			expanded = g
		}
	}
	switch e := expanded.(type) {
	case nil:
		return []any{}, nil
	case []any:
		return e, nil
	default:
		return []any{e}, nil
	}
}

// ToRDF expands doc and deserializes it to an RDF dataset.
func (p *Processor) ToRDF(ctx context.Context, doc any) (*ld.RDFDataset, error) {
	expanded, err := p.Expand(ctx, doc)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ds, err := ld.NewJsonLdApi().ToRDF(expanded, p.options())
	if err != nil {
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
