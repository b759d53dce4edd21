package store

import (
	"context"
	"fmt"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/relations"
)

// TrendCases lists the cases reported since a day, with their subjects,
// for the ER trends (no sealed text).
func (c *Conn) TrendCases(ctx context.Context, from date.Date) ([]relations.TrendCase, error) {
	rows, err := c.query(ctx, `SELECT k.id, k.category, k.org_unit_id, o.path, COALESCE(k.location_id, 0), k.reported_on, k.closed_on
		FROM er_cases k JOIN org_units o ON o.id = k.org_unit_id WHERE k.reported_on >= ? ORDER BY k.id`, from)
	if err != nil {
		return nil, fmt.Errorf("trend cases: %w", err)
	}
	var out []relations.TrendCase
	idx := map[int64]int{}
	for rows.Next() {
		var t relations.TrendCase
		if err := rows.Scan(&t.ID, &t.Category, &t.OrgUnitID, &t.OrgPath, &t.LocationID, &t.ReportedOn, &t.ClosedOn); err != nil {
			rows.Close()
			return nil, err
		}
		idx[t.ID] = len(out)
		out = append(out, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	subs, err := c.query(ctx, `SELECT p.case_id, p.employee_id FROM er_parties p JOIN er_cases k ON k.id = p.case_id
		WHERE p.role = 'subject' AND p.employee_id IS NOT NULL AND k.reported_on >= ?`, from)
	if err != nil {
		return nil, fmt.Errorf("trend subjects: %w", err)
	}
	defer subs.Close()
	for subs.Next() {
		var cid, eid int64
		if err := subs.Scan(&cid, &eid); err != nil {
			return nil, err
		}
		if i, ok := idx[cid]; ok {
			out[i].Subjects = append(out[i].Subjects, eid)
		}
	}
	return out, subs.Err()
}

// MonthlyHeadcount counts the employees in an employment period on the
// 15th of each month, by their current org unit and location. One pass
// over the periods that reach into the window (a query per month would
// scan them all 24 times).
func (c *Conn) MonthlyHeadcount(ctx context.Context, months []date.Date) ([]relations.Headcount, error) {
	if len(months) == 0 {
		return nil, nil
	}
	mids := make([]date.Date, len(months))
	for i, m := range months {
		mids[i] = m.AddDays(14)
	}
	rows, err := c.query(ctx, `SELECT e.org_unit_id, e.location_id, p.start_date, p.end_date FROM employment_periods p JOIN employees e ON e.id = p.employee_id
		WHERE p.start_date <= ? AND (p.end_date IS NULL OR p.end_date >= ?)`, mids[len(mids)-1], mids[0])
	if err != nil {
		return nil, fmt.Errorf("monthly headcount: %w", err)
	}
	defer rows.Close()
	type key struct {
		month     int
		unit, loc int64
	}
	counts := map[key]int{}
	for rows.Next() {
		var unit, loc int64
		var start, end date.Date
		if err := rows.Scan(&unit, &loc, &start, &end); err != nil {
			return nil, err
		}
		for i, mid := range mids {
			if start.After(mid) {
				break
			}
			if end.IsZero() || !end.Before(mid) {
				counts[key{i, unit, loc}]++
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]relations.Headcount, 0, len(counts))
	for k, n := range counts {
		out = append(out, relations.Headcount{Month: months[k.month], OrgUnitID: k.unit, LocationID: k.loc, Count: n})
	}
	return out, nil
}

// FindingCounts counts the findings per case (substantiated, not
// substantiated, inconclusive) of the cases reported since a day.
func (c *Conn) FindingCounts(ctx context.Context, from date.Date) (map[int64][3]int, error) {
	rows, err := c.query(ctx, `SELECT a.case_id, a.finding, count(*) FROM er_allegations a JOIN er_cases k ON k.id = a.case_id
		WHERE k.reported_on >= ? AND a.finding <> '' GROUP BY a.case_id, a.finding`, from)
	if err != nil {
		return nil, fmt.Errorf("finding counts: %w", err)
	}
	defer rows.Close()
	out := map[int64][3]int{}
	for rows.Next() {
		var id int64
		var f string
		var n int
		if err := rows.Scan(&id, &f, &n); err != nil {
			return nil, err
		}
		v := out[id]
		switch f {
		case "substantiated":
			v[0] += n
		case "not_substantiated":
			v[1] += n
		default:
			v[2] += n
		}
		out[id] = v
	}
	return out, rows.Err()
}

// ---- manager trainings ----

func (c *Conn) InsertTraining(ctx context.Context, t relations.Training) (int64, error) {
	id, err := c.insert(ctx, `INSERT INTO er_trainings (topic, title, held_on, trainer, hours, credits_x100, certification_id, notes, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.Topic, t.Title, t.HeldOn, t.Trainer, t.Hours, toX100(t.Credits), nullInt(t.CertificationID), t.Notes, nullInt(t.CreatedBy), t.CreatedAt.UTC())
	if isForeignKey(err) {
		return 0, kit.Invalid("certification_id", "Choose a certification from the catalogue")
	}
	if err != nil {
		return 0, err
	}
	for _, a := range t.Attendees {
		if _, err := c.exec(ctx, `INSERT INTO er_training_attendees (training_id, employee_id, attended) VALUES (?, ?, ?)`, id, a.EmployeeID, a.Attended); err != nil {
			return 0, err
		}
	}
	return id, nil
}

func (c *Conn) ListTrainings(ctx context.Context) ([]relations.Training, error) {
	rows, err := c.query(ctx, `SELECT id, topic, title, held_on, trainer, hours, credits_x100, COALESCE(certification_id, 0), notes, COALESCE(created_by, 0), created_at FROM er_trainings ORDER BY held_on DESC, id DESC LIMIT 500`)
	if err != nil {
		return nil, fmt.Errorf("list trainings: %w", err)
	}
	var out []relations.Training
	idx := map[int64]int{}
	for rows.Next() {
		var t relations.Training
		var credits int64
		if err := rows.Scan(&t.ID, &t.Topic, &t.Title, &t.HeldOn, &t.Trainer, &t.Hours, &credits, &t.CertificationID, &t.Notes, &t.CreatedBy, &t.CreatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		t.Credits = fromX100(credits)
		idx[t.ID] = len(out)
		out = append(out, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	at, err := c.query(ctx, `SELECT a.training_id, a.employee_id, e.given_name || ' ' || e.family_name, a.attended FROM er_training_attendees a
		JOIN employees e ON e.id = a.employee_id JOIN er_trainings t ON t.id = a.training_id ORDER BY e.family_name, e.given_name`)
	if err != nil {
		return nil, fmt.Errorf("training attendees: %w", err)
	}
	defer at.Close()
	for at.Next() {
		var tid int64
		var a relations.Attendee
		if err := at.Scan(&tid, &a.EmployeeID, &a.Name, &a.Attended); err != nil {
			return nil, err
		}
		if i, ok := idx[tid]; ok {
			out[i].Attendees = append(out[i].Attendees, a)
		}
	}
	return out, at.Err()
}

// LineManagers lists active employees with active direct reports.
func (c *Conn) LineManagers(ctx context.Context) ([]relations.ManagerRow, error) {
	rows, err := c.query(ctx, `SELECT m.id, m.given_name || ' ' || m.family_name, o.path, o.name, count(*)
		FROM employees r JOIN employees m ON m.id = r.manager_id JOIN org_units o ON o.id = m.org_unit_id
		WHERE r.status = 'active' AND m.status = 'active' GROUP BY m.id, m.given_name, m.family_name, o.path, o.name ORDER BY m.family_name, m.given_name`)
	if err != nil {
		return nil, fmt.Errorf("line managers: %w", err)
	}
	defer rows.Close()
	var out []relations.ManagerRow
	for rows.Next() {
		var m relations.ManagerRow
		if err := rows.Scan(&m.EmployeeID, &m.Name, &m.OrgPath, &m.OrgUnit, &m.Reports); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// LastTrained returns each employee's last attended training of a topic.
func (c *Conn) LastTrained(ctx context.Context, topic string) (map[int64]date.Date, error) {
	rows, err := c.query(ctx, `SELECT a.employee_id, max(t.held_on) FROM er_training_attendees a JOIN er_trainings t ON t.id = a.training_id
		WHERE t.topic = ? AND a.attended = ? GROUP BY a.employee_id`, topic, true)
	if err != nil {
		return nil, fmt.Errorf("last trained: %w", err)
	}
	defer rows.Close()
	out := map[int64]date.Date{}
	for rows.Next() {
		var id int64
		var d date.Date
		if err := rows.Scan(&id, &d); err != nil {
			return nil, err
		}
		out[id] = d
	}
	return out, rows.Err()
}
