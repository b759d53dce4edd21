package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Lookup runs a read-only query that returns one value (as text) on the
// read pool: for operator diagnostics and the proof suites, which pick
// real records to aim requests at. ok is false when there is no row.
func (db *DB) Lookup(ctx context.Context, q string, args ...any) (v string, ok bool, err error) {
	var s sql.NullString
	err = db.read.QueryRowContext(ctx, db.dialect.rebind(q), args...).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("lookup: %w", err)
	}
	return s.String, s.Valid, nil
}
