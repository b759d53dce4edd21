package store

import (
	"context"
	"time"

	"github.com/cadrehq/cadre/internal/compensation/market"
	"github.com/cadrehq/cadre/internal/people"
)

// Market returns the market.Store on this database.
func (db *DB) Market() market.Store { return marketStore{db.Reader()} }

type marketStore struct{ *Conn }

func (s marketStore) InTx(ctx context.Context, fn func(market.Store) error) error {
	return s.Conn.inTx(ctx, func(c *Conn) error { return fn(marketStore{c}) })
}

func (c *Conn) MarketPoints(ctx context.Context) ([]market.Point, error) {
	rows, err := c.query(ctx, `SELECT d.id, d.source, d.job_code, d.job_title, d.currency, d.effective_on, d.p25_cents, d.p50_cents, d.p75_cents, d.p90_cents FROM market_data d
		WHERE d.effective_on = (SELECT max(d2.effective_on) FROM market_data d2 WHERE d2.source = d.source AND d2.job_code = d.job_code)
		ORDER BY d.source, d.job_code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []market.Point
	for rows.Next() {
		var p market.Point
		if err := rows.Scan(&p.ID, &p.Source, &p.JobCode, &p.JobTitle, &p.Currency, &p.EffectiveOn, &p.P25, &p.P50, &p.P75, &p.P90); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (c *Conn) InsertMarketImport(ctx context.Context, filename string, n int, by int64, at time.Time) (int64, error) {
	return c.insert(ctx, `INSERT INTO market_imports (filename, rows_count, imported_by, imported_at) VALUES (?, ?, ?, ?)`, filename, n, nullInt(by), at.UTC())
}

func (c *Conn) UpsertMarketPoint(ctx context.Context, importID int64, p market.Point) error {
	if _, err := c.exec(ctx, `DELETE FROM market_data WHERE source = ? AND job_code = ? AND effective_on = ?`, p.Source, p.JobCode, p.EffectiveOn); err != nil {
		return err
	}
	_, err := c.exec(ctx, `INSERT INTO market_data (import_id, source, job_code, job_title, currency, effective_on, p25_cents, p50_cents, p75_cents, p90_cents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		importID, p.Source, p.JobCode, p.JobTitle, p.Currency, p.EffectiveOn, p.P25, p.P50, p.P75, p.P90)
	return err
}

func (c *Conn) MarketMatches(ctx context.Context) ([]market.Match, error) {
	rows, err := c.query(ctx, `SELECT job_id, source, job_code, weight_bp FROM market_matches ORDER BY job_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []market.Match
	for rows.Next() {
		var m market.Match
		if err := rows.Scan(&m.JobID, &m.Source, &m.JobCode, &m.WeightBP); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func (c *Conn) SaveMarketMatch(ctx context.Context, m market.Match, by int64, at time.Time) error {
	if _, err := c.exec(ctx, `DELETE FROM market_matches WHERE job_id = ?`, m.JobID); err != nil || m.JobCode == "" {
		return err
	}
	_, err := c.exec(ctx, `INSERT INTO market_matches (job_id, source, job_code, weight_bp, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		m.JobID, m.Source, m.JobCode, m.WeightBP, nullInt(by), at.UTC())
	return err
}

// JobIncumbents sums each job's active employees' full-time-equivalent
// pay in scope.
func (c *Conn) JobIncumbents(ctx context.Context, paths []string, whole bool) ([]market.Incumbents, error) {
	scope, args := scopeSQL(paths, whole)
	rows, err := c.query(ctx, `SELECT e.job_id, e.pay_amount_cents, e.pay_per, e.pay_currency, e.weekly_hours FROM employees e JOIN org_units o ON o.id = e.org_unit_id
		WHERE e.status = 'active'`+scope, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	by := map[int64]*market.Incumbents{}
	var order []int64
	for rows.Next() {
		var job, amount int64
		var per, cur string
		var hours int
		if err := rows.Scan(&job, &amount, &per, &cur, &hours); err != nil {
			return nil, err
		}
		in := by[job]
		if in == nil {
			in = &market.Incumbents{JobID: job, Currency: cur}
			by[job] = in
			order = append(order, job)
		}
		if cur != in.Currency {
			continue // another currency: not averaged with this one
		}
		in.Count++
		in.FTESum += people.FTEAnnualCents(people.Pay{AmountCents: amount, Per: per}, hours)
	}
	out := make([]market.Incumbents, 0, len(order))
	for _, j := range order {
		out = append(out, *by[j])
	}
	return out, rows.Err()
}
