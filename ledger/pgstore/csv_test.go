package pgstore_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/laurelhq/laurel/ledger"
	"github.com/laurelhq/laurel/ledger/ledgertest"
	"github.com/laurelhq/laurel/ledger/pgstore"
)

// stallStore holds the commit of a transaction until release is closed:
// its entry has a Seq that later, committed entries exceed.
type stallStore struct {
	ledger.Store
	once             sync.Once
	stalled, release chan struct{}
}

func (s *stallStore) Update(ctx context.Context, fn func(ledger.Tx) error) error {
	return s.Store.Update(ctx, func(tx ledger.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		s.once.Do(func() { close(s.stalled) })
		<-s.release
		return nil
	})
}

// hookWriter runs hook before its first write.
type hookWriter struct {
	io.Writer
	once sync.Once
	hook func()
}

func (w *hookWriter) Write(p []byte) (int, error) {
	w.once.Do(w.hook)
	return w.Writer.Write(p)
}

// TestWriteCSVReadsOneSnapshot exports an account while writers commit:
// one entry whose Seq is below others already committed, then a new one.
// The export must hold exactly the entries committed before it began. (The
// export spans two pages, and paging in separate transactions included the
// new entry, which committed after the first page was read.)
func TestWriteCSVReadsOneSnapshot(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, newSchema(t), pgstore.Options{})
	now := ledgertest.NewClock(ledgertest.T("2024-05-01")).Now
	l := ledger.New(s, ledger.Config{Now: now})
	if err := l.OpenAccount(ctx, "acme", ledger.Plan{Seats: 10000, Start: ledgertest.T("2024-01-01")}); err != nil {
		t.Fatal(err)
	}
	publish := func(l *ledger.Ledger, key string) error {
		_, err := l.Publish(ctx, ledger.PublishRequest{Key: key, Account: "acme", CredentialID: key, Email: "held@example.org"})
		return err
	}
	if err := publish(l, "first"); err != nil {
		t.Fatal(err)
	}
	// "late" takes its Seq now and commits during the export. It is free
	// (its recipient holds a seat), so it locks no seat stripe the batch
	// below needs.
	st := &stallStore{Store: s, stalled: make(chan struct{}), release: make(chan struct{})}
	late := make(chan error, 1)
	go func() { late <- publish(ledger.New(st, ledger.Config{Now: now}), "late") }()
	select {
	case <-st.stalled:
	case err := <-late:
		t.Fatalf("late publish returned before stalling: %v", err)
	}
	items := make([]ledger.BatchItem, 5000) // with "first", more than a page
	for i := range items {
		items[i] = ledger.BatchItem{CredentialID: fmt.Sprint("c", i), Email: fmt.Sprintf("r%d@example.org", i)}
	}
	if res, err := l.PublishBatch(ctx, "acme", "batch", items); err != nil || res.Charged != len(items) {
		t.Fatalf("batch: %+v, %v", res.Charged, err)
	}
	var before []int64
	for after := int64(0); ; {
		es, err := l.Entries(ctx, "acme", after, 1000)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			before = append(before, e.Seq)
			after = e.Seq
		}
		if len(es) < 1000 {
			break
		}
	}

	var buf bytes.Buffer
	w := &hookWriter{Writer: &buf, hook: func() {
		close(st.release)
		if err := <-late; err != nil {
			t.Errorf("late publish: %v", err)
		}
		if err := publish(l, "new"); err != nil {
			t.Errorf("new publish: %v", err)
		}
	}}
	if err := l.WriteCSV(ctx, w, "acme"); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var exported []int64
	for _, row := range rows[1:] {
		seq, err := strconv.ParseInt(row[0], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		exported = append(exported, seq)
	}
	if !slices.Equal(exported, before) {
		t.Errorf("export has %d entries (Seq %d..%d), want the %d committed before it (Seq %d..%d)",
			len(exported), exported[0], exported[len(exported)-1], len(before), before[0], before[len(before)-1])
	}
	// The writers did race the export as intended: both entries are
	// there now, "late" below the Seqs exported.
	es, err := l.Entries(ctx, "acme", 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	seqs := map[string]int64{}
	for _, e := range es {
		seqs[e.Key] = e.Seq
	}
	if len(es) != len(before)+2 || seqs["late"] == 0 || seqs["late"] > before[len(before)-1] || seqs["new"] == 0 {
		t.Fatalf("after the export: %d entries, late at %d, new at %d (exported up to %d)",
			len(es), seqs["late"], seqs["new"], before[len(before)-1])
	}
}
