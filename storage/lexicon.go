package storage

import (
	"context"
	"database/sql"
	"fmt"

	"goldspan/annotate"
)

// Lexicon returns every entry of the learned lexicon with votes or
// rejections.
func (d *DB) Lexicon(ctx context.Context) ([]annotate.LexiconEntry, error) {
	var out []annotate.LexiconEntry
	err := d.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT surface, label, votes, rejections FROM lexicon WHERE votes > 0 OR rejections > 0 ORDER BY surface, label`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e annotate.LexiconEntry
			if err := rows.Scan(&e.Surface, &e.Label, &e.Votes, &e.Rejections); err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}

// LexiconVersion returns a value that changes whenever the learned
// lexicon does, so that a cached copy knows when to reload.
func (d *DB) LexiconVersion(ctx context.Context) (string, error) {
	var n int
	var votes, rejections float64
	err := d.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*), TOTAL(votes * (1 + length(surface) + unicode(label))), TOTAL(rejections * (1 + length(surface) + unicode(label))) FROM lexicon`).Scan(&n, &votes, &rejections)
	})
	return fmt.Sprintf("%d/%g/%g", n, votes, rejections), err
}
