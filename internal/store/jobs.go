package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

// The background job queue is River (riverqueue/river). Its tables live in
// the same database as Cadre's, so a domain transaction can insert a job
// that becomes visible only when the transaction commits. River speaks SQL
// through its own driver; this file picks the driver for the engine and
// runs River's migrations. Package notify owns the River client.

// jobsMigrateLock is the PostgreSQL advisory lock key that serialises
// MigrateJobs across instances (Migrate uses 7262000).
const jobsMigrateLock = 7262001

// SQLDB returns the writer pool: the single writer connection on SQLite,
// the pool on PostgreSQL. River runs on it so that its writes queue behind
// Cadre's own instead of failing with SQLITE_BUSY.
func (db *DB) SQLDB() *sql.DB { return db.write }

// JobDriver returns the River driver for this engine: riversqlite on SQLite,
// riverdatabasesql (pgx stdlib) on PostgreSQL. Both use *sql.Tx, so
// River's InsertTx accepts the transaction from Conn.Tx.
func (db *DB) JobDriver() riverdriver.Driver[*sql.Tx] {
	if db.dialect == postgresDialect {
		return riverdatabasesql.New(db.write)
	}
	return riversqlite.New(db.write)
}

// Tx returns the transaction this Conn runs in, or nil outside InTx. Code
// holding a Conn inside InTx passes it to River's InsertTx (through
// notify.Jobs) so that a job is enqueued only if the transaction commits.
func (c *Conn) Tx() *sql.Tx { return c.tx }

// MigrateJobs creates or upgrades River's tables. It is idempotent. On
// PostgreSQL an advisory lock makes concurrent instances wait for one
// another; on SQLite (one writer per file in practice) a lost race with
// another process is retried, since the second run finds nothing to do.
func (db *DB) MigrateJobs(ctx context.Context) error {
	m, err := rivermigrate.New(db.JobDriver(), &rivermigrate.Config{
		Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		return fmt.Errorf("migrate jobs: %w", err)
	}
	if db.dialect == postgresDialect {
		conn, err := db.write.Conn(ctx)
		if err != nil {
			return fmt.Errorf("migrate jobs: %w", err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", jobsMigrateLock); err != nil {
			return fmt.Errorf("migrate jobs lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", jobsMigrateLock) //nolint:errcheck
		if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
			return fmt.Errorf("migrate jobs: %w", err)
		}
		return nil
	}
	for attempt := 1; ; attempt++ {
		_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		if err == nil || attempt == 3 {
			break
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("migrate jobs: %w", ctx.Err())
		case <-time.After(time.Duration(attempt) * 200 * time.Millisecond):
		}
	}
	if err != nil {
		return fmt.Errorf("migrate jobs: %w", err)
	}
	return nil
}
