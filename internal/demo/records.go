package demo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance/leave"
	"github.com/cadrehq/cadre/internal/compliance/records"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// writeRecords files a few documents in former employees' files (offer
// letters, final pay statements, benefits elections) so the retention
// dashboard has records past retention, and an EEOC charge from one of
// them that the HR manager is handling: counsel, a response due, a
// document-request checklist part done, and the charging party's records
// under legal hold.
func (g *gen) writeRecords(ctx context.Context, ts leave.TimeOffStore, users [numPersonas]int64) (int, error) {
	px, ok := ts.(interface{ Records() records.Store })
	if !ok {
		return 0, nil
	}
	files, ok := ts.(interface {
		InsertBlob(ctx context.Context, data []byte, sha string) (int64, error)
		InsertDocument(ctx context.Context, d people.Document) (int64, error)
	})
	if !ok {
		return 0, fmt.Errorf("the store cannot file documents")
	}
	file := func(p *person, category, title string, on date.Date) error {
		body := []byte(fmt.Sprintf("%%PDF-1.4\n%% %s: %s\n1 0 obj<<>>endobj\ntrailer<<>>\n%%%%EOF\n", title, p.name()))
		sum := sha256.Sum256(body)
		sha := hex.EncodeToString(sum[:])
		blob, err := files.InsertBlob(ctx, body, sha)
		if err != nil {
			return err
		}
		_, err = files.InsertDocument(ctx, people.Document{EmployeeID: p.id, Category: category, Title: title, Filename: title + ".pdf", ContentType: "application/pdf",
			Size: int64(len(body)), SHA256: sha, BlobID: blob, UploadedBy: users[pCoordinator], CreatedAt: on.Time().Add(15 * time.Hour)})
		return err
	}
	n := 0
	var charging *person
	for i, p := range g.everyone() {
		last := p.periods[len(p.periods)-1]
		if last.End.IsZero() || last.End.After(g.today) || i%3 != 0 || n >= 90 {
			continue
		}
		if err := file(p, "offer_letter", "Offer letter", last.Start.AddDays(-14)); err != nil {
			return n, err
		}
		if err := file(p, "payroll", "Final pay statement", last.End); err != nil {
			return n, err
		}
		n += 2
		if i%2 == 0 {
			if err := file(p, "benefits", "Benefits election", last.Start.AddDays(20)); err != nil {
				return n, err
			}
			n++
		}
		if charging == nil && last.Voluntary != nil && !*last.Voluntary && last.End.Before(g.today.AddYears(-1)) && last.End.After(g.today.AddYears(-3)) {
			charging = p
		}
	}
	if charging == nil {
		return n, nil
	}
	mgr := access.Actor{UserID: users[pManager], Name: "Marcus Bell", Grants: []access.Grant{{Role: access.RoleManager}}}
	st := px.Records()
	on := func(d date.Date) *records.Service {
		return records.NewService(st, kit.FixedClock{T: d.Time().Add(15 * time.Hour)}, nil)
	}
	received := g.today.AddDays(-21)
	id, err := on(received).OpenMatter(ctx, mgr, records.MatterInput{Kind: "charge", Title: "EEOC charge: " + charging.name() + ", retaliation", Agency: "EEOC",
		Reference: fmt.Sprintf("480-%d-%05d", g.today.Year(), 1000+g.rng.IntN(9000)), Counsel: "Dana Whitfield, Whitfield & Ames LLP", ReceivedOn: received, ResponseDue: received.AddDays(30),
		Description: "The former employee alleges the termination was retaliation for a complaint to HR. The EEOC asks for a position statement and the personnel file."})
	if err != nil {
		return n, err
	}
	if err := on(received).AddPeople(ctx, mgr, id, []int64{charging.id}); err != nil {
		return n, err
	}
	for i, item := range []string{"Position statement", "The charging party's personnel file and pay records", "Policies on complaints and anti-retaliation in force at the time"} {
		rid, err := on(received.AddDays(1)).AddRequest(ctx, mgr, id, item, received.AddDays(28))
		if err != nil {
			return n, err
		}
		if i == 1 {
			if err := on(received.AddDays(9)).CompleteRequest(ctx, mgr, id, rid); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}
