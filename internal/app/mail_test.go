package app

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/notify"
	"github.com/cadrehq/cadre/internal/notify/mailtest"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// mailEnv is a web env whose notifications go out as email through real
// SMTP to a mailpit capture server.
func mailEnv(t *testing.T, db *store.DB) (*env, *mailtest.Server, *Mail) {
	t.Helper()
	srv := mailtest.Start(t, mailtest.Options{})
	e := newEnv(t, db)
	ctx := context.Background()
	if err := db.MigrateJobs(ctx); err != nil {
		t.Fatal(err)
	}
	mailer, err := notify.NewSMTPMailer(notify.SMTPConfig{Host: srv.Host, Port: srv.SMTPPort, From: "Cadre <cadre@northwind.example>", TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	m, err := startJobs(ctx, db, e.svc, mailer, log, e.srv.URL, func() time.Time { return testToday.Time().Add(13 * time.Hour) })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = m.Jobs.Stop(sctx)
	})
	return e, srv, m
}

// waitMail waits for a message to an address whose subject contains s.
func waitMail(t *testing.T, srv *mailtest.Server, to, s string) mailtest.Summary {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		for _, m := range srv.Messages(t) {
			for _, r := range m.Recipients() {
				if r == to && strings.Contains(m.Subject, s) {
					return m
				}
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no email to %s about %q arrived", to, s)
	return mailtest.Summary{}
}

// TestNotificationEmailsThroughSMTP: a termination request emails the HR
// managers through real SMTP, a decision emails the requester, a user who
// turned email off gets none, and the daily digest reaches managers.
func TestNotificationEmailsThroughSMTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e, srv, m := mailEnv(t, db)
		gen := e.api("generalist@example.com")
		emp := e.actorOf("employee@example.com").EmployeeID
		// The director turns email off.
		dir := e.login("director@example.com")
		dir.submit("/settings/notifications", nil2(), 303)
		s, ap, _ := gen.do("POST", "/api/v1/employees/"+itoa(emp)+"/terminations", map[string]any{"last_day": "2026-12-04", "reason": "resignation", "voluntary": true})
		if s != 201 {
			t.Fatalf("request: %d", s)
		}
		msg := waitMail(t, srv, "manager@example.com", "Decision needed")
		full := srv.Message(t, msg.ID)
		if !strings.Contains(full.Text, "/approvals/") || !strings.Contains(full.HTML, "Open in Cadre") {
			t.Fatalf("email body: %q", full.Text)
		}
		if s, _, _ := e.api("manager@example.com").do("POST", "/api/v1/approvals/"+itoa(num(ap, "id"))+"/decision", map[string]any{"decision": "approve"}); s != 200 {
			t.Fatalf("decide: %d", s)
		}
		waitMail(t, srv, "generalist@example.com", "Approved")
		for _, mm := range srv.Messages(t) {
			for _, r := range mm.Recipients() {
				if r == "director@example.com" && strings.Contains(mm.Subject, "Decision needed") {
					t.Fatal("the director turned email off but got one")
				}
			}
		}
		// The digest: approvals and overdue tasks for each manager, once a day.
		if err := m.Digest(context.Background(), db, e.svc, date.MustParse("2026-11-02")); err != nil {
			t.Fatal(err)
		}
		if err := m.Digest(context.Background(), db, e.svc, date.MustParse("2026-11-02")); err != nil {
			t.Fatal(err)
		}
		waitMail(t, srv, "manager@example.com", "Your HR digest")
		time.Sleep(500 * time.Millisecond)
		n := 0
		for _, mm := range srv.Messages(t) {
			if strings.Contains(mm.Subject, "Your HR digest") && mm.Recipients()[0] == "manager@example.com" {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("digest sent %d times to one manager on one day", n)
		}
	})
}

// TestOnboardingEndToEnd: a hire through the API creates the onboarding
// checklist and emails the new hire, through real SMTP, what to bring and
// by when; a rejected hire sends nothing.
func TestOnboardingEndToEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e, srv, _ := mailEnv(t, db)
		gen := e.api("generalist@example.com")
		_, jobs, _ := gen.do("GET", "/api/v1/jobs", nil)
		job := jobs["items"].([]any)[0].(map[string]any)["id"]
		bad := map[string]any{"given_name": "Lea", "family_name": "Moreau", "work_email": "employee@example.com", "hire_date": "2026-11-06",
			"org_unit_id": 2, "location_id": 1, "job_id": job, "pay": map[string]any{"amount_cents": 6000000, "per": "year"}}
		if s, _, _ := gen.do("POST", "/api/v1/employees", bad); s != 422 {
			t.Fatalf("duplicate email: %d", s)
		}
		good := map[string]any{}
		for k, v := range bad {
			good[k] = v
		}
		good["work_email"] = "lea.moreau@northwind.example"
		if s, _, _ := gen.do("POST", "/api/v1/employees", good); s != 201 {
			t.Fatalf("hire: %d", s)
		}
		msg := waitMail(t, srv, "lea.moreau@northwind.example", "Welcome")
		full := srv.Message(t, msg.ID)
		if !strings.Contains(full.Text, "Nov 6") || !strings.Contains(full.Text, "Thursday, November 12") {
			t.Fatalf("welcome email lacks the I-9 dates: %q", full.Text)
		}
		for _, m := range srv.Messages(t) {
			if strings.Contains(strings.Join(m.Recipients(), ","), "employee@example.com") && strings.Contains(m.Subject, "Welcome") {
				t.Fatal("the rejected hire sent a welcome email")
			}
		}
		_, q, _ := gen.do("GET", "/api/v1/tasks?owner=queue", nil)
		if !strings.Contains(toJSON(q), "I-9 Section 2: examine documents: Lea Moreau") {
			t.Fatal("no onboarding checklist for the hire")
		}
	})
}

