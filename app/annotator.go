package app

import (
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"goldspan/annotate"
)

// validateReviewer checks a name typed into the reviewer dialog: a valid
// annotator name, and not the adjudicated layer's.
func validateReviewer(name string) error {
	if err := annotate.ValidateAnnotator(name); err != nil {
		return err
	}
	if name == annotate.GoldAnnotator {
		return annotate.Errorf(annotate.EINVALID, "%q is kept for the adjudicated annotations; choose your own name", name)
	}
	return nil
}

// askReviewerIfNeeded asks for the reviewer's name when none is remembered
// (the first start) and reports whether it did; the project is shown once
// the name is given.
func (d *desk) askReviewerIfNeeded() bool {
	if d.annotator != "" {
		return false
	}
	d.showReviewerDialog(true)
	return true
}

// showReviewerDialog asks who is reviewing: on first start (a name is
// required) or to switch annotator from the menu.
func (d *desk) showReviewerDialog(first bool) {
	var known []string
	if d.st != nil {
		if names, err := d.st.Annotators(d.ctx()); err == nil {
			for _, n := range names {
				if n != annotate.GoldAnnotator {
					known = append(known, n)
				}
			}
		}
	}
	sort.Strings(known)
	entry := widget.NewSelectEntry(known)
	entry.PlaceHolder = lang.L("Your name")
	entry.SetText(d.annotator)
	entry.Validator = func(s string) error {
		if err := validateReviewer(s); err != nil {
			return errorText(annotate.ErrorMessage(err))
		}
		return nil
	}
	name := &widget.FormItem{Text: lang.L("Name"), Widget: entry, HintText: lang.L("1-64 characters")}
	var hide func()
	submit := func() {
		if validateReviewer(entry.Text) != nil {
			return
		}
		hide()
		d.nameEntry, d.nameSubmit = nil, nil
		d.setAnnotator(entry.Text)
	}
	entry.OnSubmitted = func(string) { submit() }
	if first {
		// A name is needed to start: no way to dismiss this one.
		hint := widget.NewLabel(lang.L("Who is reviewing? Your name is saved with every span you make."))
		start := &widget.Button{Text: lang.L("Start reviewing"), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance, OnTapped: submit}
		start.ExtendBaseWidget(start)
		if entry.Validate() != nil {
			start.Disable()
		}
		entry.SetOnValidationChanged(func(err error) {
			if err != nil {
				start.Disable()
			} else {
				start.Enable()
			}
		})
		dlg := dialog.NewCustomWithoutButtons(lang.L("Welcome to Goldspan"), container.NewVBox(hint, widget.NewForm(name), start), d.win)
		hide = dlg.Hide
		dlg.Resize(fyne.NewSize(460, dlg.MinSize().Height))
		dlg.Show()
	} else {
		dlg := dialog.NewForm(lang.L("Switch annotator"), lang.L("Switch"), lang.L("Cancel"),
			[]*widget.FormItem{{Widget: widget.NewLabel(lang.L("Show and edit the work of:"))}, name},
			func(ok bool) {
				if ok {
					submit()
				}
			}, d.win)
		hide = dlg.Hide
		dlg.Resize(fyne.NewSize(420, dlg.MinSize().Height))
		dlg.Show()
	}
	d.nameEntry, d.nameSubmit = entry, submit
	d.win.Canvas().Focus(entry)
}

// errorText is a validation error whose text is shown as is.
type errorText string

// Error implements error.
func (e errorText) Error() string { return string(e) }
