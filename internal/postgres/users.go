package postgres

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tideline-oss/tideline"
)

var _ tideline.UserStore = (*DB)(nil)

// CreateUser implements tideline.UserStore. Roles are stored as a set and
// come back in the order of tideline.Roles; CreatedAt and the credential's
// ChangedAt are set to now when zero (UTC, milliseconds). The credential's
// UserID is ignored. EINVALID as User.Validate, or for a credential
// without a password hash or with negative failures; ECONFLICT when the
// login exists.
func (db *DB) CreateUser(ctx context.Context, u tideline.User, cred tideline.Credential) (tideline.User, error) {
	if err := u.Validate(); err != nil {
		return u, err
	}
	if err := checkCredential(cred); err != nil {
		return u, tideline.Errorf(tideline.EINVALID, "user %s: %s", u.Login, tideline.ErrorMessage(err))
	}
	now := db.now()
	u.Roles = roleSet(u.Roles)
	u.CreatedAt = orNow(u.CreatedAt, now)
	cred.ChangedAt = orNow(cred.ChangedAt, now)

	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return u, formatError(ctx, err)
	}
	defer tx.Rollback(ctx)
	// ON CONFLICT DO NOTHING: a login taken, even by a transaction running
	// at the same time, returns no row instead of an error.
	err = tx.QueryRow(ctx, `INSERT INTO users (login, name, agency, disabled, must_change_password, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (login) DO NOTHING RETURNING id`,
		u.Login, u.Name, u.Agency, u.Disabled, u.MustChangePassword, u.CreatedAt).Scan(&u.ID)
	if errors.Is(err, pgx.ErrNoRows) {
		return u, tideline.Errorf(tideline.ECONFLICT, "user %s already exists", u.Login)
	} else if err != nil {
		return u, formatError(ctx, err)
	}
	if err := insertRoles(ctx, tx, u.ID, u.Roles); err != nil {
		return u, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO credential (user_id, password_hash, failures, locked_until, changed_at) VALUES ($1, $2, $3, $4, $5)`,
		u.ID, cred.PasswordHash, cred.Failures, nullTime(cred.LockedUntil), cred.ChangedAt); err != nil {
		return u, formatError(ctx, err)
	}
	return u, formatError(ctx, tx.Commit(ctx))
}

func insertRoles(ctx context.Context, tx pgx.Tx, id int64, roles []tideline.Role) error {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	_, err := tx.Exec(ctx, `INSERT INTO user_role (user_id, role) SELECT $1, unnest($2::text[])`, id, names)
	return formatError(ctx, err)
}

// roleSet returns roles without duplicates, in the order of tideline.Roles;
// roles this version does not know (from a newer one) follow, sorted.
func roleSet(roles []tideline.Role) []tideline.Role {
	out := make([]tideline.Role, 0, len(roles))
	for _, r := range tideline.Roles {
		if slices.Contains(roles, r) {
			out = append(out, r)
		}
	}
	var extra []tideline.Role
	for _, r := range roles {
		if !r.Valid() && !slices.Contains(extra, r) {
			extra = append(extra, r)
		}
	}
	slices.Sort(extra)
	return append(out, extra...)
}

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = msTime(t)
	return &t
}

// userCols selects a user with its roles in one statement, so the two are
// read from one snapshot.
const userCols = `u.id, u.login, u.name, u.agency, u.disabled, u.must_change_password, u.created_at,
	coalesce((SELECT array_agg(role) FROM user_role WHERE user_id = u.id), '{}')`

func scanUser(r pgx.Row, extra ...any) (tideline.User, error) {
	var u tideline.User
	var roles []string
	err := r.Scan(append([]any{&u.ID, &u.Login, &u.Name, &u.Agency, &u.Disabled, &u.MustChangePassword, &u.CreatedAt, &roles}, extra...)...)
	u.CreatedAt = u.CreatedAt.UTC()
	for _, r := range roles {
		u.Roles = append(u.Roles, tideline.Role(r))
	}
	u.Roles = roleSet(u.Roles)
	if len(u.Roles) == 0 {
		u.Roles = nil
	}
	return u, err
}

// User implements tideline.UserStore.
func (db *DB) User(ctx context.Context, id int64) (tideline.User, error) {
	u, err := scanUser(db.pool.QueryRow(ctx, `SELECT `+userCols+` FROM users u WHERE u.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return tideline.User{}, tideline.Errorf(tideline.ENOTFOUND, "user %d not found", id)
	}
	return u, formatError(ctx, err)
}

