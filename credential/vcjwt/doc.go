// Package vcjwt signs and verifies Verifiable Credentials secured as JSON Web
// Tokens (VC-JWT), the JWT proof format of Open Badges 3.0.
//
// Two payload layouts are in circulation and both are verified:
//
//   - VC 2.0 (LayoutVC2, the default for Sign): the credential's members are
//     the JWT claims set, optionally with the registered claims iss, sub, jti,
//     nbf and exp added next to them; header typ "vc+jwt", cty "vc".
//     W3C Securing Verifiable Credentials using JOSE and COSE,
//     https://www.w3.org/TR/vc-jose-cose/#securing-with-jose and
//     https://www.w3.org/TR/vc-jose-cose/#jose-header-parameters-jwt-claims
//   - VC 1.1 (LayoutVC11): the credential sits in the "vc" claim and iss, sub,
//     jti, nbf and exp restate its issuer, credentialSubject.id, id,
//     issuanceDate and expirationDate.
//     W3C VC Data Model 1.1, https://www.w3.org/TR/vc-data-model-1.1/#json-web-token
//     and https://www.w3.org/TR/vc-data-model-1.1/#jwt-encoding
//
// Open Badges 3.0 uses either layout with a "jwk" or "kid" header:
// https://www.imsglobal.org/spec/ob/v3p0/#jwt-proof-format and
// https://www.imsglobal.org/spec/ob/v3p0/#jwt-proof-format-verify (JOSE header
// https://www.imsglobal.org/spec/ob/v3p0/#joseheader).
//
// Verification is offline and strict:
//
//   - the input is size-capped and the header, payload and every JSON value
//     are read with a strict parser (no duplicate members, valid UTF-8);
//   - "alg" must be in an allow-list (by default EdDSA, ES256, ES384 and RS256);
//     "none" and HMAC are never accepted, and the algorithm must match the
//     type of the key (RFC 8725 §3.1 and §3.2,
//     https://www.rfc-editor.org/rfc/rfc8725#section-3.1);
//   - the key comes from the "jwk" header (refused when it holds a private
//     part) or from "kid": did:key identifiers are resolved offline with
//     package keys, anything else through the caller's KeyResolver;
//   - iss, sub, jti, nbf and exp must agree with the credential's issuer id,
//     credentialSubject.id, id, issuanceDate/validFrom and
//     expirationDate/validUntil.
//
// A credential that fails a check is reported in Result (Verified false, Err
// one of the sentinel errors), not as a Go error. The validity window itself
// (is exp in the past?) is left to the caller, which owns the clock; Result
// carries the claims for that.
//
// Result.Payload and Result.Credential are sub-slices of the verified bytes,
// never re-marshalled, so what a caller displays is exactly what was signed.
package vcjwt
