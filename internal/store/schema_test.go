package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
)

// column is a column as both engines should agree on it.
type column struct {
	Name, Type string
	NotNull    bool
}

func normType(t string) string {
	t = strings.ToUpper(t)
	switch {
	case strings.Contains(t, "INT"):
		return "int"
	case t == "TEXT" || strings.HasPrefix(t, "CHARACTER") || t == "VARCHAR":
		return "text"
	case t == "DATE":
		return "date"
	case strings.HasPrefix(t, "TIMESTAMP"):
		return "timestamp"
	case t == "BLOB" || t == "BYTEA":
		return "bytes"
	case t == "BOOLEAN":
		return "bool"
	case t == "REAL" || t == "DOUBLE PRECISION":
		return "float" // both are 8-byte IEEE floats
	}
	return t
}

func logicalSchema(ctx context.Context, db *DB) (map[string][]column, []string, error) {
	tables := map[string][]column{}
	var indexes []string
	if db.dialect == sqliteDialect {
		rows, err := db.read.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
		if err != nil {
			return nil, nil, err
		}
		var names []string
		for rows.Next() {
			var n string
			_ = rows.Scan(&n)
			names = append(names, n)
		}
		rows.Close()
		for _, n := range names {
			cr, err := db.read.QueryContext(ctx, `SELECT name, type, "notnull", pk FROM pragma_table_info(?)`, n)
			if err != nil {
				return nil, nil, err
			}
			for cr.Next() {
				var c column
				var nn, pk int
				_ = cr.Scan(&c.Name, &c.Type, &nn, &pk)
				c.Type, c.NotNull = normType(c.Type), nn == 1 || pk > 0
				tables[n] = append(tables[n], c)
			}
			cr.Close()
		}
		ir, err := db.read.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`)
		if err != nil {
			return nil, nil, err
		}
		for ir.Next() {
			var n string
			_ = ir.Scan(&n)
			indexes = append(indexes, n)
		}
		ir.Close()
	} else {
		rows, err := db.read.QueryContext(ctx, `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = current_schema()`)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var t, n, typ, nullable string
			_ = rows.Scan(&t, &n, &typ, &nullable)
			tables[t] = append(tables[t], column{Name: n, Type: normType(typ), NotNull: nullable == "NO"})
		}
		rows.Close()
		ir, err := db.read.QueryContext(ctx, `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key'`)
		if err != nil {
			return nil, nil, err
		}
		for ir.Next() {
			var n string
			_ = ir.Scan(&n)
			indexes = append(indexes, n)
		}
		ir.Close()
	}
	for t := range tables {
		sort.Slice(tables[t], func(i, j int) bool { return tables[t][i].Name < tables[t][j].Name })
	}
	sort.Strings(indexes)
	return tables, indexes, nil
}

// TestSchemaParity applies both migration sets and compares tables,
// columns, types, nullability and indexes.
func TestSchemaParity(t *testing.T) {
	base := os.Getenv("CADRE_TEST_POSTGRES_URL")
	if base == "" {
		if os.Getenv("CADRE_TEST_POSTGRES_REQUIRED") == "1" {
			t.Fatal("PostgreSQL required")
		}
		t.Skip("set CADRE_TEST_POSTGRES_URL to compare the schemas")
	}
	ctx := context.Background()
	lite, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	if _, err := lite.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "parity_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatal(err)
	}
	defer admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
	u, _ := url.Parse(base)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	pg, err := Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	if _, err := pg.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	lt, li, err := logicalSchema(ctx, lite)
	if err != nil {
		t.Fatal(err)
	}
	pt, pi, err := logicalSchema(ctx, pg)
	if err != nil {
		t.Fatal(err)
	}
	if len(lt) < 15 || len(li) < 15 {
		t.Fatalf("schema read looks empty: %d tables, %d indexes", len(lt), len(li))
	}
	if fmt.Sprint(lt) != fmt.Sprint(pt) {
		for name, cols := range lt {
			if fmt.Sprint(cols) != fmt.Sprint(pt[name]) {
				t.Errorf("table %s differs:\n sqlite   %v\n postgres %v", name, cols, pt[name])
			}
		}
		for name := range pt {
			if _, ok := lt[name]; !ok {
				t.Errorf("table %s only on postgres", name)
			}
		}
	}
	if fmt.Sprint(li) != fmt.Sprint(pi) {
		t.Errorf("indexes differ:\n sqlite   %v\n postgres %v", li, pi)
	}
}
