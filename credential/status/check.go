package status

import (
	"fmt"
	"time"
)

// State is the answer of a status check.
type State int

// States. The zero value is Undetermined, so a Result nobody filled in
// never reads as OK.
const (
	// Undetermined: the status could not be established (Result.Err says
	// why). A careful verifier treats it as a failure.
	Undetermined State = iota
	// OK: the list says the credential is neither revoked nor suspended
	// (a "message" or "refresh" status is OK, with Result.Message).
	OK
	// Revoked: the issuer has revoked the credential.
	Revoked
	// Suspended: the issuer has suspended the credential.
	Suspended
)

func (s State) String() string {
	switch s {
	case OK:
		return "ok"
	case Revoked:
		return "revoked"
	case Suspended:
		return "suspended"
	}
	return "undetermined"
}

// Result is the status of one credentialStatus entry.
type Result struct {
	State State
	// Purpose is the entry's statusPurpose ("revocation" for revocation
	// lists).
	Purpose string
	// Value is the status read from a bitstring (0 or 1 for one-bit
	// entries).
	Value uint64
	// Message is the statusMessage for Value, or the revocationReason of a
	// revocation list.
	Message string
	// Err says why the state is Undetermined; nil otherwise.
	Err error
}

func undetermined(purpose string, err error) Result {
	return Result{State: Undetermined, Purpose: purpose, Err: err}
}

// CheckOptions say what Check needs beyond the entry and the list.
type CheckOptions struct {
	// CredentialID is the id of the credential being checked; a 1EdTech
	// revocation list names revoked credentials by id.
	CredentialID string
	// Issuer, when set, is the credential's issuer: the list must name the
	// same issuer.
	Issuer string
	// Now, when non-zero, is the time at which the list credential must be
	// within its validFrom/validUntil window. Callers that verified the list
	// credential already (as package verify does) leave it zero.
	Now time.Time
	// MaxBytes caps the decompressed bitstring; zero means
	// DefaultMaxListBytes.
	MaxBytes int
}

// maxDocBytes bounds the list document itself: base64 of a bitstring that
// does not compress, plus room for the rest of the credential.
func (o CheckOptions) maxDocBytes() int {
	m := o.MaxBytes
	if m <= 0 {
		m = DefaultMaxListBytes
	}
	return m*2 + 1<<20
}

// Check reads the status of entry e from list: the status list credential
// at e.StatusListCredential for Bitstring Status List and StatusList2021
// entries, or the revocation list document at e.ID for 1EdTech entries.
// The caller has fetched the list and — for list credentials — verified
// its proof; Check does no I/O.
func Check(e *Entry, list []byte, opts CheckOptions) Result {
	if e == nil {
		return undetermined("", fmt.Errorf("%w: no entry", ErrMalformed))
	}
	if len(list) > opts.maxDocBytes() {
		return undetermined(e.StatusPurpose, fmt.Errorf("%w: the list is %d bytes, over %d", ErrTooLarge, len(list), opts.maxDocBytes()))
	}
	if e.Type == Type1EdTechRevocationList {
		return checkRevocationList(e, list, opts)
	}
	return checkBitstring(e, list, opts)
}

// checkBitstring follows the Bitstring Status List validation algorithm
// (§3.2), also for StatusList2021, which differs in names, in the
// encoding prefix and in having no minimum length.
func checkBitstring(e *Entry, data []byte, opts CheckOptions) Result {
	purpose := e.StatusPurpose
	index, size, err := e.position()
	if err != nil {
		return undetermined(purpose, err)
	}
	legacy := e.Type == TypeStatusList2021Entry
	wantCred, wantSubject := TypeBitstringCredential, TypeBitstringList
	if legacy {
		wantCred, wantSubject = TypeStatusList2021Credential, TypeStatusList2021
	}
	lc, err := parseListCredential(data)
	if err != nil {
		return undetermined(purpose, err)
	}
	if !contains(lc.types, wantCred, false) {
		return undetermined(purpose, fmt.Errorf("%w: a %s needs a %s, the list's type is %v", ErrPurposeMismatch, e.Type, wantCred, lc.types))
	}
	if opts.Issuer != "" && lc.issuer != opts.Issuer {
		return undetermined(purpose, fmt.Errorf("%w: the list is issued by %q, the credential by %q", ErrIssuerMismatch, lc.issuer, opts.Issuer))
	}
	if !opts.Now.IsZero() {
		switch {
		case !lc.from.IsZero() && opts.Now.Before(lc.from):
			return undetermined(purpose, fmt.Errorf("%w: the list is valid from %s", ErrListValidity, lc.from.Format(time.RFC3339)))
		case !lc.until.IsZero() && !opts.Now.Before(lc.until):
			return undetermined(purpose, fmt.Errorf("%w: the list expired at %s", ErrListValidity, lc.until.Format(time.RFC3339)))
		}
	}
	var subject map[string]any
	for _, s := range lc.subjects {
		if contains(stringList(s["type"]), wantSubject, false) {
			subject = s
			break
		}
	}
	if subject == nil {
		return undetermined(purpose, fmt.Errorf("%w: the list credential has no credentialSubject of type %s", ErrMalformed, wantSubject))
	}
	// StatusList2021 lists in the wild capitalise purposes ("Revocation").
	if !contains(stringList(subject["statusPurpose"]), purpose, legacy) {
		return undetermined(purpose, fmt.Errorf("%w: the entry's statusPurpose is %q, the list's %v", ErrPurposeMismatch, purpose, stringList(subject["statusPurpose"])))
	}
	encoded, ok := subject["encodedList"].(string)
	if !ok {
		return undetermined(purpose, fmt.Errorf("%w: the list has no encodedList string", ErrMalformed))
	}
	dopts := DecodeOptions{StatusSize: size, MaxBytes: opts.MaxBytes}
	if !legacy {
		dopts.MinEntries = MinEntries
	}
	list, err := DecodeList(encoded, dopts)
	if err != nil {
		return undetermined(purpose, err)
	}
	if index >= uint64(list.Len()) {
		return undetermined(purpose, fmt.Errorf("%w: statusListIndex %d, the list has %d entries", ErrOutOfRange, index, list.Len()))
	}
	value, err := list.Value(int(index))
	if err != nil {
		return undetermined(purpose, err)
	}
	return interpret(e, purpose, value)
}

// interpret turns a status value into a State according to the purpose.
func interpret(e *Entry, purpose string, value uint64) Result {
	r := Result{State: OK, Purpose: purpose, Value: value, Message: e.message(value)}
	if value == 0 {
		return r
	}
	switch {
	case equalFold(purpose, PurposeRevocation):
		r.State = Revoked
	case equalFold(purpose, PurposeSuspension):
		r.State = Suspended
	case purpose == PurposeMessage:
	case purpose == PurposeRefresh:
		if r.Message == "" {
			r.Message = "the issuer offers a refreshed credential"
		}
	default:
		r.State = Undetermined
		r.Err = fmt.Errorf("%w: status %#x is set for purpose %q, which this package cannot interpret", ErrUnsupported, value, purpose)
	}
	return r
}
