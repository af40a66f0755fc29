package verify

import (
	"bytes"
	"context"
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

// endorsementsIn finds the embedded endorsements of an OB 3.0 credential:
// of the credential, of its issuer, and of its achievement.
func endorsementsIn(data []byte) []rawEndorsement {
	var out []rawEndorsement
	collect := func(obj []byte, path string) {
		arr := bytes.TrimSpace(member(obj, "endorsement"))
		if len(arr) == 0 || arr[0] != '[' {
			return
		}
		_ = jsonx.Elements(arr, func(i int, v []byte) error {
			out = append(out, rawEndorsement{path: fmt.Sprintf("%s.endorsement[%d]", path, i), data: v})
			return nil
		})
	}
	collect(data, "$")
	if iss := bytes.TrimSpace(member(data, "issuer")); len(iss) > 0 && iss[0] == '{' {
		collect(iss, "$.issuer")
	}
	if subj := bytes.TrimSpace(member(data, "credentialSubject")); len(subj) > 0 && subj[0] == '{' {
		if ach := bytes.TrimSpace(member(subj, "achievement")); len(ach) > 0 && ach[0] == '{' {
			collect(ach, "$.credentialSubject.achievement")
		}
	}
	return out
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
