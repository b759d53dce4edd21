package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

var (
	today = date.MustParse("2026-06-15")
	hr    = access.Actor{UserID: 0, Name: "Test HR", Grants: []access.Grant{{Role: access.RoleDirector}}}
)

type fixture struct {
	svc              *people.Service
	db               *store.DB
	root, eng, sales int64
	austin, denver   int64
	job, mgrJob      int64
	grade            int64
}

func newFixture(t *testing.T, db *store.DB) fixture {
	t.Helper()
	ctx := context.Background()
	sealer, _ := kit.NewSealer("test-secret-key-0123456789")
	f := fixture{db: db, svc: people.NewService(db.People(), kit.FixedClock{T: today.Time().Add(9 * time.Hour)}, sealer)}
	must := func(id int64, err error) int64 {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	f.root = must(f.svc.CreateOrgUnit(ctx, hr, people.OrgUnitInput{Name: "Northwind", Kind: "company"}))
	f.eng = must(f.svc.CreateOrgUnit(ctx, hr, people.OrgUnitInput{Name: "Engineering", ParentID: f.root}))
	f.sales = must(f.svc.CreateOrgUnit(ctx, hr, people.OrgUnitInput{Name: "Sales", ParentID: f.root}))
	f.austin = must(f.svc.CreateLocation(ctx, hr, people.LocationInput{Name: "Austin", Country: "US", Region: "TX", City: "Austin"}))
	f.denver = must(f.svc.CreateLocation(ctx, hr, people.LocationInput{Name: "Denver", Country: "us", Region: "CO", City: "Denver", NearbyIDs: []int64{}}))
	f.grade = must(f.svc.CreatePayGrade(ctx, hr, people.PayGradeInput{Name: "P3", Currency: "USD", MinCents: 8000000, MaxCents: 12000000}))
	f.job = must(f.svc.CreateJob(ctx, hr, people.JobInput{Title: "Software Engineer", Level: "P3", FLSAStatus: "exempt", EEO1Category: "professionals", PayGradeID: f.grade}))
	f.mgrJob = must(f.svc.CreateJob(ctx, hr, people.JobInput{Title: "Engineering Manager", Level: "M1", FLSAStatus: "exempt", EEO1Category: "first_mid_officials_and_managers"}))
	return f
}

func (f fixture) hire(t *testing.T, given, family string, mgr int64) int64 {
	t.Helper()
	id, err := f.svc.Hire(context.Background(), hr, people.HireInput{
		GivenName: given, FamilyName: family, WorkEmail: strings.ToLower(given+"."+family) + "@example.com",
		HireDate: date.MustParse("2024-01-08"), OrgUnitID: f.eng, LocationID: f.austin, JobID: f.job, ManagerID: mgr,
		Pay: people.Pay{AmountCents: 10000000, Per: "year", Currency: "USD"}, SSN: "123-45-6789",
	})
	if err != nil {
		t.Fatalf("hire %s: %v", given, err)
	}
	return id
}

func TestPeopleLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		boss := f.hire(t, "Ada", "Lovelace", 0)
		maya := f.hire(t, "Maya", "Chen", boss)

		// Duplicate email is a field error and writes nothing.
		_, err := f.svc.Hire(ctx, hr, people.HireInput{GivenName: "X", FamilyName: "Y", WorkEmail: "MAYA.chen@example.com", HireDate: today, OrgUnitID: f.eng, LocationID: f.austin, JobID: f.job, Pay: people.Pay{AmountCents: 1, Per: "year"}})
		if !kit.FieldsOf(err).Has("work_email") {
			t.Fatalf("duplicate email: %v", err)
		}

		// Directory search by prefix and title.
		page, err := f.svc.Directory(ctx, hr, people.DirectoryFilter{Q: "may"})
		if err != nil || page.Total != 1 || page.Items[0].ID != maya {
			t.Fatalf("search: %+v %v", page, err)
		}
		page, _ = f.svc.Directory(ctx, hr, people.DirectoryFilter{Q: "software engi"})
		if page.Total != 2 {
			t.Fatalf("title search found %d", page.Total)
		}
		page, _ = f.svc.Directory(ctx, hr, people.DirectoryFilter{OrgUnitID: f.root, Limit: 1})
		if page.Total != 2 || len(page.Items) != 1 || page.NextID == 0 {
			t.Fatalf("paging: %+v", page)
		}
		next, _ := f.svc.Directory(ctx, hr, people.DirectoryFilter{OrgUnitID: f.root, Limit: 1, After: page.NextSortKey, AfterID: page.NextID})
		if len(next.Items) != 1 || next.Items[0].ID == page.Items[0].ID {
			t.Fatalf("second page: %+v", next)
		}

		// A reporting cycle is refused.
		_, err = f.svc.ChangeJob(ctx, hr, boss, people.JobChangeInput{EffectiveFrom: today, Reason: "manager_change", ManagerID: &maya})
		if !strings.Contains(kit.FieldsOf(err)["manager_id"], "cycle") {
			t.Fatalf("cycle: %v", err)
		}
		// Effective dates before hire are refused.
		_, err = f.svc.ChangeJob(ctx, hr, maya, people.JobChangeInput{EffectiveFrom: date.MustParse("2023-01-01"), Reason: "transfer", OrgUnitID: f.sales})
		if !kit.FieldsOf(err).Has("effective_from") {
			t.Fatalf("before hire: %v", err)
		}
		// A transfer effective in the past applies now; a future one later.
		if _, err := f.svc.ChangeJob(ctx, hr, maya, people.JobChangeInput{EffectiveFrom: date.MustParse("2026-03-01"), Reason: "transfer", OrgUnitID: f.sales}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.ChangeJob(ctx, hr, maya, people.JobChangeInput{EffectiveFrom: date.MustParse("2026-09-01"), Reason: "location_change", LocationID: f.denver}); err != nil {
			t.Fatal(err)
		}
		e, _ := db.People().GetEmployee(ctx, maya)
		if e.OrgUnitID != f.sales || e.LocationID != f.austin {
			t.Fatalf("current state: org %d loc %d", e.OrgUnitID, e.LocationID)
		}
		asOf, err := db.People().AssignmentAsOf(ctx, maya, date.MustParse("2025-01-01"))
		if err != nil || asOf.OrgUnitID != f.eng {
			t.Fatalf("as of 2025: %+v %v", asOf, err)
		}

		// Pay change and compa-ratio.
		if _, err := f.svc.ChangePay(ctx, hr, maya, people.PayChangeInput{EffectiveFrom: date.MustParse("2026-03-01"), Reason: "merit", Pay: people.Pay{AmountCents: 11000000, Per: "year", Currency: "USD"}}); err != nil {
			t.Fatal(err)
		}
		comp, err := f.svc.GetCompensation(ctx, hr, maya)
		if err != nil || *comp.CompaRatio != 1.1 || comp.Position != "in_range" || *comp.RangePenetration != 0.75 {
			t.Fatalf("compensation: %+v %v", comp, err)
		}

		// Termination: requested, then decided by someone else.
		gen := access.Actor{UserID: mustUser(t, db, "gen@example.com", access.RoleGeneralist), Name: "Gen", Grants: []access.Grant{{Role: access.RoleGeneralist}}}
		mgr := access.Actor{UserID: mustUser(t, db, "mgr@example.com", access.RoleManager), Name: "Mgr", Grants: []access.Grant{{Role: access.RoleManager}}}
		apID, err := f.svc.RequestTermination(ctx, gen, maya, people.Termination{LastDay: date.MustParse("2026-06-30"), Reason: "resignation", Voluntary: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.DecideTermination(ctx, gen, apID, true, ""); kit.KindOf(err) != kit.KindForbidden {
			t.Fatalf("generalist decided: %v", err)
		}
		if err := f.svc.DecideTermination(ctx, mgr, apID, true, "ok"); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.DecideTermination(ctx, mgr, apID, true, "again"); kit.KindOf(err) != kit.KindConflict {
			t.Fatalf("second decision: %v", err)
		}
		ps, _ := db.People().ListPeriods(ctx, maya)
		if len(ps) != 1 || ps[0].End.String() != "2026-06-30" || !*ps[0].Voluntary {
			t.Fatalf("periods: %+v", ps)
		}

		// Sensitive values are encrypted and reveal is audited.
		sv, err := f.svc.RevealSensitive(ctx, hr, maya)
		if err != nil || sv.SSN != "123-45-6789" {
			t.Fatalf("reveal: %+v %v", sv, err)
		}
		raw, _ := db.People().GetSensitive(ctx, maya)
		if strings.Contains(string(raw.SSN), "123-45") {
			t.Fatal("SSN stored in clear")
		}

		// Hours: overlapping re-import replaces.
		err = f.svc.PutHours(ctx, hr, maya, []people.HoursInput{{From: date.MustParse("2026-01-01"), To: date.MustParse("2026-01-31"), HoursWorked: 170.5}})
		if err != nil {
			t.Fatal(err)
		}
		err = f.svc.PutHours(ctx, hr, maya, []people.HoursInput{{From: date.MustParse("2026-01-01"), To: date.MustParse("2026-01-31"), HoursWorked: 160}})
		hs, _ := f.svc.ListHours(ctx, hr, maya)
		if err != nil || len(hs) != 1 || hs[0].HoursCenti != 16000 {
			t.Fatalf("hours: %+v %v", hs, err)
		}
		if err := f.svc.PutHours(ctx, hr, maya, []people.HoursInput{{From: date.MustParse("2026-02-01"), To: date.MustParse("2026-01-01"), HoursWorked: -1}}); len(kit.FieldsOf(err)) != 2 {
			t.Fatalf("bad hours: %v", err)
		}

		// Documents: type sniffed by content.
		if _, err := f.svc.UploadDocument(ctx, hr, maya, people.DocumentInput{Category: "contract", Filename: "contract.pdf", Data: []byte("MZ\x90\x00 not a pdf")}); !kit.FieldsOf(err).Has("file") {
			t.Fatalf("disguised upload: %v", err)
		}
		docID, err := f.svc.UploadDocument(ctx, hr, maya, people.DocumentInput{Category: "contract", Filename: "contract.pdf", Data: []byte("%PDF-1.4 test")})
		if err != nil {
			t.Fatal(err)
		}
		d, data, err := f.svc.OpenDocument(ctx, hr, maya, docID)
		if err != nil || string(data) != "%PDF-1.4 test" || d.ContentType != "application/pdf" {
			t.Fatalf("open document: %v", err)
		}

		res, err := db.VerifyAudit(ctx)
		if err != nil || !res.OK || res.Entries < 15 {
			t.Fatalf("audit verify: %+v %v", res, err)
		}
	})
}

func mustUser(t *testing.T, db *store.DB, email string, role access.Role) int64 {
	t.Helper()
	svc := access.NewService(db.Access(), kit.SystemClock{})
	svc.Fast = true
	id, err := svc.CreateUser(context.Background(), access.Actor{Name: "admin", Grants: []access.Grant{{Role: access.RoleAdmin}}}, access.UserInput{Email: email, Name: email, Password: "correct-horse-battery", Grants: []access.Grant{{Role: role}}})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestSearchFollowsStatusAndNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		id := f.hire(t, "Quinn", "Zephyr", 0)
		gen := access.Actor{UserID: mustUser(t, db, "g@example.com", access.RoleGeneralist), Name: "G", Grants: []access.Grant{{Role: access.RoleGeneralist}}}
		mgr := access.Actor{UserID: mustUser(t, db, "m@example.com", access.RoleManager), Name: "M", Grants: []access.Grant{{Role: access.RoleManager}}}
		count := func(q, status string) int {
			p, err := f.svc.Directory(ctx, hr, people.DirectoryFilter{Q: q, Status: status})
			if err != nil {
				t.Fatal(err)
			}
			return len(p.Items)
		}
		if count("zeph", "") != 1 {
			t.Fatal("new hire not found")
		}
		name := "Zorro"
		if err := f.svc.Update(ctx, hr, id, people.UpdateInput{FamilyName: &name}); err != nil {
			t.Fatal(err)
		}
		if count("zeph", "") != 0 || count("zorr", "") != 1 || count("quinn zorr", "") != 1 {
			t.Fatal("search does not follow the new name")
		}
		ap, err := f.svc.RequestTermination(ctx, gen, id, people.Termination{LastDay: date.MustParse("2026-06-01"), Reason: "layoff"})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.DecideTermination(ctx, mgr, ap, true, ""); err != nil {
			t.Fatal(err)
		}
		if count("zorr", "") != 0 || count("zorr", "terminated") != 1 || count("zorr", "all") != 1 {
			t.Fatal("search does not follow the status")
		}
	})
}
