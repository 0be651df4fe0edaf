package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"goldspan/annotate"
)

// Action log states.
const (
	stateDone   = 0 // in effect; the next undo takes the newest of these
	stateUndone = 1 // undone; redo takes the oldest of these
	stateSealed = 2 // neither undone nor redone again
)

// spanRow is a span as the action log stores it.
type spanRow struct {
	ID     int64  `json:"id"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Label  string `json:"label"`
	Origin string `json:"origin"`
}

// decision is a reviewer's verdict on a suggestion, as the log stores it.
type decision struct {
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Label    string `json:"label"`
	Decision string `json:"decision"`
}

// editCtx is what every editing method resolves first.
type editCtx struct {
	seq    int64
	length int
	aid    int64
	docID  string
	annot  string
	text   []rune // the document's text, once docText has read it
}

// docText returns the document's text in code points, read in tx the
// first time and kept in e for the rest of the transaction.
func (e *editCtx) docText(ctx context.Context, tx *Tx) ([]rune, error) {
	if e.text == nil {
		var text string
		if err := tx.QueryRowContext(ctx, `SELECT text FROM documents WHERE seq = ?`, e.seq).Scan(&text); err != nil {
			return nil, err
		}
		e.text = []rune(text)
	}
	return e.text, nil
}

func (d *DB) resolve(ctx context.Context, tx *Tx, docID, annotator string) (editCtx, error) {
	seq, length, err := docRef(ctx, tx, docID)
	if err != nil {
		return editCtx{}, err
	}
	aid, err := annotatorID(ctx, tx, annotator, true)
	if err != nil {
		return editCtx{}, err
	}
	return editCtx{seq: seq, length: length, aid: aid, docID: docID, annot: annotator}, nil
}

// resolveSpan finds the annotator's span id and its document.
func (d *DB) resolveSpan(ctx context.Context, tx *Tx, annotator string, id int64) (editCtx, spanRow, error) {
	var docID string
	var r spanRow
	err := tx.QueryRowContext(ctx, `SELECT d.id, p.id, p.start, p."end", p.label, p.origin FROM spans p
		JOIN documents d ON d.seq = p.doc JOIN annotators a ON a.id = p.annotator
		WHERE p.id = ? AND a.name = ?`, id, annotator).Scan(&docID, &r.ID, &r.Start, &r.End, &r.Label, &r.Origin)
	if err == sql.ErrNoRows {
		return editCtx{}, r, annotate.Errorf(annotate.ENOTFOUND, "%s has no span %d", annotator, id)
	} else if err != nil {
		return editCtx{}, r, err
	}
	e, err := d.resolve(ctx, tx, docID, annotator)
	return e, r, err
}

func (e editCtx) span(r spanRow) annotate.Span {
	return annotate.Span{ID: r.ID, DocID: e.docID, Start: r.Start, End: r.End, Label: r.Label, Origin: annotate.Origin(r.Origin), Annotator: e.annot}
}

// check validates a span against the document and label set and refuses
// an exact duplicate of another of the annotator's spans.
func check(ctx context.Context, tx *Tx, e editCtx, r spanRow) error {
	set, err := labelSet(ctx, tx)
	if err != nil {
		return err
	}
	s := e.span(r)
	if err := s.Validate(e.length, set); err != nil {
		return err
	}
	var other int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM spans WHERE doc = ? AND annotator = ? AND start = ? AND "end" = ? AND label = ? AND id <> ?`,
		e.seq, e.aid, r.Start, r.End, r.Label, r.ID).Scan(&other)
	if err == nil {
		return annotate.Errorf(annotate.ECONFLICT, "%s already has %s at [%d,%d)", e.annot, r.Label, r.Start, r.End)
	} else if err != sql.ErrNoRows {
		return err
	}
	return nil
}

// vote moves the lexicon for one change on e's document: a stored span
// that stops existing (before) or comes to exist (after), a rejection that
// comes to exist (rejected) or stops existing (unrejected); nil for none.
// annotate.LexiconVotes decides the changes from the document's text, read
// in tx; addVotes stores them.
func vote(ctx context.Context, tx *Tx, e *editCtx, before, after, rejected, unrejected *spanRow) error {
	text, err := e.docText(ctx, tx)
	if err != nil {
		return err
	}
	return addVotes(ctx, tx, annotate.LexiconVotes(text, voter(before), voter(after), voter(rejected), voter(unrejected)))
}

