package store

import (
	"context"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/people"
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
func (db *DB) Seed(ctx context.Context, fn func(people.Store, access.Store) error) error {
	return db.InTx(ctx, func(c *Conn) error { return fn(peopleStore{c}, accessStore{c}) })
}

// IsEmpty reports whether the database holds no org units and no users.
func (db *DB) IsEmpty(ctx context.Context) (bool, error) {
	var n int
	err := db.Reader().row(ctx, `SELECT (SELECT count(*) FROM org_units) + (SELECT count(*) FROM users)`).Scan(&n)
	return n == 0, err
}

// Approvals returns the work.ApprovalStore on this database.
func (db *DB) Approvals() *Conn { return db.Reader() }
