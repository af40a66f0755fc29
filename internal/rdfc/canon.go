package rdfc

import (
	"bytes"
	"context"
	"crypto"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"maps"
	"slices"
	"strconv"
	"strings"

	_ "crypto/sha256" // SHA-256 for crypto.Hash
	_ "crypto/sha512" // SHA-384 for crypto.Hash
)

// ErrLimitExceeded is returned when canonicalization would take more work
// than Options.MaxWork allows (a "poison" graph).
var ErrLimitExceeded = errors.New("rdfc: work limit exceeded")

// ErrUnsupportedHash is returned for a hash function other than SHA-256 and
// SHA-384 or one not linked into the binary.
var ErrUnsupportedHash = errors.New("rdfc: unsupported hash function")

// ErrInvalidQuad is returned for a quad that is not valid RDF (a literal
// subject, a non-IRI predicate, a missing term).
var ErrInvalidQuad = errors.New("rdfc: invalid quad")

// DefaultMaxWork is the work budget used when Options.MaxWork is zero. The
// budget counts calls of the Hash N-Degree Quads algorithm plus the
// permutations it examines. It is far above what any test of the RDFC-1.0
// suite needs (the "evil" poison graphs need a few hundred) and rejects the
// clique poison graph after a few milliseconds.
const DefaultMaxWork = 10000

// Options configures Canonicalize. The zero value is SHA-256 with the
// default work budget.
type Options struct {
	// Hash is the hash function: crypto.SHA256 (the default when zero) or
	// crypto.SHA384.
	Hash crypto.Hash
	// MaxWork bounds the calls of Hash N-Degree Quads plus the permutations
	// examined (RDFC-1.0 section 4.8, step 5.4). Zero means DefaultMaxWork;
	// a negative value is refused.
	MaxWork int
}

// Canonicalize runs RDFC-1.0 (https://www.w3.org/TR/rdf-canon/#canon-algorithm)
// on the dataset given by quads (duplicates are ignored: a dataset is a set)
// and returns its canonical N-Quads serialization: one line per quad, each
// ending in a newline, sorted in code point order. It returns
// ErrLimitExceeded when the work budget is spent and ctx.Err() when ctx ends.
func Canonicalize(ctx context.Context, quads []Quad, opts Options) ([]byte, error) {
	st, err := run(ctx, quads, opts)
	if err != nil {
		return nil, err
	}
	return st.serialize(), nil
}

// IssuedIdentifiers runs RDFC-1.0 like Canonicalize and returns the issued
// identifiers map: each input blank node identifier to its canonical
// identifier (c14n0, c14n1, ...), as in the spec's map tests.
func IssuedIdentifiers(ctx context.Context, quads []Quad, opts Options) (map[string]string, error) {
	st, err := run(ctx, quads, opts)
	if err != nil {
		return nil, err
	}
	return maps.Clone(st.canon.issued), nil
}

// issuer is the identifier issuer of RDFC-1.0 section 4.5.
type issuer struct {
	prefix string
	issued map[string]string
	order  []string // existing identifiers in issuance order
}

func newIssuer(prefix string) *issuer {
	return &issuer{prefix: prefix, issued: map[string]string{}}
}

func (is *issuer) issue(existing string) string {
	if id, ok := is.issued[existing]; ok {
		return id
	}
	id := is.prefix + strconv.Itoa(len(is.order))
	is.issued[existing] = id
	is.order = append(is.order, existing)
	return id
}

func (is *issuer) clone() *issuer {
	c := &issuer{prefix: is.prefix, issued: make(map[string]string, len(is.issued)+4), order: slices.Clone(is.order)}
	for k, v := range is.issued {
		c.issued[k] = v
	}
	return c
}

// state is the canonicalization state of RDFC-1.0 section 4.3.
type state struct {
	ctx     context.Context
	quads   []Quad
	bnodes  map[string][]int // blank node -> indexes of the quads mentioning it
	first   map[string]string
	canon   *issuer
	newHash func() hash.Hash
	work    int
	maxWork int
	buf     []byte   // scratch for hashFirstDegree
	ends    []int    // scratch for hashFirstDegree
	lines   [][]byte // scratch for hashFirstDegree
}

