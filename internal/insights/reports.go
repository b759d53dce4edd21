package insights

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// Field kinds.
const (
	KindText   = "text"
	KindDate   = "date"
	KindNumber = "number"
	KindMoney  = "money" // minor units; shown and filtered in major units
)

// Field is a column a report may show, filter or group by.
type Field struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Kind  string `json:"kind"`
	// Perm is needed to see the field besides the subject's permission,
	// over the whole of the report's scope ("" none).
	Perm access.Permission `json:"permission,omitempty"`
}

// Subject is what a report lists, one row per employee, assignment, pay
// record, leave case or ER case.
type Subject struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	About string `json:"about"`
	// Perm decides the rows: those in the actor's scope under it.
	Perm access.Permission `json:"permission"`
	// Dated is "as_of" (the state on a day) or "range" (rows dated in
	// a period, by DateField).
	Dated     string  `json:"dated"`
	DateField string  `json:"date_field,omitempty"`
	Fields    []Field `json:"fields"`
}

var personFields = []Field{
	{Key: "employee_number", Label: "Employee number", Kind: KindText},
	{Key: "name", Label: "Name", Kind: KindText},
}

// Subjects are the report builder's subjects. Medical reasons, SSNs,
// dates of birth, bank details and ER narratives are never fields.
var Subjects = []Subject{
	{Key: "employees", Label: "Employees", About: "Everyone employed on the as-of date, with their job, unit and manager then", Perm: access.JobHistoryView, Dated: "as_of",
		Fields: append(slices.Clone(personFields),
			Field{Key: "work_email", Label: "Work email", Kind: KindText},
			Field{Key: "org_unit", Label: "Org unit", Kind: KindText},
			Field{Key: "location", Label: "Location", Kind: KindText},
			Field{Key: "job", Label: "Job", Kind: KindText},
			Field{Key: "job_family", Label: "Job family", Kind: KindText},
			Field{Key: "job_level", Label: "Job level", Kind: KindText},
			Field{Key: "manager", Label: "Manager", Kind: KindText},
			Field{Key: "employment_type", Label: "Employment type", Kind: KindText},
			Field{Key: "weekly_hours", Label: "Weekly hours", Kind: KindNumber},
			Field{Key: "hire_date", Label: "Start of employment", Kind: KindDate},
			Field{Key: "original_hire_date", Label: "Original hire date", Kind: KindDate},
			Field{Key: "last_day", Label: "Last day (if set)", Kind: KindDate},
			Field{Key: "pay_amount", Label: "Pay", Kind: KindMoney, Perm: access.PayView},
			Field{Key: "pay_per", Label: "Pay per", Kind: KindText, Perm: access.PayView},
			Field{Key: "pay_currency", Label: "Currency", Kind: KindText, Perm: access.PayView},
		)},
	{Key: "job_history", Label: "Job history", About: "Job, unit, location and manager changes that took effect in the period", Perm: access.JobHistoryView, Dated: "range", DateField: "effective_from",
		Fields: append(slices.Clone(personFields),
			Field{Key: "effective_from", Label: "Effective from", Kind: KindDate},
			Field{Key: "reason", Label: "Reason", Kind: KindText},
			Field{Key: "org_unit", Label: "Org unit", Kind: KindText},
			Field{Key: "location", Label: "Location", Kind: KindText},
			Field{Key: "job", Label: "Job", Kind: KindText},
			Field{Key: "job_family", Label: "Job family", Kind: KindText},
			Field{Key: "manager", Label: "Manager", Kind: KindText},
			Field{Key: "employment_type", Label: "Employment type", Kind: KindText},
			Field{Key: "weekly_hours", Label: "Weekly hours", Kind: KindNumber},
		)},
	{Key: "separations", Label: "Separations", About: "Employment that ended in the period: the reason, whether it was voluntary and regretted, and the last job and unit", Perm: access.JobHistoryView, Dated: "range", DateField: "last_day",
		Fields: append(slices.Clone(personFields),
			Field{Key: "start_date", Label: "Start of employment", Kind: KindDate},
			Field{Key: "last_day", Label: "Last day", Kind: KindDate},
			Field{Key: "reason", Label: "Reason", Kind: KindText},
			Field{Key: "voluntary", Label: "Voluntary", Kind: KindText},
			Field{Key: "regretted", Label: "Regretted", Kind: KindText},
			Field{Key: "rehire_eligible", Label: "Eligible for rehire", Kind: KindText},
			Field{Key: "org_unit", Label: "Org unit", Kind: KindText},
			Field{Key: "job", Label: "Job", Kind: KindText},
			Field{Key: "job_family", Label: "Job family", Kind: KindText},
		)},
	{Key: "pay", Label: "Pay", About: "Pay records that took effect in the period", Perm: access.PayView, Dated: "range", DateField: "effective_from",
		Fields: append(slices.Clone(personFields),
			Field{Key: "effective_from", Label: "Effective from", Kind: KindDate},
			Field{Key: "reason", Label: "Reason", Kind: KindText},
			Field{Key: "amount", Label: "Amount", Kind: KindMoney},
			Field{Key: "per", Label: "Per", Kind: KindText},
			Field{Key: "currency", Label: "Currency", Kind: KindText},
			Field{Key: "org_unit", Label: "Org unit (today)", Kind: KindText},
			Field{Key: "job", Label: "Job (today)", Kind: KindText},
		)},
	{Key: "leave", Label: "Leave cases", About: "FMLA and state leave cases starting in the period (the medical details are never reported)", Perm: access.LeaveCaseView, Dated: "range", DateField: "starts_on",
		Fields: append(slices.Clone(personFields),
			Field{Key: "case_id", Label: "Case", Kind: KindNumber},
			Field{Key: "starts_on", Label: "Starts", Kind: KindDate},
			Field{Key: "ends_on", Label: "Ends", Kind: KindDate},
			Field{Key: "schedule", Label: "Schedule", Kind: KindText},
			Field{Key: "status", Label: "Status", Kind: KindText},
			Field{Key: "reason", Label: "Qualifying reason", Kind: KindText, Perm: access.LeaveCaseManage},
			Field{Key: "org_unit", Label: "Org unit", Kind: KindText},
		)},
	{Key: "cases", Label: "ER cases", About: "Employee relations cases reported in the period that you may see (metadata only, never the narrative)", Perm: access.CaseWork, Dated: "range", DateField: "reported_on",
		Fields: []Field{
			{Key: "case_id", Label: "Case", Kind: KindNumber},
			{Key: "reported_on", Label: "Reported", Kind: KindDate},
			{Key: "occurred_on", Label: "Occurred", Kind: KindDate},
			{Key: "category", Label: "Category", Kind: KindText},
			{Key: "severity", Label: "Severity", Kind: KindText},
			{Key: "status", Label: "Status", Kind: KindText},
			{Key: "channel", Label: "Channel", Kind: KindText},
			{Key: "org_unit", Label: "Org unit", Kind: KindText},
			{Key: "location", Label: "Location", Kind: KindText},
			{Key: "owner", Label: "Owner", Kind: KindText},
			{Key: "closed_on", Label: "Closed", Kind: KindDate},
		}},
}

