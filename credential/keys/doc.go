// Package keys holds signing keys and verification methods for credential
// proofs: generation, JWK and Multikey encodings, did:key, and resolution of
// verification methods from controller (DID) documents.
//
// Specifications implemented:
//   - Multikey and controller documents, W3C Controlled Identifiers 1.0:
//     https://www.w3.org/TR/cid-1.0/#Multikey and
//     https://www.w3.org/TR/cid-1.0/#verification-methods
//   - Multibase base58btc ('z'): https://www.w3.org/TR/cid-1.0/#multibase-0
//   - Multicodec key prefixes ed25519-pub 0xed, ed25519-priv 0x1300,
//     p256-pub 0x1200, p384-pub 0x1201, p256-priv 0x1306, p384-priv 0x1307:
//     https://github.com/multiformats/multicodec/blob/master/table.csv
//   - did:key: https://w3c-ccg.github.io/did-key-spec/#document-creation-algorithm
//   - did:web: https://w3c-ccg.github.io/did-method-web/#read-resolve
//   - JSON Web Key: https://www.rfc-editor.org/rfc/rfc7517
//
// Signing always goes through crypto.Signer, so keys held in an HSM or KMS
// work as well as in-memory ones. Resolution is offline unless the caller
// sets Resolver.Fetcher.
package keys
