// Package ob2jws signs and verifies Open Badges 2.0 signed assertions: an
// Assertion serialized as JSON and secured as a JWS in compact serialization.
//
// Specifications:
//
//   - Open Badges 2.0, Signed Badges:
//     https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html#SignedBadge
//   - Verification objects (type SignedBadge, creator):
//     https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html#VerificationObject
//   - CryptographicKey (owner, publicKeyPem) and the issuer Profile's
//     publicKey: https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html#CryptographicKey
//     and https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html#Profile
//   - Verification of signed badges, steps "Signed Badge Verification":
//     https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html#signed-badge-verification
//   - JWS compact serialization, RFC 7515 §7.1:
//     https://www.rfc-editor.org/rfc/rfc7515#section-7.1
//
// The specification requires RS256; Sign also accepts ECDSA P-256 (ES256)
// and Ed25519 (EdDSA) keys, which Verify accepts only when the caller adds
// them to VerifyOptions.Algorithms.
//
// Verify works offline: every document it needs (the CryptographicKey named
// by verification.creator, the BadgeClass and the issuer Profile) comes from
// the caller's Fetcher, for example an offline documents map. It checks that
// the signature verifies with the key's publicKeyPem, that the key's owner is
// the issuer of the assertion's BadgeClass and that the issuer Profile lists
// the key in publicKey. A failed check is reported in Result, not as a Go
// error, and Result.Payload is the assertion exactly as signed.
//
// Hosted assertions, revocation lists and OBI 1.0 assertions are out of scope
// here; the verify package combines this package with those checks.
package ob2jws
