package app

import (
	"fmt"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	"goldspan/annotate"
	"goldspan/project"
)

// Moving between the project's documents: opening one, the next or
// previous in the list, and the next to do once one is done.

// openDocument shows the document with id for the current annotator.
func (d *desk) openDocument(id string) {
	if d.st == nil || d.annotator == "" {
		return
	}
	doc, err := d.st.Document(d.ctx(), id)
	if err != nil {
		d.showError(err)
		return
	}
	d.index = d.list.indexOf(id)
	d.prefs.SetString(prefLastDoc+d.path, id)
	if err := d.setLayer(d.st, doc, d.annotator); err != nil {
		d.showError(err)
	}
	d.list.selectRow(d.index)
	d.list.refreshRow(d.index) // its suggestion counts, for the title
	d.panel.refresh()
	d.bar.clearSaved()
	d.refreshTitle()
	d.refreshBar()
	d.focusEditor()
	d.onDocumentShown()
}

// onDoneNext marks the document done and opens the next one to do. With
// suggestions still undecided it asks first what to do with them (the
// done gate): a document is done only when every suggestion is decided.
func (d *desk) onDoneNext() {
	if !d.canEdit() {
		return
	}
	if n := len(d.sugs); n > 0 {
		d.showDoneGate(n)
		return
	}
	d.doneAndNext(project.KeepUndecided)
}

// doneAndNext marks the document done, settling its undecided suggestions
// as settle says, and opens the next one to do.
func (d *desk) doneAndNext(settle project.Settle) {
	if !d.markDone(settle) {
		return
	}
	next, err := d.nextToDo(d.doc)
	if err != nil {
		d.showError(err)
	}
	if next == "" {
		d.list.reload()
		d.showNotice(lang.L("All done"), fmt.Sprintf(lang.L("Every document is done for %s."), d.annotator))
		return
	}
	d.openDocument(next)
	d.list.reload()
	d.bar.setSaved(d.now())
}

// showNotice shows an information dialog that Enter and Escape close as
// well as its button; the editor has the keyboard again afterwards.
func (d *desk) showNotice(title, msg string) {
	dlg := dialog.NewInformation(title, msg, d.win)
	dlg.SetOnClosed(func() {
		if d.notice == dlg {
			d.notice = nil
		}
		d.focusEditor()
	})
	d.notice = dlg
	dlg.Show()
}

// nextToDo returns the id of the first document after cur (in import
// order, wrapping around) that the annotator has still to do: todo first,
// else in progress; "" when there is none.
func (d *desk) nextToDo(cur annotate.Document) (string, error) {
	if id, ok, err := d.queueNext(cur.ID); ok || err != nil {
		return id, err // the order chosen in Review › What to review next…
	}
	for _, st := range []annotate.Status{annotate.StatusTodo, annotate.StatusInProgress} {
		var first string
		const page = 256
		for off := 0; ; off += page {
			docs, err := d.st.Documents(d.ctx(), annotate.DocumentFilter{Annotator: d.annotator, Status: st, Offset: off, Limit: page})
			if err != nil {
				return "", err
			}
			for _, s := range docs {
				if s.ID == cur.ID {
					continue
				}
				if first == "" {
					first = s.ID
				}
				if s.Seq > cur.Seq {
					return s.ID, nil
				}
			}
			if len(docs) < page {
				break
			}
		}
		if first != "" {
			return first, nil
		}
	}
	return "", nil
}

// step opens the next (delta 1) or previous document of the list.
func (d *desk) step(delta int) {
	if d.st == nil || d.list.count == 0 {
		return
	}
	i := d.index + delta
	if d.index < 0 {
		i = 0
	}
	if i < 0 || i >= d.list.count {
		return
	}
	if s, ok := d.list.row(i); ok {
		d.openDocument(s.ID)
		d.index = i
		d.list.selectRow(i)
		d.refreshBar()
	}
}
