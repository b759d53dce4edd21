package store

import (
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Every difference between SQLite and PostgreSQL lives in this file.

type dialect int

const (
	sqliteDialect dialect = iota
	postgresDialect
)

func (d dialect) String() string {
	if d == postgresDialect {
		return "postgres"
	}
	return "sqlite"
}

// rebind turns ? placeholders into $1, $2… for PostgreSQL. Queries never
// contain a literal question mark.
func (d dialect) rebind(q string) string {
	if d != postgresDialect || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// isUnique reports a unique-constraint violation on either engine.
func isUnique(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// isForeignKey reports a foreign-key violation on either engine.
func isForeignKey(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23503"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	}
	return false
}

// auditLock serialises audit-chain appends across instances on PostgreSQL.
// SQLite has a single writer, so it needs none.
func (d dialect) auditLock() string {
	if d == postgresDialect {
		return "SELECT pg_advisory_xact_lock(7262001)"
	}
	return ""
}

// blobType is the column type used for binary data in ad-hoc DDL.
func (d dialect) likeEscape() string { return ` ESCAPE '\'` }

// escapeLike escapes LIKE wildcards in user input.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// utcDay is the UTC calendar day of a timestamp column, comparable with
// DATE columns (Cadre stores timestamps in UTC; SQLite keeps them and
// dates as ISO text).
func (d dialect) utcDay(col string) string {
	if d == postgresDialect {
		return "(" + col + " AT TIME ZONE 'UTC')::date"
	}
	return "substr(" + col + ", 1, 10)"
}

// epochDays is a timestamp column in days since 1970-01-01 UTC, with
// the time of day as a fraction.
func (d dialect) epochDays(col string) string {
	if d == postgresDialect {
		return "(EXTRACT(EPOCH FROM " + col + ")::float8 / 86400)"
	}
	return "(julianday(" + col + ") - 2440587.5)"
}

// month is the calendar month ("2026-11") of a DATE column: SQLite keeps
// dates as ISO text.
func (d dialect) month(col string) string {
	if d == postgresDialect {
		return "to_char(" + col + ", 'YYYY-MM')"
	}
	return "substr(" + col + ", 1, 7)"
}

// completedMonths is the number of whole months from the DATE column a to
// the DATE column b: the difference of their months, less one when b's
// day of the month is before a's (2025-03-15 to 2026-03-14 is 11).
func (d dialect) completedMonths(a, b string) string {
	if d == postgresDialect {
		return "((EXTRACT(YEAR FROM " + b + ")::int * 12 + EXTRACT(MONTH FROM " + b + ")::int) - (EXTRACT(YEAR FROM " + a + ")::int * 12 + EXTRACT(MONTH FROM " + a + ")::int)" +
			" - CASE WHEN EXTRACT(DAY FROM " + b + ") < EXTRACT(DAY FROM " + a + ") THEN 1 ELSE 0 END)"
	}
	return "((CAST(substr(" + b + ", 1, 4) AS INTEGER) * 12 + CAST(substr(" + b + ", 6, 2) AS INTEGER)) - (CAST(substr(" + a + ", 1, 4) AS INTEGER) * 12 + CAST(substr(" + a + ", 6, 2) AS INTEGER))" +
		" - CASE WHEN substr(" + b + ", 9, 2) < substr(" + a + ", 9, 2) THEN 1 ELSE 0 END)"
}

// daysBetween is the number of days from the DATE column a to b.
func (d dialect) daysBetween(a, b string) string {
	if d == postgresDialect {
		return "(" + b + " - " + a + ")"
	}
	return "CAST(julianday(" + b + ") - julianday(" + a + ") AS INTEGER)"
}
