package postgres

import "context"

// ExecRaw runs query on one of the store's connections, mapping errors as
// the store does: the tests reach the tables behind the store's back.
func ExecRaw(db *DB, query string) error {
	ctx := context.Background()
	_, err := db.pool.Exec(ctx, query)
	return formatError(ctx, err)
}
