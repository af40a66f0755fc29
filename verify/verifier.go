package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/laurelhq/laurel/credential/dataintegrity"
	"github.com/laurelhq/laurel/credential/jsonld"
	"github.com/laurelhq/laurel/credential/keys"
	"github.com/laurelhq/laurel/internal/jsonx"
)

// DocumentLoader returns documents by URL: issuer profiles, controller
// documents and keys, hosted assertions, status lists. *DocumentMap is the
// offline implementation; a caller who wants the network supplies one that
// fetches.
type DocumentLoader interface {
	Document(ctx context.Context, url string) ([]byte, error)
}

// StatusSource returns a status list credential (Bitstring Status List,
// StatusList2021, 1EdTech revocation list, OB 2.0 revocation list) by URL.
// The list is verified like any credential before it is trusted.
type StatusSource interface {
	StatusList(ctx context.Context, url string) ([]byte, error)
}

// Default limits.
const (
	DefaultMaxBytes = 1 << 20 // a credential larger than 1 MiB is refused
	DefaultLeeway   = 5 * time.Minute
)

// Config configures a Verifier. The zero value verifies offline with the
// bundled JSON-LD contexts and did:key keys only, fails closed when a
// status cannot be determined, and uses the system clock.
type Config struct {
	// Documents supplies documents by URL. If it also has an
	// AllDocuments() map[string][]byte method (as *DocumentMap does),
	// those documents serve as extra JSON-LD contexts too.
	Documents DocumentLoader
	// Status supplies status lists; nil uses Documents when it implements
	// StatusSource.
	Status StatusSource
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Leeway is how far a validity window or a proof's created time may
	// be off the clock; zero means DefaultLeeway, negative means none.
	Leeway time.Duration
	// UnsafeStatusFailOpen reports an undetermined status as a warning
	// instead of a failure.
	UnsafeStatusFailOpen bool
	// MaxBytes caps the input; zero means DefaultMaxBytes.
	MaxBytes int64
	// MaxImageBytes caps a baked PNG or SVG input, whose extracted
	// credential MaxBytes then caps; zero means DefaultMaxImageBytes.
	MaxImageBytes int64
	// StatusListCache is how many verified status list credentials to
	// remember (by the hash of their bytes, for at most ten minutes and
	// never outside their validity); zero means DefaultStatusListCache,
	// negative none.
	StatusListCache int
}

// Options are per-call options of Verify.
type Options struct {
	// Recipient, when set, is the email address the credential must have
	// been issued to (hashed or not).
	Recipient string
}

// Verifier checks credentials. It is safe for concurrent use; share one to
// keep processed contexts warm.
type Verifier struct {
	cfg    Config
	canon  *dataintegrity.Canonicalizer
	proc   *jsonld.Processor
	keys   *keys.Resolver
	status StatusSource
	lists  *listCache
}

// New returns a Verifier.
func New(cfg Config) (*Verifier, error) {
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = DefaultMaxBytes
	}
	if cfg.Leeway == 0 {
		cfg.Leeway = DefaultLeeway
	} else if cfg.Leeway < 0 {
		cfg.Leeway = 0
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	var extra map[string][]byte
	if a, ok := cfg.Documents.(interface{ AllDocuments() map[string][]byte }); ok {
		extra = contextDocuments(a.AllDocuments())
	}
	loader, err := jsonld.NewLoader(jsonld.Options{Documents: extra})
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	proc := jsonld.NewProcessor(loader, jsonld.ProcessorOptions{})
	canon, err := dataintegrity.NewCanonicalizer(dataintegrity.CanonicalizerOptions{Processor: proc})
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	v := &Verifier{cfg: cfg, canon: canon, proc: proc}
	v.keys = &keys.Resolver{}
	if cfg.Documents != nil {
		v.keys.Fetcher = fetcher{cfg.Documents}
	}
	if cfg.StatusListCache == 0 {
		cfg.StatusListCache = DefaultStatusListCache
	}
	v.lists = newListCache(cfg.StatusListCache)
	v.status = cfg.Status
	if v.status == nil {
		v.status, _ = cfg.Documents.(StatusSource)
	}
	return v, nil
}

