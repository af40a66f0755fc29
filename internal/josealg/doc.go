// Package josealg holds what the JWS-based packages (credential/vcjwt,
// credential/ob2jws) share about JOSE signature algorithms: which are
// supported, which key fits which algorithm, and how to sign a JWS signing
// input with a crypto.Signer.
//
// Specifications: RFC 7518 §3 (https://www.rfc-editor.org/rfc/rfc7518#section-3),
// RFC 8037 §3.1 (EdDSA), RFC 8725 §3.1 (algorithm verification).
package josealg
