package ledger

import (
	"fmt"
	"strings"

	"github.com/laurelhq/laurel/credential"
)

// normEmail normalises a recipient address exactly as
// credential.NormalizeEmail does, wrapping its error in ErrInvalid.
func normEmail(s string) (string, error) {
	if r, ok := plainEmail(s); ok {
		return r, nil
	}
	r, err := credential.NormalizeEmail(s)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	return r, nil
}

// maxEmailLen is credential.NormalizeEmail's length limit (RFC 5321 path).
const maxEmailLen = 254

// plainEmail is the fast path of normEmail, for the common address
// local@domain where both parts are dot-atoms of ASCII atext (RFC 5322
// 3.2.3: letters, digits and !#$%&'*+-/=?^_`{|}~, dots only between them).
// For such a string credential.NormalizeEmail has nothing to trim, NFC
// changes no ASCII, and net/mail parses it as a bare addr-spec equal to
// itself, so its result is the lower-cased input. ok is false for anything
// else (white space, quotes, comments, non-ASCII, errors), which then takes
// the full path. TestPlainEmailMatchesNormalizeEmail and FuzzPlainEmail
// check the equivalence.
func plainEmail(s string) (string, bool) {
	if len(s) == 0 || len(s) > maxEmailLen {
		return "", false
	}
	at := -1
	prev := byte('.') // a dot-atom may not start with a dot
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '@':
			if at >= 0 || prev == '.' { // second @, or empty/dot-ended local part
				return "", false
			}
			at = i
			c = '.' // the domain may not start with a dot either
		case c == '.':
			if prev == '.' { // leading or double dot
				return "", false
			}
		case !isAtext(c):
			return "", false
		}
		prev = c
	}
	if at < 0 || prev == '.' { // no @, or empty/dot-ended domain
		return "", false
	}
	return strings.ToLower(s), true
}

// isAtext reports whether c is ASCII atext (RFC 5322 3.2.3), what net/mail
// accepts in an atom besides the dot.
func isAtext(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}
