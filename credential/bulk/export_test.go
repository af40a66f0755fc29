package bulk

import "context"

// SignGeneral exposes the general signing path to the differential test.
func (t *Template) SignGeneral(ctx context.Context, row Row) (string, []byte, error) {
	return t.signGeneral(ctx, row)
}

// HasFastPath reports whether Prepare set up the template path.
func (t *Template) HasFastPath() bool { return t.fast[0] != nil && t.fast[1] != nil }
