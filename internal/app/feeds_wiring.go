package app

import (
	"context"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/kit/date"
)

// feedFiles renders the export feeds' files as each feed's owner, with
// the owner's permissions on the day: the payroll file through the
// payroll service (which checks payroll.export and audits the download),
// the directory through the people core's directory file (in the
// owner's export scope; no personal details, no pay).
type feedFiles struct {
	svc   *Services
	clock kit.Clock
}

func (f feedFiles) PayrollFile(ctx context.Context, ownerID, exportID int64, template string) (string, []byte, error) {
	a, err := f.svc.Access.ActorByID(ctx, ownerID)
	if err != nil {
		return "", nil, err
	}
	return f.svc.Payroll.ExportFile(ctx, a, exportID, template)
}

func (f feedFiles) DirectoryFile(ctx context.Context, ownerID int64) (string, []byte, error) {
	a, err := f.svc.Access.ActorByID(ctx, ownerID)
	if err != nil {
		return "", nil, err
	}
	data, err := f.svc.People.DirectoryCSV(ctx, a)
	if err != nil {
		return "", nil, err
	}
	return "directory-" + date.Of(f.clock.Now()).String() + ".csv", data, nil
}
