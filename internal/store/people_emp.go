package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

const displayName = `CASE WHEN %[1]s.preferred_name <> '' THEN %[1]s.preferred_name ELSE %[1]s.given_name END || ' ' || %[1]s.family_name`

var empSelect = `SELECT e.id, e.employee_number, e.given_name, e.family_name, e.preferred_name, e.work_email, e.personal_email,
	e.phone, e.home_address, e.status, e.original_hire_date, e.hire_date, e.termination_date, e.org_unit_id, e.location_id,
	e.job_id, COALESCE(e.manager_id, 0), e.employment_type, e.weekly_hours, e.pay_amount_cents, e.pay_per, e.pay_currency,
	e.ssn_last4, e.ssn_enc IS NOT NULL, e.birth_date_enc IS NOT NULL, e.bank_enc IS NOT NULL, e.gender, e.eeo_race_ethnicity,
	e.version, e.created_at, o.name, o.path, l.name, j.title, j.level, j.flsa_status, COALESCE(j.pay_grade_id, 0),
	COALESCE(` + fmt.Sprintf(displayName, "m") + `, '')
	FROM employees e
	JOIN org_units o ON o.id = e.org_unit_id
	JOIN locations l ON l.id = e.location_id
	JOIN jobs j ON j.id = e.job_id
	LEFT JOIN employees m ON m.id = e.manager_id`

var lightSelect = `SELECT e.id, e.given_name, e.family_name, e.preferred_name, e.work_email, e.status, e.hire_date,
	e.org_unit_id, e.location_id, e.job_id, COALESCE(e.manager_id, 0), o.name, o.path, l.name, j.title,
	COALESCE(` + fmt.Sprintf(displayName, "m") + `, ''), e.sort_key
	FROM employees e
	JOIN org_units o ON o.id = e.org_unit_id
	JOIN locations l ON l.id = e.location_id
	JOIN jobs j ON j.id = e.job_id
	LEFT JOIN employees m ON m.id = e.manager_id`

func scanLight(s interface{ Scan(...any) error }) (people.Employee, string, error) {
	var e people.Employee
	var key string
	err := s.Scan(&e.ID, &e.GivenName, &e.FamilyName, &e.PreferredName, &e.WorkEmail, &e.Status, &e.HireDate,
		&e.OrgUnitID, &e.LocationID, &e.JobID, &e.ManagerID, &e.OrgUnitName, &e.OrgPath, &e.LocationName, &e.JobTitle, &e.ManagerName, &key)
	return e, key, err
}

func scanEmployee(s interface{ Scan(...any) error }) (people.Employee, error) {
	var e people.Employee
	err := s.Scan(&e.ID, &e.Number, &e.GivenName, &e.FamilyName, &e.PreferredName, &e.WorkEmail, &e.PersonalEmail,
		&e.Phone, &e.HomeAddress, &e.Status, &e.OriginalHireDate, &e.HireDate, &e.TerminationDate, &e.OrgUnitID, &e.LocationID,
		&e.JobID, &e.ManagerID, &e.EmploymentType, &e.WeeklyHours, &e.Pay.AmountCents, &e.Pay.Per, &e.Pay.Currency,
		&e.SSNLast4, &e.HasSSN, &e.HasBirthDate, &e.HasBank, &e.Gender, &e.EEORaceEthnicity,
		&e.Version, &e.CreatedAt, &e.OrgUnitName, &e.OrgPath, &e.LocationName, &e.JobTitle, &e.JobLevel, &e.FLSAStatus, &e.PayGradeID,
		&e.ManagerName)
	return e, err
}

func sortKey(e people.Employee) string {
	return strings.ToLower(e.FamilyName + " " + e.GivenName)
}

