// Package fake is an in-memory annotate.Project for tests that need a
// project but not a file: everything lives in maps behind one mutex.
//
// It behaves like the SQLite store in storage: the same error codes and
// messages, the same undo and redo per document and annotator, the same
// ordering, the same lexicon counts (through annotate.LexiconVotes). The
// contract suite in internal/storetest holds both to that behaviour.
//
// Where storage is known to stray from what annotate documents, the fake
// follows the documentation: the ids of deleted spans and replaced
// suggestions are never given again, a label rename reaches the action log
// (so undo works across it), and a rejection counts once in the lexicon.
package fake

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"goldspan/annotate"
)

// BusyTimeout is how long a write waits for an import in progress before
// it fails with EBUSY, as storage.BusyTimeout is for a project file.
var BusyTimeout = 5 * time.Second

// PreviewLength is how many code points of a document the list shows.
const PreviewLength = 80

// Store is a project kept in memory. Make one with New; it is safe for
// concurrent use.
type Store struct {
	// Now is the clock that stamps logged actions; tests may replace it
	// before use.
	Now annotate.Clock

	mu        sync.Mutex
	st        *state
	importing chan struct{} // non-nil while an import holds the write lock; closed when it ends
}

var (
	_ annotate.Project      = (*Store)(nil)
	_ annotate.SettingStore = (*Store)(nil)
	_ annotate.AssignmentStore = (*Store)(nil)
)

// New returns an empty project with the default labels.
func New() *Store {
	return &Store{Now: time.Now, st: &state{
		labels:   annotate.DefaultLabels(),
		byID:     map[string]*document{},
		lexicon:  map[lexKey]annotate.LexiconEntry{},
		models:   map[string]annotate.Model{},
		settings: map[string]string{},
	}}
}

// state is everything a project holds. A write changes it in place under
// Store.mu; an import changes a clone and swaps it in on Commit.
type state struct {
	labels   []annotate.Label
	docs     []*document // import order: docs[i].Seq == i+1
	byID     map[string]*document
	lexicon  map[lexKey]annotate.LexiconEntry
	lexVer   int64 // bumped whenever the lexicon changes
	models   map[string]annotate.Model
	settings map[string]string
	lastID   int64 // the last id given to a span, suggestion or action; none is reused
}

type lexKey struct{ surface, label string }

// spanKey is where a suggestion is: decisions are keyed by it, so that
// suggesting again keeps them.
type spanKey struct {
	start, end int
	label      string
}

type document struct {
	annotate.Document
	runes   []rune
	preview string
	sugs    []annotate.Suggestion
	layers  map[string]*layer // by annotator
	// assigned holds the annotators the document is assigned to.
	assigned map[string]bool
}

// layer is one annotator's work on one document.
type layer struct {
	name      string
	status    annotate.Status // "" until the annotator has a status here (read as todo)
	spans     []annotate.Span
	decisions map[spanKey]string // decisionAccepted or decisionRejected
	log       []action
}

// decided reports whether the layer's annotator has decided on g: accepted
// or rejected it, or has a span equal to it. A nil layer has decided
// nothing.
func (l *layer) decided(g annotate.Suggestion) bool {
	if l == nil {
		return false
	}
	if _, ok := l.decisions[spanKey{g.Start, g.End, g.Label}]; ok {
		return true
	}
	return slices.ContainsFunc(l.spans, func(s annotate.Span) bool { return s.Start == g.Start && s.End == g.End && s.Label == g.Label })
}

const (
	decisionAccepted = "accepted"
	decisionRejected = "rejected"
)

// Action log states, as storage keeps them.
const (
	stateDone   = iota // in effect; undo takes the newest of these
	stateUndone        // undone; redo takes the oldest of these
	stateSealed        // superseded by an import or by a new action after an undo
)

// action is one logged action. Its spans are never changed in place, so
// clones of the state share them.
type action struct {
	annotate.Action
	state int
}

func (st *state) clone() *state {
	c := *st
	c.labels = slices.Clone(st.labels)
	c.lexicon = maps.Clone(st.lexicon)
	c.models = maps.Clone(st.models)
	c.settings = maps.Clone(st.settings)
	c.docs = make([]*document, len(st.docs))
	c.byID = make(map[string]*document, len(st.docs))
	for i, d := range st.docs {
		nd := *d
		nd.sugs = slices.Clone(d.sugs)
		nd.assigned = maps.Clone(d.assigned)
		nd.layers = make(map[string]*layer, len(d.layers))
		for name, l := range d.layers {
			nd.layers[name] = &layer{name: name, status: l.status, spans: slices.Clone(l.spans), decisions: maps.Clone(l.decisions), log: slices.Clone(l.log)}
		}
		c.docs[i], c.byID[d.ID] = &nd, &nd
	}
	return &c
}

// shown reports whether the layer counts as the annotator's work (storage:
// a status row or a span), for Annotators, Export and Stats.
func (l *layer) shown() bool { return l != nil && (l.status != "" || len(l.spans) > 0) }

