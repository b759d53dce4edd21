package kit

import (
	"strings"
	"testing"
)

func render(d []DiffLine) string {
	var b strings.Builder
	for _, l := range d {
		b.WriteByte(l.Op)
		b.WriteString(l.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

func TestLineDiff(t *testing.T) {
	cases := []struct{ old, new, want string }{
		{"a\nb\nc\n", "a\nb\nc\n", " a\n b\n c\n"},
		{"a\nb\nc", "a\nx\nc", " a\n-b\n+x\n c\n"},
		{"", "a\nb", "+a\n+b\n"},
		{"a\nb", "", "-a\n-b\n"},
		{"a\r\nb\r\n", "a\nb\nc\n", " a\n b\n+c\n"},
		{"h\na\nb\nc", "h\nb\nc\na", " h\n-a\n b\n c\n+a\n"},
	}
	for _, c := range cases {
		if got := render(LineDiff(c.old, c.new)); got != c.want {
			t.Errorf("LineDiff(%q, %q) =\n%s\nwant\n%s", c.old, c.new, got, c.want)
		}
	}
}

func TestLineDiffLargeFallsBackToReplace(t *testing.T) {
	big := strings.Repeat("x\n", 2500)
	d := LineDiff(big, "y")
	if len(d) != 2501 || !d[0].Removed() || !d[2500].Added() {
		t.Fatalf("got %d lines, first %+v last %+v", len(d), d[0], d[len(d)-1])
	}
}

func TestCollapseDiff(t *testing.T) {
	d := LineDiff("a\nb\nc\nd\ne\nf\ng", "a\nb\nc\nd\nE\nf\ng")
	if got := render(CollapseDiff(d, 1)); got != "~3 unchanged lines\n d\n-e\n+E\n f\n~1 unchanged line\n" {
		t.Fatalf("got\n%s", got)
	}
	if got := render(CollapseDiff(LineDiff("a\nb", "a\nb"), 2)); got != "~2 unchanged lines\n" {
		t.Fatalf("no change: %s", got)
	}
}
