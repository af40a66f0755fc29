package verify

import (
	"fmt"

	"github.com/laurelhq/laurel/credential"
)

// checkRecipient checks that the credential names email as its recipient:
// an IdentityObject of type emailAddress in credentialSubject.identifier,
// hashed (sha256$, or md5$ for old badges) or plain, compared after the
// email normalisation of credential.NormalizeEmail.
func (v *Verifier) checkRecipient(r *Result, doc map[string]any, email string) {
	if email == "" {
		return
	}
	if _, err := credential.NormalizeEmail(email); err != nil {
		r.fail(CheckRecipient, ProblemMalformed, "", fmt.Sprintf("the recipient to check, %q, is not an email address", email))
		return
	}
	subjects := []any{doc["credentialSubject"]}
	if list, ok := doc["credentialSubject"].([]any); ok {
		subjects = list
	}
	found := 0
	for i, s := range subjects {
		subject, _ := s.(map[string]any)
		ids, _ := subject["identifier"].([]any)
		for j, raw := range ids {
			id, _ := raw.(map[string]any)
			if t, _ := id["identityType"].(string); t != "emailAddress" {
				continue
			}
			found++
			hash, _ := id["identityHash"].(string)
			salt, _ := id["salt"].(string)
			ok, err := credential.CheckIdentity(hash, "emailAddress", email, salt)
			if err != nil {
				path := fmt.Sprintf("$.credentialSubject.identifier[%d].identityHash", j)
				if len(subjects) > 1 {
					path = fmt.Sprintf("$.credentialSubject[%d].identifier[%d].identityHash", i, j)
				}
				r.fail(CheckRecipient, ProblemMalformed, path, err.Error())
				return
			}
			if ok {
				r.add(Check{Name: CheckRecipient, Outcome: Pass, Detail: "issued to " + email})
				return
			}
		}
	}
	if found == 0 {
		r.fail(CheckRecipient, ProblemRecipientMismatch, "$.credentialSubject", "the credential names no email recipient")
		return
	}
	r.fail(CheckRecipient, ProblemRecipientMismatch, "$.credentialSubject.identifier", "the credential was not issued to "+email)
}
