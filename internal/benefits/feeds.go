package benefits

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/benefits/edi834"
	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
	"github.com/cadrehq/cadre/internal/people"
)

// Feed is an enrollment file sent to a carrier: an ANSI X12 834
// (005010X220A1) or the CSV alternative, in full (every coverage in
// force) or the changes since the carrier's last feed.
type Feed struct {
	ID            int64     `json:"id"`
	CarrierID     int64     `json:"carrier_id"`
	CarrierName   string    `json:"carrier_name"`
	Format        string    `json:"format" enum:"834,csv"`
	Full          bool      `json:"full"`
	ControlNumber int       `json:"control_number"`
	Members       int       `json:"members"`
	Coverages     int       `json:"coverages"`
	Since         time.Time `json:"since,omitzero" doc:"A changes file's start: the carrier's previous feed"`
	CreatedBy     string    `json:"created_by"`
	CreatedAt     time.Time `json:"created_at"`
}

// Filename is the file's download name.
func (f Feed) Filename() string {
	kind := "changes"
	if f.Full {
		kind = "full"
	}
	ext := "x12"
	if f.Format == "csv" {
		ext = "csv"
	}
	slug := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(f.CarrierName), "-"), "-")
	return fmt.Sprintf("cadre-834-%s-%s-%s-%09d.%s", slug, kind, f.CreatedAt.Format("20060102"), f.ControlNumber, ext)
}

// FeedCoverage is a coverage with what a carrier needs about its members.
type FeedCoverage struct {
	Coverage
	PlanType    string
	GroupNumber string
	Number      string
	GivenName   string
	FamilyName  string
	Gender      string
	Address     string
	City        string
	State       string
	EmpType     string
	EndedAt     time.Time
	Start       date.Date
	End         date.Date
}

// BenefitsFeedStore keeps carrier feeds.
type BenefitsFeedStore interface {
	InsertBenefitFeed(ctx context.Context, f Feed, content []byte) (int64, error)
	BenefitFeeds(ctx context.Context, carrierID int64) ([]Feed, error)
	GetBenefitFeed(ctx context.Context, id int64) (Feed, []byte, error)
	NextFeedControlNumber(ctx context.Context) (int, error)
	// FeedCoverages lists the coverages of a carrier's plans: in force on
	// day (since zero), or created or ended after since.
	FeedCoverages(ctx context.Context, carrierID int64, day date.Date, since time.Time) ([]FeedCoverage, error)
	GetSensitive(ctx context.Context, id int64) (people.Sensitive, error)
}

// insuranceLine is HD03 by plan type. The 834's code list has no life
// insurance, spending account or retirement line: those plans go to the
// carrier as CSV and to payroll as deductions.
var insuranceLine = map[string]string{Medical: "HLT", Dental: "DEN", Vision: "VIS", Disability: "LTD"}

var levelCode = map[string]string{TierEmployee: "EMP", TierEmployeeSpouse: "ESP", TierEmployeeChildren: "ECH", TierFamily: "FAM"}

var relationCode = map[string]string{Spouse: "01", DomesticPartner: "53", Child: "19"}

// Feeds lists a carrier's feeds, newest first. Requires benefits.admin.
func (s *Service) Feeds(ctx context.Context, a access.Actor, carrierID int64) ([]Feed, error) {
	if _, whole := access.ScopePaths(a, access.BenefitsAdmin); !whole {
		return nil, kit.Forbidden("carrier feeds cover the whole company; your grant covers part of it")
	}
	return s.store.BenefitFeeds(ctx, carrierID)
}

// FeedFile returns a stored feed's content. Requires benefits.admin over
// the whole company; each download is audited.
func (s *Service) FeedFile(ctx context.Context, a access.Actor, id int64) (Feed, []byte, error) {
	if _, whole := access.ScopePaths(a, access.BenefitsAdmin); !whole {
		return Feed{}, nil, kit.Forbidden("carrier feeds cover the whole company; your grant covers part of it")
	}
	var f Feed
	var b []byte
	err := s.store.InTx(ctx, func(st Store) error {
		var err error
		if f, b, err = st.GetBenefitFeed(ctx, id); err != nil {
			return err
		}
		return s.record(ctx, st, a, "benefits.feed.download", "benefit_feed", id, "Downloaded "+f.Filename(), nil, nil)
	})
	return f, b, err
}

