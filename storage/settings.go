package storage

import (
	"context"
	"database/sql"

	"goldspan/annotate"
)

var _ annotate.SettingStore = (*DB)(nil)

// settingPrefix keeps the project's settings apart from the store's own
// keys in the project table (lexicon_version).
const settingPrefix = "setting."

// Setting returns the value stored under key, "" if none is.
func (d *DB) Setting(ctx context.Context, key string) (string, error) {
	if err := annotate.ValidateSettingKey(key); err != nil {
		return "", err
	}
	var v string
	err := d.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT value FROM project WHERE key = ?), '')`, settingPrefix+key).Scan(&v)
	})
	return v, err
}

// SetSetting stores value under key in one transaction; "" removes it.
func (d *DB) SetSetting(ctx context.Context, key, value string) error {
	if err := annotate.ValidateSetting(key, value); err != nil {
		return err
	}
	return d.write(ctx, func(tx *sql.Tx) error {
		if value == "" {
			_, err := tx.ExecContext(ctx, `DELETE FROM project WHERE key = ?`, settingPrefix+key)
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO project (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, settingPrefix+key, value)
		return err
	})
}
