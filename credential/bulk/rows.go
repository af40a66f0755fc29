package bulk

import (
	"crypto/sha256"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/laurelhq/laurel/credential"
)

// Errors reported for rows and files.
var (
	ErrNoEmailColumn = errors.New("bulk: the CSV has no email column")
	ErrDuplicate     = errors.New("bulk: duplicate email")
	ErrMissingValue  = errors.New("bulk: missing value")
	ErrTooManyRows   = errors.New("bulk: too many rows")
	ErrBadRow        = errors.New("bulk: malformed row")
)

// Row is one recipient of a batch.
type Row struct {
	// Line is the row's line number in the file (the header is line 1).
	Line int
	// Email is the recipient's address as given; Name may be empty.
	Email, Name string
	// Attributes holds every other column by header name (a certificate
	// number, a grade). They are recorded in the log and available to
	// renderers; they are not written into the signed credential, where
	// JSON-LD would drop terms the contexts do not define.
	Attributes map[string]string
}

// RowError is a problem with one row.
type RowError struct {
	Line   int
	Column string
	// Email is the row's email cell as it appears in the file (spaces
	// trimmed, invalid UTF-8 replaced, cut to the cell limit), so that the
	// row can be found; empty when the row could not be split into cells.
	Email string
	Err   error
}

func (e *RowError) Error() string {
	if e.Column != "" {
		return fmt.Sprintf("line %d, column %s: %v", e.Line, e.Column, e.Err)
	}
	return fmt.Sprintf("line %d: %v", e.Line, e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }

// CSVOptions bounds ReadRows. The zero value is safe.
type CSVOptions struct {
	// MaxRows caps the data rows; zero means DefaultMaxRows.
	MaxRows int
	// Required lists attribute columns every row must fill.
	Required []string
}

// DefaultMaxRows is the largest batch read without an explicit limit.
const DefaultMaxRows = 1_000_000

// maxField bounds one cell.
const maxField = 4096

// ReadRows reads a CSV export with a header row. The "email" column is
// required ("e-mail" and "email address" are accepted, any case); "name"
// is optional; other columns become attributes. Every row is checked, and
// fn is called for each valid one in order; problems are returned as
// RowErrors and those rows are skipped. A second row with an address
// already seen (after normalisation) is a duplicate. The error is for the
// file as a whole: unreadable, no email column, too many rows, or fn's.
func ReadRows(r io.Reader, opts CSVOptions, fn func(Row) error) ([]*RowError, error) {
	maxRows := opts.MaxRows
	if maxRows <= 0 {
		maxRows = DefaultMaxRows
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("bulk: reading the header: %w", err)
	}
	cols := make([]string, len(header))
	emailCol, nameCol := -1, -1
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		cols[i] = h
		switch strings.ToLower(h) {
		case "email", "e-mail", "email address", "emailaddress":
			if emailCol < 0 {
				emailCol = i
			}
		case "name", "full name", "recipient name":
			if nameCol < 0 {
				nameCol = i
			}
		}
	}
	if emailCol < 0 {
		return nil, ErrNoEmailColumn
	}
	for _, req := range opts.Required {
		found := false
		for _, c := range cols {
			found = found || strings.EqualFold(c, req)
		}
		if !found {
			return nil, fmt.Errorf("bulk: the CSV has no %q column", req)
		}
	}
	seen := map[[16]byte]int{}
	var problems []*RowError
	for n := 0; ; n++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return problems, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				problems = append(problems, &RowError{Line: pe.Line, Err: fmt.Errorf("%w: %v", ErrBadRow, pe.Err)})
				if len(problems) > maxRows {
					return problems, ErrTooManyRows
				}
				continue
			}
			return problems, fmt.Errorf("bulk: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if n >= maxRows {
			return problems, fmt.Errorf("%w: more than %d", ErrTooManyRows, maxRows)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		row, perr := parseRow(line, rec, cols, emailCol, nameCol, opts.Required)
		if perr != nil {
			if emailCol < len(rec) {
				perr.Email = cellForLog(rec[emailCol])
			}
			problems = append(problems, perr)
			continue
		}
		norm, _ := credential.NormalizeEmail(row.Email)
		sum := sha256.Sum256([]byte(norm))
		var key [16]byte
		copy(key[:], sum[:])
		if first, dup := seen[key]; dup {
			problems = append(problems, &RowError{Line: line, Column: cols[emailCol], Email: row.Email, Err: fmt.Errorf("%w: %s is already on line %d", ErrDuplicate, row.Email, first)})
			continue
		}
		seen[key] = line
		if err := fn(row); err != nil {
			return problems, err
		}
	}
}

func parseRow(line int, rec, cols []string, emailCol, nameCol int, required []string) (Row, *RowError) {
	row := Row{Line: line, Attributes: map[string]string{}}
	for i, v := range rec {
		if len(v) > maxField || !utf8.ValidString(v) {
			col := ""
			if i < len(cols) {
				col = cols[i]
			}
			return Row{}, &RowError{Line: line, Column: col, Err: fmt.Errorf("%w: the value is not UTF-8 or longer than %d bytes", ErrBadRow, maxField)}
		}
		v = strings.TrimSpace(v)
		switch {
		case i >= len(cols):
			if v != "" {
				return Row{}, &RowError{Line: line, Err: fmt.Errorf("%w: %d values for %d columns", ErrBadRow, len(rec), len(cols))}
			}
		case i == emailCol:
			row.Email = v
		case i == nameCol:
			row.Name = v
		case cols[i] != "":
			row.Attributes[cols[i]] = v
		}
	}
	if row.Email == "" {
		return Row{}, &RowError{Line: line, Column: cols[emailCol], Err: fmt.Errorf("%w: no email", ErrMissingValue)}
	}
	if _, err := credential.NormalizeEmail(row.Email); err != nil {
		return Row{}, &RowError{Line: line, Column: cols[emailCol], Err: err}
	}
	for _, req := range required {
		for k, v := range row.Attributes {
			if strings.EqualFold(k, req) && v == "" {
				return Row{}, &RowError{Line: line, Column: k, Err: ErrMissingValue}
			}
		}
	}
	return row, nil
}

// cellForLog returns a cell of a rejected row fit to be written back out:
// trimmed, valid UTF-8 and at most maxField bytes.
func cellForLog(v string) string {
	if len(v) > maxField {
		v = v[:maxField]
	}
	v = strings.ToValidUTF8(strings.TrimSpace(v), "\uFFFD")
	for len(v) > maxField { // replacements can lengthen it
		_, size := utf8.DecodeLastRuneInString(v)
		v = v[:len(v)-size]
	}
	return v
}
