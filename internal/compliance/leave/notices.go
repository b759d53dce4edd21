package leave

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"text/template"

	"github.com/go-pdf/fpdf"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/audit"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/people"
)

// NoticeData is what a notice template may use.
type NoticeData struct {
	Company          string
	EmployeeName     string
	FirstName        string
	Today            string
	Reason           string
	Schedule         string
	LeaveStart       string
	LeaveEnd         string // "" when not known
	RequestedOn      string
	Eligible         bool // eligible for FMLA
	FailedTests      []string
	MonthsOfService  int
	HoursAvailable   string
	WeeksAvailable   string
	Method           string
	CertRequested    bool
	CertDue          string
	Deficiency       string
	CureDue          string
	Designation      string // approved | denied | pending
	DesignationNote  string
	RecertOn         string
	StatePrograms    []string // programs the leave also counts under
	NotEligibleState []string
}

// The default notice templates follow the DOL's optional forms WH-381
// (eligibility and rights and responsibilities) and WH-382 (designation),
// in plain words. The first line is the subject; paragraphs are separated
// by a blank line.
var defaultTemplates = map[string]string{
	NoticeEligibility: `Subject: Your request for family and medical leave: eligibility
Dear {{.FirstName}},

On {{.RequestedOn}} you told us you need leave beginning {{.LeaveStart}} ({{.Reason}}).

{{if .Eligible}}You are eligible for leave under the Family and Medical Leave Act (FMLA): you have worked for {{.Company}} for at least 12 months, for at least 1,250 hours in the 12 months before your leave, and at a site with at least 50 employees within 75 miles.{{else}}You are not eligible for FMLA leave at this time, because these requirements are not met: {{range $i, $t := .FailedTests}}{{if $i}}, {{end}}{{$t}}{{end}}. You have worked for us for {{.MonthsOfService}} months.{{end}}

{{if .StatePrograms}}Your leave may also be protected under {{range $i, $p := .StatePrograms}}{{if $i}} and {{end}}{{$p}}{{end}}.{{end}}

This notice answers whether you are eligible. Whether this leave is designated as FMLA leave will be decided separately; we will tell you in a designation notice.`,
	NoticeRights: `Subject: Your rights and responsibilities for family and medical leave
Dear {{.FirstName}},

{{.Company}} measures the 12-month FMLA period by the {{.Method}} method. You have {{.HoursAvailable}} hours ({{.WeeksAvailable}} workweeks) of FMLA leave available.

{{if .CertRequested}}You must give us a complete and sufficient medical certification by {{.CertDue}} (15 calendar days after our request). If you do not, your leave may be denied FMLA protection.{{else}}We are not requiring medical certification for this leave at this time.{{end}}

While you are on FMLA leave your group health coverage continues on the same terms, and you must keep paying your share of the premiums. When you return you will be restored to the same or an equivalent job with the same pay, benefits and terms of employment.

Please tell us of any change in your need for leave, and let us know when you expect to return. You may substitute accrued paid leave for unpaid FMLA leave under our paid leave policies.`,
	NoticeDeficiency: `Subject: Your medical certification is incomplete
Dear {{.FirstName}},

The certification you gave us for your leave from {{.LeaveStart}} is incomplete or insufficient. This is what it still needs:

{{.Deficiency}}

Please give us the missing information by {{.CureDue}} (7 calendar days from this notice). If the certification is not made complete and sufficient by then, your leave may be denied FMLA protection.`,
	NoticeDesignation: `Subject: Designation of your leave
Dear {{.FirstName}},

{{if eq .Designation "approved"}}We have reviewed your request for leave beginning {{.LeaveStart}} ({{.Reason}}) and the information you provided. {{if .Eligible}}Your leave is approved and designated as FMLA-protected leave{{if .StatePrograms}}, and at the same time as leave under {{range $i, $p := .StatePrograms}}{{if $i}} and {{end}}{{$p}}{{end}}{{end}}. It counts against your FMLA entitlement: {{.HoursAvailable}} hours ({{.WeeksAvailable}} workweeks) are available now.{{else}}You are not eligible for FMLA leave, but your leave is approved and designated as leave under {{range $i, $p := .StatePrograms}}{{if $i}} and {{end}}{{$p}}{{end}}.{{end}}{{else}}We have reviewed your request for leave beginning {{.LeaveStart}}. The leave is not designated as FMLA leave.{{end}}

{{if .DesignationNote}}{{.DesignationNote}}{{end}}

{{if .RecertOn}}We may ask you to recertify the condition on or after {{.RecertOn}}.{{end}}`,
}

