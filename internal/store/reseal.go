package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// Resealer opens sealed values under any key it knows and seals under the
// current one (kit.Sealer).
type Resealer interface {
	Current(v []byte) bool
	Open(v []byte) ([]byte, error)
	Seal(p []byte) ([]byte, error)
}

// ResealColumn counts one column's values in a key rotation.
type ResealColumn struct {
	Table, Column string
	// Resealed were under a previous key and are now under the current
	// one; Current already were; Unreadable open under no key known.
	Resealed, Current, Unreadable int
}

// ResealReport is what a key rotation changed.
type ResealReport struct {
	Columns           []ResealColumn
	Resealed, Current int
}

// Reseal re-encrypts every sealed value in the database under the current
// key, in one transaction: all of them or none. It finds the sealed
// values itself rather than from a list that could fall behind the
// schema: every binary column of every table, and in it every value that
// opens under a key the Resealer knows (AES-GCM authenticates, so other
// binary data, such as uploaded files, never opens and is left alone).
// Run again, it finds everything current and changes nothing.
func (db *DB) Reseal(ctx context.Context, k Resealer) (ResealReport, error) {
	var rep ResealReport
	err := db.InTx(ctx, func(c *Conn) error {
		cols, err := c.binaryColumns(ctx)
		if err != nil {
			return err
		}
		tables := make([]string, 0, len(cols))
		for t := range cols {
			tables = append(tables, t)
		}
		sort.Strings(tables)
		for _, t := range tables {
			counts, err := c.resealTable(ctx, k, t, cols[t])
			if err != nil {
				return fmt.Errorf("reseal %s: %w", t, err)
			}
			for _, rc := range counts {
				if rc.Resealed+rc.Current > 0 {
					rep.Columns = append(rep.Columns, rc)
					rep.Resealed += rc.Resealed
					rep.Current += rc.Current
				}
			}
		}
		return nil
	})
	return rep, err
}

