// Package store is the only package that speaks SQL. It implements the
// Store interfaces that the domain packages declare, on SQLite (embedded,
// modernc.org/sqlite) and PostgreSQL (pgx), with hand-written SQL in the
// subset both share.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"github.com/jackc/pgx/v5/pgconn"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver
	_ "modernc.org/sqlite"             // SQLite driver

	"github.com/cadrehq/cadre/internal/kit"
)

// DB is an open database: one writer and a read pool on SQLite, one pool on
// PostgreSQL.
type DB struct {
	write   *sql.DB
	read    *sql.DB
	dialect dialect
	url     string
	path    string // SQLite file path

	// readStmts caches prepared statements on the read pool (SQLite spends
	// a fifth of a simple page's time parsing SQL otherwise). PostgreSQL's
	// driver caches statements itself.
	readMu    sync.Mutex
	readStmts map[string]*sql.Stmt

	// notificationHook, when set, runs for every notification stored, in
	// the same transaction (the app enqueues the email there).
	notificationHook NotificationHook
	// webhookHook queues a webhook delivery's job (see SetWebhookHook).
	webhookHook WebhookHook
}

// NotificationHook sends a notification on another channel (email). tx is
// the notification's transaction, or nil outside one. email is empty when
// the user turned email notifications off.
type NotificationHook func(ctx context.Context, tx *sql.Tx, userID int64, email, name, kind, title, body, link string) error

// SetNotificationHook installs the hook; call it before serving.
func (db *DB) SetNotificationHook(h NotificationHook) { db.notificationHook = h }

// maxCachedStatements bounds the read statement cache.
const maxCachedStatements = 512

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// Conn runs queries on the pool or inside one transaction. Every domain
// store adapter wraps a *Conn.
type Conn struct {
	db *DB
	q  querier
	tx *sql.Tx
	// stmts caches prepared statements for the life of a transaction.
	stmts map[string]*sql.Stmt
}

// Open opens a database by URL: "sqlite:PATH" or "postgres://…".
func Open(ctx context.Context, dbURL string) (*DB, error) {
	switch {
	case strings.HasPrefix(dbURL, "sqlite:"):
		return openSQLite(ctx, strings.TrimPrefix(dbURL, "sqlite:"))
	case strings.HasPrefix(dbURL, "postgres://"), strings.HasPrefix(dbURL, "postgresql://"):
		return openPostgres(ctx, dbURL)
	}
	return nil, fmt.Errorf("open database: unsupported URL %q (want sqlite:PATH or postgres://…)", redact(dbURL))
}

func redact(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.User == nil {
		return u
	}
	return p.Redacted()
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("open database: empty SQLite path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
	}
	pragmas := "_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_time_format=sqlite"
	w, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	db := &DB{write: w, read: r, dialect: sqliteDialect, url: "sqlite:" + path, path: path}
	if err := w.PingContext(ctx); err != nil {
		db.Close()
		// Say why when it is the disk: SQLite only says it could not open.
		if f, werr := os.CreateTemp(filepath.Dir(path), ".cadre-write-check-*"); werr != nil {
			return nil, fmt.Errorf("open database: %s is not writable (%v): Cadre must write its database and journal there; it is read-only or full", filepath.Dir(path), werr)
		} else {
			f.Close()
			os.Remove(f.Name())
		}
		return nil, fmt.Errorf("open database: %w", err)
	}
	return db, nil
}

func openPostgres(ctx context.Context, dbURL string) (*DB, error) {
	p, err := sql.Open("pgx", dbURL)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	p.SetMaxOpenConns(16)
	p.SetMaxIdleConns(16)
	p.SetConnMaxIdleTime(5 * time.Minute)
	db := &DB{write: p, read: p, dialect: postgresDialect, url: dbURL}
	if err := p.PingContext(ctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("open database %s: %w", redact(dbURL), err)
	}
	return db, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	db.readMu.Lock()
	for _, st := range db.readStmts {
		st.Close()
	}
	db.readStmts = nil
	db.readMu.Unlock()
	err := db.write.Close()
	if db.read != db.write {
		if e := db.read.Close(); err == nil {
			err = e
		}
	}
	return err
}

// Dialect names the engine: "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.dialect.String() }

// Ping checks the database is reachable.
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

// Reader returns a Conn on the read pool.
func (db *DB) Reader() *Conn { return &Conn{db: db, q: db.read} }

// Writer returns a Conn on the write pool, outside a transaction.
func (db *DB) Writer() *Conn { return &Conn{db: db, q: db.write} }

// InTx runs fn in one write transaction; it commits when fn returns nil.
func (db *DB) InTx(ctx context.Context, fn func(*Conn) error) (err error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return storageError(fmt.Errorf("begin: %w", err))
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if err = fn(&Conn{db: db, q: tx, tx: tx}); err != nil {
		return storageError(err)
	}
	if err = tx.Commit(); err != nil {
		return storageError(fmt.Errorf("commit: %w", err))
	}
	return nil
}

// ErrStorage is the message when the database cannot take a write.
const ErrStorage = "Cadre cannot save changes right now: its database is out of disk space or read-only. Nothing was saved; the administrator has been told in the log. Reading still works."

