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
	entries map[listKey]*list.Element
	hits    int // for tests
}

// statusListCacheTTL bounds how long a verified list is trusted without
// verifying it again.
const statusListCacheTTL = 10 * time.Minute

// DefaultStatusListCache is how many verified status list credentials a
// Verifier remembers when Config.StatusListCache is zero.
const DefaultStatusListCache = 64

type cachedList struct {
	key                 listKey
	credential          []byte
	issuer              string
	notBefore, notAfter time.Time
}

// listKey is the SHA-256 of a status list as the StatusSource returned it.
type listKey = [sha256.Size]byte

func newListCache(n int) *listCache {
	if n <= 0 {
		return nil
	}
	return &listCache{max: n, order: list.New(), entries: map[listKey]*list.Element{}}
}

// get returns the verified list under key if it holds at now.
func (c *listCache) get(key listKey, now time.Time) (*cachedList, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return nil, false
	}
	e := el.Value.(*cachedList)
	if now.Before(e.notBefore) || !now.Before(e.notAfter) {
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
func (c *listCache) put(key listKey, lr *Result, now time.Time) {
	if c == nil {
		return
	}
	e := &cachedList{key: key, credential: lr.Credential, issuer: lr.Issuer,
		notBefore: now, notAfter: now.Add(statusListCacheTTL)}
	e.narrow(lr.ValidFrom, lr.ValidUntil)
	for _, p := range proofTimes(lr.Credential) {
		e.narrow(p.created, p.expires)
	}
	if !now.Before(e.notAfter) || now.Before(e.notBefore) {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		el.Value = e
		c.order.MoveToFront(el)
		return
	}
	c.entries[key] = c.order.PushFront(e)
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.entries, last.Value.(*cachedList).key)
	}
}

// narrow shrinks the entry's window to [from, until); zero times leave
// that side as it is.
func (e *cachedList) narrow(from, until time.Time) {
	if from.After(e.notBefore) {
		e.notBefore = from
	}
	if !until.IsZero() && until.Before(e.notAfter) {
		e.notAfter = until
	}
}

type proofTime struct{ created, expires time.Time }

// proofTimes reads created and expires of the embedded proofs (one or a
// set). A value that does not parse leaves the bound out: verification
// already accepted the document, and the TTL still bounds the entry.
func proofTimes(doc []byte) []proofTime {
	raw := member(doc, "proof")
	if len(raw) == 0 {
		return nil
	}
	type times struct {
		Created string `json:"created"`
		Expires string `json:"expires"`
	}
	var many []times
	if json.Unmarshal(raw, &many) != nil {
		var one times
		if json.Unmarshal(raw, &one) != nil {
			return nil
		}
		many = []times{one}
	}
	out := make([]proofTime, len(many))
	for i, p := range many {
		out[i].created, _ = time.Parse(time.RFC3339, p.Created)
		out[i].expires, _ = time.Parse(time.RFC3339, p.Expires)
	}
	return out
}
