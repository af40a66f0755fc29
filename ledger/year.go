package ledger

import "time"

// startDate returns the plan start as midnight UTC of its calendar date (the
// date as written in t's own location).
func startDate(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Anniversary returns the start of billing year k (k >= 0) for a plan
// starting on start: the same month and day k years later, at 00:00 UTC. A
// start on 29 February has its anniversaries on 28 February in non-leap
// years and on 29 February in leap years; the day is never carried into
// March.
func Anniversary(start time.Time, k int) time.Time {
	s := startDate(start)
	y, m, d := s.Year()+k, s.Month(), s.Day()
	if last := daysIn(y, m); d > last {
		d = last
	}
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// YearAt returns the index of the billing year containing t (UTC) for a
// plan starting on start, or -1 if t is before the start.
func YearAt(start time.Time, t time.Time) int {
	t = t.UTC()
	s := startDate(start)
	if t.Before(s) {
		return -1
	}
	k := t.Year() - s.Year()
	// Anniversary is monotonic in k, so at most one step back is needed.
	for k > 0 && t.Before(Anniversary(s, k)) {
		k--
	}
	return k
}

// YearBounds returns the half-open interval [start, end) of billing year k.
func YearBounds(start time.Time, k int) (from, to time.Time) {
	return Anniversary(start, k), Anniversary(start, k+1)
}
