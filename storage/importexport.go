package storage

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"

	"goldspan/annotate"
)

// importer is one all-or-nothing import: a single write transaction held
// from BeginImport to Commit.
type importer struct {
	d      *DB
	tx     *sql.Tx
	labels map[string]bool
	res    annotate.ImportResult
	now    string
	done   bool
}

// BeginImport implements annotate.Store.
func (d *DB) BeginImport(ctx context.Context) (annotate.Importer, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, d.wrap(err, "begin import")
	}
	set, err := labelSet(ctx, tx)
	if err != nil {
		tx.Rollback()
		return nil, d.wrap(err, "begin import")
	}
	return &importer{d: d, tx: tx, labels: set, now: d.now()}, nil
}

// Add implements annotate.Importer.
func (im *importer) Add(ctx context.Context, r annotate.Record) error {
	if im.done {
		return annotate.Errorf(annotate.EINTERNAL, "import already finished")
	}
	return im.d.wrap(im.add(ctx, r), "")
}

func (im *importer) add(ctx context.Context, r annotate.Record) error {
	tx := im.tx
	doc := r.Doc
	if err := doc.Validate(); err != nil {
		return err
	}
	if len(doc.Meta) == 0 {
		doc.Meta = []byte("{}")
	}
	var seq int64
	var length int
	var text string
	err := tx.QueryRowContext(ctx, `SELECT seq, length, text FROM documents WHERE id = ?`, doc.ID).Scan(&seq, &length, &text)
	switch {
	case err == sql.ErrNoRows:
		length = annotate.RuneLen(doc.Text)
		res, err := tx.ExecContext(ctx, `INSERT INTO documents (id, text, length, preview, meta) VALUES (?, ?, ?, ?, ?)`,
			doc.ID, doc.Text, length, preview(doc.Text), string(doc.Meta))
		if err != nil {
			return err
		}
		if seq, err = res.LastInsertId(); err != nil {
			return err
		}
		im.res.NewDocs++
	case err != nil:
		return err
	case text != doc.Text:
		return annotate.Errorf(annotate.ECONFLICT, "document %q is already in the project with a different text", doc.ID)
	}
	im.res.Documents++

	if r.Annotator != "" {
		aid, err := annotatorID(ctx, tx, r.Annotator, true)
		if err != nil {
			return err
		}
		e := editCtx{seq: seq, length: length, aid: aid, docID: doc.ID, annot: r.Annotator}
		if r.HasSpans {
			if err := im.replaceSpans(ctx, e, r.Spans); err != nil {
				return err
			}
		}
		if r.Status != "" {
			if err := setStatus(ctx, tx, seq, aid, r.Status, im.now); err != nil {
				return err
			}
		}
	}
	if r.Suggestions != nil {
		n, err := replaceSuggestions(ctx, tx, seq, length, im.labels, r.Suggestions)
		if err != nil {
			return err
		}
		im.res.Suggestions += n
	}
	return nil
}

// replaceSpans makes spans the annotator's whole layer on the document. The
// log of earlier actions there is sealed: undo cannot reach across an import.
func (im *importer) replaceSpans(ctx context.Context, e editCtx, spans []annotate.Span) error {
	tx := im.tx
	seen := make(map[[3]any]bool, len(spans))
	for i := range spans {
		s := spans[i]
		s.Annotator = e.annot
		if err := s.Validate(e.length, im.labels); err != nil {
			return fmt.Errorf("span %d: %w", i+1, err)
		}
		k := [3]any{s.Start, s.End, s.Label}
		if seen[k] {
			return annotate.Errorf(annotate.ECONFLICT, "span %d: %s at [%d,%d) appears twice", i+1, s.Label, s.Start, s.End)
		}
		seen[k] = true
	}
	old, err := tx.QueryContext(ctx, `SELECT id, start, end, label, origin FROM spans WHERE doc = ? AND annotator = ?`, e.seq, e.aid)
	if err != nil {
		return err
	}
	var rows []spanRow
	for old.Next() {
		var r spanRow
		if err := old.Scan(&r.ID, &r.Start, &r.End, &r.Label, &r.Origin); err != nil {
			old.Close()
			return err
		}
		rows = append(rows, r)
	}
	old.Close()
	for _, r := range rows {
		r := r
		if _, err := putSpan(ctx, tx, &e, &r, nil); err != nil {
			return err
		}
	}
	for _, s := range spans {
		origin := s.Origin
		if origin == "" {
			origin = annotate.OriginManual
		}
		to := spanRow{Start: s.Start, End: s.End, Label: s.Label, Origin: string(origin)}
		if _, err := tx.ExecContext(ctx, `INSERT INTO spans (doc, annotator, start, end, label, origin) VALUES (?, ?, ?, ?, ?, ?)`,
			e.seq, e.aid, to.Start, to.End, to.Label, to.Origin); err != nil {
			return err
		}
		if err := vote(ctx, tx, &e, nil, &to, nil, nil); err != nil {
			return err
		}
		im.res.Spans++
	}
	_, err = tx.ExecContext(ctx, `UPDATE actions SET state = ? WHERE doc = ? AND annotator = ? AND state <> ?`, stateSealed, e.seq, e.aid, stateSealed)
	return err
}