// SubjectOf finds a subject.
func SubjectOf(key string) (Subject, bool) {
	for _, s := range Subjects {
		if s.Key == key {
			return s, true
		}
	}
	return Subject{}, false
}

// FieldOf finds a subject's field.
func (s Subject) FieldOf(key string) (Field, bool) {
	for _, f := range s.Fields {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// Operators by kind.
var (
	textOps  = []string{"eq", "ne", "contains", "empty", "not_empty"}
	valueOps = []string{"eq", "ne", "lt", "lte", "gt", "gte", "empty", "not_empty"}
)

// OpsFor lists the operators a field kind takes.
func OpsFor(kind string) []string {
	if kind == KindText {
		return textOps
	}
	return valueOps
}

// OpLabels name the operators.
var OpLabels = map[string]string{"eq": "is", "ne": "is not", "contains": "contains", "empty": "is empty", "not_empty": "is not empty",
	"lt": "is before / less than", "lte": "is on or before / at most", "gt": "is after / more than", "gte": "is on or after / at least"}

// Condition filters rows on a field.
type Condition struct {
	Field string `json:"field"`
	Op    string `json:"op" enum:"eq,ne,contains,lt,lte,gt,gte,empty,not_empty"`
	Value string `json:"value,omitempty"`
}

// Spec is a report: its subject, columns, filters, grouping and dates.
type Spec struct {
	Subject string      `json:"subject"`
	Columns []string    `json:"columns"`
	Filters []Condition `json:"filters,omitempty"`
	GroupBy string      `json:"group_by,omitempty" doc:"A field: the report then counts rows per value"`
	AsOf    date.Date   `json:"as_of,omitzero" doc:"For a subject dated as of a day (employees); default today"`
	From    date.Date   `json:"from,omitzero" doc:"For a subject dated in a period; default a year ago"`
	To      date.Date   `json:"to,omitzero" doc:"For a subject dated in a period; default today"`
}

// ReportQuery is a validated spec with the rows' scope, for the store.
// Filter values are normalised: dates as YYYY-MM-DD, money in minor
// units, numbers as decimals.
type ReportQuery struct {
	Spec
	Units []int64 // nil: the whole company
	Limit int
}

// ValueCount is a value of the grouping field and its row count.
type ValueCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Result is a report's output.
type Result struct {
	Spec      Spec         `json:"spec"`
	Subject   string       `json:"subject_label"`
	Columns   []Field      `json:"columns"`
	Rows      [][]string   `json:"rows"`
	Total     int          `json:"total"`
	Truncated bool         `json:"truncated"`
	Groups    []ValueCount `json:"groups,omitempty"`
}

// CaseRow is an ER case as a report row (metadata only).
type CaseRow struct {
	ID                                  int64
	Category, Severity, Status, Channel string
	OrgUnitID                           int64
	OrgUnit, Location, Owner            string
	ReportedOn, OccurredOn, ClosedOn    date.Date
}

// CaseSource lists the ER cases the actor may see (the relations
// domain's need-to-know; the app wires it).
type CaseSource func(ctx context.Context, a access.Actor) ([]CaseRow, error)

// SetCaseSource wires the ER cases into the report builder.
func (s *Service) SetCaseSource(c CaseSource) { s.cases = c }

// MaxRows is the most rows a report shows on screen; exports go to
// MaxExportRows.
const (
	MaxRows       = 1000
	MaxExportRows = 100000
)

// covers reports whether the actor holds p over all of the report's
// scope (paths, or the whole company).
func coversScope(a access.Actor, p access.Permission, paths []string, whole bool) bool {
	pp, pw := access.ScopePaths(a, p)
	if pw {
		return true
	}
	if whole {
		return false
	}
	for _, x := range paths {
		if !covered(x, pp, false) {
			return false
		}
	}
	return len(paths) > 0
}

// validate checks a spec for the actor and fills its defaults; the
// field errors are keyed subject, columns, filters.N.field/op/value,
// group_by, as_of, from, to.
func (s *Service) validate(ctx context.Context, a access.Actor, spec Spec) (ReportQuery, Subject, []Field, error) {
	if !access.CanAnywhere(a, access.ReportsBuild) {
		return ReportQuery{}, Subject{}, nil, kit.Forbidden("the report builder is for HR")
	}
	fe := kit.FieldErrors{}
	sub, ok := SubjectOf(spec.Subject)
	if !ok {
		fe.Add("subject", "Choose what the report lists")
		return ReportQuery{}, sub, nil, fe.Err()
	}
	paths, whole := access.ScopePaths(a, sub.Perm)
	if !whole && len(paths) == 0 {
		return ReportQuery{}, sub, nil, kit.Forbidden("you may not see %s", strings.ToLower(sub.Label))
	}
	allowed := func(f Field) bool { return f.Perm == "" || coversScope(a, f.Perm, paths, whole) }
	var cols []Field
	seen := map[string]bool{}
	if len(spec.Columns) == 0 {
		fe.Add("columns", "Choose at least one column")
	}
	if len(spec.Columns) > 40 {
		fe.Add("columns", "Choose at most 40 columns")
	}
	for _, c := range spec.Columns {
		f, ok := sub.FieldOf(c)
		switch {
		case !ok:
			fe.Add("columns", fmt.Sprintf("%q is not a column of %s", c, strings.ToLower(sub.Label)))
		case !allowed(f):
			fe.Add("columns", fmt.Sprintf("You may not see %s for everyone in your scope", strings.ToLower(f.Label)))
		case !seen[c]:
			seen[c] = true
			cols = append(cols, f)
		}
	}
	if len(spec.Filters) > 10 {
		fe.Add("filters", "Use at most 10 filters")
	}
	q := ReportQuery{Spec: spec}
	q.Filters = nil
	for i, c := range spec.Filters {
		key := fmt.Sprintf("filters.%d.", i)
		f, ok := sub.FieldOf(c.Field)
		if !ok || !allowed(f) {
			fe.Add(key+"field", "Choose a field you may see")
			continue
		}
		if !slices.Contains(OpsFor(f.Kind), c.Op) {
			fe.Add(key+"op", "Choose how to compare "+strings.ToLower(f.Label))
			continue
		}
		v := strings.TrimSpace(c.Value)
		if c.Op != "empty" && c.Op != "not_empty" {
			switch f.Kind {
			case KindDate:
				d, err := date.Parse(v)
				if err != nil {
					fe.Add(key+"value", "Enter a date as YYYY-MM-DD")
				}
				v = d.String()
			case KindNumber:
				n, err := strconv.ParseFloat(v, 64)
				if err != nil {
					fe.Add(key+"value", "Enter a number")
				}
				v = strconv.FormatFloat(n, 'f', -1, 64)
			case KindMoney:
				n, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimPrefix(v, "$"), ",", ""), 64)
				if err != nil {
					fe.Add(key+"value", "Enter an amount")
				}
				v = strconv.FormatInt(int64(n*100+0.5), 10)
			default:
				if v == "" {
					fe.Add(key+"value", "Enter a value")
				}
				if len(v) > 200 {
					fe.Add(key+"value", "Use at most 200 characters")
				}
			}
		}
		q.Filters = append(q.Filters, Condition{Field: f.Key, Op: c.Op, Value: v})
	}
	if spec.GroupBy != "" {
		f, ok := sub.FieldOf(spec.GroupBy)
		if !ok || !allowed(f) {
			fe.Add("group_by", "Choose a field you may see")
		}
	}
	today := s.Today()
	switch sub.Dated {
	case "as_of":
		if q.AsOf.IsZero() {
			q.AsOf = today
		}
		q.From, q.To = date.Date{}, date.Date{}
	case "range":
		if q.To.IsZero() {
			q.To = today
		}
		if q.From.IsZero() {
			q.From = q.To.AddYears(-1).AddDays(1)
		}
		if q.To.Before(q.From) {
			fe.Add("to", "Must be on or after the start")
		}
		q.AsOf = date.Date{}
	}
	if err := fe.Err(); err != nil {
		return ReportQuery{}, sub, nil, err
	}
	if !whole {
		units, err := s.store.InsightUnits(ctx)
		if err != nil {
			return ReportQuery{}, sub, nil, err
		}
		q.Units = []int64{}
		for _, u := range units {
			if covered(u.Path, paths, false) {
				q.Units = append(q.Units, u.ID)
			}
		}
	}
	return q, sub, cols, nil
}

