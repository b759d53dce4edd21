package people

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// ImportColumns are the columns of the employee import and export files,
// in order. References are by name (department, location, job title) and
// the manager by work email, which may be another row of the same file.
var ImportColumns = []string{
	"given_name", "family_name", "preferred_name", "work_email", "personal_email", "phone",
	"hire_date", "department", "location", "job_title", "job_level", "manager_email",
	"employment_type", "weekly_hours", "pay_amount", "pay_per", "currency",
}

var requiredColumns = []string{"given_name", "family_name", "work_email", "hire_date", "department", "location", "job_title", "pay_amount", "pay_per"}

// MaxImportSize and MaxImportRows bound an import.
const (
	MaxImportSize = 5 << 20
	MaxImportRows = 20000
)

// RowResult is the outcome of one data row.
type RowResult struct {
	Line       int // 1-based line (CSV) or row (XLSX) number, header = 1
	Email      string
	Errors     kit.FieldErrors
	EmployeeID int64
}

// ImportReport is the row-by-row outcome. Nothing is written unless every
// row is valid (Applied).
type ImportReport struct {
	Rows    []RowResult
	Valid   int
	Invalid int
	Applied bool
	// FileErrors are problems with the file as a whole (columns, size).
	FileErrors []string
}

// errRollback aborts the import transaction after a failed row.
var errRollback = errors.New("import has invalid rows")

// ParseImport reads a CSV or XLSX file of employees into header-keyed
// rows.
func ParseImport(filename string, data []byte) ([]map[string]string, []int, []string, error) {
	return kit.ParseTable(filename, data, ImportColumns, requiredColumns, MaxImportSize, MaxImportRows)
}

// Import hires every row of a CSV or XLSX file in one transaction, or none
// of them: each row is validated (including references, duplicates within
// the file and against existing employees, and managers named by a later
// row), and any invalid row rolls everything back. Requires people.import
// and people.hire over each row's department. Errors: KindForbidden,
// KindTooLarge, KindInvalid (unreadable file); row problems are in the
// report, not the error.
func (s *Service) Import(ctx context.Context, a access.Actor, filename string, data []byte) (ImportReport, error) {
	var rep ImportReport
	if err := access.Require(a, access.EmployeeImport, access.CompanyTarget); err != nil {
		return rep, err
	}
	rows, lines, problems, err := ParseImport(filename, data)
	if err != nil {
		return rep, err
	}
	if len(problems) > 0 {
		rep.FileErrors = problems
		return rep, nil
	}
	ref, err := s.LoadReference(ctx, a)
	if err != nil {
		return rep, err
	}
	order, cycle := managerOrder(rows)
	err = s.inTx(ctx, func(st Store) error {
		emailToID := map[string]int64{}
		rep.Rows = make([]RowResult, len(rows))
		for _, i := range order {
			row := rows[i]
			res := RowResult{Line: lines[i], Email: strings.ToLower(row["work_email"]), Errors: kit.FieldErrors{}}
			in := rowToHire(row, ref, res.Errors)
			if cycle[i] {
				res.Errors.Add("manager_email", "Managers in the file form a reporting cycle")
			}
			if me := strings.ToLower(row["manager_email"]); me != "" && !res.Errors.Has("manager_email") {
				if id, ok := emailToID[me]; ok {
					in.ManagerID = id
				} else if id, err := st.EmployeeIDByEmail(ctx, me); err == nil {
					in.ManagerID = id
				} else {
					res.Errors.Add("manager_email", "No employee or row in this file has the email "+me)
				}
			}
			if row["_extra"] != "" {
				res.Errors.Add("row", row["_extra"])
			}
			{
				in.Invalid = res.Errors
				id, err := s.hireTx(ctx, st, a, in)
				switch {
				case err == nil:
					res.EmployeeID = id
					emailToID[res.Email] = id
				case kit.KindOf(err) == kit.KindInvalid:
					fe := kit.FieldsOf(err)
					for _, k := range fe.Sorted() {
						res.Errors.Add(importField(k), fe[k])
					}
				case kit.KindOf(err) == kit.KindForbidden:
					res.Errors.Add("department", "You may not hire into this department")
				default:
					return err
				}
			}
			if len(res.Errors) > 0 {
				rep.Invalid++
			} else {
				rep.Valid++
			}
			rep.Rows[i] = res
		}
		if rep.Invalid > 0 {
			return errRollback
		}
		return s.record(ctx, st, a, "employee.import", "employee", 0, fmt.Sprintf("Imported %d employees from %s", rep.Valid, filename), nil, nil)
	})
	if errors.Is(err, errRollback) {
		for i := range rep.Rows {
			rep.Rows[i].EmployeeID = 0
		}
		return rep, nil
	}
	if err != nil {
		return ImportReport{}, err
	}
	rep.Applied = true
	return rep, nil
}

