package i9

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/go-pdf/fpdf"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/work"
)

// Finding kinds of the audit report.
const (
	FindMissing         = "missing"          // no form, or a section not done past its deadline
	FindLate1           = "late_section1"    // Section 1 completed after the first day
	FindLate2           = "late_section2"    // Section 2 completed after three business days
	FindLateUnexplained = "late_unexplained" // late, with no note saying why
	FindReverifyOverdue = "reverify_overdue" // authorization expired, not reverified
	FindReverifySoon    = "reverify_soon"    // reverification due within 90 days
	FindRetentionDue    = "retention_due"    // past retention, not purged
	FindEVerifyLate     = "everify_late"     // E-Verify case created after the third business day
)

// FindingLabels name the kinds.
var FindingLabels = map[string]string{
	FindMissing: "Missing or incomplete past its deadline", FindLate1: "Section 1 late", FindLate2: "Section 2 late",
	FindLateUnexplained: "Late with no explanation", FindReverifyOverdue: "Reverification overdue", FindReverifySoon: "Reverification due within 90 days",
	FindRetentionDue: "Past retention, not purged", FindEVerifyLate: "E-Verify case created late",
}

// FindingOrder is the order of the kinds in the report.
var FindingOrder = []string{FindMissing, FindReverifyOverdue, FindLate1, FindLate2, FindLateUnexplained, FindEVerifyLate, FindReverifySoon, FindRetentionDue}

// Finding is one form's issue.
type Finding struct {
	Kind   string
	Record Record
	Detail string
}

// AuditReport is the I-9 audit readiness report for the viewer's scope.
type AuditReport struct {
	AsOf      date.Date
	Findings  []Finding
	Counts    map[string]int
	Checklist []CheckItem
}

// CheckItem is a line of the self-audit checklist: computed from the
// forms where Cadre can, guidance where only a person can check.
type CheckItem struct {
	Title    string
	Detail   string
	Citation string
	Count    int  // forms failing it
	Computed bool // false: a manual check
	Link     string
}

// OK reports a computed item with no failures.
func (c CheckItem) OK() bool { return c.Computed && c.Count == 0 }

func (s *Service) scope(a access.Actor, p access.Permission) ([]string, bool, error) {
	paths, whole := access.ScopePaths(a, p)
	if !whole && len(paths) == 0 {
		return nil, false, kit.Forbidden("only HR keeps Forms I-9")
	}
	return paths, whole, nil
}

// PageSize is how many forms a tracker view shows.
const PageSize = 500

// List returns a tracker view in the viewer's scope, up to PageSize
// forms, with how many there are in all: open (not complete), reverify
// (due within 90 days, or overdue), retention (past retention, not
// purged) or late (the latest first). Requires i9.manage over some
// scope. Errors: KindForbidden, KindInvalid.
func (s *Service) List(ctx context.Context, a access.Actor, view string) ([]Record, int, error) {
	paths, whole, err := s.scope(a, access.I9Manage)
	if err != nil {
		return nil, 0, err
	}
	if !slices.Contains(Views, view) {
		return nil, 0, kit.Invalid("view", "Choose one of "+strings.Join(Views, ", "))
	}
	rs, err := s.listN(ctx, s.store, view, paths, whole, PageSize)
	if err != nil || len(rs) < PageSize {
		return rs, len(rs), err
	}
	// The SQL bounds of the views are the rules' (the stored reverification
	// date, the retention dates), so the count agrees with the list.
	total, err := s.store.CountI9(ctx, s.filter(view, paths, whole, 0))
	return rs, total, err
}

// RetentionDue lists every form in scope past its retention date and not
// purged (the records purge queue). Requires i9.manage over some scope.
func (s *Service) RetentionDue(ctx context.Context, a access.Actor) ([]Record, error) {
	paths, whole, err := s.scope(a, access.I9Manage)
	if err != nil {
		return nil, err
	}
	return s.list(ctx, s.store, "retention", paths, whole)
}

func (s *Service) filter(view string, paths []string, whole bool, limit int) ListFilter {
	today := s.today()
	f := ListFilter{View: view, Today: today, Paths: paths, Whole: whole, Limit: limit}
	switch view {
	case "reverify":
		f.Until = today.AddDays(ReverifyNoticeDays)
	case "retention":
		f.Until = today.AddYears(-1) // the retention date is at least a year after the last day
	}
	return f
}

