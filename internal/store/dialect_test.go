package store

import (
	"database/sql"
	"os"
	"path/filepath"
	"testing"
)

// TestDateArithmetic: completed months and days between two dates are
// the same on both engines, at the month-end and leap-day edges.
func TestDateArithmetic(t *testing.T) {
	cases := []struct {
		a, b         string
		months, days int
	}{
		{"2025-03-15", "2026-03-14", 11, 364},
		{"2025-03-15", "2026-03-15", 12, 365},
		{"2025-01-31", "2025-02-28", 0, 28},
		{"2025-01-31", "2025-03-01", 1, 29},
		{"2024-02-29", "2025-02-28", 11, 365},
		{"2024-02-29", "2025-03-01", 12, 366},
		{"2026-11-02", "2026-11-02", 0, 0},
		{"2016-07-01", "2026-06-30", 119, 3651},
	}
	engines := map[string]func(t *testing.T) (*sql.DB, dialect){
		"sqlite": func(t *testing.T) (*sql.DB, dialect) {
			db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "d.db"))
			if err != nil {
				t.Fatal(err)
			}
			return db, sqliteDialect
		},
	}
	if url := os.Getenv("CADRE_TEST_POSTGRES_URL"); url != "" {
		engines["postgres"] = func(t *testing.T) (*sql.DB, dialect) {
			db, err := sql.Open("pgx", url)
			if err != nil {
				t.Fatal(err)
			}
			return db, postgresDialect
		}
	} else if os.Getenv("CADRE_TEST_POSTGRES_REQUIRED") == "1" {
		t.Fatal("PostgreSQL required")
	}
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			db, d := open(t)
			defer db.Close()
			p := "?"
			if d == postgresDialect {
				p = "CAST(? AS DATE)"
			}
			q := d.rebind(`SELECT ` + d.completedMonths("x.a", "x.b") + `, ` + d.daysBetween("x.a", "x.b") + ` FROM (SELECT ` + p + ` AS a, ` + p + ` AS b) x`)
			for _, c := range cases {
				var m, n int
				if err := db.QueryRow(q, c.a, c.b).Scan(&m, &n); err != nil {
					t.Fatalf("%s → %s: %v", c.a, c.b, err)
				}
				if m != c.months || n != c.days {
					t.Errorf("%s → %s: %d months %d days, want %d and %d", c.a, c.b, m, n, c.months, c.days)
				}
			}
		})
	}
}