func run(ctx context.Context, quads []Quad, opts Options) (*state, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	h := opts.Hash
	if h == 0 {
		h = crypto.SHA256
	}
	if (h != crypto.SHA256 && h != crypto.SHA384) || !h.Available() {
		return nil, fmt.Errorf("%w: %v", ErrUnsupportedHash, h)
	}
	if opts.MaxWork < 0 {
		return nil, fmt.Errorf("rdfc: negative MaxWork %d", opts.MaxWork)
	}
	st := &state{
		ctx:     ctx,
		bnodes:  map[string][]int{},
		first:   map[string]string{},
		canon:   newIssuer("c14n"),
		newHash: h.New,
		maxWork: opts.MaxWork,
	}
	if st.maxWork == 0 {
		st.maxWork = DefaultMaxWork
	}
	if err := st.load(quads); err != nil {
		return nil, err
	}
	if err := st.label(); err != nil {
		return nil, err
	}
	return st, nil
}

// load validates quads, drops duplicates and builds the blank node to quads
// map (section 4.4.3 step 2).
func (st *state) load(quads []Quad) error {
	norm := make([]Quad, len(quads))
	for i := range quads {
		if err := validQuad(&quads[i]); err != nil {
			return fmt.Errorf("%w: quad %d: %v", ErrInvalidQuad, i, err)
		}
		norm[i] = normalizeQuad(quads[i])
	}
	// Find duplicates by sorting indexes (cheaper than a map of quads).
	order := make([]int32, len(norm))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := compareQuads(&norm[a], &norm[b]); c != 0 {
			return c
		}
		return int(a - b)
	})
	dup := make([]bool, len(norm))
	for i := 1; i < len(order); i++ {
		if compareQuads(&norm[order[i-1]], &norm[order[i]]) == 0 {
			dup[order[i]] = true
		}
	}
	st.quads = norm[:0]
	for i := range norm {
		if dup[i] {
			continue
		}
		idx := len(st.quads)
		st.quads = append(st.quads, norm[i])
		q := &st.quads[idx]
		for _, t := range [...]*Term{&q.Subject, &q.Object, &q.Graph} {
			if t.Kind == KindBlank {
				l := st.bnodes[t.Value]
				if len(l) == 0 || l[len(l)-1] != idx {
					st.bnodes[t.Value] = append(l, idx)
				}
			}
		}
	}
	return nil
}

func compareQuads(a, b *Quad) int {
	if c := compareTerms(&a.Subject, &b.Subject); c != 0 {
		return c
	}
	if c := compareTerms(&a.Predicate, &b.Predicate); c != 0 {
		return c
	}
	if c := compareTerms(&a.Object, &b.Object); c != 0 {
		return c
	}
	return compareTerms(&a.Graph, &b.Graph)
}

func compareTerms(a, b *Term) int {
	if a.Kind != b.Kind {
		return int(a.Kind) - int(b.Kind)
	}
	if c := strings.Compare(a.Value, b.Value); c != 0 {
		return c
	}
	if c := strings.Compare(a.Datatype, b.Datatype); c != 0 {
		return c
	}
	return strings.Compare(a.Language, b.Language)
}

// normalizeQuad gives equal literals one representation: no datatype for
// xsd:string and language-tagged literals.
func normalizeQuad(q Quad) Quad {
	if o := &q.Object; o.Kind == KindLiteral && (o.Language != "" || o.Datatype == XSDString) {
		o.Datatype = ""
	}
	return q
}

func validQuad(q *Quad) error {
	switch {
	case q.Subject.Kind != KindIRI && q.Subject.Kind != KindBlank:
		return errors.New("subject is not an IRI or blank node")
	case q.Predicate.Kind != KindIRI:
		return errors.New("predicate is not an IRI")
	case q.Object.Kind == KindNone || q.Object.Kind > KindLiteral:
		return errors.New("object missing")
	case q.Graph.Kind == KindLiteral || q.Graph.Kind > KindLiteral:
		return errors.New("graph name is a literal")
	}
	return nil
}

