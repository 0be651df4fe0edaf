package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"goldspan/annotate"
	"goldspan/project"
)

// The desk's side of a learning suggester (annotate.Learner): it hears
// of every saved action and import, and its status shows in the status
// bar. A suggester that does not learn shows nothing.

// learner returns the open project's learning suggester, or nil.
func (d *desk) learner() annotate.Learner {
	l, _ := d.suggester().(annotate.Learner)
	return l
}

// watchLearner shows sug's status in the bar, now and whenever it changes.
func (d *desk) watchLearner(sug annotate.Suggester) {
	l, ok := sug.(annotate.Learner)
	if !ok {
		return
	}
	l.OnChange(func() {
		d.jobs.toUI(func() {
			if d.suggest.sug == sug {
				d.bar.setModel(l.Status())
			}
		}, false)
	})
	d.bar.setModel(l.Status())
}

// learnFrom tells the learner that the annotator's work on a document changed.
func (d *desk) learnFrom(docID, annotator string) {
	if l := d.learner(); l != nil {
		l.Changed(docID, annotator)
	}
}

// closeLearner stores what the learner learned and stops it; the
// project is closed next.
func (d *desk) closeLearner() {
	if l, ok := d.suggest.sug.(annotate.Learner); ok {
		l.OnChange(nil)
		if err := l.Close(); err != nil {
			fyne.LogError("storing the suggestion model", err)
		}
	}
	d.bar.setModel(annotate.LearnerStatus{})
}

// showModel explains the suggestion model: what it learned from, how it
// and the rules scored, and which one leads.
func (d *desk) showModel() {
	l := d.learner()
	text := lang.L("The suggestion model starts once the dictionary has loaded.")
	if l != nil {
		st := l.Status()
		text = project.Describe(st) + ".\n\n" +
			lang.L("The model is a sequence tagger kept in the project file. It learns from every sentence you settle (you acted in it and left no suggestion undecided), from every document marked done, and from documents imported done; it retrains in full in the background as it grows.\n\nEach document marked done scores the suggestions the model and the rules made when it was opened against the spans it was marked done with (entity F1, exact match, over the last documents). The better source leads; the other fills the gaps.")
		if st.Err != "" {
			text += "\n\n" + fmt.Sprintf(lang.L("Last error: %s"), st.Err)
		}
	}
	lbl := widget.NewLabel(text)
	lbl.Wrapping = fyne.TextWrapWord
	dlg := dialog.NewCustom(lang.L("Suggestion model"), lang.L("Close"), lbl, d.win)
	dlg.Resize(fyne.NewSize(560, 360))
	dlg.Show()
}
