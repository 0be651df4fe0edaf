package app

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"goldspan/annotate"
	"goldspan/project"
)

// editing is the span-editing controller of one SpanEditor. It applies the
// reviewer's edits to one layer, the spans (and open suggestions) of one
// annotator on one document, each through project.Reviewer: store calls
// that the store logs and can undo, the learner told after each commit. After every action it shows the layer as the store then holds
// it, selects what the action leaves to look at, and tells its owner what
// changed through editHooks; a failed store call goes to the owner's one
// report function. Edits wait while a dialog is open on the editor's
// window and while the owner says they must (an import runs).
//
// The desk (the reviewer's layer) and the adjudication view (gold) embed
// it: the editor's OnXxx callbacks are its onXxx methods, and its fields
// are the layer on show.
type editing struct {
	editor *SpanEditor
	canvas fyne.Canvas // the editor's window's: no edit while it shows a dialog
	// withSuggestions shows the layer's open machine suggestions; gold is
	// edited without them.
	withSuggestions bool
	hooks           editHooks

	store  annotate.Store
	doc    annotate.Document
	hasDoc bool
	author string // whose layer: the reviewer's name, or gold
	status annotate.Status
	bulk   bool // a bulk action (Accept all, Label all) is deciding: no echoes
	spans  []annotate.Span
	sugs   []annotate.Suggestion
}

// editHooks are how the owner of an editing controller takes part: what
// else stops an edit, and what to show once one was tried.
type editHooks struct {
	// usable reports whether the owner can take edits at all now; it says
	// why not itself. Nil means always.
	usable func() bool
	// busy says why edits wait now ("" when they need not).
	busy func() string
	// say shows a short message (the status bar, a message line).
	say func(msg string)
	// report shows a failed store call.
	report func(err error)
	// reloaded runs after the layer was read again into the editor, for
	// what else shows its spans or status.
	reloaded func()
	// changed runs after each action that reached the store, once the
	// editor shows its outcome.
	changed func(c change)
	// suggester returns the project's suggester; when it learns
	// (annotate.Learner) it hears of every stored action. Nil for none.
	suggester func() annotate.Suggester
}

// changeKind names what an action did.
type changeKind int

// The actions of the editing controller.
const (
	changeAdd       changeKind = iota + 1 // a span added on a selection
	changeRelabel                         // a span relabelled, or a suggestion accepted as another label
	changeAccept                          // a suggestion accepted
	changeRemove                          // a span deleted or a suggestion rejected
	changeResize                          // a span's (or suggestion's) boundaries moved
	changeAcceptAll                       // every open suggestion accepted
	changeLabelAll                        // the other occurrences of a text labelled
	changeUndo                            // the latest action undone
	changeRedo                            // the latest undone action done again
	changeStatus                          // the layer's status set
	changeReplace                         // the spans over a range replaced by a version
)

// change is what one action did, for the owner's messages.
type change struct {
	kind       changeKind
	mark       Mark            // the mark acted on (relabel, accept, remove, resize)
	start, end int             // the range acted on (add, resize, label all, replace)
	label      string          // the label given (add, relabel, label all)
	n          int             // suggestions accepted, occurrences labelled or spans added (replace)
	removed    int             // spans removed (replace)
	action     annotate.Action // the action undone or redone
	note       string          // the caller's word for a replace ("Took bob's version")
	stored     bool            // the store took at least one call: the layer changed
	err        error           // the store call that failed, nil if none did
}

// ctx is the context of the store calls, made on the UI goroutine.
func (e *editing) ctx() context.Context { return context.Background() }

// setLayer makes author's layer on doc in st the one edited, reads it and
// shows it with the selection cleared. The error is the read's; the
// document shows even then.
func (e *editing) setLayer(st annotate.Store, doc annotate.Document, author string) error {
	e.store, e.doc, e.hasDoc, e.author = st, doc, true, author
	err := e.loadLayer()
	e.editor.SetDocument(doc.Text, MarksOf(e.spans, e.sugs))
	return err
}

// closeLayer stops editing: the project closed or changed.
func (e *editing) closeLayer() {
	e.store, e.hasDoc = nil, false
}