func (st *state) spend(n int) error {
	st.work += n
	if st.work > st.maxWork {
		return ErrLimitExceeded
	}
	if st.work&63 == 0 || n > 1 {
		if err := st.ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

func (st *state) hashBytes(b []byte) string {
	h := st.newHash()
	h.Write(b)
	var sum [64]byte
	return hex.EncodeToString(h.Sum(sum[:0]))
}

// label runs section 4.4.3 steps 3 to 5: issues a canonical identifier to
// every blank node.
func (st *state) label() error {
	// Step 3: first-degree hashes.
	byHash := map[string][]string{}
	names := make([]string, 0, len(st.bnodes))
	for n := range st.bnodes {
		names = append(names, n)
	}
	slices.Sort(names) // deterministic order within equal-hash groups
	for _, n := range names {
		h := st.hashFirstDegree(n)
		byHash[h] = append(byHash[h], n)
	}
	hashes := make([]string, 0, len(byHash))
	for h := range byHash {
		hashes = append(hashes, h)
	}
	slices.Sort(hashes)
	// Step 4: unique hashes get canonical identifiers in hash order.
	var shared []string
	for _, h := range hashes {
		if l := byHash[h]; len(l) == 1 {
			st.canon.issue(l[0])
		} else {
			shared = append(shared, h)
		}
	}
	// Step 5: the rest through Hash N-Degree Quads.
	for _, h := range shared {
		type result struct {
			hash   string
			issuer *issuer
		}
		var results []result
		for _, n := range byHash[h] {
			if _, ok := st.canon.issued[n]; ok {
				continue
			}
			tmp := newIssuer("b")
			tmp.issue(n)
			rh, ri, err := st.hashNDegree(n, tmp)
			if err != nil {
				return err
			}
			results = append(results, result{rh, ri})
		}
		slices.SortStableFunc(results, func(a, b result) int {
			switch {
			case a.hash < b.hash:
				return -1
			case a.hash > b.hash:
				return 1
			}
			return 0
		})
		for _, r := range results {
			for _, existing := range r.issuer.order {
				st.canon.issue(existing)
			}
		}
	}
	return nil
}

// hashFirstDegree is section 4.6.
func (st *state) hashFirstDegree(ref string) string {
	if h, ok := st.first[ref]; ok {
		return h
	}
	relabel := func(id string) string {
		if id == ref {
			return "a"
		}
		return "z"
	}
	// Serialize every quad into one buffer, then sort the lines.
	buf := st.buf[:0]
	ends := st.ends[:0]
	for _, qi := range st.bnodes[ref] {
		buf = appendQuad(buf, &st.quads[qi], relabel)
		ends = append(ends, len(buf))
	}
	lines := st.lines[:0]
	start := 0
	for _, e := range ends {
		lines = append(lines, buf[start:e])
		start = e
	}
	slices.SortFunc(lines, bytes.Compare)
	h := st.newHash()
	for _, l := range lines {
		h.Write(l)
	}
	var sum [64]byte
	s := hex.EncodeToString(h.Sum(sum[:0]))
	st.buf, st.ends, st.lines = buf, ends, lines[:0]
	st.first[ref] = s
	st.lines = lines[:0]
	return s
}

// hashRelated is section 4.7.
func (st *state) hashRelated(related string, q *Quad, is *issuer, position byte) string {
	b := []byte{position}
	if position != 'g' {
		b = append(b, '<')
		b = append(b, q.Predicate.Value...)
		b = append(b, '>')
	}
	if id, ok := st.canon.issued[related]; ok {
		b = append(b, "_:"...)
		b = append(b, id...)
	} else if id, ok := is.issued[related]; ok {
		b = append(b, "_:"...)
		b = append(b, id...)
	} else {
		b = append(b, st.hashFirstDegree(related)...)
	}
	return st.hashBytes(b)
}

// hashNDegree is section 4.8.
func (st *state) hashNDegree(id string, is *issuer) (string, *issuer, error) {
	if err := st.spend(1); err != nil {
		return "", nil, err
	}
	// Steps 1 to 3: related blank nodes grouped by related hash.
	hn := map[string][]string{}
	for _, qi := range st.bnodes[id] {
		q := &st.quads[qi]
		for _, c := range [...]struct {
			t   *Term
			pos byte
		}{{&q.Subject, 's'}, {&q.Object, 'o'}, {&q.Graph, 'g'}} {
			if c.t.Kind != KindBlank || c.t.Value == id {
				continue
			}
			h := st.hashRelated(c.t.Value, q, is, c.pos)
			hn[h] = append(hn[h], c.t.Value)
		}
	}
	hashes := make([]string, 0, len(hn))
	for h := range hn {
		hashes = append(hashes, h)
	}
	slices.Sort(hashes)
	// Steps 4 and 5.
	var data []byte
	for _, rh := range hashes {
		data = append(data, rh...)
		var chosenPath []byte
		var chosenIssuer *issuer
		list := hn[rh]
		perm := make([]int, len(list))
		for i := range perm {
			perm[i] = i
		}
		for first := true; first || nextPermutation(perm); first = false {
			if err := st.spend(1); err != nil {
				return "", nil, err
			}
			isCopy := is.clone()
			var path []byte
			var recursion []string
			skip := false
			for _, pi := range perm {
				related := list[pi]
				if cid, ok := st.canon.issued[related]; ok {
					path = append(path, "_:"...)
					path = append(path, cid...)
				} else {
					if _, ok := isCopy.issued[related]; !ok {
						recursion = append(recursion, related)
					}
					path = append(path, "_:"...)
					path = append(path, isCopy.issue(related)...)
				}
				if worse(path, chosenPath) {
					skip = true
					break
				}
			}
			if skip {
				continue
			}
			for _, related := range recursion {
				h, ri, err := st.hashNDegree(related, isCopy)
				if err != nil {
					return "", nil, err
				}
				path = append(path, "_:"...)
				path = append(path, isCopy.issue(related)...)
				path = append(path, '<')
				path = append(path, h...)
				path = append(path, '>')
				isCopy = ri
				if worse(path, chosenPath) {
					skip = true
					break
				}
			}
			if skip {
				continue
			}
			if chosenPath == nil || bytes.Compare(path, chosenPath) < 0 {
				chosenPath = path
				chosenIssuer = isCopy
			}
		}
		data = append(data, chosenPath...)
		is = chosenIssuer
	}
	return st.hashBytes(data), is, nil
}

// worse reports that path can no longer become the chosen path (section
// 4.8.3 steps 5.4.4.3 and 5.4.5.5).
func worse(path, chosen []byte) bool {
	return len(chosen) > 0 && len(path) >= len(chosen) && bytes.Compare(path, chosen) > 0
}

// nextPermutation advances p to the next permutation in lexicographic
// order, reporting false after the last one.
func nextPermutation(p []int) bool {
	i := len(p) - 2
	for i >= 0 && p[i] >= p[i+1] {
		i--
	}
	if i < 0 {
		return false
	}
	j := len(p) - 1
	for p[j] <= p[i] {
		j--
	}
	p[i], p[j] = p[j], p[i]
	slices.Reverse(p[i+1:])
	return true
}

// serialize is section 4.4.3 step 6 and 7: the quads relabelled with
// canonical identifiers, as sorted canonical N-Quads.
func (st *state) serialize() []byte {
	relabel := func(id string) string { return st.canon.issued[id] }
	size := 0
	for i := range st.quads {
		q := &st.quads[i]
		size += len(q.Subject.Value) + len(q.Predicate.Value) + len(q.Object.Value) + len(q.Object.Datatype) + len(q.Object.Language) + len(q.Graph.Value) + 16
	}
	all := make([]byte, 0, size+size/8)
	ends := make([]int, len(st.quads))
	for i := range st.quads {
		all = appendQuad(all, &st.quads[i], relabel)
		ends[i] = len(all)
	}
	lines := make([][]byte, len(st.quads))
	start := 0
	for i, e := range ends {
		lines[i] = all[start:e:e]
		start = e
	}
	slices.SortFunc(lines, bytes.Compare)
	out := make([]byte, 0, len(all))
	for _, l := range lines {
		out = append(out, l...)
	}
	return out
}
