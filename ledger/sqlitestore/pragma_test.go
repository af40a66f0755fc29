package sqlitestore

import (
	"context"
	"path/filepath"
	"testing"
)

// TestPragmas checks the connection settings Open promises.
func TestPragmas(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts Options
		sync string // PRAGMA synchronous: 1 NORMAL, 2 FULL
	}{
		{"Default", Options{}, "2"},
		{"UnsafeSyncNormal", Options{UnsafeSyncNormal: true}, "1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Open(context.Background(), filepath.Join(t.TempDir(), "l.db"), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			w := func(name string) string { return pragma(t, s.wp, name) }
			mode, sync, fk, busy := w("journal_mode"), w("synchronous"), w("foreign_keys"), w("busy_timeout")
			if mode != "wal" || sync != tc.sync || fk != "1" || busy != "5000" {
				t.Fatalf("journal_mode=%s synchronous=%s foreign_keys=%s busy_timeout=%s", mode, sync, fk, busy)
			}
			if qo := pragma(t, s.rp, "query_only"); qo != "1" {
				t.Fatalf("read pool query_only=%s", qo)
			}
		})
	}
}

// pragma reads a PRAGMA on a connection of p.
func pragma(t *testing.T, p *pool, name string) string {
	t.Helper()
	ctx := context.Background()
	c, err := p.get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer p.put(c)
	var v string
	if err := c.sc.QueryRowContext(ctx, "PRAGMA "+name).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}