// loadLayer reads the layer's status, spans and (withSuggestions) open suggestions.
func (e *editing) loadLayer() error {
	ctx := e.ctx()
	var err error
	if e.status, err = e.store.Status(ctx, e.doc.ID, e.author); err != nil {
		return err
	}
	if e.spans, err = e.store.Spans(ctx, e.doc.ID, e.author); err != nil {
		return err
	}
	e.sugs = nil
	if e.withSuggestions {
		e.sugs, err = e.store.Suggestions(ctx, e.doc.ID, e.author)
	}
	return err
}

// reloadLayer reads the layer again and shows it, keeping the selected
// mark selected if it is still there.
func (e *editing) reloadLayer() {
	if err := e.loadLayer(); err != nil {
		e.hooks.report(err)
		return
	}
	e.editor.SetMarks(MarksOf(e.spans, e.sugs))
	if e.hooks.reloaded != nil {
		e.hooks.reloaded()
	}
}

// focusEditor gives the span editor the keyboard.
func (e *editing) focusEditor() { e.canvas.Focus(e.editor) }

// canEdit reports whether an edit may go to the store now, saying why not:
// not behind a dialog (window shortcuts and menus reach the window even
// then), not while the owner is busy, and only on an open layer.
func (e *editing) canEdit() bool {
	if e.canvas.Overlays().Top() != nil {
		e.hooks.say(lang.L("Close the dialog first"))
		return false
	}
	if e.hooks.usable != nil && !e.hooks.usable() {
		return false
	}
	if b := e.hooks.busy(); b != "" {
		e.hooks.say(fmt.Sprintf(lang.L("%s: edits wait until it is done"), b))
		return false
	}
	return e.store != nil && e.hasDoc && e.author != ""
}

// settle shows the outcome of an action's store calls: err through the
// owner's report, then the layer as the store now holds it. It reports
// whether err is nil.
func (e *editing) settle(err error) bool {
	if err != nil {
		e.hooks.report(err)
	}
	e.reloadLayer()
	return err == nil
}

// tell passes what an action did on to the owner.
func (e *editing) tell(c change) {
	if e.hooks.changed != nil {
		e.hooks.changed(c)
	}
}

// reviewer is the layer's author acting on the project through the
// project service, as goldspan replay does: one store call per action,
// and the learner told once it committed.
func (e *editing) reviewer() project.Reviewer {
	// A single confirmation echoes its text's other occurrences; the
	// bulk actions, which decide many at once, do not.
	r := project.Reviewer{St: e.store, Annotator: e.author, Echo: !e.bulk}
	if e.hooks.suggester != nil {
		r.Suggester = e.hooks.suggester()
	}
	return r
}

// span and sug name the span or suggestion m of the layer for the reviewer.
func (e *editing) span(id int64) annotate.Span {
	return annotate.Span{ID: id, DocID: e.doc.ID, Annotator: e.author}
}

func (e *editing) sug(id int64) annotate.Suggestion {
	return annotate.Suggestion{ID: id, DocID: e.doc.ID}
}

// onAddSpan adds a span on [start, end) and selects it.
func (e *editing) onAddSpan(start, end int, label string) {
	if !e.canEdit() {
		return
	}
	sp, err := e.reviewer().AddSpan(e.ctx(), e.doc.ID, start, end, label)
	if e.settle(err) {
		e.editor.SelectMark(Mark{Kind: MarkSpan, ID: sp.ID})
	}
	e.tell(change{kind: changeAdd, start: start, end: end, label: label, stored: err == nil, err: err})
}

// onRelabel gives the span m another label, or accepts the suggestion m
// as label, and selects the span.
func (e *editing) onRelabel(m Mark, label string) {
	if !e.canEdit() {
		return
	}
	var sp annotate.Span
	var err error
	if m.Kind == MarkSuggestion {
		sp, err = e.acceptSuggestion(m, label)
	} else {
		sp, err = e.reviewer().UpdateSpan(e.ctx(), e.span(m.ID), m.Start, m.End, label)
	}
	if e.settle(err) {
		e.editor.SelectMark(Mark{Kind: MarkSpan, ID: sp.ID})
	}
	e.tell(change{kind: changeRelabel, mark: m, label: label, stored: err == nil, err: err})
}

// onAccept accepts the suggestion m and walks on to the next suggestion
// (so Enter, Enter, Enter reviews them all), else selects the new span.
func (e *editing) onAccept(m Mark) {
	if !e.canEdit() {
		return
	}
	sp, err := e.acceptSuggestion(m, "")
	if e.settle(err) && !e.editor.SelectMarkAfter(m, MarkSuggestion) {
		e.editor.SelectMark(Mark{Kind: MarkSpan, ID: sp.ID})
	}
	e.tell(change{kind: changeAccept, mark: m, stored: err == nil, err: err})
}