func TestMutedKindsAreNotEmailed(t *testing.T) {
	e, srv, _ := mailEnv(t, storetest.Open(t))
	gen := e.api("generalist@example.com")
	if s, p, _ := gen.do("PUT", "/api/v1/notifications/preferences", map[string]any{"email": true, "muted": []string{"nonsense"}}); s != 422 || fieldsOf(p)["muted"] == "" {
		t.Fatalf("unknown kind: %d %v", s, p)
	}
	if s, _, _ := gen.do("PUT", "/api/v1/notifications/preferences", map[string]any{"email": true, "muted": []string{"approval_decided"}}); s != 200 {
		t.Fatalf("mute: %d", s)
	}
	emp := e.actorOf("employee@example.com").EmployeeID
	_, ap, _ := gen.do("POST", "/api/v1/employees/"+itoa(emp)+"/terminations", map[string]any{"last_day": "2026-12-04", "reason": "resignation", "voluntary": true})
	waitMail(t, srv, "manager@example.com", "Decision needed")
	e.api("manager@example.com").do("POST", "/api/v1/approvals/"+itoa(num(ap, "id"))+"/decision", map[string]any{"decision": "approve"})
	// The decision is in-app only; give the job runner time to (not) send.
	_, n, _ := gen.do("GET", "/api/v1/notifications?unread=true", nil)
	if !strings.Contains(toJSON(n), "Approved") {
		t.Fatal("no in-app notification of the decision")
	}
	time.Sleep(2 * time.Second)
	for _, m := range srv.Messages(t) {
		if strings.Contains(m.Subject, "Approved") {
			t.Fatalf("a muted kind was emailed: %s", m.Subject)
		}
	}
	doc := e.login("generalist@example.com").page("/settings/notifications", 200)
	if doc.Find(`#k-approval_decided[checked]`).Length() != 0 || doc.Find(`#k-task_assigned[checked]`).Length() != 1 {
		t.Fatal("the preferences page does not show the muted kind")
	}
}

