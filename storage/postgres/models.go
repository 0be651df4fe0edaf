package postgres

import (
	"context"
	"database/sql"

	"goldspan/annotate"
)

// SaveModel stores (or replaces) the models named by their Name, all in
// one transaction.
func (d *DB) SaveModel(ctx context.Context, ms ...annotate.Model) error {
	return d.write(ctx, func(tx *Tx) error {
		for _, m := range ms {
			if m.Data == nil {
				m.Data = []byte{} // an empty model, not a missing one
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO models (name, data, examples, f1, updated_at) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (name) DO UPDATE SET data = excluded.data, examples = excluded.examples, f1 = excluded.f1, updated_at = excluded.updated_at`,
				m.Name, m.Data, m.Examples, m.F1, d.now())
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// LoadModel returns the model named name, or ENOTFOUND.
func (d *DB) LoadModel(ctx context.Context, name string) (annotate.Model, error) {
	m := annotate.Model{Name: name}
	err := d.read(ctx, func(tx *Tx) error {
		var f1 sql.NullFloat64
		err := tx.QueryRowContext(ctx, `SELECT data, examples, f1 FROM models WHERE name = ?`, name).Scan(&m.Data, &m.Examples, &f1)
		if err == sql.ErrNoRows {
			return annotate.Errorf(annotate.ENOTFOUND, "the project has no %s model yet", name)
		}
		m.F1 = f1.Float64
		return err
	})
	return m, err
}
