package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/cadrehq/cadre/internal/calendar"
)

// Calendar returns the calendar feeds' store.
func (db *DB) Calendar() calendar.Store { return calendarStore{db.Reader()} }

type calendarStore struct{ *Conn }

func (s calendarStore) InTx(ctx context.Context, fn func(calendar.Store) error) error {
	return s.Conn.inTx(ctx, func(c *Conn) error { return fn(calendarStore{c}) })
}

func (c *Conn) InsertCalendarFeed(ctx context.Context, f calendar.Feed, hash string) (int64, error) {
	return c.insert(ctx, `INSERT INTO calendar_feeds (user_id, kind, token_hash, created_at) VALUES (?, ?, ?, ?)`, f.UserID, f.Kind, hash, f.CreatedAt)
}

func scanCalendarFeed(sc interface{ Scan(...any) error }) (calendar.Feed, error) {
	var f calendar.Feed
	var last sql.NullTime
	err := sc.Scan(&f.ID, &f.UserID, &f.Kind, &f.CreatedAt, &last)
	if last.Valid {
		f.LastRead = last.Time
	}
	return f, err
}

func (c *Conn) ListCalendarFeeds(ctx context.Context, userID int64) ([]calendar.Feed, error) {
	return scanAll(ctx, c, scanCalendarFeed, `SELECT id, user_id, kind, created_at, last_read_at FROM calendar_feeds WHERE user_id = ? ORDER BY id`, userID)
}

func (c *Conn) DeleteCalendarFeed(ctx context.Context, id int64) error {
	_, err := c.exec(ctx, `DELETE FROM calendar_feeds WHERE id = ?`, id)
	return err
}

func (c *Conn) CalendarFeedByHash(ctx context.Context, hash string) (calendar.Feed, error) {
	f, err := scanCalendarFeed(c.row(ctx, `SELECT id, user_id, kind, created_at, last_read_at FROM calendar_feeds WHERE token_hash = ?`, hash))
	return f, notFound(err, "calendar feed")
}

func (c *Conn) TouchCalendarFeed(ctx context.Context, id int64, at time.Time) error {
	_, err := c.exec(ctx, `UPDATE calendar_feeds SET last_read_at = ? WHERE id = ?`, at, id)
	return err
}
