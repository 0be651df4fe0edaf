package postgres

import (
	"context"
	"database/sql"
	"strings"

	"goldspan/annotate"
)

// PreviewLength is how many code points of a document the list shows.
const PreviewLength = 80

func preview(text string) string {
	var b strings.Builder
	n := 0
	for _, r := range text {
		if n == PreviewLength {
			b.WriteRune('…')
			break
		}
		if r == '\n' || r == '\r' || r == '\t' {
			r = ' '
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// Annotators implements annotate.Store.
func (d *DB) Annotators(ctx context.Context) ([]string, error) {
	var out []string
	err := d.read(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT name FROM annotators a
			WHERE EXISTS (SELECT 1 FROM statuses s WHERE s.annotator = a.id)
			   OR EXISTS (SELECT 1 FROM spans p WHERE p.annotator = a.id)
			ORDER BY name`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				return err
			}
			out = append(out, s)
		}
		return rows.Err()
	})
	return out, err
}

// docFilterSQL builds the FROM and WHERE clauses that select the seqs of
// the documents a filter matches for the annotator with id aid. The status
// of a document without a row for the annotator is todo. Each shape reads
// an index only, where it can: paging all documents, or all done ones,
// never touches the texts.
func docFilterSQL(f annotate.DocumentFilter, aid int64) (string, []any) {
	var args []any
	var from string
	switch f.Status {
	case "":
		from = `FROM documents d WHERE true`
	case annotate.StatusTodo:
		from = `FROM documents d WHERE d.seq NOT IN (SELECT st.doc FROM statuses st WHERE st.annotator = ? AND st.status <> 'todo')`
		args = append(args, aid)
	default:
		if f.Query == "" && !f.Assigned {
			// statuses_by_status covers this: no document row is read.
			return `FROM (SELECT st.doc AS seq FROM statuses st WHERE st.annotator = ? AND st.status = ?) d WHERE true`, []any{aid, string(f.Status)}
		}
		from = `FROM statuses st JOIN documents d ON d.seq = st.doc WHERE st.annotator = ? AND st.status = ?`
		args = append(args, aid, string(f.Status))
	}
	if f.Query != "" {
		from += ` AND (strpos(d.id, ?) > 0 OR strpos(d.text, ?) > 0)`
		args = append(args, f.Query, f.Query)
	}
	if f.Assigned {
		from += ` AND d.seq IN (SELECT g.doc FROM assignments g WHERE g.annotator = ?)`
		args = append(args, aid)
	}
	return from, args
}

// Documents implements annotate.Store. The page is found on the narrow
// join of documents and statuses first; previews and span counts are read
// for the page's rows only, so a page deep into 100,000 documents stays fast.
func (d *DB) Documents(ctx context.Context, f annotate.DocumentFilter) ([]annotate.DocumentSummary, error) {
	var limit any = f.Limit
	if f.Limit <= 0 {
		limit = nil // LIMIT NULL: no limit
	}
	var out []annotate.DocumentSummary
	err := d.read(ctx, func(tx *Tx) error {
		aid, err := annotatorID(ctx, tx, f.Annotator, false)
		if err != nil {
			return err
		}
		from, args := docFilterSQL(f, aid)
		args = append(args, limit, f.Offset, aid, aid, aid, aid)
		rows, err := tx.QueryContext(ctx, `WITH page AS (SELECT d.seq AS seq `+from+` ORDER BY d.seq LIMIT ? OFFSET ?)
			SELECT d.seq, d.id, d.preview, d.length,
				COALESCE((SELECT status FROM statuses st WHERE st.annotator = ? AND st.doc = d.seq), 'todo'),
				(SELECT COUNT(*) FROM spans p WHERE p.doc = d.seq AND p.annotator = ?),
				(SELECT COUNT(*) FROM suggestions g WHERE g.doc = d.seq),
				(SELECT COUNT(*) FROM suggestions g WHERE g.doc = d.seq
					AND NOT EXISTS (SELECT 1 FROM decisions x WHERE x.doc = g.doc AND x.annotator = ? AND x.start = g.start AND x."end" = g."end" AND x.label = g.label)
					AND NOT EXISTS (SELECT 1 FROM spans p WHERE p.doc = g.doc AND p.annotator = ? AND p.start = g.start AND p."end" = g."end" AND p.label = g.label))
			FROM page JOIN documents d ON d.seq = page.seq ORDER BY d.seq`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s annotate.DocumentSummary
			var st string
			if err := rows.Scan(&s.Seq, &s.ID, &s.Preview, &s.Length, &st, &s.Spans, &s.Suggestions, &s.Undecided); err != nil {
				return err
			}
			s.Status = annotate.Status(st)
			out = append(out, s)
		}
		return rows.Err()
	})
	return out, err
}

// CountDocuments implements annotate.Store.
func (d *DB) CountDocuments(ctx context.Context, f annotate.DocumentFilter) (int, error) {
	var n int
	err := d.read(ctx, func(tx *Tx) error {
		aid, err := annotatorID(ctx, tx, f.Annotator, false)
		if err != nil {
			return err
		}
		from, args := docFilterSQL(f, aid)
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) `+from, args...).Scan(&n)
	})
	return n, err
}

// Document implements annotate.Store.
func (d *DB) Document(ctx context.Context, id string) (annotate.Document, error) {
	var doc annotate.Document
	err := d.read(ctx, func(tx *Tx) error {
		var err error
		doc, err = document(ctx, tx, id)
		return err
	})
	return doc, err
}

func document(ctx context.Context, tx *Tx, id string) (annotate.Document, error) {
	var doc annotate.Document
	var meta string
	err := tx.QueryRowContext(ctx, `SELECT seq, id, text, meta FROM documents WHERE id = ?`, id).Scan(&doc.Seq, &doc.ID, &doc.Text, &meta)
	if err == sql.ErrNoRows {
		return doc, annotate.Errorf(annotate.ENOTFOUND, "no document %q", id)
	}
	doc.Meta = []byte(meta)
	return doc, err
}

// docRef returns a document's seq and length in code points.
func docRef(ctx context.Context, tx *Tx, id string) (seq int64, length int, err error) {
	err = tx.QueryRowContext(ctx, `SELECT seq, length FROM documents WHERE id = ?`, id).Scan(&seq, &length)
	if err == sql.ErrNoRows {
		return 0, 0, annotate.Errorf(annotate.ENOTFOUND, "no document %q", id)
	}
	return seq, length, err
}

// layerRef resolves a document and an annotator for reading. An
// annotator who never worked in the project has id 0, and so nothing.
func layerRef(ctx context.Context, tx *Tx, docID, annotator string) (seq, aid int64, err error) {
	if seq, _, err = docRef(ctx, tx, docID); err != nil {
		return 0, 0, err
	}
	aid, err = annotatorID(ctx, tx, annotator, false)
	return seq, aid, err
}

// annotatorID returns the id of the named annotator, creating the row if
// create is set; with create unset, a missing annotator gives id 0.
func annotatorID(ctx context.Context, tx *Tx, name string, create bool) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM annotators WHERE name = ?`, name).Scan(&id)
	if err == sql.ErrNoRows {
		if !create {
			return 0, nil
		}
		if err := annotate.ValidateAnnotator(name); err != nil {
			return 0, err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO annotators (name) VALUES (?) RETURNING id`, name).Scan(&id)
		return id, err
	}
	return id, err
}

