package bulk_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/laurelhq/laurel/credential"
	"github.com/laurelhq/laurel/credential/bulk"
	"github.com/laurelhq/laurel/credential/keys"
	"github.com/laurelhq/laurel/verify"
)

func TestReadRows(t *testing.T) {
	tests := []struct {
		name     string
		csv      string
		rows     int
		problems []string // substrings, in order
		err      error
	}{
		{"ok", "Name,Email,certificate_number\nAda,ada@example.com,C-1\nBob,bob@example.com,C-2\n", 2, nil, nil},
		{"bom and spaces", "\ufeffEmail , Name\n ada@example.com , Ada \n", 1, nil, nil},
		{"no email column", "name,mail\nAda,ada@example.com\n", 0, nil, bulk.ErrNoEmailColumn},
		{"bad email", "email\nnot-an-email\nada@example.com\n", 1, []string{"line 2"}, nil},
		{"missing email", "email,name\n,Ada\n", 0, []string{"no email"}, nil},
		{"duplicate after normalisation", "email\nada@example.com\nADA@Example.com \n", 1, []string{"line 3", "already on line 2"}, nil},
		{"blank lines skipped", "email\n\nada@example.com\n\n", 1, nil, nil},
		{"too many values", "email,name\nada@example.com,Ada,extra\n", 0, []string{"3 values for 2 columns"}, nil},
		{"bad quoting", "email,name\n\"ada@example.com,Ada\nbob@example.com,Bob\n", 0, []string{"malformed"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rows []bulk.Row
			problems, err := bulk.ReadRows(strings.NewReader(tt.csv), bulk.CSVOptions{}, func(r bulk.Row) error {
				rows = append(rows, r)
				return nil
			})
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if len(rows) != tt.rows {
				t.Errorf("%d rows, want %d: %+v", len(rows), tt.rows, rows)
			}
			var all []string
			for _, p := range problems {
				all = append(all, p.Error())
			}
			joined := strings.Join(all, "\n")
			for _, want := range tt.problems {
				if !strings.Contains(joined, want) {
					t.Errorf("problems %q do not mention %q", joined, want)
				}
			}
			if len(tt.problems) == 0 && len(problems) != 0 {
				t.Errorf("unexpected problems: %s", joined)
			}
		})
	}
	rows := 0
	_, _ = bulk.ReadRows(strings.NewReader("Name,Email,certificate_number\nAda,ada@example.com,C-1\n"), bulk.CSVOptions{}, func(r bulk.Row) error {
		rows++
		if r.Name != "Ada" || r.Email != "ada@example.com" || r.Attributes["certificate_number"] != "C-1" || r.Line != 2 {
			t.Errorf("row %+v", r)
		}
		return nil
	})
	if rows != 1 {
		t.Fatal("no row")
	}
}

func newTemplate(t testing.TB) *bulk.Template {
	t.Helper()
	signer, err := keys.Generate(keys.EdDSA, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	did, vm, err := keys.DIDKey(signer.Public())
	if err != nil {
		t.Fatal(err)
	}
	return &bulk.Template{
		Issuer: credential.Profile{ID: did, Name: "Example University"},
		Achievement: credential.Achievement{
			Name: "Data Literacy", Description: "Reads and questions data.",
			Criteria: credential.Embed(credential.Criteria{Narrative: "Pass the course."}),
		},
		ValidFrom:          time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC),
		Signer:             signer,
		VerificationMethod: vm,
		Namespace:          uuid.New(),
		SaltKey:            []byte("0123456789abcdef0123456789abcdef"),
	}
}

// seats is a fake ledger: a seat per new email, idempotent by credential id.
type seats struct {
	mu      sync.Mutex
	left    int
	holders map[string]bool
	byID    map[string]bulk.PublishResult
	failAt  int // fail the call with this index (1-based), once
	calls   int
	charges map[string]int
}

func (s *seats) Publish(_ context.Context, items []bulk.Item) ([]bulk.PublishResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if s.calls == s.failAt {
		return nil, errors.New("store unavailable")
	}
	out := make([]bulk.PublishResult, len(items))
	for i, it := range items {
		if r, ok := s.byID[it.ID]; ok && r.Outcome != bulk.NoSeat {
			out[i] = r
			continue
		}
		email := strings.ToLower(it.Row.Email)
		switch {
		case s.holders[email]:
			out[i] = bulk.PublishResult{Outcome: bulk.Free}
		case s.left > 0:
			s.left--
			s.holders[email] = true
			s.charges[it.ID]++
			out[i] = bulk.PublishResult{Outcome: bulk.Charged}
		default:
			out[i] = bulk.PublishResult{Outcome: bulk.NoSeat, Detail: "no seat left"}
		}
		s.byID[it.ID] = out[i]
	}
	return out, nil
}

