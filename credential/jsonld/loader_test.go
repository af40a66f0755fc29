package jsonld

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

// roundTripper answers requests in memory: tests never touch a network.
type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func response(status int, contentType, body string) *http.Response {
	h := http.Header{}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body))}
}

const extraContext = `{"@context": {"shoeSize": {"@id": "https://example.com/vocab#shoeSize", "@type": "http://www.w3.org/2001/XMLSchema#integer"}}}`

func TestLoader(t *testing.T) {
	var fetched []string
	client := &http.Client{Transport: roundTripper(func(r *http.Request) (*http.Response, error) {
		fetched = append(fetched, r.URL.String())
		switch r.URL.Path {
		case "/ok":
			return response(200, "application/ld+json", extraContext), nil
		case "/html":
			return response(200, "text/html", "<html>"), nil
		case "/big":
			return response(200, "application/json", `{"@context":{"a":"`+strings.Repeat("x", 2048)+`"}}`), nil
		}
		return response(404, "", ""), nil
	})}
	tests := []struct {
		name    string
		opts    Options
		url     string
		wantErr error
		fetches int
	}{
		{"bundled", Options{}, "https://www.w3.org/ns/credentials/v2", nil, 0},
		{"bundled alias", Options{}, "https://w3id.org/openbadges/v2", nil, 0},
		{"unknown offline", Options{}, "https://example.com/ok", ErrUnresolvable, 0},
		{"caller document", Options{Documents: map[string][]byte{"https://example.com/ctx": []byte(extraContext)}}, "https://example.com/ctx", nil, 0},
		{"caller document wins over network", Options{Documents: map[string][]byte{"https://example.com/ok": []byte(extraContext)}, Network: &NetworkOptions{Client: client}}, "https://example.com/ok", nil, 0},
		{"network opt-in", Options{Network: &NetworkOptions{Client: client}}, "https://example.com/ok", nil, 1},
		{"network 404", Options{Network: &NetworkOptions{Client: client}}, "https://example.com/missing", ErrUnresolvable, 1},
		{"network not JSON", Options{Network: &NetworkOptions{Client: client}}, "https://example.com/html", ErrUnresolvable, 1},
		{"network too big", Options{MaxDocumentBytes: 1024, Network: &NetworkOptions{Client: client}}, "https://example.com/big", ErrLimitExceeded, 1},
		{"plain http refused", Options{Network: &NetworkOptions{Client: client}}, "http://example.com/ok", ErrUnresolvable, 0},
		{"plain http when unsafe allowed", Options{Network: &NetworkOptions{Client: client, UnsafeAllowHTTP: true}}, "http://example.com/ok", nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fetched = nil
			l := mustLoader(t, tt.opts)
			rd, err := l.LoadDocument(tt.url)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				var ue *UnresolvableError
				if !errors.As(err, &ue) || ue.URL != tt.url {
					t.Errorf("error does not name %s: %v", tt.url, err)
				}
			} else if _, ok := rd.Document.(map[string]any)["@context"]; !ok {
				t.Errorf("document without @context: %v", rd.Document)
			}
			if len(fetched) != tt.fetches {
				t.Errorf("fetched %v, want %d requests", fetched, tt.fetches)
			}
			if err == nil && tt.fetches > 0 {
				// A second load is served from memory.
				if _, err := l.LoadDocument(tt.url); err != nil || len(fetched) != tt.fetches {
					t.Errorf("second load: %v, %d requests", err, len(fetched))
				}
			}
		})
	}
}

func TestNewLoaderRejectsBadDocuments(t *testing.T) {
	for name, opts := range map[string]Options{
		"not JSON":     {Documents: map[string][]byte{"https://example.com/a": []byte("{")}},
		"not object":   {Documents: map[string][]byte{"https://example.com/a": []byte("[]")}},
		"relative URL": {Documents: map[string][]byte{"ctx.json": []byte(extraContext)}},
		"too big":      {MaxDocumentBytes: 10, Documents: map[string][]byte{"https://example.com/a": []byte(extraContext)}},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := NewLoader(opts); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

func TestProcessorErrors(t *testing.T) {
	proc := NewProcessor(mustLoader(t, Options{}), ProcessorOptions{})
	tests := []struct {
		name string
		doc  map[string]any
		want error
	}{
		{"protected term redefined", map[string]any{
			"@context": []any{"https://www.w3.org/ns/credentials/v2", map[string]any{"type": "https://example.com/type"}},
			"type":     "VerifiableCredential",
		}, ErrProtectedTermRedefinition},
		{"invalid local context", map[string]any{"@context": 42.0}, ErrInvalidContext},
		{"unknown remote context", map[string]any{"@context": "https://example.com/x"}, ErrUnresolvable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := proc.Expand(context.Background(), tt.doc)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestProcessorHonoursCancellation(t *testing.T) {
	proc := NewProcessor(mustLoader(t, Options{}), ProcessorOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := proc.Expand(ctx, map[string]any{"@context": "https://www.w3.org/ns/credentials/v2"}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}