// Commit implements annotate.Importer.
func (im *importer) Commit() (annotate.ImportResult, error) {
	if im.done {
		return im.res, annotate.Errorf(annotate.EINTERNAL, "import already finished")
	}
	im.done = true
	if err := im.tx.Commit(); err != nil {
		return annotate.ImportResult{}, im.d.wrap(err, "commit import")
	}
	return im.res, nil
}

// Rollback implements annotate.Importer.
func (im *importer) Rollback() error {
	if im.done {
		return nil
	}
	im.done = true
	return im.tx.Rollback()
}

// exportBatch is how many documents Export reads at a time, so that memory
// stays bounded however large the project.
const exportBatch = 256

// Export implements annotate.Store. It reads one snapshot of the project.
func (d *DB) Export(ctx context.Context, f annotate.ExportFilter, fn func(annotate.Record) error) error {
	if !f.All && f.Annotator == "" {
		return annotate.Errorf(annotate.EINVALID, "export needs an annotator, or all annotators")
	}
	tx, err := d.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return d.wrap(err, "begin export")
	}
	defer tx.Rollback()
	var last int64
	for {
		docs, err := exportDocs(ctx, tx, last)
		if err != nil {
			return d.wrap(err, "export")
		}
		if len(docs) == 0 {
			return nil
		}
		first := docs[0].Seq
		last = docs[len(docs)-1].Seq
		layers, err := exportLayers(ctx, tx, first, last)
		if err != nil {
			return d.wrap(err, "export")
		}
		var sugs map[int64][]annotate.Suggestion
		if f.Suggestions {
			if sugs, err = exportSuggestions(ctx, tx, first, last, layers); err != nil {
				return d.wrap(err, "export")
			}
		}
		for _, doc := range docs {
			for _, r := range selectRecords(doc, layers[doc.Seq], f) {
				if f.Suggestions {
					r.Suggestions = sugs[doc.Seq]
					for _, l := range layers[doc.Seq] {
						if l.annotator == r.Annotator {
							r.Rejected = l.rejected
						}
					}
				}
				if err := fn(r); err != nil {
					return err
				}
			}
		}
	}
}

func exportDocs(ctx context.Context, tx *sql.Tx, after int64) ([]annotate.Document, error) {
	rows, err := tx.QueryContext(ctx, `SELECT seq, id, text, meta FROM documents WHERE seq > ? ORDER BY seq LIMIT ?`, after, exportBatch)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []annotate.Document
	for rows.Next() {
		var doc annotate.Document
		var meta string
		if err := rows.Scan(&doc.Seq, &doc.ID, &doc.Text, &meta); err != nil {
			return nil, err
		}
		doc.Meta = []byte(meta)
		out = append(out, doc)
	}
	return out, rows.Err()
}

// layer is one annotator's work on one document.
type layer struct {
	annotator string
	status    annotate.Status
	spans     []annotate.Span
	rejected  int
}

// exportLayers reads the statuses and spans of documents first..last,
// grouped by document, annotators sorted by name.
func exportLayers(ctx context.Context, tx *sql.Tx, first, last int64) (map[int64][]*layer, error) {
	out := map[int64][]*layer{}
	find := func(seq int64, name string) *layer {
		for _, l := range out[seq] {
			if l.annotator == name {
				return l
			}
		}
		l := &layer{annotator: name}
		out[seq] = append(out[seq], l)
		return l
	}
	rows, err := tx.QueryContext(ctx, `SELECT s.doc, a.name, s.status FROM statuses s JOIN annotators a ON a.id = s.annotator
		WHERE s.doc BETWEEN ? AND ? ORDER BY s.doc, a.name`, first, last)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var seq int64
		var name, st string
		if err := rows.Scan(&seq, &name, &st); err != nil {
			rows.Close()
			return nil, err
		}
		find(seq, name).status = annotate.Status(st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT p.doc, p.id, d.id, p.start, p.end, p.label, p.origin, a.name
		FROM spans p JOIN annotators a ON a.id = p.annotator JOIN documents d ON d.seq = p.doc
		WHERE p.doc BETWEEN ? AND ? ORDER BY p.doc, a.name, p.start, p.end, p.label`, first, last)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var s annotate.Span
		var origin string
		if err := rows.Scan(&seq, &s.ID, &s.DocID, &s.Start, &s.End, &s.Label, &origin, &s.Annotator); err != nil {
			return nil, err
		}
		s.Origin = annotate.Origin(origin)
		l := find(seq, s.Annotator)
		l.spans = append(l.spans, s)
	}
	for _, ls := range out {
		sortLayers(ls)
	}
	return out, rows.Err()
}

// exportSuggestions reads every suggestion of documents first..last and
// counts each layer's rejections.
func exportSuggestions(ctx context.Context, tx *sql.Tx, first, last int64, layers map[int64][]*layer) (map[int64][]annotate.Suggestion, error) {
	out := map[int64][]annotate.Suggestion{}
	rows, err := tx.QueryContext(ctx, `SELECT g.doc, d.id, g.id, g.start, g.end, g.label, g.source, g.score FROM suggestions g JOIN documents d ON d.seq = g.doc
		WHERE g.doc BETWEEN ? AND ? ORDER BY g.doc, g.start, g.end, g.label`, first, last)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var seq int64
		var s annotate.Suggestion
		if err := rows.Scan(&seq, &s.DocID, &s.ID, &s.Start, &s.End, &s.Label, &s.Source, &s.Score); err != nil {
			rows.Close()
			return nil, err
		}
		out[seq] = append(out[seq], s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT x.doc, a.name, COUNT(*) FROM decisions x JOIN annotators a ON a.id = x.annotator
		WHERE x.doc BETWEEN ? AND ? AND x.decision = 'rejected' GROUP BY x.doc, a.name`, first, last)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var name string
		var n int
		if err := rows.Scan(&seq, &name, &n); err != nil {
			return nil, err
		}
		for _, l := range layers[seq] {
			if l.annotator == name {
				l.rejected = n
			}
		}
	}
	return out, rows.Err()
}

