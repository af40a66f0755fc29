package status

import (
	"math/rand/v2"
	"testing"
)

// benchRevoked picks about 1% of a 131,072-entry list, reproducibly, as
// a list in service looks (a periodic pattern would compress unrealistically).
func benchRevoked() map[int]uint64 {
	rng := rand.New(rand.NewPCG(1, 2))
	set := map[int]uint64{97000: 1}
	for range MinEntries / 100 {
		set[rng.IntN(MinEntries)] = 1
	}
	return set
}

// BenchmarkCheck checks one entry against a 131,072-entry list credential:
// JSON decoding, base64, GZIP expansion and the bit lookup.
func BenchmarkCheck(b *testing.B) {
	list := makeListCredential(b, PurposeRevocation, 1, benchRevoked(), nil)
	e := BitstringEntry(listURL, 97000, PurposeRevocation)
	b.SetBytes(int64(len(list)))
	b.ReportAllocs()
	for b.Loop() {
		if r := Check(&e, list, CheckOptions{Issuer: issuer}); r.State != Revoked {
			b.Fatal(r.State, r.Err)
		}
	}
}

// BenchmarkEncode compresses and encodes a 131,072-entry list.
func BenchmarkEncode(b *testing.B) {
	l := mustList(b, MinEntries, 1)
	for i := range benchRevoked() {
		_ = l.Set(i, true)
	}
	b.SetBytes(int64(len(l.bits)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := l.Encode(); err != nil {
			b.Fatal(err)
		}
	}
}
