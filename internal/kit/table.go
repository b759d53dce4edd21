package kit

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ParseTable reads an uploaded CSV or XLSX file (its first sheet) into
// rows keyed by the lower-cased header. Unknown, blank or repeated
// headers and missing required columns are problems with the file as a
// whole (no rows are returned); lines are the 1-based line of each row,
// the header being line 1. Blank lines are skipped; a value beyond the
// header's columns is reported on its row under "_extra".
// MaxUnpackedWorkbook is the most an uploaded XLSX may unpack to.
const MaxUnpackedWorkbook = 64 << 20

func ParseTable(filename string, data []byte, columns, required []string, maxSize, maxRows int) ([]map[string]string, []int, []string, error) {
	if len(data) > maxSize {
		return nil, nil, nil, TooLarge("the file is larger than %d MB; split it into smaller files", maxSize>>20)
	}
	var records [][]string
	lower := strings.ToLower(filename)
	switch {
	case strings.HasSuffix(lower, ".xlsx"):
		// A workbook is a zip: cap what it may unpack to, so a small file
		// that inflates to gigabytes (a zip bomb) is refused, not unpacked.
		f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: MaxUnpackedWorkbook, UnzipXMLSizeLimit: MaxUnpackedWorkbook / 2})
		if err != nil {
			if strings.Contains(err.Error(), "unzip size exceeds") {
				return nil, nil, nil, Invalid("file", fmt.Sprintf("The workbook unpacks to more than %d MB; save it as CSV, or split it", MaxUnpackedWorkbook>>20))
			}
			return nil, nil, nil, Invalid("file", "Not a readable XLSX workbook")
		}
		defer f.Close()
		sheets := f.GetSheetList()
		if len(sheets) == 0 {
			return nil, nil, nil, Invalid("file", "The workbook has no sheets")
		}
		if records, err = f.GetRows(sheets[0]); err != nil {
			return nil, nil, nil, Invalid("file", "Could not read the first sheet")
		}
	case strings.HasSuffix(lower, ".csv"):
		data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
		r := csv.NewReader(bytes.NewReader(data))
		r.FieldsPerRecord = -1
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, nil, nil, Invalid("file", "Not valid CSV: "+err.Error())
			}
			records = append(records, rec)
		}
	default:
		return nil, nil, nil, Invalid("file", "Upload a .csv or .xlsx file")
	}
	if len(records) == 0 {
		return nil, nil, nil, Invalid("file", "The file is empty")
	}
	header := make([]string, len(records[0]))
	known := map[string]bool{}
	for _, c := range columns {
		known[c] = true
	}
	var problems []string
	seen := map[string]bool{}
	for i, h := range records[0] {
		h = strings.ToLower(strings.TrimSpace(h))
		header[i] = h
		switch {
		case h == "":
			problems = append(problems, fmt.Sprintf("column %d has no header", i+1))
		case !known[h]:
			problems = append(problems, fmt.Sprintf("unknown column %q", h))
		case seen[h]:
			problems = append(problems, fmt.Sprintf("column %q appears twice", h))
		}
		seen[h] = true
	}
	for _, c := range required {
		if !seen[c] {
			problems = append(problems, fmt.Sprintf("missing required column %q", c))
		}
	}
	if len(problems) > 0 {
		return nil, nil, problems, nil
	}
	if len(records)-1 > maxRows {
		return nil, nil, []string{fmt.Sprintf("the file has %d rows; import at most %d at once", len(records)-1, maxRows)}, nil
	}
	var rows []map[string]string
	var lines []int
	for i, rec := range records[1:] {
		if len(strings.Join(rec, "")) == 0 {
			continue // blank line
		}
		m := map[string]string{}
		for j, v := range rec {
			if j < len(header) {
				m[header[j]] = strings.TrimSpace(v)
			} else if strings.TrimSpace(v) != "" {
				m["_extra"] = "has more values than the header has columns"
			}
		}
		rows = append(rows, m)
		lines = append(lines, i+2)
	}
	if len(rows) == 0 {
		return nil, nil, []string{"the file has a header but no data rows"}, nil
	}
	return rows, lines, nil, nil
}