func (s *Service) list(ctx context.Context, st Store, view string, paths []string, whole bool) ([]Record, error) {
	return s.listN(ctx, st, view, paths, whole, 20000)
}

func (s *Service) listN(ctx context.Context, st Store, view string, paths []string, whole bool, limit int) ([]Record, error) {
	today := s.today()
	f := s.filter(view, paths, whole, limit)
	var rs []Record
	var err error
	if view != "missing" {
		if rs, err = st.ListI9(ctx, f); err != nil {
			return nil, err
		}
	}
	if view == "missing" {
		// Employments with no form (imported before the hire hook, or not
		// yet backfilled): an audit finding.
		if rs, err = st.I9Missing(ctx, paths, whole, limit); err != nil {
			return nil, err
		}
	}
	settings, err := s.settings(ctx)
	if err != nil {
		return nil, err
	}
	out := rs[:0]
	for _, r := range rs {
		if err := r.compute(settings, today); err != nil {
			return nil, err
		}
		switch view {
		case "retention":
			if r.Result.RetainUntil.IsZero() || !r.Result.RetainUntil.Before(today) {
				continue
			}
		case "reverify":
			if r.ReverifyBy.IsZero() || r.ReverifyBy.After(today.AddDays(ReverifyNoticeDays)) {
				continue
			}
		}
		out = append(out, r)
	}
	if view != "late" {
		slices.SortStableFunc(out, func(x, y Record) int {
			return x.due().Compare(y.due())
		})
	}
	return out, nil
}

// due is the date a tracker sorts on: the next deadline.
func (r Record) due() date.Date {
	switch {
	case r.Section1On.IsZero():
		return r.Section1Due
	case r.Section2On.IsZero():
		return r.Section2Due
	case !r.ReverifyBy.IsZero():
		return r.ReverifyBy
	}
	return r.Result.RetainUntil
}