// DefaultTemplate returns the template a notice starts from.
func DefaultTemplate(kind string) string { return defaultTemplates[kind] }

func templateKey(kind string) string { return "leave.notice_template." + kind }

func (s *Cases) template(ctx context.Context, st CaseStore, kind string) (string, error) {
	v, err := st.Setting(ctx, templateKey(kind))
	if err != nil || v != "" {
		return v, err
	}
	return defaultTemplates[kind], nil
}

// Templates returns the notice templates in use (the company's or the
// defaults). Requires leave.programs.manage. Errors: KindForbidden.
func (s *Cases) Templates(ctx context.Context, a access.Actor) (map[string]string, error) {
	if err := access.Require(a, access.LeaveProgramsManage, access.CompanyTarget); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, k := range NoticeKinds {
		v, err := s.template(ctx, s.store, k)
		if err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, nil
}

// SaveTemplate changes a notice template; it must render with sample data
// and start with a "Subject:" line. An empty text restores the default.
// Requires leave.programs.manage. Errors: KindInvalid, KindForbidden.
func (s *Cases) SaveTemplate(ctx context.Context, a access.Actor, kind, text string) error {
	if err := access.Require(a, access.LeaveProgramsManage, access.CompanyTarget); err != nil {
		return err
	}
	if !slices.Contains(NoticeKinds, kind) {
		return kit.Invalid("kind", "Choose eligibility, rights, deficiency or designation")
	}
	text = strings.ReplaceAll(strings.TrimSpace(text), "\r\n", "\n")
	if len(text) > 20000 {
		return kit.Invalid("template", "Use at most 20,000 characters")
	}
	if text != "" {
		sample := NoticeData{Company: "Company", EmployeeName: "Sample Employee", FirstName: "Sample", Eligible: true, Designation: DesignationApproved, StatePrograms: []string{"A state program"}}
		if _, _, err := RenderNotice(text, sample); err != nil {
			return kit.Invalid("template", err.Error())
		}
	}
	return s.store.InTx(ctx, func(st CaseStore) error {
		before, err := s.template(ctx, st, kind)
		if err != nil {
			return err
		}
		if err := st.SetSetting(ctx, templateKey(kind), text); err != nil {
			return err
		}
		return st.AppendAudit(ctx, audit.Entry{At: s.clock.Now(), ActorUserID: a.UserID, ActorLabel: a.Label(), Action: "leave.template_save", ObjectType: "setting",
			Summary: "Changed the template of the " + strings.ToLower(NoticeLabels[kind]), Before: audit.Snapshot(before), After: audit.Snapshot(text), RequestID: a.RequestID})
	})
}

// RenderNotice renders a template into its subject and body.
func RenderNotice(text string, d NoticeData) (subject, body string, err error) {
	first, rest, _ := strings.Cut(text, "\n")
	subj, ok := strings.CutPrefix(strings.TrimSpace(first), "Subject:")
	if !ok {
		return "", "", fmt.Errorf("the first line must be the subject, as \"Subject: …\"")
	}
	render := func(name, src string) (string, error) {
		t, err := template.New(name).Option("missingkey=error").Parse(src)
		if err != nil {
			return "", err
		}
		var b bytes.Buffer
		if err := t.Execute(&b, d); err != nil {
			return "", err
		}
		return b.String(), nil
	}
	if subject, err = render("subject", subj); err != nil {
		return "", "", err
	}
	if body, err = render("body", rest); err != nil {
		return "", "", err
	}
	// Drop the empty paragraphs left by conditions.
	var paras []string
	for p := range strings.SplitSeq(body, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			paras = append(paras, p)
		}
	}
	return strings.TrimSpace(subject), strings.Join(paras, "\n\n"), nil
}

