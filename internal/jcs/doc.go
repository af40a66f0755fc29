// Package jcs implements the JSON Canonicalization Scheme (JCS) of
// RFC 8785 (https://www.rfc-editor.org/rfc/rfc8785).
//
// Canonical output follows RFC 8785 section 3.2: no whitespace
// (section 3.2.1), strings serialised with the minimal escaping of
// section 3.2.2.2, numbers in the ECMAScript Number.prototype.toString form
// of section 3.2.2.3, and object members sorted by the UTF-16 code units of
// their names (section 3.2.3).
//
// Transform canonicalises JSON text; Marshal canonicalises an already decoded
// value (map[string]any, []any, string, float64, json.Number, bool, nil), so
// callers who decoded a document once can canonicalise parts of it without
// re-parsing.
package jcs
