package app

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/demo"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/store"
)

// Benchmarks run against a demo company of CADRE_BENCH_EMPLOYEES
// (default 5,000), seeded once per run into a temp directory, or kept in
// CADRE_BENCH_DB between runs:
//
//	go test ./internal/app -run '^$' -bench . -benchtime 2000x
var benchOnce sync.Once
var benchSrv *httptest.Server
var benchCookie, benchManagerCookie, benchToken, benchManagerToken string
var benchEmp int64
var benchSvc Services

func benchServer(b *testing.B) {
	benchOnce.Do(func() {
		n := 5000
		if v, err := strconv.Atoi(os.Getenv("CADRE_BENCH_EMPLOYEES")); err == nil && v > 0 {
			n = v
		}
		ctx := context.Background()
		// CADRE_BENCH_DB keeps the seeded company between runs (profiling
		// the 100,000-employee company without seeding it each time).
		path := os.Getenv("CADRE_BENCH_DB")
		if path == "" {
			dir, _ := os.MkdirTemp("", "cadre-bench")
			path = filepath.Join(dir, "bench.db")
		}
		_, statErr := os.Stat(path)
		db, err := store.Open(ctx, "sqlite:"+path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		sealer, _ := kit.NewSealer("bench-secret-key-0123456789")
		if statErr != nil {
			start := time.Now()
			if _, err := demo.Seed(ctx, db, demo.Options{Employees: n, Seed: 1, Today: testToday, FastHash: true, Sealer: sealer}); err != nil {
				b.Fatal(err)
			}
			b.Logf("seeded %d employees in %s", n, time.Since(start).Round(time.Millisecond))
		}
		svc := NewServices(db, kit.SystemClock{}, sealer)
		svc.Access.Fast = true
		benchSvc = svc
		h, err := NewHandler(db, svc, HandlerOptions{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Clock: kit.SystemClock{}})
		if err != nil {
			b.Fatal(err)
		}
		benchSrv = httptest.NewServer(h)
		jar := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := jar.PostForm(benchSrv.URL+"/login", url.Values{"email": {"generalist@example.com"}, "password": {"cadre-demo"}})
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range res.Cookies() {
			if c.Name == cookieName {
				benchCookie = c.Value
			}
		}
		res, err = jar.PostForm(benchSrv.URL+"/login", url.Values{"email": {"manager@example.com"}, "password": {"cadre-demo"}})
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range res.Cookies() {
			if c.Name == cookieName {
				benchManagerCookie = c.Value
			}
		}
		benchToken, _ = svc.Access.CreateTokenForEmail(ctx, "generalist@example.com", access.TokenRequest{Name: "bench"})
		benchManagerToken, _ = svc.Access.CreateTokenForEmail(ctx, "manager@example.com", access.TokenRequest{Name: "bench"})
		a, _ := svc.Access.ActorByEmail(ctx, "employee@example.com")
		benchEmp = a.EmployeeID
	})
}

const cookieName = "cadre_session"

func benchGet(b *testing.B, path string, api bool) { benchGetCold(b, path, api, false) }

// benchGetCold with cold set drops the cached dashboards before every
// request, so each one computes them from the database.
func benchGetCold(b *testing.B, path string, api, cold bool) {
	benchServer(b)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if cold {
				benchSvc.Hiring.ForgetDashboards()
				benchSvc.Insights.Forget()
			}
			req, _ := http.NewRequest("GET", benchSrv.URL+path, nil)
			if api && (strings.HasPrefix(path, "/api/v1/relations/trends") || strings.HasPrefix(path, "/api/v1/leave/dashboard") || strings.HasPrefix(path, "/api/v1/merit-cycles") || strings.HasPrefix(path, "/api/v1/careers/succession") || strings.HasPrefix(path, "/api/v1/insights")) {
				req.Header.Set("Authorization", "Bearer "+benchManagerToken)
			} else if api {
				req.Header.Set("Authorization", "Bearer "+benchToken)
			} else if strings.HasPrefix(path, "/insights") {
				req.AddCookie(&http.Cookie{Name: cookieName, Value: benchManagerCookie})
			} else {
				req.AddCookie(&http.Cookie{Name: cookieName, Value: benchCookie})
			}
			res, err := client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				b.Fatalf("GET %s: %d", path, res.StatusCode)
			}
		}
	})
}

func BenchmarkDirectoryPage(b *testing.B)   { benchGet(b, "/people", false) }
func BenchmarkDirectorySearch(b *testing.B) { benchGet(b, "/people?q=chen", false) }
func BenchmarkProfileHTML(b *testing.B) {
	benchServer(b)
	benchGet(b, "/people/"+itoa(benchEmp), false)
}
func BenchmarkProfileJSON(b *testing.B) {
	benchServer(b)
	benchGet(b, "/api/v1/employees/"+itoa(benchEmp), true)
}
func BenchmarkOrgChartSubtree(b *testing.B) { benchGet(b, "/org-chart?root=1", false) }
func BenchmarkEmployeeSearchAPI(b *testing.B) {
	benchGet(b, "/api/v1/employees?q=gar&limit=50", true)
}

