package credential

import (
	"testing"

	"github.com/laurelhq/laurel/internal/spectest"
)

// BenchmarkValidate checks typical OB 3.0 credentials: the 1EdTech
// implementation-guide vector (the document BenchmarkParseCredential reads)
// and the 2024 spec's complete OpenBadgeCredential.
func BenchmarkValidate(b *testing.B) {
	for _, bc := range []struct {
		name string
		path []string
	}{
		{"vector", []string{"vectors", "ob3-eddsa-rdfc-2022", "credential.signed.json"}},
		{"complete", []string{"examples", "ob3", "spec-2024-04-03-v1.0.14-vc2-ctx3.0.3-eddsa-rdfc-2022", "complete-openbadgecredential.signed-di.json"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			data := spectest.Read(b, bc.path...)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				_ = Validate(data, ValidateOptions{})
			}
		})
	}
}