// importField maps a hire field to the file's column name.
func importField(k string) string {
	switch k {
	case "org_unit_id":
		return "department"
	case "location_id":
		return "location"
	case "job_id":
		return "job_title"
	case "manager_id":
		return "manager_email"
	case "pay.amount_cents":
		return "pay_amount"
	case "pay.per":
		return "pay_per"
	case "pay.currency":
		return "currency"
	}
	return k
}

// managerOrder orders rows so that a manager in the file comes before their
// reports, and marks rows caught in a cycle.
func managerOrder(rows []map[string]string) ([]int, map[int]bool) {
	byEmail := map[string]int{}
	for i, r := range rows {
		byEmail[strings.ToLower(r["work_email"])] = i
	}
	state := make([]int, len(rows)) // 0 new, 1 visiting, 2 done
	cycle := map[int]bool{}
	var order []int
	var visit func(i int, depth int)
	visit = func(i int, depth int) {
		if state[i] == 2 || depth > len(rows) {
			return
		}
		if state[i] == 1 {
			cycle[i] = true
			return
		}
		state[i] = 1
		if m, ok := byEmail[strings.ToLower(rows[i]["manager_email"])]; ok && m != i {
			visit(m, depth+1)
			if cycle[m] {
				cycle[i] = true
			}
		}
		state[i] = 2
		order = append(order, i)
	}
	for i := range rows {
		visit(i, 0)
	}
	return order, cycle
}

func rowToHire(row map[string]string, ref Reference, f kit.FieldErrors) HireInput {
	in := HireInput{
		GivenName: row["given_name"], FamilyName: row["family_name"], PreferredName: row["preferred_name"],
		WorkEmail: row["work_email"], PersonalEmail: row["personal_email"], Phone: row["phone"],
		EmploymentType: row["employment_type"],
	}
	if v := row["hire_date"]; v == "" {
		f.Add("hire_date", "Enter a date (YYYY-MM-DD)")
	} else if d, err := date.Parse(v); err != nil {
		f.Add("hire_date", "Not a date in YYYY-MM-DD form: "+v)
	} else {
		in.HireDate = d
	}
	in.OrgUnitID = lookup(f, "department", row["department"], len(ref.OrgUnits), func(i int) (string, int64) { return ref.OrgUnits[i].Name, ref.OrgUnits[i].ID })
	in.LocationID = lookup(f, "location", row["location"], len(ref.Locations), func(i int) (string, int64) { return ref.Locations[i].Name, ref.Locations[i].ID })
	title, level := strings.ToLower(row["job_title"]), strings.ToLower(row["job_level"])
	var matches []int64
	for _, j := range ref.Jobs {
		if strings.ToLower(j.Title) == title && (level == "" || strings.ToLower(j.Level) == level) {
			matches = append(matches, j.ID)
		}
	}
	switch {
	case title == "":
		f.Add("job_title", "Enter a job title")
	case len(matches) == 0:
		f.Add("job_title", "No job has the title "+row["job_title"]+levelNote(row["job_level"]))
	case len(matches) > 1:
		f.Add("job_level", "Several jobs have this title; add a job_level")
	default:
		in.JobID = matches[0]
	}
	if v := row["weekly_hours"]; v != "" {
		h, err := strconv.Atoi(v)
		if err != nil {
			f.Add("weekly_hours", "Enter whole hours, like 40")
		}
		in.WeeklyHours = h
	}
	if v := row["pay_amount"]; v != "" {
		c, err := kit.ParseCents(v)
		if err != nil {
			f.Add("pay_amount", "Enter an amount like 85000 or 21.50")
		}
		in.Pay.AmountCents = c
	}
	in.Pay.Per, in.Pay.Currency = strings.ToLower(row["pay_per"]), strings.ToUpper(row["currency"])
	return in
}

func levelNote(level string) string {
	if level == "" {
		return ""
	}
	return " at level " + level
}

func lookup(f kit.FieldErrors, field, name string, n int, at func(int) (string, int64)) int64 {
	if name == "" {
		f.Add(field, "Enter a value")
		return 0
	}
	for i := 0; i < n; i++ {
		if nm, id := at(i); strings.EqualFold(nm, name) {
			return id
		}
	}
	f.Add(field, "No "+strings.ReplaceAll(field, "_", " ")+" is named "+name)
	return 0
}