// sorted returns a copy of the layer's spans by start, end, label.
func (l *layer) sorted() []annotate.Span {
	if l == nil || len(l.spans) == 0 {
		return nil
	}
	out := slices.Clone(l.spans)
	annotate.SortSpans(out)
	return out
}

func (l *layer) rejected() int {
	n := 0
	if l != nil {
		for _, d := range l.decisions {
			if d == decisionRejected {
				n++
			}
		}
	}
	return n
}

func (d *document) status(annotator string) annotate.Status {
	if l := d.layers[annotator]; l != nil && l.status != "" {
		return l.status
	}
	return annotate.StatusTodo
}

// layer returns the annotator's layer, creating it.
func (d *document) layer(annotator string) *layer {
	l := d.layers[annotator]
	if l == nil {
		l = &layer{name: annotator}
		d.layers[annotator] = l
	}
	return l
}

// shownNames returns the annotators with work on the document, sorted.
func (d *document) shownNames() []string {
	var out []string
	for name, l := range d.layers {
		if l.shown() {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

func sortSuggestions(sugs []annotate.Suggestion) []annotate.Suggestion {
	if len(sugs) == 0 {
		return nil
	}
	out := slices.Clone(sugs)
	slices.SortStableFunc(out, func(a, b annotate.Suggestion) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End), strings.Compare(a.Label, b.Label))
	})
	return out
}

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

// doc returns the document with id, or ENOTFOUND.
func (st *state) doc(id string) (*document, error) {
	if d, ok := st.byID[id]; ok {
		return d, nil
	}
	return nil, annotate.Errorf(annotate.ENOTFOUND, "no document %q", id)
}

// view returns the state for reading and the function that ends the read.
func (s *Store) view() (*state, func()) {
	s.mu.Lock()
	return s.st, s.mu.Unlock
}

// write runs fn as one transaction. fn checks everything before it
// changes anything, so that an error leaves the state as it was.
func (s *Store) write(ctx context.Context, fn func(st *state, now time.Time) error) error {
	if err := s.lock(ctx); err != nil {
		return err
	}
	defer s.mu.Unlock()
	return fn(s.st, s.Now().UTC())
}

// lock takes the mutex once no import holds the write lock, waiting for
// one up to BusyTimeout as a SQLite writer waits for the file.
func (s *Store) lock(ctx context.Context) error {
	timeout := time.NewTimer(BusyTimeout)
	defer timeout.Stop()
	s.mu.Lock()
	for s.importing != nil {
		wait := s.importing
		s.mu.Unlock()
		select {
		case <-wait:
		case <-timeout.C:
			return annotate.Errorf(annotate.EBUSY, "the project is busy: an import has held it for over %s; try again", BusyTimeout)
		case <-ctx.Done():
			return ctx.Err()
		}
		s.mu.Lock()
	}
	return nil
}

func (st *state) labelSet() map[string]bool {
	set := make(map[string]bool, len(st.labels))
	for _, l := range st.labels {
		set[l.Name] = true
	}
	return set
}

// Labels implements annotate.Store.
func (s *Store) Labels(ctx context.Context) ([]annotate.Label, error) {
	st, done := s.view()
	defer done()
	return slices.Clone(st.labels), nil
}

// PutLabel implements annotate.Store.
func (s *Store) PutLabel(ctx context.Context, l annotate.Label) error {
	if err := l.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(st *state, _ time.Time) error {
		i := -1
		for j, o := range st.labels {
			if o.Name == l.Name {
				i = j
			} else if l.Hotkey != "" && o.Hotkey == l.Hotkey {
				return annotate.Errorf(annotate.ECONFLICT, "hotkey %s already belongs to label %s", l.Hotkey, o.Name)
			}
		}
		if i < 0 {
			st.labels = append(st.labels, l)
		} else {
			st.labels[i] = l
		}
		return nil
	})
}

// RenameLabel implements annotate.Store. Spans, suggestions, decisions,
// the lexicon and the action log follow.
func (s *Store) RenameLabel(ctx context.Context, old, new string) error {
	probe := annotate.Label{Name: new, Color: "#000000"}
	if err := probe.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(st *state, _ time.Time) error {
		if set := st.labelSet(); !set[old] {
			return annotate.Errorf(annotate.ENOTFOUND, "no label %q", old)
		} else if set[new] {
			return annotate.Errorf(annotate.ECONFLICT, "label %q already exists", new)
		}
		for i := range st.labels {
			if st.labels[i].Name == old {
				st.labels[i].Name = new
			}
		}
		relabel := func(s *annotate.Span) *annotate.Span {
			if s == nil || s.Label != old {
				return s
			}
			c := *s
			c.Label = new
			return &c
		}
		for _, d := range st.docs {
			for i := range d.sugs {
				if d.sugs[i].Label == old {
					d.sugs[i].Label = new
				}
			}
			for _, l := range d.layers {
				for i := range l.spans {
					l.spans[i] = *relabel(&l.spans[i])
				}
				for k, v := range l.decisions {
					if k.label == old {
						delete(l.decisions, k)
						l.decisions[spanKey{k.start, k.end, new}] = v
					}
				}
				for i := range l.log {
					a := &l.log[i]
					a.Before, a.After, a.Decided = relabel(a.Before), relabel(a.After), relabel(a.Decided)
				}
			}
		}
		for k, e := range st.lexicon {
			if k.label == old {
				delete(st.lexicon, k)
				e.Label = new
				st.lexicon[lexKey{k.surface, new}] = e
				st.lexVer++
			}
		}
		return nil
	})
}

