// Package verify checks badges and credentials offline and reports every
// check it ran.
//
// A [Verifier] takes bytes — Open Badges 3.0 / Verifiable Credential JSON
// with an embedded Data Integrity proof, VC-JWTs, Open Badges 2.0 and 1.x
// signed and hosted assertions (or a hosted assertion's URL), and PNG and
// SVG images with one of those baked in — and returns a [Result]: the format and version found and
// each check (parse, context, conformance, proof, issuer, validity,
// status, recipient, endorsements) with its [Outcome] and, when it did not
// pass, a [Problem] whose [ProblemType] comes from a documented, stable
// list. A credential that fails is an answer, not an error.
//
// Everything the verifier needs from outside comes through small
// interfaces declared here — [DocumentLoader] for issuer profiles, keys
// and hosted documents, [StatusSource] for status lists — and the default
// is offline: bundled JSON-LD contexts, did:key, and a [DocumentMap] the
// caller fills (the same documents-map file the CLI reads with
// --documents). Nothing touches the network unless the caller's loader
// does.
//
// Status lists are themselves credentials, verified like any other and
// required to come from the credential's issuer; a Verifier remembers the
// ones that verified, by the hash of their bytes, for at most ten minutes
// and never outside their validity ([Config].StatusListCache). An entry
// whose list cannot be fetched or verified is undetermined, which fails
// unless [Config].UnsafeStatusFailOpen. Embedded endorsements
// (endorsement, and the compact endorsementJwt) of the credential, its
// issuer, its achievement and the achievement's creator are each verified
// on their own bytes; one that fails is a warning, listed in
// [Result].Endorsements.
//
// Specifications:
//   - VC Data Model 2.0, validity period: https://www.w3.org/TR/vc-data-model-2.0/#validity-period
//   - VC Data Model 1.1, issuance and expiration dates: https://www.w3.org/TR/vc-data-model-1.1/#issuance-date
//   - VC Data Integrity 1.0, verify proof: https://www.w3.org/TR/vc-data-integrity/#verify-proof
//   - Open Badges 3.0, verification: https://www.imsglobal.org/spec/ob/v3p0/#verification-and-validation
//   - Open Badges 3.0, baked badges: https://www.imsglobal.org/spec/ob/v3p0/#baking
//   - Bitstring Status List 1.0, validation: https://www.w3.org/TR/vc-bitstring-status-list/#validate-algorithm
//   - VC-JOSE-COSE, securing with JOSE: https://www.w3.org/TR/vc-jose-cose/#securing-with-jose
//   - RFC 9457, problem details: https://www.rfc-editor.org/rfc/rfc9457
package verify
