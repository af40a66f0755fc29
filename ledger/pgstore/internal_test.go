package pgstore

import (
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/laurelhq/laurel/ledger"
)

func TestSpread(t *testing.T) {
	for _, tc := range []struct {
		used []int
		free int
	}{
		{[]int{0, 0, 0, 0}, 10},
		{[]int{5, 0, 2}, 0},
		{[]int{1, 2, 3}, 2},
		{[]int{7}, 3},
		{[]int{0, 0, 0, 0, 0}, 3},
	} {
		t.Run(fmt.Sprint(tc.used, tc.free), func(t *testing.T) {
			st := make(stripes, len(tc.used))
			for i, u := range tc.used {
				st[i] = stripe{id: i, used: u}
			}
			st.spread(tc.free)
			if got := st.free(); got != tc.free {
				t.Fatalf("free after spread = %d, want %d", got, tc.free)
			}
			lo, hi := tc.free, 0
			for i, s := range st {
				if s.used != tc.used[i] || s.quota < s.used {
					t.Fatalf("stripe %d: %+v", i, s)
				}
				lo, hi = min(lo, s.quota-s.used), max(hi, s.quota-s.used)
			}
			if hi-lo > 1 {
				t.Fatalf("uneven spread %+v", st)
			}
		})
	}
}

func TestMapErr(t *testing.T) {
	for _, tc := range []struct {
		code     string
		conflict bool
	}{
		{"40001", true}, // serialization_failure
		{"40P01", true}, // deadlock_detected
		{"23505", true}, // unique_violation
		{"23514", false},
		{"42P01", false},
	} {
		t.Run(tc.code, func(t *testing.T) {
			pe := &pgconn.PgError{Code: tc.code, Message: "x"}
			err := mapErr("doing", fmt.Errorf("wrapped: %w", pe))
			if errors.Is(err, ledger.ErrTxConflict) != tc.conflict {
				t.Fatalf("%v: conflict = %v, want %v", err, !tc.conflict, tc.conflict)
			}
			var got *pgconn.PgError
			if !errors.As(err, &got) || got.Code != tc.code {
				t.Fatalf("PgError lost: %v", err)
			}
		})
	}
	if mapErr("x", nil) != nil {
		t.Fatal("nil error mapped to non-nil")
	}
}
