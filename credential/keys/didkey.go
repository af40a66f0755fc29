package keys

import (
	"crypto"
	"crypto/ed25519"
	"fmt"
	"strings"
)

// DIDKey returns the did:key DID (https://w3c-ccg.github.io/did-key-spec/)
// of an Ed25519 (did:key:z6Mk…), P-256 (did:key:zDn…) or P-384 (did:key:z82…)
// public key, and the id of its verification method (DID#multibase).
func DIDKey(pub crypto.PublicKey) (did, keyID string, err error) {
	mb, err := EncodePublicKeyMultibase(pub)
	if err != nil {
		return "", "", err
	}
	did = "did:key:" + mb
	return did, did + "#" + mb, nil
}

// ResolveDIDKey resolves a did:key DID or DID URL offline. A DID URL's
// fragment must be the key's own multibase value.
func ResolveDIDKey(id string) (*VerificationMethod, error) {
	doc, err := DIDKeyDocument(id)
	if err != nil {
		return nil, err
	}
	m := doc.Methods[0]
	if i := strings.IndexByte(id, '#'); i >= 0 && id != m.ID {
		return nil, fmt.Errorf("%w: %s (a did:key has only the method %s)", ErrNotFound, id, m.ID)
	}
	return m, nil
}

// DIDKeyDocument expands a did:key DID (a fragment is ignored) into its DID
// document: one Multikey method listed under every signing relationship.
func DIDKeyDocument(id string) (*ControllerDocument, error) {
	did := id
	if i := strings.IndexByte(did, '#'); i >= 0 {
		did = did[:i]
	}
	mb, ok := strings.CutPrefix(did, "did:key:")
	if !ok || mb == "" || strings.ContainsAny(mb, ":/?") {
		return nil, fmt.Errorf("%w: %q is not a did:key", ErrInvalidDID, id)
	}
	pub, err := DecodePublicKeyMultibase(mb)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrInvalidDID, did, err)
	}
	m := &VerificationMethod{ID: did + "#" + mb, Type: "Multikey", Controller: did, PublicKey: pub}
	doc := &ControllerDocument{ID: did, Methods: []*VerificationMethod{m}, Relationships: map[string][]string{}}
	for _, rel := range []string{AssertionMethod, Authentication, CapabilityInvocation, CapabilityDelegation} {
		doc.Relationships[rel] = []string{m.ID}
	}
	return doc, nil
}

func decodeEd25519Base58(s string) (crypto.PublicKey, error) {
	b, err := DecodeBase58(s)
	if err != nil {
		return nil, err
	}
	if len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("%w: Ed25519 public key of %d bytes", ErrMalformedKey, len(b))
	}
	return ed25519.PublicKey(b), nil
}