// The generalist's home (tasks, queues, approvals waiting on managers) and
// the approvals page (routes, who can decide each).
func BenchmarkHomeMyWork(b *testing.B)    { benchGet(b, "/", false) }
func BenchmarkApprovalsPage(b *testing.B) { benchGet(b, "/approvals?status=all", false) }

// The recruiting dashboard over the last 12 months (every metric, the
// rules engine's time-to-fill and cost-per-hire) and the pipeline board.
func BenchmarkRecruitingMetrics(b *testing.B) { benchGet(b, "/hiring/metrics", false) }
func BenchmarkRecruitingMetricsAPI(b *testing.B) {
	benchGet(b, "/api/v1/recruiting/metrics", true)
}

// Cold: every request computes the dashboard (no minute-long reuse).
func BenchmarkRecruitingMetricsAPICold(b *testing.B) {
	benchGetCold(b, "/api/v1/recruiting/metrics", true, true)
}

// The hiring plan page with its forecast: every department's headcount
// and separations month by month over the last year, the rules engine's
// turnover, the plan and the approved openings.
func BenchmarkHiringPlanForecast(b *testing.B) { benchGet(b, "/hiring/plan", false) }
func BenchmarkHiringForecastAPI(b *testing.B) {
	benchGet(b, "/api/v1/hiring-plan/forecast", true)
}
func BenchmarkHiringForecastAPICold(b *testing.B) {
	benchGetCold(b, "/api/v1/hiring-plan/forecast", true, true)
}

// Employee relations: the generalist's case list (visibility filtered in
// SQL) and the HR manager's trends (24 months of headcount and cases).
func BenchmarkERCaseListAPI(b *testing.B) { benchGet(b, "/api/v1/cases?status=open", true) }
func BenchmarkERCasesPage(b *testing.B)   { benchGet(b, "/relations", false) }
func BenchmarkERTrendsAPI(b *testing.B)   { benchGet(b, "/api/v1/relations/trends", true) }

// The leave case pages: the demo's first case is the employee persona's
// intermittent FMLA case, with its notices and usage.
func BenchmarkLeaveDashboardAPI(b *testing.B) { benchGet(b, "/api/v1/leave/dashboard", true) }
func BenchmarkLeaveCaseAPI(b *testing.B)      { benchGet(b, "/api/v1/leave-cases/1/lifecycle", true) }
func BenchmarkLeaveCasePage(b *testing.B)     { benchGet(b, "/leave/cases/1", false) }
func BenchmarkLeaveCasesPage(b *testing.B)    { benchGet(b, "/leave", false) }

// The Form I-9 tracker and audit (every employment's form; the audit
// reads the open, late, reverification and retention views), one form
// with its rules explanation, and the records retention dashboard.
func BenchmarkI9TrackerAPI(b *testing.B)  { benchGet(b, "/api/v1/i9?view=open", true) }
func BenchmarkI9ReverifyAPI(b *testing.B) { benchGet(b, "/api/v1/i9?view=reverify", true) }
func BenchmarkI9AuditAPI(b *testing.B)    { benchGet(b, "/api/v1/i9/audit", true) }
func BenchmarkI9FormAPI(b *testing.B)     { benchGet(b, "/api/v1/employees/1/i9", true) }
func BenchmarkI9TrackerPage(b *testing.B) { benchGet(b, "/compliance/i9", false) }
func BenchmarkRecordsRetentionAPI(b *testing.B) {
	benchGet(b, "/api/v1/records/retention", true)
}

// Compensation: payroll, positions in range, market pricing, merit.
func BenchmarkPayrollOverviewAPI(b *testing.B) { benchGet(b, "/api/v1/payroll", true) }
func BenchmarkPayrollPage(b *testing.B)        { benchGet(b, "/pay/payroll", false) }
func BenchmarkPayPositionsAPI(b *testing.B) {
	benchGet(b, "/api/v1/compensation/positions?limit=500", true)
}
func BenchmarkPayPositionsPage(b *testing.B) { benchGet(b, "/pay/positions", false) }
func BenchmarkMarketPricingAPI(b *testing.B) { benchGet(b, "/api/v1/market/pricing", true) }
func BenchmarkMeritCycleAPI(b *testing.B)    { benchGet(b, "/api/v1/merit-cycles/1", true) }
func BenchmarkPayrollCostsAPI(b *testing.B)  { benchGet(b, "/api/v1/payroll/costs", true) }

