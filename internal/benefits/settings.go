package benefits

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
)

// KeySponsorTaxID is the setting with the plan sponsor's FEIN (the 834's
// sender and N1*P5 identifier).
const KeySponsorTaxID = "benefits.sponsor_tax_id"

// Settings are the benefits settings.
type Settings struct {
	SponsorTaxID string `json:"sponsor_tax_id" doc:"The employer's FEIN, like 12-3456789"`
	// NewHireDays is how long a new hire has to enroll.
	NewHireDays int `json:"new_hire_days"`
	// COBRAAdministrator is employer or third_party.
	COBRAAdministrator string `json:"cobra_administrator" enum:"employer,third_party"`
}

// Settings reads the benefits settings. Any benefits admin or designer.
func (s *Service) Settings(ctx context.Context, a access.Actor) (Settings, error) {
	if !access.CanAnywhere(a, access.BenefitsAdmin) && !access.CanAnywhere(a, access.BenefitsDesign) {
		return Settings{}, kit.Forbidden("you do not have permission %q", string(access.BenefitsAdmin))
	}
	return s.settings(ctx, s.store)
}

func (s *Service) settings(ctx context.Context, st Store) (Settings, error) {
	out := Settings{NewHireDays: 30, COBRAAdministrator: "employer"}
	var err error
	if out.SponsorTaxID, err = st.Setting(ctx, KeySponsorTaxID); err != nil {
		return out, err
	}
	if v, err := st.Setting(ctx, KeyNewHireDays); err == nil && v != "" {
		out.NewHireDays, _ = strconv.Atoi(v)
	}
	if v, err := st.Setting(ctx, KeyCOBRAAdministrator); err == nil && v != "" {
		out.COBRAAdministrator = v
	}
	return out, nil
}

// SaveSettings changes the benefits settings. Requires benefits.design.
// Errors: KindForbidden, KindInvalid.
func (s *Service) SaveSettings(ctx context.Context, a access.Actor, in Settings) error {
	if err := design(a); err != nil {
		return err
	}
	f := kit.FieldErrors{}
	in.SponsorTaxID = strings.TrimSpace(in.SponsorTaxID)
	if d := digits(in.SponsorTaxID); in.SponsorTaxID != "" && len(d) != 9 {
		f.Add("sponsor_tax_id", "Enter the 9-digit FEIN, like 12-3456789")
	} else if d != "" {
		in.SponsorTaxID = d[:2] + "-" + d[2:]
	}
	if in.NewHireDays < 1 || in.NewHireDays > 90 {
		f.Add("new_hire_days", "Enter 1 to 90 days")
	}
	if in.COBRAAdministrator != "employer" && in.COBRAAdministrator != "third_party" {
		f.Add("cobra_administrator", "Choose employer or third_party")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(st Store) error {
		before, err := s.settings(ctx, st)
		if err != nil {
			return err
		}
		for k, v := range map[string]string{KeySponsorTaxID: in.SponsorTaxID, KeyNewHireDays: strconv.Itoa(in.NewHireDays), KeyCOBRAAdministrator: in.COBRAAdministrator} {
			if err := st.SetSetting(ctx, k, v); err != nil {
				return err
			}
		}
		return s.record(ctx, st, a, "benefits.settings", "setting", 0, fmt.Sprintf("Changed the benefits settings (new hires enroll within %d days; COBRA administered by the %s)", in.NewHireDays, strings.ReplaceAll(in.COBRAAdministrator, "_", " ")), before, in)
	})
}
