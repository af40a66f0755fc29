package status

import "fmt"

// checkRevocationList reads a 1EdTech revocation list: a JSON document
// {"id", "issuer", "revokedCredentials": [{"id", "revocationReason"}]}.
// The list is not a credential and carries no proof; it is trusted as far
// as the channel that delivered it.
func checkRevocationList(e *Entry, data []byte, opts CheckOptions) Result {
	const purpose = PurposeRevocation
	m, err := decodeJSONObject(data, "revocation list")
	if err != nil {
		return undetermined(purpose, err)
	}
	if opts.CredentialID == "" {
		return undetermined(purpose, fmt.Errorf("%w: a revocation list names credentials by id", ErrNoCredentialID))
	}
	if iss := idOf(m["issuer"]); opts.Issuer != "" && iss != "" && iss != opts.Issuer {
		return undetermined(purpose, fmt.Errorf("%w: the revocation list %s is issued by %q, the credential by %q", ErrIssuerMismatch, e.ID, iss, opts.Issuer))
	}
	raw, ok := m["revokedCredentials"]
	if !ok {
		return undetermined(purpose, fmt.Errorf("%w: the revocation list %s has no revokedCredentials", ErrMalformed, e.ID))
	}
	items, ok := raw.([]any)
	if !ok {
		return undetermined(purpose, fmt.Errorf("%w: revokedCredentials of %s is not an array", ErrMalformed, e.ID))
	}
	for i, it := range items {
		obj, _ := it.(map[string]any)
		id, _ := obj["id"].(string)
		if id == "" {
			return undetermined(purpose, fmt.Errorf("%w: revokedCredentials[%d] of %s has no id", ErrMalformed, i, e.ID))
		}
		if id == opts.CredentialID {
			reason, _ := obj["revocationReason"].(string)
			return Result{State: Revoked, Purpose: purpose, Value: 1, Message: reason}
		}
	}
	return Result{State: OK, Purpose: purpose}
}