// Audit builds the audit readiness report and the self-audit checklist
// for the viewer's scope. Requires i9.audit. Errors: KindForbidden.
func (s *Service) Audit(ctx context.Context, a access.Actor) (AuditReport, error) {
	paths, whole, err := s.scope(a, access.I9Audit)
	if err != nil {
		return AuditReport{}, err
	}
	today := s.today()
	rep := AuditReport{AsOf: today, Counts: map[string]int{}}
	add := func(kind string, r Record, detail string) {
		rep.Findings = append(rep.Findings, Finding{Kind: kind, Record: r, Detail: detail})
		rep.Counts[kind]++
	}
	open, err := s.list(ctx, s.store, "open", paths, whole)
	if err != nil {
		return rep, err
	}
	missing, err := s.list(ctx, s.store, "missing", paths, whole)
	if err != nil {
		return rep, err
	}
	open = append(missing, open...)
	noForm := 0
	for _, r := range open {
		if r.Status != StatusOverdue {
			continue
		}
		if !r.Stored {
			noForm++
		}
		switch {
		case r.Section1On.IsZero():
			add(FindMissing, r, "Section 1 was due "+r.Section1Due.String())
		default:
			add(FindMissing, r, "Section 2 was due "+r.Section2Due.String())
		}
	}
	late, err := s.list(ctx, s.store, "late", paths, whole)
	if err != nil {
		return rep, err
	}
	everifyLate := 0
	for _, r := range late {
		if r.Late1() {
			add(FindLate1, r, fmt.Sprintf("Completed %s, due %s", r.Section1On, r.Section1Due))
		}
		if r.Late2() {
			add(FindLate2, r, fmt.Sprintf("Completed %s, due %s", r.Section2On, r.Section2Due))
			if r.Note == "" {
				add(FindLateUnexplained, r, "No note explains the delay")
			}
		}
		if !r.EVerifyOn.IsZero() && r.EVerifyOn.After(r.Result.EVerifyCaseDue) {
			add(FindEVerifyLate, r, fmt.Sprintf("Case created %s, due %s", r.EVerifyOn, r.Result.EVerifyCaseDue))
			everifyLate++
		}
	}
	rev, err := s.list(ctx, s.store, "reverify", paths, whole)
	if err != nil {
		return rep, err
	}
	for _, r := range rev {
		if !r.Employed() {
			continue
		}
		if r.ReverifyBy.Before(today) {
			add(FindReverifyOverdue, r, "Authorization expired "+r.ReverifyBy.String())
		} else {
			add(FindReverifySoon, r, "Reverify by "+r.ReverifyBy.String())
		}
	}
	ret, err := s.list(ctx, s.store, "retention", paths, whole)
	if err != nil {
		return rep, err
	}
	for _, r := range ret {
		add(FindRetentionDue, r, "Retain until "+r.Result.RetainUntil.String())
	}
	withFiles, withoutFiles, err := s.store.I9CopyCounts(ctx, paths, whole)
	if err != nil {
		return rep, err
	}
	copies := 0
	if withFiles > 0 && withoutFiles > 0 {
		copies = min(withFiles, withoutFiles)
	}
	rep.Checklist = []CheckItem{
		{Title: "Every employee has a Form I-9", Detail: fmt.Sprintf("%d employment(s) past the Section 2 deadline with no form started; %d form(s) incomplete past a deadline in all.", noForm, rep.Counts[FindMissing]), Citation: "8 CFR 274a.2(b)(1)", Count: rep.Counts[FindMissing], Computed: true, Link: "/compliance/i9?view=open"},
		{Title: "Section 1 completed by the first day of employment", Citation: "8 CFR 274a.2(b)(1)(i)(A)", Count: rep.Counts[FindLate1], Computed: true, Link: "/compliance/i9?view=late"},
		{Title: "Section 2 completed within three business days", Citation: "8 CFR 274a.2(b)(1)(ii)", Count: rep.Counts[FindLate2], Computed: true, Link: "/compliance/i9?view=late"},
		{Title: "Every late form has a note explaining the delay", Detail: "Auditors expect a dated explanation kept with a late form; never backdate.", Citation: "USCIS M-274, Part 11", Count: rep.Counts[FindLateUnexplained], Computed: true, Link: "/compliance/i9?view=late"},
		{Title: "Reverification done no later than the expiry", Detail: "No grace period after the authorization expires. Never reverify U.S. citizens, noncitizen nationals, permanent resident cards or List B documents.", Citation: "8 CFR 274a.2(b)(1)(vii)", Count: rep.Counts[FindReverifyOverdue], Computed: true, Link: "/compliance/i9?view=reverify"},
		{Title: "E-Verify cases created by the third business day", Detail: "For E-Verify employers.", Citation: "USCIS E-Verify \"Three-Day Rule\"", Count: everifyLate, Computed: true, Link: "/compliance/i9?view=late"},
		{Title: "Forms past retention purged (unless on legal hold)", Detail: "Keep until the later of 3 years after hire and 1 year after termination; forms under a legal hold stay.", Citation: "8 CFR 274a.2(b)(2)(i)(A)", Count: rep.Counts[FindRetentionDue], Computed: true, Link: "/compliance/i9?view=retention"},
		{Title: "Document copies kept for everyone or for no one", Detail: fmt.Sprintf("%d complete form(s) have scanned copies and %d do not. Copying for some employees only can look like discrimination.", withFiles, withoutFiles), Citation: "USCIS M-274, Part 10; 8 U.S.C. 1324b", Count: copies, Computed: true},
		{Title: "Forms kept apart from personnel files", Detail: "Cadre keeps Forms I-9 in their own area, visible only to HR with the I-9 permission. Check paper files the same way.", Citation: "USCIS M-274, Part 10", Computed: false},
		{Title: "Employees choose which acceptable documents to present", Detail: "Asking for specific documents, or more than the form requires, is unfair documentary practice.", Citation: "8 U.S.C. 1324b(a)(6)", Computed: false},
		{Title: "Corrections made on the form, initialled and dated", Detail: "Correct errors by striking through, writing the correct information, initialling and dating; never conceal changes or backdate.", Citation: "USCIS M-274, Part 11", Computed: false},
	}
	return rep, nil
}

