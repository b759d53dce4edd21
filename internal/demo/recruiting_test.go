package demo

import (
	"context"
	"testing"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/store/storetest"
)

// TestDemoInterviews: the demo's interviews never double-book an
// interviewer, fall on weekdays within working hours in the job's time
// zone, and every past one carries each panelist's scorecard on the
// round's criteria; some lie ahead.
func TestDemoInterviews(t *testing.T) {
	db := storetest.Open(t)
	seed(t, db, 250, 3)
	ctx := context.Background()
	users, err := db.Writer().ListUsers(ctx, access.UserQuery{})
	if err != nil {
		t.Fatal(err)
	}
	hs := db.Hiring()
	total, ahead := 0, 0
	for _, u := range users {
		ivs, err := hs.ListInterviews(ctx, hiring.InterviewFilter{PanelUserID: u.ID})
		if err != nil {
			t.Fatal(err)
		}
		for i, a := range ivs {
			total++
			local := a.Local()
			if wd := local.Weekday(); wd == 0 || wd == 6 || local.Hour() < hiring.WorkdayStart || a.LocalEnd().Hour() > hiring.WorkdayEnd {
				t.Fatalf("%s at %s", a.Round, local)
			}
			for _, b := range ivs[i+1:] {
				if a.StartsAt.Before(b.EndsAt) && b.StartsAt.Before(a.EndsAt) {
					t.Fatalf("%s is double-booked: %s %s and %s %s", u.Name, a.Round, a.StartsAt, b.Round, b.StartsAt)
				}
			}
			if a.Status == hiring.InterviewScheduled && a.StartsAt.After(today.Time()) {
				ahead++
				continue
			}
			sc, found, err := hs.GetScorecard(ctx, a.ID, u.ID)
			if err != nil || !found || len(sc.Ratings) == 0 {
				t.Fatalf("no scorecard by %s for interview %d (%s, %s): %v", u.Name, a.ID, a.Status, a.StartsAt, err)
			}
		}
	}
	if total < 20 || ahead == 0 {
		t.Fatalf("%d interview seats, %d ahead", total, ahead)
	}
}
