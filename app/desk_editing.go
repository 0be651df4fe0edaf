package app

import (
	"fmt"

	"fyne.io/fyne/v2/lang"
)

// The desk's side of editing: the span editor answers with the embedded
// editing controller on the reviewer's layer, and the desk shows what an
// edit did: the "saved" mark, the status bar's messages and counts, the
// document's row in the list; the learner and the backups hear of it.

// buildEditor creates the span editor and wires it to the controller.
func (d *desk) buildEditor() {
	d.editing = editing{
		editor:          NewSpanEditor(),
		canvas:          d.win.Canvas(),
		withSuggestions: true,
		hooks: editHooks{
			usable:    func() bool { return !d.isOffline() },
			busy:      func() string { return d.busy },
			say:       func(msg string) { d.bar.setMessage(msg) },
			report:    d.editFailed,
			reloaded:  d.layerReloaded,
			changed:   d.edited,
			suggester: d.suggester,
		},
	}
	e := d.editor
	e.Placeholder = lang.L("No document open.")
	e.Words = d.deps.Tokenize
	e.OnAddSpan = d.onAddSpan
	e.OnRelabel = d.onRelabel
	e.OnAccept = d.onAccept
	e.OnRemove = d.onRemove
	e.OnResize = d.onResize
	e.OnAcceptAll = d.onAcceptAll
	e.OnAskAcceptAll = d.askAcceptAll
	e.OnLabelAll = d.onLabelAll
	e.OnCommand = d.onCommand
	e.OnSelectionChanged = d.onSelectionChanged
}

// editFailed shows a store call that failed: "Not saved" and the error.
func (d *desk) editFailed(err error) {
	d.bar.setUnsaved()
	d.showError(err)
}

// layerReloaded shows the reviewer's layer, read again, in the title, the
// list row and the status bar's counts.
func (d *desk) layerReloaded() {
	d.refreshTitle()
	d.list.refreshRow(d.index)
	d.refreshBar()
	d.panel.refresh()
}

// edited shows what an edit did (the learner has heard of it through the
// Reviewer). Whatever reached the store is backed up in time; the "saved"
// mark shows only when all of it did.
func (d *desk) edited(c change) {
	if c.stored {
		d.noteEdit()
		if c.err == nil {
			d.bar.setSaved(d.now())
		}
	}
	switch c.kind {
	case changeAcceptAll:
		d.bar.setMessage(fmt.Sprintf(lang.L("Accepted %s"), plural(c.n, lang.L("%d suggestion"), lang.L("%d suggestions"))))
	case changeLabelAll:
		text := string([]rune(d.doc.Text)[c.start:c.end])
		d.bar.setMessage(fmt.Sprintf(lang.L("Labelled %s of “%s” as %s"), plural(c.n, lang.L("%d more occurrence"), lang.L("%d more occurrences")), clip(text, 20), c.label))
	case changeUndo, changeRedo:
		if c.err == nil {
			d.bar.setMessage(c.undoText())
		}
	}
}

// onSelectionChanged describes the selection above the editor.
func (d *desk) onSelectionChanged() {
	if d.info == nil {
		return
	}
	if d.panel != nil {
		d.panel.follow()
	}
	runes := d.editor.runes
	if m, ok := d.editor.SelectedMark(); ok {
		kind := lang.L("span")
		if m.Kind == MarkSuggestion {
			kind = lang.L("suggestion: Enter accepts, Delete rejects, 1-9 accepts as another label")
			for _, s := range d.sugs {
				if s.ID == m.ID {
					kind = fmt.Sprintf(lang.L("suggestion (%s %.2f): Enter accepts, Delete rejects, 1-9 accepts as another label"), sourceText(s.Source), s.Score)
				}
			}
		}
		d.info.SetText(fmt.Sprintf(lang.L("%s  “%s”  [%d, %d)  %s"), m.Label, clip(string(runes[m.Start:m.End]), 30), m.Start, m.End, kind))
		return
	}
	if s, e := d.editor.Selection(); s < e {
		d.info.SetText(fmt.Sprintf(lang.L("Selected “%s”  [%d, %d): press 1-9 to label it"), clip(string(runes[s:e]), 30), s, e))
		return
	}
	if d.hasDoc {
		d.info.SetText(lang.L("Drag or double-click to select text; Tab moves through spans and suggestions; F1 lists every key."))
	} else {
		d.info.SetText("")
	}
}

// saved shows the outcome of a store call beside the span editor's (a
// label changed): the "saved" mark after nil, "Not saved" and the error
// otherwise. It reports whether the call succeeded.
func (d *desk) saved(err error) bool {
	if err != nil {
		d.editFailed(err)
		return false
	}
	d.bar.setSaved(d.now())
	d.noteEdit()
	if d.hasDoc {
		d.learnFrom(d.doc.ID, d.author)
	}
	return true
}