// Annotators implements annotate.Store.
func (s *Store) Annotators(ctx context.Context) ([]string, error) {
	st, done := s.view()
	defer done()
	names := map[string]bool{}
	for _, d := range st.docs {
		for _, name := range d.shownNames() {
			names[name] = true
		}
	}
	return slices.Sorted(maps.Keys(names)), nil
}

// match returns the documents f selects, in import order.
func (st *state) match(f annotate.DocumentFilter) []*document {
	var out []*document
	for _, d := range st.docs {
		if f.Status != "" && d.status(f.Annotator) != f.Status {
			continue
		}
		if f.Query != "" && !strings.Contains(d.ID, f.Query) && !strings.Contains(d.Text, f.Query) {
			continue
		}
		if f.Assigned && !d.assigned[f.Annotator] {
			continue
		}
		out = append(out, d)
	}
	return out
}

// Documents implements annotate.Store.
func (s *Store) Documents(ctx context.Context, f annotate.DocumentFilter) ([]annotate.DocumentSummary, error) {
	st, done := s.view()
	defer done()
	docs := st.match(f)
	docs = docs[min(max(f.Offset, 0), len(docs)):]
	if f.Limit > 0 && f.Limit < len(docs) {
		docs = docs[:f.Limit]
	}
	var out []annotate.DocumentSummary
	for _, d := range docs {
		sum := annotate.DocumentSummary{ID: d.ID, Seq: d.Seq, Preview: d.preview, Length: len(d.runes), Status: d.status(f.Annotator),
			Suggestions: len(d.sugs)}
		l := d.layers[f.Annotator]
		if l != nil {
			sum.Spans = len(l.spans)
		}
		for _, g := range d.sugs {
			if !l.decided(g) {
				sum.Undecided++
			}
		}
		out = append(out, sum)
	}
	return out, nil
}

// CountDocuments implements annotate.Store.
func (s *Store) CountDocuments(ctx context.Context, f annotate.DocumentFilter) (int, error) {
	st, done := s.view()
	defer done()
	return len(st.match(f)), nil
}

// Document implements annotate.Store.
func (s *Store) Document(ctx context.Context, id string) (annotate.Document, error) {
	st, done := s.view()
	defer done()
	d, err := st.doc(id)
	if err != nil {
		return annotate.Document{}, err
	}
	doc := d.Document
	doc.Meta = bytes.Clone(doc.Meta)
	return doc, nil
}

// Spans implements annotate.Store.
func (s *Store) Spans(ctx context.Context, docID, annotator string) ([]annotate.Span, error) {
	st, done := s.view()
	defer done()
	if d, ok := st.byID[docID]; ok {
		return d.layers[annotator].sorted(), nil
	}
	return nil, nil
}

// AllSpans implements annotate.Store.
func (s *Store) AllSpans(ctx context.Context, docID string) ([]annotate.Span, error) {
	st, done := s.view()
	defer done()
	d, ok := st.byID[docID]
	if !ok {
		return nil, nil
	}
	var out []annotate.Span
	for _, name := range slices.Sorted(maps.Keys(d.layers)) {
		out = append(out, d.layers[name].sorted()...)
	}
	return out, nil
}

// Suggestions implements annotate.Store.
func (s *Store) Suggestions(ctx context.Context, docID, annotator string) ([]annotate.Suggestion, error) {
	st, done := s.view()
	defer done()
	d, err := st.doc(docID)
	if err != nil {
		return nil, err
	}
	l := d.layers[annotator]
	var out []annotate.Suggestion
	for _, g := range sortSuggestions(d.sugs) {
		if !l.decided(g) {
			out = append(out, g)
		}
	}
	return out, nil
}

// Status implements annotate.Store.
func (s *Store) Status(ctx context.Context, docID, annotator string) (annotate.Status, error) {
	st, done := s.view()
	defer done()
	d, err := st.doc(docID)
	if err != nil {
		return "", err
	}
	return d.status(annotator), nil
}

// resolve finds the document and the annotator's layer that an edit changes.
func (st *state) resolve(docID, annotator string) (*document, *layer, error) {
	d, err := st.doc(docID)
	if err != nil {
		return nil, nil, err
	}
	if err := annotate.ValidateAnnotator(annotator); err != nil {
		return nil, nil, err
	}
	return d, d.layer(annotator), nil
}

// findSpan finds the annotator's span id.
func (st *state) findSpan(annotator string, id int64) (*document, *layer, annotate.Span, error) {
	for _, d := range st.docs {
		if l := d.layers[annotator]; l != nil {
			if i := slices.IndexFunc(l.spans, func(s annotate.Span) bool { return s.ID == id }); i >= 0 {
				return d, l, l.spans[i], nil
			}
		}
	}
	return nil, nil, annotate.Span{}, annotate.Errorf(annotate.ENOTFOUND, "%s has no span %d", annotator, id)
}

