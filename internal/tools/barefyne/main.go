// Command barefyne is the baseline of the desk's start-up benchmark
// (scripts/bench-gui.sh): a bare Fyne window with one label, titled
// "Goldspan baseline", built with the same Fyne and the same flags.
package main

import (
	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := fyneapp.NewWithID("io.goldspan.baseline")
	w := a.NewWindow("Goldspan baseline")
	w.SetContent(widget.NewLabel("baseline"))
	w.Resize(fyne.NewSize(1100, 700))
	w.ShowAndRun()
}
