package postgres

import (
	"context"

	"goldspan/annotate"
)

var _ annotate.AssignmentStore = (*DB)(nil)

// Assign implements annotate.AssignmentStore.
func (d *DB) Assign(ctx context.Context, as []annotate.Assignment, replace bool) error {
	return d.write(ctx, func(tx *Tx) error {
		if replace {
			if _, err := tx.ExecContext(ctx, `DELETE FROM assignments`); err != nil {
				return err
			}
		}
		ins, err := tx.PrepareContext(ctx, `INSERT INTO assignments (doc, annotator)
			SELECT seq, ? FROM documents WHERE id = ? ON CONFLICT DO NOTHING`)
		if err != nil {
			return err
		}
		defer ins.Close()
		ids := map[string]int64{}
		for _, a := range as {
			aid, ok := ids[a.Annotator]
			if !ok {
				if aid, err = annotatorID(ctx, tx, a.Annotator, true); err != nil {
					return err
				}
				ids[a.Annotator] = aid
			}
			res, err := ins.ExecContext(ctx, aid, a.DocID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				if _, _, err := docRef(ctx, tx, a.DocID); err != nil {
					return annotate.Errorf(annotate.ENOTFOUND, "assign %s to %s: no document %q", a.DocID, a.Annotator, a.DocID)
				}
			}
		}
		return nil
	})
}

// Assignments implements annotate.AssignmentStore.
func (d *DB) Assignments(ctx context.Context, annotator string) ([]annotate.Assignment, error) {
	var out []annotate.Assignment
	err := d.read(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT d.id, a.name FROM assignments g
			JOIN documents d ON d.seq = g.doc JOIN annotators a ON a.id = g.annotator
			WHERE ? = '' OR a.name = ? ORDER BY g.doc, a.name`, annotator, annotator)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a annotate.Assignment
			if err := rows.Scan(&a.DocID, &a.Annotator); err != nil {
				return err
			}
			out = append(out, a)
		}
		return rows.Err()
	})
	return out, err
}
