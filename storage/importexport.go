package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"goldspan/annotate"
)

// importer is one all-or-nothing import: a single write transaction held
// from BeginImport to Commit.
//
// Its cost is bounded per record: every statement is prepared once per
// import and reused; a record's spans are checked for duplicates in
// memory (one pass when they come sorted, as exports write them, else
// through a sorted index of 4 bytes a span), not with a query each; the
// annotator's earlier spans on the document go in one DELETE; and the
// lexicon votes of all spans are summed in memory and written once per
// surface and label, in batches of at most lexiconBatch entries. What the
// import keeps between records is bounded too: the label set, the ids
// of up to annotatorCache annotators and that batch.
//
// The write lock: SQLite lets one transaction write at a time, and an
// import is one transaction, so it holds the project's write lock until
// it commits or rolls back (about 10 s for a million spans). Another
// writer (a reviewer's action in the desk, another import) waits up to
// BusyTimeout and then fails with EBUSY. While it runs, the import says
// so in a marker file beside the project (<project>.import, locked and
// holding "pid N on host, since hh:mm:ss"), and ImportRunning reads it, so
// that the writer that gave up can say an import is running rather than
// only that the project is busy; a second BeginImport does.
type importer struct {
	d          *DB
	tx         *sql.Tx
	labels     map[string]bool
	res        annotate.ImportResult
	now        string
	done       bool
	stmts      map[string]*sql.Stmt
	annotators map[string]int64
	lexicon    map[lexiconKey]lexiconCount
	mark       *importMark
}

// lexiconBatch bounds the lexicon votes an import keeps in memory before
// writing them; annotatorCache bounds the annotator ids it remembers.
const (
	lexiconBatch   = 1 << 14
	annotatorCache = 1 << 10
)

type lexiconKey struct{ surface, label string }

type lexiconCount struct{ votes, rejections int }

// BeginImport implements annotate.Store. It takes the project's write
// lock for the whole import (see importer); when another import holds it
// past BusyTimeout, the EBUSY error says so.
func (d *DB) BeginImport(ctx context.Context) (annotate.Importer, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		if holder, running := ImportRunning(d.path); running && annotate.ErrorCode(d.wrap(err, "")) == annotate.EBUSY {
			return nil, importBusy(d.path, holder)
		}
		return nil, d.wrap(err, "begin import")
	}
	set, err := labelSet(ctx, tx)
	if err != nil {
		tx.Rollback()
		return nil, d.wrap(err, "begin import")
	}
	return &importer{d: d, tx: tx, labels: set, now: d.now(), stmts: map[string]*sql.Stmt{},
		annotators: map[string]int64{}, lexicon: map[lexiconKey]lexiconCount{}, mark: markImport(d.path)}, nil
}

// importBusy is the EBUSY error of a writer that waited for a running
// import.
func importBusy(path, holder string) error {
	return annotate.Errorf(annotate.EBUSY, "the project %s is busy: an import is running (%s); an import holds the project until it has read every record, as one all-or-nothing transaction; try again when it has finished", path, holder)
}

// ImportRunning reports whether an import into the project file at path
// is running, in this process or another, and which ("pid 123 on host,
// since 15:04:05"). A writer that fails with SQLITE_BUSY can call it to
// say an import holds the project rather than only that it is busy.
func ImportRunning(path string) (holder string, running bool) {
	f, err := os.Open(importMarkPath(path))
	if err != nil {
		return "", false
	}
	defer f.Close()
	if ok, err := tryFlock(f, false); ok && err == nil {
		return "", false // left behind by an import that ended (the deferred Close unlocks)
	}
	b := make([]byte, 256)
	n, _ := f.ReadAt(b, 0)
	if holder = strings.TrimSpace(string(b[:n])); holder == "" {
		holder = "another Goldspan"
	}
	return holder, true
}

func importMarkPath(path string) string { return path + ".import" }

