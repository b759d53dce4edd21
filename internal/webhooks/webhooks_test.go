package webhooks

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

// The signature matches an HMAC-SHA256 computed independently (Python's
// hmac module, as the docs' receiver example uses).
func TestSignatureVector(t *testing.T) {
	body := []byte(`{"id":"evt_1"}`)
	got := Signature(1700000000, body, "whsec_test")
	want := "t=1700000000,v1=c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925"
	if got != want {
		t.Fatalf("got %s", got)
	}
	two := Signature(1700000000, body, "whsec_new", "whsec_test")
	if strings.Count(two, "v1=") != 2 || !strings.HasSuffix(two, want[len("t=1700000000"):]) {
		t.Fatalf("two secrets: %s", two)
	}
	now := time.Unix(1700000000, 0).Add(2 * time.Minute)
	if err := Verify(two, body, "whsec_test", now, 5*time.Minute); err != nil {
		t.Fatalf("the previous secret: %v", err)
	}
	if err := Verify(two, body, "whsec_new", now, 5*time.Minute); err != nil {
		t.Fatalf("the new secret: %v", err)
	}
	for _, bad := range []struct {
		header string
		body   string
		secret string
		now    time.Time
	}{
		{got, `{"id":"evt_2"}`, "whsec_test", now},
		{got, string(body), "whsec_other", now},
		{got, string(body), "whsec_test", now.Add(10 * time.Minute)},
		{got, string(body), "whsec_test", time.Unix(1700000000, 0).Add(-10 * time.Minute)},
		{"v1=c89214b5", string(body), "whsec_test", now},
		{"t=abc,v1=00", string(body), "whsec_test", now},
		{"", string(body), "whsec_test", now},
	} {
		if Verify(bad.header, []byte(bad.body), bad.secret, bad.now, 5*time.Minute) == nil {
			t.Errorf("verified: %+v", bad)
		}
	}
}

func TestCheckURL(t *testing.T) {
	for raw, ok := range map[string][2]bool{ // [public only, private allowed]
		"https://hooks.example.com/cadre":      {true, true},
		"https://hooks.example.com:8443/x?a=1": {true, true},
		"https://93.184.216.34/x":              {true, true},
		"http://127.0.0.1:9000/hook":           {false, true},
		"http://localhost/hook":                {false, true},
		"http://[::1]:8080/":                   {false, true},
		"https://localhost/hook":               {false, true},
		"https://10.0.0.5/x":                   {false, true},
		"https://192.168.1.4/x":                {false, true},
		"https://169.254.169.254/latest":       {false, true},
		"https://100.64.0.1/x":                 {false, true},
		"https://[fd00::1]/x":                  {false, true},
		"http://hooks.example.com/x":           {false, false},
		"http://10.0.0.5/x":                    {false, false},
		"ftp://hooks.example.com/":             {false, false},
		"https://":                             {false, false},
		"hooks.example.com/x":                  {false, false},
		"https://u:p@hooks.example.com/":       {false, false},
		"https://hooks.example.com/#frag":      {false, false},
		"":                                     {false, false},
	} {
		for i, allow := range []bool{false, true} {
			if got := checkURL(raw, allow) == ""; got != ok[i] {
				t.Errorf("%q (private allowed %v): accepted %v (%s)", raw, allow, got, checkURL(raw, allow))
			}
		}
	}
}

// Names that resolve to an internal address are refused when
// connecting, unless private endpoints are allowed.
func TestNoInternalConnections(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }))
	defer srv.Close()
	s := &Service{}
	if _, _, err := s.post(context.Background(), srv.URL, nil, []byte("{}")); err == nil || !strings.Contains(err.Error(), "not a public address") {
		t.Fatalf("connected to %s: %v", srv.URL, err)
	}
	local := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	if _, _, err := s.post(context.Background(), local, nil, []byte("{}")); err == nil {
		t.Fatal("connected through localhost")
	}
	s.AllowPrivate = true
	if code, _, err := s.post(context.Background(), srv.URL, nil, []byte("{}")); err != nil || code != 204 {
		t.Fatalf("with private endpoints allowed: %d %v", code, err)
	}
}

func TestInputValidation(t *testing.T) {
	in := Input{Name: "  Sync ", URL: " https://x.example.com/h ", Events: []string{"case.opened", "employee.hired", "employee.hired", " "}}
	if err := in.validate(false); err != nil {
		t.Fatal(err)
	}
	if in.Name != "Sync" || in.URL != "https://x.example.com/h" || !slices.Equal(in.Events, []string{"employee.hired", "case.opened"}) {
		t.Fatalf("normalised: %+v", in)
	}
	bad := Input{Name: strings.Repeat("x", 101), URL: "http://x.example.com", Events: []string{"employee.fired"}}
	err := bad.validate(false)
	if err == nil {
		t.Fatal("accepted")
	}
	for _, f := range []string{"name", "url", "events"} {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("no error on %s: %v", f, err)
		}
	}
}

func TestEventsAndBackoff(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range Events {
		if e.Key == Ping || e.Label == "" || e.About == "" || len(e.Actions) == 0 {
			t.Errorf("event %+v", e)
		}
		for _, a := range e.Actions {
			if seen[a] {
				t.Errorf("action %s raises two events", a)
			}
			seen[a] = true
			if actionEvents[a] != e.Key {
				t.Errorf("%s maps to %s", a, actionEvents[a])
			}
		}
	}
	if len(Actions()) != len(seen) {
		t.Fatalf("Actions: %v", Actions())
	}
	total := time.Duration(0)
	for n := 1; n < MaxAttempts; n++ {
		if n > 1 && Backoff(n) < Backoff(n-1) {
			t.Fatalf("backoff shrinks at %d", n)
		}
		total += Backoff(n)
	}
	if Backoff(1) != 30*time.Second || Backoff(100) != 6*time.Hour || total < 10*time.Hour || total > 12*time.Hour {
		t.Fatalf("backoff: first %s, total %s", Backoff(1), total)
	}
}
