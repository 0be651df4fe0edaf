package app

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"goldspan/annotate"
	"goldspan/project"
)

// suggestState is the desk's machine suggester: whether its dictionary has
// loaded, the open project's suggester, and the background "Suggest again"
// pass over the documents to do.
type suggestState struct {
	sug    annotate.Suggester // the open project's; nil until ready
	failed bool               // an automatic run failed and said so once
	openID atomic.Pointer[string]
	sweep  *sweep         // the running pass; nil when none runs
	item   *fyne.MenuItem // Review › Suggest again
	undo   *fyne.MenuItem // Review › Undo suggest again
	last   *project.Resuggestion
}

// The Review › Suggest again item, while it can run and while the
// dictionary is still loading.
func suggestAgainText() string   { return lang.L("Suggest again") }
func suggestLoadingText() string { return lang.L("Suggest again (suggestions loading…)") }

// suggestReady reports whether the suggester's dictionary has loaded.
func (d *desk) suggestReady() bool {
	if d.deps.Suggester == nil {
		return false
	}
	if d.deps.SuggestReady == nil {
		return true
	}
	select {
	case <-d.deps.SuggestReady:
		return true
	default:
		return false
	}
}

// suggester returns the open project's machine suggester, or nil while
// there is none (no project, or the dictionary is still loading).
func (d *desk) suggester() annotate.Suggester {
	if d.suggest.sug == nil && d.st != nil && d.suggestReady() {
		d.suggest.sug = d.deps.Suggester(d.st)
		d.watchLearner(d.suggest.sug)
	}
	return d.suggest.sug
}

// watchSuggester shows "Suggestions loading…" until the dictionary is
// ready, then updates the bar and the menu and suggests for the open
// document.
func (d *desk) watchSuggester() {
	if d.deps.Suggester == nil || d.deps.SuggestReady == nil {
		return
	}
	if !d.suggestReady() {
		d.bar.setLoading(true)
		d.tickLoading()
	}
	d.jobs.when(d.deps.SuggestReady, d.onSuggestReady)
}

// tickLoading counts the seconds of the dictionary's load in the bar,
// once a second until it is ready; the reviewer works meanwhile.
func (d *desk) tickLoading() {
	if d.deps.SuggestLoad == nil || d.suggestReady() {
		return
	}
	if took, done := d.deps.SuggestLoad(); !done {
		d.bar.setLoadingFor(took)
	}
	d.jobs.after(time.Second, d.tickLoading)
}

// onSuggestReady runs on the UI goroutine once the dictionary has loaded.
func (d *desk) onSuggestReady() {
	d.bar.setLoading(false)
	if d.deps.SuggestLoad != nil {
		if took, done := d.deps.SuggestLoad(); done {
			d.bar.setMessage(fmt.Sprintf(lang.L("Suggestions ready: the dictionary loaded in %.1f s"), took.Seconds()))
		}
	}
	d.suggester() // starts the project's learner, if any
	d.refreshSuggestItem()
	if d.hasDoc && d.status == annotate.StatusTodo {
		d.resuggest(d.doc, true)
	}
}

// refreshSuggestItem enables Review › Suggest again when it can run.
func (d *desk) refreshSuggestItem() {
	it := d.suggest.item
	if it == nil {
		return
	}
	ready := d.suggestReady()
	it.Label = suggestAgainText()
	if !ready && d.deps.Suggester != nil {
		it.Label = suggestLoadingText()
	}
	it.Disabled = !ready || d.suggest.sweep != nil
	if u := d.suggest.undo; u != nil {
		u.Disabled = d.suggest.last == nil || d.suggest.last.Touched == 0 || d.suggest.sweep != nil
	}
	if d.menu != nil {
		d.menu.Refresh()
	}
}

// onDocumentShown runs after a document was opened: a document the
// reviewer has still to do gets fresh suggestions, with the project's
// lexicon as it is now (a name confirmed a moment ago is suggested at
// once). Documents in progress or done keep theirs, so nothing shifts
// under a reviewer who has started.
func (d *desk) onDocumentShown() {
	id := d.doc.ID
	d.suggest.openID.Store(&id)
	if d.status == annotate.StatusTodo {
		d.resuggest(d.doc, true)
	}
}