// onRemove deletes the span m or rejects the suggestion m, and selects
// what followed it in Tab order (else what preceded it, else a caret
// where it was).
func (e *editing) onRemove(m Mark) {
	if !e.canEdit() {
		return
	}
	var err error
	if m.Kind == MarkSuggestion {
		err = e.rejectSuggestion(m)
	} else {
		err = e.reviewer().DeleteSpan(e.ctx(), e.span(m.ID))
	}
	marks := e.editor.Marks()
	var next *Mark
	for i, o := range marks {
		if o.Is(m) {
			if i+1 < len(marks) {
				next = &marks[i+1]
			} else if i > 0 {
				next = &marks[i-1]
			}
		}
	}
	if e.settle(err) && (next == nil || !e.editor.SelectMark(*next)) {
		e.editor.Select(m.Start, m.Start)
	}
	e.tell(change{kind: changeRemove, mark: m, stored: err == nil, err: err})
}

// onResize moves m's boundaries to [start, end); a suggestion is accepted
// first, then resized: two actions.
func (e *editing) onResize(m Mark, start, end int) {
	if !e.canEdit() {
		return
	}
	c := change{kind: changeResize, mark: m, start: start, end: end}
	id := m.ID
	if m.Kind == MarkSuggestion {
		sp, err := e.acceptSuggestion(m, "")
		if !e.settle(err) {
			c.err = err
			e.tell(c)
			return
		}
		id, c.stored = sp.ID, true
	}
	sp, err := e.reviewer().UpdateSpan(e.ctx(), e.span(id), start, end, m.Label)
	if e.settle(err) {
		e.editor.SelectMark(Mark{Kind: MarkSpan, ID: sp.ID})
	}
	c.stored, c.err = c.stored || err == nil, err
	e.tell(c)
}

// onAcceptAll accepts every open suggestion, one action each.
func (e *editing) onAcceptAll() {
	if !e.canEdit() {
		return
	}
	n := 0
	var err error
	e.bulk = true
	for _, s := range e.sugs {
		if _, err = e.acceptSuggestion(suggestionMark(s), ""); err != nil {
			break
		}
		n++
	}
	e.bulk = false
	e.settle(err)
	e.editor.ClearSelection()
	e.tell(change{kind: changeAcceptAll, n: n, stored: n > 0, err: err})
}

// onLabelAll labels every occurrence of the text [start, end) not labelled
// so yet as label, one action each, and selects the one at [start, end).
func (e *editing) onLabelAll(start, end int, label string) {
	if !e.canEdit() {
		return
	}
	runes := []rune(e.doc.Text)
	starts := missingOccurrences(runes, start, end, label, e.editor.Marks())
	n := 0
	var err error
	e.bulk = true
	for _, s := range starts {
		if _, err = e.reviewer().AddSpan(e.ctx(), e.doc.ID, s, s+end-start, label); err != nil {
			break
		}
		n++
	}
	e.bulk = false
	e.settle(err)
	e.selectSpanAt(start, end, label)
	e.tell(change{kind: changeLabelAll, start: start, end: end, label: label, n: n, stored: n > 0, err: err})
}

// onPaletteLabel answers a palette button: it relabels the selected mark,
// else labels the selected text; then the editor has the keyboard again.
func (e *editing) onPaletteLabel(label string) {
	if !e.hasDoc {
		return
	}
	if m, ok := e.editor.SelectedMark(); ok {
		e.onRelabel(m, label)
	} else if s, end := e.editor.Selection(); s < end {
		e.onAddSpan(s, end, label)
	}
	e.focusEditor()
}

// onUndo undoes (or redoes) the latest action on the layer, from the
// stored log, and selects what it touched.
func (e *editing) onUndo(redo bool) {
	if !e.canEdit() {
		return
	}
	c := change{kind: changeUndo}
	var err error
	if redo {
		c.kind = changeRedo
		c.action, err = e.reviewer().Redo(e.ctx(), e.doc.ID)
	} else {
		c.action, err = e.reviewer().Undo(e.ctx(), e.doc.ID)
	}
	if annotate.ErrorCode(err) == annotate.ENOTHING {
		e.hooks.say(annotate.ErrorMessage(err))
		return
	}
	if e.settle(err) {
		shown := c.action.Before
		if redo {
			shown = c.action.After
		}
		if shown == nil || !e.selectSpanAt(shown.Start, shown.End, shown.Label) {
			e.editor.ClearSelection()
		}
	}
	c.stored, c.err = err == nil, err
	e.tell(c)
}

