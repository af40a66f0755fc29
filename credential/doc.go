// Package credential is the Open Badges 1.x/2.0/3.0 and W3C Verifiable
// Credentials data model: reading, writing and building badges without
// losing anything a signature covers.
//
// # Models
//
//   - Open Badges 3.0 (https://www.imsglobal.org/spec/ob/v3p0/#data-model,
//     appendix B.1 and B.2): Credential (OpenBadgeCredential /
//     AchievementCredential and EndorsementCredential), Profile, Achievement,
//     AchievementSubject, Result, ResultDescription, RubricCriterionLevel,
//     Evidence, Alignment, Criteria, Image, IdentityObject, Address,
//     IdentifierEntry, CredentialStatus, CredentialSchema, RefreshService,
//     TermsOfUse; the proof is kept as raw JSON. Both VC Data Model 1.1
//     (issuanceDate, expirationDate; https://www.w3.org/TR/vc-data-model/)
//     and 2.0 (validFrom, validUntil; https://www.w3.org/TR/vc-data-model-2.0/)
//     names are read; builders write the 2.0 names.
//   - Open Badges 2.0
//     (https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html):
//     Assertion, BadgeClass, ProfileV2 (Profile/Issuer), IdentityObjectV2,
//     VerificationObject, EvidenceV2, CriteriaV2, AlignmentV2, ImageV2,
//     CryptographicKey, RevocationList, EndorsementV2.
//   - Open Badges 0.5/1.0/1.1 assertions
//     (https://github.com/mozilla/openbadges-specification/blob/master/Assertion/latest.md)
//     are read with ParseAssertion and converted to the 2.0 model in memory
//     by UpgradeOBI1, as the 1EdTech validator does.
//
// Members that may be a string or an object (issuer, badge, image,
// criteria) are Ref values; members that may be one value or an array
// (type, @context, credentialStatus, ...) are OneOrMany values, which
// remember the form that was read.
//
// # Lossless reading
//
// Every ParseXxx function first checks the input strictly (RFC 8259 JSON, no
// duplicate member names at any depth, valid UTF-8 without unpaired surrogate
// escapes, at most ParseOptions.Limits bytes and nesting levels: 1 MiB and 64
// by default) and reports problems as *JSONError with the JSON path, e.g.
// $.credentialSubject.achievement.name. Every model struct embeds Object,
// which keeps the members that have no typed field (extensions and unknown
// terms) in Extra and the original member order, so marshalling a parsed
// document reproduces the same members and values in the same order.
// Numbers without a fixed meaning are json.Number and date-times are kept as
// written (DateTime, Instant), so their text does not change either.
//
// Marshalling does not reproduce the bytes (white space and string escapes
// may differ). Signatures are therefore always verified on the bytes that
// were received, Credential.Raw and Assertion.Raw (an embedded endorsement
// has its own Raw), never on a re-marshalled struct.
//
// # Recipient identity
//
// HashIdentity makes "sha256$" + hex(SHA-256(value + salt)); CheckIdentity
// checks it, and also "md5$…" hashes found in old badges (never made), and
// plain identities. Values are normalised by kind before hashing or
// comparing:
//
//   - email ("email", "emailAddress"): NormalizeEmail — surrounding white
//     space removed, Unicode NFC, the whole address lower-cased; it must be a
//     bare addr-spec with a local part and a domain, at most 254 bytes. Dots
//     and "+tags" are kept (they may name different mailboxes).
//   - url, telephone and every other kind: used exactly as given (no case
//     folding, no E.164 rewriting), because the issuer hashed the value it
//     had and any rewriting could make a different value match.
//
// # Conformance
//
// Validate reports every way an Open Badges 3.0 credential departs from the
// data model (https://www.imsglobal.org/spec/ob/v3p0/#data-model and the
// JSON Schemas published with it, appendix E): missing required members,
// wrong JSON types, missing type values, bad date-times, enumerations and
// URIs, each with its JSON path. Tests prove it agrees with the official
// schemas on every spec example and tens of thousands of mutations.
//
// # Building
//
// NewOpenBadgeCredential builds an unsigned OB 3.0 OpenBadgeCredential with
// the VC 2.0 and OB 3.0.3 contexts, urn:uuid ids and an identifier-based
// (IdentityObject, optionally hashed) or id-based recipient. The clock and id
// generator are injected through IssueRequest.Now and IssueRequest.NewID.
package credential
