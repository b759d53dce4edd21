package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Leave returns the leave.Store on this database.
func (db *DB) Leave() leave.Store { return leaveStore{db.Reader()} }

type leaveStore struct{ *Conn }

// ActiveAtLocations counts the employees in an employment period on day
// whose worksite is one of the locations (their current worksite).
func (c *Conn) ActiveAtLocations(ctx context.Context, ids []int64, day date.Date) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	args := []any{day, day}
	for _, id := range ids {
		args = append(args, id)
	}
	var n int
	err := c.row(ctx, `SELECT count(DISTINCT p.employee_id) FROM employment_periods p JOIN employees e ON e.id = p.employee_id
		WHERE p.start_date <= ? AND (p.end_date IS NULL OR p.end_date >= ?) AND e.location_id IN (`+strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")+`)`, args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("active at locations: %w", err)
	}
	return n, nil
}
