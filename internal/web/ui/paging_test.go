package ui

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func TestPagerLinks(t *testing.T) {
	f := url.Values{"status": {"done"}, "cursor": {"old"}}
	if first, next := pagerLinks("/x", f, "", "abc"); first != "" || next != "/x?cursor=abc&status=done" {
		t.Errorf("first page: %q %q", first, next)
	}
	if first, next := pagerLinks("/x", f, "old", ""); first != "/x?status=done" || next != "" {
		t.Errorf("last page: %q %q", first, next)
	}
	if first, _ := pagerLinks("/x", nil, "old", ""); first != "/x" {
		t.Errorf("no filters: %q", first)
	}
}

func TestBackTo(t *testing.T) {
	for back, want := range map[string]string{
		"":                         "/approvals",
		"/approvals":               "/approvals",
		"/approvals?status=all":    "/approvals?status=all",
		"/approvals/12":            "/approvals/12",
		"/approvalsx":              "/approvals",
		"//evil.example/approvals": "/approvals",
		"https://evil.example/":    "/approvals",
		"/approvals/1\r\nX: y":     "/approvals",
	} {
		r := httptest.NewRequest("POST", "/approvals/1/decide", strings.NewReader(url.Values{"back": {back}}.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if got := backTo(r, "/approvals"); got != want {
			t.Errorf("back %q: %q, want %q", back, got, want)
		}
	}
}
