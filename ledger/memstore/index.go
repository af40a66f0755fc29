package memstore

import "hash/maphash"

// index finds strings (idempotency keys, credential IDs, recipients) in a
// list that holds them, by position. It keys a map by a 64-bit hash of the
// string rather than by the string: such a map holds no pointers, so the
// garbage collector never scans it, and growing it never reads the
// strings again (with string keys those two were a large share of the cost
// of a store with many entries). A string whose hash another one already
// has goes to a second map keyed by the string itself.
type index struct {
	seed   maphash.Seed
	mask   uint64         // ^0; tests narrow it to force collisions
	byHash map[uint64]int // hash → position of the first string with it
	more   map[string]int // strings whose hash was taken (usually nil)
}

func newIndex(seed maphash.Seed, mask uint64) index {
	return index{seed: seed, mask: mask, byHash: map[uint64]int{}}
}

func (x *index) hash(s string) uint64 { return maphash.String(x.seed, s) & x.mask }

func (x *index) len() int { return len(x.byHash) + len(x.more) }

// get returns the position of s; at(i) is the string at position i.
func (x *index) get(s string, at func(int) string) (int, bool) {
	i, ok := x.byHash[x.hash(s)]
	if !ok {
		// No string has this hash, so none is in more either (see remove).
		return 0, false
	}
	if at(i) == s {
		return i, true
	}
	i, ok = x.more[s]
	return i, ok
}

// add records s, which must be absent, at position i.
func (x *index) add(s string, i int) {
	h := x.hash(s)
	if _, taken := x.byHash[h]; taken {
		if x.more == nil {
			x.more = map[string]int{}
		}
		x.more[s] = i
		return
	}
	x.byHash[h] = i
}

// remove forgets s, which must be present. Strings are removed only by
// rollback, in the reverse order of their adding, so when the first string
// with a hash goes, those that collided with it (added later) are gone.
func (x *index) remove(s string, at func(int) string) {
	h := x.hash(s)
	if i, ok := x.byHash[h]; ok && at(i) == s {
		delete(x.byHash, h)
		return
	}
	delete(x.more, s)
}