// findSuggestion finds suggestion id.
func (st *state) findSuggestion(id int64) (annotate.Suggestion, error) {
	for _, d := range st.docs {
		if i := slices.IndexFunc(d.sugs, func(g annotate.Suggestion) bool { return g.ID == id }); i >= 0 {
			return d.sugs[i], nil
		}
	}
	return annotate.Suggestion{}, annotate.Errorf(annotate.ENOTFOUND, "no suggestion %d (suggestions may have been computed again)", id)
}

// putSpan moves the stored span from `from` to `to`: inserts when from is
// nil, deletes when to is nil, updates otherwise. It refuses (ECONFLICT)
// when the stored span is not `from`, so that an undo never applies on top
// of a change it does not expect; it validates `to` against the document
// and labels and refuses an exact duplicate. It returns the stored span.
func (st *state) putSpan(d *document, l *layer, from, to *annotate.Span) (annotate.Span, error) {
	i := -1
	if from != nil {
		i = slices.IndexFunc(l.spans, func(s annotate.Span) bool { return s.ID == from.ID })
		if i < 0 || l.spans[i] != *from {
			return annotate.Span{}, annotate.Errorf(annotate.ECONFLICT, "the span at [%d,%d) changed since; nothing was changed", from.Start, from.End)
		}
	}
	var out annotate.Span
	if to != nil {
		out = *to
		if from != nil {
			out.ID = from.ID
		}
		if err := out.Validate(len(d.runes), st.labelSet()); err != nil {
			return annotate.Span{}, err
		}
		for _, o := range l.spans {
			if o.ID != out.ID && o.Start == out.Start && o.End == out.End && o.Label == out.Label {
				return annotate.Span{}, annotate.Errorf(annotate.ECONFLICT, "%s already has %s at [%d,%d)", l.name, out.Label, out.Start, out.End)
			}
		}
	}
	switch {
	case to == nil:
		l.spans = slices.Delete(l.spans, i, i+1)
	case from == nil:
		if out.ID == 0 {
			st.lastID++
			out.ID = st.lastID
		}
		l.spans = append(l.spans, out)
	default:
		l.spans[i] = out
	}
	var after *annotate.Span
	if to != nil {
		after = &out
	}
	st.vote(d, from, after, nil, nil)
	return out, nil
}

// decide records (set) or removes the annotator's decision on the
// suggestion at `at`; a rejection that comes or goes moves the lexicon.
func (st *state) decide(d *document, l *layer, at annotate.Span, decision string, set bool) {
	k := spanKey{at.Start, at.End, at.Label}
	old := l.decisions[k]
	if set {
		if l.decisions == nil {
			l.decisions = map[spanKey]string{}
		}
		l.decisions[k] = decision
	} else {
		delete(l.decisions, k)
		decision = ""
	}
	var rejected, unrejected *annotate.Span
	if decision == decisionRejected && old != decisionRejected {
		rejected = &at
	} else if old == decisionRejected && decision != decisionRejected {
		unrejected = &at
	}
	st.vote(d, nil, nil, rejected, unrejected)
}

// vote applies annotate.LexiconVotes for one change on document d.
func (st *state) vote(d *document, before, after, rejected, unrejected *annotate.Span) {
	for _, v := range annotate.LexiconVotes(d.runes, before, after, rejected, unrejected) {
		k := lexKey{v.Surface, v.Label}
		e := st.lexicon[k]
		e.Surface, e.Label = v.Surface, v.Label
		e.Votes += v.Votes
		e.Rejections += v.Rejections
		st.lexicon[k] = e
		st.lexVer++
	}
}

// logEdit logs an edit of spans or decisions: a todo document becomes
// in progress in the same action.
func (st *state) logEdit(d *document, l *layer, a annotate.Action, now time.Time) {
	if l.status == "" || l.status == annotate.StatusTodo {
		a.StatusBefore, a.StatusAfter = annotate.StatusTodo, annotate.StatusInProgress
		l.status = annotate.StatusInProgress
	}
	st.logAction(d, l, a, now)
}

// logAction appends a to the layer's log and seals the redo history that
// a new action supersedes.
func (st *state) logAction(d *document, l *layer, a annotate.Action, now time.Time) {
	for i := range l.log {
		if l.log[i].state == stateUndone {
			l.log[i].state = stateSealed
		}
	}
	st.lastID++
	a.ID, a.DocID, a.Annotator, a.Time = st.lastID, d.ID, l.name, now
	l.log = append(l.log, action{Action: a})
}

func ptr(s annotate.Span) *annotate.Span { return &s }

func clonePtr(s *annotate.Span) *annotate.Span {
	if s == nil {
		return nil
	}
	return ptr(*s)
}

// public returns a copy of the action that callers may change.
func (a action) public() annotate.Action {
	out := a.Action
	out.Before, out.After, out.Decided = clonePtr(a.Before), clonePtr(a.After), clonePtr(a.Decided)
	out.Undone = a.state == stateUndone
	return out
}

