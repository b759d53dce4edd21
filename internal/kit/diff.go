package kit

import (
	"strconv"
	"strings"
)

// DiffLine is one line of a line-by-line comparison: Op is ' ' (in both),
// '-' (only in the old text) or '+' (only in the new text).
type DiffLine struct {
	Op   byte
	Text string
}

// Added reports whether the line is only in the new text.
func (d DiffLine) Added() bool { return d.Op == '+' }

// Removed reports whether the line is only in the old text.
func (d DiffLine) Removed() bool { return d.Op == '-' }

// LineDiff compares two texts line by line by their longest common
// subsequence, so moved or edited lines show as removed and added. It is
// meant for documents of a few hundred lines (job descriptions, policies):
// beyond 2,000 lines a side it reports the whole old text removed and the
// whole new text added rather than spend quadratic memory.
func LineDiff(old, new string) []DiffLine {
	a, b := splitLines(old), splitLines(new)
	if len(a) > 2000 || len(b) > 2000 {
		out := make([]DiffLine, 0, len(a)+len(b))
		for _, l := range a {
			out = append(out, DiffLine{'-', l})
		}
		for _, l := range b {
			out = append(out, DiffLine{'+', l})
		}
		return out
	}
	// lcs[i][j] is the common length of a[i:] and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []DiffLine
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			out = append(out, DiffLine{' ', a[i]})
			i++
			j++
		case lcs[i+1][j] >= lcs[i][j+1]:
			out = append(out, DiffLine{'-', a[i]})
			i++
		default:
			out = append(out, DiffLine{'+', b[j]})
			j++
		}
	}
	for ; i < len(a); i++ {
		out = append(out, DiffLine{'-', a[i]})
	}
	for ; j < len(b); j++ {
		out = append(out, DiffLine{'+', b[j]})
	}
	return out
}

func splitLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// Gap reports whether the line stands for unchanged lines left out.
func (d DiffLine) Gap() bool { return d.Op == '~' }

// CollapseDiff keeps the changed lines and context unchanged lines around
// each change; every longer run of unchanged lines becomes one gap line
// ('~') saying how many were left out.
func CollapseDiff(d []DiffLine, context int) []DiffLine {
	keep := make([]bool, len(d))
	for i, l := range d {
		if l.Op == ' ' {
			continue
		}
		for k := max(0, i-context); k <= min(len(d)-1, i+context); k++ {
			keep[k] = true
		}
	}
	var out []DiffLine
	for i := 0; i < len(d); {
		if keep[i] {
			out = append(out, d[i])
			i++
			continue
		}
		j := i
		for j < len(d) && !keep[j] {
			j++
		}
		n := j - i
		text := "1 unchanged line"
		if n > 1 {
			text = strconv.Itoa(n) + " unchanged lines"
		}
		out = append(out, DiffLine{'~', text})
		i = j
	}
	return out
}
