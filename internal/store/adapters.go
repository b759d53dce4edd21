package store

import (
	"context"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/relations"
	"github.com/cadrehq/cadre/internal/work"
)

// People returns the people.Store on this database.
func (db *DB) People() people.Store { return peopleStore{db.Reader()} }

// Access returns the access.Store on this database.
func (db *DB) Access() access.Store { return accessStore{db.Reader()} }

type peopleStore struct{ *Conn }

func (p peopleStore) InTx(ctx context.Context, fn func(people.Store) error) error {
	return p.Conn.inTx(ctx, func(c *Conn) error { return fn(peopleStore{c}) })
}

type accessStore struct{ *Conn }

func (a accessStore) InTx(ctx context.Context, fn func(access.Store) error) error {
	return a.Conn.inTx(ctx, func(c *Conn) error { return fn(accessStore{c}) })
}

// Seed runs fn in one write transaction with the people and access stores
// bound to it, so that a bulk load (the demo company) is all-or-nothing.
func (db *DB) Seed(ctx context.Context, fn func(people.Store, access.Store, compliance.Store, hiring.Store, relations.Store, leave.TimeOffStore) error) error {
	if db.dialect == sqliteDialect {
		// A large page cache keeps the one big transaction from spilling.
		if _, err := db.write.ExecContext(ctx, `PRAGMA cache_size = -262144`); err != nil {
			return err
		}
		defer db.write.ExecContext(context.WithoutCancel(ctx), `PRAGMA cache_size = -8192`)
	}
	if err := db.InTx(ctx, func(c *Conn) error {
		return fn(peopleStore{c}, accessStore{c}, complianceStore{c}, hiringStore{c}, relationsStore{c}, timeOffStore{c})
	}); err != nil {
		return err
	}
	return db.Analyze(ctx)
}

// Analyze refreshes the query planner's statistics after a bulk load.
func (db *DB) Analyze(ctx context.Context) error {
	_, err := db.write.ExecContext(ctx, `ANALYZE`)
	return err
}

// IsEmpty reports whether the database holds no org units and no users.
func (db *DB) IsEmpty(ctx context.Context) (bool, error) {
	var n int
	err := db.Reader().row(ctx, `SELECT (SELECT count(*) FROM org_units) + (SELECT count(*) FROM users)`).Scan(&n)
	return n == 0, err
}

// Approvals returns the work.ServiceStore on this database.
func (db *DB) Approvals() work.ServiceStore { return approvalStore{db.Reader()} }

type approvalStore struct{ *Conn }

func (a approvalStore) InTx(ctx context.Context, fn func(work.ServiceStore) error) error {
	return a.Conn.inTx(ctx, func(c *Conn) error { return fn(approvalStore{c}) })
}
