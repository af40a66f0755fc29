package bulk

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Outcome is what happened to a row.
type Outcome string

// Outcomes, as written in the log.
const (
	Issued  Outcome = "issued"  // signed and written; no publisher
	Charged Outcome = "charged" // published, and it cost a seat
	Free    Outcome = "free"    // published; the recipient already held a seat
	NoSeat  Outcome = "no-seat" // not published: no seat left (retried on the next run)
	Failed  Outcome = "error"   // the row could not be issued
	Invalid Outcome = "invalid" // the row did not pass validation
)

// final reports whether a row with this outcome is done for good.
func (o Outcome) final() bool { return o == Issued || o == Charged || o == Free }

// Item is a signed credential handed to the Publisher.
type Item struct {
	Row Row
	ID  string
}

// PublishResult is the Publisher's answer for one item.
type PublishResult struct {
	Outcome Outcome // Charged, Free, NoSeat or Failed
	Detail  string
}

// Publisher publishes a chunk of signed credentials — typically by
// charging recipient seats in a ledger — and reports per item, in order.
// It must be idempotent by Item.ID: a job run again after a crash hands it
// the same ids.
type Publisher interface {
	Publish(ctx context.Context, items []Item) ([]PublishResult, error)
}

// Progress is reported after each chunk.
type Progress struct {
	Done, Total int // rows handled in this run, rows to handle
	Elapsed     time.Duration
}

// Summary counts a run's rows by outcome; Skipped were done by an earlier
// run. Invalid rows are counted on every run, as they are still invalid,
// though the log has them once.
type Summary struct {
	Issued, Charged, Free, NoSeat, Failed, Invalid, Skipped int
}

// Job issues a batch.
type Job struct {
	Template *Template
	// Dir receives credentials/<uuid>.json and the log issue-log.csv.
	Dir string
	// Publisher is optional.
	Publisher Publisher
	// Workers sign in parallel; zero means GOMAXPROCS.
	Workers int
	// ChunkSize rows are signed, published and logged together; zero
	// means 2000: a few commits (ledger transaction, log sync) per
	// 10,000 rows, and little work lost to a crash.
	ChunkSize int
	CSV       CSVOptions
	Progress  func(Progress)
	// Now is the clock for progress; nil means time.Now.
	Now func() time.Time
}

// LogName is the log file in Job.Dir.
const LogName = "issue-log.csv"

var logHeader = []string{"line", "email", "credential_id", "outcome", "detail", "attributes"}

// Run issues every valid row of the CSV that open returns (it is opened
// twice: once to validate everything, once to issue). Rows whose latest
// log line says issued, charged or free are skipped, so running the same
// job again after a crash finishes it. A row's log line is written only
// when it differs from the row's latest one, so running a job again does
// not repeat the lines of invalid rows or of rows still without a seat.
func (j *Job) Run(ctx context.Context, open func() (io.ReadCloser, error)) (Summary, error) {
	var sum Summary
	if err := j.Template.Prepare(); err != nil {
		return sum, err
	}
	now := j.Now
	if now == nil {
		now = time.Now
	}
	start := now()
	workers := j.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	chunk := j.ChunkSize
	if chunk <= 0 {
		chunk = 2000
	}
	if err := os.MkdirAll(filepath.Join(j.Dir, "credentials"), 0o755); err != nil {
		return sum, err
	}
	log, err := openLog(filepath.Join(j.Dir, LogName))
	if err != nil {
		return sum, err
	}
	defer log.close()
	done := func(line int) bool { return log.latest[line].outcome.final() }

	// Pass 1: validate every row.
	total := 0
	problems, err := readFile(open, j.CSV, func(r Row) error {
		if !done(r.Line) {
			total++
		}
		return nil
	})
	if err != nil {
		return sum, err
	}
	for _, p := range problems {
		sum.Invalid++
		if err := log.write(Row{Line: p.Line, Email: p.Email}, "", Invalid, p.Error()); err != nil {
			return sum, err
		}
	}
	if err := log.sync(); err != nil {
		return sum, err
	}

	// Pass 2: issue. Chunk k+1 is signed while chunk k is published,
	// written and logged: signing needs the cores, committing mostly waits
	// for the disk and the ledger.
	var batch []Row
	handled := 0
	var pending chan signedChunk
	commit := func() error {
		if pending == nil {
			return nil
		}
		sc := <-pending
		pending = nil
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := j.commit(ctx, sc, workers, log, &sum); err != nil {
			return err
		}
		handled += len(sc.rows)
		if j.Progress != nil {
			j.Progress(Progress{Done: handled, Total: total, Elapsed: now().Sub(start)})
		}
		return nil
	}
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		rows := batch
		batch = make([]Row, 0, chunk)
		next := make(chan signedChunk, 1)
		go func() { next <- j.sign(ctx, rows, workers) }()
		err := commit()
		pending = next
		return err
	}
	_, err = readFile(open, j.CSV, func(r Row) error {
		if done(r.Line) {
			sum.Skipped++
			return nil
		}
		batch = append(batch, r)
		if len(batch) >= chunk {
			return flush()
		}
		return ctx.Err()
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		if pending != nil {
			<-pending // let the signer finish before returning
		}
		return sum, err
	}
	return sum, commit()
}