// UserByLogin implements tideline.UserStore. The login is matched exactly
// (logins are lower case).
func (db *DB) UserByLogin(ctx context.Context, login string) (tideline.User, tideline.Credential, error) {
	var c tideline.Credential
	var locked *time.Time
	u, err := scanUser(db.pool.QueryRow(ctx, `SELECT `+userCols+`, c.password_hash, c.failures, c.locked_until, c.changed_at
		FROM users u JOIN credential c ON c.user_id = u.id WHERE u.login = $1`, login),
		&c.PasswordHash, &c.Failures, &locked, &c.ChangedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return tideline.User{}, c, tideline.Errorf(tideline.ENOTFOUND, "user %s not found", login)
	}
	c.UserID, c.ChangedAt = u.ID, c.ChangedAt.UTC()
	if locked != nil {
		c.LockedUntil = locked.UTC()
	}
	return u, c, formatError(ctx, err)
}

// Users implements tideline.UserStore. O(users + roles).
func (db *DB) Users(ctx context.Context) ([]tideline.User, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+userCols+` FROM users u ORDER BY u.login`)
	if err != nil {
		return nil, formatError(ctx, err)
	}
	defer rows.Close()
	var out []tideline.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, formatError(ctx, err)
		}
		out = append(out, u)
	}
	return out, formatError(ctx, rows.Err())
}