// markDone marks the layer done, settling its undecided suggestions as
// settle says (project.Reviewer.MarkDone), and reports whether it was
// stored.
func (e *editing) markDone(settle project.Settle) bool {
	if !e.canEdit() {
		return false
	}
	err := e.reviewer().MarkDone(e.ctx(), e.doc.ID, settle)
	ok := e.settle(err)
	e.tell(change{kind: changeStatus, stored: ok, err: err})
	return ok
}

// setStatus sets the layer's status and reports whether it was stored.
func (e *editing) setStatus(s annotate.Status) bool {
	if !e.canEdit() {
		return false
	}
	err := e.reviewer().SetStatus(e.ctx(), e.doc.ID, s)
	ok := e.settle(err)
	e.tell(change{kind: changeStatus, stored: ok, err: err})
	return ok
}

// replace makes the layer's spans overlapping [start, end) exactly want
// (by offsets and label): the others are deleted, the missing ones added,
// one action each. note names the version for the owner's message.
func (e *editing) replace(start, end int, want []annotate.Span, note string) {
	if !e.canEdit() {
		return
	}
	key := func(s, end int, label string) string { return fmt.Sprint(s, end, label) }
	wanted := map[string]bool{}
	for _, s := range want {
		wanted[key(s.Start, s.End, s.Label)] = true
	}
	have := map[string]bool{}
	c := change{kind: changeReplace, start: start, end: end, note: note}
	for _, s := range e.spans {
		if s.Start >= end || s.End <= start {
			continue
		}
		if k := key(s.Start, s.End, s.Label); wanted[k] && !have[k] {
			have[k] = true
			continue
		}
		if c.err = e.reviewer().DeleteSpan(e.ctx(), s); c.err != nil {
			break
		}
		c.removed++
	}
	for _, s := range want {
		if c.err != nil {
			break
		}
		if k := key(s.Start, s.End, s.Label); !have[k] {
			if _, c.err = e.reviewer().AddSpan(e.ctx(), e.doc.ID, s.Start, s.End, s.Label); c.err == nil {
				have[k] = true
				c.n++
			}
		}
	}
	c.stored = c.removed+c.n > 0
	e.settle(c.err)
	e.tell(c)
}

// selectSpanAt selects the span (else the suggestion) with these offsets and label.
func (e *editing) selectSpanAt(start, end int, label string) bool {
	for _, kind := range []MarkKind{MarkSpan, MarkSuggestion} {
		for _, m := range e.editor.Marks() {
			if m.Kind == kind && m.Start == start && m.End == end && m.Label == label {
				return e.editor.SelectMark(m)
			}
		}
	}
	return false
}

// undoText says what an undo or redo did: "Undid adding a span".
func (c change) undoText() string {
	if c.kind == changeRedo {
		return fmt.Sprintf(lang.L("Redid %s"), describeAction(c.action))
	}
	return fmt.Sprintf(lang.L("Undid %s"), describeAction(c.action))
}

// describeAction names an action for a message.
func describeAction(a annotate.Action) string {
	switch a.Kind {
	case annotate.ActionAdd:
		// The stores do not fill SuggestionID: an accept is the add that
		// decided a suggestion, or whose span came from one.
		if a.SuggestionID != 0 || a.Decided != nil ||
			(a.After != nil && (a.After.Origin == annotate.OriginSuggestion || a.After.Origin == annotate.OriginSuggestionEdited)) {
			return lang.L("accepting a suggestion")
		}
		return lang.L("adding a span")
	case annotate.ActionUpdate:
		return lang.L("changing a span")
	case annotate.ActionDelete:
		return lang.L("deleting a span")
	case annotate.ActionReject:
		return lang.L("rejecting a suggestion")
	case annotate.ActionStatus:
		return fmt.Sprintf(lang.L("marking the document %s"), statusText(a.StatusAfter))
	}
	return string(a.Kind)
}
