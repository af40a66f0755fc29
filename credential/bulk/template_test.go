package bulk_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/laurelhq/laurel/credential/bulk"
)

// TestTemplatePathMatchesGeneralPath proves that the prepared template path
// (dataintegrity.Template) gives byte-identical credentials to building and
// signing each row from scratch, hashed and unhashed, with and without names,
// with names JSON must escape.
func TestTemplatePathMatchesGeneralPath(t *testing.T) {
	names := []string{"", "Ada Lovelace", "Zoë Ångström", `"Quoted" \ back`, "<b>&</b>", "李小龙", "tab\tand\nnewline", "🎓"}
	for _, unhashed := range []bool{false, true} {
		t.Run(fmt.Sprintf("unhashed=%v", unhashed), func(t *testing.T) {
			tmpl := newTemplate(t)
			tmpl.Unhashed = unhashed
			if err := tmpl.Prepare(); err != nil {
				t.Fatal(err)
			}
			if !tmpl.HasFastPath() {
				t.Fatal("Prepare did not set up the template path for an Ed25519 key")
			}
			ctx := context.Background()
			for i := range 64 {
				row := bulk.Row{Line: i + 2, Email: fmt.Sprintf(" Learner.%d+tag@Example.COM ", i), Name: names[i%len(names)]}
				id1, fast, err := tmpl.Sign(ctx, row)
				if err != nil {
					t.Fatalf("row %d: %v", i, err)
				}
				id2, general, err := tmpl.SignGeneral(ctx, row)
				if err != nil {
					t.Fatal(err)
				}
				if id1 != id2 || !bytes.Equal(fast, general) {
					t.Fatalf("row %+v:\ntemplate %s\ngeneral  %s", row, fast, general)
				}
			}
		})
	}
}

func BenchmarkTemplateSignGeneralPath(b *testing.B) {
	tmpl := newTemplate(b)
	if err := tmpl.Prepare(); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	i := 0
	for b.Loop() {
		i++
		if _, _, err := tmpl.SignGeneral(ctx, bulk.Row{Email: fmt.Sprintf("learner%d@example.com", i), Name: "Learner"}); err != nil {
			b.Fatal(err)
		}
	}
}
