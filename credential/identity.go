package credential

import (
	"crypto/md5"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"strings"
)

// Identity kinds understood by HashIdentity and CheckIdentity. Open Badges
// 2.0 names them "email", "url" and "telephone"; Open Badges 3.0
// IdentityObject.identityType uses "emailAddress" for email (other OB 3.0
// identifier types are hashed as given, like url).
const (
	KindEmail        = "email"
	KindEmailAddress = "emailAddress"
	KindURL          = "url"
	KindTelephone    = "telephone"
)

// normalizeIdentity applies the normalisation rule of kind: NormalizeEmail
// for email kinds, none for the others (url, telephone and OB 3.0 identifier
// types are hashed exactly as given).
func normalizeIdentity(kind, value string) (string, error) {
	if kind == "" {
		return "", fmt.Errorf("%w: empty identity kind", ErrIdentity)
	}
	if value == "" {
		return "", fmt.Errorf("%w: empty %s", ErrIdentity, kind)
	}
	if kind == KindEmail || kind == KindEmailAddress {
		n, err := NormalizeEmail(value)
		if err != nil {
			return "", fmt.Errorf("%w: %w", ErrIdentity, err)
		}
		return n, nil
	}
	return value, nil
}

// HashIdentity returns the hashed identity "sha256$" + hex(SHA-256(v + salt))
// where v is value normalised for kind (emails with NormalizeEmail; url,
// telephone and other kinds exactly as given). This is the format of
// IdentityObject.identityHash (OB 3.0 §B.1.14) and of the Open Badges 2.0
// recipient "identity". An empty salt is allowed (the spec allows it) but a
// random salt per recipient is strongly recommended.
func HashIdentity(kind, value, salt string) (string, error) {
	v, err := normalizeIdentity(kind, value)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(v + salt))
	return "sha256$" + hex.EncodeToString(sum[:]), nil
}

// CheckIdentity reports whether identity (as written in a credential) names
// value of the given kind. identity is either a hash, "sha256$<64 hex>" or,
// for old badges, "md5$<32 hex>" (checked, never made), computed over the
// normalised value followed by salt; or a plain identity, compared after
// normalising both sides. Hex digits are compared case-insensitively and in
// constant time.
func CheckIdentity(identity, kind, value, salt string) (bool, error) {
	v, err := normalizeIdentity(kind, value)
	if err != nil {
		return false, err
	}
	if alg, digest, ok := splitHash(identity); ok {
		var sum []byte
		switch alg {
		case "sha256":
			s := sha256.Sum256([]byte(v + salt))
			sum = s[:]
		case "md5":
			s := md5.Sum([]byte(v + salt))
			sum = s[:]
		}
		return subtle.ConstantTimeCompare(sum, digest) == 1, nil
	}
	if strings.HasPrefix(identity, "sha256$") || strings.HasPrefix(identity, "md5$") {
		return false, fmt.Errorf("%w: malformed hash %q", ErrIdentity, identity)
	}
	other, err := normalizeIdentity(kind, identity)
	if err != nil {
		return false, nil // a plain identity that is not even valid cannot match
	}
	return other == v, nil
}

// splitHash recognises "sha256$<64 hex>" and "md5$<32 hex>" (any case).
func splitHash(s string) (alg string, digest []byte, ok bool) {
	alg, h, found := strings.Cut(s, "$")
	if !found {
		return "", nil, false
	}
	alg = strings.ToLower(alg)
	want := map[string]int{"sha256": sha256.Size, "md5": md5.Size}[alg]
	if want == 0 || len(h) != 2*want {
		return "", nil, false
	}
	d, err := hex.DecodeString(h)
	if err != nil {
		return "", nil, false
	}
	return alg, d, true
}

// Matches reports whether the Open Badges 3.0 identity object names value,
// using its identityType, hashed flag and salt (see CheckIdentity). A hashed
// object whose identityHash is not a recognised hash is an error.
func (o *IdentityObject) Matches(value string) (bool, error) {
	if o.Hashed {
		if _, _, ok := splitHash(o.IdentityHash); !ok {
			return false, fmt.Errorf("%w: identityHash %q is not sha256$… or md5$…", ErrIdentity, o.IdentityHash)
		}
	}
	if !o.Hashed {
		v, err := normalizeIdentity(o.IdentityType, value)
		if err != nil {
			return false, err
		}
		stored, err := normalizeIdentity(o.IdentityType, o.IdentityHash)
		return err == nil && stored == v, nil
	}
	return CheckIdentity(o.IdentityHash, o.IdentityType, value, o.Salt)
}

// Matches reports whether the Open Badges 2.0 recipient names value, using
// its type, hashed flag and salt (see CheckIdentity).
func (o *IdentityObjectV2) Matches(value string) (bool, error) {
	if !o.Hashed {
		v, err := normalizeIdentity(o.Type, value)
		if err != nil {
			return false, err
		}
		stored, err := normalizeIdentity(o.Type, o.Identity)
		return err == nil && stored == v, nil
	}
	if _, _, ok := splitHash(o.Identity); !ok {
		return false, fmt.Errorf("%w: identity %q is not sha256$… or md5$…", ErrIdentity, o.Identity)
	}
	return CheckIdentity(o.Identity, o.Type, value, o.Salt)
}