// voter returns the offsets and label of r, what LexiconVotes reads; nil
// for nil.
func voter(r *spanRow) *annotate.Span {
	if r == nil {
		return nil
	}
	return &annotate.Span{Start: r.Start, End: r.End, Label: r.Label}
}

// addVotes adds each change to the lexicon's counts of its surface and
// label.
func addVotes(ctx context.Context, tx *Tx, votes []annotate.LexiconVote) error {
	if len(votes) > 0 {
		if err := bumpLexiconVersion(ctx, tx); err != nil {
			return err
		}
	}
	for _, v := range votes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO lexicon (surface, label, votes, rejections) VALUES (?, ?, ?, ?)
			ON CONFLICT (surface, label) DO UPDATE SET votes = lexicon.votes + excluded.votes, rejections = lexicon.rejections + excluded.rejections`,
			v.Surface, v.Label, v.Votes, v.Rejections); err != nil {
			return err
		}
	}
	return nil
}

// putSpan moves the stored span from `from` to `to`: inserts when from is
// nil, deletes when to is nil, updates otherwise, and moves the lexicon
// votes with it. It refuses (ECONFLICT) when the stored span is not
// `from`, so an undo never half-applies on top of a change it does not
// expect.
func putSpan(ctx context.Context, tx *Tx, e *editCtx, from, to *spanRow) (int64, error) {
	if from != nil {
		var cur spanRow
		err := tx.QueryRowContext(ctx, `SELECT id, start, "end", label, origin FROM spans WHERE id = ? AND doc = ? AND annotator = ?`, from.ID, e.seq, e.aid).
			Scan(&cur.ID, &cur.Start, &cur.End, &cur.Label, &cur.Origin)
		if err == sql.ErrNoRows || (err == nil && cur != *from) {
			return 0, annotate.Errorf(annotate.ECONFLICT, "the span at [%d,%d) changed since; nothing was changed", from.Start, from.End)
		} else if err != nil {
			return 0, err
		}
	}
	var id int64
	switch {
	case to == nil:
		if _, err := tx.ExecContext(ctx, `DELETE FROM spans WHERE id = ?`, from.ID); err != nil {
			return 0, err
		}
	case from == nil:
		if err := check(ctx, tx, *e, *to); err != nil {
			return 0, err
		}
		given, err := freeID(ctx, tx, to.ID)
		if err != nil {
			return 0, err
		}
		if given != 0 {
			err = tx.QueryRowContext(ctx, `INSERT INTO spans (id, doc, annotator, start, "end", label, origin) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				given, e.seq, e.aid, to.Start, to.End, to.Label, to.Origin).Scan(&id)
		} else {
			err = tx.QueryRowContext(ctx, `INSERT INTO spans (doc, annotator, start, "end", label, origin) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
				e.seq, e.aid, to.Start, to.End, to.Label, to.Origin).Scan(&id)
		}
		if err != nil {
			return 0, err
		}
		if to.ID != 0 && id != to.ID {
			if err := renumber(ctx, tx, e, to.ID, id); err != nil {
				return 0, err
			}
		}
	default:
		if err := check(ctx, tx, *e, *to); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE spans SET start = ?, "end" = ?, label = ?, origin = ? WHERE id = ?`, to.Start, to.End, to.Label, to.Origin, from.ID); err != nil {
			return 0, err
		}
		id = from.ID
	}
	return id, vote(ctx, tx, e, from, to, nil, nil)
}

