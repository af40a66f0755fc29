package status

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Credential and list types.
const (
	TypeBitstringCredential      = "BitstringStatusListCredential"
	TypeBitstringList            = "BitstringStatusList"
	TypeStatusList2021Credential = "StatusList2021Credential"
	TypeStatusList2021           = "StatusList2021"
)

// contextV2 is the VC 2.0 context, which defines the Bitstring Status List
// terms itself.
const contextV2 = "https://www.w3.org/ns/credentials/v2"

// BitstringListCredential returns the unsigned BitstringStatusListCredential
// (§2.2) publishing list at id for purpose: ready to be signed (package
// dataintegrity or vcjwt) and served at id. issuer must be the issuer of
// the credentials whose entries point at the list.
func BitstringListCredential(id, issuer, purpose string, list *List, validFrom time.Time) ([]byte, error) {
	if id == "" || issuer == "" || purpose == "" {
		return nil, fmt.Errorf("%w: a list credential needs an id, an issuer and a statusPurpose", ErrMalformed)
	}
	if list == nil {
		return nil, fmt.Errorf("%w: no list", ErrMalformed)
	}
	encoded, err := list.Encode()
	if err != nil {
		return nil, err
	}
	type subject struct {
		ID            string `json:"id"`
		Type          string `json:"type"`
		StatusPurpose string `json:"statusPurpose"`
		EncodedList   string `json:"encodedList"`
	}
	cred := struct {
		Context           []string `json:"@context"`
		ID                string   `json:"id"`
		Type              []string `json:"type"`
		Issuer            string   `json:"issuer"`
		ValidFrom         string   `json:"validFrom,omitempty"`
		CredentialSubject subject  `json:"credentialSubject"`
	}{
		Context: []string{contextV2},
		ID:      id,
		Type:    []string{"VerifiableCredential", TypeBitstringCredential},
		Issuer:  issuer,
		CredentialSubject: subject{
			ID: id + "#list", Type: TypeBitstringList, StatusPurpose: purpose, EncodedList: encoded,
		},
	}
	if !validFrom.IsZero() {
		cred.ValidFrom = validFrom.UTC().Format(time.RFC3339)
	}
	return json.MarshalIndent(cred, "", "  ")
}

// listCredential is what Check reads from a status list credential.
type listCredential struct {
	types    []string
	issuer   string
	from     time.Time
	until    time.Time
	subjects []map[string]any
}

func decodeJSONObject(data []byte, what string) (map[string]any, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil || m == nil {
		return nil, fmt.Errorf("%w: the %s is not a JSON object", ErrMalformed, what)
	}
	return m, nil
}

func parseListCredential(data []byte) (*listCredential, error) {
	m, err := decodeJSONObject(data, "status list credential")
	if err != nil {
		return nil, err
	}
	lc := &listCredential{types: stringList(m["type"]), issuer: idOf(m["issuer"])}
	for _, f := range []struct {
		names []string
		dst   *time.Time
	}{{[]string{"validFrom", "issuanceDate"}, &lc.from}, {[]string{"validUntil", "expirationDate"}, &lc.until}} {
		for _, n := range f.names {
			if raw, ok := m[n]; ok {
				s, _ := raw.(string)
				t, err := time.Parse(time.RFC3339Nano, s)
				if err != nil {
					return nil, fmt.Errorf("%w: the status list credential's %s is not an RFC 3339 date-time", ErrMalformed, n)
				}
				*f.dst = t
				break
			}
		}
	}
	switch s := m["credentialSubject"].(type) {
	case map[string]any:
		lc.subjects = []map[string]any{s}
	case []any:
		for _, e := range s {
			if o, ok := e.(map[string]any); ok {
				lc.subjects = append(lc.subjects, o)
			}
		}
	}
	if len(lc.subjects) == 0 {
		return nil, fmt.Errorf("%w: the status list credential has no credentialSubject object", ErrMalformed)
	}
	return lc, nil
}

// stringList reads a JSON string or array of strings.
func stringList(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// idOf reads an id given as a string or as an object's "id".
func idOf(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case map[string]any:
		s, _ := t["id"].(string)
		return s
	}
	return ""
}

func contains(list []string, s string, fold bool) bool {
	for _, e := range list {
		if e == s || fold && equalFold(e, s) {
			return true
		}
	}
	return false
}

// equalFold is ASCII case folding, enough for purpose and type names.
func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
