// Package app is Goldspan's desktop GUI in Fyne: the review desk where a
// reviewer confirms, relabels, resizes, rejects and adds entity spans, with
// a document list, the span editor, a label palette and a status bar.
//
// It programs against annotate.Project and the project service's pipeline
// (goldspan/project) and is handed everything else through Deps, so it
// imports neither gse nor SQL nor fyne.io/fyne/v2/app: main.go wires the
// real program, tests drive the same windows headless on in-memory stores.
package app

import (
	"time"

	"fyne.io/fyne/v2"

	"goldspan/annotate"
	"goldspan/annotate/format"
)

// Deps is what the GUI needs from the rest of the program.
type Deps struct {
	// Open opens the project file at path, creating it (with the default
	// labels) if it does not exist. The GUI closes it when done with it.
	Open func(path string) (annotate.Project, error)
	// OpenExisting opens the project at path without creating it (ENOTFOUND
	// when there is none); the desk opens team projects (postgres:// URLs)
	// with it. May be nil: then Open opens them.
	OpenExisting func(path string) (annotate.Project, error)
	// DemoPath returns the path of the demo project, creating it with the
	// demo corpus and its suggestions if it is missing. It may be slow; the
	// GUI calls it off the UI goroutine.
	DemoPath func() (string, error)
	// Suggester returns the machine suggester for the project st, or nil
	// while its dictionary is still loading (or in builds without one). It
	// suggests with the project's learned lexicon as it stands at each
	// call, so what a reviewer confirmed is suggested in the next document.
	// The desk calls it once per open project and keeps the result; the
	// suggester must be safe for concurrent use.
	Suggester func(st annotate.Project) annotate.Suggester
	// SuggestReady is closed once the suggester's dictionary has loaded:
	// until then the status bar says that suggestions are loading. Nil
	// when there is nothing to wait for.
	SuggestReady <-chan struct{}
	// SuggestLoad says how long the dictionary has been loading, and
	// whether it has finished; the bar counts the seconds and then says
	// how long it took. May be nil.
	SuggestLoad func() (time.Duration, bool)
	// Backups lists the rolling backups of the project at path, newest
	// first. May be nil.
	Backups func(path string) ([]string, error)
	// BackupTime says when a backup listed by Backups was taken. May be nil.
	BackupTime func(backup string) (time.Time, error)
	// Restore replaces the (closed) project at path with backup, keeping
	// the state it replaces as another backup. May be nil.
	Restore func(path, backup string) error
	// Project, if not empty, is the project to open at start instead of
	// the last one (goldspan FILE.goldspan).
	Project string
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
	d.jobs.trimIdle = 2 * time.Second
	d.jobs.trimGarbage(5*time.Second, 32<<20)
	d.applyTheme()
	w.SetContent(d.buildUI())
	w.SetMainMenu(d.buildMenu())
	w.Resize(fyne.NewSize(1280, 820))
	w.SetMaster()
	d.start()
	w.ShowAndRun()
	d.closeProject()
}
