package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/cadrehq/cadre/internal/access"
	"github.com/cadrehq/cadre/internal/scim"
)

// SCIMClientIn adds a SCIM client.
type SCIMClientIn struct {
	Name     string `json:"name" required:"true"`
	CanWrite bool   `json:"can_write,omitempty" doc:"May write the attributes HR delegates"`
}

// SCIMClientOut is a SCIM client; Token only when just created.
type SCIMClientOut struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	CanWrite   bool       `json:"can_write"`
	Token      *string    `json:"token,omitempty" doc:"The bearer token for /scim/v2, returned once"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

// WritableIO is what SCIM clients may write.
type WritableIO struct {
	Attributes []string `json:"attributes" doc:"Delegable: nickName (the preferred name)"`
}

func scimClientOut(c scim.Client) SCIMClientOut {
	return SCIMClientOut{ID: c.ID, Name: c.Name, Prefix: c.Prefix, CanWrite: c.CanWrite, CreatedAt: c.CreatedAt.UTC(), LastUsedAt: timePtr(c.LastUsedAt), RevokedAt: timePtr(c.RevokedAt)}
}

func (a *API) registerSCIM(h huma.API) {
	tag := "SCIM provisioning"
	huma.Register(h, op("list-scim-clients", http.MethodGet, "/scim/clients", "SCIM clients (identity systems reading /scim/v2)", tag, access.IntegrationsManage), func(ctx context.Context, _ *struct{}) (*body[Page[SCIMClientOut]], error) {
		cs, err := a.SCIM.Clients(ctx, actor(ctx))
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := Page[SCIMClientOut]{Items: []SCIMClientOut{}}
		for _, c := range cs {
			out.Items = append(out.Items, scimClientOut(c))
		}
		return &body[Page[SCIMClientOut]]{out}, nil
	})
	create := op("create-scim-client", http.MethodPost, "/scim/clients", "Add a SCIM client; its token is returned once", tag, access.IntegrationsManage)
	create.DefaultStatus = http.StatusCreated
	huma.Register(h, create, func(ctx context.Context, in *body[SCIMClientIn]) (*body[SCIMClientOut], error) {
		c, tok, err := a.SCIM.CreateClient(ctx, actor(ctx), in.Body.Name, in.Body.CanWrite)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := scimClientOut(c)
		out.Token = &tok
		return &body[SCIMClientOut]{out}, nil
	})
	del := op("revoke-scim-client", http.MethodDelete, "/scim/clients/{id}", "Revoke a SCIM client's token", tag, access.IntegrationsManage)
	del.DefaultStatus = http.StatusNoContent
	huma.Register(h, del, func(ctx context.Context, in *idPath) (*struct{}, error) {
		return nil, a.failIf(ctx, a.SCIM.RevokeClient(ctx, actor(ctx), in.ID))
	})
	huma.Register(h, opAny("get-scim-writable", http.MethodGet, "/scim/writable", "The attributes HR lets SCIM clients write", tag, access.FieldsDelegate, access.IntegrationsManage), func(ctx context.Context, _ *struct{}) (*body[WritableIO], error) {
		act := actor(ctx)
		if !access.Can(act, access.FieldsDelegate, access.CompanyTarget) && !access.Can(act, access.IntegrationsManage, access.CompanyTarget) {
			return nil, a.fail(ctx, access.Require(act, access.FieldsDelegate, access.CompanyTarget))
		}
		wr, err := a.SCIM.Writable(ctx)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		if wr == nil {
			wr = []string{}
		}
		return &body[WritableIO]{WritableIO{Attributes: wr}}, nil
	})
	huma.Register(h, op("put-scim-writable", http.MethodPut, "/scim/writable", "Choose the attributes SCIM clients may write (HR)", tag, access.FieldsDelegate), func(ctx context.Context, in *body[WritableIO]) (*body[WritableIO], error) {
		if err := a.SCIM.SetWritable(ctx, actor(ctx), in.Body.Attributes); err != nil {
			return nil, a.fail(ctx, err)
		}
		wr, err := a.SCIM.Writable(ctx)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		if wr == nil {
			wr = []string{}
		}
		return &body[WritableIO]{WritableIO{Attributes: wr}}, nil
	})
}