func (s *Cases) noticeData(ctx context.Context, c Case, e people.Employee, set rules.Settings, progs []CaseProgram) NoticeData {
	long := func(d interface{ Format(string) string }) string { return d.Format("January 2, 2006") }
	d := NoticeData{Company: s.companyName(ctx), EmployeeName: e.Name(), FirstName: e.GivenName, Today: long(s.today()), Reason: strings.ToLower(ReasonLabels[c.Reason]),
		Schedule: c.Schedule, LeaveStart: long(c.Starts), RequestedOn: long(c.NoticeOn), Eligible: c.Eligible, FailedTests: c.Determination.Eligibility.FailedTests,
		MonthsOfService: c.Determination.Eligibility.MonthsOfService, Deficiency: c.Deficiency, Designation: c.Designation, DesignationNote: c.DesignationNote,
		CertRequested: !c.CertRequestedOn.IsZero()}
	if d.FailedTests == nil {
		d.FailedTests = []string{}
	}
	if !c.Ends.IsZero() {
		d.LeaveEnd = long(c.Ends)
	}
	if !c.CertDue.IsZero() {
		d.CertDue = long(c.CertDue)
	}
	if !c.CureDue.IsZero() {
		d.CureDue = long(c.CureDue)
	}
	if !c.RecertOn.IsZero() {
		d.RecertOn = long(c.RecertOn)
	}
	ent := c.Balance
	if ent.Method == "" {
		ent = c.Determination.Entitlement
	}
	d.Method = strings.ReplaceAll(cmpOr(set.FMLAMethod, ent.Method), "_", " ")
	d.HoursAvailable, d.WeeksAvailable = fmt.Sprintf("%.2f", ent.HoursAvailable), fmt.Sprintf("%.2f", ent.WeeksAvailable)
	for _, p := range progs {
		if p.Eligible {
			d.StatePrograms = append(d.StatePrograms, p.Name)
		} else {
			d.NotEligibleState = append(d.NotEligibleState, p.Name)
		}
	}
	return d
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// NoticePDF lays a notice out as a letter.
func NoticePDF(company, title, subject, body string) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "Letter", "")
	pdf.SetTitle(subject, true)
	pdf.SetAuthor(company, true)
	pdf.SetMargins(25, 25, 25)
	pdf.AddPage()
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.SetFont("Helvetica", "B", 16)
	pdf.CellFormat(0, 10, tr(company), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 10)
	pdf.SetTextColor(90, 90, 90)
	pdf.CellFormat(0, 6, tr(title), "", 1, "L", false, 0, "")
	pdf.Ln(4)
	pdf.SetTextColor(20, 20, 20)
	pdf.SetFont("Helvetica", "B", 12)
	pdf.MultiCell(0, 6, tr(subject), "", "L", false)
	pdf.Ln(3)
	pdf.SetFont("Helvetica", "", 11)
	for para := range strings.SplitSeq(body, "\n\n") {
		pdf.MultiCell(0, 6, tr(strings.TrimSpace(para)), "", "L", false)
		pdf.Ln(3)
	}
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "I", 9)
	pdf.SetTextColor(90, 90, 90)
	pdf.MultiCell(0, 5, tr("This notice is given under the Family and Medical Leave Act, 29 CFR 825.300. Medical information you give us is kept confidential and apart from your personnel file (29 CFR 825.500(g))."), "", "L", false)
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
