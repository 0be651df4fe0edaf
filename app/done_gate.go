package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"goldspan/project"
)

// The done gate: a document is done only when every suggestion in it is
// decided. Ctrl+Enter on a document with undecided suggestions asks, in
// one dialog worked from the keyboard, whether to reject the rest, accept
// the rest, or go back to them (the default: Enter and Escape go back).

// doneGate is the dialog's content: the question and its three answers.
// It takes the keyboard while it shows: R rejects the rest, A accepts the
// rest, Enter or Escape goes back; Tab reaches the buttons as well.
type doneGate struct {
	widget.BaseWidget
	// OnChoose receives the answer: ok is false for "go back".
	OnChoose func(settle project.Settle, ok bool)

	text                 *widget.Label
	reject, accept, back *widget.Button
	answered             bool
}

// newDoneGate returns the gate's content for n undecided suggestions.
func newDoneGate(n int, onChoose func(project.Settle, bool)) *doneGate {
	g := &doneGate{OnChoose: onChoose}
	g.text = widget.NewLabel(plural(n,
		lang.L("%d suggestion of this document is still undecided. An undecided suggestion is never gold, never training data and never counted in a score.\n\nWhat should happen to it?"),
		lang.L("%d suggestions of this document are still undecided. An undecided suggestion is never gold, never training data and never counted in a score.\n\nWhat should happen to them?")))
	g.text.Wrapping = fyne.TextWrapWord
	g.reject = widget.NewButton(lang.L("Reject the rest (R)"), func() { g.choose(project.RejectRest, true) })
	g.accept = widget.NewButton(lang.L("Accept the rest (A)"), func() { g.choose(project.AcceptRest, true) })
	g.back = widget.NewButton(lang.L("Go back (Esc)"), func() { g.choose(project.KeepUndecided, false) })
	g.back.Importance = widget.HighImportance
	g.ExtendBaseWidget(g)
	return g
}

// CreateRenderer implements fyne.Widget.
func (g *doneGate) CreateRenderer() fyne.WidgetRenderer {
	buttons := container.NewHBox(g.reject, g.accept, g.back)
	return widget.NewSimpleRenderer(container.NewVBox(g.text, container.NewCenter(buttons)))
}

// choose answers once.
func (g *doneGate) choose(settle project.Settle, ok bool) {
	if g.answered {
		return
	}
	g.answered = true
	if g.OnChoose != nil {
		g.OnChoose(settle, ok)
	}
}

// FocusGained implements fyne.Focusable.
func (g *doneGate) FocusGained() {}

// FocusLost implements fyne.Focusable.
func (g *doneGate) FocusLost() {}

// TypedRune implements fyne.Focusable: R rejects the rest, A accepts it.
func (g *doneGate) TypedRune(r rune) {
	switch r {
	case 'r', 'R':
		g.choose(project.RejectRest, true)
	case 'a', 'A':
		g.choose(project.AcceptRest, true)
	}
}

// TypedKey implements fyne.Focusable: Enter and Escape go back.
func (g *doneGate) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape, fyne.KeyReturn, fyne.KeyEnter:
		g.choose(project.KeepUndecided, false)
	}
}

// showDoneGate asks what to do with the document's n undecided
// suggestions before marking it done.
func (d *desk) showDoneGate(n int) {
	var dlg dialog.Dialog
	gate := newDoneGate(n, func(settle project.Settle, ok bool) {
		dlg.Hide()
		d.gate = nil
		if !ok {
			d.bar.setMessage(fmt.Sprintf(lang.L("Not marked done: %s still to decide"), plural(n, lang.L("%d suggestion"), lang.L("%d suggestions"))))
			d.focusEditor()
			return
		}
		d.doneAndNext(settle)
	})
	dlg = dialog.NewCustomWithoutButtons(lang.L("Mark the document done?"), gate, d.win)
	dlg.Resize(fyne.NewSize(560, 220))
	d.gate = gate
	dlg.Show()
	d.win.Canvas().Focus(gate)
}
