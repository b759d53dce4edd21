package ui

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/people"
)

func (u *UI) addContact(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	_, err = u.People.AddContact(r.Context(), actor(r), id, people.ContactInput{Name: f.Get("name"), Relationship: f.Get("relationship"), Phone: f.Get("phone"), Email: f.Get("email"), Primary: f.Get("primary") == "1"})
	if err == nil {
		return u.redirect(w, r, "/people/"+itoa(id)+"?tab=contacts", "Added "+f.Get("name")+".")
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	return u.renderProfile(w, r, http.StatusUnprocessableEntity, nil, &f, nil)
}

func (u *UI) removeContact(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	cid, err := pathID(r, "cid")
	if err != nil {
		return err
	}
	if err := u.People.RemoveContact(r.Context(), actor(r), id, cid); err != nil {
		return err
	}
	return u.redirect(w, r, "/people/"+itoa(id)+"?tab=contacts", "Removed the contact.")
}

// uploadLimit bounds the whole multipart body (file plus fields).
const uploadLimit = people.MaxDocumentSize + 1<<20

func (u *UI) uploadDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	data, name, ferr := readUpload(w, r, "file", uploadLimit)
	if ferr != nil {
		f.Errors.Add("file", kit.MessageOf(ferr))
		return u.renderProfile(w, r, http.StatusUnprocessableEntity, &f, nil, nil)
	}
	_, err = u.People.UploadDocument(r.Context(), actor(r), id, people.DocumentInput{Category: f.Get("category"), Title: f.Get("title"), Filename: name, Data: data})
	if err == nil {
		return u.redirect(w, r, "/people/"+itoa(id)+"?tab=documents", "Uploaded "+name+".")
	}
	if kit.KindOf(err) == kit.KindTooLarge {
		f.Errors.Add("file", kit.MessageOf(err))
		return u.renderProfile(w, r, http.StatusRequestEntityTooLarge, &f, nil, nil)
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	return u.renderProfile(w, r, http.StatusUnprocessableEntity, &f, nil, nil)
}

// sizeText is an upload limit for people: "5 MB", "512 KB".
func sizeText(n int64) string {
	if n >= 1<<20 {
		return strconv.FormatInt(n>>20, 10) + " MB"
	}
	return strconv.FormatInt(n>>10, 10) + " KB"
}

// readUpload reads one file field, refusing bodies over limit. The CSRF
// check already parsed the multipart form (through PostFormValue).
func readUpload(w http.ResponseWriter, r *http.Request, field string, limit int64) ([]byte, string, error) {
	if r.MultipartForm == nil {
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, "", kit.TooLarge("The file is larger than %s", sizeText(limit))
			}
			return nil, "", kit.Invalid(field, "Choose a file to upload")
		}
	}
	file, hdr, err := r.FormFile(field)
	if err != nil {
		return nil, "", kit.Invalid(field, "Choose a file to upload")
	}
	defer file.Close()
	if hdr.Size > limit {
		return nil, "", kit.TooLarge("The file is larger than %s", sizeText(limit))
	}
	data, err := io.ReadAll(io.LimitReader(file, limit+1))
	if err != nil {
		return nil, "", err
	}
	return data, hdr.Filename, nil
}

func (u *UI) downloadDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	did, err := pathID(r, "did")
	if err != nil {
		return err
	}
	d, data, err := u.People.OpenDocument(r.Context(), actor(r), id, did)
	if err != nil {
		return err
	}
	return sendAttachment(w, d.ContentType, d.Filename, data)
}

// sendAttachment sends a private file to download.
func sendAttachment(w http.ResponseWriter, contentType, filename string, data []byte) error {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Header().Set("Cache-Control", "private, no-store")
	_, err := w.Write(data)
	return err
}

func (u *UI) revealSensitive(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := u.People.RevealSensitive(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	return u.renderProfile(w, r, http.StatusOK, nil, nil, &v)
}

func (u *UI) editSensitive(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := people.SensitiveInput{}
	for _, k := range []struct {
		name string
		dst  **string
	}{{"ssn", &in.SSN}, {"birth_date", &in.BirthDate}, {"bank", &in.Bank}} {
		if v := f.Get(k.name); v != "" {
			*k.dst = &v
		}
	}
	err = u.People.SetSensitive(r.Context(), actor(r), id, in)
	if err == nil {
		return u.redirect(w, r, "/people/"+itoa(id)+"?tab=personal", "Saved the sensitive details.")
	}
	if err := f.Fail(err, nil); err != nil {
		return err
	}
	return u.renderProfileSensitiveForm(w, r, f)
}
