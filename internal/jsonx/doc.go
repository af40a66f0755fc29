// Package jsonx is a strict reader for untrusted JSON (RFC 8259,
// https://www.rfc-editor.org/rfc/rfc8259).
//
// encoding/json accepts documents that are ambiguous for signed credentials:
// an object with the same member twice (the last one wins, RFC 8259 §4 leaves
// the behaviour undefined), invalid UTF-8 and lone UTF-16 surrogate escapes
// (silently replaced by U+FFFD, RFC 8259 §8.2), and it has no size limit. Two
// byte strings that differ only in such ways would decode to the same value,
// so a verifier and a display could disagree about what was signed. Check
// rejects all of them before any decoding:
//
//   - syntax errors, a byte order mark, trailing data (ErrSyntax);
//   - a repeated member name in any object at any depth, compared after
//     unescaping, so "a" and "\u0061" are the same name (ErrDuplicateKey);
//   - invalid UTF-8 inside strings and member names, and \u escapes that
//     encode a lone (unpaired) UTF-16 surrogate (ErrInvalidUTF8); outside
//     strings any non-ASCII byte is a syntax error;
//   - input longer than Limits.MaxBytes, default 1 MiB (ErrTooLarge);
//   - arrays and objects nested deeper than Limits.MaxDepth, default 64
//     (ErrTooDeep).
//
// Every error is an *Error carrying the JSON path of the offending value (for
// example $.credentialSubject.achievement.name or $.proof[0]) and its byte
// offset. Decode is Check followed by json.Unmarshal.
package jsonx
