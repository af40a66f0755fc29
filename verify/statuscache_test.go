package verify

import (
	"context"
	"crypto/sha256"
	"testing"
	"time"

	"github.com/laurelhq/laurel/credential/status"
)

// TestStatusListCache: a verified list is reused while the same bytes come
// back and its validity and the cache's TTL hold; changed bytes, a clock
// past the list's validUntil or past the TTL verify the list again; a
// cached list still has to come from the credential's issuer.
func TestStatusListCache(t *testing.T) {
	iss := newStatusIssuer(t, 1)
	other := newStatusIssuer(t, 2)
	const url = "https://example.edu/status/cached"
	until := statusT0.Add(48 * time.Hour)
	list := func(revoked ...int) []byte {
		return iss.sign(t, statusList(t, url, iss.did, status.PurposeRevocation, revoked, func(m map[string]any) {
			m["validUntil"] = until.Format(time.RFC3339)
		}))
	}
	cred := func(by statusIssuer, index int) []byte {
		return by.sign(t, statusCredential(t, by.did, status.BitstringEntry(url, index, status.PurposeRevocation)))
	}
	src := statusSource{url: list(7)}
	now := statusT0.Add(time.Hour)
	v := newVerifier(t, Config{Status: src, Now: func() time.Time { return now }})

	steps := []struct {
		name     string
		before   func()
		data     []byte
		outcome  Outcome
		problem  ProblemType
		wantHits int
	}{
		{"first check verifies the list", nil, cred(iss, 3), Pass, "", 0},
		{"same list, another credential: cached", nil, cred(iss, 5), Pass, "", 1},
		{"revoked on the cached list", nil, cred(iss, 7), Fail, ProblemRevoked, 2},
		{"another issuer pointing at the cached list", nil, cred(other, 3), Fail, ProblemStatusUndetermined, 3},
		{"list republished with 5 revoked: new bytes, verified again", func() { src[url] = list(5, 7) }, cred(iss, 5), Fail, ProblemRevoked, 3},
		{"the new list is cached", nil, cred(iss, 3), Pass, "", 4},
		{"past the TTL: verified again", func() { now = now.Add(statusListCacheTTL) }, cred(iss, 3), Pass, "", 4},
		{"and cached again", nil, cred(iss, 4), Pass, "", 5},
		{"a minute before the list's validUntil: verified and cached", func() { now = until.Add(-time.Minute) }, cred(iss, 3), Pass, "", 5},
		{"past validUntil, within the TTL: not from the cache (passes within leeway)", func() { now = until.Add(time.Minute) }, cred(iss, 3), Pass, "", 5},
		{"expired list is undetermined", func() { now = until.Add(DefaultLeeway + time.Second) }, cred(iss, 3), Fail, ProblemStatusUndetermined, 5},
	}
	for _, s := range steps {
		if s.before != nil {
			s.before()
		}
		r := v.Verify(context.Background(), s.data, nil)
		c, _ := r.Check(CheckStatus)
		if c.Outcome != s.outcome || s.problem != "" && (c.Problem == nil || c.Problem.Type != s.problem) {
			t.Fatalf("%s: status %s, want %s %s\n%s", s.name, c.Outcome, s.outcome, s.problem, describe(r))
		}
		if v.lists.hits != s.wantHits {
			t.Fatalf("%s: %d cache hits, want %d", s.name, v.lists.hits, s.wantHits)
		}
	}

	// Disabled: never remembers.
	off := newVerifier(t, Config{Status: src, Now: func() time.Time { return now.Add(-time.Hour) }, StatusListCache: -1})
	for range 2 {
		if r := off.Verify(context.Background(), cred(iss, 3), nil); !r.Valid {
			t.Fatal(describe(r))
		}
	}
	if off.lists != nil {
		t.Error("a disabled cache exists")
	}
}

// TestStatusListCacheBound: the cache keeps at most its size, dropping the
// least recently used list.
func TestStatusListCacheBound(t *testing.T) {
	c := newListCache(2)
	now := statusT0
	lr := func(b string) (*Result, listKey) {
		return &Result{Credential: []byte(b), Format: FormatDataIntegrity}, sha256.Sum256([]byte(b))
	}
	for _, b := range []string{"a", "b", "a", "c"} {
		r, key := lr(b)
		if _, ok := c.get(key, now); !ok {
			c.put(key, r, now)
		}
	}
	for b, want := range map[string]bool{"a": true, "b": false, "c": true} {
		if _, ok := c.get(sha256.Sum256([]byte(b)), now); ok != want {
			t.Errorf("%s cached: %v, want %v", b, ok, want)
		}
	}
}

func BenchmarkVerifyWithStatusUncached(b *testing.B) {
	iss := newStatusIssuer(b, 6)
	const url = "https://example.edu/status/bench"
	src := statusSource{url: iss.sign(b, statusList(b, url, iss.did, status.PurposeRevocation, []int{7}, nil))}
	cred := iss.sign(b, statusCredential(b, iss.did, status.BitstringEntry(url, 3, status.PurposeRevocation)))
	v := newVerifier(b, Config{Status: src, Now: at("2025-03-02T00:00:00Z"), StatusListCache: -1})
	b.ReportAllocs()
	for b.Loop() {
		if r := v.Verify(context.Background(), cred, nil); !r.Valid {
			b.Fatal(describe(r))
		}
	}
}
