package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// reviewTools are the screens of the Review menu that compare annotators
// and settle their disagreements; newDesk sets these fields. While a
// field is nil its menu item is shown disabled, so the menu never offers
// a screen that cannot open.
type reviewTools struct {
	// Agreement shows how far the annotators of the project agree.
	Agreement func()
	// Adjudicate resolves disagreements into the gold layer.
	Adjudicate func()

	// open are the agreement and adjudication windows, for the live
	// views of a team project (live.go).
	open *reviewWindows

	// queue is the to-do queue's order and content (queue.go).
	queue *queueState
}

// reviewMenu is the Review menu: switching annotator, agreement and adjudication.
func (d *desk) reviewMenu() *fyne.Menu {
	item := func(label string, action func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, action)
		it.Disabled = action == nil
		return it
	}
	return fyne.NewMenu(lang.L("Review"),
		fyne.NewMenuItem(lang.L("Switch annotator…"), func() { d.showReviewerDialog(false) }),
		fyne.NewMenuItemSeparator(),
		item(lang.L("Agreement between annotators…"), d.review.Agreement),
		item(lang.L("Adjudicate disagreements…"), d.review.Adjudicate),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(lang.L("What to review next…"), d.showQueue),
		fyne.NewMenuItem(lang.L("Assignments and progress…"), d.showAssign),
	)
}
