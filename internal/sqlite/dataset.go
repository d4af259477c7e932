package sqlite

import (
	"context"
	"database/sql"

	"github.com/tideline-oss/tideline"
)

// PutDataset records d's metadata, replacing what was stored under its name.
// EINVALID when d.Validate fails.
func (db *DB) PutDataset(ctx context.Context, d tideline.Dataset) error {
	if err := d.Validate(); err != nil {
		return err
	}
	_, err := db.wdb.ExecContext(ctx, `INSERT INTO dataset (name, title, agency, grading, handling, conditions)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET title = excluded.title, agency = excluded.agency,
			grading = excluded.grading, handling = excluded.handling, conditions = excluded.conditions`,
		d.Name, d.Title, d.Agency, d.Grading.Code(), d.Grading.HandlingCode(), d.Grading.Conditions)
	return formatError(ctx, err)
}

// Datasets lists every dataset that has metadata or statements, by name,
// with the number of its statements and distinct entities and the span of
// their seen dates (zero when it has no statements). O(N): it scans the
// statement table once.
func (db *DB) Datasets(ctx context.Context) ([]tideline.DatasetStats, error) {
	rows, err := db.rdb.QueryContext(ctx, `
		WITH stats AS (
			SELECT dataset, count(*) AS n, count(DISTINCT canonical_id) AS e,
				min(first_seen) AS f, max(last_seen) AS l
			FROM statement GROUP BY dataset
		), names AS (
			SELECT name FROM dataset UNION SELECT dataset FROM stats
		)
		SELECT names.name, coalesce(d.title, ''), coalesce(d.agency, ''), coalesce(d.grading, ''),
			coalesce(d.handling, ''), coalesce(d.conditions, ''),
			coalesce(s.n, 0), coalesce(s.e, 0), s.f, s.l
		FROM names
		LEFT JOIN dataset d ON d.name = names.name
		LEFT JOIN stats s ON s.dataset = names.name
		ORDER BY names.name`)
	if err != nil {
		return nil, formatError(ctx, err)
	}
	defer rows.Close()
	var out []tideline.DatasetStats
	for rows.Next() {
		var d tideline.DatasetStats
		var grading, handling string
		var first, last sql.NullInt64
		if err := rows.Scan(&d.Name, &d.Title, &d.Agency, &grading, &handling, &d.Grading.Conditions,
			&d.Statements, &d.Entities, &first, &last); err != nil {
			return nil, formatError(ctx, err)
		}
		if len(grading) == 2 {
			d.Grading.Source, d.Grading.Intelligence = grading[0], grading[1]
		}
		d.Grading.Handling = firstByte(handling)
		if first.Valid {
			d.FirstSeen = fromMS(first.Int64)
		}
		if last.Valid {
			d.LastSeen = fromMS(last.Int64)
		}
		out = append(out, d)
	}
	return out, formatError(ctx, rows.Err())
}
