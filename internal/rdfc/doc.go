// Package rdfc implements W3C RDF Dataset Canonicalization, RDFC-1.0
// (https://www.w3.org/TR/rdf-canon/), the canonicalization behind the
// eddsa-rdfc-2022 and ecdsa-rdfc-2019 Data Integrity cryptosuites.
//
// It provides:
//
//   - Term, Quad and Dataset, a small RDF data model;
//   - ParseNQuads, an N-Quads reader (https://www.w3.org/TR/n-quads/,
//     grammar in section 5 "Grammar") with ECHAR/UCHAR escapes and errors
//     that name the line and column;
//   - FromJSONLD, conversion of a json-gold dataset (the result of JSON-LD
//     toRDF);
//   - Canonicalize, the canonicalization algorithm
//     (https://www.w3.org/TR/rdf-canon/#canon-algorithm, section 4.4) with
//     Hash First Degree Quads (section 4.6), Hash Related Blank Node (section
//     4.7) and Hash N-Degree Quads (section 4.8), using SHA-256 or SHA-384
//     (section 4.2, "the hash algorithm"), and serialization in canonical
//     N-Quads (section 4.4.3 step 6 and RDF 1.1 N-Quads section 4,
//     "Canonical N-Quads");
//   - IssuedIdentifiers, the issued identifiers map (section 4.4.3 step 7).
//
// Work is bounded as section 4.8 and the security considerations
// (https://www.w3.org/TR/rdf-canon/#security-considerations,
// "dataset poisoning") recommend: Options.MaxWork limits the calls of Hash
// N-Degree Quads and the permutations it examines, and the context's
// cancellation is honored inside the algorithm. A dataset needing more
// fails with ErrLimitExceeded.
//
// The package keeps no global state and is safe for concurrent use.
package rdfc
