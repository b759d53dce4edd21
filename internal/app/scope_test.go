package app

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/people"
)

// engineer finds an active employee in Engineering.
func (e *env) engineer(t *testing.T) int64 {
	t.Helper()
	ctx := context.Background()
	dir := e.actorOf("director@example.com")
	ref, err := e.svc.People.LoadReference(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range ref.OrgUnits {
		if u.Name == "Engineering" {
			page, err := e.svc.People.Directory(ctx, dir, people.DirectoryFilter{OrgUnitID: u.ID, Limit: 1})
			if err != nil || len(page.Items) == 0 {
				t.Fatalf("no engineer: %v", err)
			}
			return page.Items[0].ID
		}
	}
	t.Fatal("no Engineering unit")
	return 0
}

// TestScopedGeneralistCannotReachOtherDepartments: a generalist scoped to
// Operations reads directory basics of an engineer, but not pay, personal
// details, history or sensitive data, and cannot change the record.
func TestScopedGeneralistCannotReachOtherDepartments(t *testing.T) {
	e := sqliteEnv(t)
	eng := itoa(e.engineer(t))
	ops := e.api("ops.generalist@example.com")
	if s, _, _ := ops.do("GET", "/api/v1/employees/"+eng, nil); s != 200 {
		t.Fatalf("basic profile: %d", s)
	}
	_, emp, _ := ops.do("GET", "/api/v1/employees/"+eng, nil)
	if emp["pay"] != nil || emp["personal_email"] != nil {
		t.Fatalf("out-of-scope pay or personal details leaked: %v", emp)
	}
	for _, p := range []string{"/compensation", "/history", "/sensitive", "/contacts", "/documents", "/hours"} {
		if s, _, _ := ops.do("GET", "/api/v1/employees/"+eng+p, nil); s != 403 {
			t.Errorf("ops generalist GET %s: %d, want 403", p, s)
		}
	}
	if s, _, _ := ops.do("POST", "/api/v1/employees/"+eng+"/pay-changes", map[string]any{"effective_from": "2026-11-02", "reason": "merit", "pay": map[string]any{"amount_cents": 1, "per": "year"}}); s != 403 {
		t.Errorf("out-of-scope pay change: %d", s)
	}
	b := e.login("ops.generalist@example.com")
	doc := b.page("/people/"+eng, http.StatusOK)
	if strings.Contains(doc.Find(".tabs").Text(), "Pay") || doc.Find(`a[href$="/pay"]`).Length() > 0 {
		t.Fatal("the UI offers pay for an out-of-scope employee")
	}
	// In scope: an Operations employee's pay is visible.
	ctx := context.Background()
	ref, _ := e.svc.People.LoadReference(ctx, e.actorOf("director@example.com"))
	found := false
	for _, u := range ref.OrgUnits {
		if strings.HasPrefix(u.Name, "Operations") && u.ParentID == 1 {
			found = true
			page, _ := e.svc.People.Directory(ctx, e.actorOf("director@example.com"), people.DirectoryFilter{OrgUnitID: u.ID, Limit: 1})
			if s, _, _ := ops.do("GET", "/api/v1/employees/"+itoa(page.Items[0].ID)+"/compensation", nil); s != 200 {
				t.Fatalf("in-scope compensation: %d", s)
			}
		}
	}
	if !found {
		t.Fatal("no Operations department in the demo")
	}
}

func TestExpiredTokenIsRejected(t *testing.T) {
	e := sqliteEnv(t)
	ctx := context.Background()
	a := e.actorOf("generalist@example.com")
	now := testToday.Time().Add(10 * time.Hour)
	raw, _, err := e.svc.Access.CreateToken(ctx, a, access.TokenRequest{Name: "short-lived", ExpiresAt: now.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Access.AuthenticateToken(ctx, raw); err != nil {
		t.Fatalf("fresh token: %v", err)
	}
	later := access.NewService(e.db.Access(), kit.FixedClock{T: now.Add(2 * time.Hour)})
	if _, err := later.AuthenticateToken(ctx, raw); kit.KindOf(err) != kit.KindUnauthenticated {
		t.Fatalf("expired token accepted: %v", err)
	}
	if _, _, err := e.svc.Access.CreateToken(ctx, a, access.TokenRequest{Name: "past", ExpiresAt: now.Add(-time.Hour)}); kit.KindOf(err) != kit.KindInvalid {
		t.Fatalf("token expiring in the past: %v", err)
	}
}

func TestOversizeImportIsRefused(t *testing.T) {
	e := sqliteEnv(t)
	gen := e.api("generalist@example.com")
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile("file", "huge.csv")
	_, _ = fw.Write([]byte("given_name,family_name,work_email,hire_date,department,location,job_title,pay_amount,pay_per\n"))
	row := []byte("A,B,a@example.com,2026-01-01,Sales,\"Austin, TX\",X,1,year\n")
	for buf.Len() < 50<<20 {
		_, _ = fw.Write(row)
	}
	w.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/employees/import", &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+gen.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("50 MB import: %d", res.StatusCode)
	}
	// The UI refuses it with a clear page, too.
	b := e.login("generalist@example.com")
	buf.Reset()
	w = multipart.NewWriter(&buf)
	_ = w.WriteField("_csrf", b.csrf)
	fw, _ = w.CreateFormFile("file", "huge.csv")
	for buf.Len() < 20<<20 {
		_, _ = fw.Write(row)
	}
	w.Close()
	req, _ = http.NewRequest("POST", e.srv.URL+"/people/import", &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	res, err = b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("20 MB UI import: %d", res.StatusCode)
	}
}
