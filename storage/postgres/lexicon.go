package postgres

import (
	"context"

	"goldspan/annotate"
)

// Lexicon returns every entry of the learned lexicon with votes or
// rejections.
func (d *DB) Lexicon(ctx context.Context) ([]annotate.LexiconEntry, error) {
	var out []annotate.LexiconEntry
	err := d.read(ctx, func(tx *Tx) error {
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
// lexicon does, so that a cached copy knows when to reload: a counter in
// the project table, moved by every transaction that changes the lexicon
// (a checksum of the counts missed some changes: a label renamed, a vote
// moved between two surfaces of one length).
func (d *DB) LexiconVersion(ctx context.Context) (string, error) {
	var v string
	err := d.read(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT value FROM project WHERE key = 'lexicon_version'), '0')`).Scan(&v)
	})
	return v, err
}

// bumpLexiconVersion moves LexiconVersion, in the transaction that changes
// the lexicon.
func bumpLexiconVersion(ctx context.Context, tx *Tx) error {
	_, err := tx.ExecContext(ctx, bumpLexiconVersionSQL)
	return err
}

// bumpLexiconVersionSQL moves the counter behind LexiconVersion.
const bumpLexiconVersionSQL = `INSERT INTO project (key, value) VALUES ('lexicon_version', '1')
	ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(project.value AS BIGINT) + 1 AS TEXT)`
