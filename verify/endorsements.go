package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/laurelhq/laurel/internal/jsonx"
)

// maxNesting bounds credentials inside credentials (endorsements of
// endorsements).
const maxNesting = 2

// maxEndorsements bounds the endorsements verified per credential.
const maxEndorsements = 32

// rawEndorsement is an embedded EndorsementCredential exactly as received.
type rawEndorsement struct {
	path string
	data []byte
}

// member returns the raw bytes of a member of a JSON object.
func member(obj []byte, name string) []byte {
	var out []byte
	_ = jsonx.Members(obj, func(n string, v []byte) error {
		if n == name {
			out = v
		}
		return nil
	})
	return out
}

// endorsementsIn finds the embedded endorsements of an OB 3.0 credential
// (endorsement: EndorsementCredential objects; endorsementJwt: the same as
// compact VC-JWTs) of the credential, of its issuer, of its achievement and
// of the achievement's creator.
func endorsementsIn(data []byte) []rawEndorsement {
	var out []rawEndorsement
	collect := func(obj []byte, path string) {
		_ = jsonx.Elements(valueOf(obj, "endorsement", '['), func(i int, v []byte) error {
			out = append(out, rawEndorsement{path: fmt.Sprintf("%s.endorsement[%d]", path, i), data: v})
			return nil
		})
		_ = jsonx.Elements(valueOf(obj, "endorsementJwt", '['), func(i int, v []byte) error {
			var jwt string
			if json.Unmarshal(v, &jwt) != nil {
				return nil // not a string: the conformance check reports it
			}
			out = append(out, rawEndorsement{path: fmt.Sprintf("%s.endorsementJwt[%d]", path, i), data: []byte(jwt)})
			return nil
		})
	}
	collect(data, "$")
	if iss := valueOf(data, "issuer", '{'); iss != nil {
		collect(iss, "$.issuer")
	}
	if ach := valueOf(valueOf(data, "credentialSubject", '{'), "achievement", '{'); ach != nil {
		collect(ach, "$.credentialSubject.achievement")
		if cr := valueOf(ach, "creator", '{'); cr != nil {
			collect(cr, "$.credentialSubject.achievement.creator")
		}
	}
	return out
}

// valueOf returns member name of obj when it is an object (open '{') or
// an array (open '['), else nil.
func valueOf(obj []byte, name string, open byte) []byte {
	if v := bytes.TrimSpace(member(obj, name)); len(v) > 0 && v[0] == open {
		return v
	}
	return nil
}

// checkEndorsements verifies every embedded EndorsementCredential on its
// own bytes. An endorsement that does not verify is a warning, not a
// failure: the credential stands on its own issuer's proof, and the
// endorsement's own Result (in Result.Endorsements) tells a display to
// leave it out.
func (v *Verifier) checkEndorsements(ctx context.Context, r *Result, data []byte, depth int) {
	found := endorsementsIn(data)
	if len(found) == 0 {
		return
	}
	if depth >= maxNesting {
		r.skip(CheckEndorsements, "endorsements nested deeper than the verifier follows")
		return
	}
	if len(found) > maxEndorsements {
		r.fail(CheckEndorsements, ProblemLimitExceeded, "$", fmt.Sprintf("%d endorsements (at most %d are verified)", len(found), maxEndorsements))
		return
	}
	failed := ""
	for _, e := range found {
		er := v.verify(ctx, e.data, &Options{}, depth+1)
		r.Endorsements = append(r.Endorsements, er)
		if !er.Valid && failed == "" {
			failed = e.path
			if fc := er.Failed(); len(fc) > 0 && fc[0].Problem != nil {
				r.warn(CheckEndorsements, fc[0].Problem.Type, e.path, "endorsement "+e.path+" does not verify: "+fc[0].Name+": "+fc[0].Problem.Detail)
			} else {
				r.warn(CheckEndorsements, ProblemMalformed, e.path, "endorsement "+e.path+" does not verify")
			}
		}
	}
	if failed == "" {
		r.add(Check{Name: CheckEndorsements, Outcome: Pass, Detail: fmt.Sprintf("%d endorsement(s) verified", len(found))})
	}
}
