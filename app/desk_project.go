package app

import (
	"context"
	"fmt"
	"io"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"goldspan/annotate"
)

// The project the desk shows: opening it (the last one, the demo, or one
// the reviewer picks) off the UI goroutine, showing it for the reviewer,
// switching reviewer, and closing it.

// start opens the last project, or the demo project on first start.
func (d *desk) start() {
	if d.deps.Project != "" {
		d.openProject(d.deps.Project)
		return
	}
	if p := d.prefs.String(prefLastProject); p != "" {
		if _, err := os.Stat(p); err == nil || isServerURL(p) {
			d.openProject(p)
			return
		}
		forgetProject(d.prefs, p)
	}
	d.openDemo()
}

// openDemo opens the demo project, creating it first if needed.
func (d *desk) openDemo() {
	d.triedDemo = true
	if d.deps.DemoPath == nil {
		d.askReviewerIfNeeded()
		return
	}
	d.bar.setMessage(lang.L("Preparing the demo project…"))
	var path string
	d.jobs.start(func(ctx context.Context, _ func(float64, string)) error {
		var err error
		path, err = d.deps.DemoPath()
		return err
	}, nil, func(err error) {
		d.bar.setMessage("")
		if err != nil {
			d.showError(err)
			return
		}
		d.openProject(path)
	})
}

// openProject opens the project at path off the UI goroutine and shows it.
func (d *desk) openProject(path string) { d.openAt(path, path, nil) }

// openAt opens the project at path (a file, or a team project's URL
// without a password) connecting with conn (path, or the URL with this
// session's password), off the UI goroutine. A team project opens only
// if it exists (Deps.OpenExisting): a mistyped name is not a new project.
// done, when set, takes the outcome; otherwise the desk shows the project
// or says why it did not open.
func (d *desk) openAt(path, conn string, done func(annotate.Project, error)) {
	if d.busy != "" {
		d.bar.setMessage(fmt.Sprintf(lang.L("%s: wait until it is done"), d.busy))
		return
	}
	d.bar.setMessage(fmt.Sprintf(lang.L("Opening %s…"), displayName(path)))
	open := d.deps.Open
	if isServerURL(path) && d.deps.OpenExisting != nil {
		open = d.deps.OpenExisting
	}
	var st annotate.Project
	d.jobs.start(func(ctx context.Context, _ func(float64, string)) error {
		var err error
		st, err = open(conn)
		return err
	}, nil, func(err error) {
		d.bar.setMessage("")
		switch {
		case done != nil:
			done(st, err)
		case err != nil:
			d.openFailed(path, err)
		default:
			d.setProject(st, path)
		}
	})
}

// openFailed says why the project at path did not open and forgets it,
// unless it is a team project that may open later (its server did not
// answer) or with a password (the connection dialog asks for it).
func (d *desk) openFailed(path string, err error) {
	code := annotate.ErrorCode(err)
	if !isServerURL(path) || code == annotate.ENOTFOUND {
		forgetProject(d.prefs, path)
		d.refreshRecent()
	}
	if c, ok := parseTeamURL(path); ok && code != annotate.EOFFLINE {
		// The dialog is what to do next (if it is cancelled with nothing
		// open, the demo project opens).
		d.showTeamDialog(c, teamOpenMessage(err, c))
		return
	}
	d.showError(elsewhere{fmt.Errorf("open %s: %w", displayName(path), err)})
	if d.st == nil && !d.triedDemo {
		d.openDemo() // show something to work on rather than nothing
	}
}

// setProject makes st (opened from path) the project on show.
func (d *desk) setProject(st annotate.Project, path string) {
	d.closeProject()
	path = withoutPassword(path) // a password typed in a URL is never remembered
	d.st, d.path = st, path
	d.claimProject(path)
	d.backupOnOpen()
	rememberProject(d.prefs, path)
	d.refreshRecent()
	d.win.SetTitle("Goldspan — " + displayName(path))
	if err := d.loadLabels(); err != nil {
		d.showError(err)
	}
	d.guide.load()
	d.closeLayer()
	d.editor.SetDocument("", nil)
	d.panel.refresh()
	d.useTeamIdentity()
	if !d.askReviewerIfNeeded() {
		d.showProject()
	}
	d.startLive()
}

// showProject fills the list for the reviewer and reopens the document
// last open in this project (else the first one).
func (d *desk) showProject() {
	if d.st == nil || d.annotator == "" {
		return
	}
	last := d.prefs.String(prefLastDoc + d.path)
	if last != "" {
		if _, err := d.st.Document(d.ctx(), last); err != nil {
			last = ""
		}
	}
	if last == "" {
		if docs, err := d.st.Documents(d.ctx(), annotate.DocumentFilter{Annotator: d.annotator, Limit: 1}); err == nil && len(docs) > 0 {
			last = docs[0].ID
		}
	}
	if last != "" {
		d.openDocument(last)
	} else {
		d.editor.Placeholder = lang.L("This project has no documents yet: File › Import… adds some.")
		d.editor.SetDocument("", nil)
	}
	d.list.reload()
	d.refreshBar()
}

// closeProject closes the open project, if any, and gives back its claim.
func (d *desk) closeProject() {
	if d.st == nil {
		return
	}
	d.stopSuggesting()
	d.stopBackups()
	d.stopLive()
	d.setOnline()
	if c, ok := d.st.(io.Closer); ok {
		if err := c.Close(); err != nil {
			fyne.LogError("closing the project", err)
		}
	}
	d.releaseProject()
	d.st = nil
	d.closeLayer()
	d.guide.show("")
}

// loadLabels reads the project's labels into the palette and the editor.
func (d *desk) loadLabels() error {
	labels, err := d.st.Labels(d.ctx())
	if err != nil {
		return err
	}
	d.labels = labels
	d.palette.setLabels(labels)
	d.center.Refresh() // the palette's height changed
	d.editor.SetLabels(labels)
	d.panel.refresh()
	return nil
}

// setAnnotator switches the reviewer whose work is shown and edited.
func (d *desk) setAnnotator(name string) {
	d.annotator = name
	d.prefs.SetString(prefReviewer, name)
	if d.st == nil {
		d.refreshBar()
		return
	}
	if d.hasDoc {
		d.openDocument(d.doc.ID)
	} else {
		d.showProject()
		return
	}
	d.list.reload()
	d.refreshBar()
}
