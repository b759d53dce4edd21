package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/cadrehq/cadre/internal/hiring"
	"github.com/cadrehq/cadre/internal/people"
)

// People returns the people store on this connection (and transaction).
func (h hiringStore) People() people.Store { return peopleStore{h.Conn} }

func (c *Conn) InsertOffer(ctx context.Context, o hiring.Offer) (int64, error) {
	id, err := c.insert(ctx, `INSERT INTO offers (application_id, requisition_id, pay_amount_cents, pay_per, pay_currency, sign_on_cents, start_date, expires_on, letter,
		status, outside_band, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.ApplicationID, o.RequisitionID, o.Pay.AmountCents, o.Pay.Per, o.Pay.Currency, o.SignOnCents, o.StartDate, o.ExpiresOn, o.Letter,
		o.Status, o.OutsideBand, nullInt(o.CreatedBy), o.CreatedAt.UTC(), o.UpdatedAt.UTC())
	if err != nil {
		return 0, err
	}
	for _, ch := range o.Checks {
		if err := c.SetOfferCheck(ctx, id, ch); err != nil {
			return 0, err
		}
	}
	return id, nil
}

func (c *Conn) UpdateOffer(ctx context.Context, o hiring.Offer) error {
	_, err := c.exec(ctx, `UPDATE offers SET pay_amount_cents = ?, pay_per = ?, pay_currency = ?, sign_on_cents = ?, start_date = ?, expires_on = ?, letter = ?, status = ?,
		approval_id = ?, outside_band = ?, sent_at = ?, responded_at = ?, signed_name = ?, decline_reason = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
		o.Pay.AmountCents, o.Pay.Per, o.Pay.Currency, o.SignOnCents, o.StartDate, o.ExpiresOn, o.Letter, o.Status, nullInt(o.ApprovalID), o.OutsideBand,
		nullTime(o.SentAt), nullTime(o.RespondedAt), o.SignedName, o.DeclineReason, o.UpdatedAt.UTC(), o.ID)
	return err
}

const offerSelect = `SELECT f.id, f.application_id, f.requisition_id, a.candidate_id, c.given_name, c.family_name, c.email, c.phone, r.number, r.title, o.path,
	f.pay_amount_cents, f.pay_per, f.pay_currency, f.sign_on_cents, f.start_date, f.expires_on, f.letter, f.status, COALESCE(f.approval_id, 0), f.outside_band,
	f.sent_at, f.responded_at, f.signed_name, f.decline_reason, COALESCE(f.employee_id, 0), COALESCE(f.created_by, 0), f.created_at, f.updated_at, f.version,
	r.salary_min_cents, r.salary_max_cents
	FROM offers f JOIN applications a ON a.id = f.application_id JOIN candidates c ON c.id = a.candidate_id JOIN requisitions r ON r.id = f.requisition_id
	JOIN org_units o ON o.id = r.org_unit_id`

func (c *Conn) scanOffers(ctx context.Context, q string, args ...any) ([]hiring.Offer, error) {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("offers: %w", err)
	}
	defer rows.Close()
	var out []hiring.Offer
	for rows.Next() {
		var o hiring.Offer
		var sent, responded sql.NullTime
		if err := rows.Scan(&o.ID, &o.ApplicationID, &o.RequisitionID, &o.Candidate.ID, &o.Candidate.GivenName, &o.Candidate.FamilyName, &o.Candidate.Email, &o.Candidate.Phone,
			&o.ReqNumber, &o.Title, &o.OrgPath, &o.Pay.AmountCents, &o.Pay.Per, &o.Pay.Currency, &o.SignOnCents, &o.StartDate, &o.ExpiresOn, &o.Letter, &o.Status,
			&o.ApprovalID, &o.OutsideBand, &sent, &responded, &o.SignedName, &o.DeclineReason, &o.EmployeeID, &o.CreatedBy, &o.CreatedAt, &o.UpdatedAt, &o.Version,
			&o.SalaryMinCents, &o.SalaryMaxCents); err != nil {
			return nil, err
		}
		o.SentAt, o.RespondedAt = sent.Time, responded.Time
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		crow, err := c.query(ctx, `SELECT kind, result, note, recorded_on, COALESCE(by_user_id, 0) FROM offer_checks WHERE offer_id = ? ORDER BY kind`, out[i].ID)
		if err != nil {
			return nil, err
		}
		for crow.Next() {
			var ch hiring.Check
			if err := crow.Scan(&ch.Kind, &ch.Result, &ch.Note, &ch.RecordedOn, &ch.ByUserID); err != nil {
				crow.Close()
				return nil, err
			}
			out[i].Checks = append(out[i].Checks, ch)
		}
		crow.Close()
	}
	return out, nil
}

func (c *Conn) GetOffer(ctx context.Context, id int64) (hiring.Offer, error) {
	os, err := c.scanOffers(ctx, offerSelect+` WHERE f.id = ?`, id)
	if err != nil {
		return hiring.Offer{}, err
	}
	if len(os) == 0 {
		return hiring.Offer{}, notFound(sql.ErrNoRows, "offer")
	}
	return os[0], nil
}

func (c *Conn) OfferByToken(ctx context.Context, tokenHash string) (hiring.Offer, error) {
	os, err := c.scanOffers(ctx, offerSelect+` WHERE f.token_hash = ?`, tokenHash)
	if err != nil {
		return hiring.Offer{}, err
	}
	if len(os) == 0 {
		return hiring.Offer{}, notFound(sql.ErrNoRows, "offer")
	}
	return os[0], nil
}

func (c *Conn) ListOffers(ctx context.Context, f hiring.OfferFilter) ([]hiring.Offer, error) {
	var where []string
	var args []any
	if f.ApplicationID != 0 {
		where, args = append(where, "f.application_id = ?"), append(args, f.ApplicationID)
	}
	if f.RequisitionID != 0 {
		where, args = append(where, "f.requisition_id = ?"), append(args, f.RequisitionID)
	}
	q := offerSelect
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	return c.scanOffers(ctx, q+` ORDER BY f.id DESC LIMIT 200`, args...)
}

func (c *Conn) SetOfferToken(ctx context.Context, id int64, tokenHash string) error {
	_, err := c.exec(ctx, `UPDATE offers SET token_hash = ? WHERE id = ?`, tokenHash, id)
	return err
}

func (c *Conn) SetOfferCheck(ctx context.Context, id int64, ch hiring.Check) error {
	_, err := c.exec(ctx, `INSERT INTO offer_checks (offer_id, kind, result, note, recorded_on, by_user_id) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (offer_id, kind) DO UPDATE SET result = excluded.result, note = excluded.note, recorded_on = excluded.recorded_on, by_user_id = excluded.by_user_id`,
		id, ch.Kind, ch.Result, ch.Note, ch.RecordedOn, nullInt(ch.ByUserID))
	return err
}

func (c *Conn) SetOfferEmployee(ctx context.Context, id, employeeID int64, at time.Time) error {
	_, err := c.exec(ctx, `UPDATE offers SET employee_id = ?, hired_at = ?, updated_at = ?, version = version + 1 WHERE id = ?`, employeeID, at.UTC(), at.UTC(), id)
	return err
}

// HireApplication marks an application hired.
func (c *Conn) HireApplication(ctx context.Context, id int64, at time.Time) error {
	_, err := c.exec(ctx, `UPDATE applications SET status = 'hired', stage = 'hired', stage_changed_at = ?, updated_at = ?, version = version + 1 WHERE id = ?`, at.UTC(), at.UTC(), id)
	return err
}