// storageError turns a full disk or a read-only database into a clear
// KindUnavailable error (503) instead of an internal one; the cause stays
// in the chain for the log.
func storageError(err error) error {
	if err == nil || kit.KindOf(err) != kit.KindInternal {
		return err
	}
	msg := strings.ToLower(err.Error())
	var pg *pgconn.PgError
	full := strings.Contains(msg, "database or disk is full") || strings.Contains(msg, "no space left on device") ||
		strings.Contains(msg, "readonly database") || strings.Contains(msg, "read-only file system") ||
		(errors.As(err, &pg) && (pg.Code == "53100" || pg.Code == "25006"))
	if !full {
		return err
	}
	return &kit.Error{Kind: kit.KindUnavailable, Msg: ErrStorage, Cause: err}
}

// inTx runs fn in a transaction, reusing the current one when c already is.
func (c *Conn) inTx(ctx context.Context, fn func(*Conn) error) error {
	if c.tx != nil {
		return fn(c)
	}
	return c.db.InTx(ctx, fn)
}

// stmt returns a cached prepared statement for q, or nil to run q directly.
func (c *Conn) stmt(ctx context.Context, q string) *sql.Stmt {
	if c.db.dialect != sqliteDialect {
		return nil
	}
	if c.tx != nil {
		if st, ok := c.stmts[q]; ok {
			return st
		}
		st, err := c.tx.PrepareContext(ctx, q)
		if err != nil {
			return nil
		}
		if c.stmts == nil {
			c.stmts = map[string]*sql.Stmt{}
		}
		c.stmts[q] = st
		return st
	}
	if c.q != c.db.read {
		return nil
	}
	d := c.db
	d.readMu.Lock()
	defer d.readMu.Unlock()
	if st, ok := d.readStmts[q]; ok {
		return st
	}
	if len(d.readStmts) >= maxCachedStatements {
		return nil
	}
	st, err := d.read.PrepareContext(ctx, q)
	if err != nil {
		return nil
	}
	if d.readStmts == nil {
		d.readStmts = map[string]*sql.Stmt{}
	}
	d.readStmts[q] = st
	return st
}

func (c *Conn) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	q = c.db.dialect.rebind(q)
	if st := c.stmt(ctx, q); st != nil {
		res, err := st.ExecContext(ctx, args...)
		return res, storageError(err)
	}
	res, err := c.q.ExecContext(ctx, q, args...)
	return res, storageError(err)
}

func (c *Conn) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q = c.db.dialect.rebind(q)
	if st := c.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return c.q.QueryContext(ctx, q, args...)
}

func (c *Conn) row(ctx context.Context, q string, args ...any) *sql.Row {
	q = c.db.dialect.rebind(q)
	if st := c.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return c.q.QueryRowContext(ctx, q, args...)
}

// insert runs an INSERT … RETURNING id and returns the id.
func (c *Conn) insert(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := c.row(ctx, q+" RETURNING id", args...).Scan(&id)
	return id, err
}

// notFound maps sql.ErrNoRows to kit's not-found error for what.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return kit.NotFound(what)
	}
	return err
}

// now is the store's timestamp for rows it stamps itself.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// Backup writes an online, consistent copy of a SQLite database to path
// (VACUUM INTO). PostgreSQL backups use pg_dump; Backup says so.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.dialect == postgresDialect {
		return errors.New("backup: this database is PostgreSQL; use pg_dump (see docs/operations.md), for example: pg_dump --format=custom --file=cadre.dump \"$CADRE_DATABASE_URL\"")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s already exists; choose a new file", path)
	}
	if _, err := db.write.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// SQLitePath is the file of a SQLite database ("" on PostgreSQL).
func (db *DB) SQLitePath() string { return db.path }

// CheckBackup opens a SQLite file read-only and confirms it is a Cadre
// database, returning how many migrations it has.
func CheckBackup(ctx context.Context, path string) (int, error) {
	if _, err := os.Stat(path); err != nil {
		return 0, fmt.Errorf("restore: %w", err)
	}
	d, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=query_only(1)")
	if err != nil {
		return 0, err
	}
	defer d.Close()
	var ok string
	if err := d.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		return 0, fmt.Errorf("restore: %s is not a healthy SQLite database (%v %s)", path, err, ok)
	}
	var n int
	if err := d.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
		return 0, fmt.Errorf("restore: %s is not a Cadre database: %w", path, err)
	}
	return n, nil
}

// SealedSamples returns one sealed value of each sealed column of a
// SQLite backup that has any (SealedColumns): a restore checks its key
// opens every one.
func SealedSamples(ctx context.Context, path string) (map[string][]byte, error) {
	d, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=query_only(1)")
	if err != nil {
		return nil, err
	}
	defer d.Close()
	out := map[string][]byte{}
	for _, tc := range SealedColumns {
		var v []byte
		err := d.QueryRowContext(ctx, `SELECT "`+tc[1]+`" FROM "`+tc[0]+`" WHERE "`+tc[1]+`" IS NOT NULL AND length("`+tc[1]+`") > 0 LIMIT 1`).Scan(&v)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil && strings.Contains(err.Error(), "no such"):
			// An older backup without this table or column.
		case err != nil:
			return nil, err
		default:
			out[tc[0]+"."+tc[1]] = v
		}
	}
	return out, nil
}

// ids runs a query that returns one integer column.
func (c *Conn) ids(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// placeholders is "?, ?, ?" for n arguments.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
