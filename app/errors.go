package app

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

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
	if lead := errorLead(annotate.ErrorCode(err)); lead != "" && d.language != "en" {
		// The message comes from the project's layers, in English; the
		// reviewer reads first what happened in their language.
		msg = lead + "\n\n" + msg
	}
	dialog.ShowError(errors.New(msg), d.win)
}

// errorLead says in the language on show what kind of error code is.
func errorLead(code string) string {
	switch code {
	case annotate.ECONFLICT:
		return lang.L("This conflicts with what the project holds.")
	case annotate.EINTERNAL:
		return lang.L("Internal error.")
	case annotate.EINVALID:
		return lang.L("Something in the input is not valid.")
	case annotate.ENOTFOUND:
		return lang.L("It does not exist (any more).")
	case annotate.EBUSY:
		return lang.L("The project file is locked by another program.")
	case annotate.ETOONEW:
		return lang.L("The project was written by a newer Goldspan.")
	case annotate.ENOTHING:
		return lang.L("Nothing to undo or redo.")
	case annotate.EOFFLINE:
		return lang.L("The project's server cannot be reached: nothing was saved.")
	case annotate.EPERM:
		return lang.L("The server refused: this change is not yours to make.")
	}
	return ""
}
