package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"

	"github.com/cadrehq/cadre/internal/kit"
	"github.com/cadrehq/cadre/internal/people"
)

func (c *Conn) InsertLegalEntity(ctx context.Context, le people.LegalEntity) (int64, error) {
	id, err := c.insert(ctx, `INSERT INTO legal_entities (name, ein) VALUES (?, ?)`, le.Name, le.EIN)
	if isUnique(err) {
		return 0, kit.Invalid("name", "A legal entity with this name already exists")
	}
	return id, err
}

func (c *Conn) ListLegalEntities(ctx context.Context) ([]people.LegalEntity, error) {
	rows, err := c.query(ctx, `SELECT id, name, ein FROM legal_entities ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []people.LegalEntity
	for rows.Next() {
		var le people.LegalEntity
		if err := rows.Scan(&le.ID, &le.Name, &le.EIN); err != nil {
			return nil, err
		}
		out = append(out, le)
	}
	return out, rows.Err()
}

// InsertOrgUnit inserts a unit and computes its materialised path.
func (c *Conn) InsertOrgUnit(ctx context.Context, u people.OrgUnit) (int64, error) {
	parentPath := "/"
	if u.ParentID != 0 {
		if err := c.row(ctx, `SELECT path FROM org_units WHERE id = ?`, u.ParentID).Scan(&parentPath); err != nil {
			return 0, notFound(err, "parent org unit")
		}
	}
	id, err := c.insert(ctx, `INSERT INTO org_units (name, parent_id, legal_entity_id, kind, path, created_at) VALUES (?, ?, ?, ?, '', ?)`,
		u.Name, nullInt(u.ParentID), nullInt(u.LegalEntityID), u.Kind, now())
	if err != nil {
		return 0, fmt.Errorf("insert org unit: %w", err)
	}
	_, err = c.exec(ctx, `UPDATE org_units SET path = ? WHERE id = ?`, parentPath+strconv.FormatInt(id, 10)+"/", id)
	return id, err
}

const orgCols = `o.id, o.name, COALESCE(o.parent_id, 0), COALESCE(o.legal_entity_id, 0), o.kind, o.path`

func (c *Conn) GetOrgUnit(ctx context.Context, id int64) (people.OrgUnit, error) {
	var u people.OrgUnit
	err := c.row(ctx, `SELECT `+orgCols+` FROM org_units o WHERE o.id = ?`, id).Scan(&u.ID, &u.Name, &u.ParentID, &u.LegalEntityID, &u.Kind, &u.Path)
	return u, notFound(err, "org unit")
}

// OrgUnitPath returns the materialised path of an org unit.
func (c *Conn) OrgUnitPath(ctx context.Context, id int64) (string, error) {
	var p string
	err := c.row(ctx, `SELECT path FROM org_units WHERE id = ?`, id).Scan(&p)
	return p, notFound(err, "org unit")
}

// ListOrgUnits returns units in tree order with active headcount.
func (c *Conn) ListOrgUnits(ctx context.Context) ([]people.OrgUnit, error) {
	rows, err := c.query(ctx, `SELECT `+orgCols+` FROM org_units o`)
	if err != nil {
		return nil, fmt.Errorf("list org units: %w", err)
	}
	defer rows.Close()
	var out []people.OrgUnit
	for rows.Next() {
		var u people.OrgUnit
		if err := rows.Scan(&u.ID, &u.Name, &u.ParentID, &u.LegalEntityID, &u.Kind, &u.Path); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return treeOrder(out), nil
}

// treeOrder sorts units depth-first with siblings by name, and sets Depth.
func treeOrder(us []people.OrgUnit) []people.OrgUnit {
	kids := map[int64][]people.OrgUnit{}
	for _, u := range us {
		kids[u.ParentID] = append(kids[u.ParentID], u)
	}
	for k := range kids {
		sort.Slice(kids[k], func(i, j int) bool { return kids[k][i].Name < kids[k][j].Name })
	}
	out := make([]people.OrgUnit, 0, len(us))
	var walk func(parent int64, depth int)
	walk = func(parent int64, depth int) {
		for _, u := range kids[parent] {
			u.Depth = depth
			out = append(out, u)
			walk(u.ID, depth+1)
		}
	}
	walk(0, 0)
	return out
}

func (c *Conn) InsertLocation(ctx context.Context, l people.Location) (int64, error) {
	id, err := c.insert(ctx, `INSERT INTO locations (name, country, region, city, kind, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		l.Name, l.Country, l.Region, l.City, l.Kind, now())
	if isUnique(err) {
		return 0, kit.Invalid("name", "A location with this name already exists")
	}
	return id, err
}

// SetNearby links a location to its nearby worksites, in both directions.
func (c *Conn) SetNearby(ctx context.Context, id int64, nearby []int64) error {
	if _, err := c.exec(ctx, `DELETE FROM location_nearby WHERE location_id = ? OR nearby_id = ?`, id, id); err != nil {
		return err
	}
	for _, n := range nearby {
		if n == id {
			continue
		}
		for _, pair := range [][2]int64{{id, n}, {n, id}} {
			if _, err := c.exec(ctx, `INSERT INTO location_nearby (location_id, nearby_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, pair[0], pair[1]); err != nil {
				return fmt.Errorf("link nearby locations: %w", err)
			}
		}
	}
	return nil
}

func (c *Conn) nearby(ctx context.Context, id int64) ([]int64, error) {
	rows, err := c.query(ctx, `SELECT nearby_id FROM location_nearby WHERE location_id = ? ORDER BY nearby_id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

func (c *Conn) GetLocation(ctx context.Context, id int64) (people.Location, error) {
	var l people.Location
	err := c.row(ctx, `SELECT id, name, country, region, city, kind FROM locations WHERE id = ?`, id).Scan(&l.ID, &l.Name, &l.Country, &l.Region, &l.City, &l.Kind)
	if err != nil {
		return l, notFound(err, "location")
	}
	l.NearbyIDs, err = c.nearby(ctx, id)
	return l, err
}

func (c *Conn) ListLocations(ctx context.Context) ([]people.Location, error) {
	rows, err := c.query(ctx, `SELECT id, name, country, region, city, kind FROM locations l ORDER BY name`)
	if err != nil {
		return nil, err
	}
	var out []people.Location
	for rows.Next() {
		var l people.Location
		if err := rows.Scan(&l.ID, &l.Name, &l.Country, &l.Region, &l.City, &l.Kind); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	links, err := c.query(ctx, `SELECT location_id, nearby_id FROM location_nearby ORDER BY location_id, nearby_id`)
	if err != nil {
		return nil, err
	}
	defer links.Close()
	idx := map[int64]int{}
	for i, l := range out {
		idx[l.ID] = i
		out[i].NearbyIDs = []int64{}
	}
	for links.Next() {
		var a, b int64
		if err := links.Scan(&a, &b); err != nil {
			return nil, err
		}
		out[idx[a]].NearbyIDs = append(out[idx[a]].NearbyIDs, b)
	}
	return out, links.Err()
}

func (c *Conn) InsertPayGrade(ctx context.Context, g people.PayGrade) (int64, error) {
	id, err := c.insert(ctx, `INSERT INTO pay_grades (name, currency, min_cents, max_cents, midpoint_cents, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		g.Name, g.Currency, g.MinCents, g.MaxCents, g.MidpointCents, now())
	if isUnique(err) {
		return 0, kit.Invalid("name", "A pay grade with this name already exists")
	}
	return id, err
}

func (c *Conn) GetPayGrade(ctx context.Context, id int64) (people.PayGrade, error) {
	var g people.PayGrade
	err := c.row(ctx, `SELECT id, name, currency, min_cents, max_cents, midpoint_cents FROM pay_grades WHERE id = ?`, id).
		Scan(&g.ID, &g.Name, &g.Currency, &g.MinCents, &g.MaxCents, &g.MidpointCents)
	return g, notFound(err, "pay grade")
}

func (c *Conn) ListPayGrades(ctx context.Context) ([]people.PayGrade, error) {
	rows, err := c.query(ctx, `SELECT id, name, currency, min_cents, max_cents, midpoint_cents FROM pay_grades ORDER BY min_cents, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []people.PayGrade
	for rows.Next() {
		var g people.PayGrade
		if err := rows.Scan(&g.ID, &g.Name, &g.Currency, &g.MinCents, &g.MaxCents, &g.MidpointCents); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

func (c *Conn) InsertJob(ctx context.Context, j people.Job) (int64, error) {
	id, err := c.insert(ctx, `INSERT INTO jobs (title, family, level, flsa_status, eeo1_category, pay_grade_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		j.Title, j.Family, j.Level, j.FLSAStatus, j.EEO1Category, nullInt(j.PayGradeID), now())
	if isUnique(err) {
		return 0, kit.Invalid("title", "A job with this title and level already exists")
	}
	return id, err
}

const jobCols = `j.id, j.title, j.family, j.level, j.flsa_status, j.eeo1_category, COALESCE(j.pay_grade_id, 0), COALESCE(g.name, '')`

func scanJob(s interface{ Scan(...any) error }) (people.Job, error) {
	var j people.Job
	err := s.Scan(&j.ID, &j.Title, &j.Family, &j.Level, &j.FLSAStatus, &j.EEO1Category, &j.PayGradeID, &j.PayGradeName)
	return j, err
}

func (c *Conn) GetJob(ctx context.Context, id int64) (people.Job, error) {
	j, err := scanJob(c.row(ctx, `SELECT `+jobCols+` FROM jobs j LEFT JOIN pay_grades g ON g.id = j.pay_grade_id WHERE j.id = ?`, id))
	return j, notFound(err, "job")
}

func (c *Conn) ListJobs(ctx context.Context) ([]people.Job, error) {
	rows, err := c.query(ctx, `SELECT `+jobCols+` FROM jobs j LEFT JOIN pay_grades g ON g.id = j.pay_grade_id ORDER BY j.family, j.title, j.level`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []people.Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

var _ = sql.ErrNoRows

// Headcounts returns active headcount per org unit and per location, each
// in one grouped scan of a covering index.
func (c *Conn) Headcounts(ctx context.Context) (byOrg, byLocation map[int64]int, err error) {
	byOrg, byLocation = map[int64]int{}, map[int64]int{}
	for _, q := range []struct {
		sql string
		m   map[int64]int
	}{
		{`SELECT org_unit_id, count(*) FROM employees WHERE status = 'active' GROUP BY org_unit_id`, byOrg},
		{`SELECT location_id, count(*) FROM employees WHERE status = 'active' GROUP BY location_id`, byLocation},
	} {
		rows, err := c.query(ctx, q.sql)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var id int64
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				rows.Close()
				return nil, nil, err
			}
			q.m[id] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	return byOrg, byLocation, nil
}
