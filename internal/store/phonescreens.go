package store

import (
	"context"
	"encoding/json"

	"github.com/cadrehq/cadre/internal/hiring"
)

func (c *Conn) InsertPhoneScreen(ctx context.Context, p hiring.PhoneScreen) (int64, error) {
	answers, err := json.Marshal(p.Answers)
	if err != nil {
		return 0, err
	}
	return c.insert(ctx, `INSERT INTO phone_screens (application_id, held_on, screener_id, answers, pay_cents, pay_per, available_from, work_auth, recommendation, summary, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ApplicationID, p.HeldOn, nullInt(p.ScreenerID), string(answers), p.PayCents, p.PayPer, p.AvailableFrom, p.WorkAuth, p.Recommendation, p.Summary, p.CreatedAt.UTC())
}

// ListPhoneScreens returns an application's phone screens, newest first.
func (c *Conn) ListPhoneScreens(ctx context.Context, appID int64) ([]hiring.PhoneScreen, error) {
	rows, err := c.query(ctx, `SELECT p.id, p.application_id, p.held_on, COALESCE(p.screener_id, 0), COALESCE(u.name, ''), p.answers, p.pay_cents, p.pay_per,
		p.available_from, p.work_auth, p.recommendation, p.summary, p.created_at
		FROM phone_screens p LEFT JOIN users u ON u.id = p.screener_id WHERE p.application_id = ? ORDER BY p.held_on DESC, p.id DESC`, appID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hiring.PhoneScreen
	for rows.Next() {
		var p hiring.PhoneScreen
		var answers string
		if err := rows.Scan(&p.ID, &p.ApplicationID, &p.HeldOn, &p.ScreenerID, &p.ScreenerName, &answers, &p.PayCents, &p.PayPer,
			&p.AvailableFrom, &p.WorkAuth, &p.Recommendation, &p.Summary, &p.CreatedAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(answers), &p.Answers); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
