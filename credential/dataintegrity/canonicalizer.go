package dataintegrity

import (
	"context"
	"crypto"
	"errors"
	"fmt"

	"github.com/laurelhq/laurel/credential/jsonld"
	"github.com/laurelhq/laurel/internal/rdfc"
)

// JSON-LD to RDF goes through credential/jsonld (json-gold's processor);
// RDFC-1.0 (SHA-256 or SHA-384) through internal/rdfc.

// CanonicalizerOptions configures NewCanonicalizer.
type CanonicalizerOptions struct {
	// Documents adds JSON-LD contexts by URL to the bundled ones (and
	// replaces a bundled one with the same URL). Served offline.
	Documents map[string][]byte
	// Processor, when set, is used instead of one built from Documents,
	// so that a verifier and its canonicalizer share processed contexts.
	Processor *jsonld.Processor
}

// Canonicalizer runs JSON-LD to RDF and RDFC-1.0 for the RDFC suites. It is
// safe for concurrent use and caches processed contexts: share one.
type Canonicalizer struct {
	proc *jsonld.Processor
}

// NewCanonicalizer returns a canonicalizer serving contexts offline: the
// bundled ones and opts.Documents.
func NewCanonicalizer(opts CanonicalizerOptions) (*Canonicalizer, error) {
	if opts.Processor != nil {
		return &Canonicalizer{proc: opts.Processor}, nil
	}
	l, err := jsonld.NewLoader(jsonld.Options{Documents: opts.Documents})
	if err != nil {
		return nil, fmt.Errorf("dataintegrity: %w", err)
	}
	return &Canonicalizer{proc: jsonld.NewProcessor(l, jsonld.ProcessorOptions{})}, nil
}

func (c *Canonicalizer) rdfc(ctx context.Context, v map[string]any, h crypto.Hash) ([]byte, error) {
	if c == nil {
		return nil, fmt.Errorf("%w: no canonicalizer", ErrUnsupported)
	}
	ds, err := c.proc.ToRDF(ctx, v)
	if err != nil {
		var ue *jsonld.UnresolvableError
		switch {
		case errors.As(err, &ue):
			return nil, fmt.Errorf("%w: %s: %w", ErrUnknownContext, ue.URL, err)
		case errors.Is(err, jsonld.ErrLimitExceeded):
			return nil, fmt.Errorf("%w: %w", ErrLimitExceeded, err)
		}
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	out, err := rdfc.Canonicalize(ctx, rdfc.FromJSONLD(ds), rdfc.Options{Hash: h})
	if err != nil {
		switch {
		case errors.Is(err, rdfc.ErrLimitExceeded):
			return nil, fmt.Errorf("%w: %w", ErrLimitExceeded, err)
		case errors.Is(err, rdfc.ErrUnsupportedHash):
			return nil, fmt.Errorf("%w: %w", ErrUnsupported, err)
		case ctx.Err() != nil:
			return nil, fmt.Errorf("dataintegrity: %w", err)
		}
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return out, nil
}
