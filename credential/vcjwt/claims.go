package vcjwt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/laurelhq/laurel/internal/jsonx"
)

// Layout is the way the credential is carried in the JWT claims set.
type Layout int

const (
	// LayoutVC2 puts the credential's members at the top level of the claims
	// set (VC Data Model 2.0 with VC-JOSE-COSE). It is the default.
	LayoutVC2 Layout = iota
	// LayoutVC11 puts the credential in the "vc" claim (VC Data Model 1.1).
	LayoutVC11
)

func (l Layout) String() string {
	switch l {
	case LayoutVC2:
		return "vc2"
	case LayoutVC11:
		return "vc11"
	}
	return "Layout(" + strconv.Itoa(int(l)) + ")"
}

// Claims are the registered JWT claims found in the payload. Times are zero
// when the claim is absent.
type Claims struct {
	Issuer    string    // iss
	Subject   string    // sub
	ID        string    // jti
	NotBefore time.Time // nbf
	Expires   time.Time // exp
	IssuedAt  time.Time // iat
}

// credInfo is what the claim checks need from a credential.
type credInfo struct {
	id, issuer              string
	subjects                []string // ids of the credential subjects that have one
	issuanceDate, validFrom string
	expirationDate, until   string
	isVC                    bool
}

func stringMember(name string, raw []byte) (string, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("%w: %s is not a string", ErrMalformed, name)
	}
	return s, nil
}

// idOf returns a string value, or the "id" member of an object value.
func idOf(name string, raw []byte) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '{' {
		id := ""
		err := jsonx.Members(raw, func(n string, v []byte) error {
			if n != "id" {
				return nil
			}
			s, err := stringMember(name+".id", v)
			id = s
			return err
		})
		return id, err
	}
	return stringMember(name, raw)
}

// readCredential extracts the members the claim checks compare. cred must
// have passed jsonx.Check.
func readCredential(cred []byte) (*credInfo, error) {
	cred = bytes.TrimSpace(cred)
	if len(cred) == 0 || cred[0] != '{' {
		return nil, fmt.Errorf("%w: credential is not a JSON object", ErrMalformed)
	}
	ci := &credInfo{}
	err := jsonx.Members(cred, func(name string, v []byte) error {
		var err error
		switch name {
		case "id":
			ci.id, err = stringMember(name, v)
		case "issuer":
			ci.issuer, err = idOf(name, v)
		case "issuanceDate":
			ci.issuanceDate, err = stringMember(name, v)
		case "validFrom":
			ci.validFrom, err = stringMember(name, v)
		case "expirationDate":
			ci.expirationDate, err = stringMember(name, v)
		case "validUntil":
			ci.until, err = stringMember(name, v)
		case "type":
			ci.isVC, err = hasType(v, "VerifiableCredential")
		case "credentialSubject":
			v = bytes.TrimSpace(v)
			if len(v) > 0 && v[0] == '[' {
				err = jsonx.Elements(v, func(i int, e []byte) error {
					id, err := idOf(fmt.Sprintf("credentialSubject[%d]", i), e)
					if id != "" {
						ci.subjects = append(ci.subjects, id)
					}
					return err
				})
			} else {
				var id string
				id, err = idOf(name, v)
				if id != "" {
					ci.subjects = append(ci.subjects, id)
				}
			}
		}
		return err
	})
	if err != nil {
		return nil, wrapJSON(err)
	}
	return ci, nil
}

func hasType(raw []byte, want string) (bool, error) {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return one == want, nil
	}
	var many []string
	if err := json.Unmarshal(raw, &many); err != nil {
		return false, fmt.Errorf("%w: type is neither a string nor an array of strings", ErrMalformed)
	}
	for _, t := range many {
		if t == want {
			return true, nil
		}
	}
	return false, nil
}

