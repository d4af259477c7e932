package sqlite

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tideline-oss/tideline"
)

var _ tideline.AccessStore = (*DB)(nil)

// checkDataset reports EINVALID for a dataset name that Dataset.Validate
// refuses.
func checkDataset(name string) error {
	d := tideline.Dataset{Name: name}
	return d.Validate()
}

// checkOperation reports EINVALID unless op has a name that is a valid
// dataset name, a valid lead agency code and a title of at most 200
// characters on one line.
func checkOperation(op tideline.Operation) error {
	if op.Name == "" {
		return tideline.Errorf(tideline.EINVALID, "operation name required")
	}
	if err := checkDataset(op.Name); err != nil {
		msg := strings.Replace(tideline.ErrorMessage(err), "dataset name", "operation name", 1)
		return tideline.Errorf(tideline.EINVALID, "%s", msg)
	}
	if err := tideline.ValidAgency(op.Agency); err != nil {
		return tideline.Errorf(tideline.EINVALID, "operation %s: lead %s", op.Name, tideline.ErrorMessage(err))
	}
	if !utf8.ValidString(op.Title) || utf8.RuneCountInString(op.Title) > 200 || strings.ContainsFunc(op.Title, unicode.IsControl) {
		return tideline.Errorf(tideline.EINVALID, "operation %s: the title must be at most 200 characters on one line", op.Name)
	}
	return nil
}

// Shares implements tideline.AccessStore: by dataset, then agency, then
// role (byte order; the empty agency of a role share first).
func (db *DB) Shares(ctx context.Context) ([]tideline.Share, error) {
	rows, err := db.rdb.QueryContext(ctx, `SELECT dataset, agency, role, shared_by, at FROM share ORDER BY dataset, agency, role`)
	if err != nil {
		return nil, formatError(ctx, err)
	}
	defer rows.Close()
	var out []tideline.Share
	for rows.Next() {
		var s tideline.Share
		var at int64
		if err := rows.Scan(&s.Dataset, &s.Agency, &s.Role, &s.By, &at); err != nil {
			return nil, formatError(ctx, err)
		}
		s.At = fromMS(at)
		out = append(out, s)
	}
	return out, formatError(ctx, rows.Err())
}

// AddShare implements tideline.AccessStore. EINVALID as Share.Validate, or
// for a dataset name Dataset.Validate refuses; sharing again keeps the
// first share (its By and At).
func (db *DB) AddShare(ctx context.Context, s tideline.Share) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if err := checkDataset(s.Dataset); err != nil {
		return err
	}
	if !validText(s.By, 200) {
		return tideline.Errorf(tideline.EINVALID, "share of %s: who shared it must be valid UTF-8 of at most 200 bytes", s.Dataset)
	}
	_, err := db.wdb.ExecContext(ctx, `INSERT INTO share (dataset, agency, role, shared_by, at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING`, s.Dataset, s.Agency, string(s.Role), s.By, ms(orNow(s.At, db.now())))
	return formatError(ctx, err)
}

// RemoveShare implements tideline.AccessStore.
func (db *DB) RemoveShare(ctx context.Context, dataset, agency string, role tideline.Role) error {
	res, err := db.wdb.ExecContext(ctx, `DELETE FROM share WHERE dataset = ? AND agency = ? AND role = ?`, dataset, agency, string(role))
	if err != nil {
		return formatError(ctx, err)
	}
	return notFoundIfNone(ctx, res, func() error {
		if role != "" {
			return tideline.Errorf(tideline.ENOTFOUND, "dataset %s is not shared with role %s", dataset, role)
		}
		return tideline.Errorf(tideline.ENOTFOUND, "dataset %s is not shared with agency %s", dataset, agency)
	})
}

// notFoundIfNone returns notFound() when res affected no row.
func notFoundIfNone(ctx context.Context, res sql.Result, notFound func() error) error {
	n, err := res.RowsAffected()
	if err != nil {
		return formatError(ctx, err)
	}
	if n == 0 {
		return notFound()
	}
	return nil
}

// Operations implements tideline.AccessStore: by name, each with its
// datasets sorted by name and its members by user id, read in one
// statement. O(operations + datasets + members).
func (db *DB) Operations(ctx context.Context) ([]tideline.Operation, error) {
	rows, err := db.rdb.QueryContext(ctx, `SELECT o.name, o.title, o.agency, o.created_at,
			coalesce((SELECT group_concat(dataset, ',') FROM operation_dataset WHERE operation = o.name), ''),
			coalesce((SELECT group_concat(user_id, ',') FROM operation_member WHERE operation = o.name), '')
		FROM operation o ORDER BY o.name`)
	if err != nil {
		return nil, formatError(ctx, err)
	}
	defer rows.Close()
	var out []tideline.Operation
	for rows.Next() {
		var op tideline.Operation
		var created int64
		var datasets, members string
		if err := rows.Scan(&op.Name, &op.Title, &op.Agency, &created, &datasets, &members); err != nil {
			return nil, formatError(ctx, err)
		}
		op.Created = fromMS(created)
		op.Datasets, op.Members = []string{}, []int64{}
		if datasets != "" {
			op.Datasets = strings.Split(datasets, ",")
			slices.Sort(op.Datasets)
		}
		if members != "" {
			for m := range strings.SplitSeq(members, ",") {
				id, err := strconv.ParseInt(m, 10, 64)
				if err != nil {
					return nil, formatError(ctx, err)
				}
				op.Members = append(op.Members, id)
			}
			slices.Sort(op.Members)
		}
		out = append(out, op)
	}
	return out, formatError(ctx, rows.Err())
}

