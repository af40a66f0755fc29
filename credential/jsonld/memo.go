package jsonld

import (
	"sync/atomic"

	"github.com/piprate/json-gold/ld"
)

// The memo of processed contexts is bounded by count and by estimated
// bytes. Documents choose their embedded contexts, so a stream of
// credentials each with a large context of its own would otherwise keep
// every one of them. When either bound is reached, the whole memo is
// replaced by an empty one: scopes form a tree (each memoizes the scopes
// derived from it), so dropping the tree is the one eviction that needs
// no bookkeeping on the hot path, and the contexts in common use are
// processed again once each. Expansions already running keep their
// scopes until they finish.

const (
	// maxScopes bounds the number of scopes in one memo.
	maxScopes = 8192
	// maxEntryShare: a scope estimated at more than 1/maxEntryShare of the
	// budget is used for its document and never kept, so that no single
	// context can empty the memo.
	maxEntryShare = 32
)

// Cost model of a kept scope, measured on json-gold v0.9.1 with Go 1.26
// (TestMemoEstimateCoversHeap checks it stays an overestimate).
const (
	// slotBytes: one entry of a context's term or protected map. Every
	// derived context copies both maps of its parent, and json-gold's
	// CopyContext also copies the previous context's.
	slotBytes = 64
	// defBytes: a TermDefinition and its small allocations, besides the
	// strings counted by their length.
	defBytes = 256
	// treeFactor: a decoded JSON value kept as a scoped context, per byte
	// of its JSON.
	treeFactor = 8
)

// memo is one generation of a Processor's processed contexts.
type memo struct {
	root  *scope
	bytes atomic.Int64
	count atomic.Int64
}

func (p *Processor) newMemo() *memo {
	m := &memo{}
	m.root = &scope{ctx: ld.NewContext(nil, p.options()), gen: m}
	return m
}

// admit charges a scope of the given estimated cost to g and reports
// whether it may be kept. When g is full it is replaced by an empty memo.
func (p *Processor) admit(g *memo, cost int64) bool {
	if cost > p.maxBytes/maxEntryShare {
		return false
	}
	if g.count.Add(1) <= maxScopes && g.bytes.Add(cost) <= p.maxBytes {
		return true
	}
	if p.memo.Load() == g { // expansions still on an old memo do not build new ones
		p.memo.CompareAndSwap(g, p.newMemo())
	}
	return false
}

// release refunds a charge for a scope that was not kept after all.
func (g *memo) release(cost int64) {
	g.bytes.Add(-cost)
	g.count.Add(-1)
}

// estimate is the memory that keeping c, derived from parent under k,
// retains: the key, c's maps (and those of the previous context it
// carries), and the term definitions c does not share with parent.
func estimate(k deriveKey, parent, c *ld.Context) int64 {
	n := int64(len(k.key))
	// AsMap exposes the previous context without copying it.
	for m := c.AsMap(); m != nil; m, _ = m["previousContext"].(map[string]any) {
		defs, _ := m["termDefinitions"].(map[string]*ld.TermDefinition)
		prot, _ := m["protected"].(map[string]bool)
		n += slotBytes * int64(len(defs)+len(prot))
	}
	for term, td := range c.TermDefinitions {
		if td == nil || parent.TermDefinitions[term] == td {
			continue
		}
		n += defBytes + int64(len(term)+len(td.ID)+len(td.Type)+len(td.Index)+len(td.Nest))
		for _, c := range td.Container {
			n += 16 + int64(len(c))
		}
		if td.HasContext {
			n += treeFactor * jsonSize(td.Context)
		}
	}
	return n
}

// jsonSize approximates the length of v's JSON encoding.
func jsonSize(v any) int64 {
	switch t := v.(type) {
	case string:
		return int64(len(t)) + 2
	case map[string]any:
		n := int64(2)
		for k, e := range t {
			n += int64(len(k)) + 4 + jsonSize(e)
		}
		return n
	case []any:
		n := int64(2)
		for _, e := range t {
			n += 1 + jsonSize(e)
		}
		return n
	default:
		return 8
	}
}