// member is one person of a feed with their coverages.
type member struct {
	emp       int64
	depID     int64
	subscribe bool
	m         edi834.Member
}

// GenerateFeed builds a carrier's enrollment file: the 834 (or CSV) of
// every coverage of the carrier's plans in force today (full), or of the
// coverages added and ended since the carrier's last feed (changes:
// additions 021, terminations 024). SSNs and dates of birth are opened
// for the file only; the file is kept for download and every generation
// is audited. Requires benefits.admin over the whole company. Errors:
// KindForbidden, KindNotFound, KindInvalid (a carrier without a payer ID,
// a plan without a group number), KindConflict (nothing changed).
func (s *Service) GenerateFeed(ctx context.Context, a access.Actor, carrierID int64, format string, full bool) (Feed, []byte, error) {
	if _, whole := access.ScopePaths(a, access.BenefitsAdmin); !whole {
		return Feed{}, nil, kit.Forbidden("carrier feeds cover the whole company; your grant covers part of it")
	}
	if format != "834" && format != "csv" {
		return Feed{}, nil, kit.Invalid("format", "Choose 834 or csv")
	}
	var feed Feed
	var out []byte
	err := s.store.InTx(ctx, func(st Store) error {
		c, err := st.GetBenefitCarrier(ctx, carrierID)
		if err != nil {
			return err
		}
		if format == "834" && c.PayerID == "" {
			return kit.Invalid("payer_id", fmt.Sprintf("%s has no carrier ID (payer ID) for the 834's N1*IN segment: add it on the carrier's page", c.Name))
		}
		var since time.Time
		if !full {
			prev, err := st.BenefitFeeds(ctx, carrierID)
			if err != nil {
				return err
			}
			if len(prev) > 0 {
				since = prev[0].CreatedAt
			}
		}
		today := s.today()
		cs, err := st.FeedCoverages(ctx, carrierID, today, since)
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			if full {
				return kit.Conflict("no one is covered by %s's plans today", c.Name)
			}
			return kit.Conflict("nothing changed for %s since the last feed", c.Name)
		}
		co := Company{Name: "Cadre"}
		if s.company != nil {
			if co, err = s.company(ctx); err != nil {
				return err
			}
		}
		if co.TaxID == "" {
			if co.TaxID, err = st.Setting(ctx, KeySponsorTaxID); err != nil {
				return err
			}
		}
		ctl, err := st.NextFeedControlNumber(ctx)
		if err != nil {
			return err
		}
		feed = Feed{CarrierID: carrierID, CarrierName: c.Name, Format: format, Full: full, ControlNumber: ctl, Since: since, CreatedBy: a.Name, CreatedAt: s.clock.Now()}
		members, groups, err := s.feedMembers(ctx, st, cs, full, format == "csv", since)
		if err != nil {
			return err
		}
		if len(members) == 0 {
			return kit.Conflict("%s's plans have no 834 coverage line (life insurance, spending accounts and the 401(k) have none): send the CSV", c.Name)
		}
		feed.Members, feed.Coverages = len(members), len(cs)
		if format == "csv" {
			out, err = feedCSV(members)
		} else {
			f := edi834.File{
				Interchange: edi834.Interchange{SenderQual: "ZZ", SenderID: senderID(co), ReceiverQual: "ZZ", ReceiverID: c.PayerID, ControlNumber: ctl, Created: feed.CreatedAt, Production: true},
				Full:        full, Reference: fmt.Sprintf("CADRE%09d", ctl), SponsorName: co.Name, SponsorTaxID: digits(co.TaxID), PayerName: c.Name, PayerID: c.PayerID,
			}
			if len(groups) == 1 {
				f.PolicyNumber = groups[0]
			}
			for _, m := range members {
				f.Members = append(f.Members, m.m)
			}
			out, err = edi834.Build(f)
			if err != nil {
				return kit.Invalid("carrier", "The 834 cannot be built: "+buildProblems(err))
			}
		}
		if err != nil {
			return err
		}
		if feed.ID, err = st.InsertBenefitFeed(ctx, feed, out); err != nil {
			return err
		}
		return s.record(ctx, st, a, "benefits.feed.generate", "benefit_feed", feed.ID, fmt.Sprintf("Generated %s for %s: %d members, %d coverages", feed.Filename(), c.Name, feed.Members, feed.Coverages), nil,
			map[string]any{"carrier_id": carrierID, "format": format, "full": full, "control_number": ctl, "members": feed.Members})
	})
	return feed, out, err
}