// AuditFile exports the audit report as XLSX (one row per finding) or a
// PDF (the checklist and the findings). Requires i9.audit. Errors:
// KindForbidden, KindInvalid (format).
func (s *Service) AuditFile(ctx context.Context, a access.Actor, format, company string) ([]byte, string, error) {
	if format != "xlsx" && format != "pdf" && format != "csv" {
		return nil, "", kit.Invalid("format", "Export as xlsx, pdf or csv")
	}
	rep, err := s.Audit(ctx, a)
	if err != nil {
		return nil, "", err
	}
	name := "i9-audit-" + rep.AsOf.String() + "." + format
	if format == "pdf" {
		b, err := auditPDF(rep, company)
		return b, name, err
	}
	rows := make([][]string, 0, len(rep.Findings))
	for _, k := range FindingOrder {
		for _, f := range rep.Findings {
			if f.Kind != k {
				continue
			}
			r := f.Record
			rows = append(rows, []string{FindingLabels[k], r.EmployeeNumber, r.EmployeeName, r.OrgUnit, r.PeriodStart.String(), r.PeriodEnd.String(),
				r.Section1Due.String(), r.Section1On.String(), r.Section2Due.String(), r.Section2On.String(), r.ReverifyBy.String(), r.Result.RetainUntil.String(), f.Detail})
		}
	}
	b, err := kit.WriteTable(format, "I-9 audit", []string{"Finding", "Employee number", "Employee", "Org unit", "First day", "Last day", "Section 1 due", "Section 1 completed",
		"Section 2 due", "Section 2 completed", "Reverify by", "Retain until", "Detail"}, rows)
	return b, name, err
}

