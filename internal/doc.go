// Package internal holds helpers shared by Laurel's packages that are not part
// of the public API: strict JSON reading (jsonx), RDF Dataset Canonicalization
// (rdfc, https://www.w3.org/TR/rdf-canon/), JSON Canonicalization (jcs,
// RFC 8785) and the locator of the shared specification material used by tests
// (spectest).
package internal
