package dataintegrity

import (
	"context"
	"crypto"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/piprate/json-gold/ld"
)

// TEMPORARY json-gold backend until credential/jsonld and internal/rdfc land.

// CanonicalizerOptions configures NewCanonicalizer.
type CanonicalizerOptions struct {
	// Documents maps context URLs to their JSON, served offline.
	Documents map[string][]byte
}

// Canonicalizer runs JSON-LD to RDF and RDFC-1.0 for the RDFC suites.
type Canonicalizer struct {
	docs map[string]any
}

// NewCanonicalizer returns a canonicalizer serving contexts offline.
func NewCanonicalizer(opts CanonicalizerOptions) (*Canonicalizer, error) {
	c := &Canonicalizer{docs: map[string]any{}}
	for u, b := range opts.Documents {
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			return nil, fmt.Errorf("dataintegrity: context %s: %w", u, err)
		}
		c.docs[u] = v
	}
	return c, nil
}

type mapLoader map[string]any

func (m mapLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	if d, ok := m[u]; ok {
		return &ld.RemoteDocument{DocumentURL: u, Document: d}, nil
	}
	return nil, fmt.Errorf("%w: %s", ErrUnknownContext, u)
}

type decodeLimits struct{}

func limitsFor(*Canonicalizer) decodeLimits { return decodeLimits{} }

func (c *Canonicalizer) rdfc(_ context.Context, v map[string]any, h crypto.Hash) ([]byte, error) {
	if c == nil {
		return nil, fmt.Errorf("%w: no canonicalizer", ErrUnsupported)
	}
	if h != crypto.SHA256 {
		return nil, fmt.Errorf("%w: RDFC with %v", ErrUnsupported, h)
	}
	proc := ld.NewJsonLdProcessor()
	o := ld.NewJsonLdOptions("")
	o.DocumentLoader = mapLoader(c.docs)
	o.Algorithm = ld.AlgorithmURDNA2015
	o.Format = "application/n-quads"
	out, err := proc.Normalize(v, o)
	if err != nil {
		if strings.Contains(err.Error(), "loading") {
			return nil, fmt.Errorf("%w: %v", ErrUnknownContext, err)
		}
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	s, _ := out.(string)
	return []byte(s), nil
}