// UpdateUser implements tideline.UserStore: the user is read (locked),
// changed, validated and written back in one transaction; roles given
// replace the set.
func (db *DB) UpdateUser(ctx context.Context, id int64, upd tideline.UserUpdate) (tideline.User, error) {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return tideline.User{}, formatError(ctx, err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, id); err != nil {
		return tideline.User{}, formatError(ctx, err)
	}
	u, err := scanUser(tx.QueryRow(ctx, `SELECT `+userCols+` FROM users u WHERE u.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return tideline.User{}, tideline.Errorf(tideline.ENOTFOUND, "user %d not found", id)
	} else if err != nil {
		return u, formatError(ctx, err)
	}
	if upd.Name != nil {
		u.Name = *upd.Name
	}
	if upd.Agency != nil {
		u.Agency = *upd.Agency
	}
	if upd.Roles != nil {
		u.Roles = *upd.Roles
	}
	if upd.Disabled != nil {
		u.Disabled = *upd.Disabled
	}
	if err := u.Validate(); err != nil {
		return u, err
	}
	u.Roles = roleSet(u.Roles)
	if _, err := tx.Exec(ctx, `UPDATE users SET name = $1, agency = $2, disabled = $3 WHERE id = $4`, u.Name, u.Agency, u.Disabled, id); err != nil {
		return u, formatError(ctx, err)
	}
	if upd.Roles != nil {
		if _, err := tx.Exec(ctx, `DELETE FROM user_role WHERE user_id = $1`, id); err != nil {
			return u, formatError(ctx, err)
		}
		if err := insertRoles(ctx, tx, id, u.Roles); err != nil {
			return u, err
		}
	}
	return u, formatError(ctx, tx.Commit(ctx))
}

// SetCredential implements tideline.UserStore. ChangedAt is set to now
// when zero. ENOTFOUND for an unknown user; EINVALID for a credential
// without a password hash or with negative failures.
func (db *DB) SetCredential(ctx context.Context, cred tideline.Credential, mustChange bool) error {
	if err := checkCredential(cred); err != nil {
		return err
	}
	cred.ChangedAt = orNow(cred.ChangedAt, db.now())
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return formatError(ctx, err)
	}
	defer tx.Rollback(ctx)
	tag, err := tx.Exec(ctx, `UPDATE users SET must_change_password = $1 WHERE id = $2`, mustChange, cred.UserID)
	if err != nil {
		return formatError(ctx, err)
	}
	if tag.RowsAffected() == 0 {
		return tideline.Errorf(tideline.ENOTFOUND, "user %d not found", cred.UserID)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO credential (user_id, password_hash, failures, locked_until, changed_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (user_id) DO UPDATE SET password_hash = excluded.password_hash, failures = excluded.failures,
			locked_until = excluded.locked_until, changed_at = excluded.changed_at`,
		cred.UserID, cred.PasswordHash, cred.Failures, nullTime(cred.LockedUntil), cred.ChangedAt); err != nil {
		return formatError(ctx, err)
	}
	return formatError(ctx, tx.Commit(ctx))
}

// CreateSession implements tideline.UserStore. CreatedAt is set to now
// when zero, LastSeen to CreatedAt. EINVALID for a malformed token hash,
// an unknown kind or no expiry; ENOTFOUND for an unknown user; ECONFLICT
// when the token hash exists.
func (db *DB) CreateSession(ctx context.Context, s tideline.Session) error {
	if err := checkSession(s); err != nil {
		return err
	}
	s.CreatedAt = orNow(s.CreatedAt, db.now())
	s.LastSeen = orNow(s.LastSeen, s.CreatedAt)
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return formatError(ctx, err)
	}
	defer tx.Rollback(ctx)
	var users int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM users WHERE id = $1`, s.UserID).Scan(&users); err != nil {
		return formatError(ctx, err)
	} else if users == 0 {
		return tideline.Errorf(tideline.ENOTFOUND, "user %d not found", s.UserID)
	}
	tag, err := tx.Exec(ctx, `INSERT INTO session (token_hash, user_id, kind, name, created_at, expires_at, last_seen, csrf)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (token_hash) DO NOTHING`,
		s.TokenHash, s.UserID, s.Kind, s.Name, msTime(s.CreatedAt), msTime(s.ExpiresAt), msTime(s.LastSeen), s.CSRF)
	if err != nil {
		return formatError(ctx, err)
	}
	if tag.RowsAffected() == 0 {
		return tideline.Errorf(tideline.ECONFLICT, "a session with this token exists")
	}
	return formatError(ctx, tx.Commit(ctx))
}

// Session implements tideline.UserStore.
func (db *DB) Session(ctx context.Context, tokenHash string) (tideline.Session, error) {
	s := tideline.Session{TokenHash: tokenHash}
	err := db.pool.QueryRow(ctx, `SELECT user_id, kind, name, created_at, expires_at, last_seen, csrf FROM session WHERE token_hash = $1`,
		tokenHash).Scan(&s.UserID, &s.Kind, &s.Name, &s.CreatedAt, &s.ExpiresAt, &s.LastSeen, &s.CSRF)
	if errors.Is(err, pgx.ErrNoRows) {
		return tideline.Session{}, tideline.Errorf(tideline.ENOTFOUND, "no such session")
	}
	s.CreatedAt, s.ExpiresAt, s.LastSeen = s.CreatedAt.UTC(), s.ExpiresAt.UTC(), s.LastSeen.UTC()
	return s, formatError(ctx, err)
}

// TouchSession implements tideline.UserStore. ENOTFOUND when there is no
// session with the token hash.
func (db *DB) TouchSession(ctx context.Context, tokenHash string, at time.Time) error {
	tag, err := db.pool.Exec(ctx, `UPDATE session SET last_seen = $1 WHERE token_hash = $2`, msTime(at), tokenHash)
	if err != nil {
		return formatError(ctx, err)
	}
	if tag.RowsAffected() == 0 {
		return tideline.Errorf(tideline.ENOTFOUND, "no such session")
	}
	return nil
}

// DeleteSession implements tideline.UserStore.
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := db.pool.Exec(ctx, `DELETE FROM session WHERE token_hash = $1`, tokenHash)
	return formatError(ctx, err)
}

// DeleteSessions implements tideline.UserStore; a user without sessions
// (or an unknown one) is not an error.
func (db *DB) DeleteSessions(ctx context.Context, userID int64) error {
	_, err := db.pool.Exec(ctx, `DELETE FROM session WHERE user_id = $1`, userID)
	return formatError(ctx, err)
}
