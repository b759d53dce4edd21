package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/calendar"
)

// CalendarFeedIn creates a calendar feed.
type CalendarFeedIn struct {
	Kind string `json:"kind" enum:"interviews,deadlines" doc:"interviews: those you are on the panel of; deadlines: the due dates of your open tasks"`
}

// CalendarFeedOut is a new feed with its secret path (shown once).
type CalendarFeedOut struct {
	calendar.Feed
	Path string `json:"path" doc:"Append to the server's address: the iCalendar feed, no sign-in needed; keep it private"`
}

func (a *API) registerCalendar(h huma.API) {
	tag := "Me"
	huma.Register(h, op("list-calendar-feeds", http.MethodGet, "/me/calendar-feeds", "Your calendar feeds (the addresses are shown only when created)", tag, ""), func(ctx context.Context, _ *struct{}) (*body[Page[calendar.Feed]], error) {
		fs, err := a.Calendar.Feeds(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		if fs == nil {
			fs = []calendar.Feed{}
		}
		return &body[Page[calendar.Feed]]{Page[calendar.Feed]{Items: fs}}, nil
	})
	create := op("create-calendar-feed", http.MethodPost, "/me/calendar-feeds", "Create an iCalendar subscription of your interviews or deadlines; 403 when the kind is not yours", tag, "")
	create.DefaultStatus = http.StatusCreated
	huma.Register(h, create, func(ctx context.Context, in *body[CalendarFeedIn]) (*body[CalendarFeedOut], error) {
		f, tok, err := a.Calendar.Create(ctx, actor(ctx), in.Body.Kind)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &body[CalendarFeedOut]{CalendarFeedOut{Feed: f, Path: "/calendar/" + tok + ".ics"}}, nil
	})
	del := op("revoke-calendar-feed", http.MethodDelete, "/me/calendar-feeds/{id}", "Revoke one of your calendar feeds", tag, "")
	del.DefaultStatus = http.StatusNoContent
	huma.Register(h, del, func(ctx context.Context, in *idPath) (*struct{}, error) {
		return nil, a.failIf(ctx, a.Calendar.Revoke(ctx, actor(ctx), in.ID))
	})
}
