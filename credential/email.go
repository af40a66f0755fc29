package credential

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// ErrInvalidEmail reports an address that cannot identify a recipient.
var ErrInvalidEmail = errors.New("credential: invalid email address")

// maxEmailLen is the RFC 5321 path limit.
const maxEmailLen = 254

// NormalizeEmail returns the canonical form of an email address used to
// identify a recipient, both for hashed identities and for seat billing.
//
// The rule: surrounding white space is removed, the text is put in Unicode NFC,
// and the whole address is lower-cased. The address must be a bare addr-spec
// (no display name) with a non-empty local part and domain, at most 254 bytes.
// Nothing else is rewritten: dots and "+tags" in the local part are kept,
// because they may name a different mailbox at providers other than Gmail.
// Lower-casing the local part follows what badge platforms do in practice
// (RFC 5321 allows case-sensitive local parts; no major provider uses them).
func NormalizeEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", fmt.Errorf("%w: empty", ErrInvalidEmail)
	}
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("%w: not valid UTF-8", ErrInvalidEmail)
	}
	s = strings.ToLower(norm.NFC.String(s))
	if len(s) > maxEmailLen {
		return "", fmt.Errorf("%w: longer than %d bytes", ErrInvalidEmail, maxEmailLen)
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Name != "" || addr.Address != s {
		return "", fmt.Errorf("%w: %q is not a bare address", ErrInvalidEmail, s)
	}
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return "", fmt.Errorf("%w: %q needs a local part and a domain", ErrInvalidEmail, s)
	}
	return s, nil
}
