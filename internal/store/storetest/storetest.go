// Package storetest opens migrated test databases: SQLite in a temp dir
// always, and PostgreSQL (a fresh schema per test) when
// CADRE_TEST_POSTGRES_URL is set. CADRE_TEST_POSTGRES_REQUIRED=1 turns a
// missing PostgreSQL into a failure.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/cadrehq/cadre/internal/store"
)

// Open returns a migrated SQLite database in a temp dir.
func Open(t testing.TB) *store.DB {
	t.Helper()
	return openURL(t, "sqlite:"+filepath.Join(t.TempDir(), "cadre.db"))
}

// URL returns a fresh database URL for an engine ("sqlite" or "postgres"),
// not yet migrated; ok is false when PostgreSQL is not configured.
func URL(t testing.TB, engine string) (string, bool) {
	t.Helper()
	if engine == "sqlite" {
		return "sqlite:" + filepath.Join(t.TempDir(), "cadre.db"), true
	}
	base := os.Getenv("CADRE_TEST_POSTGRES_URL")
	if base == "" {
		if os.Getenv("CADRE_TEST_POSTGRES_REQUIRED") == "1" {
			t.Fatal("CADRE_TEST_POSTGRES_REQUIRED=1 but CADRE_TEST_POSTGRES_URL is not set")
		}
		return "", false
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("create test schema: %v", err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err == nil {
			_, _ = a.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
			a.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), true
}

func openURL(t testing.TB, u string) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

// Each runs fn on a fresh migrated database of every configured engine.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			u, ok := URL(t, engine)
			if !ok {
				t.Skip("PostgreSQL not configured (set CADRE_TEST_POSTGRES_URL)")
			}
			fn(t, openURL(t, u))
		})
	}
}