// importMark is the marker file of a running import: locked while the
// import runs (the operating system releases the lock when the process
// ends, however it ends) and removed when it finishes.
type importMark struct {
	f    *os.File
	path string
}

// markImport writes the marker; nil when it cannot (the marker only
// improves messages, so an import runs without it).
func markImport(path string) *importMark {
	p := importMarkPath(path)
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil
	}
	if ok, err := tryFlock(f, true); !ok || err != nil {
		f.Close()
		return nil
	}
	host, _ := os.Hostname()
	f.Truncate(0)
	f.WriteAt([]byte(fmt.Sprintf("pid %d on %s, since %s\n", os.Getpid(), host, time.Now().Format("15:04:05"))), 0)
	return &importMark{f: f, path: p}
}

func (m *importMark) release() {
	if m == nil {
		return
	}
	if os.Remove(m.path) != nil { // Windows removes no open file
		m.f.Close()
		os.Remove(m.path)
		return
	}
	m.f.Close()
}

// stmt returns the import's prepared statement for query.
func (im *importer) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := im.stmts[query]; ok {
		return st, nil
	}
	st, err := im.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	im.stmts[query] = st
	return st, nil
}

// exec runs a prepared statement.
func (im *importer) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := im.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// Add implements annotate.Importer.
func (im *importer) Add(ctx context.Context, r annotate.Record) error {
	if im.done {
		return annotate.Errorf(annotate.EINTERNAL, "import already finished")
	}
	return im.d.wrap(im.add(ctx, r), "")
}