func csvFile(t *testing.T, n int, extra string) func() (io.ReadCloser, error) {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("email,name,certificate_number\n")
	for i := range n {
		fmt.Fprintf(&b, "learner%03d@example.com,Learner %d,C-%d\n", i, i, i)
	}
	b.WriteString(extra)
	p := filepath.Join(t.TempDir(), "rows.csv")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return func() (io.ReadCloser, error) { return os.Open(p) }
}

func TestRunIssuesEachRowOnceAcrossACrash(t *testing.T) {
	tmpl := newTemplate(t)
	dir := t.TempDir()
	open := csvFile(t, 60, "not-an-email,Nobody,C-x\nlearner001@example.com,Dup,C-y\n")
	ledger := &seats{left: 50, holders: map[string]bool{}, byID: map[string]bulk.PublishResult{}, charges: map[string]int{}, failAt: 3}
	job := &bulk.Job{Template: tmpl, Dir: dir, Publisher: ledger, ChunkSize: 10}

	// The third chunk's publish fails, as if the process died there.
	sum, err := job.Run(context.Background(), open)
	if err == nil {
		t.Fatal("the failing publisher did not stop the run")
	}
	if sum.Charged != 20 || sum.Invalid != 2 {
		t.Fatalf("first run: %+v", sum)
	}
	// Run it again: it finishes the job.
	sum, err = job.Run(context.Background(), open)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Skipped != 20 || sum.Charged != 30 || sum.NoSeat != 10 {
		t.Fatalf("second run: %+v", sum)
	}
	for id, n := range ledger.charges {
		if n != 1 {
			t.Errorf("%s charged %d times", id, n)
		}
	}
	// After an upgrade, a third run publishes the rows that had no seat.
	ledger.left = 10
	sum, err = job.Run(context.Background(), open)
	if err != nil || sum.Charged != 10 || sum.Skipped != 50 {
		t.Fatalf("third run: %+v %v", sum, err)
	}

	// Every issued credential is on disk and verifies.
	files, _ := filepath.Glob(filepath.Join(dir, "credentials", "*.json"))
	if len(files) != 60 {
		t.Fatalf("%d credential files, want 60", len(files))
	}
	v, err := verify.New(verify.Config{Now: func() time.Time { return tmpl.ValidFrom.Add(time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files[:5] {
		data, _ := os.ReadFile(f)
		if r := v.Verify(context.Background(), data, nil); !r.Valid {
			t.Fatalf("%s does not verify: %+v", f, r.Checks)
		}
	}
	// The credential of a given row is addressed to that row's email.
	data, err := os.ReadFile(filepath.Join(dir, "credentials", strings.TrimPrefix(tmpl.ID("learner001@example.com"), "urn:uuid:")+".json"))
	if err != nil {
		t.Fatal(err)
	}
	if r := v.Verify(context.Background(), data, &verify.Options{Recipient: "Learner001@example.com"}); !r.Valid {
		t.Fatalf("recipient: %+v", r.Checks)
	}
	// The log has one final line per valid row, attributes included.
	lf, _ := os.Open(filepath.Join(dir, bulk.LogName))
	defer lf.Close()
	recs, err := csv.NewReader(lf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	final := map[string]string{}
	for _, r := range recs[1:] {
		if r[3] == "charged" || r[3] == "free" {
			if prev, dup := final[r[0]]; dup {
				t.Errorf("line %s logged final twice (%s, %s)", r[0], prev, r[3])
			}
			final[r[0]] = r[3]
			if !strings.Contains(r[5], "certificate_number") {
				t.Errorf("attributes missing: %v", r)
			}
		}
	}
	if len(final) != 60 {
		t.Errorf("%d final rows, want 60", len(final))
	}
}

func TestSignIsDeterministic(t *testing.T) {
	tmpl := newTemplate(t)
	if err := tmpl.Prepare(); err != nil {
		t.Fatal(err)
	}
	row := bulk.Row{Line: 2, Email: "Ada@Example.com", Name: "Ada"}
	id1, a, err := tmpl.Sign(context.Background(), row)
	if err != nil {
		t.Fatal(err)
	}
	id2, b, err := tmpl.Sign(context.Background(), bulk.Row{Line: 9, Email: "ada@example.com ", Name: "Ada"})
	if err != nil {
		t.Fatal(err)
	}
	if id1 != id2 || !bytes.Equal(a, b) {
		t.Fatalf("not deterministic:\n%s\n%s", a, b)
	}
	if !strings.Contains(string(a), `"identityHash":"sha256$`) || strings.Contains(string(a), "ada@example.com") {
		t.Errorf("the email is not hashed: %s", a)
	}
}

func BenchmarkTemplateSign(b *testing.B) {
	tmpl := newTemplate(b)
	if err := tmpl.Prepare(); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	i := 0
	for b.Loop() {
		i++
		if _, _, err := tmpl.Sign(ctx, bulk.Row{Email: fmt.Sprintf("learner%d@example.com", i), Name: "Learner"}); err != nil {
			b.Fatal(err)
		}
	}
}

// readLogFile returns the log's records after the header.
func readLogFile(t *testing.T, dir string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, bulk.LogName))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[1:]
}

func TestRunLogsInvalidRowsOnceWithTheirEmail(t *testing.T) {
	tmpl := newTemplate(t)
	dir := t.TempDir()
	// Rows 2-4 are valid; 5-10 are not.
	open := csvFile(t, 3, strings.Join([]string{
		"not-an-email,Nobody,C-x",
		" LEARNER001@example.com ,Dup,C-y",
		"learner009@example.com,Extra,C-z,surplus",
		",No one,C-w",
		"bad\xffmail@example.com,Bad,C-v",
		"\"two\nlines@example.com\",Two,C-u",
	}, "\n")+"\n")
	// One seat for three recipients: two rows stay without a seat.
	ledger := &seats{left: 1, holders: map[string]bool{}, byID: map[string]bulk.PublishResult{}, charges: map[string]int{}}
	job := &bulk.Job{Template: tmpl, Dir: dir, Publisher: ledger}

	sum, err := job.Run(context.Background(), open)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Charged != 1 || sum.NoSeat != 2 || sum.Invalid != 6 {
		t.Fatalf("first run: %+v", sum)
	}
	first := readLogFile(t, dir)
	wantEmail := map[string]string{
		"5":  "not-an-email",
		"6":  "LEARNER001@example.com",
		"7":  "learner009@example.com",
		"8":  "",
		"9":  "bad\uFFFDmail@example.com", // the log stays UTF-8
		"10": "two lines@example.com",     // and one line per row
	}
	invalid := 0
	for _, r := range first {
		if r[3] != string(bulk.Invalid) {
			continue
		}
		invalid++
		if want, ok := wantEmail[r[0]]; !ok || r[1] != want {
			t.Errorf("line %s logged with email %q, want %q", r[0], r[1], want)
		}
	}
	if invalid != len(wantEmail) || len(first) != 9 {
		t.Fatalf("first run logged %d lines, %d invalid: %q", len(first), invalid, first)
	}

	// Nothing changed: running again twice adds no line.
	for run := 2; run <= 3; run++ {
		sum, err = job.Run(context.Background(), open)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Skipped != 1 || sum.NoSeat != 2 || sum.Invalid != 6 {
			t.Fatalf("run %d: %+v", run, sum)
		}
		if got := readLogFile(t, dir); len(got) != len(first) {
			t.Fatalf("run %d: the log grew from %d to %d lines: %q", run, len(first), len(got), got[len(first):])
		}
	}

	// Once seats are added, the rows without one are published and logged.
	ledger.left = 2
	sum, err = job.Run(context.Background(), open)
	if err != nil || sum.Charged != 2 {
		t.Fatalf("after adding seats: %+v %v", sum, err)
	}
	if got := readLogFile(t, dir); len(got) != len(first)+2 {
		t.Fatalf("after adding seats: %d lines, want %d", len(got), len(first)+2)
	}
}

// TestRunResumesAfterATornLogLine cuts the log inside a quoted field, as a
// crash while writing it would, and checks that the lines a resumed run
// appends after it are all read back: a third run finds every row done and
// logs nothing.
func TestRunResumesAfterATornLogLine(t *testing.T) {
	tmpl := newTemplate(t)
	dir := t.TempDir()
	open := csvFile(t, 20, "")
	job := &bulk.Job{Template: tmpl, Dir: dir, ChunkSize: 5}
	if _, err := job.Run(context.Background(), open); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, bulk.LogName)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Keep 10 rows and half of the 11th, cut inside its attributes.
	lines := bytes.SplitAfter(data, []byte("\n"))
	torn := lines[11]
	cut := bytes.Index(torn, []byte(`""certificate_number""`)) + 5
	kept := append(bytes.Join(lines[:11], nil), torn[:cut]...)
	if err := os.WriteFile(path, kept, 0o644); err != nil {
		t.Fatal(err)
	}

	sum, err := job.Run(context.Background(), open)
	if err != nil || sum.Skipped != 10 || sum.Issued != 10 {
		t.Fatalf("resumed run: %+v %v", sum, err)
	}
	after := readLogLines(t, path)
	sum, err = job.Run(context.Background(), open)
	if err != nil || sum.Skipped != 20 || sum.Issued != 0 {
		t.Fatalf("third run: %+v %v", sum, err)
	}
	if got := readLogLines(t, path); got != after {
		t.Fatalf("third run logged %d lines, had %d", got, after)
	}
}

func readLogLines(t *testing.T, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Count(data, []byte("\n"))
}
