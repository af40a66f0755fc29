package credential

import (
	"encoding/json"
	"testing"

	"github.com/laurelhq/laurel/internal/jsonx"
	"github.com/laurelhq/laurel/internal/spectest"
)

func benchDoc(b *testing.B) []byte {
	return spectest.Read(b, "vectors", "ob3-eddsa-rdfc-2022", "credential.signed.json")
}

func BenchmarkParseCredential(b *testing.B) {
	data := benchDoc(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseCredential(data, ParseOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMarshalCredential(b *testing.B) {
	c, err := ParseCredential(benchDoc(b), ParseOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.MarshalJSON(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseMarshalCredential is the target: parse + marshal of
// a typical OB 3.0 credential.
func BenchmarkParseMarshalCredential(b *testing.B) {
	data := benchDoc(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		c, err := ParseCredential(data, ParseOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.MarshalJSON(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseMarshalComplete uses the largest OB 3.0 spec example.
func BenchmarkParseMarshalComplete(b *testing.B) {
	data := spectest.Read(b, "examples", "ob3", "spec-2024-04-03-v1.0.14-vc2-ctx3.0.3-eddsa-rdfc-2022", "complete-openbadgecredential.signed-di.json")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		c, err := ParseCredential(data, ParseOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.MarshalJSON(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkJSONXCheck(b *testing.B) {
	data := benchDoc(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if err := jsonx.Check(data, jsonx.Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStdlibUnmarshalMap is a baseline: encoding/json into a generic
// map (not lossless for order, accepts duplicates).
func BenchmarkStdlibUnmarshalMap(b *testing.B) {
	data := benchDoc(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var v map[string]any
		if err := json.Unmarshal(data, &v); err != nil {
			b.Fatal(err)
		}
	}
}