// binaryColumns lists the BLOB (SQLite) or bytea (PostgreSQL) columns by
// table.
func (c *Conn) binaryColumns(ctx context.Context) (map[string][]string, error) {
	out := map[string][]string{}
	if c.db.dialect == postgresDialect {
		rows, err := c.query(ctx, `SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND data_type = 'bytea' ORDER BY table_name, ordinal_position`)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var t, col string
			if err := rows.Scan(&t, &col); err != nil {
				return nil, err
			}
			out[t] = append(out[t], col)
		}
		return out, rows.Err()
	}
	tables, err := c.strings(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	for _, t := range tables {
		rows, err := c.query(ctx, `SELECT name, type FROM pragma_table_info(?)`, t)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var col, typ string
			if err := rows.Scan(&col, &typ); err != nil {
				rows.Close()
				return nil, err
			}
			if strings.EqualFold(typ, "BLOB") {
				out[t] = append(out[t], col)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// strings runs a query that returns one text column.
func (c *Conn) strings(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// SealedColumns are the columns that only ever hold sealed values (table
// and column). A value there that no key opens means a key is missing: a
// rotation stops rather than leave it, and a restore checks its key on
// one value of each.
var SealedColumns = [][2]string{
	{"employees", "ssn_enc"}, {"employees", "birth_date_enc"}, {"employees", "bank_enc"},
	{"benefit_dependents", "ssn_sealed"}, {"benefit_dependents", "birth_sealed"},
	{"i9_records", "numbers_sealed"}, {"leave_cases", "medical"}, {"leave_documents", "data"},
	{"er_cases", "title"}, {"er_cases", "description"}, {"er_cases", "plan"}, {"er_cases", "findings"}, {"er_cases", "outcome"}, {"er_cases", "resolution"},
	{"er_parties", "name"}, {"er_entries", "body"}, {"er_entries", "ack_comment"}, {"er_evidence", "title"}, {"er_evidence", "filename"}, {"er_evidence", "description"},
	{"er_allegations", "text"}, {"er_allegations", "reasoning"}, {"er_discipline", "details"},
	{"webhook_subscriptions", "secret_enc"}, {"webhook_subscriptions", "previous_enc"}, {"sso_providers", "secret_enc"}, {"sso_providers", "sp_key_enc"},
}

// mixedColumns hold sealed and plain values side by side: the file store
// keeps ER evidence sealed and employee documents as they are.
var mixedColumns = map[string]bool{"blobs.data": true}

func sealedOnly(table, col string) bool {
	for _, tc := range SealedColumns {
		if tc[0] == table && tc[1] == col {
			return true
		}
	}
	return false
}

// resealTable reseals one table's binary columns row by row: it reads
// the keys of the rows with a value first, then each row's values.
func (c *Conn) resealTable(ctx context.Context, k Resealer, table string, cols []string) ([]ResealColumn, error) {
	key := []string{"rowid"}
	if c.db.dialect == postgresDialect {
		var err error
		if key, err = c.strings(ctx, `SELECT a.attname FROM pg_index i
			JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
			WHERE i.indrelid = ?::regclass AND i.indisprimary ORDER BY a.attnum`, quoteIdent(table)); err != nil {
			return nil, err
		}
		if len(key) == 0 {
			return nil, fmt.Errorf("table %s has binary columns but no primary key", table)
		}
	}
	qkey := make([]string, len(key))
	where := make([]string, len(key))
	for i, k := range key {
		qkey[i] = k
		if k != "rowid" {
			qkey[i] = quoteIdent(k)
		}
		where[i] = qkey[i] + " = ?"
	}
	qcols := make([]string, len(cols))
	notNull := make([]string, len(cols))
	for i, col := range cols {
		qcols[i] = quoteIdent(col)
		notNull[i] = qcols[i] + " IS NOT NULL"
	}
	rows, err := c.query(ctx, `SELECT `+strings.Join(qkey, ", ")+` FROM `+quoteIdent(table)+` WHERE `+strings.Join(notNull, " OR "))
	if err != nil {
		return nil, err
	}
	var keys [][]any
	for rows.Next() {
		vals := make([]any, len(key))
		ptrs := make([]any, len(key))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			rows.Close()
			return nil, err
		}
		keys = append(keys, vals)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	counts := make([]ResealColumn, len(cols))
	for i, col := range cols {
		counts[i] = ResealColumn{Table: table, Column: col}
	}
	sel := `SELECT ` + strings.Join(qcols, ", ") + ` FROM ` + quoteIdent(table) + ` WHERE ` + strings.Join(where, " AND ")
	if c.db.dialect == postgresDialect {
		// Another instance may write the row meanwhile (READ COMMITTED):
		// lock it, so its write is not overwritten with the old value.
		sel += ` FOR UPDATE`
	}
	for _, kv := range keys {
		vals := make([][]byte, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := c.row(ctx, sel, kv...).Scan(ptrs...); err != nil {
			return nil, err
		}
		var sets []string
		var args []any
		for i, v := range vals {
			if len(v) == 0 {
				continue
			}
			if k.Current(v) {
				counts[i].Current++
				continue
			}
			plain, err := k.Open(v)
			if err != nil {
				counts[i].Unreadable++ // not sealed (a file, a hash), or under an unknown key
				continue
			}
			sealed, err := k.Seal(plain)
			if err != nil {
				return nil, err
			}
			sets = append(sets, qcols[i]+" = ?")
			args = append(args, sealed)
			counts[i].Resealed++
		}
		if len(sets) == 0 {
			continue
		}
		res, err := c.exec(ctx, `UPDATE `+quoteIdent(table)+` SET `+strings.Join(sets, ", ")+` WHERE `+strings.Join(where, " AND "), append(args, kv...)...)
		if err != nil {
			return nil, err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil, fmt.Errorf("a row changed during the rotation (%d rows matched); run it again", n)
		}
	}
	// A column of sealed values where some open under no key: a previous
	// key is missing. Stop (nothing is changed) rather than leave values
	// that no key will open once the old one is gone.
	for _, rc := range counts {
		if rc.Unreadable > 0 && !mixedColumns[table+"."+rc.Column] && (rc.Resealed+rc.Current > 0 || sealedOnly(table, rc.Column)) {
			return nil, fmt.Errorf("%s.%s has %d sealed values that open under none of the keys given (is a previous key missing?); nothing was changed", table, rc.Column, rc.Unreadable)
		}
	}
	return counts, nil
}