// buildProblems summarises the 834 builder's problems: the first few and
// how many more (HR fixes the records and generates again).
func buildProblems(err error) string {
	var ie *edi834.InputError
	if !errors.As(err, &ie) || len(ie.Problems) == 0 {
		return err.Error()
	}
	ps := ie.Problems
	more := ""
	if len(ps) > 5 {
		more = fmt.Sprintf("; and %d more", len(ps)-5)
		ps = ps[:5]
	}
	return strings.Join(ps, "; ") + more
}

func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

func senderID(c Company) string {
	if d := digits(c.TaxID); d != "" {
		return d
	}
	id := strings.ToUpper(nonAlnum.ReplaceAllString(c.Name, ""))
	if len(id) > 15 {
		id = id[:15]
	}
	if id == "" {
		id = "CADRE"
	}
	return id
}

var (
	stateZip = regexp.MustCompile(`^([A-Z]{2})\s+(\d{5}(?:-\d{4})?)$`)
	nonSlug  = regexp.MustCompile(`[^a-z0-9]+`)
	nonAlnum = regexp.MustCompile(`[^A-Za-z0-9]`)
)

// splitAddress reads "street, city, ST 12345" into its parts.
func splitAddress(a string) (street, city, state, zip string) {
	parts := strings.Split(a, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	if len(parts) >= 3 {
		if m := stateZip.FindStringSubmatch(strings.ToUpper(parts[len(parts)-1])); m != nil {
			return strings.Join(parts[:len(parts)-2], ", "), parts[len(parts)-2], m[1], m[2]
		}
	}
	return a, "", "", ""
}

// feedMembers groups coverages into members: each employee (subscriber)
// with their coverages, then each covered dependent with the coverages
// that cover them.
func (s *Service) feedMembers(ctx context.Context, st Store, cs []FeedCoverage, full, csvOnly bool, since time.Time) ([]member, []string, error) {
	var order []int64
	byEmp := map[int64][]FeedCoverage{}
	groupSet := map[string]bool{}
	for _, c := range cs {
		if _, ok := byEmp[c.EmployeeID]; !ok {
			order = append(order, c.EmployeeID)
		}
		byEmp[c.EmployeeID] = append(byEmp[c.EmployeeID], c)
		if c.GroupNumber != "" {
			groupSet[c.GroupNumber] = true
		}
	}
	var groups []string
	for g := range groupSet {
		groups = append(groups, g)
	}
	slices.Sort(groups)
	var out []member
	for _, emp := range order {
		list := byEmp[emp]
		e := list[0]
		sens, err := st.GetSensitive(ctx, emp)
		if err != nil && kit.KindOf(err) != kit.KindNotFound {
			return nil, nil, err
		}
		ssn, dob := "", date.Date{}
		if len(sens.SSN) > 0 {
			b, err := s.sealer.Open(sens.SSN)
			if err != nil {
				return nil, nil, err
			}
			ssn = digits(string(b))
		}
		if len(sens.BirthDate) > 0 {
			b, err := s.sealer.Open(sens.BirthDate)
			if err != nil {
				return nil, nil, err
			}
			dob, _ = date.Parse(string(b))
		}
		street, city, state, zip := splitAddress(e.Address)
		if city == "" {
			city, state = e.City, e.State
		}
		status := "FT"
		if e.EmpType != "full_time" {
			status = "PT"
		}
		if !e.End.IsZero() && !e.End.After(s.today()) {
			status = "TE"
		}
		maint := func(c FeedCoverage) string {
			switch {
			case full:
				return "030"
			case !c.To.IsZero() && c.EndedAt.After(since):
				return "024"
			default:
				return "021"
			}
		}
		sub := member{emp: emp, subscribe: true, m: edi834.Member{Subscriber: true, Relationship: "18", BenefitStatus: "A", EmploymentStatus: status, SubscriberID: e.Number,
			Last: e.FamilyName, First: e.GivenName, SSN: ssn, DOB: dob.Time(), Gender: gender(e.Gender), Address1: street, City: city, State: state, Zip: zip}}
		if !e.End.IsZero() {
			sub.m.EmploymentEnd = e.End.Time()
		}
		deps, err := s.dependents(ctx, st, emp)
		if err != nil {
			return nil, nil, err
		}
		depMembers := map[int64]*member{}
		var depOrder []int64
		for _, c := range list {
			hd := edi834.Coverage{Maintenance: maint(c), InsuranceLine: insuranceLine[c.PlanType], PlanCoverage: c.PlanName, Level: levelCode[c.Tier], Begin: c.From.Time(), PolicyNumber: c.GroupNumber}
			if hd.InsuranceLine == "" {
				if !csvOnly {
					continue
				}
				hd.InsuranceLine = strings.ToUpper(c.PlanType)
			}
			if c.COBRA {
				sub.m.BenefitStatus = "C"
			}
			if !c.To.IsZero() {
				hd.End = c.To.Time()
			}
			sub.m.Coverages = append(sub.m.Coverages, hd)
			for _, id := range c.DependentIDs {
				i := slices.IndexFunc(deps, func(d Dependent) bool { return d.ID == id })
				if i < 0 {
					continue
				}
				d := deps[i]
				dm := depMembers[id]
				if dm == nil {
					var dssn string
					if len(d.sealedSSN) > 0 {
						b, err := s.sealer.Open(d.sealedSSN)
						if err != nil {
							return nil, nil, err
						}
						dssn = digits(string(b))
					}
					dm = &member{emp: emp, depID: id, m: edi834.Member{Relationship: relationCode[d.Relationship], BenefitStatus: sub.m.BenefitStatus, SubscriberID: e.Number,
						Last: d.FamilyName, First: d.GivenName, SSN: dssn, DOB: d.BirthDate.Time(), Gender: d.Gender}}
					depMembers[id] = dm
					depOrder = append(depOrder, id)
				}
				dm.m.Coverages = append(dm.m.Coverages, hd)
			}
		}
		if len(sub.m.Coverages) == 0 {
			continue
		}
		sub.m.Maintenance = memberMaint(sub.m.Coverages)
		if sub.m.Maintenance == "024" {
			sub.m.MaintenanceReason = "07"
		}
		out = append(out, sub)
		for _, id := range depOrder {
			dm := depMembers[id]
			dm.m.Maintenance = memberMaint(dm.m.Coverages)
			if dm.m.Maintenance == "024" {
				dm.m.MaintenanceReason = "07"
			}
			out = append(out, *dm)
		}
	}
	return out, groups, nil
}

// memberMaint is a member's maintenance code from their coverages': the
// same code when all agree, else a change (001).
func memberMaint(cs []edi834.Coverage) string {
	m := cs[0].Maintenance
	for _, c := range cs[1:] {
		if c.Maintenance != m {
			return "001"
		}
	}
	return m
}

func gender(g string) string {
	switch strings.ToLower(strings.TrimSpace(g)) {
	case "female", "f", "woman":
		return "F"
	case "male", "m", "man":
		return "M"
	}
	return "U"
}

// feedCSV is the CSV alternative: one row per member and coverage.
func feedCSV(ms []member) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"subscriber_id", "member", "relationship", "maintenance", "given_name", "family_name", "birth_date", "gender", "ssn_last4", "address", "city", "state", "zip", "coverage", "plan", "level", "coverage_maintenance", "begin", "end", "group_number"})
	for _, m := range ms {
		last4 := ""
		if len(m.m.SSN) >= 4 {
			last4 = m.m.SSN[len(m.m.SSN)-4:]
		}
		role := "subscriber"
		if !m.subscribe {
			role = "dependent"
		}
		for _, c := range m.m.Coverages {
			end := ""
			if !c.End.IsZero() {
				end = c.End.Format("2006-01-02")
			}
			dob := ""
			if !m.m.DOB.IsZero() {
				dob = m.m.DOB.Format("2006-01-02")
			}
			row := []string{m.m.SubscriberID, role, m.m.Relationship, m.m.Maintenance, m.m.First, m.m.Last, dob, m.m.Gender, last4, m.m.Address1, m.m.City, m.m.State, m.m.Zip,
				c.InsuranceLine, c.PlanCoverage, c.Level, c.Maintenance, c.Begin.Format("2006-01-02"), end, c.PolicyNumber}
			for i := range row {
				row[i] = kit.SafeCell(row[i])
			}
			if err := w.Write(row); err != nil {
				return nil, err
			}
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}
