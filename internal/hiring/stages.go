package hiring

import "time"

// The default pipeline stages, in order. Rejection and withdrawal are
// statuses, not stages: a rejected application keeps the stage it reached.
const (
	StageApplied     = "applied"
	StageScreen      = "screen"
	StagePhoneScreen = "phone_screen"
	StageInterview   = "interview"
	StageOffer       = "offer"
	StageHired       = "hired"
)

// DefaultStages is the pipeline every requisition starts with.
var DefaultStages = []string{StageApplied, StageScreen, StagePhoneScreen, StageInterview, StageOffer, StageHired}

// StageEvent is one move of an application, so time in stage is
// measurable.
type StageEvent struct {
	ID            int64
	ApplicationID int64
	FromStage     string
	ToStage       string
	At            time.Time
	ByUserID      int64
	ByName        string
	Note          string
}
