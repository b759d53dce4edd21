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
