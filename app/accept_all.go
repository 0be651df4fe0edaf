package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// Accepting every suggestion from the editor's context menu asks first,
// saying how many it will accept. The dialog is worked from the keyboard:
// Enter and Escape cancel (the default), A accepts; Tab reaches the
// buttons as well.

// acceptAllAsk is the dialog's content: the question and its two answers.
type acceptAllAsk struct {
	widget.BaseWidget
	// OnChoose receives the answer: ok is true to accept them all.
	OnChoose func(ok bool)

	text           *widget.Label
	accept, cancel *widget.Button
	answered       bool
}

// newAcceptAllAsk returns the question for n suggestions.
func newAcceptAllAsk(n int, onChoose func(ok bool)) *acceptAllAsk {
	a := &acceptAllAsk{OnChoose: onChoose}
	a.text = widget.NewLabel(fmt.Sprintf(lang.L("Accept %s of this document at once, each as its label? Undo takes them back one at a time."),
		plural(n, lang.L("%d suggestion"), lang.L("%d suggestions"))))
	a.text.Wrapping = fyne.TextWrapWord
	a.accept = widget.NewButton(fmt.Sprintf(lang.L("Accept %s (A)"), plural(n, lang.L("%d suggestion"), lang.L("%d suggestions"))), func() { a.choose(true) })
	a.cancel = widget.NewButton(lang.L("Cancel (Esc)"), func() { a.choose(false) })
	a.cancel.Importance = widget.HighImportance
	a.ExtendBaseWidget(a)
	return a
}

// CreateRenderer implements fyne.Widget.
func (a *acceptAllAsk) CreateRenderer() fyne.WidgetRenderer {
	buttons := container.NewHBox(a.accept, a.cancel)
	return widget.NewSimpleRenderer(container.NewVBox(a.text, container.NewCenter(buttons)))
}

// choose answers once.
func (a *acceptAllAsk) choose(ok bool) {
	if a.answered {
		return
	}
	a.answered = true
	if a.OnChoose != nil {
		a.OnChoose(ok)
	}
}

// FocusGained implements fyne.Focusable.
func (a *acceptAllAsk) FocusGained() {}

// FocusLost implements fyne.Focusable.
func (a *acceptAllAsk) FocusLost() {}

// TypedRune implements fyne.Focusable: A accepts them all.
func (a *acceptAllAsk) TypedRune(r rune) {
	if r == 'a' || r == 'A' {
		a.choose(true)
	}
}

// TypedKey implements fyne.Focusable: Enter and Escape cancel.
func (a *acceptAllAsk) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape, fyne.KeyReturn, fyne.KeyEnter:
		a.choose(false)
	}
}

// askAcceptAll asks before accepting the document's n open suggestions.
func (d *desk) askAcceptAll(n int) {
	if !d.canEdit() {
		return
	}
	var dlg dialog.Dialog
	ask := newAcceptAllAsk(n, func(ok bool) {
		dlg.Hide()
		d.acceptAsk = nil
		if ok {
			d.onAcceptAll()
		} else {
			d.bar.setMessage(lang.L("Nothing accepted"))
		}
		d.focusEditor()
	})
	dlg = dialog.NewCustomWithoutButtons(lang.L("Accept all suggestions?"), ask, d.win)
	dlg.Resize(fyne.NewSize(520, 180))
	d.acceptAsk = ask
	dlg.Show()
	d.win.Canvas().Focus(ask)
}