// openDocID is the id of the document on show, "" if none; safe to call
// from any goroutine.
func (d *desk) openDocID() string {
	if p := d.suggest.openID.Load(); p != nil {
		return *p
	}
	return ""
}

// resuggest computes doc's suggestions off the UI goroutine and stores
// them (the reviewers' decisions on equal suggestions hold), then shows
// them if doc is still open. With onlyTodo, nothing is stored once the
// reviewer has started on the document in the meantime.
func (d *desk) resuggest(doc annotate.Document, onlyTodo bool) {
	sug := d.suggester()
	if sug == nil || d.st == nil {
		return
	}
	st, labels, annotator := d.st, d.labels, d.annotator
	var sugs []annotate.Suggestion
	d.jobs.start(func(ctx context.Context, _ func(float64, string)) error {
		var err error
		sugs, err = sug.Suggest(ctx, doc.Text, labels)
		return err
	}, nil, func(err error) {
		if d.st != st {
			return // the project was closed meanwhile
		}
		if err != nil {
			d.suggestFailed(err, !onlyTodo)
			return
		}
		if d.busy != "" {
			return // an import holds the project; the stored suggestions stay
		}
		if onlyTodo {
			if now, err := st.Status(d.ctx(), doc.ID, annotator); err != nil || now != annotate.StatusTodo {
				return
			}
		}
		if stored, err := st.Suggestions(d.ctx(), doc.ID, annotator); err == nil && sameSuggestions(stored, sugs, labels) {
			return // nothing new: the ids others' desks show stay valid
		}
		if err := st.SetSuggestions(d.ctx(), doc.ID, sugs); err != nil {
			d.suggestFailed(err, true)
			return
		}
		if d.hasDoc && d.doc.ID == doc.ID {
			d.reloadKeepingSelection()
		}
	})
}

// reloadKeepingSelection reloads the marks after the suggestions were
// replaced (with new ids) and selects again what was selected.
func (d *desk) reloadKeepingSelection() {
	was, had := d.editor.SelectedMark()
	d.reloadLayer()
	if !had || was.Kind != MarkSuggestion {
		return
	}
	for _, m := range d.editor.Marks() {
		if m.Kind == MarkSuggestion && m.Start == was.Start && m.End == was.End && m.Label == was.Label {
			d.editor.SelectMark(m)
			return
		}
	}
}

// suggestFailed shows a failure to suggest: in a dialog when the reviewer
// asked, or the first time an automatic run fails; in the status bar after.
func (d *desk) suggestFailed(err error, asked bool) {
	if errors.Is(err, context.Canceled) {
		return
	}
	if asked || !d.suggest.failed {
		d.suggest.failed = true
		d.showError(fmt.Errorf("suggestions: %w", err))
		return
	}
	d.bar.setMessage(fmt.Sprintf(lang.L("Suggestions failed: %s"), annotate.ErrorMessage(err)))
}

// onSuggestAgain reruns the suggestions for the open document now, then,
// in the background with progress in the status bar, for every document
// the reviewer has still to do. The window stays usable meanwhile.
func (d *desk) onSuggestAgain() {
	if d.st == nil || d.annotator == "" {
		return
	}
	if d.suggester() == nil {
		d.bar.setMessage(lang.L("Suggestions are still loading"))
		return
	}
	if d.busy != "" {
		d.bar.setMessage(fmt.Sprintf(lang.L("%s: suggest again when it is done"), d.busy))
		return
	}
	if d.suggest.sweep != nil {
		d.bar.setMessage(lang.L("Suggesting again is already running"))
		return
	}
	if d.hasDoc {
		d.resuggest(d.doc, false)
	}
	d.startSweep()
}

