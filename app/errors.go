package app

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"goldspan/annotate"
)

// showError is the one way the GUI shows an error: the domain message in a
// dialog. Internal errors, whose message says only "Internal error.", are
// logged with their detail.
func (d *desk) showError(err error) {
	if err == nil || d.offlineError(err) { // the offline banner says it
		return
	}
	if annotate.ErrorCode(err) == annotate.EINTERNAL {
		fyne.LogError("goldspan", err)
	}
	msg := annotate.ErrorMessage(err)
	d.lastError = msg
	dialog.ShowError(errors.New(msg), d.win)
}