func readFile(open func() (io.ReadCloser, error), opts CSVOptions, fn func(Row) error) ([]*RowError, error) {
	f, err := open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadRows(bufio.NewReaderSize(f, 1<<16), opts, fn)
}

type signed struct {
	id   string
	data []byte
	err  error
}

// signedChunk is a chunk of rows and their signed credentials.
type signedChunk struct {
	rows []Row
	out  []signed
}

// sign signs a chunk's rows on workers goroutines.
func (j *Job) sign(ctx context.Context, rows []Row, workers int) signedChunk {
	out := make([]signed, len(rows))
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range next {
				id, data, err := j.Template.Sign(ctx, rows[i])
				out[i] = signed{id, data, err}
			}
		})
	}
	for i := range rows {
		next <- i
	}
	close(next)
	wg.Wait()
	return signedChunk{rows: rows, out: out}
}

// commit publishes, writes and logs one signed chunk.
func (j *Job) commit(ctx context.Context, sc signedChunk, workers int, log *logFile, sum *Summary) error {
	rows, out := sc.rows, sc.out
	var wg sync.WaitGroup
	results := make([]PublishResult, len(rows))
	var items []Item
	var index []int
	for i, s := range out {
		if s.err != nil {
			results[i] = PublishResult{Outcome: Failed, Detail: s.err.Error()}
			continue
		}
		results[i] = PublishResult{Outcome: Issued}
		items = append(items, Item{Row: rows[i], ID: s.id})
		index = append(index, i)
	}
	if j.Publisher != nil && len(items) > 0 {
		pub, err := j.Publisher.Publish(ctx, items)
		if err != nil {
			return fmt.Errorf("bulk: publishing lines %d to %d: %w", rows[0].Line, rows[len(rows)-1].Line, err)
		}
		if len(pub) != len(items) {
			return fmt.Errorf("bulk: the publisher answered %d of %d items", len(pub), len(items))
		}
		for k, i := range index {
			results[i] = pub[k]
		}
	}
	// Write the credentials in parallel: file system calls dominate here.
	writeErrs := make([]error, len(rows))
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range next {
				writeErrs[i] = writeAtomic(filepath.Join(j.Dir, "credentials", fileName(out[i].id)), out[i].data)
			}
		})
	}
	for i, r := range results {
		if r.Outcome.final() {
			next <- i
		}
	}
	close(next)
	wg.Wait()
	if err := errors.Join(writeErrs...); err != nil {
		return err
	}
	for i, r := range results {
		switch r.Outcome {
		case Issued:
			sum.Issued++
		case Charged:
			sum.Charged++
		case Free:
			sum.Free++
		case NoSeat:
			sum.NoSeat++
		default:
			sum.Failed++
		}
		if err := log.write(rows[i], out[i].id, r.Outcome, r.Detail); err != nil {
			return err
		}
	}
	return log.sync()
}