// startSweep suggests again for every document to do but the open one
// (project.Reviewer.SuggestAgain: each stored in its own transaction, so
// a cancelled pass keeps what it finished), then says what it changed;
// Review › Undo suggest again puts the pass back in one step.
func (d *desk) startSweep() {
	st, annotator := d.st, d.annotator
	r := project.Reviewer{St: st, Annotator: annotator, Suggester: d.suggester()}
	var x *project.Resuggestion
	me := &sweep{}
	me.cancel = d.jobs.start(func(ctx context.Context, report func(float64, string)) error {
		ids, err := todoIDs(ctx, st, annotator)
		if err != nil {
			return err
		}
		x, err = r.SuggestAgain(ctx, ids, func(id string) bool { return id == d.openDocID() }, func(i, n int) {
			report(float64(i)/float64(n), fmt.Sprintf(lang.L("Suggesting again: %d of %s"), i, plural(n, lang.L("%d document"), lang.L("%d documents"))))
		})
		return err
	}, d.bar.updateTask, func(err error) {
		if d.suggest.sweep != me {
			return // the project was closed and the pass cancelled
		}
		d.suggest.sweep = nil
		d.suggest.last = x
		d.bar.hideTask()
		d.refreshSuggestItem()
		switch {
		case errors.Is(err, context.Canceled):
			d.bar.setMessage(fmt.Sprintf(lang.L("Suggesting again cancelled; %s"), resuggestText(x)))
		case err != nil:
			d.suggestFailed(err, true)
		default:
			msg := resuggestText(x)
			if x.Touched > 0 {
				msg += " " + lang.L("(Review › Undo suggest again)")
			}
			d.bar.setMessage(msg)
		}
		d.list.reload()
	})
	d.suggest.sweep = me
	d.bar.showTask(lang.L("Suggesting again…"), me.cancel)
	d.refreshSuggestItem()
}

// onUndoSuggestAgain puts back the suggestions the last "Suggest again"
// pass replaced, in the documents still to do.
func (d *desk) onUndoSuggestAgain() {
	x := d.suggest.last
	if x == nil || d.st == nil || d.suggest.sweep != nil {
		return
	}
	d.suggest.last = nil
	d.refreshSuggestItem()
	r := project.Reviewer{St: d.st, Annotator: d.annotator}
	st := d.st
	var n int
	d.jobs.start(func(ctx context.Context, _ func(float64, string)) error {
		var err error
		n, err = x.Undo(ctx, r)
		return err
	}, nil, func(err error) {
		if d.st != st {
			return
		}
		if err != nil {
			d.showError(err)
			return
		}
		d.bar.setMessage(fmt.Sprintf(lang.L("Undid suggesting again: %s as before"), plural(n, lang.L("%d document"), lang.L("%d documents"))))
		d.list.reload()
	})
}

// sweep is one running "Suggest again" pass.
type sweep struct{ cancel context.CancelFunc }

// todoIDs lists the documents that annotator has still to do, in import order.
func todoIDs(ctx context.Context, st annotate.Store, annotator string) ([]string, error) {
	var ids []string
	const page = 500
	for off := 0; ; off += page {
		docs, err := st.Documents(ctx, annotate.DocumentFilter{Annotator: annotator, Status: annotate.StatusTodo, Offset: off, Limit: page})
		if err != nil {
			return nil, err
		}
		for _, s := range docs {
			ids = append(ids, s.ID)
		}
		if len(docs) < page {
			return ids, nil
		}
	}
}

// stopSuggesting cancels the background pass when the project closes.
func (d *desk) stopSuggesting() {
	if d.suggest.sweep != nil {
		d.suggest.sweep.cancel()
		d.suggest.sweep = nil
		d.bar.hideTask()
		d.refreshSuggestItem()
	}
	d.closeLearner()
	d.suggest.sug = nil
	d.suggest.openID.Store(nil)
}

// resuggestText says what a Suggest again pass did, as project.Resuggestion's
// String does, in the language on show.
func resuggestText(x *project.Resuggestion) string {
	docs := plural(x.Documents, lang.L("%d document"), lang.L("%d documents"))
	if x.Touched == 0 {
		return fmt.Sprintf(lang.L("Suggested again for %s to do: nothing changed"), docs)
	}
	return fmt.Sprintf(lang.L("Suggested again: %d added, %d removed, %d relabelled in %d of %s to do"),
		x.Added, x.Removed, x.Relabelled, x.Touched, docs)
}
