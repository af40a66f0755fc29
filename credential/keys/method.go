package keys

import (
	"crypto"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// VerificationMethod is a public key with the identifiers that bind it to
// its controller (https://www.w3.org/TR/cid-1.0/#verification-methods).
type VerificationMethod struct {
	ID         string
	Type       string // Multikey, JsonWebKey, Ed25519VerificationKey2020, ...
	Controller string
	PublicKey  crypto.PublicKey
}

// Relationship names of a controller document
// (https://www.w3.org/TR/cid-1.0/#verification-relationships).
const (
	AssertionMethod      = "assertionMethod"
	Authentication       = "authentication"
	CapabilityInvocation = "capabilityInvocation"
	CapabilityDelegation = "capabilityDelegation"
	KeyAgreement         = "keyAgreement"
)

var relationshipNames = []string{AssertionMethod, Authentication, CapabilityInvocation, CapabilityDelegation, KeyAgreement}

// ControllerDocument is a DID document or other controlled identifier
// document (https://www.w3.org/TR/cid-1.0/#controlled-identifier-documents).
type ControllerDocument struct {
	ID      string
	Methods []*VerificationMethod
	// Relationships maps a relationship (AssertionMethod, ...) to the
	// absolute ids of the methods listed under it.
	Relationships map[string][]string
}

// Method returns the verification method with the given absolute id.
func (d *ControllerDocument) Method(id string) (*VerificationMethod, bool) {
	for _, m := range d.Methods {
		if m.ID == id {
			return m, true
		}
	}
	return nil, false
}

// HasRelationship reports whether method id is listed under relationship.
func (d *ControllerDocument) HasRelationship(relationship, id string) bool {
	return slices.Contains(d.Relationships[relationship], id)
}

// maxMethods bounds the number of verification methods parsed from one
// document.
const maxMethods = 256

// ParseControllerDocument decodes a controller (DID) document. A document
// that is itself a single verification method (a Multikey document served at
// its own URL) yields one method listed under no relationship.
func ParseControllerDocument(data []byte) (*ControllerDocument, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%w: controller document: %v", ErrMalformedKey, err)
	}
	var id string
	if err := json.Unmarshal(raw["id"], &id); err != nil || id == "" {
		return nil, fmt.Errorf("%w: controller document without a string id", ErrMalformedKey)
	}
	doc := &ControllerDocument{ID: id, Relationships: map[string][]string{}}
	if _, ok := raw["verificationMethod"]; !ok && (raw["publicKeyMultibase"] != nil || raw["publicKeyJwk"] != nil) {
		m, err := parseMethod(id, raw)
		if err != nil {
			return nil, err
		}
		doc.Methods = append(doc.Methods, m)
		return doc, nil
	}
	var vms []map[string]json.RawMessage
	if b, ok := raw["verificationMethod"]; ok {
		if err := json.Unmarshal(b, &vms); err != nil {
			return nil, fmt.Errorf("%w: verificationMethod: %v", ErrMalformedKey, err)
		}
	}
	for _, vm := range vms {
		if err := doc.addMethod(vm); err != nil {
			return nil, err
		}
	}
	for _, rel := range relationshipNames {
		b, ok := raw[rel]
		if !ok {
			continue
		}
		var entries []json.RawMessage
		if err := json.Unmarshal(b, &entries); err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrMalformedKey, rel, err)
		}
		for _, e := range entries {
			var ref string
			if json.Unmarshal(e, &ref) == nil {
				doc.Relationships[rel] = append(doc.Relationships[rel], absoluteID(id, ref))
				continue
			}
			var vm map[string]json.RawMessage
			if err := json.Unmarshal(e, &vm); err != nil {
				return nil, fmt.Errorf("%w: %s entry: %v", ErrMalformedKey, rel, err)
			}
			if err := doc.addMethod(vm); err != nil {
				return nil, err
			}
			doc.Relationships[rel] = append(doc.Relationships[rel], doc.Methods[len(doc.Methods)-1].ID)
		}
	}
	return doc, nil
}

func (d *ControllerDocument) addMethod(vm map[string]json.RawMessage) error {
	if len(d.Methods) >= maxMethods {
		return fmt.Errorf("%w: more than %d verification methods", ErrMalformedKey, maxMethods)
	}
	m, err := parseMethod(d.ID, vm)
	if err != nil {
		return err
	}
	d.Methods = append(d.Methods, m)
	return nil
}

func parseMethod(base string, vm map[string]json.RawMessage) (*VerificationMethod, error) {
	var m struct {
		ID                 string          `json:"id"`
		Type               string          `json:"type"`
		Controller         string          `json:"controller"`
		PublicKeyMultibase string          `json:"publicKeyMultibase"`
		PublicKeyBase58    string          `json:"publicKeyBase58"`
		PublicKeyJwk       json.RawMessage `json:"publicKeyJwk"`
	}
	b, _ := json.Marshal(vm)
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%w: verification method: %v", ErrMalformedKey, err)
	}
	if m.ID == "" {
		return nil, fmt.Errorf("%w: verification method without id", ErrMalformedKey)
	}
	out := &VerificationMethod{ID: absoluteID(base, m.ID), Type: m.Type, Controller: m.Controller}
	if out.Controller == "" {
		out.Controller = base
	}
	var err error
	switch {
	case m.PublicKeyMultibase != "":
		out.PublicKey, err = DecodePublicKeyMultibase(m.PublicKeyMultibase)
	case len(m.PublicKeyJwk) > 0:
		var priv crypto.Signer
		out.PublicKey, priv, _, err = ParseJWK(m.PublicKeyJwk)
		if err == nil && priv != nil {
			return nil, fmt.Errorf("%w: verification method %s publishes a private key", ErrMalformedKey, out.ID)
		}
	case m.PublicKeyBase58 != "" && m.Type == "Ed25519VerificationKey2018":
		out.PublicKey, err = decodeEd25519Base58(m.PublicKeyBase58)
	default:
		return nil, fmt.Errorf("%w: verification method %s has no supported key material", ErrUnsupportedKey, out.ID)
	}
	if err != nil {
		return nil, fmt.Errorf("verification method %s: %w", out.ID, err)
	}
	return out, nil
}

func absoluteID(base, ref string) string {
	if strings.HasPrefix(ref, "#") {
		if i := strings.IndexByte(base, '#'); i >= 0 {
			base = base[:i]
		}
		return base + ref
	}
	return ref
}