// writeAtomic writes a file so that it is either absent or complete.
func writeAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

type logFile struct {
	f *os.File
	w *csv.Writer
	// latest is each line's latest log line, read from the file and kept
	// up to date as lines are written.
	latest map[int]logged
}

// logged is what the log says about a row: its latest outcome and a hash
// of that line, to tell whether a new line would only repeat it.
type logged struct {
	outcome Outcome
	sum     uint64
}

// logSeed keys the hashes of log lines; they are compared only within
// one process.
var logSeed = maphash.MakeSeed()

// openLog reads the log at path, if any, and opens it for appending.
func openLog(path string) (*logFile, error) {
	latest, err := readLog(path)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	l := &logFile{f: f, w: csv.NewWriter(f), latest: latest}
	if torn, err := endsTorn(path); err != nil {
		f.Close()
		return nil, err
	} else if torn {
		// The last run died mid-line: start on a fresh line.
		if _, err := f.Write([]byte("\n")); err != nil {
			f.Close()
			return nil, err
		}
	}
	if fi, err := f.Stat(); err == nil && fi.Size() == 0 {
		if err := l.w.Write(logHeader); err != nil {
			f.Close()
			return nil, err
		}
	}
	return l, nil
}

// write logs a row, unless the row's latest line already says the same.
func (l *logFile) write(r Row, id string, o Outcome, detail string) error {
	attrs := ""
	if len(r.Attributes) > 0 {
		b, _ := json.Marshal(r.Attributes) // sorted keys: a repeat hashes the same
		attrs = string(b)
	}
	rec := []string{strconv.Itoa(r.Line), oneLine(r.Email), id, string(o), oneLine(detail), attrs}
	entry := logged{outcome: o, sum: hashRecord(rec)}
	if prev, ok := l.latest[r.Line]; ok && prev == entry {
		return nil
	}
	l.latest[r.Line] = entry
	return l.w.Write(rec)
}

// oneLine keeps a log field on one line, so that a line torn by a crash
// never runs into the next one when the log is read back.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s)
}

// hashRecord hashes a log record's fields after the line number.
func hashRecord(rec []string) uint64 {
	var h maphash.Hash
	h.SetSeed(logSeed)
	var n [binary.MaxVarintLen64]byte
	for _, f := range rec[1:] {
		h.Write(binary.AppendUvarint(n[:0], uint64(len(f))))
		h.WriteString(f)
	}
	return h.Sum64()
}

// sync makes the log lines written so far durable.
func (l *logFile) sync() error {
	l.w.Flush()
	if err := l.w.Error(); err != nil {
		return err
	}
	return l.f.Sync()
}

func (l *logFile) close() error {
	l.w.Flush()
	return errors.Join(l.w.Error(), l.f.Close())
}

// readLog returns each line's latest log entry. The log is read one
// physical line at a time (no field holds a newline): a line torn by a
// crash is ignored, and cannot swallow the lines after it by leaving a
// quote open.
func readLog(path string) (map[int]logged, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return map[int]logged{}, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	out := map[int]logged{}
	for {
		text, err := br.ReadString('\n')
		if len(text) > 0 {
			rec, perr := csv.NewReader(strings.NewReader(text)).Read()
			if perr == nil && len(rec) == len(logHeader) {
				if line, aerr := strconv.Atoi(rec[0]); aerr == nil {
					out[line] = logged{outcome: outcomeOf(rec[3]), sum: hashRecord(rec)}
				}
			}
		}
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// outcomeOf returns the Outcome named s without keeping the log line's
// memory alive.
func outcomeOf(s string) Outcome {
	for _, o := range []Outcome{Issued, Charged, Free, NoSeat, Failed, Invalid} {
		if s == string(o) {
			return o
		}
	}
	return Outcome(strings.Clone(s))
}

// endsTorn reports whether a non-empty file does not end with a newline.
func endsTorn(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return false, err
	}
	b := make([]byte, 1)
	if _, err := f.ReadAt(b, fi.Size()-1); err != nil {
		return false, err
	}
	return b[0] != '\n', nil
}
