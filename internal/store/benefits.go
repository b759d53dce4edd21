package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/benefits"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Benefits returns the benefits.Store on this database.
func (db *DB) Benefits() benefits.Store { return benefitsStore{db.Reader()} }

type benefitsStore struct{ *Conn }

func (s benefitsStore) InTx(ctx context.Context, fn func(benefits.Store) error) error {
	return s.Conn.inTx(ctx, func(c *Conn) error { return fn(benefitsStore{c}) })
}

// scanAll runs a query and scans every row with scan.
func scanAll[T any](ctx context.Context, c *Conn, scan func(interface{ Scan(...any) error }) (T, error), q string, args ...any) ([]T, error) {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		x, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

func idsJSON(ids []int64) string {
	if ids == nil {
		ids = []int64{}
	}
	b, _ := json.Marshal(ids)
	return string(b)
}

func parseIDs(s string) []int64 {
	out := []int64{}
	_ = json.Unmarshal([]byte(s), &out)
	return out
}

// Carriers.

const carrierCols = `id, name, kind, payer_id, contact_name, contact_email, contact_phone, contract_start, renewal_date, renewal_lead_days, notes, updated_at FROM benefit_carriers`

func scanCarrier(sc interface{ Scan(...any) error }) (benefits.Carrier, error) {
	var c benefits.Carrier
	err := sc.Scan(&c.ID, &c.Name, &c.Kind, &c.PayerID, &c.ContactName, &c.ContactEmail, &c.ContactPhone, &c.ContractStart, &c.RenewalDate, &c.RenewalLeadDays, &c.Notes, &c.UpdatedAt)
	c.UpdatedAt = c.UpdatedAt.UTC()
	return c, err
}

func (c *Conn) BenefitCarriers(ctx context.Context) ([]benefits.Carrier, error) {
	return scanAll(ctx, c, scanCarrier, `SELECT `+carrierCols+` ORDER BY name`)
}

func (c *Conn) GetBenefitCarrier(ctx context.Context, id int64) (benefits.Carrier, error) {
	x, err := scanCarrier(c.row(ctx, `SELECT `+carrierCols+` WHERE id = ?`, id))
	return x, notFound(err, "carrier")
}

func (c *Conn) SaveBenefitCarrier(ctx context.Context, x benefits.Carrier) (int64, error) {
	args := []any{x.Name, x.Kind, x.PayerID, x.ContactName, x.ContactEmail, x.ContactPhone, x.ContractStart, x.RenewalDate, x.RenewalLeadDays, x.Notes, x.UpdatedAt.UTC()}
	if x.ID == 0 {
		return c.insert(ctx, `INSERT INTO benefit_carriers (name, kind, payer_id, contact_name, contact_email, contact_phone, contract_start, renewal_date, renewal_lead_days, notes, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
	}
	res, err := c.exec(ctx, `UPDATE benefit_carriers SET name = ?, kind = ?, payer_id = ?, contact_name = ?, contact_email = ?, contact_phone = ?, contract_start = ?, renewal_date = ?, renewal_lead_days = ?, notes = ?, updated_at = ? WHERE id = ?`, append(args, x.ID)...)
	if err != nil {
		return 0, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, kit.NotFound("carrier")
	}
	return x.ID, nil
}

func (c *Conn) BenefitQuotes(ctx context.Context, carrierID int64) ([]benefits.Quote, error) {
	rows, err := c.query(ctx, `SELECT id, carrier_id, plan_id, year, tier, total_cents, note, created_at FROM benefit_quotes WHERE carrier_id = ? ORDER BY year DESC, plan_id, tier, id`, carrierID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []benefits.Quote
	for rows.Next() {
		var q benefits.Quote
		if err := rows.Scan(&q.ID, &q.CarrierID, &q.PlanID, &q.Year, &q.Tier, &q.TotalCents, &q.Note, &q.CreatedAt); err != nil {
			return nil, err
		}
		q.CreatedAt = q.CreatedAt.UTC()
		out = append(out, q)
	}
	return out, rows.Err()
}

func (c *Conn) InsertBenefitQuote(ctx context.Context, q benefits.Quote) (int64, error) {
	return c.insert(ctx, `INSERT INTO benefit_quotes (carrier_id, plan_id, year, tier, total_cents, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		q.CarrierID, q.PlanID, q.Year, q.Tier, q.TotalCents, q.Note, q.CreatedAt.UTC())
}

// Plans.

const planCols = `p.id, p.carrier_id, k.name, p.type, p.name, p.code, p.group_number, p.description, p.document_url, p.eligibility, p.child_age_limit, p.active, p.updated_at
	FROM benefit_plans p JOIN benefit_carriers k ON k.id = p.carrier_id`

func scanPlan(sc interface{ Scan(...any) error }) (benefits.Plan, error) {
	var p benefits.Plan
	var elig string
	if err := sc.Scan(&p.ID, &p.CarrierID, &p.CarrierName, &p.Type, &p.Name, &p.Code, &p.GroupNumber, &p.Description, &p.DocumentURL, &elig, &p.ChildAgeLimit, &p.Active, &p.UpdatedAt); err != nil {
		return p, err
	}
	p.UpdatedAt = p.UpdatedAt.UTC()
	if err := json.Unmarshal([]byte(elig), &p.Eligibility); err != nil {
		return p, fmt.Errorf("plan eligibility: %w", err)
	}
	p.Rates = map[int][]benefits.Rate{}
	return p, nil
}

func (c *Conn) planRates(ctx context.Context, ps []benefits.Plan) error {
	if len(ps) == 0 {
		return nil
	}
	idx := map[int64]int{}
	for i, p := range ps {
		idx[p.ID] = i
	}
	q := `SELECT plan_id, year, tier, employee_cents, employer_cents FROM benefit_rates ORDER BY plan_id, year, CASE tier WHEN 'employee' THEN 1 WHEN 'employee_spouse' THEN 2 WHEN 'employee_children' THEN 3 ELSE 4 END`
	var args []any
	if len(ps) == 1 {
		q = strings.Replace(q, "ORDER BY", "WHERE plan_id = ? ORDER BY", 1)
		args = append(args, ps[0].ID)
	}
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var y int
		var r benefits.Rate
		if err := rows.Scan(&id, &y, &r.Tier, &r.EmployeeCents, &r.EmployerCents); err != nil {
			return err
		}
		if i, ok := idx[id]; ok {
			ps[i].Rates[y] = append(ps[i].Rates[y], r)
		}
	}
	return rows.Err()
}

func (c *Conn) BenefitPlans(ctx context.Context, today date.Date) ([]benefits.Plan, error) {
	rows, err := c.query(ctx, `SELECT `+planCols+` ORDER BY p.type, p.name`)
	if err != nil {
		return nil, err
	}
	var out []benefits.Plan
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := c.planRates(ctx, out); err != nil {
		return nil, err
	}
	if today.IsZero() {
		return out, nil
	}
	counts := map[int64]int{}
	rows, err = c.query(ctx, `SELECT plan_id, count(*) FROM benefit_coverages WHERE effective_from <= ? AND (effective_to IS NULL OR effective_to >= ?) GROUP BY plan_id`, today, today)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		counts[id] = n
	}
	for i := range out {
		out[i].Enrolled = counts[out[i].ID]
	}
	return out, rows.Err()
}

func (c *Conn) GetBenefitPlan(ctx context.Context, id int64) (benefits.Plan, error) {
	p, err := scanPlan(c.row(ctx, `SELECT `+planCols+` WHERE p.id = ?`, id))
	if err != nil {
		return p, notFound(err, "plan")
	}
	ps := []benefits.Plan{p}
	err = c.planRates(ctx, ps)
	return ps[0], err
}

func (c *Conn) SaveBenefitPlan(ctx context.Context, p benefits.Plan) (int64, error) {
	elig, _ := json.Marshal(p.Eligibility)
	args := []any{p.CarrierID, p.Type, p.Name, p.Code, p.GroupNumber, p.Description, p.DocumentURL, string(elig), p.ChildAgeLimit, p.Active, p.UpdatedAt.UTC()}
	id := p.ID
	var err error
	if id == 0 {
		id, err = c.insert(ctx, `INSERT INTO benefit_plans (carrier_id, type, name, code, group_number, description, document_url, eligibility, child_age_limit, active, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
	} else {
		var res sql.Result
		res, err = c.exec(ctx, `UPDATE benefit_plans SET carrier_id = ?, type = ?, name = ?, code = ?, group_number = ?, description = ?, document_url = ?, eligibility = ?, child_age_limit = ?, active = ?, updated_at = ? WHERE id = ?`, append(args, id)...)
		if err == nil {
			if n, _ := res.RowsAffected(); n == 0 {
				return 0, kit.NotFound("plan")
			}
		}
	}
	if err != nil {
		if isUnique(err) {
			return 0, kit.Invalid("code", "Another plan uses the deduction code "+p.Code)
		}
		return 0, err
	}
	if _, err := c.exec(ctx, `DELETE FROM benefit_rates WHERE plan_id = ?`, id); err != nil {
		return 0, err
	}
	for y, rs := range p.Rates {
		for _, r := range rs {
			if _, err := c.exec(ctx, `INSERT INTO benefit_rates (plan_id, year, tier, employee_cents, employer_cents) VALUES (?, ?, ?, ?, ?)`, id, y, r.Tier, r.EmployeeCents, r.EmployerCents); err != nil {
				return 0, err
			}
		}
	}
	return id, nil
}

// People.

const personCols = `e.id, 0, e.employee_number, e.given_name, e.family_name, e.work_email, o.name, o.id, o.path,
	e.employment_type, e.weekly_hours, e.hire_date, e.termination_date,
	CASE WHEN e.pay_per = 'hour' THEN e.pay_amount_cents * 2080 ELSE e.pay_amount_cents END
	FROM employees e JOIN org_units o ON o.id = e.org_unit_id`

func scanPerson(sc interface{ Scan(...any) error }) (benefits.Person, error) {
	var p benefits.Person
	err := sc.Scan(&p.EmployeeID, &p.UserID, &p.Number, &p.GivenName, &p.FamilyName, &p.WorkEmail, &p.OrgUnit, &p.OrgUnitID, &p.OrgPath, &p.Type, &p.Hours, &p.Start, &p.End, &p.AnnualPay)
	p.Name = strings.TrimSpace(p.GivenName + " " + p.FamilyName)
	return p, err
}

// BenefitPerson reads one employee with their user (lists leave the user
// out).
func (c *Conn) BenefitPerson(ctx context.Context, employeeID int64) (benefits.Person, error) {
	cols := strings.Replace(personCols, "e.id, 0,", "e.id, COALESCE((SELECT min(u.id) FROM users u WHERE u.employee_id = e.id), 0),", 1)
	p, err := scanPerson(c.row(ctx, `SELECT `+cols+` WHERE e.id = ?`, employeeID))
	return p, notFound(err, "employee")
}

// BenefitCensus sums the coverage in force on day by plan and tier, in
// scope.
func (c *Conn) BenefitCensus(ctx context.Context, day date.Date, paths []string, whole bool) ([]benefits.CensusRow, error) {
	scope, sargs := scopeSQL(paths, whole)
	// The whole company needs no join to the employees' org units.
	join := ` JOIN employees e ON e.id = v.employee_id JOIN org_units o ON o.id = e.org_unit_id`
	if whole {
		join = ""
	}
	rows, err := c.query(ctx, `SELECT v.plan_id, p.name, p.type, v.tier, count(*), COALESCE(sum(v.dependents), 0), COALESCE(sum(v.employee_cents), 0), COALESCE(sum(v.employer_cents), 0),
		COALESCE(sum(CASE WHEN v.cobra THEN 1 ELSE 0 END), 0), COALESCE(sum(CASE WHEN v.cobra THEN 0 ELSE v.employer_cents END), 0)
		FROM benefit_coverages v JOIN benefit_plans p ON p.id = v.plan_id`+join+`
		WHERE v.effective_from <= ? AND (v.effective_to IS NULL OR v.effective_to >= ?)`+scope+` GROUP BY v.plan_id, p.name, p.type, v.tier`, append([]any{day, day}, sargs...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []benefits.CensusRow
	for rows.Next() {
		var r benefits.CensusRow
		if err := rows.Scan(&r.PlanID, &r.PlanName, &r.Type, &r.Tier, &r.Count, &r.Dependents, &r.EmployeeCents, &r.EmployerCents, &r.COBRA, &r.EmployerNonCOBRA); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// progressFrom selects a window's eligible employees (employed on the
// day, in scope, the one employee of a personal window) with their
// enrollment row, if any.
func progressFrom(q benefits.ProgressQuery) (string, []any) {
	where, wargs := eligibleWhere(q)
	// The unit is joined by its key only (+e.org_unit_id), so that the
	// page walks the employees' name index instead of sorting them.
	from := ` FROM employees e JOIN org_units o ON o.id = +e.org_unit_id
		LEFT JOIN benefit_enrollments n ON n.window_id = ? AND n.employee_id = e.id
		WHERE ` + where
	args := append([]any{q.WindowID}, wargs...)
	switch q.Status {
	case benefits.Done, benefits.InProgress:
		if q.Dense {
			// Not a condition the join can start from: the employees
			// are walked by name and their enrollment looked up.
			from += ` AND COALESCE(n.status, '') = ?`
		} else {
			from += ` AND n.status = ?`
		}
		args = append(args, q.Status)
	case benefits.NotStarted:
		from += ` AND (n.status IS NULL OR n.status NOT IN ('done', 'in_progress'))`
	case "unconfirmed":
		from += ` AND (n.status IS NULL OR n.status <> 'done')`
	}
	if a := q.After; a != nil {
		from += ` AND (e.sort_key > ? OR (e.sort_key = ? AND e.id > ?))`
		args = append(args, a.SortKey, a.SortKey, a.ID)
	}
	return from, args
}

// eligibleWhere is the condition on the employees e (in their org unit
// o) eligible for a window: employed on the day, in scope, the one
// employee of a personal window.
func eligibleWhere(q benefits.ProgressQuery) (string, []any) {
	scope, sargs := scopeSQL(q.Paths, q.Whole)
	if q.EmployeeID != 0 {
		// A personal window (a new hire's, a life event's) is its
		// employee's whatever their dates.
		return `e.id = ?` + scope, append([]any{q.EmployeeID}, sargs...)
	}
	return `e.hire_date <= ? AND (e.termination_date IS NULL OR e.termination_date >= ?)` + scope, append([]any{q.Day, q.Day}, sargs...)
}

// EnrollmentProgress counts in two queries: who is eligible per org unit
// (an index with the unit and the employment dates answers it without
// reading employee rows), then who has started or finished, from the
// window's enrollment rows. Everyone else has not started.
func (c *Conn) EnrollmentProgress(ctx context.Context, q benefits.ProgressQuery) ([]benefits.Progress, error) {
	where, args := eligibleWhere(q)
	byUnit := map[string]*benefits.Progress{}
	var names []string
	// Counted per unit id from the index alone, then named.
	dwhere, dargs := `e.hire_date <= ? AND (e.termination_date IS NULL OR e.termination_date >= ?)`, []any{q.Day, q.Day}
	if q.EmployeeID != 0 {
		dwhere, dargs = `e.id = ?`, []any{q.EmployeeID}
	}
	scope, sargs := scopeSQL(q.Paths, q.Whole)
	rows, err := c.query(ctx, `SELECT o.name, sum(x.n) FROM (SELECT e.org_unit_id AS unit, count(*) AS n FROM employees e WHERE `+dwhere+` GROUP BY e.org_unit_id) x
		JOIN org_units o ON o.id = x.unit WHERE 1 = 1`+scope+` GROUP BY o.name ORDER BY o.name`, append(dargs, sargs...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		p := &benefits.Progress{}
		if err := rows.Scan(&p.OrgUnit, &p.Eligible); err != nil {
			return nil, err
		}
		byUnit[p.OrgUnit] = p
		names = append(names, p.OrgUnit)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	rows, err = c.query(ctx, `SELECT o.name, n.status, count(*) FROM benefit_enrollments n JOIN employees e ON e.id = n.employee_id JOIN org_units o ON o.id = e.org_unit_id
		WHERE n.window_id = ? AND n.status IN ('in_progress', 'done') AND `+where+` GROUP BY o.name, n.status`, append([]any{q.WindowID}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var name, status string
		var n int
		if err := rows.Scan(&name, &status, &n); err != nil {
			return nil, err
		}
		p := byUnit[name]
		if p == nil {
			continue
		}
		if status == benefits.Done {
			p.Done += n
		} else {
			p.InProgress += n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]benefits.Progress, 0, len(names))
	for _, name := range names {
		p := byUnit[name]
		p.NotStarted = p.Eligible - p.InProgress - p.Done
		out = append(out, *p)
	}
	return out, nil
}

func (c *Conn) EnrollmentPage(ctx context.Context, q benefits.ProgressQuery) ([]benefits.Enrollment, error) {
	from, args := progressFrom(q)
	rows, err := c.query(ctx, `SELECT e.id, COALESCE(n.status, 'not_started'), n.confirmed_at, e.given_name, e.family_name, e.employee_number, o.name, o.path, e.sort_key`+from+`
		ORDER BY e.sort_key, e.id LIMIT ? OFFSET ?`,
		append(args, q.Limit, q.Offset)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []benefits.Enrollment
	for rows.Next() {
		e := benefits.Enrollment{WindowID: q.WindowID}
		var at sql.NullTime
		var g, f string
		if err := rows.Scan(&e.EmployeeID, &e.Status, &at, &g, &f, &e.Number, &e.OrgUnit, &e.OrgPath, &e.SortKey); err != nil {
			return nil, err
		}
		if e.Status != benefits.Done && e.Status != benefits.InProgress {
			e.Status = benefits.NotStarted
		}
		e.Name = strings.TrimSpace(g + " " + f)
		if at.Valid {
			e.ConfirmedAt = at.Time.UTC()
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func (c *Conn) UnconfirmedUsers(ctx context.Context, q benefits.ProgressQuery) ([]int64, error) {
	q.Status = "unconfirmed"
	from, args := progressFrom(q)
	return scanAll(ctx, c, func(sc interface{ Scan(...any) error }) (int64, error) {
		var id int64
		return id, sc.Scan(&id)
	}, `SELECT (SELECT min(u.id) FROM users u WHERE u.employee_id = e.id) AS uid`+from+` AND EXISTS (SELECT 1 FROM users u WHERE u.employee_id = e.id) ORDER BY e.id`, args...)
}

// Dependents.

const depCols = `id, employee_id, relationship, given_name, family_name, gender, birth_sealed, ssn_sealed, ssn_last4, disabled, since, removed_on, created_at FROM benefit_dependents`

func scanDependent(sc interface{ Scan(...any) error }) (benefits.Dependent, error) {
	var d benefits.Dependent
	var birth, ssn []byte
	err := sc.Scan(&d.ID, &d.EmployeeID, &d.Relationship, &d.GivenName, &d.FamilyName, &d.Gender, &birth, &ssn, &d.SSNLast4, &d.Disabled, &d.Since, &d.RemovedOn, &d.CreatedAt)
	d.CreatedAt = d.CreatedAt.UTC()
	return d.WithSealed(ssn, birth), err
}

func (c *Conn) Dependents(ctx context.Context, employeeID int64) ([]benefits.Dependent, error) {
	return scanAll(ctx, c, scanDependent, `SELECT `+depCols+` WHERE employee_id = ? ORDER BY CASE relationship WHEN 'child' THEN 1 ELSE 0 END, id`, employeeID)
}

func (c *Conn) ChildDependents(ctx context.Context, bornBy int) ([]benefits.Dependent, error) {
	return scanAll(ctx, c, scanDependent, `SELECT `+depCols+` WHERE relationship = 'child' AND birth_year <= ? AND removed_on IS NULL ORDER BY employee_id, id`, bornBy)
}

func (c *Conn) GetDependent(ctx context.Context, id int64) (benefits.Dependent, error) {
	d, err := scanDependent(c.row(ctx, `SELECT `+depCols+` WHERE id = ?`, id))
	return d, notFound(err, "dependent")
}

func (c *Conn) SaveDependent(ctx context.Context, d benefits.Dependent) (int64, error) {
	ssn, birth := d.Sealed()
	var ssnArg any
	if len(ssn) > 0 {
		ssnArg = ssn
	}
	if d.ID == 0 {
		return c.insert(ctx, `INSERT INTO benefit_dependents (employee_id, relationship, given_name, family_name, gender, birth_sealed, birth_year, ssn_sealed, ssn_last4, disabled, since, removed_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			d.EmployeeID, d.Relationship, d.GivenName, d.FamilyName, d.Gender, birth, d.BirthDate.Year(), ssnArg, d.SSNLast4, d.Disabled, d.Since, d.RemovedOn, d.CreatedAt.UTC())
	}
	_, err := c.exec(ctx, `UPDATE benefit_dependents SET relationship = ?, given_name = ?, family_name = ?, gender = ?, birth_sealed = ?, ssn_sealed = ?, ssn_last4 = ?, disabled = ?, since = ?, removed_on = ? WHERE id = ?`,
		d.Relationship, d.GivenName, d.FamilyName, d.Gender, birth, ssnArg, d.SSNLast4, d.Disabled, d.Since, d.RemovedOn, d.ID)
	return d.ID, err
}

// Windows.

const windowCols = `id, kind, name, opens, closes, coverage_start, COALESCE(employee_id, 0), COALESCE(life_event_id, 0), passive, closed_at, created_at FROM benefit_windows`

func scanWindow(sc interface{ Scan(...any) error }) (benefits.Window, error) {
	var w benefits.Window
	var closed sql.NullTime
	err := sc.Scan(&w.ID, &w.Kind, &w.Name, &w.Opens, &w.Closes, &w.CoverageStart, &w.EmployeeID, &w.LifeEventID, &w.Passive, &closed, &w.CreatedAt)
	if closed.Valid {
		w.ClosedAt = closed.Time.UTC()
	}
	w.CreatedAt = w.CreatedAt.UTC()
	return w, err
}

// BenefitWindows lists windows: every one (employeeID -1), the open
// enrollment windows (0), or those plus one employee's own.
func (c *Conn) BenefitWindows(ctx context.Context, employeeID int64) ([]benefits.Window, error) {
	q, args := `SELECT `+windowCols+` ORDER BY opens DESC, id DESC`, []any{}
	if employeeID >= 0 {
		q, args = `SELECT `+windowCols+` WHERE employee_id IS NULL OR employee_id = ? ORDER BY opens DESC, id DESC`, []any{employeeID}
	}
	return scanAll(ctx, c, scanWindow, q, args...)
}

func (c *Conn) GetBenefitWindow(ctx context.Context, id int64) (benefits.Window, error) {
	w, err := scanWindow(c.row(ctx, `SELECT `+windowCols+` WHERE id = ?`, id))
	return w, notFound(err, "enrollment window")
}

func (c *Conn) SaveBenefitWindow(ctx context.Context, w benefits.Window) (int64, error) {
	if w.ID == 0 {
		return c.insert(ctx, `INSERT INTO benefit_windows (kind, name, opens, closes, coverage_start, employee_id, life_event_id, passive, closed_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			w.Kind, w.Name, w.Opens, w.Closes, w.CoverageStart, nullInt(w.EmployeeID), nullInt(w.LifeEventID), w.Passive, nullTime(w.ClosedAt), w.CreatedAt.UTC())
	}
	_, err := c.exec(ctx, `UPDATE benefit_windows SET name = ?, opens = ?, closes = ?, coverage_start = ?, passive = ?, closed_at = ? WHERE id = ?`, w.Name, w.Opens, w.Closes, w.CoverageStart, w.Passive, nullTime(w.ClosedAt), w.ID)
	return w.ID, err
}

// Elections and enrollments.

const electionCols = `x.window_id, x.employee_id, x.type, COALESCE(x.plan_id, 0), COALESCE(p.name, ''), x.tier, x.dependent_ids, x.waived, x.waive_reason, x.amount_cents, x.percent_bp, x.employee_cents, x.employer_cents, x.updated_at
	FROM benefit_elections x LEFT JOIN benefit_plans p ON p.id = x.plan_id`

func (c *Conn) elections(ctx context.Context, where string, args ...any) ([]benefits.Election, error) {
	rows, err := c.query(ctx, `SELECT `+electionCols+` WHERE `+where+` ORDER BY x.employee_id, x.type`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []benefits.Election
	for rows.Next() {
		var e benefits.Election
		var deps string
		if err := rows.Scan(&e.WindowID, &e.EmployeeID, &e.Type, &e.PlanID, &e.PlanName, &e.Tier, &deps, &e.Waived, &e.WaiveReason, &e.AmountCents, &e.PercentBP, &e.EmployeeCents, &e.EmployerCents, &e.UpdatedAt); err != nil {
			return nil, err
		}
		e.DependentIDs, e.UpdatedAt = parseIDs(deps), e.UpdatedAt.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

func (c *Conn) Elections(ctx context.Context, windowID, employeeID int64) ([]benefits.Election, error) {
	return c.elections(ctx, `x.window_id = ? AND x.employee_id = ?`, windowID, employeeID)
}

func (c *Conn) WindowElections(ctx context.Context, windowID int64) ([]benefits.Election, error) {
	return c.elections(ctx, `x.window_id = ?`, windowID)
}

func (c *Conn) SaveElection(ctx context.Context, e benefits.Election) error {
	if _, err := c.exec(ctx, `DELETE FROM benefit_elections WHERE window_id = ? AND employee_id = ? AND type = ?`, e.WindowID, e.EmployeeID, e.Type); err != nil {
		return err
	}
	_, err := c.exec(ctx, `INSERT INTO benefit_elections (window_id, employee_id, type, plan_id, tier, dependent_ids, waived, waive_reason, amount_cents, percent_bp, employee_cents, employer_cents, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.WindowID, e.EmployeeID, e.Type, nullInt(e.PlanID), e.Tier, idsJSON(e.DependentIDs), e.Waived, e.WaiveReason, e.AmountCents, e.PercentBP, e.EmployeeCents, e.EmployerCents, e.UpdatedAt.UTC())
	return err
}

func (c *Conn) DeleteElection(ctx context.Context, windowID, employeeID int64, typ string) error {
	_, err := c.exec(ctx, `DELETE FROM benefit_elections WHERE window_id = ? AND employee_id = ? AND type = ?`, windowID, employeeID, typ)
	return err
}

func (c *Conn) GetEnrollment(ctx context.Context, windowID, employeeID int64) (benefits.Enrollment, error) {
	e := benefits.Enrollment{WindowID: windowID, EmployeeID: employeeID, Status: benefits.NotStarted}
	var at sql.NullTime
	err := c.row(ctx, `SELECT status, confirmed_at FROM benefit_enrollments WHERE window_id = ? AND employee_id = ?`, windowID, employeeID).Scan(&e.Status, &at)
	if err == sql.ErrNoRows {
		return e, nil
	}
	if at.Valid {
		e.ConfirmedAt = at.Time.UTC()
	}
	return e, err
}

func (c *Conn) SaveEnrollment(ctx context.Context, e benefits.Enrollment) error {
	res, err := c.exec(ctx, `UPDATE benefit_enrollments SET status = ?, confirmed_at = ? WHERE window_id = ? AND employee_id = ?`, e.Status, nullTime(e.ConfirmedAt), e.WindowID, e.EmployeeID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	_, err = c.exec(ctx, `INSERT INTO benefit_enrollments (window_id, employee_id, status, confirmed_at) VALUES (?, ?, ?, ?)`, e.WindowID, e.EmployeeID, e.Status, nullTime(e.ConfirmedAt))
	if isUnique(err) {
		return kit.Conflict("the enrollment changed a moment ago; try again")
	}
	return err
}

func (c *Conn) Enrollments(ctx context.Context, windowID int64, paths []string, whole bool) ([]benefits.Enrollment, error) {
	scope, sargs := scopeSQL(paths, whole)
	rows, err := c.query(ctx, `SELECT n.employee_id, n.status, n.confirmed_at, e.given_name, e.family_name, e.employee_number, o.name, o.path
		FROM benefit_enrollments n JOIN employees e ON e.id = n.employee_id JOIN org_units o ON o.id = e.org_unit_id WHERE n.window_id = ?`+scope, append([]any{windowID}, sargs...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []benefits.Enrollment
	for rows.Next() {
		e := benefits.Enrollment{WindowID: windowID}
		var at sql.NullTime
		var g, f string
		if err := rows.Scan(&e.EmployeeID, &e.Status, &at, &g, &f, &e.Number, &e.OrgUnit, &e.OrgPath); err != nil {
			return nil, err
		}
		e.Name = strings.TrimSpace(g + " " + f)
		if at.Valid {
			e.ConfirmedAt = at.Time.UTC()
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Coverages.

const coverageCols = `v.id, v.employee_id, e.given_name, e.family_name, v.plan_id, p.name, v.type, v.tier, v.dependent_ids, v.amount_cents, v.percent_bp, v.employee_cents, v.employer_cents,
	v.effective_from, v.effective_to, COALESCE(v.window_id, 0), v.end_reason, v.cobra, v.created_at
	FROM benefit_coverages v JOIN benefit_plans p ON p.id = v.plan_id JOIN employees e ON e.id = v.employee_id JOIN org_units o ON o.id = e.org_unit_id`

func scanCoverage(sc interface{ Scan(...any) error }) (benefits.Coverage, error) {
	var v benefits.Coverage
	var g, f, deps string
	err := sc.Scan(&v.ID, &v.EmployeeID, &g, &f, &v.PlanID, &v.PlanName, &v.Type, &v.Tier, &deps, &v.AmountCents, &v.PercentBP, &v.EmployeeCents, &v.EmployerCents,
		&v.From, &v.To, &v.WindowID, &v.EndReason, &v.COBRA, &v.CreatedAt)
	v.EmployeeName, v.DependentIDs, v.CreatedAt = strings.TrimSpace(g+" "+f), parseIDs(deps), v.CreatedAt.UTC()
	return v, err
}

// BenefitEmployerTotals sums the employer's cost per pay period of the
// employer-paid coverage in force on each day, in one scan.
func (c *Conn) BenefitEmployerTotals(ctx context.Context, days []date.Date, paths []string, whole bool) ([]int64, error) {
	out := make([]int64, len(days))
	if len(days) == 0 {
		return out, nil
	}
	scope, sargs := scopeSQL(paths, whole)
	join := ` JOIN employees e ON e.id = v.employee_id JOIN org_units o ON o.id = e.org_unit_id`
	if whole {
		join = ""
	}
	var cols []string
	var args []any
	last := days[0]
	for _, d := range days {
		cols = append(cols, `COALESCE(sum(CASE WHEN v.effective_from <= ? AND (v.effective_to IS NULL OR v.effective_to >= ?) THEN v.employer_cents ELSE 0 END), 0)`)
		args = append(args, d, d)
		last = date.Max(last, d)
	}
	args = append(append(args, last), sargs...)
	dest := make([]any, len(days))
	for i := range out {
		dest[i] = &out[i]
	}
	err := c.row(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM benefit_coverages v`+join+` WHERE v.cobra = FALSE AND v.effective_from <= ?`+scope, args...).Scan(dest...)
	return out, err
}

// BenefitBudgetRows sums the employer-paid coverage in force on day by
// plan, tier and org unit, in scope.
func (c *Conn) BenefitBudgetRows(ctx context.Context, day date.Date, paths []string, whole bool) ([]benefits.BudgetRow, error) {
	scope, sargs := scopeSQL(paths, whole)
	rows, err := c.query(ctx, `SELECT v.plan_id, v.tier, o.name, count(*), COALESCE(sum(v.employee_cents), 0), COALESCE(sum(v.employer_cents), 0)
		FROM benefit_coverages v JOIN employees e ON e.id = v.employee_id JOIN org_units o ON o.id = e.org_unit_id
		WHERE v.cobra = FALSE AND v.effective_from <= ? AND (v.effective_to IS NULL OR v.effective_to >= ?)`+scope+` GROUP BY v.plan_id, v.tier, o.name`, append([]any{day, day}, sargs...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []benefits.BudgetRow
	for rows.Next() {
		var r benefits.BudgetRow
		if err := rows.Scan(&r.PlanID, &r.Tier, &r.OrgUnit, &r.Count, &r.EmployeeCents, &r.EmployerCents); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (c *Conn) Coverages(ctx context.Context, employeeID int64, day date.Date, paths []string, whole bool) ([]benefits.Coverage, error) {
	var q string
	var args []any
	if employeeID != 0 {
		q, args = `SELECT `+coverageCols+` WHERE v.employee_id = ? ORDER BY v.effective_from DESC, v.type, v.id`, []any{employeeID}
	} else {
		scope, sargs := scopeSQL(paths, whole)
		q = `SELECT ` + coverageCols + ` WHERE v.effective_from <= ? AND (v.effective_to IS NULL OR v.effective_to >= ?)` + scope + ` ORDER BY v.employee_id, v.type, v.id`
		args = append([]any{day, day}, sargs...)
	}
	return scanAll(ctx, c, scanCoverage, q, args...)
}

func (c *Conn) InsertCoverage(ctx context.Context, v benefits.Coverage) (int64, error) {
	var ended any
	if !v.To.IsZero() {
		ended = v.CreatedAt.UTC()
	}
	return c.insert(ctx, `INSERT INTO benefit_coverages (employee_id, plan_id, type, tier, dependent_ids, dependents, amount_cents, percent_bp, employee_cents, employer_cents, effective_from, effective_to, window_id, end_reason, cobra, created_at, ended_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		v.EmployeeID, v.PlanID, v.Type, v.Tier, idsJSON(v.DependentIDs), len(v.DependentIDs), v.AmountCents, v.PercentBP, v.EmployeeCents, v.EmployerCents, v.From, v.To, nullInt(v.WindowID), v.EndReason, v.COBRA, v.CreatedAt.UTC(), ended)
}

func (c *Conn) EndCoverage(ctx context.Context, id int64, to date.Date, reason string) error {
	_, err := c.exec(ctx, `UPDATE benefit_coverages SET effective_to = ?, end_reason = ?, ended_at = ? WHERE id = ?`, to, reason, now(), id)
	return err
}

func (c *Conn) DeleteCoverage(ctx context.Context, id int64) error {
	_, err := c.exec(ctx, `DELETE FROM benefit_coverages WHERE id = ?`, id)
	return err
}

func (c *Conn) CountWindowCoverages(ctx context.Context, windowID int64) (int, error) {
	var n int
	err := c.row(ctx, `SELECT count(*) FROM benefit_coverages WHERE window_id = ?`, windowID).Scan(&n)
	return n, err
}

// Life events.

const lifeCols = `l.id, l.employee_id, e.given_name, e.family_name, o.path, l.event, l.event_date, l.reported_on, l.request_deadline, l.coverage_effective, l.late, l.override_reason,
	COALESCE(l.dependent_id, 0), l.note, l.status, l.verified_by, l.verified_at, l.decision_note, COALESCE(l.window_id, 0), l.document_ids, l.steps, l.created_at
	FROM benefit_life_events l JOIN employees e ON e.id = l.employee_id JOIN org_units o ON o.id = e.org_unit_id`

func scanLife(sc interface{ Scan(...any) error }) (benefits.LifeEvent, error) {
	var l benefits.LifeEvent
	var g, f, docs string
	var at sql.NullTime
	err := sc.Scan(&l.ID, &l.EmployeeID, &g, &f, &l.OrgPath, &l.Event, &l.EventDate, &l.ReportedOn, &l.Deadline, &l.CoverageEffective, &l.Late, &l.OverrideReason,
		&l.DependentID, &l.Note, &l.Status, &l.VerifiedBy, &at, &l.Decision, &l.WindowID, &docs, &l.Steps, &l.CreatedAt)
	l.EmployeeName, l.CreatedAt, l.DocumentIDs = strings.TrimSpace(g+" "+f), l.CreatedAt.UTC(), parseIDs(docs)
	if at.Valid {
		l.VerifiedAt = at.Time.UTC()
	}
	return l, err
}

func (c *Conn) InsertLifeEvent(ctx context.Context, l benefits.LifeEvent) (int64, error) {
	return c.insert(ctx, `INSERT INTO benefit_life_events (employee_id, event, event_date, reported_on, request_deadline, coverage_effective, late, override_reason, dependent_id, note, status, verified_by, verified_at, decision_note, window_id, steps, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		l.EmployeeID, l.Event, l.EventDate, l.ReportedOn, l.Deadline, l.CoverageEffective, l.Late, l.OverrideReason, nullInt(l.DependentID), l.Note, l.Status, l.VerifiedBy, nullTime(l.VerifiedAt), l.Decision, nullInt(l.WindowID), l.Steps, l.CreatedAt.UTC())
}

func (c *Conn) GetLifeEvent(ctx context.Context, id int64) (benefits.LifeEvent, error) {
	l, err := scanLife(c.row(ctx, `SELECT `+lifeCols+` WHERE l.id = ?`, id))
	return l, notFound(err, "life event")
}

func (c *Conn) UpdateLifeEvent(ctx context.Context, l benefits.LifeEvent) error {
	_, err := c.exec(ctx, `UPDATE benefit_life_events SET status = ?, verified_by = ?, verified_at = ?, decision_note = ?, window_id = ? WHERE id = ?`, l.Status, l.VerifiedBy, nullTime(l.VerifiedAt), l.Decision, nullInt(l.WindowID), l.ID)
	return err
}

func (c *Conn) SetLifeEventDocuments(ctx context.Context, id int64, docIDs []int64) error {
	_, err := c.exec(ctx, `UPDATE benefit_life_events SET document_ids = ? WHERE id = ?`, idsJSON(docIDs), id)
	return err
}

func (c *Conn) SetLifeEventStatus(ctx context.Context, id int64, status string) error {
	_, err := c.exec(ctx, `UPDATE benefit_life_events SET status = ? WHERE id = ?`, status, id)
	return err
}

func (c *Conn) LifeEvents(ctx context.Context, employeeID int64, paths []string, whole bool) ([]benefits.LifeEvent, error) {
	q, args := `SELECT `+lifeCols+` WHERE l.employee_id = ? ORDER BY l.created_at DESC, l.id DESC`, []any{employeeID}
	if employeeID == 0 {
		scope, sargs := scopeSQL(paths, whole)
		q, args = `SELECT `+lifeCols+` WHERE 1 = 1`+scope+` ORDER BY l.created_at DESC, l.id DESC LIMIT 1000`, sargs
	}
	return scanAll(ctx, c, scanLife, q, args...)
}

// COBRA.

const cobraCols = `x.id, x.employee_id, e.given_name, e.family_name, o.path, COALESCE(x.dependent_id, 0), x.beneficiaries, x.event, x.qe_date, x.loss_date, x.employer_notice_due, x.qb_notice_due,
	x.election_notice_due, x.election_deadline, x.initial_premium_due, x.max_months, x.coverage_end, x.notice_sent, x.elected_on, x.status, x.plan_ids, x.premium_cents, x.steps, x.created_at
	FROM benefit_cobra x JOIN employees e ON e.id = x.employee_id JOIN org_units o ON o.id = e.org_unit_id`

func scanCOBRA(sc interface{ Scan(...any) error }) (benefits.COBRACase, error) {
	var x benefits.COBRACase
	var g, f, bene, plans string
	err := sc.Scan(&x.ID, &x.EmployeeID, &g, &f, &x.OrgPath, &x.DependentID, &bene, &x.Event, &x.QEDate, &x.LossDate, &x.EmployerNoticeDue, &x.QBNoticeDue,
		&x.ElectionNoticeDue, &x.ElectionDeadline, &x.InitialPremiumDue, &x.MaxMonths, &x.CoverageEnd, &x.NoticeSent, &x.ElectedOn, &x.Status, &plans, &x.PremiumCents, &x.Steps, &x.CreatedAt)
	x.EmployeeName, x.PlanIDs, x.CreatedAt = strings.TrimSpace(g+" "+f), parseIDs(plans), x.CreatedAt.UTC()
	_ = json.Unmarshal([]byte(bene), &x.Beneficiaries)
	return x, err
}

func (c *Conn) InsertCOBRACase(ctx context.Context, x benefits.COBRACase) (int64, error) {
	bene, _ := json.Marshal(x.Beneficiaries)
	return c.insert(ctx, `INSERT INTO benefit_cobra (employee_id, dependent_id, beneficiaries, event, qe_date, loss_date, employer_notice_due, qb_notice_due, election_notice_due, election_deadline, initial_premium_due, max_months, coverage_end, notice_sent, elected_on, status, plan_ids, premium_cents, steps, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		x.EmployeeID, nullInt(x.DependentID), string(bene), x.Event, x.QEDate, x.LossDate, x.EmployerNoticeDue, x.QBNoticeDue, x.ElectionNoticeDue, x.ElectionDeadline, x.InitialPremiumDue, x.MaxMonths, x.CoverageEnd, x.NoticeSent, x.ElectedOn, x.Status, idsJSON(x.PlanIDs), x.PremiumCents, x.Steps, x.CreatedAt.UTC())
}

func (c *Conn) GetCOBRACase(ctx context.Context, id int64) (benefits.COBRACase, error) {
	x, err := scanCOBRA(c.row(ctx, `SELECT `+cobraCols+` WHERE x.id = ?`, id))
	return x, notFound(err, "COBRA case")
}

func (c *Conn) UpdateCOBRACase(ctx context.Context, x benefits.COBRACase) error {
	_, err := c.exec(ctx, `UPDATE benefit_cobra SET election_deadline = ?, initial_premium_due = ?, notice_sent = ?, elected_on = ?, status = ?, steps = ? WHERE id = ?`,
		x.ElectionDeadline, x.InitialPremiumDue, x.NoticeSent, x.ElectedOn, x.Status, x.Steps, x.ID)
	return err
}

func (c *Conn) COBRACases(ctx context.Context, employeeID int64, paths []string, whole bool) ([]benefits.COBRACase, error) {
	q, args := `SELECT `+cobraCols+` WHERE x.employee_id = ? ORDER BY x.qe_date DESC, x.id DESC`, []any{employeeID}
	if employeeID == 0 {
		scope, sargs := scopeSQL(paths, whole)
		q, args = `SELECT `+cobraCols+` WHERE 1 = 1`+scope+` ORDER BY x.qe_date DESC, x.id DESC LIMIT 1000`, sargs
	}
	return scanAll(ctx, c, scanCOBRA, q, args...)
}

// Feeds.

const feedCols = `f.id, f.carrier_id, k.name, f.format, f.full_file, f.control_number, f.members, f.coverages, f.since, f.created_by, f.created_at FROM benefit_feeds f JOIN benefit_carriers k ON k.id = f.carrier_id`

func scanFeed(sc interface{ Scan(...any) error }, extra ...any) (benefits.Feed, error) {
	var f benefits.Feed
	var since sql.NullTime
	err := sc.Scan(append([]any{&f.ID, &f.CarrierID, &f.CarrierName, &f.Format, &f.Full, &f.ControlNumber, &f.Members, &f.Coverages, &since, &f.CreatedBy, &f.CreatedAt}, extra...)...)
	if since.Valid {
		f.Since = since.Time.UTC()
	}
	f.CreatedAt = f.CreatedAt.UTC()
	return f, err
}

func (c *Conn) InsertBenefitFeed(ctx context.Context, f benefits.Feed, content []byte) (int64, error) {
	id, err := c.insert(ctx, `INSERT INTO benefit_feeds (carrier_id, format, full_file, control_number, members, coverages, since, created_by, created_at, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		f.CarrierID, f.Format, f.Full, f.ControlNumber, f.Members, f.Coverages, nullTime(f.Since), f.CreatedBy, f.CreatedAt.UTC(), content)
	if isUnique(err) {
		return 0, kit.Conflict("another feed took the control number a moment ago; generate it again")
	}
	return id, err
}

func (c *Conn) BenefitFeeds(ctx context.Context, carrierID int64) ([]benefits.Feed, error) {
	q, args := `SELECT `+feedCols+` ORDER BY f.created_at DESC, f.id DESC LIMIT 200`, []any{}
	if carrierID != 0 {
		q, args = `SELECT `+feedCols+` WHERE f.carrier_id = ? ORDER BY f.created_at DESC, f.id DESC LIMIT 200`, []any{carrierID}
	}
	return scanAll(ctx, c, func(sc interface{ Scan(...any) error }) (benefits.Feed, error) { return scanFeed(sc) }, q, args...)
}

func (c *Conn) GetBenefitFeed(ctx context.Context, id int64) (benefits.Feed, []byte, error) {
	var content []byte
	f, err := scanFeed(c.row(ctx, `SELECT `+strings.Replace(feedCols, " FROM", ", f.content FROM", 1)+` WHERE f.id = ?`, id), &content)
	return f, content, notFound(err, "feed")
}

func (c *Conn) NextFeedControlNumber(ctx context.Context) (int, error) {
	var n int
	err := c.row(ctx, `SELECT COALESCE(max(control_number), 0) + 1 FROM benefit_feeds`).Scan(&n)
	return n, err
}

func (c *Conn) FeedCoverages(ctx context.Context, carrierID int64, day date.Date, since time.Time) ([]benefits.FeedCoverage, error) {
	cols := strings.Replace(coverageCols, "FROM benefit_coverages", `, p.type, p.group_number, e.employee_number, e.gender, e.home_address, l.city, l.region, e.employment_type, v.ended_at, e.hire_date, e.termination_date FROM benefit_coverages`, 1) +
		` JOIN locations l ON l.id = e.location_id`
	var q string
	var args []any
	if since.IsZero() {
		q, args = `SELECT `+cols+` WHERE p.carrier_id = ? AND v.effective_from <= ? AND (v.effective_to IS NULL OR v.effective_to >= ?) ORDER BY e.employee_number, v.type, v.id`, []any{carrierID, day, day}
	} else {
		q, args = `SELECT `+cols+` WHERE p.carrier_id = ? AND (v.created_at > ? OR v.ended_at > ?) ORDER BY e.employee_number, v.type, v.id`, []any{carrierID, since.UTC(), since.UTC()}
	}
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []benefits.FeedCoverage
	for rows.Next() {
		var f benefits.FeedCoverage
		var g, fam, deps string
		var ended sql.NullTime
		v := &f.Coverage
		if err := rows.Scan(&v.ID, &v.EmployeeID, &g, &fam, &v.PlanID, &v.PlanName, &v.Type, &v.Tier, &deps, &v.AmountCents, &v.PercentBP, &v.EmployeeCents, &v.EmployerCents,
			&v.From, &v.To, &v.WindowID, &v.EndReason, &v.COBRA, &v.CreatedAt,
			&f.PlanType, &f.GroupNumber, &f.Number, &f.Gender, &f.Address, &f.City, &f.State, &f.EmpType, &ended, &f.Start, &f.End); err != nil {
			return nil, err
		}
		v.EmployeeName, v.DependentIDs, v.CreatedAt = strings.TrimSpace(g+" "+fam), parseIDs(deps), v.CreatedAt.UTC()
		f.GivenName, f.FamilyName = g, fam
		if ended.Valid {
			f.EndedAt = ended.Time.UTC()
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// BenefitsIn returns the benefits.Store on the same connection (and
// transaction) as a people store from this package: a termination starts
// COBRA in its own transaction.
func BenefitsIn(ps any) (benefits.Store, bool) {
	p, ok := ps.(peopleStore)
	if !ok {
		return nil, false
	}
	return benefitsStore{p.Conn}, true
}

// Documents.

const benefitDocCols = `id, carrier_id, COALESCE(plan_id, 0), kind, title, filename, content_type, size, sha256, blob_id, COALESCE(uploaded_by, 0), created_at FROM benefit_documents`

func scanBenefitDoc(sc interface{ Scan(...any) error }) (benefits.Document, error) {
	var d benefits.Document
	err := sc.Scan(&d.ID, &d.CarrierID, &d.PlanID, &d.Kind, &d.Title, &d.Filename, &d.ContentType, &d.Size, &d.SHA256, &d.BlobID, &d.UploadedBy, &d.CreatedAt)
	d.CreatedAt = d.CreatedAt.UTC()
	return d, err
}

func (c *Conn) InsertBenefitDocument(ctx context.Context, d benefits.Document) (int64, error) {
	return c.insert(ctx, `INSERT INTO benefit_documents (carrier_id, plan_id, kind, title, filename, content_type, size, sha256, blob_id, uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.CarrierID, nullInt(d.PlanID), d.Kind, d.Title, d.Filename, d.ContentType, d.Size, d.SHA256, d.BlobID, nullInt(d.UploadedBy), d.CreatedAt.UTC())
}

func (c *Conn) GetBenefitDocument(ctx context.Context, id int64) (benefits.Document, error) {
	d, err := scanBenefitDoc(c.row(ctx, `SELECT `+benefitDocCols+` WHERE id = ?`, id))
	return d, notFound(err, "document")
}

func (c *Conn) BenefitDocuments(ctx context.Context, carrierID, planID int64) ([]benefits.Document, error) {
	q, args := `SELECT `+benefitDocCols+` WHERE carrier_id = ? ORDER BY created_at DESC, id DESC`, []any{carrierID}
	if planID != 0 {
		q, args = `SELECT `+benefitDocCols+` WHERE plan_id = ? ORDER BY created_at DESC, id DESC`, []any{planID}
	}
	return scanAll(ctx, c, scanBenefitDoc, q, args...)
}
