package status

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// credentialStatus types.
const (
	TypeBitstringEntry        = "BitstringStatusListEntry"
	TypeStatusList2021Entry   = "StatusList2021Entry"
	Type1EdTechRevocationList = "1EdTechRevocationList"
)

// Status purposes (§2.1 statusPurpose). Other values are carried through
// and reported as Undetermined when their status is set.
const (
	PurposeRevocation = "revocation"
	PurposeSuspension = "suspension"
	PurposeMessage    = "message"
	PurposeRefresh    = "refresh"
)

// maxIndex bounds statusListIndex; no list is that long under any
// sensible MaxBytes, and the bound keeps index arithmetic far from overflow.
const maxIndex = 1 << 40

// StatusMessage is one member of statusMessage: the message for a status
// value given as a hex string ("0x0", "0x1", ...).
type StatusMessage struct {
	Status  string `json:"status"`
	Message string `json:"message"`
}

// Entry is a credentialStatus entry. Marshalled, it is the entry as a
// credential carries it; the fields that do not apply to Type are empty.
type Entry struct {
	ID                   string          `json:"id,omitempty"`
	Type                 string          `json:"type"`
	StatusPurpose        string          `json:"statusPurpose,omitempty"`
	StatusListIndex      string          `json:"statusListIndex,omitempty"`
	StatusListCredential string          `json:"statusListCredential,omitempty"`
	StatusSize           int             `json:"statusSize,omitempty"` // zero means 1
	StatusMessage        []StatusMessage `json:"statusMessage,omitempty"`
}

// BitstringEntry returns the BitstringStatusListEntry for entry index of
// the list credential at listCredential: its id is listCredential#index.
func BitstringEntry(listCredential string, index int, purpose string) Entry {
	i := strconv.Itoa(index)
	return Entry{
		ID:                   listCredential + "#" + i,
		Type:                 TypeBitstringEntry,
		StatusPurpose:        purpose,
		StatusListIndex:      i,
		StatusListCredential: listCredential,
	}
}

// ListURL is where the list is published: statusListCredential, or for a
// 1EdTech revocation list the entry's id.
func (e *Entry) ListURL() string {
	if e.Type == Type1EdTechRevocationList {
		return e.ID
	}
	return e.StatusListCredential
}

// ParseEntry reads one credentialStatus entry and checks the members its
// type requires. Some issuers write statusListIndex and statusSize as JSON
// numbers; both forms are accepted.
func ParseEntry(data []byte) (*Entry, error) {
	var m map[string]json.RawMessage
	d := json.NewDecoder(bytes.NewReader(data))
	if err := d.Decode(&m); err != nil || m == nil {
		return nil, fmt.Errorf("%w: credentialStatus is not a JSON object", ErrMalformed)
	}
	e := &Entry{}
	str := func(name string) (string, error) {
		raw, ok := m[name]
		if !ok {
			return "", nil
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", fmt.Errorf("%w: credentialStatus.%s is not a string", ErrMalformed, name)
		}
		return s, nil
	}
	var err error
	if e.Type, err = entryType(m["type"]); err != nil {
		return nil, err
	}
	if e.ID, err = str("id"); err != nil {
		return nil, err
	}
	if e.Type == Type1EdTechRevocationList {
		if e.ID == "" {
			return nil, fmt.Errorf("%w: a 1EdTechRevocationList entry needs the list's URL in id", ErrMalformed)
		}
		return e, nil
	}
	if e.StatusPurpose, err = str("statusPurpose"); err != nil {
		return nil, err
	}
	if e.StatusListCredential, err = str("statusListCredential"); err != nil {
		return nil, err
	}
	if e.StatusListIndex, err = stringOrNumber(m["statusListIndex"], "statusListIndex"); err != nil {
		return nil, err
	}
	size, err := stringOrNumber(m["statusSize"], "statusSize")
	if err != nil {
		return nil, err
	}
	if size != "" {
		n, err := strconv.Atoi(size)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%w: statusSize %q is not a positive integer", ErrMalformed, size)
		}
		e.StatusSize = n
	}
	if raw, ok := m["statusMessage"]; ok {
		if err := json.Unmarshal(raw, &e.StatusMessage); err != nil {
			return nil, fmt.Errorf("%w: statusMessage is not a list of {status, message}", ErrMalformed)
		}
	}
	if _, _, err := e.position(); err != nil {
		return nil, err
	}
	return e, nil
}

// entryType picks the status type from a string or an array of strings.
func entryType(raw json.RawMessage) (string, error) {
	var types []string
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		types = []string{one}
	} else if err := json.Unmarshal(raw, &types); err != nil || len(types) == 0 {
		return "", fmt.Errorf("%w: credentialStatus.type is missing or not a string", ErrMalformed)
	}
	for _, t := range types {
		switch t {
		case TypeBitstringEntry, TypeStatusList2021Entry, Type1EdTechRevocationList:
			return t, nil
		}
	}
	return "", fmt.Errorf("%w: credentialStatus type %s", ErrUnsupported, strings.Join(types, ", "))
}

func stringOrNumber(raw json.RawMessage, name string) (string, error) {
	if raw == nil {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		return n.String(), nil
	}
	return "", fmt.Errorf("%w: %s is neither a string nor a number", ErrMalformed, name)
}

// position validates a Bitstring or StatusList2021 entry and returns its
// index and status size.
func (e *Entry) position() (index uint64, size int, err error) {
	switch e.Type {
	case TypeBitstringEntry, TypeStatusList2021Entry:
	default:
		return 0, 0, fmt.Errorf("%w: credentialStatus type %q has no list index", ErrUnsupported, e.Type)
	}
	if e.StatusPurpose == "" {
		return 0, 0, fmt.Errorf("%w: %s has no statusPurpose", ErrMalformed, e.Type)
	}
	if e.StatusListCredential == "" {
		return 0, 0, fmt.Errorf("%w: %s has no statusListCredential", ErrMalformed, e.Type)
	}
	s := e.StatusListIndex
	if s == "" || len(s) > 1 && s[0] == '0' || strings.TrimLeft(s, "0123456789") != "" {
		return 0, 0, fmt.Errorf("%w: statusListIndex %q is not a non-negative integer", ErrMalformed, s)
	}
	i, err := strconv.ParseUint(s, 10, 64)
	if err != nil || i >= maxIndex {
		return 0, 0, fmt.Errorf("%w: statusListIndex %s is beyond any list", ErrOutOfRange, s)
	}
	size = e.StatusSize
	if size == 0 {
		size = 1
	}
	if size < 1 || size > MaxStatusSize {
		return 0, 0, fmt.Errorf("%w: statusSize %d (at most %d is supported)", ErrUnsupported, size, MaxStatusSize)
	}
	if size > 1 && e.Type == TypeStatusList2021Entry {
		return 0, 0, fmt.Errorf("%w: StatusList2021 has no statusSize", ErrMalformed)
	}
	return i, size, nil
}

// message returns the statusMessage for value, if the entry has one.
func (e *Entry) message(value uint64) string {
	for _, m := range e.StatusMessage {
		h := strings.TrimPrefix(strings.ToLower(m.Status), "0x")
		if v, err := strconv.ParseUint(h, 16, 64); err == nil && v == value {
			return m.Message
		}
	}
	return ""
}