type fetcher struct{ d DocumentLoader }

func (f fetcher) Fetch(ctx context.Context, url string) ([]byte, error) {
	return f.d.Document(ctx, url)
}

// Verify checks data — credential JSON, a compact JWS/JWT, or a baked PNG
// or SVG — and reports every check. It never returns nil.
func (v *Verifier) Verify(ctx context.Context, data []byte, opts *Options) *Result {
	if opts == nil {
		opts = &Options{}
	}
	return v.verify(ctx, data, opts, 0)
}

func (v *Verifier) verify(ctx context.Context, data []byte, opts *Options, depth int) *Result {
	if bakedImage(data) { // before the size check: images have their own limit (baked.go)
		return v.verifyBaked(ctx, data, opts, depth)
	}
	r := &Result{Valid: true, Format: FormatUnknown}
	if int64(len(data)) > v.cfg.MaxBytes {
		r.fail(CheckParse, ProblemLimitExceeded, "", fmt.Sprintf("input is %d bytes, over the %d byte limit", len(data), v.cfg.MaxBytes))
		return r
	}
	if err := ctx.Err(); err != nil {
		r.fail(CheckParse, ProblemLimitExceeded, "", "cancelled: "+err.Error())
		return r
	}
	trimmed := bytes.TrimSpace(data)
	switch {
	case len(trimmed) > 0 && trimmed[0] == '{':
		v.verifyJSON(ctx, r, trimmed, opts, depth)
	case isCompactJWS(trimmed):
		v.verifyCompact(ctx, r, trimmed, opts, depth)
	case isHTTPURL(trimmed):
		// A hosted assertion given by its URL (as old PNG badges carry it).
		doc, err := v.document(ctx, string(trimmed))
		if err != nil {
			r.fail(CheckParse, ProblemUnresolvable, "", fmt.Sprintf("%s: %v", trimmed, err))
			return r
		}
		v.verifyJSON(ctx, r, bytes.TrimSpace(doc), opts, depth)
	default:
		r.fail(CheckParse, ProblemMalformed, "", "input is neither a JSON object, a compact JWS nor a baked image")
	}
	return r
}

// decodeObject reads a JSON object strictly: no duplicate members, valid
// UTF-8, bounded size and depth.
func (v *Verifier) decodeObject(data []byte) (map[string]any, error) {
	if err := jsonx.Check(data, jsonx.Limits{MaxBytes: v.cfg.MaxBytes}); err != nil {
		return nil, err
	}
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		return nil, err
	}
	if d.More() {
		return nil, errors.New("data after the JSON object")
	}
	return m, nil
}

// isHTTPURL reports whether b is a single http(s) URL.
func isHTTPURL(b []byte) bool {
	return (bytes.HasPrefix(b, []byte("https://")) || bytes.HasPrefix(b, []byte("http://"))) &&
		!bytes.ContainsAny(b, " \t\r\n{}\"")
}

// contextDocuments picks, from a documents map, the documents that can
// serve as JSON-LD contexts: JSON objects with an @context member, within
// the loader's size limit. The rest (keys, JWK Sets, status lists saved as
// VC-JWTs, large lists) are still served by the map, just not as contexts.
func contextDocuments(all map[string][]byte) map[string][]byte {
	out := map[string][]byte{}
	for u, d := range all {
		if int64(len(d)) > jsonld.DefaultMaxDocumentBytes {
			continue
		}
		var probe map[string]json.RawMessage
		if json.Unmarshal(d, &probe) != nil {
			continue
		}
		if _, ok := probe["@context"]; ok {
			out[u] = d
		}
	}
	return out
}
