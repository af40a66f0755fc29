package jsonx

import (
	"encoding/json"
	"testing"

	"github.com/laurelhq/laurel/internal/spectest"
)

func BenchmarkCheck(b *testing.B) {
	data := spectest.Read(b, "vectors", "ob3-eddsa-rdfc-2022", "credential.signed.json")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if err := Check(data, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStdlibValid is the baseline: encoding/json's syntax check alone,
// without duplicate-key, UTF-8 or limit checks.
func BenchmarkStdlibValid(b *testing.B) {
	data := spectest.Read(b, "vectors", "ob3-eddsa-rdfc-2022", "credential.signed.json")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if !json.Valid(data) {
			b.Fatal("invalid")
		}
	}
}
