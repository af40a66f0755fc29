package verify

import (
	"context"
	"errors"
	"fmt"

	"github.com/laurelhq/laurel/badge"
)

// DefaultMaxImageBytes caps a baked PNG or SVG given to Verify. An image
// is allowed to be larger than a credential (Config.MaxBytes): pixels
// are not parsed, only chunk headers and CRCs (PNG) or tokens (SVG). The
// credential extracted from it is then held to MaxBytes like any other
// input, after decompression.
const DefaultMaxImageBytes = badge.DefaultMaxImageBytes

// bakedImage reports whether data is a PNG or SVG image, before any size
// check: images have their own limit.
func bakedImage(data []byte) bool { return badge.Detect(data) != "" }

// verifyBaked extracts the credential baked into a PNG or SVG and
// verifies it; the result says where it came from (Result.Baked), and
// anything the extractor had to tolerate is a warning on the parse check.
func (v *Verifier) verifyBaked(ctx context.Context, data []byte, opts *Options, depth int) *Result {
	limit := v.cfg.MaxImageBytes
	if limit <= 0 {
		limit = DefaultMaxImageBytes
	}
	img := badge.Detect(data)
	fail := func(t ProblemType, detail string) *Result {
		r := &Result{Valid: true, Format: FormatUnknown, Baked: &Baked{Image: string(img)}}
		r.fail(CheckParse, t, "", detail)
		return r
	}
	if int64(len(data)) > limit {
		return fail(ProblemLimitExceeded, fmt.Sprintf("%s image is %d bytes, over the %d byte limit", img, len(data), limit))
	}
	b, err := badge.Unbake(data, badge.Options{MaxImageBytes: limit, MaxContentBytes: v.cfg.MaxBytes})
	switch {
	case errors.Is(err, badge.ErrTooLarge):
		return fail(ProblemLimitExceeded, err.Error())
	case err != nil:
		return fail(ProblemMalformed, err.Error())
	case b.Form == badge.FormUnknown:
		r := fail(ProblemMalformed, fmt.Sprintf("the %s baked as %q is neither JSON, a compact JWS nor a URL", img, b.Keyword))
		r.Baked.Keyword = b.Keyword
		return r
	}
	// The content is JSON, a JWS or a URL, never an image again.
	r := v.verify(ctx, b.Content, opts, depth)
	r.Baked = &Baked{Image: string(b.Image), Keyword: b.Keyword}
	if len(b.Warnings) > 0 {
		warnings := make([]Check, 0, len(b.Warnings))
		for _, w := range b.Warnings {
			warnings = append(warnings, Check{Name: CheckParse, Outcome: Warn, Problem: &Problem{Type: ProblemMalformed, Detail: "baked " + string(b.Image) + ": " + w}})
		}
		at := 0 // after the parse check, so that Check(CheckParse) stays the outcome
		if len(r.Checks) > 0 && r.Checks[0].Name == CheckParse {
			at = 1
		}
		r.Checks = append(r.Checks[:at], append(warnings, r.Checks[at:]...)...)
	}
	return r
}