// NextEmployeeNumber returns the next "E000123" number.
func (c *Conn) NextEmployeeNumber(ctx context.Context) (string, error) {
	var n int64
	if err := c.row(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM employees`).Scan(&n); err != nil {
		return "", err
	}
	return fmt.Sprintf("E%06d", n), nil
}

func (c *Conn) InsertEmployee(ctx context.Context, e people.Employee, s people.Sensitive) (int64, error) {
	t := now()
	id, err := c.insert(ctx, `INSERT INTO employees (employee_number, given_name, family_name, preferred_name, work_email, personal_email, phone,
		home_address, status, original_hire_date, hire_date, termination_date, org_unit_id, location_id, job_id, manager_id, employment_type,
		weekly_hours, pay_amount_cents, pay_per, pay_currency, ssn_enc, ssn_last4, birth_date_enc, bank_enc, gender, eeo_race_ethnicity,
		sort_key, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
		e.Number, e.GivenName, e.FamilyName, e.PreferredName, e.WorkEmail, e.PersonalEmail, e.Phone,
		e.HomeAddress, e.Status, e.OriginalHireDate, e.HireDate, e.TerminationDate, e.OrgUnitID, e.LocationID, e.JobID, nullInt(e.ManagerID), e.EmploymentType,
		e.WeeklyHours, e.Pay.AmountCents, e.Pay.Per, e.Pay.Currency, nullBytes(s.SSN), s.SSNLast4, nullBytes(s.BirthDate), nullBytes(s.Bank), e.Gender, e.EEORaceEthnicity,
		sortKey(e), t, t)
	if isUnique(err) {
		return 0, kit.Conflict("an employee with this work email or number already exists")
	}
	if err != nil {
		return 0, fmt.Errorf("insert employee: %w", err)
	}
	return id, nil
}

func nullBytes(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

func (c *Conn) GetEmployee(ctx context.Context, id int64) (people.Employee, error) {
	e, err := scanEmployee(c.row(ctx, empSelect+` WHERE e.id = ?`, id))
	return e, notFound(err, "employee")
}

func (c *Conn) EmployeeIDByEmail(ctx context.Context, email string) (int64, error) {
	var id int64
	err := c.row(ctx, `SELECT id FROM employees WHERE work_email = ?`, strings.ToLower(email)).Scan(&id)
	return id, notFound(err, "employee")
}

// UpdateEmployeeCore writes the core and personal fields and bumps the
// version.
func (c *Conn) UpdateEmployeeCore(ctx context.Context, e people.Employee) error {
	res, err := c.exec(ctx, `UPDATE employees SET given_name = ?, family_name = ?, preferred_name = ?, work_email = ?, personal_email = ?,
		phone = ?, home_address = ?, gender = ?, eeo_race_ethnicity = ?, hire_date = ?, sort_key = ?, version = version + 1, updated_at = ? WHERE id = ?`,
		e.GivenName, e.FamilyName, e.PreferredName, e.WorkEmail, e.PersonalEmail, e.Phone, e.HomeAddress, e.Gender, e.EEORaceEthnicity,
		e.HireDate, sortKey(e), now(), e.ID)
	if isUnique(err) {
		return kit.Invalid("work_email", "Another employee already uses this work email")
	}
	if err != nil {
		return fmt.Errorf("update employee: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kit.NotFound("employee")
	}
	_, err = c.exec(ctx, `UPDATE employee_search SET sort_key = ? WHERE employee_id = ?`, sortKey(e), e.ID)
	return err
}

// SetCurrent writes the denormalised current state.
func (c *Conn) SetCurrent(ctx context.Context, id int64, a people.Assignment, p people.Pay, status string, term date.Date) error {
	_, err := c.exec(ctx, `UPDATE employees SET org_unit_id = ?, location_id = ?, job_id = ?, manager_id = ?, employment_type = ?, weekly_hours = ?,
		pay_amount_cents = ?, pay_per = ?, pay_currency = ?, status = ?, termination_date = ?, version = version + 1, updated_at = ? WHERE id = ?`,
		a.OrgUnitID, a.LocationID, a.JobID, nullInt(a.ManagerID), a.EmploymentType, a.WeeklyHours, p.AmountCents, p.Per, p.Currency,
		status, term, now(), id)
	if err != nil {
		return fmt.Errorf("set current state: %w", err)
	}
	if _, err := c.exec(ctx, `UPDATE employee_search SET status = ? WHERE employee_id = ? AND status <> ?`, status, id, status); err != nil {
		return fmt.Errorf("set search status: %w", err)
	}
	return nil
}

func (c *Conn) GetSensitive(ctx context.Context, id int64) (people.Sensitive, error) {
	var s people.Sensitive
	err := c.row(ctx, `SELECT ssn_enc, ssn_last4, birth_date_enc, bank_enc FROM employees WHERE id = ?`, id).Scan(&s.SSN, &s.SSNLast4, &s.BirthDate, &s.Bank)
	return s, notFound(err, "employee")
}

func (c *Conn) SetSensitive(ctx context.Context, id int64, s people.Sensitive) error {
	_, err := c.exec(ctx, `UPDATE employees SET ssn_enc = ?, ssn_last4 = ?, birth_date_enc = ?, bank_enc = ?, version = version + 1, updated_at = ? WHERE id = ?`,
		nullBytes(s.SSN), s.SSNLast4, nullBytes(s.BirthDate), nullBytes(s.Bank), now(), id)
	return err
}

func (c *Conn) SetSearchTokens(ctx context.Context, id int64, tokens []string) error {
	if _, err := c.exec(ctx, `DELETE FROM employee_search WHERE employee_id = ?`, id); err != nil {
		return err
	}
	var status, key string
	if err := c.row(ctx, `SELECT status, sort_key FROM employees WHERE id = ?`, id).Scan(&status, &key); err != nil {
		return notFound(err, "employee")
	}
	for _, t := range tokens {
		if _, err := c.exec(ctx, `INSERT INTO employee_search (token, employee_id, status, sort_key) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`, t, id, status, key); err != nil {
			return fmt.Errorf("search tokens: %w", err)
		}
	}
	return nil
}

// ManagerChain returns the employee's managers, nearest first.
func (c *Conn) ManagerChain(ctx context.Context, id int64) ([]int64, error) {
	rows, err := c.query(ctx, `WITH RECURSIVE chain(id, depth) AS (
			SELECT manager_id, 1 FROM employees WHERE id = ? AND manager_id IS NOT NULL
			UNION ALL
			SELECT e.manager_id, c.depth + 1 FROM employees e JOIN chain c ON e.id = c.id WHERE e.manager_id IS NOT NULL AND c.depth < 64
		) SELECT id FROM chain ORDER BY depth`, id)
	if err != nil {
		return nil, fmt.Errorf("manager chain: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var m int64
		if err := rows.Scan(&m); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Target returns what access needs to judge an action on an employee.
func (c *Conn) Target(ctx context.Context, id int64) (access.Target, error) {
	t := access.Target{EmployeeID: id}
	err := c.row(ctx, `SELECT o.path FROM employees e JOIN org_units o ON o.id = e.org_unit_id WHERE e.id = ?`, id).Scan(&t.OrgPath)
	if err != nil {
		return t, notFound(err, "employee")
	}
	t.ManagerChain, err = c.ManagerChain(ctx, id)
	return t, err
}

// prefixUpper bounds a prefix range scan: every string starting with p
// sorts below p + U+10FFFF bytewise.
const prefixUpper = "\U0010FFFF"

// directoryFrom is the FROM clause of a directory query. A name search
// drives the query from the matching search tokens (CROSS JOIN fixes that
// order on SQLite), so a rare name does not walk every employee in sort
// order; other filters start from the employees.
func directoryFrom(f people.DirectoryFilter) (string, []any) {
	words := strings.Fields(f.Q)
	if len(words) == 0 {
		return "FROM employees e", nil
	}
	return "FROM (SELECT DISTINCT employee_id AS sid FROM employee_search WHERE token >= ? AND token < ?) s CROSS JOIN employees e",
		[]any{words[0], words[0] + prefixUpper}
}

// withFrom swaps a query's "FROM employees e" for the directory's FROM.
func withFrom(q, from string) string { return strings.Replace(q, "FROM employees e", from, 1) }

func (c *Conn) directoryWhere(f people.DirectoryFilter) (string, []any) {
	var where []string
	var args []any
	if f.Status != "all" {
		where, args = append(where, "e.status = ?"), append(args, f.Status)
	}
	for i, w := range strings.Fields(f.Q) {
		if i == 0 {
			where = append(where, "e.id = s.sid")
			continue
		}
		where = append(where, "e.id IN (SELECT employee_id FROM employee_search WHERE token >= ? AND token < ?)")
		args = append(args, w, w+prefixUpper)
	}
	if f.OrgUnitID != 0 {
		where = append(where, "e.org_unit_id IN (SELECT s.id FROM org_units s WHERE s.path LIKE (SELECT p.path FROM org_units p WHERE p.id = ?) || '%')")
		args = append(args, f.OrgUnitID)
	}
	if f.LocationID != 0 {
		where, args = append(where, "e.location_id = ?"), append(args, f.LocationID)
	}
	if f.JobID != 0 {
		where, args = append(where, "e.job_id = ?"), append(args, f.JobID)
	}
	if f.ManagerID != 0 {
		where, args = append(where, "e.manager_id = ?"), append(args, f.ManagerID)
	}
	if len(f.ScopePaths) > 0 {
		var ors []string
		for _, p := range f.ScopePaths {
			ors, args = append(ors, "s.path LIKE ?"), append(args, escapeLike(p)+"%")
		}
		where = append(where, "e.org_unit_id IN (SELECT s.id FROM org_units s WHERE "+strings.Join(ors, " OR ")+")")
	}
	if len(where) == 0 {
		return "", args
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// searchOnly reports a directory request whose only filter is the name
// search (and status): it pages straight from the search table.
func searchOnly(f people.DirectoryFilter) bool {
	return f.Q != "" && f.OrgUnitID == 0 && f.LocationID == 0 && f.JobID == 0 && f.ManagerID == 0 && len(f.ScopePaths) == 0
}

// searchMatches is the inner query of a name-only search: the matching
// employees with their sort keys, from the covering search index.
func searchMatches(f people.DirectoryFilter) (string, []any) {
	words := strings.Fields(f.Q)
	q := `SELECT DISTINCT employee_id AS sid, sort_key AS sk FROM employee_search WHERE token >= ? AND token < ?`
	args := []any{words[0], words[0] + prefixUpper}
	if f.Status != "all" {
		q, args = q+` AND status = ?`, append(args, f.Status)
	}
	for _, w := range words[1:] {
		q += ` AND employee_id IN (SELECT employee_id FROM employee_search WHERE token >= ? AND token < ?)`
		args = append(args, w, w+prefixUpper)
	}
	return q, args
}

// searchPage answers a name-only search: count and page come from the
// search table, and only the page's rows are joined to their details.
func (c *Conn) searchPage(ctx context.Context, f people.DirectoryFilter) (people.DirectoryPage, error) {
	var page people.DirectoryPage
	inner, args := searchMatches(f)
	if !f.SkipCount {
		n := f.CountCap
		if n <= 0 {
			n = 1 << 30
		}
		if err := c.row(ctx, `SELECT count(*) FROM (`+inner+` LIMIT ?) x`, append(append([]any{}, args...), n+1)...).Scan(&page.Total); err != nil {
			return page, fmt.Errorf("search count: %w", err)
		}
		if f.CountCap > 0 && page.Total > f.CountCap {
			page.Total, page.TotalCapped = f.CountCap, true
		}
	}
	if f.After != "" || f.AfterID != 0 {
		inner = `SELECT sid, sk FROM (` + inner + `) m WHERE (sk > ? OR (sk = ? AND sid > ?))`
		args = append(args, f.After, f.After, f.AfterID)
	}
	from := `FROM (` + inner + ` ORDER BY sk, sid LIMIT ?) s CROSS JOIN employees e`
	args = append(args, f.Limit+1)
	sel := withFrom(empSelect, from)
	if f.Light {
		sel = withFrom(lightSelect, from)
	}
	rows, err := c.query(ctx, sel+` WHERE e.id = s.sid ORDER BY e.sort_key, e.id`, args...)
	if err != nil {
		return page, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	return c.fillPage(page, rows, f)
}

// Directory returns one keyset page ordered by family then given name.
func (c *Conn) Directory(ctx context.Context, f people.DirectoryFilter) (people.DirectoryPage, error) {
	if searchOnly(f) {
		return c.searchPage(ctx, f)
	}
	var page people.DirectoryPage
	from, fromArgs := directoryFrom(f)
	where, whereArgs := c.directoryWhere(f)
	args := append(fromArgs, whereArgs...)
	switch {
	case f.SkipCount:
	case f.CountCap > 0:
		if err := c.row(ctx, `SELECT count(*) FROM (SELECT 1 `+from+where+` LIMIT ?) x`, append(args, f.CountCap+1)...).Scan(&page.Total); err != nil {
			return page, fmt.Errorf("directory count: %w", err)
		}
		if page.Total > f.CountCap {
			page.Total, page.TotalCapped = f.CountCap, true
		}
	default:
		if err := c.row(ctx, `SELECT count(*) `+from+where, args...).Scan(&page.Total); err != nil {
			return page, fmt.Errorf("directory count: %w", err)
		}
	}
	q := withFrom(empSelect, from) + where
	if f.Light {
		q = withFrom(lightSelect, from) + where
	}
	if f.After != "" || f.AfterID != 0 {
		cond := "(e.sort_key > ? OR (e.sort_key = ? AND e.id > ?))"
		if where == "" {
			q += " WHERE " + cond
		} else {
			q += " AND " + cond
		}
		args = append(args, f.After, f.After, f.AfterID)
	}
	q += " ORDER BY e.sort_key, e.id LIMIT ?"
	rows, err := c.query(ctx, q, append(args, f.Limit+1)...)
	if err != nil {
		return page, fmt.Errorf("directory: %w", err)
	}
	defer rows.Close()
	return c.fillPage(page, rows, f)
}

// fillPage scans a page of rows (one more than the limit, to know whether
// a next page exists).
func (c *Conn) fillPage(page people.DirectoryPage, rows *sql.Rows, f people.DirectoryFilter) (people.DirectoryPage, error) {
	var keys []string
	var err error
	for rows.Next() {
		var e people.Employee
		var key string
		if f.Light {
			e, key, err = scanLight(rows)
		} else {
			e, err = scanEmployee(rows)
			key = sortKey(e)
		}
		if err != nil {
			return page, err
		}
		page.Items = append(page.Items, e)
		keys = append(keys, key)
	}
	if len(page.Items) > f.Limit {
		page.Items = page.Items[:f.Limit]
		last := page.Items[f.Limit-1]
		page.NextSortKey, page.NextID = keys[f.Limit-1], last.ID
	}
	return page, rows.Err()
}

// AllEmployees returns every employee matching f, for exports.
func (c *Conn) AllEmployees(ctx context.Context, f people.DirectoryFilter) ([]people.Employee, error) {
	from, fromArgs := directoryFrom(f)
	where, whereArgs := c.directoryWhere(f)
	rows, err := c.query(ctx, withFrom(empSelect, from)+where+" ORDER BY e.sort_key, e.id", append(fromArgs, whereArgs...)...)
	if err != nil {
		return nil, fmt.Errorf("all employees: %w", err)
	}
	defer rows.Close()
	var out []people.Employee
	for rows.Next() {
		e, err := scanEmployee(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func (c *Conn) employeesWithReportCount(ctx context.Context, where string, args ...any) ([]people.Employee, error) {
	rows, err := c.query(ctx, empSelect+where+` ORDER BY e.sort_key, e.id`, args...)
	if err != nil {
		return nil, err
	}
	var out []people.Employee
	idx := map[int64]int{}
	for rows.Next() {
		e, err := scanEmployee(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		idx[e.ID] = len(out)
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	ids := make([]string, 0, len(out))
	for _, e := range out {
		ids = append(ids, fmt.Sprint(e.ID))
	}
	counts, err := c.query(ctx, `SELECT manager_id, count(*) FROM employees WHERE status = 'active' AND manager_id IN (`+strings.Join(ids, ",")+`) GROUP BY manager_id`)
	if err != nil {
		return nil, err
	}
	defer counts.Close()
	for counts.Next() {
		var id int64
		var n int
		if err := counts.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[idx[id]].ReportCount = n
	}
	return out, counts.Err()
}

func (c *Conn) DirectReports(ctx context.Context, managerID int64) ([]people.Employee, error) {
	return c.employeesWithReportCount(ctx, ` WHERE e.manager_id = ? AND e.status = 'active'`, managerID)
}

func (c *Conn) TopOfOrg(ctx context.Context) ([]people.Employee, error) {
	return c.employeesWithReportCount(ctx, ` WHERE e.manager_id IS NULL AND e.status = 'active'`)
}

// HasReports reports whether anyone active reports to the employee.
func (c *Conn) HasReports(ctx context.Context, employeeID int64) (bool, error) {
	var n int
	err := c.row(ctx, `SELECT count(*) FROM (SELECT 1 FROM employees WHERE manager_id = ? AND status = 'active' LIMIT 1) x`, employeeID).Scan(&n)
	return n > 0, err
}

var _ = sql.ErrNoRows
