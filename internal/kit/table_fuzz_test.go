package kit

import (
	"archive/zip"
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var fuzzColumns = []string{"given_name", "family_name", "work_email", "hire_date", "pay_amount"}

// checkParsed holds for every input: a refusal is a field error or a list
// of problems with the file; rows come with their line numbers, in order,
// keyed only by known columns (or _extra), within the row limit.
func checkParsed(t *testing.T, rows []map[string]string, lines []int, problems []string, err error) {
	t.Helper()
	if err != nil {
		if KindOf(err) != KindInvalid && KindOf(err) != KindTooLarge {
			t.Fatalf("error of kind %v: %v", KindOf(err), err)
		}
		if rows != nil || problems != nil {
			t.Fatal("rows or problems with an error")
		}
		return
	}
	if len(problems) > 0 {
		if rows != nil {
			t.Fatal("rows with problems: an import is all or nothing")
		}
		return
	}
	if len(rows) == 0 || len(rows) != len(lines) || len(rows) > 50 {
		t.Fatalf("%d rows, %d lines", len(rows), len(lines))
	}
	for i, l := range lines {
		if l < 2 || (i > 0 && l <= lines[i-1]) {
			t.Fatalf("line numbers %v", lines)
		}
	}
	for _, r := range rows {
		for k, v := range r {
			if k != "_extra" && !slices.Contains(fuzzColumns, k) {
				t.Fatalf("row keyed by unknown column %q", k)
			}
			if k != "_extra" && v != strings.TrimSpace(v) {
				t.Fatalf("value %q not trimmed", v)
			}
		}
	}
}

// FuzzParseTableCSV: an uploaded CSV (imports of employees, candidates,
// market data, hours) never panics and is refused whole or parsed whole.
func FuzzParseTableCSV(f *testing.F) {
	f.Add([]byte("given_name,family_name,work_email\nAda,Lovelace,ada@example.com\n"))
	f.Add([]byte("\xEF\xBB\xBFgiven_name,family_name\n\"Grace \"\"Amazing\"\"\",Hopper\n\n,\n"))
	f.Add([]byte("given_name,given_name\nA,B\n"))
	f.Add([]byte("given_name,family_name\nA,B,C,D\n"))
	f.Add([]byte("given_name\n\"unterminated\n"))
	f.Add([]byte("=cmd|' /C calc'!A0,family_name\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, lines, problems, err := ParseTable("import.csv", data, fuzzColumns, []string{"given_name"}, 1<<20, 50)
		checkParsed(t, rows, lines, problems, err)
	})
}

func workbook(rows [][]string) []byte {
	x := excelize.NewFile()
	defer x.Close()
	for i, r := range rows {
		for j, v := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			_ = x.SetCellStr("Sheet1", cell, v)
		}
	}
	var b bytes.Buffer
	_ = x.Write(&b)
	return b.Bytes()
}

// FuzzParseTableXLSX: an uploaded workbook never panics, whatever its
// bytes (a zip of XML parts the fuzzer mutates).
func FuzzParseTableXLSX(f *testing.F) {
	f.Add(workbook([][]string{{"given_name", "family_name"}, {"Ada", "Lovelace"}}))
	f.Add(workbook([][]string{{"given_name", "work_email", "pay_amount"}, {"  Grace ", "grace@example.com", "120000"}, {}, {"Alan", "", "-5"}}))
	f.Add(workbook([][]string{{"given_name", "nope"}}))
	f.Add([]byte("PK\x03\x04 not really a zip"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, lines, problems, err := ParseTable("import.xlsx", data, fuzzColumns, []string{"given_name"}, 1<<20, 50)
		checkParsed(t, rows, lines, problems, err)
	})
}

// TestWorkbookBombIsRefused: a small workbook whose sheet inflates past
// MaxUnpackedWorkbook is refused without unpacking it.
func TestWorkbookBombIsRefused(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "_rels/.rels"} {
		w, _ := zw.Create(name)
		_, _ = w.Write([]byte(`<?xml version="1.0"?><x/>`))
	}
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	chunk := []byte(strings.Repeat(" ", 1<<20))
	for i := 0; i < 80; i++ {
		_, _ = w.Write(chunk)
	}
	_ = zw.Close()
	if buf.Len() > 1<<20 {
		t.Fatalf("the bomb is %d bytes", buf.Len())
	}
	_, _, _, err := ParseTable("bomb.xlsx", buf.Bytes(), fuzzColumns, nil, 1<<20, 50)
	if err == nil || !strings.Contains(err.Error(), "unpacks to more than") {
		t.Fatalf("bomb: %v", err)
	}
}

// FuzzSafeCell: an exported cell never starts a formula (=, +, -, @, tab,
// carriage return) unless it is a plain number; it is the value or the
// value behind one quote.
func FuzzSafeCell(f *testing.F) {
	for _, s := range []string{"=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "-12.50", "Ada", "", "'=x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := SafeCell(s)
		if out != s && out != "'"+s {
			t.Fatalf("SafeCell(%q) = %q", s, out)
		}
		if out != "" && strings.ContainsRune("=+-@\t\r", rune(out[0])) {
			if _, err := strconv.ParseFloat(out, 64); err != nil {
				t.Fatalf("SafeCell(%q) = %q starts a formula", s, out)
			}
		}
	})
}