// Run runs a report for the actor: the rows they may see under the
// subject's permission, each column only if they may see it over the
// whole scope. At most limit rows (MaxRows when 0, at most
// MaxExportRows); Total counts them all. Requires insights.reports.
// Errors: KindInvalid (field by field), KindForbidden.
func (s *Service) Run(ctx context.Context, a access.Actor, spec Spec, limit int) (Result, error) {
	q, sub, cols, err := s.validate(ctx, a, spec)
	if err != nil {
		return Result{}, err
	}
	if limit <= 0 {
		limit = MaxRows
	}
	q.Limit = min(limit, MaxExportRows)
	res := Result{Spec: q.Spec, Subject: sub.Label, Columns: cols}
	if sub.Key == "cases" {
		err = s.runCases(ctx, a, q, sub, &res)
	} else {
		res.Rows, res.Total, err = s.store.ReportRows(ctx, q)
		if err == nil && q.GroupBy != "" {
			res.Groups, err = s.store.ReportGroups(ctx, q)
		}
	}
	if err != nil {
		return Result{}, fmt.Errorf("report: %w", err)
	}
	if res.Rows == nil {
		res.Rows = [][]string{}
	}
	res.Truncated = res.Total > len(res.Rows)
	return res, nil
}

// runCases filters the ER cases the relations domain lets the actor see.
func (s *Service) runCases(ctx context.Context, a access.Actor, q ReportQuery, sub Subject, res *Result) error {
	if s.cases == nil {
		return fmt.Errorf("no ER case source")
	}
	rows, err := s.cases(ctx, a)
	if err != nil {
		return err
	}
	value := func(c CaseRow, key string) string {
		switch key {
		case "case_id":
			return strconv.FormatInt(c.ID, 10)
		case "reported_on":
			return dateOrEmpty(c.ReportedOn)
		case "occurred_on":
			return dateOrEmpty(c.OccurredOn)
		case "closed_on":
			return dateOrEmpty(c.ClosedOn)
		case "category":
			return c.Category
		case "severity":
			return c.Severity
		case "status":
			return c.Status
		case "channel":
			return c.Channel
		case "org_unit":
			return c.OrgUnit
		case "location":
			return c.Location
		case "owner":
			return c.Owner
		}
		return ""
	}
	groups := map[string]int{}
	for _, c := range rows {
		if c.ReportedOn.Before(q.From) || c.ReportedOn.After(q.To) {
			continue
		}
		if q.Units != nil && !slices.Contains(q.Units, c.OrgUnitID) {
			continue
		}
		ok := true
		for _, f := range q.Filters {
			fd, _ := sub.FieldOf(f.Field)
			if !match(value(c, f.Field), fd.Kind, f.Op, f.Value) {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		res.Total++
		if q.GroupBy != "" {
			groups[value(c, q.GroupBy)]++
		}
		if len(res.Rows) < q.Limit {
			row := make([]string, len(res.Columns))
			for i, col := range res.Columns {
				row[i] = value(c, col.Key)
			}
			res.Rows = append(res.Rows, row)
		}
	}
	for v, n := range groups {
		res.Groups = append(res.Groups, ValueCount{Value: v, Count: n})
	}
	slices.SortFunc(res.Groups, func(x, y ValueCount) int {
		if x.Count != y.Count {
			return y.Count - x.Count
		}
		return strings.Compare(x.Value, y.Value)
	})
	return nil
}

func dateOrEmpty(d date.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// match applies a condition to a value in Go (the ER cases; the store
// does the same in SQL).
func match(v, kind, op, want string) bool {
	switch op {
	case "empty":
		return v == ""
	case "not_empty":
		return v != ""
	case "contains":
		return strings.Contains(strings.ToLower(v), strings.ToLower(want))
	}
	var c int
	if kind == KindNumber || kind == KindMoney {
		a, e1 := strconv.ParseFloat(v, 64)
		b, e2 := strconv.ParseFloat(want, 64)
		if e1 != nil || e2 != nil {
			return false
		}
		c = cmp.Compare(a, b)
	} else if kind == KindText {
		c = strings.Compare(strings.ToLower(v), strings.ToLower(want))
	} else {
		if v == "" {
			return op == "ne"
		}
		c = strings.Compare(v, want)
	}
	switch op {
	case "eq":
		return c == 0
	case "ne":
		return c != 0
	case "lt":
		return c < 0
	case "lte":
		return c <= 0
	case "gt":
		return c > 0
	case "gte":
		return c >= 0
	}
	return false
}

// SubjectFields is a report subject with the fields the actor may see.
type SubjectFields struct {
	Subject Subject
	Allowed []string
}

// ReportSubjects lists what reports can list, each with the fields the
// actor may see. Requires insights.reports. Errors: KindForbidden.
func (s *Service) ReportSubjects(a access.Actor) ([]SubjectFields, error) {
	if err := access.RequireHeld(a, access.ReportsBuild); err != nil {
		return nil, err
	}
	out := make([]SubjectFields, 0, len(Subjects))
	for _, sub := range Subjects {
		out = append(out, SubjectFields{Subject: sub, Allowed: s.AllowedFields(a, sub)})
	}
	return out, nil
}

// AllowedFields lists the subject's fields the actor may see over all of
// the subject's scope (none without the subject's permission).
func (s *Service) AllowedFields(a access.Actor, sub Subject) []string {
	paths, whole := access.ScopePaths(a, sub.Perm)
	out := []string{}
	if !whole && len(paths) == 0 {
		return out
	}
	for _, f := range sub.Fields {
		if f.Perm == "" || coversScope(a, f.Perm, paths, whole) {
			out = append(out, f.Key)
		}
	}
	return out
}
