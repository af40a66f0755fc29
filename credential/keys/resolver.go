package keys

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// Fetcher retrieves a document by URL. Resolver uses it only when a caller
// supplies one; without it resolution is offline.
type Fetcher interface {
	Fetch(ctx context.Context, url string) ([]byte, error)
}

// Resolver resolves verification methods and controller documents: did:key
// offline and built in; did:web and HTTPS controller documents from
// Documents, then through Fetcher when one is set. The zero value resolves
// did:key only and never touches the network.
type Resolver struct {
	// Documents maps a DID, a controller URL, or a did:web document URL to
	// the document's JSON.
	Documents map[string][]byte
	// Fetcher, when non-nil, loads documents that are not in Documents.
	Fetcher Fetcher
}

// ResolveMethod returns the verification method with the given id
// (a DID URL or URL with a fragment, or the URL of a single-key document).
func (r *Resolver) ResolveMethod(ctx context.Context, id string) (*VerificationMethod, error) {
	if strings.HasPrefix(id, "did:key:") {
		return ResolveDIDKey(id)
	}
	doc, err := r.ResolveController(ctx, id)
	if err == nil {
		if m, ok := doc.Method(id); ok {
			return m, nil
		}
		err = fmt.Errorf("%w: %s is not in the document of %s", ErrNotFound, id, doc.ID)
	}
	// Not in a controller document at the base URL: the key may have been
	// published on its own, under its full URL, or as a member of a JWK
	// Set (a documents map serves the key whose kid matches the fragment).
	if strings.Contains(id, "#") {
		if m, ok := r.standaloneMethod(ctx, id); ok {
			return m, nil
		}
	}
	return nil, err
}

// standaloneMethod looks id itself up (not its controller document) and
// reads what it finds as a verification method whose id is id, or as a
// public JWK. Its controller is only what the method itself says.
func (r *Resolver) standaloneMethod(ctx context.Context, id string) (*VerificationMethod, bool) {
	data, ok := r.Documents[id]
	if !ok {
		if r.Fetcher == nil {
			return nil, false
		}
		var err error
		if data, err = r.Fetcher.Fetch(ctx, id); err != nil {
			return nil, false
		}
	}
	var raw map[string]json.RawMessage
	if json.Unmarshal(data, &raw) != nil {
		return nil, false
	}
	if _, ok := raw["kty"]; ok {
		pub, priv, _, err := ParseJWK(data)
		if err != nil || priv != nil {
			return nil, false
		}
		return &VerificationMethod{ID: id, Type: "JsonWebKey", PublicKey: pub}, true
	}
	m, err := parseMethod("", raw)
	if err != nil || m.ID != id {
		return nil, false
	}
	return m, true
}

// ResolveController returns the controller document of id (its part before
// any fragment). The document's own id must match.
func (r *Resolver) ResolveController(ctx context.Context, id string) (*ControllerDocument, error) {
	base := id
	if i := strings.IndexByte(base, '#'); i >= 0 {
		base = base[:i]
	}
	if strings.HasPrefix(base, "did:key:") {
		return DIDKeyDocument(base)
	}
	location := base
	switch {
	case strings.HasPrefix(base, "did:web:"):
		u, err := DIDWebURL(base)
		if err != nil {
			return nil, err
		}
		location = u
	case strings.HasPrefix(base, "https://"), strings.HasPrefix(base, "http://"):
	case strings.HasPrefix(base, "did:"):
		return nil, fmt.Errorf("%w: DID method of %s is not supported", ErrNotFound, base)
	default:
		return nil, fmt.Errorf("%w: %q is neither a DID nor an HTTP(S) URL", ErrNotFound, id)
	}
	data, ok := r.Documents[base]
	if !ok {
		data, ok = r.Documents[location]
	}
	if !ok {
		if r.Fetcher == nil {
			return nil, fmt.Errorf("%w: %s (add it to Resolver.Documents)", ErrNetworkDisabled, location)
		}
		var err error
		if data, err = r.Fetcher.Fetch(ctx, location); err != nil {
			return nil, fmt.Errorf("%w: fetching %s: %w", ErrNotFound, location, err)
		}
	}
	doc, err := ParseControllerDocument(data)
	if err != nil {
		return nil, err
	}
	if doc.ID != base {
		return nil, fmt.Errorf("%w: document for %s has id %s", ErrMalformedKey, base, doc.ID)
	}
	return doc, nil
}

// DIDWebURL maps a did:web DID to the HTTPS URL of its DID document
// (https://w3c-ccg.github.io/did-method-web/#read-resolve).
func DIDWebURL(did string) (string, error) {
	rest, ok := strings.CutPrefix(did, "did:web:")
	if !ok || rest == "" {
		return "", fmt.Errorf("%w: %q is not a did:web", ErrInvalidDID, did)
	}
	parts := strings.Split(rest, ":")
	for i, p := range parts {
		s, err := url.PathUnescape(p)
		if err != nil || s == "" || strings.ContainsAny(s, "/?#") && i == 0 {
			return "", fmt.Errorf("%w: did:web segment %q", ErrInvalidDID, p)
		}
		if i > 0 && (s == "." || s == ".." || strings.Contains(s, "/")) {
			return "", fmt.Errorf("%w: did:web path segment %q", ErrInvalidDID, p)
		}
		parts[i] = s
	}
	host := parts[0]
	if len(parts) == 1 {
		return "https://" + host + "/.well-known/did.json", nil
	}
	return "https://" + host + "/" + strings.Join(parts[1:], "/") + "/did.json", nil
}