// AddSpan implements annotate.Store.
func (s *Store) AddSpan(ctx context.Context, sp annotate.Span) (annotate.Span, error) {
	var out annotate.Span
	err := s.write(ctx, func(st *state, now time.Time) error {
		d, l, err := st.resolve(sp.DocID, sp.Annotator)
		if err != nil {
			return err
		}
		to := annotate.Span{DocID: d.ID, Start: sp.Start, End: sp.End, Label: sp.Label, Origin: cmp.Or(sp.Origin, annotate.OriginManual), Annotator: l.name}
		if out, err = st.putSpan(d, l, nil, &to); err != nil {
			return err
		}
		st.logEdit(d, l, annotate.Action{Kind: annotate.ActionAdd, After: ptr(out)}, now)
		return nil
	})
	return out, err
}

// UpdateSpan implements annotate.Store.
func (s *Store) UpdateSpan(ctx context.Context, annotator string, id int64, start, end int, label string) (annotate.Span, error) {
	var out annotate.Span
	err := s.write(ctx, func(st *state, now time.Time) error {
		d, l, before, err := st.findSpan(annotator, id)
		if err != nil {
			return err
		}
		after := before
		after.Start, after.End, after.Label = start, end, label
		if after == before {
			out = after
			return nil
		}
		if before.Origin == annotate.OriginSuggestion {
			after.Origin = annotate.OriginSuggestionEdited
		}
		if out, err = st.putSpan(d, l, &before, &after); err != nil {
			return err
		}
		st.logEdit(d, l, annotate.Action{Kind: annotate.ActionUpdate, Before: &before, After: ptr(out)}, now)
		return nil
	})
	return out, err
}

// DeleteSpan implements annotate.Store.
func (s *Store) DeleteSpan(ctx context.Context, annotator string, id int64) error {
	return s.write(ctx, func(st *state, now time.Time) error {
		d, l, before, err := st.findSpan(annotator, id)
		if err != nil {
			return err
		}
		if _, err := st.putSpan(d, l, &before, nil); err != nil {
			return err
		}
		st.logEdit(d, l, annotate.Action{Kind: annotate.ActionDelete, Before: &before}, now)
		return nil
	})
}

// AcceptSuggestion implements annotate.Store.
func (s *Store) AcceptSuggestion(ctx context.Context, annotator string, id int64, label string) (annotate.Span, error) {
	var out annotate.Span
	err := s.write(ctx, func(st *state, now time.Time) error {
		g, err := st.findSuggestion(id)
		if err != nil {
			return err
		}
		d, l, err := st.resolve(g.DocID, annotator)
		if err != nil {
			return err
		}
		to := annotate.Span{DocID: d.ID, Start: g.Start, End: g.End, Label: g.Label, Origin: annotate.OriginSuggestion, Annotator: l.name}
		if label != "" && label != g.Label {
			to.Label, to.Origin = label, annotate.OriginSuggestionEdited
		}
		if out, err = st.putSpan(d, l, nil, &to); err != nil {
			return err
		}
		at := annotate.Span{DocID: d.ID, Start: g.Start, End: g.End, Label: g.Label}
		st.decide(d, l, at, decisionAccepted, true)
		st.logEdit(d, l, annotate.Action{Kind: annotate.ActionAdd, After: ptr(out), Decided: &at}, now)
		return nil
	})
	return out, err
}

// RejectSuggestion implements annotate.Store.
func (s *Store) RejectSuggestion(ctx context.Context, annotator string, id int64) error {
	return s.write(ctx, func(st *state, now time.Time) error {
		g, err := st.findSuggestion(id)
		if err != nil {
			return err
		}
		d, l, err := st.resolve(g.DocID, annotator)
		if err != nil {
			return err
		}
		at := annotate.Span{DocID: d.ID, Start: g.Start, End: g.End, Label: g.Label}
		st.decide(d, l, at, decisionRejected, true)
		st.logEdit(d, l, annotate.Action{Kind: annotate.ActionReject, Decided: &at}, now)
		return nil
	})
}

// SetStatus implements annotate.Store.
func (s *Store) SetStatus(ctx context.Context, docID, annotator string, status annotate.Status) error {
	if _, err := annotate.ParseStatus(string(status)); err != nil {
		return err
	}
	return s.write(ctx, func(st *state, now time.Time) error {
		d, l, err := st.resolve(docID, annotator)
		if err != nil {
			return err
		}
		before := d.status(annotator)
		if before == status {
			return nil
		}
		l.status = status
		st.logAction(d, l, annotate.Action{Kind: annotate.ActionStatus, StatusBefore: before, StatusAfter: status}, now)
		return nil
	})
}