// WriteTable writes a header and rows as CSV or XLSX (format "csv" or
// "xlsx"; the sheet is named sheet).
func WriteTable(format, sheet string, header []string, rows [][]string) ([]byte, error) {
	var b bytes.Buffer
	switch format {
	case "csv":
		w := csv.NewWriter(&b)
		if err := w.Write(safeRow(header)); err != nil {
			return nil, err
		}
		for _, r := range rows {
			if err := w.Write(safeRow(r)); err != nil {
				return nil, err
			}
		}
		w.Flush()
		return b.Bytes(), w.Error()
	case "xlsx":
		x := excelize.NewFile()
		defer x.Close()
		if err := x.SetSheetName("Sheet1", sheet); err != nil {
			return nil, err
		}
		sw, err := x.NewStreamWriter(sheet)
		if err != nil {
			return nil, err
		}
		line := func(n int, vals []string) error {
			row := make([]any, len(vals))
			for i, v := range vals {
				row[i] = SafeCell(v)
			}
			cell, _ := excelize.CoordinatesToCellName(1, n)
			return sw.SetRow(cell, row)
		}
		if err := line(1, header); err != nil {
			return nil, err
		}
		for i, r := range rows {
			if err := line(i+2, r); err != nil {
				return nil, err
			}
		}
		if err := sw.Flush(); err != nil {
			return nil, err
		}
		if err := x.Write(&b); err != nil {
			return nil, err
		}
		return b.Bytes(), nil
	}
	return nil, Invalid("format", "Choose csv or xlsx")
}

func safeRow(r []string) []string {
	out := make([]string, len(r))
	for i, v := range r {
		out[i] = SafeCell(v)
	}
	return out
}

// SafeCell neutralises spreadsheet formula injection in an exported text
// cell: a value starting with =, +, -, @, a tab or a carriage return is
// prefixed with a single quote. Plain numbers (like -12.50) are left as
// they are.
func SafeCell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return "'" + s
}

// Sheet is a named table of an export.
type Sheet struct {
	Name   string
	Header []string
	Rows   [][]string
}

// WriteSheets writes several tables as one file: XLSX with a sheet per
// table (names cut to Excel's 31 characters), or CSV with each table
// under a line holding its name and a blank line between tables. Cells
// are neutralised against formula injection as in WriteTable.
func WriteSheets(format string, sheets []Sheet) ([]byte, error) {
	var b bytes.Buffer
	switch format {
	case "csv":
		w := csv.NewWriter(&b)
		for i, s := range sheets {
			if i > 0 {
				if err := w.Write([]string{}); err != nil {
					return nil, err
				}
			}
			if err := w.Write([]string{SafeCell(s.Name)}); err != nil {
				return nil, err
			}
			if err := w.Write(safeRow(s.Header)); err != nil {
				return nil, err
			}
			for _, r := range s.Rows {
				if err := w.Write(safeRow(r)); err != nil {
					return nil, err
				}
			}
		}
		w.Flush()
		return b.Bytes(), w.Error()
	case "xlsx":
		x := excelize.NewFile()
		defer x.Close()
		for i, s := range sheets {
			name := s.Name
			if len([]rune(name)) > 31 {
				name = string([]rune(name)[:31])
			}
			if i == 0 {
				if err := x.SetSheetName("Sheet1", name); err != nil {
					return nil, err
				}
			} else if _, err := x.NewSheet(name); err != nil {
				return nil, err
			}
			put := func(n int, vals []string) error {
				row := make([]any, len(vals))
				for j, v := range vals {
					if f, err := strconv.ParseFloat(v, 64); err == nil && numeric(v) {
						row[j] = f
					} else {
						row[j] = SafeCell(v)
					}
				}
				cell, _ := excelize.CoordinatesToCellName(1, n)
				return x.SetSheetRow(name, cell, &row)
			}
			if err := put(1, s.Header); err != nil {
				return nil, err
			}
			for j, r := range s.Rows {
				if err := put(j+2, r); err != nil {
					return nil, err
				}
			}
		}
		if err := x.Write(&b); err != nil {
			return nil, err
		}
		return b.Bytes(), nil
	}
	return nil, Invalid("format", "Choose csv or xlsx")
}

// numeric reports whether an exported value is a plain number to store
// as one: not an identifier with leading zeros ("00123"), not "NaN".
func numeric(v string) bool {
	if v == "" || strings.ContainsAny(v, "eEnNiI") {
		return false
	}
	d := strings.TrimPrefix(v, "-")
	return d == "0" || !strings.HasPrefix(d, "0") || strings.HasPrefix(d, "0.")
}