// ContentType is the media type of an export format.
func ContentType(format string) string {
	return map[string]string{"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "csv": "text/csv; charset=utf-8", "pdf": "application/pdf"}[format]
}

func auditPDF(rep AuditReport, company string) ([]byte, error) {
	pdf := fpdf.New("L", "mm", "Letter", "")
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.SetTitle("Form I-9 audit report", true)
	pdf.SetAuthor(company, true)
	pdf.SetMargins(15, 15, 15)
	pdf.SetAutoPageBreak(true, 15)
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 16)
	pdf.CellFormat(0, 9, tr(company+": Form I-9 audit report"), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 10)
	pdf.CellFormat(0, 6, tr("As of "+rep.AsOf.Format("January 2, 2006")+". Deadlines from 8 CFR 274a.2 as computed by Cadre's rules engine."), "", 1, "L", false, 0, "")
	pdf.Ln(3)
	pdf.SetFont("Helvetica", "B", 12)
	pdf.CellFormat(0, 7, "Self-audit checklist", "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 10)
	for _, c := range rep.Checklist {
		mark := "[check by hand]"
		if c.Computed {
			mark = "[OK]"
			if c.Count > 0 {
				mark = fmt.Sprintf("[%d to fix]", c.Count)
			}
		}
		pdf.MultiCell(0, 5, tr(mark+" "+c.Title+" ("+c.Citation+")"), "", "L", false)
	}
	pdf.Ln(3)
	for _, k := range FindingOrder {
		var fs []Finding
		for _, f := range rep.Findings {
			if f.Kind == k {
				fs = append(fs, f)
			}
		}
		if len(fs) == 0 {
			continue
		}
		pdf.SetFont("Helvetica", "B", 12)
		pdf.CellFormat(0, 7, tr(fmt.Sprintf("%s (%d)", FindingLabels[k], len(fs))), "", 1, "L", false, 0, "")
		pdf.SetFont("Helvetica", "B", 9)
		widths := []float64{28, 60, 55, 28, 78}
		for i, h := range []string{"Number", "Employee", "Org unit", "First day", "Detail"} {
			pdf.CellFormat(widths[i], 6, h, "B", 0, "L", false, 0, "")
		}
		pdf.Ln(-1)
		pdf.SetFont("Helvetica", "", 9)
		for i, f := range fs {
			if i == 500 {
				pdf.CellFormat(0, 6, tr(fmt.Sprintf("… and %d more: see the spreadsheet export.", len(fs)-500)), "", 1, "L", false, 0, "")
				break
			}
			r := f.Record
			for j, v := range []string{r.EmployeeNumber, r.EmployeeName, r.OrgUnit, r.PeriodStart.String(), f.Detail} {
				pdf.CellFormat(widths[j], 5, tr(clip(v, 48)), "", 0, "L", false, 0, "")
			}
			pdf.Ln(-1)
		}
		pdf.Ln(2)
	}
	if len(rep.Findings) == 0 {
		pdf.SetFont("Helvetica", "", 11)
		pdf.CellFormat(0, 7, "No findings.", "", 1, "L", false, 0, "")
	}
	var b bytes.Buffer
	err := pdf.Output(&b)
	return b.Bytes(), err
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// Backfill creates the missing form of every employment that has none
// (employees imported or created before the hire hook), with its
// deadlines, so the tracker lists them. The jobs engine runs it hourly;
// it returns how many it created.
func (s *Service) Backfill(ctx context.Context) (int, error) {
	n := 0
	err := s.store.InTx(ctx, func(st Store) error {
		rs, err := st.I9Missing(ctx, nil, true, 2000)
		if err != nil {
			return err
		}
		settings, err := s.settings(ctx)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if err := Start(ctx, st, r.EmployeeID, r.PeriodStart, settings, s.clock.Now()); err != nil {
				return err
			}
			if err := s.audit(ctx, st, access.System, "i9.backfill", r, "Started the Form I-9 record of "+r.EmployeeName+"'s employment from "+r.PeriodStart.String(), nil); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// EscalateWithinDays bounds escalation to deadlines missed recently.
const EscalateWithinDays = 30

// Escalate raises every overdue form (a section not done after its
// deadline, in the last 30 days) once: a high-priority task in the compliance queue, and a
// notification to the HR managers and directors over the employee. The
// jobs engine runs it hourly; it returns how many forms it escalated.
func (s *Service) Escalate(ctx context.Context) (int, error) {
	n := 0
	err := s.store.InTx(ctx, func(st Store) error {
		rs, err := s.list(ctx, st, "open", nil, true)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if r.Status != StatusOverdue || !r.Employed() {
				continue
			}
			existing, err := st.ListTasks(ctx, work.TaskFilter{EmployeeID: r.EmployeeID, ObjectType: "i9", ObjectID: r.ID, WholeCompany: true, Limit: 100})
			if err != nil {
				return err
			}
			if slices.ContainsFunc(existing, func(t work.Task) bool { return t.Rule == "i9.overdue" }) {
				continue
			}
			what, due := "Section 2", r.Section2Due
			if r.Section1On.IsZero() {
				what, due = "Section 1", r.Section1Due
			}
			if due.Before(s.today().AddDays(-EscalateWithinDays)) {
				// An old miss (data imported, a form backfilled) is an audit
				// finding, not news: do not flood the queue with it.
				continue
			}
			why, _ := json.Marshal([]rules.Step{{Text: fmt.Sprintf("%s of %s's Form I-9 was due on %s and is not done.", what, r.EmployeeName, due), Citation: "8 CFR 274a.2(b)(1)"}})
			title := fmt.Sprintf("Form I-9 overdue: %s (%s was due %s)", r.EmployeeName, what, due)
			if _, err := work.CreateTx(ctx, st, access.System, work.NewTaskInput{Title: title,
				Description: "Complete the form now and keep a dated note explaining the delay with it. Never backdate.",
				Kind:        "i9", QueueKey: "compliance", EmployeeID: r.EmployeeID, ObjectType: "i9", ObjectID: r.ID,
				DueOn: s.today(), DueSteps: string(why), Priority: "high", Rule: "i9.overdue"}, s.clock.Now()); err != nil {
				return err
			}
			to, err := st.DecidersFor(ctx, r.OrgPath)
			if err != nil {
				return err
			}
			for _, u := range to {
				if err := work.Notify(ctx, st, access.System, work.Notification{UserID: u, Kind: "compliance_overdue", Title: title,
					Body: "The Form I-9 deadline has passed. The task is in the compliance queue.", Link: fmt.Sprintf("/people/%d/i9", r.EmployeeID)}, s.clock.Now()); err != nil {
					return err
				}
			}
			n++
		}
		return nil
	})
	return n, err
}

// ReverifyTasks creates the reverification tasks in the compliance
// queue: one 90 days before the authorization expires and an urgent one
// 30 days before, each once per expiry date. The jobs engine runs it
// daily; it returns how many tasks it created.
func (s *Service) ReverifyTasks(ctx context.Context) (int, error) {
	today := s.today()
	n := 0
	err := s.store.InTx(ctx, func(st Store) error {
		rs, err := s.list(ctx, st, "reverify", nil, true)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if !r.Employed() || r.Purged() {
				continue
			}
			existing, err := st.ListTasks(ctx, work.TaskFilter{EmployeeID: r.EmployeeID, ObjectType: "i9", ObjectID: r.ID, WholeCompany: true, Limit: 100})
			if err != nil {
				return err
			}
			for _, step := range []struct {
				rule     string
				days     int
				priority string
			}{{"i9.reverify_90", ReverifyNoticeDays, "normal"}, {"i9.reverify_30", ReverifyUrgentDays, "high"}} {
				if today.Before(r.ReverifyBy.AddDays(-step.days)) {
					continue
				}
				if slices.ContainsFunc(existing, func(t work.Task) bool { return t.Rule == step.rule && t.DueOn == r.ReverifyBy }) {
					continue
				}
				why, _ := json.Marshal([]rules.Step{
					{Text: fmt.Sprintf("The employment authorization on the form expires on %s; reverification must be completed no later than that day, with no grace period.", r.ReverifyBy), Citation: "8 CFR 274a.2(b)(1)(vii)"},
					{Text: fmt.Sprintf("Cadre opens this task %d days before the expiry.", step.days), Citation: "Company practice"}})
				if _, err := work.CreateTx(ctx, st, access.System, work.NewTaskInput{
					Title:       fmt.Sprintf("Reverify employment authorization (%d days): %s", step.days, r.EmployeeName),
					Description: "The employment authorization on " + r.EmployeeName + "'s Form I-9 expires on " + r.ReverifyBy.String() + ". Complete Supplement B with a List A or List C document of the employee's choice no later than that day.",
					Kind:        "i9", QueueKey: "compliance", EmployeeID: r.EmployeeID, ObjectType: "i9", ObjectID: r.ID,
					DueOn: r.ReverifyBy, DueSteps: string(why), Priority: step.priority, Rule: step.rule}, s.clock.Now()); err != nil {
					return err
				}
				n++
			}
		}
		return nil
	})
	return n, err
}

// Purge purges a form past its retention date: the documents, the
// sealed numbers and the scanned copies are deleted; the dates stay as
// an audit stub. A form under a legal hold is never purged. Requires
// i9.purge. Errors: KindForbidden, KindNotFound, KindConflict (not yet
// due, held, already purged).
func (s *Service) Purge(ctx context.Context, a access.Actor, employeeID int64, periodStart date.Date) error {
	return s.store.InTx(ctx, func(st Store) error {
		return s.PurgeTx(ctx, st, a, employeeID, periodStart)
	})
}

// PurgeTx is Purge inside the caller's transaction (the records purge
// queue runs it on approval).
func (s *Service) PurgeTx(ctx context.Context, st Store, a access.Actor, employeeID int64, periodStart date.Date) error {
	t, err := st.Target(ctx, employeeID)
	if err != nil {
		return err
	}
	if err := access.Require(a, access.I9Purge, t); err != nil {
		return err
	}
	r, err := s.load(ctx, st, employeeID, periodStart)
	if err != nil {
		return err
	}
	switch {
	case !r.Stored:
		return kit.Conflict("there is no stored Form I-9 to purge")
	case r.Purged():
		return kit.Conflict("the form was already purged on %s", r.PurgedOn)
	case r.Result.RetainUntil.IsZero():
		return kit.Conflict("the form must be kept while %s is employed", r.EmployeeName)
	case !r.Result.RetainUntil.Before(s.today()):
		return kit.Conflict("the form must be kept until %s", r.Result.RetainUntil)
	}
	held, err := st.Held(ctx, employeeID, r.PeriodStart, r.periodEndOr(s.today()))
	if err != nil {
		return err
	}
	if held {
		return kit.Conflict("%s's records are under a legal hold: release the hold before purging", r.EmployeeName)
	}
	if err := st.PurgeI9(ctx, r.ID, a.UserID, s.today()); err != nil {
		return err
	}
	return s.audit(ctx, st, a, "i9.purge", r, fmt.Sprintf("Purged %s's Form I-9 (employment %s to %s) after retention (kept until %s)", r.EmployeeName, r.PeriodStart, r.PeriodEnd, r.Result.RetainUntil),
		map[string]any{"employee_id": employeeID, "period_start": r.PeriodStart.String(), "retain_until": r.Result.RetainUntil.String()})
}