// replay applies a logged action forwards (redo) or backwards (undo).
func (st *state) replay(d *document, l *layer, a annotate.Action, forward bool) error {
	from, to := a.After, a.Before
	if forward {
		from, to = a.Before, a.After
	}
	if from != nil || to != nil {
		if _, err := st.putSpan(d, l, from, to); err != nil {
			return err
		}
	}
	if a.Decided != nil {
		decision := decisionAccepted
		if a.Kind == annotate.ActionReject {
			decision = decisionRejected
		}
		st.decide(d, l, *a.Decided, decision, forward)
	}
	if a.StatusAfter != "" {
		l.status = a.StatusBefore
		if forward {
			l.status = a.StatusAfter
		}
	}
	return nil
}

// Undo implements annotate.Store.
func (s *Store) Undo(ctx context.Context, docID, annotator string) (annotate.Action, error) {
	return s.step(ctx, docID, annotator, false)
}

// Redo implements annotate.Store.
func (s *Store) Redo(ctx context.Context, docID, annotator string) (annotate.Action, error) {
	return s.step(ctx, docID, annotator, true)
}

func (s *Store) step(ctx context.Context, docID, annotator string, redo bool) (annotate.Action, error) {
	var out annotate.Action
	err := s.write(ctx, func(st *state, _ time.Time) error {
		d, l, err := st.resolve(docID, annotator)
		if err != nil {
			return err
		}
		i, next, word := len(l.log)-1, stateUndone, "undo"
		for i >= 0 && l.log[i].state != stateDone {
			i--
		}
		if redo {
			next, word = stateDone, "redo"
			i = slices.IndexFunc(l.log, func(a action) bool { return a.state == stateUndone })
		}
		if i < 0 {
			return annotate.Errorf(annotate.ENOTHING, "nothing to %s in this document", word)
		}
		if err := st.replay(d, l, l.log[i].Action, redo); err != nil {
			return err
		}
		l.log[i].state = next
		out = l.log[i].public()
		return nil
	})
	return out, err
}

// Actions implements annotate.Store.
func (s *Store) Actions(ctx context.Context, docID, annotator string) ([]annotate.Action, error) {
	st, done := s.view()
	defer done()
	d, err := st.doc(docID)
	if err != nil {
		return nil, err
	}
	var out []annotate.Action
	if l := d.layers[annotator]; l != nil {
		for _, a := range l.log {
			out = append(out, a.public())
		}
	}
	return out, nil
}

// SetSuggestions implements annotate.Store. Suggestions whose label the
// project lacks are left out.
func (s *Store) SetSuggestions(ctx context.Context, docID string, sugs []annotate.Suggestion) error {
	return s.write(ctx, func(st *state, _ time.Time) error {
		d, err := st.doc(docID)
		if err != nil {
			return err
		}
		_, err = st.replaceSuggestions(d, st.labelSet(), sugs)
		return err
	})
}

// replaceSuggestions makes sugs the document's suggestions, leaving out
// unknown labels and repeats; it returns how many it took (repeats too).
func (st *state) replaceSuggestions(d *document, labels map[string]bool, sugs []annotate.Suggestion) (int, error) {
	var keep []annotate.Suggestion
	seen := map[spanKey]bool{}
	n := 0
	for _, g := range sugs {
		if !labels[g.Label] {
			continue
		}
		if g.Start < 0 || g.End > len(d.runes) || g.Start >= g.End {
			return 0, annotate.Errorf(annotate.EINVALID, "suggestion [%d,%d) is out of range: need 0 <= start < end <= %d", g.Start, g.End, len(d.runes))
		}
		n++
		if k := (spanKey{g.Start, g.End, g.Label}); !seen[k] {
			seen[k] = true
			keep = append(keep, g)
		}
	}
	for i := range keep {
		st.lastID++
		keep[i].ID, keep[i].DocID = st.lastID, d.ID
	}
	d.sugs = keep
	return n, nil
}

// importer is one all-or-nothing import: it holds the write lock from
// BeginImport to Commit or Rollback and changes a clone of the state.
type importer struct {
	s      *Store
	work   *state
	labels map[string]bool
	res    annotate.ImportResult
	done   bool
}

// BeginImport implements annotate.Store.
func (s *Store) BeginImport(ctx context.Context) (annotate.Importer, error) {
	if err := s.lock(ctx); err != nil {
		return nil, err
	}
	defer s.mu.Unlock()
	s.importing = make(chan struct{})
	return &importer{s: s, work: s.st.clone(), labels: s.st.labelSet()}, nil
}

// Add implements annotate.Importer.
func (im *importer) Add(ctx context.Context, r annotate.Record) error {
	if im.done {
		return annotate.Errorf(annotate.EINTERNAL, "import already finished")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return im.work.importRecord(r, im.labels, &im.res)
}

// PutLabel implements annotate.Importer.
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
	for _, o := range im.work.labels {
		if l.Hotkey != "" && o.Hotkey == l.Hotkey {
			return annotate.Errorf(annotate.ECONFLICT, "hotkey %s already belongs to label %s", l.Hotkey, o.Name)
		}
	}
	im.work.labels = append(im.work.labels, l)
	im.labels[l.Name] = true
	return nil
}

// Commit implements annotate.Importer.
func (im *importer) Commit() (annotate.ImportResult, error) {
	if im.done {
		return im.res, annotate.Errorf(annotate.EINTERNAL, "import already finished")
	}
	im.finish(true)
	return im.res, nil
}

