package hiring

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/kit"
)

// Stage kinds, in pipeline order. Every stage of a pipeline has a kind,
// so metrics compare requisitions with different pipelines. Rejection and
// withdrawal are statuses, not stages: a rejected application keeps the
// stage it reached. The applied, offer and hired stages are one each and
// keep these keys in every pipeline.
const (
	StageApplied     = "applied"
	StageScreen      = "screen"
	StagePhoneScreen = "phone_screen"
	StageInterview   = "interview"
	StageOffer       = "offer"
	StageHired       = "hired"
)

// DefaultStages are the stage kinds in order (and the keys of the
// standard pipeline).
var DefaultStages = []string{StageApplied, StageScreen, StagePhoneScreen, StageInterview, StageOffer, StageHired}

// Stage is one column of a requisition's pipeline.
type Stage struct {
	Key  string `json:"key"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// DefaultPipeline is the standard pipeline, used when no template is set.
var DefaultPipeline = []Stage{{StageApplied, "Applied", StageApplied}, {StageScreen, "Screen", StageScreen}, {StagePhoneScreen, "Phone screen", StagePhoneScreen},
	{StageInterview, "Interview", StageInterview}, {StageOffer, "Offer", StageOffer}, {StageHired, "Hired", StageHired}}

// StageTemplate is a named pipeline a requisition starts from. The
// requisition keeps a copy, so editing a template never moves candidates
// of requisitions already open.
type StageTemplate struct {
	ID          int64
	Name        string
	Description string
	Stages      []Stage
	IsDefault   bool
	InUse       int // requisitions opened from it
	CreatedBy   int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Version     int64
}

// Pipeline is the requisition's stages (the standard ones when unset).
func (r Requisition) Pipeline() []Stage {
	if len(r.Stages) == 0 {
		return DefaultPipeline
	}
	return r.Stages
}

// StageNamed returns the stage with a key and its position, or -1.
func StageNamed(stages []Stage, key string) (Stage, int) {
	for i, s := range stages {
		if s.Key == key {
			return s, i
		}
	}
	return Stage{Key: key, Name: label(key), Kind: key}, -1
}

// KindOf is the kind of a stage key in a pipeline (the key itself when
// the pipeline does not have it: the standard keys are their kinds).
func KindOf(stages []Stage, key string) string {
	st, _ := StageNamed(stages, key)
	return st.Kind
}

// StageName is the display name of a stage key in a pipeline.
func StageName(stages []Stage, key string) string {
	st, _ := StageNamed(stages, key)
	return st.Name
}

func kindIndex(kind string) int {
	for i, k := range DefaultStages {
		if k == kind {
			return i
		}
	}
	return -1
}

var stageKeyRE = regexp.MustCompile(`[^a-z0-9]+`)

// NormalizeStages checks a pipeline and gives new stages their keys:
// between 3 and 12 stages with distinct names, each of a known kind, in
// kind order; exactly one applied stage first, one offer stage and one
// hired stage last (their keys are fixed). A stage keeps its key when
// renamed. Errors are reported on stages[i].name / stages[i].kind.
func NormalizeStages(in []Stage) ([]Stage, kit.FieldErrors) {
	f := kit.FieldErrors{}
	var out []Stage
	for _, s := range in {
		s.Name, s.Kind, s.Key = strings.TrimSpace(s.Name), strings.TrimSpace(s.Kind), strings.TrimSpace(s.Key)
		if s.Name == "" && s.Kind == "" {
			continue // a blank row of the form
		}
		out = append(out, s)
	}
	if len(out) < 3 || len(out) > 12 {
		f.Add("stages", "A pipeline has between 3 and 12 stages: applied first, then your stages, offer and hired")
		return out, f
	}
	names, keys, count := map[string]bool{}, map[string]bool{}, map[string]int{}
	last := -1
	for i, s := range out {
		p := fmt.Sprintf("stages[%d].", i)
		switch {
		case s.Name == "":
			f.Add(p+"name", "Name the stage")
		case len(s.Name) > 40:
			f.Add(p+"name", "Keep the name under 40 characters")
		case names[strings.ToLower(s.Name)]:
			f.Add(p+"name", "Another stage has this name")
		}
		names[strings.ToLower(s.Name)] = true
		k := kindIndex(s.Kind)
		if k < 0 {
			f.Add(p+"kind", "Choose what kind of stage this is")
			continue
		}
		if k < last {
			f.Add(p+"kind", "Stages go in order: applied, screen, phone screen, interview, offer, hired")
		}
		last = max(last, k)
		count[s.Kind]++
	}
	for _, k := range []string{StageApplied, StageOffer, StageHired} {
		if count[k] != 1 {
			f.Add("stages", "A pipeline has exactly one "+label(k)+" stage")
		}
	}
	if len(f) > 0 {
		return out, f
	}
	if out[0].Kind != StageApplied || out[len(out)-1].Kind != StageHired {
		f.Add("stages", "The applied stage comes first and the hired stage last")
		return out, f
	}
	reserved := func(k string) bool { return k == StageApplied || k == StageOffer || k == StageHired }
	for i := range out {
		if reserved(out[i].Kind) {
			out[i].Key = out[i].Kind
			keys[out[i].Key] = true
			continue
		}
		if out[i].Key != "" && !keys[out[i].Key] && validKey(out[i].Key) && !reserved(out[i].Key) {
			keys[out[i].Key] = true
			continue
		}
		base := strings.Trim(stageKeyRE.ReplaceAllString(strings.ToLower(out[i].Name), "_"), "_")
		if base == "" || reserved(base) {
			base = out[i].Kind
		}
		if len(base) > 32 {
			base = base[:32]
		}
		key := base
		for n := 2; keys[key] || reserved(key); n++ {
			key = fmt.Sprintf("%s_%d", base, n)
		}
		out[i].Key = key
		keys[key] = true
	}
	return out, nil
}

func validKey(k string) bool {
	return len(k) <= 40 && stageKeyRE.ReplaceAllString(k, "") == strings.ReplaceAll(k, "_", "") && strings.ToLower(k) == k
}

// StageTemplateInput creates or edits a template.
type StageTemplateInput struct {
	Name        string
	Description string
	Stages      []Stage
	IsDefault   bool
}

// StageTemplates lists the pipeline templates. Anyone who opens
// requisitions or configures recruiting may read them.
func (s *Service) StageTemplates(ctx context.Context, a access.Actor) ([]StageTemplate, error) {
	if !access.Can(a, access.RequisitionManage, access.CompanyTarget) && !access.Can(a, access.ATSManage, access.CompanyTarget) {
		return nil, access.Require(a, access.ATSManage, access.CompanyTarget)
	}
	return s.store.ListStageTemplates(ctx)
}

// StageTemplate returns one template. Errors: KindForbidden, KindNotFound.
func (s *Service) StageTemplate(ctx context.Context, a access.Actor, id int64) (StageTemplate, error) {
	ts, err := s.StageTemplates(ctx, a)
	if err != nil {
		return StageTemplate{}, err
	}
	for _, t := range ts {
		if t.ID == id {
			return t, nil
		}
	}
	return StageTemplate{}, kit.NotFound("pipeline template")
}

// SaveStageTemplate creates (id 0) or edits a pipeline template; making
// it the default unmarks the previous one. Requisitions already using it
// keep their copy. Requires hiring.ats.manage. Errors: KindInvalid,
// KindForbidden, KindNotFound, KindConflict (stale version).
func (s *Service) SaveStageTemplate(ctx context.Context, a access.Actor, id int64, in StageTemplateInput, version int64) (int64, error) {
	if err := access.Require(a, access.ATSManage, access.CompanyTarget); err != nil {
		return 0, err
	}
	stages, f := NormalizeStages(in.Stages)
	in.Name, in.Description = strings.TrimSpace(in.Name), strings.TrimSpace(in.Description)
	if in.Name == "" {
		f.Add("name", "Name the pipeline")
	} else if len(in.Name) > 80 {
		f.Add("name", "Keep the name under 80 characters")
	}
	if len(in.Description) > 500 {
		f.Add("description", "Keep the description under 500 characters")
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	err := s.inTx(ctx, func(st Store) error {
		all, err := st.ListStageTemplates(ctx)
		if err != nil {
			return err
		}
		var before *StageTemplate
		for i, t := range all {
			if t.ID == id {
				before = &all[i]
			} else if strings.EqualFold(t.Name, in.Name) {
				return kit.Invalid("name", "Another pipeline has this name")
			}
		}
		now := s.now()
		t := StageTemplate{ID: id, Name: in.Name, Description: in.Description, Stages: stages, IsDefault: in.IsDefault, CreatedBy: a.UserID, CreatedAt: now, UpdatedAt: now}
		if id == 0 {
			if id, err = st.InsertStageTemplate(ctx, t); err != nil {
				return err
			}
			t.ID = id
		} else {
			if before == nil {
				return kit.NotFound("pipeline template")
			}
			if version != 0 && version != before.Version {
				return kit.Conflict("the pipeline changed since you opened it; reload and edit again")
			}
			if before.IsDefault && !in.IsDefault {
				return kit.Invalid("is_default", "Make another pipeline the default instead")
			}
			t.CreatedBy, t.CreatedAt = before.CreatedBy, before.CreatedAt
			if err := st.UpdateStageTemplate(ctx, t); err != nil {
				return err
			}
		}
		if in.IsDefault {
			if err := st.SetDefaultStageTemplate(ctx, id); err != nil {
				return err
			}
		}
		return s.record(ctx, st, a, "hiring.pipeline_template", "stage_template", id, "Saved the pipeline "+in.Name, before, t)
	})
	return id, err
}

// DeleteStageTemplate removes a template that is not the default.
// Requisitions opened from it keep their pipeline. Errors: KindForbidden,
// KindNotFound, KindConflict (the default).
func (s *Service) DeleteStageTemplate(ctx context.Context, a access.Actor, id int64) error {
	if err := access.Require(a, access.ATSManage, access.CompanyTarget); err != nil {
		return err
	}
	return s.inTx(ctx, func(st Store) error {
		t, err := s.StageTemplate(ctx, a, id)
		if err != nil {
			return err
		}
		if t.IsDefault {
			return kit.Conflict("%s is the default pipeline; make another the default first", t.Name)
		}
		if err := st.DeleteStageTemplate(ctx, id); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.pipeline_template_delete", "stage_template", id, "Deleted the pipeline "+t.Name, t, nil)
	})
}

// pipelineFor is the stages a requisition takes from a template (0: the
// default template; the standard pipeline when there is none).
func (s *Service) pipelineFor(ctx context.Context, st Store, templateID int64) (int64, []Stage, error) {
	ts, err := st.ListStageTemplates(ctx)
	if err != nil {
		return 0, nil, err
	}
	for _, t := range ts {
		if (templateID == 0 && t.IsDefault) || (templateID != 0 && t.ID == templateID) {
			return t.ID, t.Stages, nil
		}
	}
	if templateID != 0 {
		return 0, nil, kit.Invalid("stage_template_id", "No such pipeline")
	}
	return 0, DefaultPipeline, nil
}

// SetPipeline gives a requisition another pipeline. While it is open,
// every active candidate's stage must exist in the new pipeline (move
// them first). Requires hiring.requisitions.manage. Errors: KindInvalid,
// KindForbidden, KindNotFound, KindConflict.
func (s *Service) SetPipeline(ctx context.Context, a access.Actor, reqID, templateID int64) error {
	return s.inTx(ctx, func(st Store) error {
		r, err := s.visible(ctx, st, a, reqID, access.RequisitionManage)
		if err != nil {
			return err
		}
		if r.Status == ReqFilled || r.Status == ReqCancelled || r.Status == ReqRejected {
			return kit.Conflict("%s is %s; its pipeline is kept as it was", r.Number, label(r.Status))
		}
		tid, stages, err := s.pipelineFor(ctx, st, templateID)
		if err != nil {
			return err
		}
		apps, err := st.ListApplications(ctx, ApplicationFilter{RequisitionID: r.ID, Status: AppActive})
		if err != nil {
			return err
		}
		missing := map[string]int{}
		for _, app := range apps {
			if _, i := StageNamed(stages, app.Stage); i < 0 {
				missing[StageName(r.Pipeline(), app.Stage)]++
			}
		}
		for name, n := range missing {
			return kit.Conflict("%d active candidate(s) are at %q, which the new pipeline does not have; move them first", n, name)
		}
		before := r.Pipeline()
		if err := st.SetRequisitionPipeline(ctx, r.ID, tid, stages); err != nil {
			return err
		}
		return s.record(ctx, st, a, "hiring.requisition_pipeline", "requisition", r.ID, "Changed the pipeline of "+r.Number, map[string]any{"stages": before}, map[string]any{"stages": stages})
	})
}

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
