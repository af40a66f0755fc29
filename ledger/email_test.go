package ledger

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/laurelhq/laurel/credential"
)

// checkPlainEmail fails t if plainEmail accepts s with a result other than
// credential.NormalizeEmail's, or normEmail differs from the full path.
func checkPlainEmail(t *testing.T, s string) bool {
	t.Helper()
	want, wantErr := credential.NormalizeEmail(s)
	got, ok := plainEmail(s)
	if ok && (wantErr != nil || got != want) {
		t.Fatalf("plainEmail(%q) = %q; NormalizeEmail gives %q, %v", s, got, want, wantErr)
	}
	n, err := normEmail(s)
	switch {
	case (err == nil) != (wantErr == nil):
		t.Fatalf("normEmail(%q) error %v; NormalizeEmail %v", s, err, wantErr)
	case err == nil && n != want:
		t.Fatalf("normEmail(%q) = %q, want %q", s, n, want)
	case err != nil && err.Error() != ErrInvalid.Error()+": "+wantErr.Error():
		t.Fatalf("normEmail(%q) error %q; NormalizeEmail %q", s, err, wantErr)
	}
	return ok
}

func TestPlainEmailMatchesNormalizeEmail(t *testing.T) {
	tests := []struct {
		in    string
		plain bool // the fast path applies
	}{
		{"r1@example.org", true},
		{"R1@Example.ORG", true},
		{"first.last+tag@sub.example.co.uk", true},
		{"a!#$%&'*+-/=?^_`{|}~z@x", true},
		{"a@b", true},
		{"", false},
		{" a@b", false},
		{"a@b ", false},
		{"a@b\n", false},
		{"@b", false},
		{"a@", false},
		{"a@@b", false},
		{"a@b@c", false},
		{".a@b", false},
		{"a.@b", false},
		{"a..b@c", false},
		{"a@.b", false},
		{"a@b.", false},
		{"a@b..c", false},
		{`"a b"@c`, false},
		{"a@[1.2.3.4]", false},
		{"Name <a@b>", false},
		{"a@b (comment)", false},
		{"a(x)@b", false},
		{"é@example.org", false},
		{"É@example.org", false},
		{"a@exämple.org", false},
		{"a\xff@b", false},
		{"a\x00@b", false},
		{"a,b@c", false},
		{"a;b@c", false},
		{"a\\b@c", false},
		{"a:b@c", false},
		{strings.Repeat("a", 251) + "@b.c", false}, // 255 bytes
		{strings.Repeat("a", 250) + "@b.c", true},  // 254 bytes, the limit
		{strings.Repeat("a", 250) + "@B.c", true},
	}
	for _, tt := range tests {
		if got := checkPlainEmail(t, tt.in); got != tt.plain {
			t.Errorf("plainEmail(%q) ok = %v, want %v", tt.in, got, tt.plain)
		}
	}
}

// TestPlainEmailExhaustive compares the fast path with the full one on
// every string of up to 4 bytes over an alphabet of the characters that
// matter to either, and on random longer strings.
func TestPlainEmailExhaustive(t *testing.T) {
	alphabet := []string{"a", "Z", "0", "-", ".", "@", " ", "\t", `"`, "(", ")", "<", ">", "[", "]", ",", "\\", "é", "\xff", "+"}
	var plain, total int
	var gen func(prefix string, depth int)
	gen = func(prefix string, depth int) {
		total++
		if checkPlainEmail(t, prefix) {
			plain++
		}
		if depth == 0 {
			return
		}
		for _, c := range alphabet {
			gen(prefix+c, depth-1)
		}
	}
	depth := 4
	if testing.Short() {
		depth = 3
	}
	gen("", depth)
	rng := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	atom := func() string { // 1-4 characters of atext
		n := 1 + rng.IntN(4)
		a := make([]byte, n)
		for i := range a {
			a[i] = "abcXYZ019_+-'!~"[rng.IntN(15)]
		}
		return string(a)
	}
	for range 100_000 {
		b.Reset()
		if rng.IntN(2) == 0 { // a valid plain address, perhaps mutated
			for i := range 1 + rng.IntN(3) {
				if i > 0 {
					b.WriteByte('.')
				}
				b.WriteString(atom())
			}
			b.WriteByte('@')
			for i := range 1 + rng.IntN(3) {
				if i > 0 {
					b.WriteByte('.')
				}
				b.WriteString(atom())
			}
			if rng.IntN(2) == 0 {
				s := []byte(b.String())
				s[rng.IntN(len(s))] = alphabet[rng.IntN(len(alphabet))][0]
				b.Reset()
				b.Write(s)
			}
		} else {
			for range 1 + rng.IntN(24) {
				switch p := rng.IntN(10); {
				case p < 6:
					b.WriteByte("abcXYZ019_+-'"[rng.IntN(13)])
				case p < 8:
					b.WriteByte(".@"[rng.IntN(2)])
				default:
					b.WriteString(alphabet[rng.IntN(len(alphabet))])
				}
			}
		}
		total++
		if checkPlainEmail(t, b.String()) {
			plain++
		}
	}
	if plain < total/10 {
		t.Fatalf("fast path taken for only %d of %d inputs", plain, total)
	}
	t.Logf("%d inputs, %d on the fast path", total, plain)
}

func FuzzPlainEmail(f *testing.F) {
	for _, s := range []string{"r1@example.org", "A.B+c@D-e.f", "a..b@c", `"x"@y`, "a@b (c)", "é@x.y", " a@b", "a@[1.2.3.4]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkPlainEmail(t, s) })
}