// TestApplicationAcknowledgedBySMTP: an applicant gets the confirmation
// through real SMTP with a working private status link; a refused
// (duplicate) application sends nothing more.
func TestApplicationAcknowledgedBySMTP(t *testing.T) {
	e, srv, _ := mailEnv(t, storetest.Open(t))
	_, ps, _ := e.api("generalist@example.com").do("GET", "/api/v1/requisitions/"+itoa(num(e.openReq(t), "id"))+"/postings", nil)
	slug := ps["items"].([]any)[0].(map[string]any)["slug"].(string)
	f := map[string]string{"given_name": "Rita", "family_name": "Moss", "email": "rita.moss@example.org", "answers.q1": "yes", "consent": "1"}
	if s, _ := e.apply(t, slug, f, "rita.docx", resumeDOCX(t, "Rita Moss")); s != 200 {
		t.Fatalf("apply: %d", s)
	}
	msg := waitMail(t, srv, "rita.moss@example.org", "We received your application")
	full := srv.Message(t, msg.ID)
	i := strings.Index(full.Text, e.srv.URL+"/careers/applications/")
	if i < 0 {
		t.Fatalf("no status link in %q", full.Text)
	}
	link := strings.Fields(full.Text[i:])[0]
	page := e.client().page(strings.TrimPrefix(link, e.srv.URL), 200)
	if !strings.Contains(page.Text(), "Application received") {
		t.Fatal("the emailed status link does not work")
	}
	if s, _ := e.apply(t, slug, f, "rita.docx", resumeDOCX(t, "Rita Moss")); s != 422 {
		t.Fatalf("duplicate: %d", s)
	}
	time.Sleep(500 * time.Millisecond)
	n := 0
	for _, m := range srv.Messages(t) {
		if strings.Contains(strings.Join(m.Recipients(), ","), "rita.moss@example.org") {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d emails to the applicant, want 1", n)
	}
	// Moving to a phone screen and then rejecting tell the candidate.
	gen := e.api("generalist@example.com")
	_, apps, _ := gen.do("GET", "/api/v1/requisitions/"+itoa(num(e.openReq(t), "id"))+"/applications", nil)
	var aid string
	for _, it := range apps["items"].([]any) {
		if m := it.(map[string]any); m["email"] == "rita.moss@example.org" {
			aid = itoa(num(m, "id"))
		}
	}
	if s, _, _ := gen.do("POST", "/api/v1/applications/"+aid+"/moves", map[string]any{"to_stage": "phone_screen"}); s != 200 {
		t.Fatalf("move: %d", s)
	}
	waitMail(t, srv, "rita.moss@example.org", "Next step for")
	if s, _, _ := gen.do("POST", "/api/v1/applications/"+aid+"/rejection", map[string]any{"reason": "stronger_candidate"}); s != 200 {
		t.Fatalf("reject: %d", s)
	}
	rej := srv.Message(t, waitMail(t, srv, "rita.moss@example.org", "Your application for").ID)
	if !strings.Contains(rej.Text, "will not move forward") || strings.Contains(rej.Text, "Stronger candidate") {
		t.Fatalf("rejection email: %q", rej.Text)
	}
}

// TestInterviewInvitationBySMTP: the candidate's invitation arrives with
// the calendar object as text/calendar; method=REQUEST, and it parses.
func TestInterviewInvitationBySMTP(t *testing.T) {
	e, srv, _ := mailEnv(t, storetest.Open(t))
	gen := e.api("generalist@example.com")
	req := e.openReq(t)
	_, apps, _ := gen.do("GET", "/api/v1/requisitions/"+itoa(num(req, "id"))+"/applications?status=active", nil)
	app := apps["items"].([]any)[0].(map[string]any)
	lead := e.actorOf("lead@example.com").UserID
	if s, out, _ := gen.do("POST", "/api/v1/applications/"+itoa(num(app, "id"))+"/interviews", map[string]any{"start": "2026-11-04T11:00", "minutes": 45, "panel": []int64{lead}}); s != 201 {
		t.Fatalf("schedule: %d %v", s, out)
	}
	msg := waitMail(t, srv, app["email"].(string), "Interview:")
	raw := srv.Raw(t, msg.ID)
	if !strings.Contains(raw, "text/calendar; method=REQUEST") && !strings.Contains(raw, `text/calendar; method="REQUEST"`) {
		t.Fatalf("no text/calendar part with the method:\n%s", firstLines(raw, 40))
	}
	waitMail(t, srv, "lead@example.com", "Interview with")
}

// TestCandidateEmailTemplatesBySMTP: the HR manager's wording reaches the
// candidate: the acknowledgement and the interview invitation come from
// the edited templates with the merge fields filled in, and the company
// name from the careers site.
func TestCandidateEmailTemplatesBySMTP(t *testing.T) {
	e, srv, _ := mailEnv(t, storetest.Open(t))
	mgr, gen := e.api("manager@example.com"), e.api("generalist@example.com")
	if s, out, _ := mgr.do("PUT", "/api/v1/email-templates/application_received", map[string]any{"subject": "Thanks, {{candidate_first_name}}! ({{job_title}})",
		"body": "Hi {{candidate_first_name}},\n\nWe have your application for {{job_title}} in {{location}}. {{company}} reads every one."}); s != 200 {
		t.Fatalf("template: %d %v", s, out)
	}
	if s, out, _ := mgr.do("PUT", "/api/v1/email-templates/interview", map[string]any{"subject": "Let's meet about {{job_title}}", "body": "Come meet the team at {{company}}."}); s != 200 {
		t.Fatalf("template: %d %v", s, out)
	}
	req := e.openReq(t)
	_, ps, _ := gen.do("GET", "/api/v1/requisitions/"+itoa(num(req, "id"))+"/postings", nil)
	post := ps["items"].([]any)[0].(map[string]any)
	f := map[string]string{"given_name": "Sam", "family_name": "Ortiz", "email": "sam.ortiz@example.org", "answers.q1": "yes", "consent": "1"}
	if s, _ := e.apply(t, post["slug"].(string), f, "sam.docx", resumeDOCX(t, "Sam Ortiz")); s != 200 {
		t.Fatalf("apply: %d", s)
	}
	msg := srv.Message(t, waitMail(t, srv, "sam.ortiz@example.org", "Thanks, Sam! ("+post["title"].(string)+")").ID)
	if !strings.Contains(msg.Text, "Northwind Outfitters reads every one.") || !strings.Contains(msg.Text, "/careers/applications/") {
		t.Fatalf("acknowledgement: %q", msg.Text)
	}
	_, apps, _ := gen.do("GET", "/api/v1/requisitions/"+itoa(num(req, "id"))+"/applications", nil)
	var aid string
	for _, it := range apps["items"].([]any) {
		if m := it.(map[string]any); m["email"] == "sam.ortiz@example.org" {
			aid = itoa(num(m, "id"))
		}
	}
	if s, _, _ := gen.do("POST", "/api/v1/applications/"+aid+"/moves", map[string]any{"to_stage": "interview"}); s != 200 {
		t.Fatalf("move: %d", s)
	}
	inv := srv.Message(t, waitMail(t, srv, "sam.ortiz@example.org", "Let's meet about").ID)
	if !strings.Contains(inv.Text, "Come meet the team at Northwind Outfitters.") || !strings.Contains(inv.Text, "Northwind Outfitters recruiting team") {
		t.Fatalf("interview email: %q", inv.Text)
	}
}
