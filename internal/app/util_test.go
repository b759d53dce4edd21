package app

import (
	"encoding/json"
	"github.com/cadrehq/cadre/internal/people"
	"io"
	"net/http"
	"net/url"
	"strconv"
)

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

func ioCopy(w io.Writer, res *http.Response) (int64, error) { return io.Copy(w, res.Body) }

func peopleContact(i int) people.ContactInput {
	return people.ContactInput{Name: "Contact " + strconv.Itoa(i), Relationship: "friend", Phone: "555-01" + strconv.Itoa(10+i)}
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// nil2 is an empty form (an unticked checkbox).
func nil2() url.Values { return url.Values{} }
