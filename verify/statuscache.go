package verify

import (
	"container/list"
	"crypto/sha256"
	"encoding/json"
	"sync"
	"time"
)

// A verifier that checks many credentials of one issuer fetches the same
// status list for each, and verifying the list credential (JSON-LD,
// canonicalization, signature) costs more than the rest of the status
// check. listCache remembers list credentials that verified, keyed by the
// SHA-256 of the bytes the StatusSource returned: a changed list (a new
// revocation) is different bytes, so it is verified afresh, and the entry
// is read again on every check. An entry holds only inside the times the
// list's own validity window and proofs allow, and for at most
// statusListCacheTTL on the verifier's clock, so that a key later taken
// out of the issuer's documents stops vouching for a list soon.
type listCache struct {
	mu      sync.Mutex
	max     int
	order   *list.List // most recently used first; values are *cachedList
	entries map[[sha256.Size]byte]*list.Element
	hits    int // for tests
}

// statusListCacheTTL bounds how long a verified list is trusted without
// verifying it again.
const statusListCacheTTL = 10 * time.Minute

// DefaultStatusListCache is how many verified status list credentials a
// Verifier remembers when Config.StatusListCache is zero.
const DefaultStatusListCache = 64

type cachedList struct {
	key                 [sha256.Size]byte
	credential          []byte
	issuer              string
	format              Format
	notBefore, notAfter time.Time // zero: unbounded
}

func newListCache(n int) *listCache {
	if n <= 0 {
		return nil
	}
	return &listCache{max: n, order: list.New(), entries: map[[sha256.Size]byte]*list.Element{}}
}

// get returns the verified list for data if it holds at now.
func (c *listCache) get(data []byte, now time.Time) (*cachedList, bool) {
	if c == nil {
		return nil, false
	}
	key := sha256.Sum256(data)
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return nil, false
	}
	e := el.Value.(*cachedList)
	if now.Before(e.notBefore) || !e.notAfter.IsZero() && !now.Before(e.notAfter) {
		c.order.Remove(el)
		delete(c.entries, key)
		return nil, false
	}
	c.order.MoveToFront(el)
	c.hits++
	return e, true
}

// put remembers a list credential that verified at now. Its window is the
// narrowest of: the list's validity window, its proofs' created and
// expires, and now + statusListCacheTTL; leeway is not applied, so the
// cache never accepts a list that verifying it again would reject.
func (c *listCache) put(data []byte, lr *Result, now time.Time) {
	if c == nil {
		return
	}
	e := &cachedList{key: sha256.Sum256(data), credential: lr.Credential, issuer: lr.Issuer, format: lr.Format,
		notBefore: now, notAfter: now.Add(statusListCacheTTL)}
	later := func(t time.Time) {
		if t.After(e.notBefore) {
			e.notBefore = t
		}
	}
	sooner := func(t time.Time) {
		if !t.IsZero() && t.Before(e.notAfter) {
			e.notAfter = t
		}
	}
	later(lr.ValidFrom)
	sooner(lr.ValidUntil)
	for _, p := range proofTimes(lr.Credential) {
		later(p.Created)
		sooner(p.Expires)
	}
	if !now.Before(e.notAfter) || now.Before(e.notBefore) {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[e.key]; ok {
		el.Value = e
		c.order.MoveToFront(el)
		return
	}
	c.entries[e.key] = c.order.PushFront(e)
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.entries, last.Value.(*cachedList).key)
	}
}

type proofTime struct {
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires"`
}

// proofTimes reads created and expires of the embedded proofs (one or a
// set). A value that does not parse leaves the bound out: verification
// already accepted the document, and the TTL still bounds the entry.
func proofTimes(doc []byte) []proofTime {
	raw := member(doc, "proof")
	if len(raw) == 0 {
		return nil
	}
	var one struct {
		Created string `json:"created"`
		Expires string `json:"expires"`
	}
	var many []struct {
		Created string `json:"created"`
		Expires string `json:"expires"`
	}
	if json.Unmarshal(raw, &many) != nil {
		if json.Unmarshal(raw, &one) != nil {
			return nil
		}
		many = append(many, one)
	}
	out := make([]proofTime, 0, len(many))
	for _, p := range many {
		var t proofTime
		t.Created, _ = time.Parse(time.RFC3339, p.Created)
		t.Expires, _ = time.Parse(time.RFC3339, p.Expires)
		out = append(out, t)
	}
	return out
}
