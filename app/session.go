package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
)

// claimProject marks the open project (at path) as open in this window. When
// another window (of this or another process, on this or another host
// sharing the file) already has it, the reviewer is warned without being
// stopped: every action is its own transaction, so both windows' work is
// saved.
func (d *desk) claimProject(path string) {
	release, holder, err := d.st.Claim()
	if err != nil {
		// The project works without the claim; only the warning is lost.
		fyne.LogError("claiming "+path, err)
		return
	}
	d.release = release
	if holder != "" {
		d.showWarning(lang.L("Someone else is working in this project"),
			fmt.Sprintf(lang.L("Someone else is working in this project: %s.\n\nYour changes are saved safely, but you may see each other's edits only after reopening."), holder))
	}
}

// releaseProject gives back the claim on the open project, if it has one.
func (d *desk) releaseProject() {
	if d.release != nil {
		if err := d.release(); err != nil {
			fyne.LogError("releasing the project", err)
		}
		d.release = nil
	}
}

// showWarning shows a warning the reviewer can read and dismiss while the
// work goes on.
func (d *desk) showWarning(title, msg string) {
	d.lastWarning = msg
	dlg := dialog.NewInformation(title, msg, d.win)
	dlg.Show()
}
