package pgstore

import (
	"errors"
	"fmt"
	"slices"
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

func TestSortedSet(t *testing.T) {
	for _, tc := range []struct {
		in, want []string
		same     bool // the input is returned as is
	}{
		{nil, nil, true},
		{[]string{"a"}, []string{"a"}, true},
		{[]string{"a", "b", "c"}, []string{"a", "b", "c"}, true},
		{[]string{"b", "a", "c"}, []string{"a", "b", "c"}, false},
		{[]string{"a", "a", "b"}, []string{"a", "b"}, false},
		{[]string{"c", "a", "c", "B"}, []string{"B", "a", "c"}, false}, // byte order, as COLLATE "C"
	} {
		t.Run(fmt.Sprint(tc.in), func(t *testing.T) {
			in := slices.Clone(tc.in)
			got := sortedSet(in)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("sortedSet(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if !slices.Equal(in, tc.in) {
				t.Fatalf("input changed to %q", in)
			}
			if same := len(got) > 0 && &got[0] == &in[0]; same != (tc.same && len(in) > 0) {
				t.Fatalf("returned the input: %v, want %v", same, tc.same)
			}
		})
	}
}

func TestTextArray(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{nil, "{}"},
		{[]string{""}, `{""}`},
		{[]string{"a", "NULL", "b c"}, `{"a","NULL","b c"}`},
		{[]string{`q"uote`, `back\slash`, "{,}"}, `{"q\"uote","back\\slash","{,}"}`},
	} {
		if got := textArray(tc.in); got != tc.want {
			t.Errorf("textArray(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