func wrapJSON(err error) error {
	if err == nil {
		return nil
	}
	for _, s := range []error{ErrMalformed, ErrClaimMismatch, ErrLimitExceeded} {
		if errors.Is(err, s) {
			return err
		}
	}
	if errors.Is(err, jsonx.ErrTooLarge) || errors.Is(err, jsonx.ErrTooDeep) {
		return fmt.Errorf("%w: %w", ErrLimitExceeded, err)
	}
	return fmt.Errorf("%w: %w", ErrMalformed, err)
}

// numericDate decodes a JWT NumericDate (RFC 7519 §2).
func numericDate(name string, raw []byte) (time.Time, error) {
	f, err := strconv.ParseFloat(string(bytes.TrimSpace(raw)), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || f < 0 || f > 253402300799 {
		return time.Time{}, fmt.Errorf("%w: %s is not a NumericDate", ErrMalformed, name)
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC(), nil
}

// readClaims reads the registered claims of a payload and, for the VC 1.1
// layout, returns the raw bytes of the "vc" claim.
func readClaims(payload []byte) (c Claims, vc []byte, err error) {
	err = jsonx.Members(payload, func(name string, v []byte) error {
		var err error
		switch name {
		case "iss":
			c.Issuer, err = stringMember(name, v)
		case "sub":
			c.Subject, err = stringMember(name, v)
		case "jti":
			c.ID, err = stringMember(name, v)
		case "nbf":
			c.NotBefore, err = numericDate(name, v)
		case "exp":
			c.Expires, err = numericDate(name, v)
		case "iat":
			c.IssuedAt, err = numericDate(name, v)
		case "vc":
			t := bytes.TrimSpace(v)
			if len(t) == 0 || t[0] != '{' {
				return fmt.Errorf("%w: vc claim is not an object", ErrMalformed)
			}
			vc = t
		}
		return err
	})
	return c, vc, wrapJSON(err)
}

// parseDate reads an XML Schema dateTime with a time zone, as the VC data
// model requires (RFC 3339 profile).
func parseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: %q is not an RFC 3339 date-time", ErrMalformed, s)
	}
	return t, nil
}

// checkClaims verifies that the registered claims agree with the credential.
// A claim that is absent is not compared; a credential member that is absent
// is supplied by the claim (VC 1.1 §6.3.1 decoding rules).
func checkClaims(c Claims, present map[string]bool, ci *credInfo) error {
	if present["iss"] && ci.issuer != "" && c.Issuer != ci.issuer {
		return fmt.Errorf("%w: iss %q but issuer %q", ErrClaimMismatch, c.Issuer, ci.issuer)
	}
	if present["jti"] && ci.id != "" && c.ID != ci.id {
		return fmt.Errorf("%w: jti %q but id %q", ErrClaimMismatch, c.ID, ci.id)
	}
	if present["sub"] && len(ci.subjects) > 0 {
		found := false
		for _, s := range ci.subjects {
			found = found || s == c.Subject
		}
		if !found {
			return fmt.Errorf("%w: sub %q but credentialSubject.id %q", ErrClaimMismatch, c.Subject, ci.subjects[0])
		}
	}
	if present["nbf"] {
		if err := sameSecond("nbf", c.NotBefore, "issuanceDate", ci.issuanceDate, "validFrom", ci.validFrom); err != nil {
			return err
		}
	}
	if present["exp"] {
		if err := sameSecond("exp", c.Expires, "expirationDate", ci.expirationDate, "validUntil", ci.until); err != nil {
			return err
		}
	}
	return nil
}

// sameSecond accepts claim when it equals, to the second, one of the present
// dates; it accepts it too when neither date is present.
func sameSecond(claim string, t time.Time, n1, d1, n2, d2 string) error {
	if d1 == "" && d2 == "" {
		return nil
	}
	for _, d := range []string{d1, d2} {
		if d == "" {
			continue
		}
		dt, err := parseDate(d)
		if err != nil {
			return fmt.Errorf("%w: %s cannot be compared: %w", ErrClaimMismatch, claim, err)
		}
		if dt.Unix() == t.Unix() {
			return nil
		}
	}
	return fmt.Errorf("%w: %s %s does not match %s/%s", ErrClaimMismatch, claim, t.Format(time.RFC3339), n1, n2)
}