// Export writes the actor's scope of active employees as CSV or XLSX with
// the import columns, so an export can be edited and imported elsewhere.
// Requires people.export; rows are limited to the grant's scope. Errors:
// DirectoryColumns are the directory file's columns: who works here and
// where, nothing personal and no pay.
var DirectoryColumns = []string{"employee_number", "given_name", "family_name", "preferred_name", "work_email", "job_title", "org_unit", "location",
	"manager_work_email", "hire_date", "employment_type", "status"}

// DirectoryCSV is the directory of the active employees in the actor's
// export scope (people.export) as CSV, for directory feeds: names, work
// email, job, unit, location, manager, hire date, employment type.
func (s *Service) DirectoryCSV(ctx context.Context, a access.Actor) ([]byte, error) {
	paths, whole := access.ScopePaths(a, access.EmployeeExport)
	if !whole && len(paths) == 0 {
		return nil, kit.Forbidden("you do not have permission %q", string(access.EmployeeExport))
	}
	f := DirectoryFilter{Status: StatusActive}
	if !whole {
		f.ScopePaths = paths
	}
	emps, err := s.store.AllEmployees(ctx, f)
	if err != nil {
		return nil, err
	}
	emails := map[int64]string{}
	for _, e := range emps {
		emails[e.ID] = e.WorkEmail
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(DirectoryColumns); err != nil {
		return nil, err
	}
	for _, e := range emps {
		mgr := emails[e.ManagerID]
		if mgr == "" && e.ManagerID != 0 {
			if m, err := s.store.GetEmployee(ctx, e.ManagerID); err == nil {
				mgr = m.WorkEmail
			}
		}
		row := []string{e.Number, e.GivenName, e.FamilyName, e.PreferredName, e.WorkEmail, e.JobTitle, e.OrgUnitName, e.LocationName, mgr,
			e.HireDate.String(), e.EmploymentType, e.Status}
		for i, v := range row {
			row[i] = kit.SafeCell(v)
		}
		if err := w.Write(row); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// KindForbidden, KindInvalid (format).
func (s *Service) Export(ctx context.Context, a access.Actor, format string, f DirectoryFilter) ([]byte, error) {
	paths, whole := access.ScopePaths(a, access.EmployeeExport)
	if !whole && len(paths) == 0 {
		return nil, kit.Forbidden("you do not have permission %q", string(access.EmployeeExport))
	}
	if !whole {
		f.ScopePaths = paths
	}
	if f.Status == "" {
		f.Status = StatusActive
	}
	emps, err := s.store.AllEmployees(ctx, f)
	if err != nil {
		return nil, err
	}
	emails := map[int64]string{}
	for _, e := range emps {
		emails[e.ID] = e.WorkEmail
	}
	rows := [][]string{ImportColumns}
	for _, e := range emps {
		mgr := emails[e.ManagerID]
		if mgr == "" && e.ManagerID != 0 {
			if m, err := s.store.GetEmployee(ctx, e.ManagerID); err == nil {
				mgr = m.WorkEmail
			}
		}
		amount := strings.ReplaceAll(kit.FormatCents(e.Pay.AmountCents), ",", "")
		rows = append(rows, []string{e.GivenName, e.FamilyName, e.PreferredName, e.WorkEmail, e.PersonalEmail, e.Phone,
			e.HireDate.String(), e.OrgUnitName, e.LocationName, e.JobTitle, e.JobLevel, mgr,
			e.EmploymentType, strconv.Itoa(e.WeeklyHours), amount, e.Pay.Per, e.Pay.Currency})
	}
	switch format {
	case "csv":
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		for _, r := range rows {
			// Neutralise spreadsheet formula injection in exported text.
			for i, v := range r {
				if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) && i != 14 {
					r[i] = "'" + v
				}
			}
			if err := w.Write(r); err != nil {
				return nil, err
			}
		}
		w.Flush()
		return b.Bytes(), w.Error()
	case "xlsx":
		x := excelize.NewFile()
		defer x.Close()
		sw, err := x.NewStreamWriter("Sheet1")
		if err != nil {
			return nil, err
		}
		for i, r := range rows {
			vals := make([]any, len(r))
			for j, v := range r {
				vals[j] = v
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := sw.SetRow(cell, vals); err != nil {
				return nil, err
			}
		}
		if err := sw.Flush(); err != nil {
			return nil, err
		}
		x.SetSheetName("Sheet1", "Employees")
		var b bytes.Buffer
		if err := x.Write(&b); err != nil {
			return nil, err
		}
		return b.Bytes(), nil
	}
	return nil, kit.Invalid("format", "Choose csv or xlsx")
}