// Benefits: the open-enrollment progress, the census, the age-limit
// report and the budget each read every coverage in scope.
func BenchmarkBenefitProgressAPI(b *testing.B) {
	benchGet(b, "/api/v1/benefit-windows/2/progress", true)
}
func BenchmarkBenefitProgressPage(b *testing.B) { benchGet(b, "/benefits/windows/2", false) }
func BenchmarkBenefitReportsPage(b *testing.B)  { benchGet(b, "/benefits/reports", false) }
func BenchmarkBenefitCensusAPI(b *testing.B) {
	benchGet(b, "/api/v1/benefits/reports/census?format=csv", true)
}

// Careers: the generalist's own career (ladder, next step's gap
// analysis, plans, credentials), the ladders, the credential compliance
// view over every job that requires a credential, and succession.
func BenchmarkCareerPage(b *testing.B)  { benchGet(b, "/growth", false) }
func BenchmarkLaddersPage(b *testing.B) { benchGet(b, "/growth/ladders", false) }
func BenchmarkCareerGapsAPI(b *testing.B) {
	benchGet(b, "/api/v1/employees/1/career/gaps?target_job_id=1", true)
}
func BenchmarkCredentialComplianceAPI(b *testing.B) {
	benchGet(b, "/api/v1/credentials/compliance", true)
}
func BenchmarkCredentialCompliancePage(b *testing.B) { benchGet(b, "/growth/compliance", false) }
func BenchmarkSuccessionAPI(b *testing.B)            { benchGet(b, "/api/v1/careers/succession", true) }

// The executive dashboard, cold: every request computes it (no minute-long
// reuse), one at a time, so ns/op is the page's latency; the warm page is
// what a second visit within the minute costs.
func BenchmarkInsightsDashboardPageCold(b *testing.B) { benchSerialCold(b, "/insights") }
func BenchmarkInsightsDashboardPage(b *testing.B)     { benchGet(b, "/insights", false) }
func BenchmarkInsightsDashboardAPICold(b *testing.B) {
	benchSerialCold(b, "/api/v1/insights/dashboard")
}

// benchSerialCold requests path as the HR manager one request at a time,
// each computing the dashboard afresh.
func benchSerialCold(b *testing.B, path string) {
	benchServer(b)
	client := &http.Client{}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		benchSvc.Insights.Forget()
		req, _ := http.NewRequest("GET", benchSrv.URL+path, nil)
		if strings.HasPrefix(path, "/api/") {
			req.Header.Set("Authorization", "Bearer "+benchManagerToken)
		} else {
			req.AddCookie(&http.Cookie{Name: cookieName, Value: benchManagerCookie})
		}
		res, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			b.Fatalf("GET %s: %d", path, res.StatusCode)
		}
	}
}
func BenchmarkInsightsPeopleAPI(b *testing.B) {
	benchGet(b, "/api/v1/insights/people?kind=separations", true)
}

// Integrations: SCIM reads as an identity system does them, the API
// reference page, and the webhook dispatcher with nothing new to send.
var benchSCIMToken string

func benchSCIM(b *testing.B, path string) {
	benchServer(b)
	if benchSCIMToken == "" {
		admin, _ := benchSvc.Access.ActorByEmail(context.Background(), "admin@example.com")
		_, tok, err := benchSvc.SCIM.CreateClient(context.Background(), admin, "bench", false)
		if err != nil {
			b.Fatal(err)
		}
		benchSCIMToken = tok
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest("GET", benchSrv.URL+path, nil)
			req.Header.Set("Authorization", "Bearer "+benchSCIMToken)
			res, err := client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				b.Fatalf("GET %s: %d", path, res.StatusCode)
			}
		}
	})
}

func BenchmarkSCIMUsersPage(b *testing.B) { benchSCIM(b, "/scim/v2/Users?count=100") }
func BenchmarkSCIMUserByName(b *testing.B) {
	benchSCIM(b, "/scim/v2/Users?filter="+url.QueryEscape(`userName eq "employee@example.com"`))
}
func BenchmarkSCIMActiveCount(b *testing.B) {
	benchSCIM(b, "/scim/v2/Users?count=0&filter="+url.QueryEscape(`active eq true and urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Customer Support"`))
}
func BenchmarkSCIMGroups(b *testing.B)            { benchSCIM(b, "/scim/v2/Groups?excludedAttributes=members") }
func BenchmarkSCIMGroupsWithMembers(b *testing.B) { benchSCIM(b, "/scim/v2/Groups?count=500") }
func BenchmarkAPIReferencePage(b *testing.B)      { benchGet(b, "/settings/api", false) }

func BenchmarkWebhookDispatchIdle(b *testing.B) {
	benchServer(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := benchSvc.Webhooks.Dispatch(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
