package credential

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/laurelhq/laurel/internal/spectest"
)

// exampleCoverage names the test that reads each kind of file under
// examples/, with the rules those tests use to pick files. A file no rule
// claims fails TestEveryExampleIsCovered, so a new example cannot be
// skipped silently.
// ob1Parsed are the files TestOB1ExamplesRoundTripAndUpgrade reads.
var ob1Parsed = map[string]bool{"assertion-hosted.json": true, "signed-assertion.example.jws": true,
	"badgeclass.json": true, "issuer-organization.json": true, "revocation-list.json": true}

func exampleCoverage(rel string, ob3Index map[string]bool) string {
	base := filepath.Base(rel)
	switch {
	case strings.HasSuffix(rel, "/index.json"):
		return "manifest"
	case strings.HasPrefix(rel, "ob3/") && ob3Index[strings.TrimPrefix(rel, "ob3/")]:
		return "TestOB3ExamplesRoundTrip"
	case strings.HasPrefix(rel, "ob3/spec-misc/") && strings.HasSuffix(rel, ".json"):
		return "TestOB3ExamplesRoundTrip"
	case strings.HasPrefix(rel, "ob2/") && strings.HasSuffix(rel, "-jws-header.json"):
		return "JOSE header"
	case strings.HasPrefix(rel, "ob2/") && strings.Count(rel, "/") == 2 && (strings.HasSuffix(rel, ".json") || strings.HasSuffix(rel, ".jws")):
		return "TestOB2ExamplesRoundTrip"
	case strings.HasPrefix(rel, "ob1/") && strings.Count(rel, "/") == 1 && ob1Parsed[base]:
		return "TestOB1ExamplesRoundTripAndUpgrade"
	case strings.HasSuffix(base, ".not-json.txt"):
		return "TestExamplesNotJSON"
	case strings.Contains(base, ".svg"):
		return "TestBakedSVGExamples"
	}
	return ""
}

func TestEveryExampleIsCovered(t *testing.T) {
	dir := spectest.Dir(t, "examples")
	var index []struct {
		File string `json:"file"`
	}
	if err := json.Unmarshal(spectest.Read(t, "examples", "ob3", "index.json"), &index); err != nil {
		t.Fatal(err)
	}
	ob3Index := map[string]bool{}
	for _, e := range index {
		ob3Index[e.File] = true
	}
	counts := map[string]int{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		by := exampleCoverage(rel, ob3Index)
		if by == "" {
			t.Errorf("example %s is read by no test", rel)
		}
		counts[by]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("examples by test: %v", counts)
}

// TestExamplesNotJSON: the snippets the spec publishes as illustrations
// (line-wrapped strings, "...", trailing commas; stored as .not-json.txt)
// are refused with ErrSyntax by every parser, rather than misread.
func TestExamplesNotJSON(t *testing.T) {
	dir := spectest.Dir(t, "examples")
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*", "*.not-json.txt"))
	if len(files) == 0 {
		t.Fatal("no .not-json.txt examples found")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, f)
		if _, err := parseV2(b); err == nil {
			t.Errorf("%s: parsed", rel)
		}
		if _, err := ParseAssertion(b, ParseOptions{}); !errors.Is(err, ErrSyntax) {
			t.Errorf("%s: ParseAssertion = %v, want ErrSyntax", rel, err)
		}
	}
}

// cdata returns the JSON inside an SVG's <![CDATA[ ... ]]> section, or nil.
func cdata(svg []byte) []byte {
	s := string(svg)
	start := strings.Index(s, "<![CDATA[")
	end := strings.Index(s, "]]>")
	if start < 0 || end < start {
		return nil
	}
	return []byte(strings.TrimSpace(s[start+len("<![CDATA[") : end]))
}

// TestBakedSVGExamples reads the credentials baked into the spec's SVG
// examples (the badge package extracts them; here only the JSON matters).
func TestBakedSVGExamples(t *testing.T) {
	dir := spectest.Dir(t, "examples")
	read := func(rel string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			t.Skipf("%s: %v", rel, err)
		}
		return b
	}
	t.Run("ob2 hosted assertion", func(t *testing.T) {
		checkRoundTrip(t, cdata(read("ob2/baking/baked-svg-hosted-assertion.svg.txt")), parseV2)
	})
	t.Run("ob3 embedded proof", func(t *testing.T) {
		b := cdata(read("ob3/spec-misc/baked-svg-embedded-proof.svg"))
		checkRoundTrip(t, b, parseOB3)
		// The snippet is abridged ("proof": {}, a subject without type or
		// achievement): it must not pass as conformant.
		var ve *ValidationError
		if err := Validate(b, ValidateOptions{}); !errors.As(err, &ve) {
			t.Errorf("Validate = %v, want violations", err)
		}
	})
	t.Run("ob3 VC-JWT placeholder", func(t *testing.T) {
		// The example bakes the placeholder "header.payload.signature",
		// whose payload is not base64url JSON: nothing to parse.
		if !strings.Contains(string(read("ob3/spec-misc/baked-svg-vc-jwt.svg")), `verify="header.payload.signature"`) {
			t.Error("placeholder JWT not found")
		}
	})
	t.Run("ob1 hosted assertion", func(t *testing.T) {
		// Published with missing commas: refused, not misread.
		b := cdata(read("ob1/baked-svg-hosted-assertion.svg.txt"))
		if _, err := ParseAssertion(b, ParseOptions{}); !errors.Is(err, ErrSyntax) {
			t.Errorf("ParseAssertion = %v, want ErrSyntax", err)
		}
	})
}