// Rollback implements annotate.Importer.
func (im *importer) Rollback() error {
	if !im.done {
		im.finish(false)
	}
	return nil
}

func (im *importer) finish(commit bool) {
	im.done = true
	im.s.mu.Lock()
	defer im.s.mu.Unlock()
	if commit {
		im.s.st = im.work
	}
	close(im.s.importing)
	im.s.importing, im.work = nil, nil
}

func (st *state) importRecord(r annotate.Record, labels map[string]bool, res *annotate.ImportResult) error {
	doc := r.Doc
	if err := doc.Validate(); err != nil {
		return err
	}
	doc.Meta = bytes.Clone(doc.Meta)
	if len(doc.Meta) == 0 {
		doc.Meta = json.RawMessage("{}")
	}
	d := st.byID[doc.ID]
	switch {
	case d == nil:
		doc.Seq = int64(len(st.docs)) + 1
		d = &document{Document: doc, runes: []rune(doc.Text), preview: preview(doc.Text), layers: map[string]*layer{}}
		st.docs = append(st.docs, d)
		st.byID[doc.ID] = d
		res.NewDocs++
	case d.Text != doc.Text:
		return annotate.Errorf(annotate.ECONFLICT, "document %q is already in the project with a different text", doc.ID)
	}
	res.Documents++
	if r.Annotator != "" {
		if err := annotate.ValidateAnnotator(r.Annotator); err != nil {
			return err
		}
		l := d.layer(r.Annotator)
		if r.HasSpans {
			if err := st.replaceSpans(d, l, r.Spans, labels, res); err != nil {
				return err
			}
		}
		if r.Status != "" {
			if _, err := annotate.ParseStatus(string(r.Status)); err != nil {
				return err
			}
			l.status = r.Status
		}
	}
	if r.Suggestions != nil {
		n, err := st.replaceSuggestions(d, labels, r.Suggestions)
		if err != nil {
			return err
		}
		res.Suggestions += n
	}
	return nil
}

// replaceSpans makes spans the annotator's whole layer on the document and
// seals its log: undo cannot reach across an import.
func (st *state) replaceSpans(d *document, l *layer, spans []annotate.Span, labels map[string]bool, res *annotate.ImportResult) error {
	seen := map[spanKey]bool{}
	for i, s := range spans {
		s.Annotator = l.name
		if err := s.Validate(len(d.runes), labels); err != nil {
			return fmt.Errorf("span %d: %w", i+1, err)
		}
		k := spanKey{s.Start, s.End, s.Label}
		if seen[k] {
			return annotate.Errorf(annotate.ECONFLICT, "span %d: %s at [%d,%d) appears twice", i+1, s.Label, s.Start, s.End)
		}
		seen[k] = true
	}
	for _, old := range l.spans {
		st.vote(d, &old, nil, nil, nil)
	}
	l.spans = nil
	for _, s := range spans {
		st.lastID++
		s = annotate.Span{ID: st.lastID, DocID: d.ID, Start: s.Start, End: s.End, Label: s.Label, Origin: cmp.Or(s.Origin, annotate.OriginManual), Annotator: l.name}
		l.spans = append(l.spans, s)
		st.vote(d, nil, &s, nil, nil)
		res.Spans++
	}
	for i := range l.log {
		l.log[i].state = stateSealed
	}
	return nil
}

