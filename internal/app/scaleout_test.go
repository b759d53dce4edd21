package app

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/store"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// TestTwoInstancesShareOnePostgres runs two Cadre servers, each with its
// own connection pool, on one PostgreSQL database: a session made on one
// works on the other, a document uploaded to one downloads from the other,
// and both append to one intact audit chain.
func TestTwoInstancesShareOnePostgres(t *testing.T) {
	u, ok := storetest.URL(t, "postgres")
	if !ok {
		t.Skip("PostgreSQL not configured (set CADRE_TEST_POSTGRES_URL)")
	}
	ctx := context.Background()
	open := func() *store.DB {
		db, err := store.Open(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		return db
	}
	dbA, dbB := open(), open()
	a := newEnv(t, dbA) // seeds the demo company
	sealer, _ := kit.NewSealer("web-test-secret-key-0123456789")
	clock := kit.FixedClock{T: testToday.Time().Add(10 * time.Hour)}
	svcB := NewServices(dbB, clock, sealer)
	hB, err := NewHandler(dbB, svcB, HandlerOptions{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	srvB := httptest.NewServer(hB)
	defer srvB.Close()

	// Sign in on A; the same cookie jar works on B.
	br := a.login("generalist@example.com")
	uB, _ := url.Parse(srvB.URL)
	uA, _ := url.Parse(a.srv.URL)
	br.c.Jar.SetCookies(uB, br.c.Jar.Cookies(uA))
	res, err := br.c.Get(srvB.URL + "/people")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("session from A on B: %v %d", err, res.StatusCode)
	}
	res.Body.Close()

	// Upload on A through the API, download from B.
	tok := a.token("generalist@example.com")
	emp := itoa(a.actorOf("employee@example.com").EmployeeID)
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("category", "contract")
	fw, _ := w.CreateFormFile("file", "contract.pdf")
	_, _ = fw.Write([]byte("%PDF-1.4 shared across instances"))
	w.Close()
	req, _ := http.NewRequest("POST", a.srv.URL+"/api/v1/employees/"+emp+"/documents", &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err = http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != 201 {
		t.Fatalf("upload on A: %v %d", err, res.StatusCode)
	}
	res.Body.Close()
	docs, err := svcB.People.ListDocuments(ctx, a.actorOf("generalist@example.com"), a.actorOf("employee@example.com").EmployeeID)
	if err != nil || len(docs) == 0 {
		t.Fatalf("B does not see the document: %v", err)
	}
	req, _ = http.NewRequest("GET", srvB.URL+"/api/v1/employees/"+emp+"/documents/"+itoa(docs[0].ID)+"/content", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err = http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("download on B: %v %d", err, res.StatusCode)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if string(body) != "%PDF-1.4 shared across instances" {
		t.Fatalf("downloaded %q", body)
	}

	// Concurrent writes through both instances keep one intact chain.
	done := make(chan error, 20)
	for i := 0; i < 20; i++ {
		db := dbA
		if i%2 == 1 {
			db = dbB
		}
		go func(i int, db *store.DB) {
			svc := NewServices(db, clock, sealer)
			_, err := svc.People.AddContact(ctx, a.actorOf("generalist@example.com"), a.actorOf("employee@example.com").EmployeeID,
				peopleContact(i))
			done <- err
		}(i, db)
	}
	for i := 0; i < 20; i++ {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	v, err := dbB.VerifyAudit(ctx)
	if err != nil || !v.OK {
		t.Fatalf("audit chain after concurrent writes: %+v %v", v, err)
	}
}