func (im *importer) add(ctx context.Context, r annotate.Record) error {
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
	find, err := im.stmt(ctx, `SELECT seq, length, text FROM documents WHERE id = ?`)
	if err != nil {
		return err
	}
	err = find.QueryRowContext(ctx, doc.ID).Scan(&seq, &length, &text)
	switch {
	case err == sql.ErrNoRows:
		length = annotate.RuneLen(doc.Text)
		res, err := im.exec(ctx, `INSERT INTO documents (id, text, length, preview, meta) VALUES (?, ?, ?, ?, ?)`,
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
		aid, err := im.annotatorID(ctx, r.Annotator)
		if err != nil {
			return err
		}
		if r.HasSpans {
			if err := im.replaceSpans(ctx, seq, length, aid, doc.Text, r.Annotator, r.Spans); err != nil {
				return err
			}
		}
		if r.Status != "" {
			if _, err := im.exec(ctx, `INSERT INTO statuses (annotator, doc, status, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (annotator, doc) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`, aid, seq, string(r.Status), im.now); err != nil {
				return err
			}
		}
	}
	if r.Suggestions != nil {
		n, err := im.replaceSuggestions(ctx, seq, length, r.Suggestions)
		if err != nil {
			return err
		}
		im.res.Suggestions += n
	}
	return nil
}

// PutLabel implements annotate.Importer: the label is added inside the
// import's transaction.
func (im *importer) PutLabel(ctx context.Context, l annotate.Label) error {
	if im.done {
		return annotate.Errorf(annotate.EINTERNAL, "import already finished")
	}
	if err := l.Validate(); err != nil {
		return err
	}
	if im.labels[l.Name] {
		return nil
	}
	if l.Hotkey != "" {
		var other string
		err := im.tx.QueryRowContext(ctx, `SELECT name FROM labels WHERE hotkey = ?`, l.Hotkey).Scan(&other)
		if err == nil {
			return annotate.Errorf(annotate.ECONFLICT, "hotkey %s already belongs to label %s", l.Hotkey, other)
		} else if err != sql.ErrNoRows {
			return im.d.wrap(err, "")
		}
	}
	if _, err := im.tx.ExecContext(ctx, `INSERT INTO labels (name, color, hotkey) VALUES (?, ?, ?)`, l.Name, l.Color, l.Hotkey); err != nil {
		return im.d.wrap(err, "")
	}
	im.labels[l.Name] = true
	return nil
}

// annotatorID returns the id of the named annotator, creating the row
// when there is none; the import remembers up to annotatorCache ids.
func (im *importer) annotatorID(ctx context.Context, name string) (int64, error) {
	if id, ok := im.annotators[name]; ok {
		return id, nil
	}
	if err := annotate.ValidateAnnotator(name); err != nil {
		return 0, err
	}
	var id int64
	find, err := im.stmt(ctx, `SELECT id FROM annotators WHERE name = ?`)
	if err != nil {
		return 0, err
	}
	err = find.QueryRowContext(ctx, name).Scan(&id)
	if err == sql.ErrNoRows {
		res, err := im.exec(ctx, `INSERT INTO annotators (name) VALUES (?)`, name)
		if err != nil {
			return 0, err
		}
		if id, err = res.LastInsertId(); err != nil {
			return 0, err
		}
	} else if err != nil {
		return 0, err
	}
	if len(im.annotators) >= annotatorCache {
		clear(im.annotators)
	}
	im.annotators[name] = id
	return id, nil
}

// checkSpans validates a record's spans against the document's length and
// the label set and refuses two that are the same (ECONFLICT).
func (im *importer) checkSpans(length int, spans []annotate.Span) error {
	for i := range spans {
		s := &spans[i]
		if s.Start < 0 || s.End > length || s.Start >= s.End {
			return fmt.Errorf("span %d: %w", i+1, annotate.Errorf(annotate.EINVALID, "span [%d,%d) is out of range: need 0 <= start < end <= %d", s.Start, s.End, length))
		}
		if !im.labels[s.Label] {
			return fmt.Errorf("span %d: %w", i+1, annotate.Errorf(annotate.EINVALID, "unknown label %q", s.Label))
		}
		if s.Origin != "" && !s.Origin.Valid() {
			return fmt.Errorf("span %d: %w", i+1, annotate.Errorf(annotate.EINVALID, "unknown span origin %q", s.Origin))
		}
	}
	if i, ok := firstDuplicate(spans); ok {
		s := spans[i]
		return annotate.Errorf(annotate.ECONFLICT, "span %d: %s at [%d,%d) appears twice", i+1, s.Label, s.Start, s.End)
	}
	return nil
}

// compareSpans orders spans by start, end and label.
func compareSpans(a, b *annotate.Span) int {
	if a.Start != b.Start {
		return a.Start - b.Start
	} else if a.End != b.End {
		return a.End - b.End
	}
	return strings.Compare(a.Label, b.Label)
}

// firstDuplicate returns the index of the first span (in the given
// order) that repeats the offsets and label of one before it. Spans that
// come sorted are checked in one pass; others through a sorted index of
// their positions.
func firstDuplicate(spans []annotate.Span) (int, bool) {
	sorted := true
	for i := 1; i < len(spans); i++ {
		c := compareSpans(&spans[i-1], &spans[i])
		if c == 0 {
			return i, true
		}
		if c > 0 {
			sorted = false
			break
		}
	}
	if sorted {
		return 0, false
	}
	idx := make([]int32, len(spans))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int {
		if c := compareSpans(&spans[a], &spans[b]); c != 0 {
			return c
		}
		return int(a - b)
	})
	first := -1
	for i := 1; i < len(idx); i++ {
		if compareSpans(&spans[idx[i-1]], &spans[idx[i]]) == 0 && (first < 0 || int(idx[i]) < first) {
			first = int(idx[i])
		}
	}
	return first, first >= 0
}