// Export implements annotate.Store. It reads one snapshot of the project
// and calls fn without holding the lock.
func (s *Store) Export(ctx context.Context, f annotate.ExportFilter, fn func(annotate.Record) error) error {
	if !f.All && f.Annotator == "" {
		return annotate.Errorf(annotate.EINVALID, "export needs an annotator, or all annotators")
	}
	st, done := s.view()
	var recs []annotate.Record
	for _, d := range st.docs {
		recs = append(recs, d.records(f)...)
	}
	done()
	for _, r := range recs {
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// records turns one document's layers into the records f asks for.
func (d *document) records(f annotate.ExportFilter) []annotate.Record {
	doc := d.Document
	doc.Meta = bytes.Clone(doc.Meta)
	var sugs []annotate.Suggestion
	if f.Suggestions {
		sugs = sortSuggestions(d.sugs)
	}
	names := []string{f.Annotator}
	if f.All {
		names = d.shownNames()
	}
	var out []annotate.Record
	for _, name := range names {
		st := d.status(name)
		if f.Status != "" && f.Status != st {
			continue
		}
		l := d.layers[name]
		r := annotate.Record{Doc: doc, Annotator: name, Status: st, HasSpans: true, Spans: l.sorted()}
		if f.Suggestions {
			r.Suggestions, r.Rejected = sugs, l.rejected()
		}
		out = append(out, r)
	}
	if f.All && len(names) == 0 && (f.Status == "" || f.Status == annotate.StatusTodo) {
		out = append(out, annotate.Record{Doc: doc, Suggestions: sugs})
	}
	return out
}

// Stats implements annotate.Store.
func (s *Store) Stats(ctx context.Context) (annotate.Stats, error) {
	st, done := s.view()
	defer done()
	out := annotate.Stats{Documents: len(st.docs), Labels: slices.Clone(st.labels)}
	byName := map[string]*annotate.AnnotatorStats{}
	for _, d := range st.docs {
		out.Characters += int64(len(d.runes))
		out.Suggestions += len(d.sugs)
		for name, l := range d.layers {
			out.Actions += len(l.log)
			if !l.shown() {
				continue
			}
			a := byName[name]
			if a == nil {
				a = &annotate.AnnotatorStats{Name: name, ByStatus: map[annotate.Status]int{}, ByLabel: map[string]int{}}
				byName[name] = a
			}
			if l.status != "" {
				a.ByStatus[l.status]++
			}
			for _, sp := range l.spans {
				a.ByLabel[sp.Label]++
				a.Spans++
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(byName)) {
		a := byName[name]
		counted := 0
		for _, n := range a.ByStatus {
			counted += n
		}
		a.ByStatus[annotate.StatusTodo] += out.Documents - counted
		out.Annotators = append(out.Annotators, *a)
	}
	return out, nil
}

// SaveModel implements annotate.ModelStore.
func (s *Store) SaveModel(ctx context.Context, ms ...annotate.Model) error {
	return s.write(ctx, func(st *state, _ time.Time) error {
		for _, m := range ms {
			m.Data = bytes.Clone(m.Data)
			st.models[m.Name] = m
		}
		return nil
	})
}

// LoadModel implements annotate.ModelStore.
func (s *Store) LoadModel(ctx context.Context, name string) (annotate.Model, error) {
	st, done := s.view()
	defer done()
	m, ok := st.models[name]
	if !ok {
		return annotate.Model{Name: name}, annotate.Errorf(annotate.ENOTFOUND, "the project has no %s model yet", name)
	}
	m.Data = bytes.Clone(m.Data)
	return m, nil
}

// Setting implements annotate.SettingStore.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	if err := annotate.ValidateSettingKey(key); err != nil {
		return "", err
	}
	st, done := s.view()
	defer done()
	return st.settings[key], nil
}

// SetSetting implements annotate.SettingStore.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	if err := annotate.ValidateSetting(key, value); err != nil {
		return err
	}
	return s.write(ctx, func(st *state, _ time.Time) error {
		if value == "" {
			delete(st.settings, key)
		} else {
			st.settings[key] = value
		}
		return nil
	})
}

// Assign implements annotate.AssignmentStore: every assignment is checked
// before any is stored, so a refused call changes nothing.
func (s *Store) Assign(ctx context.Context, as []annotate.Assignment, replace bool) error {
	return s.write(ctx, func(st *state, _ time.Time) error {
		for _, a := range as {
			if err := annotate.ValidateAnnotator(a.Annotator); err != nil {
				return err
			}
			if st.byID[a.DocID] == nil {
				return annotate.Errorf(annotate.ENOTFOUND, "assign %s to %s: no document %q", a.DocID, a.Annotator, a.DocID)
			}
		}
		if replace {
			for _, d := range st.docs {
				d.assigned = nil
			}
		}
		for _, a := range as {
			d := st.byID[a.DocID]
			if d.assigned == nil {
				d.assigned = map[string]bool{}
			}
			d.assigned[a.Annotator] = true
		}
		return nil
	})
}

// Assignments implements annotate.AssignmentStore.
func (s *Store) Assignments(ctx context.Context, annotator string) ([]annotate.Assignment, error) {
	st, done := s.view()
	defer done()
	var out []annotate.Assignment
	for _, d := range st.docs {
		for _, name := range slices.Sorted(maps.Keys(d.assigned)) {
			if annotator == "" || name == annotator {
				out = append(out, annotate.Assignment{DocID: d.ID, Annotator: name})
			}
		}
	}
	return out, nil
}

// Lexicon implements annotate.LexiconStore.
func (s *Store) Lexicon(ctx context.Context) ([]annotate.LexiconEntry, error) {
	st, done := s.view()
	defer done()
	var out []annotate.LexiconEntry
	for _, e := range st.lexicon {
		if e.Votes > 0 || e.Rejections > 0 {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b annotate.LexiconEntry) int {
		return cmp.Or(strings.Compare(a.Surface, b.Surface), strings.Compare(a.Label, b.Label))
	})
	return out, nil
}

// LexiconVersion implements annotate.LexiconStore: a counter of the
// lexicon's changes.
func (s *Store) LexiconVersion(ctx context.Context) (string, error) {
	st, done := s.view()
	defer done()
	return strconv.FormatInt(st.lexVer, 10), nil
}

// Claim implements annotate.Project: nothing else can hold an in-memory
// project, so it always succeeds and release does nothing.
func (s *Store) Claim() (release func() error, holder string, err error) {
	return func() error { return nil }, "", nil
}

// Backup implements annotate.Project: an in-memory project keeps no
// backups, so it returns "".
func (s *Store) Backup(ctx context.Context, keep int) (string, error) { return "", nil }

// Close implements annotate.Project; there is nothing to release.
func (s *Store) Close() error { return nil }
