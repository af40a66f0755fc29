// Package jsonld loads and processes the JSON-LD contexts of Verifiable
// Credentials and Open Badges without touching the network.
//
// [NewLoader] returns a json-gold DocumentLoader that serves Laurel's
// bundled contexts from memory — VC v1 and v2, OBI 1.x, OB 2.0 and 2.1,
// OB 3.0.0–3.0.3 and extensions, CLR 2.0, the OB 2.0 and 3.0 extension
// contexts, Data Integrity v1/v2, Multikey, JWK, the Ed25519 2018/2020 and
// JWS 2020 suites, security v1/v2, DID v1, Bitstring Status List,
// StatusList2021 and RevocationList2020 — under every URL alias they are
// published at (see [BundledURLs]). Every other URL is refused with an
// [UnresolvableError] naming it, unless the caller adds the document
// ([Options.Documents], which [ReadIndex] fills from a directory with an
// index file) or opts into the network ([Options.Network]).
//
// The bundled documents are Laurel's own, written in a normal form
// (see internal/ctxgen); a test proves that each one defines exactly the
// same terms as the published context and that expansion and canonical
// N-Quads of every spec example and test vector are byte-identical.
//
// [Processor] expands documents and converts them to RDF. It keeps
// processed contexts — the document's own, and each type- and
// property-scoped context it meets — in memory, within a bound on their
// estimated size ([ProcessorOptions.MaxCacheBytes]), and walks the common
// subset of JSON-LD that credentials use itself, falling back to
// json-gold's expansion for anything else. Differential tests over every
// spec example and thousands of mutated credentials hold both paths to
// byte-identical output. json-gold alone re-processes the large OB 3.0
// context, and each scoped context, for every document.
//
// Specifications:
//   - JSON-LD 1.1 context processing: https://www.w3.org/TR/json-ld11-api/#context-processing-algorithms
//   - JSON-LD 1.1 expansion: https://www.w3.org/TR/json-ld11-api/#expansion-algorithms
//   - Deserialize JSON-LD to RDF: https://www.w3.org/TR/json-ld11-api/#deserialize-json-ld-to-rdf-algorithm
//   - Loading documents (remote contexts): https://www.w3.org/TR/json-ld11-api/#loaddocumentcallback
//   - VC 2.0 contexts: https://www.w3.org/TR/vc-data-model-2.0/#contexts
//   - OB 3.0 context: https://www.imsglobal.org/spec/ob/v3p0/#context-files
package jsonld
