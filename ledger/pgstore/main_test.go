package pgstore_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/laurelhq/laurel/ledger/pgstore"
)

// envDSN names the server the tests may use; without it they skip.
const envDSN = "LAUREL_TEST_POSTGRES"

// testDSN is the DSN of this run's own database ("" when skipping).
var testDSN string

// TestMain creates one database for the run (each store then gets its own
// schema, which is much cheaper than a database each) and drops it at the
// end.
func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	admin := os.Getenv(envDSN)
	if admin == "" {
		return m.Run()
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		fmt.Fprintf(os.Stderr, "pgstore tests: connecting to %s: %v\n", envDSN, err)
		return 1
	}
	defer conn.Close(ctx)
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "laurel_pgstore_test_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		fmt.Fprintf(os.Stderr, "pgstore tests: %v\n", err)
		return 1
	}
	defer func() {
		if _, err := conn.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			fmt.Fprintf(os.Stderr, "pgstore tests: dropping %s: %v\n", name, err)
		}
	}()
	if testDSN, err = withDatabase(admin, name); err != nil {
		fmt.Fprintf(os.Stderr, "pgstore tests: %v\n", err)
		return 1
	}
	return m.Run()
}

// withDatabase returns dsn (URL or key=value form) naming database db.
func withDatabase(dsn, db string) (string, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", err
		}
		u.Path = "/" + db
		return u.String(), nil
	}
	return dsn + " dbname=" + db, nil
}

// withSchema returns the test DSN with search_path set to schema.
func withSchema(t testing.TB, schema string) string {
	t.Helper()
	if strings.HasPrefix(testDSN, "postgres") {
		u, err := url.Parse(testDSN)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return testDSN + " search_path=" + schema
}

var schemaSeq atomic.Int64

// newSchema creates an empty schema in the run's database and returns a
// DSN using it; tests skip when no server is configured.
func newSchema(t testing.TB) string {
	t.Helper()
	if testDSN == "" {
		t.Skipf("%s not set", envDSN)
	}
	ctx := context.Background()
	schema := fmt.Sprintf("s%d", schemaSeq.Add(1))
	conn, err := pgx.Connect(ctx, testDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	return withSchema(t, schema)
}

// openStore opens a Store (migrating its schema) and closes it at cleanup.
func openStore(t testing.TB, dsn string, opts pgstore.Options) *pgstore.Store {
	t.Helper()
	if opts.MaxConns == 0 {
		opts.MaxConns = 8
	}
	s, err := pgstore.Open(context.Background(), dsn, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// newPool opens a pool without migrating.
func newPool(t testing.TB, dsn string) *pgxpool.Pool {
	t.Helper()
	p, err := pgxpool.New(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}
