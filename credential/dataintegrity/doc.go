// Package dataintegrity signs and verifies W3C Data Integrity proofs
// embedded in JSON-LD documents such as Verifiable Credentials and Open
// Badges 3.0.
//
// Algorithms implemented (W3C Verifiable Credential Data Integrity 1.0,
// https://www.w3.org/TR/vc-data-integrity/):
//   - Add Proof: https://www.w3.org/TR/vc-data-integrity/#add-proof
//   - Add Proof Set/Chain: https://www.w3.org/TR/vc-data-integrity/#add-proof-set-chain
//   - Verify Proof: https://www.w3.org/TR/vc-data-integrity/#verify-proof
//   - Verify Proof Sets and Chains: https://www.w3.org/TR/vc-data-integrity/#verify-proof-sets-and-chains
//   - Proof purposes and the controller binding of verification methods:
//     https://www.w3.org/TR/vc-data-integrity/#proof-purposes and
//     https://www.w3.org/TR/vc-data-integrity/#retrieve-verification-method
//
// Cryptosuites:
//   - eddsa-rdfc-2022 (and its legacy name eddsa-2022, verify only):
//     https://www.w3.org/TR/vc-di-eddsa/#eddsa-rdfc-2022
//   - eddsa-jcs-2022: https://www.w3.org/TR/vc-di-eddsa/#eddsa-jcs-2022
//   - Ed25519Signature2020 (legacy proof type, canonicalised with the
//     document's @context in the proof options):
//     https://www.w3.org/TR/vc-di-eddsa/#the-ed25519signature2020-suite
//   - ecdsa-rdfc-2019 with P-256/SHA-256 and P-384/SHA-384 (SHA-384 is used
//     both inside RDFC-1.0 and for hashing):
//     https://www.w3.org/TR/vc-di-ecdsa/#ecdsa-rdfc-2019
//   - ecdsa-jcs-2019: https://www.w3.org/TR/vc-di-ecdsa/#ecdsa-jcs-2019
//
// Canonicalization uses RDF Dataset Canonicalization (RDFC-1.0,
// https://www.w3.org/TR/rdf-canon/) over the JSON-LD dataset, or the JSON
// Canonicalization Scheme (RFC 8785) for the -jcs- suites.
//
// Verify never re-marshals a struct: the bytes given are decoded once and
// each proof is checked against that decoded value with the proof removed.
// A failed check is a result (Report, ProofResult.Err with a sentinel such
// as ErrSignature), not an error. Verification methods other than did:key
// come from the caller's MethodResolver; nothing touches the network unless
// that resolver does.
package dataintegrity
