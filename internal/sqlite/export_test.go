package sqlite

import "context"

// ExecWriter runs query on the writer connection, mapping errors as the
// store does.
func ExecWriter(db *DB, query string) error {
	ctx := context.Background()
	_, err := db.wdb.ExecContext(ctx, query)
	return formatError(ctx, err)
}

// Pragma returns the value of a pragma on the writer connection.
func Pragma(db *DB, name string) (string, error) {
	var v string
	err := db.wdb.QueryRow("PRAGMA " + name).Scan(&v)
	return v, err
}

// SetWALLimit sets the WAL size above which writes catch up with
// checkpointing, for DBs opened afterwards, and returns the old value.
func SetWALLimit(n int64) int64 {
	old := walLimit
	walLimit = n
	return old
}