// freeID returns the id to insert a span with: 0 for a new one (the next
// of spans' identity, never given before), else the logged id of a span
// that redo or undo re-creates, unless another span holds it. Identity
// columns never give an id twice, so that happens only in a log copied
// from an SQLite project of before schema 3, and then the span gets a new
// id (see renumber).
func freeID(ctx context.Context, tx *Tx, logged int64) (int64, error) {
	if logged == 0 {
		return 0, nil
	}
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM spans WHERE id = ?`, logged).Scan(&one)
	if err == sql.ErrNoRows {
		return logged, nil
	} else if err != nil {
		return 0, err
	}
	return 0, nil
}

// renumber rewrites the span id old as id in the live log (done and
// undone entries) of e's layer, after a span named old there had to be
// re-created under a new id. A layer's history is linear, so every live
// entry that names old names this span or an earlier life of it, never
// one alive beside it, and renaming them all keeps the log consistent.
func renumber(ctx context.Context, tx *Tx, e *editCtx, old, id int64) error {
	for _, col := range []string{"before", "after"} {
		if _, err := tx.ExecContext(ctx, `UPDATE actions SET `+col+` = jsonb_set(`+col+`::jsonb, '{id}', to_jsonb(?::bigint))::text
			WHERE doc = ? AND annotator = ? AND state <> ? AND (`+col+`::jsonb->>'id')::bigint = ?`,
			id, e.seq, e.aid, stateSealed, old); err != nil {
			return err
		}
	}
	return nil
}

// putDecision records (set) or removes (!set) a decision; a rejection
// that comes or goes moves the lexicon with it.
func putDecision(ctx context.Context, tx *Tx, e *editCtx, key decision, set bool) error {
	// The lexicon counts a rejection once, however often it is made, and
	// takes it back when the decision goes or becomes an acceptance: what
	// counts is the decision stored before and after.
	var prev string
	err := tx.QueryRowContext(ctx, `SELECT decision FROM decisions WHERE doc = ? AND annotator = ? AND start = ? AND "end" = ? AND label = ?`,
		e.seq, e.aid, key.Start, key.End, key.Label).Scan(&prev)
	if err != nil && err != sql.ErrNoRows {
		return err
	}
	if set {
		_, err = tx.ExecContext(ctx, `INSERT INTO decisions (doc, annotator, start, "end", label, decision) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (doc, annotator, start, "end", label) DO UPDATE SET decision = excluded.decision`, e.seq, e.aid, key.Start, key.End, key.Label, key.Decision)
	} else {
		_, err = tx.ExecContext(ctx, `DELETE FROM decisions WHERE doc = ? AND annotator = ? AND start = ? AND "end" = ? AND label = ?`, e.seq, e.aid, key.Start, key.End, key.Label)
	}
	if err != nil {
		return err
	}
	wasRejected, isRejected := prev == "rejected", set && key.Decision == "rejected"
	r := &spanRow{Start: key.Start, End: key.End, Label: key.Label}
	switch {
	case isRejected && !wasRejected:
		return vote(ctx, tx, e, nil, nil, r, nil)
	case wasRejected && !isRejected:
		return vote(ctx, tx, e, nil, nil, nil, r)
	}
	return nil
}

// logEntry is an action about to be logged.
type logEntry struct {
	kind         annotate.ActionKind
	before       *spanRow
	after        *spanRow
	sug          *decision
	statusBefore annotate.Status
	statusAfter  annotate.Status
}

// touch moves a todo document to in-progress as part of an edit.
func touch(ctx context.Context, tx *Tx, e editCtx, le *logEntry, now string) error {
	st, err := status(ctx, tx, e.seq, e.aid)
	if err != nil || st != annotate.StatusTodo {
		return err
	}
	le.statusBefore, le.statusAfter = st, annotate.StatusInProgress
	return setStatus(ctx, tx, e.seq, e.aid, annotate.StatusInProgress, now)
}

// logEdit logs an edit of spans or decisions: a todo document becomes
// in progress in the same action, then the action is appended.
func (d *DB) logEdit(ctx context.Context, tx *Tx, e editCtx, le logEntry) error {
	now := d.now()
	if err := touch(ctx, tx, e, &le, now); err != nil {
		return err
	}
	return logAction(ctx, tx, e, le, now)
}

// logAction appends le to the log and seals the redo history that a new
// action supersedes.
func logAction(ctx context.Context, tx *Tx, e editCtx, le logEntry, now string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE actions SET state = ? WHERE doc = ? AND annotator = ? AND state = ?`, stateSealed, e.seq, e.aid, stateUndone); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO actions (annotator, doc, kind, before, after, suggestion, status_before, status_after, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.aid, e.seq, string(le.kind), jsonOrNil(le.before), jsonOrNil(le.after), jsonOrNil(le.sug),
		string(le.statusBefore), string(le.statusAfter), now)
	return err
}

