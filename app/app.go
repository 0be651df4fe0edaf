// Package app is Goldspan's desktop GUI in Fyne: the review desk where a
// reviewer confirms, relabels, resizes, rejects and adds entity spans, with
// a document list, the span editor, a label palette and a status bar.
//
// It programs against annotate.Store and is handed everything else through
// Deps, so it imports neither gse nor SQL nor fyne.io/fyne/v2/app: main.go
// wires the real program, tests drive the same windows headless.
package app

import (
	"fyne.io/fyne/v2"

	"goldspan/annotate"
	"goldspan/annotate/format"
)

// Deps is what the GUI needs from the rest of the program.
type Deps struct {
	// Open opens the project file at path, creating it (with the default
	// labels) if it does not exist. The Store it returns is closed with
	// io.Closer when the GUI is done with it.
	Open func(path string) (annotate.Store, error)
	// DemoPath returns the path of the demo project, creating it with the
	// demo corpus and its suggestions if it is missing. It may be slow; the
	// GUI calls it off the UI goroutine.
	DemoPath func() (string, error)
	// Suggester returns the machine suggester, or nil while its dictionary
	// is still loading (or in builds without one). Imports use it for
	// documents that come without suggestions.
	Suggester func() annotate.Suggester
	// Tokenize splits a text into segmenter words in code points, for
	// double-click selection and exports that need tokens; may be nil.
	Tokenize func(text string) []format.Token
}

// Run builds the main window on a, restores the last project from the
// preferences (or opens the demo project on first start), asks the
// reviewer's name if it is not known yet, and runs the app until the window
// closes; then it closes the project.
func Run(a fyne.App, deps Deps) {
	w := a.NewWindow("Goldspan")
	d := newDesk(a, w, deps)
	d.applyTheme()
	w.SetContent(d.buildUI())
	w.SetMainMenu(d.buildMenu())
	w.Resize(fyne.NewSize(1280, 820))
	w.SetMaster()
	d.start()
	w.ShowAndRun()
	d.closeProject()
}