// Spans implements annotate.Store.
func (d *DB) Spans(ctx context.Context, docID, annotator string) ([]annotate.Span, error) {
	var out []annotate.Span
	err := d.read(ctx, func(tx *Tx) error {
		var err error
		out, err = querySpans(ctx, tx, `WHERE d.id = ? AND a.name = ?`, docID, annotator)
		return err
	})
	return out, err
}

// AllSpans implements annotate.Store.
func (d *DB) AllSpans(ctx context.Context, docID string) ([]annotate.Span, error) {
	var out []annotate.Span
	err := d.read(ctx, func(tx *Tx) error {
		var err error
		out, err = querySpans(ctx, tx, `WHERE d.id = ?`, docID)
		return err
	})
	return out, err
}

func querySpans(ctx context.Context, tx *Tx, where string, args ...any) ([]annotate.Span, error) {
	rows, err := tx.QueryContext(ctx, `SELECT p.id, d.id, p.start, p."end", p.label, p.origin, a.name
		FROM spans p JOIN documents d ON d.seq = p.doc JOIN annotators a ON a.id = p.annotator `+where+`
		ORDER BY a.name, p.start, p."end", p.label`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []annotate.Span
	for rows.Next() {
		var s annotate.Span
		var origin string
		if err := rows.Scan(&s.ID, &s.DocID, &s.Start, &s.End, &s.Label, &origin, &s.Annotator); err != nil {
			return nil, err
		}
		s.Origin = annotate.Origin(origin)
		out = append(out, s)
	}
	return out, rows.Err()
}

// Suggestions implements annotate.Store.
func (d *DB) Suggestions(ctx context.Context, docID, annotator string) ([]annotate.Suggestion, error) {
	var out []annotate.Suggestion
	err := d.read(ctx, func(tx *Tx) error {
		seq, aid, err := layerRef(ctx, tx, docID, annotator)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT g.id, g.start, g."end", g.label, g.source, g.score FROM suggestions g
			WHERE g.doc = ?1
			  AND NOT EXISTS (SELECT 1 FROM decisions x WHERE x.doc = ?1 AND x.annotator = ?2 AND x.start = g.start AND x."end" = g."end" AND x.label = g.label)
			  AND NOT EXISTS (SELECT 1 FROM spans p WHERE p.doc = ?1 AND p.annotator = ?2 AND p.start = g.start AND p."end" = g."end" AND p.label = g.label)
			ORDER BY g.start, g."end", g.label`, seq, aid)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			s := annotate.Suggestion{DocID: docID}
			if err := rows.Scan(&s.ID, &s.Start, &s.End, &s.Label, &s.Source, &s.Score); err != nil {
				return err
			}
			out = append(out, s)
		}
		return rows.Err()
	})
	return out, err
}

// Status implements annotate.Store.
func (d *DB) Status(ctx context.Context, docID, annotator string) (annotate.Status, error) {
	var st annotate.Status
	err := d.read(ctx, func(tx *Tx) error {
		seq, aid, err := layerRef(ctx, tx, docID, annotator)
		if err != nil {
			return err
		}
		st, err = status(ctx, tx, seq, aid)
		return err
	})
	return st, err
}

func status(ctx context.Context, tx *Tx, seq, aid int64) (annotate.Status, error) {
	var s string
	err := tx.QueryRowContext(ctx, `SELECT status FROM statuses WHERE doc = ? AND annotator = ?`, seq, aid).Scan(&s)
	if err == sql.ErrNoRows {
		return annotate.StatusTodo, nil
	}
	return annotate.Status(s), err
}

func setStatus(ctx context.Context, tx *Tx, seq, aid int64, st annotate.Status, now string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO statuses (annotator, doc, status, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (annotator, doc) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`, aid, seq, string(st), now)
	return err
}