// replaceSpans makes spans the annotator's whole layer on the document
// (seq, with text of length code points). The log of earlier actions
// there is sealed: undo cannot reach across an import.
func (im *importer) replaceSpans(ctx context.Context, seq int64, length int, aid int64, text, annotator string, spans []annotate.Span) error {
	if err := im.checkSpans(length, spans); err != nil {
		return err
	}
	var runes []rune // the text in code points, for lexicon surfaces
	surface := func() []rune {
		if runes == nil {
			runes = []rune(text)
		}
		return runes
	}
	old, err := im.stmt(ctx, `SELECT start, end, label FROM spans WHERE doc = ? AND annotator = ?`)
	if err != nil {
		return err
	}
	rows, err := old.QueryContext(ctx, seq, aid)
	if err != nil {
		return err
	}
	had := false
	for rows.Next() {
		var s annotate.Span
		if err := rows.Scan(&s.Start, &s.End, &s.Label); err != nil {
			rows.Close()
			return err
		}
		had = true
		im.vote(annotate.LexiconVotes(surface(), &s, nil, nil, nil))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if had {
		if _, err := im.exec(ctx, `DELETE FROM spans WHERE doc = ? AND annotator = ?`, seq, aid); err != nil {
			return err
		}
	}
	args := make([]any, 2, 2+4*spanBatch)
	args[0], args[1] = seq, aid
	for len(spans) > 0 {
		// Batches of 64, 32, ..., 1 spans: at most seven prepared
		// statements, and a layer of 50 spans takes three INSERTs.
		n := spanBatch
		for n > len(spans) {
			n /= 2
		}
		insert, err := im.stmt(ctx, insertSpans(n))
		if err != nil {
			return err
		}
		args = args[:2]
		for i := range spans[:n] {
			s := &spans[i]
			origin := s.Origin
			if origin == "" {
				origin = annotate.OriginManual
			}
			args = append(args, s.Start, s.End, s.Label, string(origin))
			im.vote(annotate.LexiconVotes(surface(), nil, s, nil, nil))
		}
		if _, err := insert.ExecContext(ctx, args...); err != nil {
			return err
		}
		im.res.Spans += n
		spans = spans[n:]
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	if err := im.flushLexicon(ctx, lexiconBatch); err != nil {
		return err
	}
	_, err = im.exec(ctx, `UPDATE actions SET state = ? WHERE doc = ? AND annotator = ? AND state <> ?`, stateSealed, seq, aid, stateSealed)
	return err
}

// spanBatch is how many spans one INSERT stores.
const spanBatch = 64

// insertSpans returns the INSERT of n spans of one document and
// annotator: ?1 is the document, ?2 the annotator, then start, end, label
// and origin of each span.
func insertSpans(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO spans (doc, annotator, start, end, label, origin) VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`(?1, ?2, ?, ?, ?, ?)`)
	}
	return b.String()
}

// vote adds lexicon changes to the import's sums.
func (im *importer) vote(votes []annotate.LexiconVote) {
	for _, v := range votes {
		k := lexiconKey{v.Surface, v.Label}
		c := im.lexicon[k]
		c.votes += v.Votes
		c.rejections += v.Rejections
		im.lexicon[k] = c
	}
}

// flushLexicon writes the summed lexicon votes once there are at least
// min surfaces and labels (0: whatever there is).
func (im *importer) flushLexicon(ctx context.Context, min int) error {
	if len(im.lexicon) == 0 || len(im.lexicon) < min {
		return nil
	}
	if _, err := im.exec(ctx, bumpLexiconVersionSQL); err != nil {
		return err
	}
	for k, c := range im.lexicon {
		if c.votes == 0 && c.rejections == 0 {
			continue
		}
		if _, err := im.exec(ctx, `INSERT INTO lexicon (surface, label, votes, rejections) VALUES (?, ?, ?, ?)
			ON CONFLICT (surface, label) DO UPDATE SET votes = votes + excluded.votes, rejections = rejections + excluded.rejections`,
			k.surface, k.label, c.votes, c.rejections); err != nil {
			return err
		}
	}
	clear(im.lexicon)
	return nil
}