// PutOperation implements tideline.AccessStore: creates the operation
// (Created set to now when zero) or updates its title and lead agency;
// op.Datasets and op.Members are ignored. EINVALID for a name that is not
// a valid dataset name, an invalid agency code, or a title over 200
// characters or with line breaks.
func (db *DB) PutOperation(ctx context.Context, op tideline.Operation) error {
	if err := checkOperation(op); err != nil {
		return err
	}
	_, err := db.wdb.ExecContext(ctx, `INSERT INTO operation (name, title, agency, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET title = excluded.title, agency = excluded.agency`,
		op.Name, op.Title, op.Agency, ms(orNow(op.Created, db.now())))
	return formatError(ctx, err)
}

// operationExists returns ENOTFOUND unless the operation exists.
func operationExists(ctx context.Context, tx *sql.Tx, name string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM operation WHERE name = ?`, name).Scan(&n); err != nil {
		return formatError(ctx, err)
	}
	if n == 0 {
		return tideline.Errorf(tideline.ENOTFOUND, "operation %q not found", name)
	}
	return nil
}

// SetDatasetOperation implements tideline.AccessStore; a dataset in
// another operation moves. EINVALID for an invalid dataset name.
func (db *DB) SetDatasetOperation(ctx context.Context, dataset, operation string) error {
	if err := checkDataset(dataset); err != nil {
		return err
	}
	if operation == "" {
		_, err := db.wdb.ExecContext(ctx, `DELETE FROM operation_dataset WHERE dataset = ?`, dataset)
		return formatError(ctx, err)
	}
	tx, err := db.wdb.BeginTx(ctx, nil)
	if err != nil {
		return formatError(ctx, err)
	}
	defer tx.Rollback()
	if err := operationExists(ctx, tx, operation); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO operation_dataset (dataset, operation) VALUES (?, ?)
		ON CONFLICT (dataset) DO UPDATE SET operation = excluded.operation`, dataset, operation); err != nil {
		return formatError(ctx, err)
	}
	return formatError(ctx, tx.Commit())
}

// member runs query (with the operation and user id) once both exist.
func (db *DB) member(ctx context.Context, operation string, userID int64, query string) error {
	tx, err := db.wdb.BeginTx(ctx, nil)
	if err != nil {
		return formatError(ctx, err)
	}
	defer tx.Rollback()
	if err := operationExists(ctx, tx, operation); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE id = ?`, userID).Scan(&n); err != nil {
		return formatError(ctx, err)
	} else if n == 0 {
		return tideline.Errorf(tideline.ENOTFOUND, "user %d not found", userID)
	}
	if _, err := tx.ExecContext(ctx, query, operation, userID); err != nil {
		return formatError(ctx, err)
	}
	return formatError(ctx, tx.Commit())
}

// AddMember implements tideline.AccessStore; adding a member again is not
// an error.
func (db *DB) AddMember(ctx context.Context, operation string, userID int64) error {
	return db.member(ctx, operation, userID, `INSERT INTO operation_member (operation, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING`)
}

// RemoveMember implements tideline.AccessStore; removing a user who is not
// a member is not an error.
func (db *DB) RemoveMember(ctx context.Context, operation string, userID int64) error {
	return db.member(ctx, operation, userID, `DELETE FROM operation_member WHERE operation = ? AND user_id = ?`)
}

// Owners implements tideline.AccessStore.
func (db *DB) Owners(ctx context.Context) (map[string]string, error) {
	rows, err := db.rdb.QueryContext(ctx, `SELECT dataset, agency FROM dataset_owner`)
	if err != nil {
		return nil, formatError(ctx, err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var d, a string
		if err := rows.Scan(&d, &a); err != nil {
			return nil, formatError(ctx, err)
		}
		out[d] = a
	}
	return out, formatError(ctx, rows.Err())
}

// SetOwner implements tideline.AccessStore. EINVALID for an invalid
// dataset name or agency code; clearing an unowned dataset is not an
// error.
func (db *DB) SetOwner(ctx context.Context, dataset, agency string) error {
	if err := checkDataset(dataset); err != nil {
		return err
	}
	if agency == "" {
		_, err := db.wdb.ExecContext(ctx, `DELETE FROM dataset_owner WHERE dataset = ?`, dataset)
		return formatError(ctx, err)
	}
	if err := tideline.ValidAgency(agency); err != nil {
		return err
	}
	_, err := db.wdb.ExecContext(ctx, `INSERT INTO dataset_owner (dataset, agency) VALUES (?, ?)
		ON CONFLICT (dataset) DO UPDATE SET agency = excluded.agency`, dataset, agency)
	return formatError(ctx, err)
}
