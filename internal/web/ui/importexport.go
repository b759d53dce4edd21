package ui

import (
	"net/http"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/people"
)

// ImportPage shows the import form and, after an upload, its report.
type ImportPage struct {
	Base
	Columns  []string
	Required []string
	Report   *people.ImportReport
	Filename string
	Error    string
}

func (u *UI) importForm(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(actor(r), access.EmployeeImport, access.CompanyTarget); err != nil {
		return err
	}
	p := ImportPage{Base: u.base(r, "Import employees", "People"), Columns: people.ImportColumns}
	p.Crumbs = []Crumb{{Label: "People", Href: "/people"}, {Label: "Import"}}
	u.render(w, r, http.StatusOK, "people/import", p)
	return nil
}

func (u *UI) importFile(w http.ResponseWriter, r *http.Request) error {
	p := ImportPage{Base: u.base(r, "Import employees", "People"), Columns: people.ImportColumns}
	p.Crumbs = []Crumb{{Label: "People", Href: "/people"}, {Label: "Import"}}
	data, name, err := readUpload(w, r, "file", people.MaxImportSize)
	if err == nil {
		var rep people.ImportReport
		rep, err = u.People.Import(r.Context(), actor(r), name, data)
		if err == nil {
			if rep.Applied {
				return u.redirect(w, r, "/people", "Imported "+itoa(int64(rep.Valid))+" employees from "+name+".")
			}
			p.Report, p.Filename = &rep, name
			u.render(w, r, http.StatusUnprocessableEntity, "people/import", p)
			return nil
		}
	}
	switch kit.KindOf(err) {
	case kit.KindInvalid:
		for _, v := range kit.FieldsOf(err) {
			p.Error = v
		}
	case kit.KindTooLarge:
		p.Error = kit.MessageOf(err)
	default:
		return err
	}
	u.render(w, r, web422(err), "people/import", p)
	return nil
}

func web422(err error) int {
	if kit.KindOf(err) == kit.KindTooLarge {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusUnprocessableEntity
}

func (u *UI) export(w http.ResponseWriter, r *http.Request) error {
	format := r.URL.Query().Get("format")
	q := r.URL.Query()
	f := NewForm(q)
	filter := people.DirectoryFilter{Q: strings.ToLower(q.Get("q")), OrgUnitID: int64Of(f, "org_unit_id"), LocationID: int64Of(f, "location_id"), JobID: int64Of(f, "job_id"), Status: q.Get("status")}
	data, err := u.People.Export(r.Context(), actor(r), format, filter)
	if err != nil {
		if kit.KindOf(err) == kit.KindInvalid {
			return kit.NotFound("page")
		}
		return err
	}
	ct := "text/csv; charset=utf-8"
	if format == "xlsx" {
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="employees-`+u.now().Format("2006-01-02")+`.`+format+`"`)
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = w.Write(data)
	return err
}