// replaceSuggestions makes sugs the document's machine suggestions,
// leaving out those whose label the project lacks; it returns how many
// it stored.
func (im *importer) replaceSuggestions(ctx context.Context, seq int64, length int, sugs []annotate.Suggestion) (int, error) {
	if _, err := im.exec(ctx, `DELETE FROM suggestions WHERE doc = ?`, seq); err != nil {
		return 0, err
	}
	insert, err := im.stmt(ctx, `INSERT INTO suggestions (doc, start, end, label, source, score) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (doc, start, end, label) DO NOTHING`)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range sugs {
		if !im.labels[s.Label] {
			continue
		}
		if s.Start < 0 || s.End > length || s.Start >= s.End {
			return 0, annotate.Errorf(annotate.EINVALID, "suggestion [%d,%d) is out of range: need 0 <= start < end <= %d", s.Start, s.End, length)
		}
		if _, err := insert.ExecContext(ctx, seq, s.Start, s.End, s.Label, s.Source, s.Score); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}

// Commit implements annotate.Importer.
func (im *importer) Commit() (annotate.ImportResult, error) {
	if im.done {
		return im.res, annotate.Errorf(annotate.EINTERNAL, "import already finished")
	}
	im.done = true
	defer im.mark.release()
	if err := im.flushLexicon(context.Background(), 0); err != nil {
		im.tx.Rollback()
		return annotate.ImportResult{}, im.d.wrap(err, "commit import")
	}
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
	defer im.mark.release()
	return im.tx.Rollback()
}

// exportBatch is how many documents Export reads at a time, so that memory
// stays bounded however large the project.
const exportBatch = 256

// Export implements annotate.Store. It reads one snapshot of the project,
// exportBatch documents at a time. Every query walks an index in its own
// order: statuses by (annotator, doc) one annotator at a time, spans by
// (doc, annotator, start, end, label), so no batch scans a whole table
// or sorts, and the time grows linearly with the project.
func (d *DB) Export(ctx context.Context, f annotate.ExportFilter, fn func(annotate.Record) error) error {
	if !f.All && f.Annotator == "" {
		return annotate.Errorf(annotate.EINVALID, "export needs an annotator, or all annotators")
	}
	tx, err := d.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return d.wrap(err, "begin export")
	}
	defer tx.Rollback()
	ex, err := newExporter(ctx, tx, f)
	if err != nil {
		return d.wrap(err, "export")
	}
	defer ex.close()
	var last int64
	for {
		docs, err := ex.docs(ctx, last)
		if err != nil {
			return d.wrap(err, "export")
		}
		if len(docs) == 0 {
			return nil
		}
		first := docs[0].Seq
		last = docs[len(docs)-1].Seq
		layers, err := ex.layers(ctx, docs)
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

// exporter holds an export's prepared statements and the annotators it
// reads: all of them, or the one the filter names.
type exporter struct {
	names    map[int64]string // annotator id -> name
	ids      []int64          // the annotators read, sorted by name
	docStmt  *sql.Stmt
	statStmt *sql.Stmt // one annotator's statuses in a range of documents
	spanStmt *sql.Stmt // the spans of a range of documents (of the one annotator unless all)
	all      bool
}

func newExporter(ctx context.Context, tx *sql.Tx, f annotate.ExportFilter) (*exporter, error) {
	ex := &exporter{names: map[int64]string{}, all: f.All}
	rows, err := tx.QueryContext(ctx, `SELECT id, name FROM annotators ORDER BY name`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return nil, err
		}
		if f.All || name == f.Annotator {
			ex.names[id] = name
			ex.ids = append(ex.ids, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// One row per layer: its spans packed into one string, since reading
	// a row's columns through the driver costs more than splitting it.
	// Labels hold only letters, digits and _ . : / - (the labels table's
	// rule), so \x1e between spans and \x1f between fields are safe;
	// parseSpans refuses anything else.
	spans := `SELECT doc, annotator, group_concat(id || char(31) || start || char(31) || end || char(31) || origin || char(31) || label, char(30)
			ORDER BY start, end, label)
		FROM spans WHERE doc BETWEEN ?1 AND ?2 %s GROUP BY doc, annotator ORDER BY doc, annotator`
	if f.All {
		spans = fmt.Sprintf(spans, "")
	} else {
		// "+annotator" keeps the annotator a filter on the doc range, so
		// the index's order serves the GROUP BY.
		spans = fmt.Sprintf(spans, "AND +annotator = ?3")
	}
	for _, p := range []struct {
		stmt  **sql.Stmt
		query string
	}{
		{&ex.docStmt, `SELECT seq, id, text, meta FROM documents WHERE seq > ? ORDER BY seq LIMIT ?`},
		{&ex.statStmt, `SELECT doc, status FROM statuses WHERE annotator = ? AND doc BETWEEN ? AND ?`},
		{&ex.spanStmt, spans},
	} {
		if *p.stmt, err = tx.PrepareContext(ctx, p.query); err != nil {
			ex.close()
			return nil, err
		}
	}
	return ex, nil
}

func (ex *exporter) close() {
	for _, st := range []*sql.Stmt{ex.docStmt, ex.statStmt, ex.spanStmt} {
		if st != nil {
			st.Close()
		}
	}
}

// docs reads the next batch of documents after seq.
func (ex *exporter) docs(ctx context.Context, after int64) ([]annotate.Document, error) {
	rows, err := ex.docStmt.QueryContext(ctx, after, exportBatch)
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

// layers reads the statuses and spans of docs (a run of consecutive
// seqs), grouped by document, annotators sorted by name.
func (ex *exporter) layers(ctx context.Context, docs []annotate.Document) (map[int64][]*layer, error) {
	out := map[int64][]*layer{}
	if len(ex.ids) == 0 {
		return out, nil
	}
	first, last := docs[0].Seq, docs[len(docs)-1].Seq
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
	// Annotators in name order, so each document's layers come out sorted.
	for _, aid := range ex.ids {
		rows, err := ex.statStmt.QueryContext(ctx, aid, first, last)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var seq int64
			var st string
			if err := rows.Scan(&seq, &st); err != nil {
				rows.Close()
				return nil, err
			}
			find(seq, ex.names[aid]).status = annotate.Status(st)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	ids := make(map[int64]string, len(docs))
	for _, d := range docs {
		ids[d.Seq] = d.ID
	}
	args := []any{first, last}
	if !ex.all {
		args = append(args, ex.ids[0])
	}
	rows, err := ex.spanStmt.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var seq, aid int64
		var packed string
		if err := rows.Scan(&seq, &aid, &packed); err != nil {
			return nil, err
		}
		name, ok := ex.names[aid]
		if !ok {
			continue
		}
		l := find(seq, name)
		if l.spans, err = parseSpans(packed, ids[seq], name); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, ls := range out {
		sortLayers(ls)
	}
	return out, nil
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

// parseSpans reads the spans of one layer as the export's query packs
// them: id, start, end, origin and label, \x1f between fields and \x1e
// between spans.
func parseSpans(packed, docID, annotator string) ([]annotate.Span, error) {
	out := make([]annotate.Span, 0, strings.Count(packed, "\x1e")+1)
	for rec := range strings.SplitSeq(packed, "\x1e") {
		f := strings.SplitN(rec, "\x1f", 5)
		if len(f) != 5 {
			return nil, fmt.Errorf("document %q, annotator %s: a span reads %q", docID, annotator, rec)
		}
		id, err1 := strconv.ParseInt(f[0], 10, 64)
		start, err2 := strconv.Atoi(f[1])
		end, err3 := strconv.Atoi(f[2])
		if err := errors.Join(err1, err2, err3); err != nil {
			return nil, fmt.Errorf("document %q, annotator %s: a span reads %q: %v", docID, annotator, rec, err)
		}
		out = append(out, annotate.Span{ID: id, DocID: docID, Annotator: annotator, Start: start, End: end,
			Origin: annotate.Origin(f[3]), Label: f[4]})
	}
	return out, nil
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
