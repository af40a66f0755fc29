// Package status issues and checks credential status lists: whether a
// credential has been revoked or suspended by its issuer.
//
// Three status methods are read:
//
//   - W3C Bitstring Status List v1.0 (BitstringStatusListEntry,
//     BitstringStatusListCredential), https://www.w3.org/TR/vc-bitstring-status-list/:
//     the entry §2.1 (https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistentry),
//     the list credential §2.2 (#bitstringstatuslistcredential), the
//     encoding (multibase base64url of GZIP, at least 16KB / 131,072
//     entries) §4.1 (#bitstring-encoding), the validation, generation and
//     expansion algorithms §3.2, §3.3, §3.4 (#validate-algorithm,
//     #bitstring-generation-algorithm, #bitstring-expansion-algorithm),
//     statusSize and statusMessage §2.1, and the status purposes
//     revocation, suspension and message.
//   - StatusList2021 (StatusList2021Entry, StatusList2021Credential), the
//     predecessor, https://www.w3.org/TR/2023/WD-vc-status-list-20230427/
//     §2.1 and §2.2: encodedList is base64 of GZIP without a multibase
//     prefix; both base64 alphabets, padded or not, are accepted, and no
//     minimum length is enforced.
//   - 1EdTech Revocation List (credentialStatus type 1EdTechRevocationList)
//     of Open Badges 3.0, https://www.imsglobal.org/spec/ob/v3p0/#revocation-list
//     and the 1EdTech Revocation List Status Method,
//     https://www.imsglobal.org/spec/vcrl/v1p0/: a JSON document at the
//     entry's id listing revokedCredentials by credential id, each with an
//     optional revocationReason.
//
// For issuers, NewBitstringList, (*List).Set, (*List).Encode,
// BitstringEntry and BitstringListCredential build a list, its entries and
// the unsigned list credential (sign it with package dataintegrity or
// vcjwt).
//
// The package does no I/O: a caller fetches the list (and verifies the
// list credential's proof, validity window and issuer — package verify does
// all of this) and passes the bytes to Check, which answers OK, Revoked,
// Suspended or Undetermined with the reason. Decompression is capped
// (MaxListBytes) so a GZIP bomb is an error, not an allocation.
package status