func jsonOrNil[T any](v *T) any {
	if v == nil {
		return nil
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// AddSpan implements annotate.Store.
func (d *DB) AddSpan(ctx context.Context, s annotate.Span) (annotate.Span, error) {
	var out annotate.Span
	err := d.write(ctx, func(tx *Tx) error {
		e, err := d.resolve(ctx, tx, s.DocID, s.Annotator)
		if err != nil {
			return err
		}
		origin := s.Origin
		if origin == "" {
			origin = annotate.OriginManual
		}
		r := spanRow{Start: s.Start, End: s.End, Label: s.Label, Origin: string(origin)}
		if r.ID, err = putSpan(ctx, tx, &e, nil, &r); err != nil {
			return err
		}
		out = e.span(r)
		return d.logEdit(ctx, tx, e, logEntry{kind: annotate.ActionAdd, after: &r})
	})
	return out, err
}

// UpdateSpan implements annotate.Store.
func (d *DB) UpdateSpan(ctx context.Context, annotator string, id int64, start, end int, label string) (annotate.Span, error) {
	var out annotate.Span
	err := d.write(ctx, func(tx *Tx) error {
		e, before, err := d.resolveSpan(ctx, tx, annotator, id)
		if err != nil {
			return err
		}
		after := spanRow{ID: before.ID, Start: start, End: end, Label: label, Origin: before.Origin}
		if after == before {
			out = e.span(after)
			return nil
		}
		if before.Origin == string(annotate.OriginSuggestion) {
			after.Origin = string(annotate.OriginSuggestionEdited)
		}
		if _, err := putSpan(ctx, tx, &e, &before, &after); err != nil {
			return err
		}
		out = e.span(after)
		return d.logEdit(ctx, tx, e, logEntry{kind: annotate.ActionUpdate, before: &before, after: &after})
	})
	return out, err
}

// DeleteSpan implements annotate.Store.
func (d *DB) DeleteSpan(ctx context.Context, annotator string, id int64) error {
	return d.write(ctx, func(tx *Tx) error {
		e, before, err := d.resolveSpan(ctx, tx, annotator, id)
		if err != nil {
			return err
		}
		if _, err := putSpan(ctx, tx, &e, &before, nil); err != nil {
			return err
		}
		return d.logEdit(ctx, tx, e, logEntry{kind: annotate.ActionDelete, before: &before})
	})
}

// suggestion looks up suggestion id.
func suggestion(ctx context.Context, tx *Tx, id int64) (docID string, key decision, err error) {
	err = tx.QueryRowContext(ctx, `SELECT d.id, g.start, g."end", g.label FROM suggestions g JOIN documents d ON d.seq = g.doc WHERE g.id = ?`, id).
		Scan(&docID, &key.Start, &key.End, &key.Label)
	if err == sql.ErrNoRows {
		err = annotate.Errorf(annotate.ENOTFOUND, "no suggestion %d (suggestions may have been computed again)", id)
	}
	return docID, key, err
}

// AcceptSuggestion implements annotate.Store.
func (d *DB) AcceptSuggestion(ctx context.Context, annotator string, id int64, label string) (annotate.Span, error) {
	var out annotate.Span
	err := d.write(ctx, func(tx *Tx) error {
		docID, key, err := suggestion(ctx, tx, id)
		if err != nil {
			return err
		}
		e, err := d.resolve(ctx, tx, docID, annotator)
		if err != nil {
			return err
		}
		r := spanRow{Start: key.Start, End: key.End, Label: key.Label, Origin: string(annotate.OriginSuggestion)}
		if label != "" && label != key.Label {
			r.Label, r.Origin = label, string(annotate.OriginSuggestionEdited)
		}
		if r.ID, err = putSpan(ctx, tx, &e, nil, &r); err != nil {
			return err
		}
		key.Decision = "accepted"
		if err := putDecision(ctx, tx, &e, key, true); err != nil {
			return err
		}
		out = e.span(r)
		return d.logEdit(ctx, tx, e, logEntry{kind: annotate.ActionAdd, after: &r, sug: &key})
	})
	return out, err
}

// RejectSuggestion implements annotate.Store.
func (d *DB) RejectSuggestion(ctx context.Context, annotator string, id int64) error {
	return d.write(ctx, func(tx *Tx) error {
		docID, key, err := suggestion(ctx, tx, id)
		if err != nil {
			return err
		}
		e, err := d.resolve(ctx, tx, docID, annotator)
		if err != nil {
			return err
		}
		key.Decision = "rejected"
		if err := putDecision(ctx, tx, &e, key, true); err != nil {
			return err
		}
		return d.logEdit(ctx, tx, e, logEntry{kind: annotate.ActionReject, sug: &key})
	})
}

// SetStatus implements annotate.Store.
func (d *DB) SetStatus(ctx context.Context, docID, annotator string, st annotate.Status) error {
	if _, err := annotate.ParseStatus(string(st)); err != nil {
		return err
	}
	return d.write(ctx, func(tx *Tx) error {
		e, err := d.resolve(ctx, tx, docID, annotator)
		if err != nil {
			return err
		}
		before, err := status(ctx, tx, e.seq, e.aid)
		if err != nil || before == st {
			return err
		}
		now := d.now()
		if err := setStatus(ctx, tx, e.seq, e.aid, st, now); err != nil {
			return err
		}
		return logAction(ctx, tx, e, logEntry{kind: annotate.ActionStatus, statusBefore: before, statusAfter: st}, now)
	})
}

// loggedAction is one row of the action log.
type loggedAction struct {
	id                        int64
	kind                      annotate.ActionKind
	before, after             *spanRow
	sug                       *decision
	statusBefore, statusAfter annotate.Status
	at                        string
	state                     int
}

func scanAction(row interface{ Scan(...any) error }) (loggedAction, error) {
	var a loggedAction
	var kind string
	var before, after, sug sql.NullString
	var sb, sa string
	if err := row.Scan(&a.id, &kind, &before, &after, &sug, &sb, &sa, &a.at, &a.state); err != nil {
		return a, err
	}
	a.kind, a.statusBefore, a.statusAfter = annotate.ActionKind(kind), annotate.Status(sb), annotate.Status(sa)
	for _, p := range []struct {
		s   sql.NullString
		dst any
	}{{before, &a.before}, {after, &a.after}, {sug, &a.sug}} {
		if p.s.Valid {
			if err := json.Unmarshal([]byte(p.s.String), p.dst); err != nil {
				return a, err
			}
		}
	}
	return a, nil
}

const actionCols = `id, kind, before, after, suggestion, status_before, status_after, at, state`

func (a loggedAction) public(e editCtx) annotate.Action {
	out := annotate.Action{ID: a.id, Annotator: e.annot, DocID: e.docID, Kind: a.kind, StatusBefore: a.statusBefore, StatusAfter: a.statusAfter, Undone: a.state == stateUndone}
	out.Time, _ = time.Parse(time.RFC3339Nano, a.at)
	if a.before != nil {
		s := e.span(*a.before)
		out.Before = &s
	}
	if a.after != nil {
		s := e.span(*a.after)
		out.After = &s
	}
	if a.sug != nil {
		out.Decided = &annotate.Span{DocID: e.docID, Start: a.sug.Start, End: a.sug.End, Label: a.sug.Label}
	}
	return out
}

// replay applies a logged action forwards (redo) or backwards (undo).
func replay(ctx context.Context, tx *Tx, e editCtx, a loggedAction, forward bool, now string) error {
	from, to := a.after, a.before
	if forward {
		from, to = a.before, a.after
	}
	if from != nil || to != nil {
		id, err := putSpan(ctx, tx, &e, from, to)
		if err != nil {
			return err
		}
		if from == nil && to.ID != id {
			// Re-created under a new id (see renumber): a's span is the
			// same one, the returned action names its id now.
			old := to.ID
			for _, s := range []*spanRow{a.before, a.after} {
				if s != nil && s.ID == old {
					s.ID = id
				}
			}
		}
	}
	if a.sug != nil {
		if err := putDecision(ctx, tx, &e, *a.sug, forward); err != nil {
			return err
		}
	}
	if a.statusAfter != "" {
		st := a.statusBefore
		if forward {
			st = a.statusAfter
		}
		if err := setStatus(ctx, tx, e.seq, e.aid, st, now); err != nil {
			return err
		}
	}
	return nil
}

// Undo implements annotate.Store.
func (d *DB) Undo(ctx context.Context, docID, annotator string) (annotate.Action, error) {
	return d.step(ctx, docID, annotator, false)
}

// Redo implements annotate.Store.
func (d *DB) Redo(ctx context.Context, docID, annotator string) (annotate.Action, error) {
	return d.step(ctx, docID, annotator, true)
}

func (d *DB) step(ctx context.Context, docID, annotator string, redo bool) (annotate.Action, error) {
	var out annotate.Action
	err := d.write(ctx, func(tx *Tx) error {
		e, err := d.resolve(ctx, tx, docID, annotator)
		if err != nil {
			return err
		}
		q, state, next, word := `ORDER BY id DESC`, stateDone, stateUndone, "undo"
		if redo {
			q, state, next, word = `ORDER BY id ASC`, stateUndone, stateDone, "redo"
		}
		a, err := scanAction(tx.QueryRowContext(ctx, `SELECT `+actionCols+` FROM actions WHERE doc = ? AND annotator = ? AND state = ? `+q+` LIMIT 1`, e.seq, e.aid, state))
		if err == sql.ErrNoRows {
			return annotate.Errorf(annotate.ENOTHING, "nothing to %s in this document", word)
		} else if err != nil {
			return err
		}
		if err := replay(ctx, tx, e, a, redo, d.now()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE actions SET state = ? WHERE id = ?`, next, a.id); err != nil {
			return err
		}
		a.state = next
		out = a.public(e)
		return nil
	})
	return out, err
}

// Actions implements annotate.Store.
func (d *DB) Actions(ctx context.Context, docID, annotator string) ([]annotate.Action, error) {
	var out []annotate.Action
	err := d.read(ctx, func(tx *Tx) error {
		seq, aid, err := layerRef(ctx, tx, docID, annotator)
		if err != nil {
			return err
		}
		e := editCtx{seq: seq, aid: aid, docID: docID, annot: annotator}
		rows, err := tx.QueryContext(ctx, `SELECT `+actionCols+` FROM actions WHERE doc = ? AND annotator = ? ORDER BY id`, seq, aid)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanAction(rows)
			if err != nil {
				return err
			}
			out = append(out, a.public(e))
		}
		return rows.Err()
	})
	return out, err
}

// SetSuggestions implements annotate.Store. Suggestions whose label the
// project lacks are left out.
func (d *DB) SetSuggestions(ctx context.Context, docID string, sugs []annotate.Suggestion) error {
	return d.write(ctx, func(tx *Tx) error {
		seq, length, err := docRef(ctx, tx, docID)
		if err != nil {
			return err
		}
		set, err := labelSet(ctx, tx)
		if err != nil {
			return err
		}
		_, err = replaceSuggestions(ctx, tx, seq, length, set, sugs)
		return err
	})
}

func replaceSuggestions(ctx context.Context, tx *Tx, seq int64, length int, labels map[string]bool, sugs []annotate.Suggestion) (int, error) {
	if _, err := tx.ExecContext(ctx, `DELETE FROM suggestions WHERE doc = ?`, seq); err != nil {
		return 0, err
	}
	n := 0
	for _, s := range sugs {
		if !labels[s.Label] {
			continue
		}
		if s.Start < 0 || s.End > length || s.Start >= s.End {
			return 0, annotate.Errorf(annotate.EINVALID, "suggestion [%d,%d) is out of range: need 0 <= start < end <= %d", s.Start, s.End, length)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO suggestions (doc, start, "end", label, source, score) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (doc, start, "end", label) DO NOTHING`, seq, s.Start, s.End, s.Label, s.Source, s.Score); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}
