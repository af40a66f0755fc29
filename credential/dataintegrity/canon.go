package dataintegrity

import (
	"context"
	"crypto"
	"errors"
	"fmt"

	"github.com/laurelhq/laurel/internal/jcs"
)

// transform canonicalises a document or proof configuration with the
// suite's algorithm: RDFC-1.0 over the JSON-LD dataset, or JCS.
func (s suite) transform(ctx context.Context, c *Canonicalizer, v map[string]any, h crypto.Hash) ([]byte, error) {
	switch s.canon {
	case canonJCS:
		b, err := jcs.Marshal(v)
		if err != nil {
			if errors.Is(err, jcs.ErrTooDeep) {
				return nil, fmt.Errorf("%w: %w", ErrLimitExceeded, err)
			}
			return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
		}
		return b, nil
	default:
		return c.rdfc(ctx, v, h)
	}
}

// hashes returns the canonical forms and hashes of the proof configuration
// and the document, and their concatenation proofHash||docHash which is what
// gets signed.
type hashes struct {
	canonDoc, canonProof []byte
	docHash, proofHash   []byte
	combined             []byte
}

func (s suite) hashData(ctx context.Context, c *Canonicalizer, doc, config map[string]any, h crypto.Hash) (*hashes, error) {
	var r hashes
	var err error
	if r.canonProof, err = s.transform(ctx, c, config, h); err != nil {
		return nil, fmt.Errorf("proof options: %w", err)
	}
	if r.canonDoc, err = s.transform(ctx, c, doc, h); err != nil {
		return nil, fmt.Errorf("document: %w", err)
	}
	if s.canon == canonRDFC && len(r.canonDoc) == 0 {
		// JSON-LD dropped everything (no @context, or no defined terms): a
		// signature would cover nothing.
		return nil, fmt.Errorf("%w: the document has no RDF statements to sign", ErrMalformed)
	}
	r.proofHash = digest(h, r.canonProof)
	r.docHash = digest(h, r.canonDoc)
	r.combined = append(append([]byte{}, r.proofHash...), r.docHash...)
	return &r, nil
}
