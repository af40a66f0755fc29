package jsonld

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/piprate/json-gold/ld"
)

// Default limits.
const (
	DefaultMaxDocumentBytes = 1 << 20 // 1 MiB: the largest published context is under 100 KiB
	DefaultNetworkTimeout   = 10 * time.Second
)

// Options configures a Loader. The zero value serves the bundled contexts
// only and never touches the network.
type Options struct {
	// Documents adds documents by absolute URL (extra contexts, or a
	// replacement for a bundled one). Each must be a JSON object.
	Documents map[string][]byte
	// Network, when not nil, lets the loader fetch URLs it cannot serve
	// from memory. Nothing is fetched unless this is set.
	Network *NetworkOptions
	// MaxDocumentBytes caps each document given or fetched; zero means
	// DefaultMaxDocumentBytes.
	MaxDocumentBytes int64
}

// NetworkOptions enables fetching documents that are not available offline.
type NetworkOptions struct {
	// Client performs the requests; nil means a client with Timeout.
	Client *http.Client
	// Timeout bounds each fetch; zero means DefaultNetworkTimeout.
	Timeout time.Duration
	// UnsafeAllowHTTP permits plain http:// URLs; https only otherwise.
	UnsafeAllowHTTP bool
}

// Loader is a json-gold DocumentLoader that works offline. It is safe for
// concurrent use.
type Loader struct {
	bundle   *bundle
	extra    map[string]any
	net      *NetworkOptions
	maxBytes int64

	mu      sync.Mutex
	fetched map[string]any
}

var _ ld.DocumentLoader = (*Loader)(nil)

// NewLoader returns a loader serving the bundled contexts and opts.Documents.
func NewLoader(opts Options) (*Loader, error) {
	b, err := loadBundle()
	if err != nil {
		return nil, err
	}
	l := &Loader{bundle: b, extra: map[string]any{}, net: opts.Network, maxBytes: opts.MaxDocumentBytes, fetched: map[string]any{}}
	if l.maxBytes <= 0 {
		l.maxBytes = DefaultMaxDocumentBytes
	}
	for u, data := range opts.Documents {
		if _, err := url.Parse(u); err != nil || !strings.Contains(u, ":") {
			return nil, fmt.Errorf("%w: document URL %q is not absolute", ErrInvalidContext, u)
		}
		doc, err := l.decode(u, data)
		if err != nil {
			return nil, err
		}
		l.extra[u] = doc
	}
	return l, nil
}

func (l *Loader) decode(u string, data []byte) (any, error) {
	if int64(len(data)) > l.maxBytes {
		return nil, fmt.Errorf("%w: %s is %d bytes, over the %d byte limit", ErrLimitExceeded, u, len(data), l.maxBytes)
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrInvalidContext, u, err)
	}
	if _, ok := doc.(map[string]any); !ok {
		return nil, fmt.Errorf("%w: %s is not a JSON object", ErrInvalidContext, u)
	}
	return doc, nil
}

// Has reports whether url is served without the network.
func (l *Loader) Has(u string) bool {
	if _, ok := l.extra[u]; ok {
		return true
	}
	_, ok := l.bundle.parsed[u]
	return ok
}

// LoadDocument implements ld.DocumentLoader. Callers' documents win over
// bundled ones; anything else is fetched only when the network is enabled.
func (l *Loader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	if d, ok := l.extra[u]; ok {
		return &ld.RemoteDocument{DocumentURL: u, Document: d}, nil
	}
	if d, ok := l.bundle.parsed[u]; ok {
		return &ld.RemoteDocument{DocumentURL: u, Document: d}, nil
	}
	if l.net == nil {
		return nil, &UnresolvableError{URL: u}
	}
	l.mu.Lock()
	d, ok := l.fetched[u]
	l.mu.Unlock()
	if ok {
		return &ld.RemoteDocument{DocumentURL: u, Document: d}, nil
	}
	d, err := l.fetch(u)
	if err != nil {
		return nil, &UnresolvableError{URL: u, Err: err}
	}
	l.mu.Lock()
	l.fetched[u] = d
	l.mu.Unlock()
	return &ld.RemoteDocument{DocumentURL: u, Document: d}, nil
}

func (l *Loader) fetch(u string) (any, error) {
	pu, err := url.Parse(u)
	if err != nil {
		return nil, err
	}
	if pu.Scheme != "https" && !(pu.Scheme == "http" && l.net.UnsafeAllowHTTP) {
		return nil, fmt.Errorf("scheme %q is not allowed", pu.Scheme)
	}
	timeout := l.net.Timeout
	if timeout <= 0 {
		timeout = DefaultNetworkTimeout
	}
	client := l.net.Client
	if client == nil {
		client = &http.Client{Timeout: timeout}
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/ld+json, application/json;q=0.9")
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP status %d", resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		mt, _, _ := mime.ParseMediaType(ct)
		if mt != "application/ld+json" && mt != "application/json" && !strings.HasSuffix(mt, "+json") {
			return nil, fmt.Errorf("content type %q is not JSON", mt)
		}
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, l.maxBytes+1))
	if err != nil {
		return nil, err
	}
	return l.decode(u, data)
}
