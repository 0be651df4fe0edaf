package postgres

import (
	"context"
	"database/sql"

	"goldspan/annotate"
)

// Labels implements annotate.Store.
func (d *DB) Labels(ctx context.Context) ([]annotate.Label, error) {
	var out []annotate.Label
	err := d.read(ctx, func(tx *Tx) error {
		var err error
		out, err = labels(ctx, tx)
		return err
	})
	return out, err
}

func labels(ctx context.Context, tx *Tx) ([]annotate.Label, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name, color, hotkey FROM labels ORDER BY seq`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []annotate.Label
	for rows.Next() {
		var l annotate.Label
		if err := rows.Scan(&l.Name, &l.Color, &l.Hotkey); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

func labelSet(ctx context.Context, tx *Tx) (map[string]bool, error) {
	ls, err := labels(ctx, tx)
	if err != nil {
		return nil, err
	}
	set := make(map[string]bool, len(ls))
	for _, l := range ls {
		set[l.Name] = true
	}
	return set, nil
}

// PutLabel implements annotate.Store.
func (d *DB) PutLabel(ctx context.Context, l annotate.Label) error {
	if err := l.Validate(); err != nil {
		return err
	}
	return d.write(ctx, func(tx *Tx) error {
		if l.Hotkey != "" {
			var other string
			err := tx.QueryRowContext(ctx, `SELECT name FROM labels WHERE hotkey = ? AND name <> ?`, l.Hotkey, l.Name).Scan(&other)
			if err == nil {
				return annotate.Errorf(annotate.ECONFLICT, "hotkey %s already belongs to label %s", l.Hotkey, other)
			} else if err != sql.ErrNoRows {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO labels (name, color, hotkey) VALUES (?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET color = excluded.color, hotkey = excluded.hotkey`, l.Name, l.Color, l.Hotkey)
		return err
	})
}

// RenameLabel implements annotate.Store. Spans, suggestions and decisions
// follow through ON UPDATE CASCADE.
func (d *DB) RenameLabel(ctx context.Context, old, new string) error {
	probe := annotate.Label{Name: new, Color: "#000000"}
	if err := probe.Validate(); err != nil {
		return err
	}
	return d.write(ctx, func(tx *Tx) error {
		set, err := labelSet(ctx, tx)
		if err != nil {
			return err
		} else if !set[old] {
			return annotate.Errorf(annotate.ENOTFOUND, "no label %q", old)
		} else if set[new] {
			return annotate.Errorf(annotate.ECONFLICT, "label %q already exists", new)
		}
		if _, err = tx.ExecContext(ctx, `UPDATE labels SET name = ? WHERE name = ?`, new, old); err != nil {
			return err
		}
		// The action log names labels too: renamed with the rest, an undo
		// across the rename restores what it should.
		for _, col := range []string{"before", "after", "suggestion"} {
			if _, err := tx.ExecContext(ctx, `UPDATE actions SET `+col+` = jsonb_set(`+col+`::jsonb, '{label}', to_jsonb(?1::text))::text
				WHERE `+col+` IS NOT NULL AND `+col+`::jsonb->>'label' = ?2`, new, old); err != nil {
				return err
			}
		}
		return bumpLexiconVersion(ctx, tx)
	})
}
