package ui

import (
	"io"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/kit"
)

// AddCandidatePage adds a sourced candidate, or imports a file of them.
type AddCandidatePage struct {
	Base
	R        hiring.Requisition
	Form     Form
	Sources  []Option
	Columns  []string
	Report   *hiring.CandidateImport
	Filename string
	Error    string
}

func (u *UI) addCandidatePage(r *http.Request, f Form) (AddCandidatePage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return AddCandidatePage{}, err
	}
	req, err := u.Hiring.Requisition(r.Context(), actor(r), id)
	if err != nil {
		return AddCandidatePage{}, err
	}
	if err := access.Require(actor(r), access.CandidateManage, access.Target{OrgPath: req.OrgPath, EmployeeID: -1}); err != nil {
		return AddCandidatePage{}, err
	}
	p := AddCandidatePage{Base: u.base(r, "Add candidates · "+req.Number, "Recruiting"), R: req, Form: f, Columns: hiring.CandidateColumns}
	p.Crumbs = []Crumb{{Label: "Recruiting", Href: "/hiring"}, {Label: req.Number, Href: "/hiring/requisitions/" + itoa(req.ID)}, {Label: "Add candidates"}}
	p.Sources = selected(codeOptions(hiring.SourcedSources), f.Get("source"))
	return p, nil
}

func (u *UI) addCandidateForm(w http.ResponseWriter, r *http.Request) error {
	p, err := u.addCandidatePage(r, NewForm(nil))
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "hiring/addcandidate", p)
	return nil
}

func (u *UI) addCandidate(w http.ResponseWriter, r *http.Request) error {
	// The session check already parsed the body (form or multipart),
	// within the post limit; the domain checks the resume's size and type.
	f := NewForm(r.PostForm)
	if r.MultipartForm != nil {
		f = NewForm(r.MultipartForm.Value)
	}
	in := hiring.SourcedCandidate{GivenName: f.Get("given_name"), FamilyName: f.Get("family_name"), Email: f.Get("email"), Phone: f.Get("phone"),
		Source: f.Get("source"), Note: f.Get("note")}
	var files []*multipart.FileHeader
	if r.MultipartForm != nil {
		files = r.MultipartForm.File["resume"]
	}
	if len(files) > 0 && files[0].Size > 0 {
		file, err := files[0].Open()
		if err != nil {
			return err
		}
		in.Resume, err = io.ReadAll(io.LimitReader(file, hiring.MaxResumeSize+1))
		file.Close()
		if err != nil {
			return err
		}
		in.Filename = files[0].Filename
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	appID, err := u.Hiring.AddCandidate(r.Context(), actor(r), id, in)
	if err == nil {
		return u.redirect(w, r, "/hiring/applications/"+itoa(appID), "Added "+strings.TrimSpace(in.GivenName+" "+in.FamilyName)+" to the pipeline.")
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	p, perr := u.addCandidatePage(r, f)
	if perr != nil {
		return perr
	}
	u.render(w, r, http.StatusUnprocessableEntity, "hiring/addcandidate", p)
	return nil
}

func (u *UI) importCandidates(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	data, name, err := readUpload(w, r, "file", hiring.MaxCandidateImportSize)
	if err == nil {
		var rep hiring.CandidateImport
		rep, err = u.Hiring.ImportCandidates(r.Context(), actor(r), id, name, data)
		if err == nil {
			if rep.Applied {
				return u.redirect(w, r, "/hiring/requisitions/"+itoa(id), "Imported "+itoa(int64(rep.Valid))+" candidates from "+name+".")
			}
			p, perr := u.addCandidatePage(r, NewForm(nil))
			if perr != nil {
				return perr
			}
			p.Report, p.Filename = &rep, name
			u.render(w, r, http.StatusUnprocessableEntity, "hiring/addcandidate", p)
			return nil
		}
	}
	p, perr := u.addCandidatePage(r, NewForm(nil))
	if perr != nil {
		return perr
	}
	switch kit.KindOf(err) {
	case kit.KindInvalid:
		for _, v := range kit.FieldsOf(err) {
			p.Error = v
		}
		if p.Error == "" {
			p.Error = kit.MessageOf(err)
		}
	case kit.KindTooLarge, kit.KindConflict:
		p.Error = kit.MessageOf(err)
	default:
		return err
	}
	u.render(w, r, web422(err), "hiring/addcandidate", p)
	return nil
}

// candidateTemplate is an empty import file with its header.
func (u *UI) candidateTemplate(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="candidates.csv"`)
	_, err := io.WriteString(w, strings.Join(hiring.CandidateColumns, ",")+"\nJordan,Lee,jordan.lee@example.com,5125550100,referral,Referred by Priya Raman\n")
	return err
}
