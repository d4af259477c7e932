package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

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

	tx, err := db.wdb.BeginTx(ctx, nil)
	if err != nil {
		return u, formatError(ctx, err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE login = ?`, u.Login).Scan(&n); err != nil {
		return u, formatError(ctx, err)
	} else if n > 0 {
		return u, tideline.Errorf(tideline.ECONFLICT, "user %s already exists", u.Login)
	}
	if err := tx.QueryRowContext(ctx, `INSERT INTO users (login, name, agency, disabled, must_change_password, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, u.Login, u.Name, u.Agency, u.Disabled, u.MustChangePassword, ms(u.CreatedAt)).Scan(&u.ID); err != nil {
		return u, formatError(ctx, err)
	}
	if err := insertRoles(ctx, tx, u.ID, u.Roles); err != nil {
		return u, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO credential (user_id, password_hash, failures, locked_until, changed_at) VALUES (?, ?, ?, ?, ?)`,
		u.ID, cred.PasswordHash, cred.Failures, msOrZero(cred.LockedUntil), ms(cred.ChangedAt)); err != nil {
		return u, formatError(ctx, err)
	}
	return u, formatError(ctx, tx.Commit())
}

// checkCredential reports EINVALID for a credential the store must not keep.
func checkCredential(c tideline.Credential) error {
	switch {
	case c.PasswordHash == "":
		return tideline.Errorf(tideline.EINVALID, "a password hash is required")
	case len(c.PasswordHash) > 512 || strings.ContainsFunc(c.PasswordHash, func(r rune) bool { return r <= ' ' || r > '~' }):
		return tideline.Errorf(tideline.EINVALID, "the password hash must be printable ASCII of at most 512 bytes")
	case c.Failures < 0:
		return tideline.Errorf(tideline.EINVALID, "the failure count cannot be negative")
	}
	return nil
}

func insertRoles(ctx context.Context, tx *sql.Tx, id int64, roles []tideline.Role) error {
	for _, r := range roles {
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_role (user_id, role) VALUES (?, ?)`, id, string(r)); err != nil {
			return formatError(ctx, err)
		}
	}
	return nil
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

// userCols selects a user with its roles (comma-separated) in one
// statement, so the two are read from one snapshot.
const userCols = `u.id, u.login, u.name, u.agency, u.disabled, u.must_change_password, u.created_at,
	coalesce((SELECT group_concat(role, ',') FROM user_role WHERE user_id = u.id), '')`

func scanUser(r rowScanner, extra ...any) (tideline.User, error) {
	var u tideline.User
	var created int64
	var roles string
	err := r.Scan(append([]any{&u.ID, &u.Login, &u.Name, &u.Agency, &u.Disabled, &u.MustChangePassword, &created, &roles}, extra...)...)
	u.CreatedAt = fromMS(created)
	u.Roles = parseRoles(roles)
	return u, err
}

func parseRoles(s string) []tideline.Role {
	if s == "" {
		return nil
	}
	var rs []tideline.Role
	for r := range strings.SplitSeq(s, ",") {
		rs = append(rs, tideline.Role(r))
	}
	return roleSet(rs)
}

// User implements tideline.UserStore.
func (db *DB) User(ctx context.Context, id int64) (tideline.User, error) {
	u, err := scanUser(db.rdb.QueryRowContext(ctx, `SELECT `+userCols+` FROM users u WHERE u.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, tideline.Errorf(tideline.ENOTFOUND, "user %d not found", id)
	}
	return u, formatError(ctx, err)
}

// UserByLogin implements tideline.UserStore. The login is matched exactly
// (logins are lower case).
func (db *DB) UserByLogin(ctx context.Context, login string) (tideline.User, tideline.Credential, error) {
	var c tideline.Credential
	var locked, changed int64
	u, err := scanUser(db.rdb.QueryRowContext(ctx, `SELECT `+userCols+`, c.password_hash, c.failures, c.locked_until, c.changed_at
		FROM users u JOIN credential c ON c.user_id = u.id WHERE u.login = ?`, login),
		&c.PasswordHash, &c.Failures, &locked, &changed)
	if errors.Is(err, sql.ErrNoRows) {
		return u, c, tideline.Errorf(tideline.ENOTFOUND, "user %s not found", login)
	}
	c.UserID, c.LockedUntil, c.ChangedAt = u.ID, fromMSOrZero(locked), fromMS(changed)
	return u, c, formatError(ctx, err)
}

// Users implements tideline.UserStore. O(users + roles).
func (db *DB) Users(ctx context.Context) ([]tideline.User, error) {
	rows, err := db.rdb.QueryContext(ctx, `SELECT `+userCols+` FROM users u ORDER BY u.login`)
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

// UpdateUser implements tideline.UserStore: the user is read, changed,
// validated and written back in one transaction; roles given replace the
// set.
func (db *DB) UpdateUser(ctx context.Context, id int64, upd tideline.UserUpdate) (tideline.User, error) {
	tx, err := db.wdb.BeginTx(ctx, nil)
	if err != nil {
		return tideline.User{}, formatError(ctx, err)
	}
	defer tx.Rollback()
	u, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userCols+` FROM users u WHERE u.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, tideline.Errorf(tideline.ENOTFOUND, "user %d not found", id)
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
	if _, err := tx.ExecContext(ctx, `UPDATE users SET name = ?, agency = ?, disabled = ? WHERE id = ?`, u.Name, u.Agency, u.Disabled, id); err != nil {
		return u, formatError(ctx, err)
	}
	if upd.Roles != nil {
		if _, err := tx.ExecContext(ctx, `DELETE FROM user_role WHERE user_id = ?`, id); err != nil {
			return u, formatError(ctx, err)
		}
		if err := insertRoles(ctx, tx, id, u.Roles); err != nil {
			return u, err
		}
	}
	return u, formatError(ctx, tx.Commit())
}

// SetCredential implements tideline.UserStore. ChangedAt is set to now
// when zero. ENOTFOUND for an unknown user; EINVALID for a credential
// without a password hash or with negative failures.
func (db *DB) SetCredential(ctx context.Context, cred tideline.Credential, mustChange bool) error {
	if err := checkCredential(cred); err != nil {
		return err
	}
	cred.ChangedAt = orNow(cred.ChangedAt, db.now())
	tx, err := db.wdb.BeginTx(ctx, nil)
	if err != nil {
		return formatError(ctx, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE users SET must_change_password = ? WHERE id = ?`, mustChange, cred.UserID)
	if err != nil {
		return formatError(ctx, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return formatError(ctx, err)
	} else if n == 0 {
		return tideline.Errorf(tideline.ENOTFOUND, "user %d not found", cred.UserID)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO credential (user_id, password_hash, failures, locked_until, changed_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET password_hash = excluded.password_hash, failures = excluded.failures,
			locked_until = excluded.locked_until, changed_at = excluded.changed_at`,
		cred.UserID, cred.PasswordHash, cred.Failures, msOrZero(cred.LockedUntil), ms(cred.ChangedAt)); err != nil {
		return formatError(ctx, err)
	}
	return formatError(ctx, tx.Commit())
}

// checkSession reports EINVALID for a session the store must not keep:
// the token hash must be 64 lower-case hex digits (a SHA-256), the kind
// "browser" or "api", the name and CSRF token short, the expiry set.
func checkSession(s tideline.Session) error {
	if len(s.TokenHash) != 64 || strings.Trim(s.TokenHash, "0123456789abcdef") != "" {
		return tideline.Errorf(tideline.EINVALID, "session: the token hash must be the hex SHA-256 of the token (64 lower-case hex digits)")
	}
	if s.Kind != "browser" && s.Kind != "api" {
		return tideline.Errorf(tideline.EINVALID, "session: kind %q: use browser or api", s.Kind)
	}
	if !validText(s.Name, 200) {
		return tideline.Errorf(tideline.EINVALID, "session: the name must be valid UTF-8 of at most 200 bytes without NUL")
	}
	if !validText(s.CSRF, 256) {
		return tideline.Errorf(tideline.EINVALID, "session: the CSRF token must be at most 256 bytes")
	}
	if s.ExpiresAt.IsZero() {
		return tideline.Errorf(tideline.EINVALID, "session: an expiry time is required")
	}
	return nil
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
	tx, err := db.wdb.BeginTx(ctx, nil)
	if err != nil {
		return formatError(ctx, err)
	}
	defer tx.Rollback()
	var users, sessions int
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM users WHERE id = ?), (SELECT count(*) FROM session WHERE token_hash = ?)`,
		s.UserID, s.TokenHash).Scan(&users, &sessions); err != nil {
		return formatError(ctx, err)
	}
	if users == 0 {
		return tideline.Errorf(tideline.ENOTFOUND, "user %d not found", s.UserID)
	}
	if sessions > 0 {
		return tideline.Errorf(tideline.ECONFLICT, "a session with this token exists")
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO session (token_hash, user_id, kind, name, created_at, expires_at, last_seen, csrf)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, s.TokenHash, s.UserID, s.Kind, s.Name, ms(s.CreatedAt), ms(s.ExpiresAt), ms(s.LastSeen), s.CSRF); err != nil {
		return formatError(ctx, err)
	}
	return formatError(ctx, tx.Commit())
}

// Session implements tideline.UserStore.
func (db *DB) Session(ctx context.Context, tokenHash string) (tideline.Session, error) {
	s := tideline.Session{TokenHash: tokenHash}
	var created, expires, seen int64
	err := db.rdb.QueryRowContext(ctx, `SELECT user_id, kind, name, created_at, expires_at, last_seen, csrf FROM session WHERE token_hash = ?`,
		tokenHash).Scan(&s.UserID, &s.Kind, &s.Name, &created, &expires, &seen, &s.CSRF)
	if errors.Is(err, sql.ErrNoRows) {
		return tideline.Session{}, tideline.Errorf(tideline.ENOTFOUND, "no such session")
	}
	s.CreatedAt, s.ExpiresAt, s.LastSeen = fromMS(created), fromMS(expires), fromMS(seen)
	return s, formatError(ctx, err)
}

// TouchSession implements tideline.UserStore. ENOTFOUND when there is no
// session with the token hash.
func (db *DB) TouchSession(ctx context.Context, tokenHash string, at time.Time) error {
	res, err := db.wdb.ExecContext(ctx, `UPDATE session SET last_seen = ? WHERE token_hash = ?`, ms(at), tokenHash)
	if err != nil {
		return formatError(ctx, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return formatError(ctx, err)
	} else if n == 0 {
		return tideline.Errorf(tideline.ENOTFOUND, "no such session")
	}
	return nil
}

// DeleteSession implements tideline.UserStore.
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := db.wdb.ExecContext(ctx, `DELETE FROM session WHERE token_hash = ?`, tokenHash)
	return formatError(ctx, err)
}

// DeleteSessions implements tideline.UserStore; a user without sessions
// (or an unknown one) is not an error.
func (db *DB) DeleteSessions(ctx context.Context, userID int64) error {
	_, err := db.wdb.ExecContext(ctx, `DELETE FROM session WHERE user_id = ?`, userID)
	return formatError(ctx, err)
}
