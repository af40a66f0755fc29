package ledger

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors. Match them with errors.Is; messages are wrapped with detail.
var (
	// ErrInsufficientSeats: publishing (or renewing) needs a new seat and the
	// billing year has none left. Nothing was charged or recorded.
	ErrInsufficientSeats = errors.New("ledger: insufficient seats")
	// ErrUnknownAccount: no account with that ID was opened.
	ErrUnknownAccount = errors.New("ledger: unknown account")
	// ErrAccountExists: OpenAccount with an ID already opened with another plan.
	ErrAccountExists = errors.New("ledger: account already exists with a different plan")
	// ErrIdempotencyConflict: the idempotency key was already used for a
	// different operation or different parameters.
	ErrIdempotencyConflict = errors.New("ledger: idempotency key reused with different parameters")
	// ErrAlreadyPublished: the credential ID was already published (credential
	// IDs are never reused, even after deletion).
	ErrAlreadyPublished = errors.New("ledger: credential already published")
	// ErrNotFound: no live published credential with that ID.
	ErrNotFound = errors.New("ledger: credential not found")
	// ErrNotStarted: the operation happens before the plan's start date.
	ErrNotStarted = errors.New("ledger: plan not started")
	// ErrInvalid: a request is malformed (empty or oversized field, bad email,
	// negative seats).
	ErrInvalid = errors.New("ledger: invalid request")
	// ErrTxConflict is returned by stores when a transaction lost a race
	// (serialization failure, deadlock, unique-key race). The Ledger retries
	// the whole operation; callers only see it if retries are exhausted.
	ErrTxConflict = errors.New("ledger: transaction conflict")
)

// Field limits (bytes).
const (
	MaxIDLen        = 200 // account IDs, idempotency keys, groups
	MaxCredentialID = 500
)

// Plan is an account's seat allowance per billing year and the date its
// first billing year starts (a calendar date in UTC; time of day ignored).
type Plan struct {
	Seats int
	Start time.Time
}

// Account is an issuing organisation.
type Account struct {
	ID   string
	Plan Plan
}

// Op names an operation recorded in the ledger.
type Op string

// Operations.
const (
	OpPublish    Op = "publish"
	OpRenew      Op = "renew"
	OpDelete     Op = "delete"
	OpChangePlan Op = "change_plan"
)

// Reason explains why an entry was or was not charged.
type Reason string

// Reasons.
const (
	ReasonNewSeat   Reason = "new_seat"   // charged: recipient had no seat this year
	ReasonSeatHeld  Reason = "seat_held"  // free: recipient already holds a seat this year
	ReasonSameYear  Reason = "same_year"  // free: renewal within the credential's billing year
	ReasonNoRefund  Reason = "no_refund"  // free: deletions never refund
	ReasonPlanSeats Reason = "plan_seats" // plan change: Seats is the new allowance
)

// Entry is one append-only ledger record.
type Entry struct {
	Seq          int64 // assigned by the store; increasing, not necessarily contiguous
	Account      string
	Key          string // caller's idempotency key
	At           time.Time
	Op           Op
	CredentialID string
	Recipient    string // normalised email
	Group        string
	Year         int // billing year index (0 = the year starting at Plan.Start)
	Charged      bool
	Reason       Reason
	Seats        int // OpChangePlan: the new allowance
}

// sameRequest reports whether e records the same request as want, the test
// for an idempotent replay.
func (e Entry) sameRequest(want Entry) bool {
	return e.Op == want.Op && e.CredentialID == want.CredentialID &&
		e.Recipient == want.Recipient && e.Group == want.Group && e.Seats == want.Seats
}

// Outcome is the result of one operation.
type Outcome struct {
	Entry    Entry
	Replayed bool // the key had already been applied; Entry is the original record
}

// Status of one batch item.
type Status int

// Batch item statuses.
const (
	StatusCharged  Status = iota + 1 // published, one seat charged
	StatusFree                       // published, recipient already held a seat
	StatusNoSeat                     // not published: no seat left
	StatusRejected                   // not published: see ItemResult.Err
)

func (s Status) String() string {
	switch s {
	case StatusCharged:
		return "charged"
	case StatusFree:
		return "free"
	case StatusNoSeat:
		return "no_seat"
	case StatusRejected:
		return "rejected"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// CredentialRecord is the ledger's view of a published credential.
type CredentialRecord struct {
	Account   string
	ID        string
	Recipient string
	Group     string
	SeatYear  int // billing year of its last publish or charged renewal
	Deleted   bool
}

// YearUsage is what a store knows about one account's billing year.
type YearUsage struct {
	Allowance  int // seats in this year
	Used       int // seats charged (never decreases)
	Recipients int // recipients currently holding a seat
}

// HoldDelta changes how many live credentials of Recipient hold a seat.
type HoldDelta struct {
	Recipient string
	Delta     int
}
