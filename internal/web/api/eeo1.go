package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/compliance"
	"github.com/cadrehq/cadre/internal/compliance/rules"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// EEO1In chooses the snapshot.
type EEO1In struct {
	Year              int    `query:"year" required:"true" doc:"The reporting year"`
	SnapshotStart     string `query:"snapshot_start" required:"true" format:"date" doc:"The first day of a pay period in October to December of the year"`
	SnapshotEnd       string `query:"snapshot_end" required:"true" format:"date"`
	FederalContractor bool   `query:"federal_contractor" doc:"The company is a federal contractor with a contract of $50,000 or more (files at 50 employees)"`
}

// EEO1CellOut is one job category's counts ("race|sex" keys).
type EEO1CellOut struct {
	Category string         `json:"job_category"`
	Counts   map[string]int `json:"counts" doc:"Keyed \"race|sex\""`
	Total    int            `json:"total"`
}

// EEO1EstablishmentOut is one establishment.
type EEO1EstablishmentOut struct {
	LocationID int64         `json:"location_id,omitempty"`
	Name       string        `json:"name"`
	Rows       []EEO1CellOut `json:"job_categories"`
	Total      EEO1CellOut   `json:"total"`
}

// EEO1Out is the EEO-1 Component 1 report.
type EEO1Out struct {
	Year           int                    `json:"year"`
	SnapshotStart  date.Date              `json:"snapshot_start"`
	SnapshotEnd    date.Date              `json:"snapshot_end"`
	Employees      int                    `json:"employees"`
	MustFile       bool                   `json:"must_file"`
	Explanation    []rules.Step           `json:"explanation"`
	Establishments []EEO1EstablishmentOut `json:"establishments"`
	Company        EEO1EstablishmentOut   `json:"company"`
	Unidentified   int                    `json:"race_not_identified" doc:"Employees without a self-identified race: complete from records or observation before filing"`
	OtherSex       int                    `json:"sex_not_reportable" doc:"Employees whose sex is neither male nor female on the record: EEO-1 Component 1 counts only the two"`
	NoCategory     int                    `json:"job_without_category"`
}

func eeoEst(e compliance.EEO1Establishment) EEO1EstablishmentOut {
	out := EEO1EstablishmentOut{LocationID: e.LocationID, Name: e.Name, Total: EEO1CellOut{Category: "total", Counts: e.Total.Counts, Total: e.Total.Total}}
	for _, c := range e.Rows {
		out.Rows = append(out.Rows, EEO1CellOut{Category: c.Category, Counts: c.Counts, Total: c.Total})
	}
	return out
}

func (a *API) registerEEO1(h huma.API) {
	run := func(ctx context.Context, in *EEO1In) (compliance.EEO1Report, error) {
		start, _ := date.Parse(in.SnapshotStart)
		end, _ := date.Parse(in.SnapshotEnd)
		return a.Compliance.EEO1(ctx, actor(ctx), in.Year, start, end, in.FederalContractor)
	}
	huma.Register(h, op("eeo1-report", http.MethodGet, "/eeo1", "The EEO-1 Component 1 report for a snapshot pay period: headcount by establishment, job category, race/ethnicity and sex, and whether the company must file", "Compliance", access.EEO1View), func(ctx context.Context, in *EEO1In) (*body[EEO1Out], error) {
		r, err := run(ctx, in)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := EEO1Out{Year: r.Year, SnapshotStart: r.SnapshotStart, SnapshotEnd: r.SnapshotEnd, Employees: r.Employees, MustFile: r.Filing.MustFile, Explanation: r.FilingSteps,
			Establishments: []EEO1EstablishmentOut{}, Company: eeoEst(r.Company), Unidentified: r.Unidentified, OtherSex: r.OtherSex, NoCategory: r.NoCategory}
		for _, e := range r.Establishments {
			out.Establishments = append(out.Establishments, eeoEst(e))
		}
		return &body[EEO1Out]{out}, nil
	})
	huma.Register(h, op("eeo1-export", http.MethodGet, "/eeo1/export", "The EEO-1 report as CSV, one line per establishment and job category (shaped like the EEOC's data file)", "Compliance", access.EEO1View), func(ctx context.Context, in *EEO1In) (*fileOut, error) {
		r, err := run(ctx, in)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		b, err := compliance.EEO1CSV(r)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &fileOut{ContentType: "text/csv; charset=utf-8", ContentDisposition: `attachment; filename="eeo1-` + in.SnapshotStart + `.csv"`, Body: b}, nil
	})
}
