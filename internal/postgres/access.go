package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/tideline-oss/tideline"
)

var _ tideline.AccessStore = (*DB)(nil)

// Shares implements tideline.AccessStore: by dataset, then agency, then
// role (byte order; the empty agency of a role share first).
func (db *DB) Shares(ctx context.Context) ([]tideline.Share, error) {
	rows, err := db.pool.Query(ctx, `SELECT dataset, agency, role, shared_by, at FROM share ORDER BY dataset, agency, role`)
	if err != nil {
		return nil, formatError(ctx, err)
	}
	defer rows.Close()
	var out []tideline.Share
	for rows.Next() {
		var s tideline.Share
		var role string
		if err := rows.Scan(&s.Dataset, &s.Agency, &role, &s.By, &s.At); err != nil {
			return nil, formatError(ctx, err)
		}
		s.Role, s.At = tideline.Role(role), s.At.UTC()
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
	_, err := db.pool.Exec(ctx, `INSERT INTO share (dataset, agency, role, shared_by, at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT DO NOTHING`, s.Dataset, s.Agency, string(s.Role), s.By, orNow(s.At, db.now()))
	return formatError(ctx, err)
}

// RemoveShare implements tideline.AccessStore.
func (db *DB) RemoveShare(ctx context.Context, dataset, agency string, role tideline.Role) error {
	tag, err := db.pool.Exec(ctx, `DELETE FROM share WHERE dataset = $1 AND agency = $2 AND role = $3`, dataset, agency, string(role))
	if err != nil {
		return formatError(ctx, err)
	}
	if tag.RowsAffected() == 0 {
		if role != "" {
			return tideline.Errorf(tideline.ENOTFOUND, "dataset %s is not shared with role %s", dataset, role)
		}
		return tideline.Errorf(tideline.ENOTFOUND, "dataset %s is not shared with agency %s", dataset, agency)
	}
	return nil
}

// Operations implements tideline.AccessStore: by name, each with its
// datasets sorted by name and its members by user id, read in one
// statement. O(operations + datasets + members).
func (db *DB) Operations(ctx context.Context) ([]tideline.Operation, error) {
	rows, err := db.pool.Query(ctx, `SELECT o.name, o.title, o.agency, o.created_at,
			coalesce((SELECT array_agg(dataset ORDER BY dataset) FROM operation_dataset WHERE operation = o.name), '{}'),
			coalesce((SELECT array_agg(user_id ORDER BY user_id) FROM operation_member WHERE operation = o.name), '{}')
		FROM operation o ORDER BY o.name`)
	if err != nil {
		return nil, formatError(ctx, err)
	}
	defer rows.Close()
	var out []tideline.Operation
	for rows.Next() {
		var op tideline.Operation
		if err := rows.Scan(&op.Name, &op.Title, &op.Agency, &op.Created, &op.Datasets, &op.Members); err != nil {
			return nil, formatError(ctx, err)
		}
		op.Created = op.Created.UTC()
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
	_, err := db.pool.Exec(ctx, `INSERT INTO operation (name, title, agency, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (name) DO UPDATE SET title = excluded.title, agency = excluded.agency`,
		op.Name, op.Title, op.Agency, orNow(op.Created, db.now()))
	return formatError(ctx, err)
}

// lockOperation returns ENOTFOUND unless the operation exists, and holds
// it (key share) until tx ends, so it cannot be removed meanwhile.
func lockOperation(ctx context.Context, tx pgx.Tx, name string) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM operation WHERE name = $1 FOR KEY SHARE) o`, name).Scan(&n); err != nil {
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
		_, err := db.pool.Exec(ctx, `DELETE FROM operation_dataset WHERE dataset = $1`, dataset)
		return formatError(ctx, err)
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return formatError(ctx, err)
	}
	defer tx.Rollback(ctx)
	if err := lockOperation(ctx, tx, operation); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO operation_dataset (dataset, operation) VALUES ($1, $2)
		ON CONFLICT (dataset) DO UPDATE SET operation = excluded.operation`, dataset, operation); err != nil {
		return formatError(ctx, err)
	}
	return formatError(ctx, tx.Commit(ctx))
}

// member runs query (with the operation and user id) once both exist.
func (db *DB) member(ctx context.Context, operation string, userID int64, query string) error {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return formatError(ctx, err)
	}
	defer tx.Rollback(ctx)
	if err := lockOperation(ctx, tx, operation); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM users WHERE id = $1`, userID).Scan(&n); err != nil {
		return formatError(ctx, err)
	} else if n == 0 {
		return tideline.Errorf(tideline.ENOTFOUND, "user %d not found", userID)
	}
	if _, err := tx.Exec(ctx, query, operation, userID); err != nil {
		return formatError(ctx, err)
	}
	return formatError(ctx, tx.Commit(ctx))
}

// AddMember implements tideline.AccessStore; adding a member again is not
// an error.
func (db *DB) AddMember(ctx context.Context, operation string, userID int64) error {
	return db.member(ctx, operation, userID, `INSERT INTO operation_member (operation, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`)
}

// RemoveMember implements tideline.AccessStore; removing a user who is not
// a member is not an error.
func (db *DB) RemoveMember(ctx context.Context, operation string, userID int64) error {
	return db.member(ctx, operation, userID, `DELETE FROM operation_member WHERE operation = $1 AND user_id = $2`)
}

// Owners implements tideline.AccessStore.
func (db *DB) Owners(ctx context.Context) (map[string]string, error) {
	rows, err := db.pool.Query(ctx, `SELECT dataset, agency FROM dataset_owner`)
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
		_, err := db.pool.Exec(ctx, `DELETE FROM dataset_owner WHERE dataset = $1`, dataset)
		return formatError(ctx, err)
	}
	if err := tideline.ValidAgency(agency); err != nil {
		return err
	}
	_, err := db.pool.Exec(ctx, `INSERT INTO dataset_owner (dataset, agency) VALUES ($1, $2)
		ON CONFLICT (dataset) DO UPDATE SET agency = excluded.agency`, dataset, agency)
	return formatError(ctx, err)
}