func sortLayers(ls []*layer) {
	slices.SortFunc(ls, func(a, b *layer) int { return strings.Compare(a.annotator, b.annotator) })
}

// selectRecords turns one document's layers into the records f asks for.
func selectRecords(doc annotate.Document, layers []*layer, f annotate.ExportFilter) []annotate.Record {
	mk := func(l *layer) annotate.Record {
		st := l.status
		if st == "" {
			st = annotate.StatusTodo
		}
		return annotate.Record{Doc: doc, Annotator: l.annotator, Status: st, HasSpans: true, Spans: l.spans}
	}
	keep := func(l *layer) bool {
		st := l.status
		if st == "" {
			st = annotate.StatusTodo
		}
		return f.Status == "" || f.Status == st
	}
	var out []annotate.Record
	if f.All {
		for _, l := range layers {
			if keep(l) {
				out = append(out, mk(l))
			}
		}
		if len(layers) == 0 && (f.Status == "" || f.Status == annotate.StatusTodo) {
			out = append(out, annotate.Record{Doc: doc})
		}
		return out
	}
	for _, l := range layers {
		if l.annotator == f.Annotator {
			if keep(l) {
				out = append(out, mk(l))
			}
			return out
		}
	}
	if l := (&layer{annotator: f.Annotator}); keep(l) {
		out = append(out, mk(l))
	}
	return out
}

// Stats implements annotate.Store.
func (d *DB) Stats(ctx context.Context) (annotate.Stats, error) {
	var st annotate.Stats
	err := d.read(ctx, func(tx *sql.Tx) error {
		var err error
		if st.Labels, err = labels(ctx, tx); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(length), 0) FROM documents`).Scan(&st.Documents, &st.Characters); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM suggestions`).Scan(&st.Suggestions); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM actions`).Scan(&st.Actions); err != nil {
			return err
		}
		byName := map[string]*annotate.AnnotatorStats{}
		get := func(name string) *annotate.AnnotatorStats {
			if a, ok := byName[name]; ok {
				return a
			}
			a := &annotate.AnnotatorStats{Name: name, ByStatus: map[annotate.Status]int{}, ByLabel: map[string]int{}}
			byName[name] = a
			return a
		}
		rows, err := tx.QueryContext(ctx, `SELECT a.name, s.status, COUNT(*) FROM statuses s JOIN annotators a ON a.id = s.annotator GROUP BY a.name, s.status`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var name, status string
			var n int
			if err := rows.Scan(&name, &status, &n); err != nil {
				rows.Close()
				return err
			}
			get(name).ByStatus[annotate.Status(status)] = n
		}
		rows.Close()
		rows, err = tx.QueryContext(ctx, `SELECT a.name, p.label, COUNT(*) FROM spans p JOIN annotators a ON a.id = p.annotator GROUP BY a.name, p.label`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var name, label string
			var n int
			if err := rows.Scan(&name, &label, &n); err != nil {
				return err
			}
			a := get(name)
			a.ByLabel[label] = n
			a.Spans += n
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, name := range slices.Sorted(maps.Keys(byName)) {
			a := byName[name]
			done := 0
			for _, n := range a.ByStatus {
				done += n
			}
			a.ByStatus[annotate.StatusTodo] += st.Documents - done
			st.Annotators = append(st.Annotators, *a)
		}
		return nil
	})
	return st, err
}
