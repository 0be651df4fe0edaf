package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"goldspan/annotate"
)

// desk is the main window: the document list, the span editor with the
// label palette, and the status bar. Its onXxx methods answer the editor,
// the list, the palette and the menus; every edit is one store call, and
// the "saved" mark shows only after that call returned nil.
type desk struct {
	app    fyne.App
	win    fyne.Window
	deps   Deps
	prefs  fyne.Preferences
	theme  *Theme
	jobs   jobs
	review reviewTools

	st        annotate.Project
	path      string
	labels    []annotate.Label
	annotator string
	busy      string // what a running import is doing; edits wait until it is done
	triedDemo bool   // the demo project was opened (or tried) in this run

	doc    annotate.Document
	hasDoc bool
	status annotate.Status
	spans  []annotate.Span
	sugs   []annotate.Suggestion
	index  int // the document's row in the list, -1 if not in it

	list    *docList
	editor  *SpanEditor
	palette *palette
	bar     *statusBar
	title   *widget.Label
	info    *widget.Label
	header  *fyne.Container // title, palette and selection info above the editor
	center  *fyne.Container // the header and the editor
	menu    *fyne.MainMenu
	recent  *fyne.MenuItem
	sheet   dialog.Dialog // the shortcut sheet or about box, which Esc closes

	suggest suggestState // the machine suggester and the "Suggest again" pass
	backup  backupState  // the rolling backups of the open project
	release func() error // gives back the claim on the open project; nil if none

	nameEntry   *widget.SelectEntry // the reviewer-name dialog's entry while it is open
	nameSubmit  func()              // and its submit action
	lastError   string              // the message of the last error dialog, for tests
	lastWarning string              // the message of the last warning dialog, for tests
	now         func() time.Time    // the clock of the "saved" mark and of backups
}

func newDesk(a fyne.App, w fyne.Window, deps Deps) *desk {
	d := &desk{app: a, win: w, deps: deps, prefs: a.Preferences(), index: -1, now: time.Now}
	d.theme = NewTheme(ParseVariant(d.prefs.String(prefTheme)))
	d.theme.SetTextScale(float32(d.prefs.FloatWithFallback(prefTextScale, 1)))
	d.annotator = d.prefs.String(prefReviewer)
	d.review = newReviewTools(d)
	return d
}

// ctx is the context of store calls made on the UI goroutine.
func (d *desk) ctx() context.Context { return context.Background() }

// applyTheme installs the theme with the remembered variant and text scale.
func (d *desk) applyTheme() { d.theme.Apply(d.app) }

// buildUI creates the window's widgets.
func (d *desk) buildUI() fyne.CanvasObject {
	d.editor = NewSpanEditor()
	d.editor.Placeholder = "No document open."
	d.editor.Words = d.deps.Tokenize
	d.editor.OnAddSpan = d.onAddSpan
	d.editor.OnRelabel = d.onRelabel
	d.editor.OnAccept = d.onAccept
	d.editor.OnRemove = d.onRemove
	d.editor.OnResize = d.onResize
	d.editor.OnAcceptAll = d.onAcceptAll
	d.editor.OnLabelAll = d.onLabelAll
	d.editor.OnCommand = d.onCommand
	d.editor.OnSelectionChanged = d.onSelectionChanged

	d.list = newDocList(d)
	d.palette = newPalette(d.onPaletteLabel)
	d.bar = newStatusBar()
	d.title = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
	d.info = &widget.Label{Truncation: fyne.TextTruncateEllipsis}

	d.header = container.NewVBox(d.title, d.palette.box, d.info)
	d.center = container.NewBorder(d.header, nil, nil, nil, d.editor)
	split := container.NewHSplit(d.list.box, d.center)
	split.Offset = 0.28
	d.win.Canvas().SetOnTypedKey(d.onWindowKey)
	// Ctrl+plus is Ctrl+Shift+= on most keyboards, and the keypad's plus:
	// the menu's Ctrl+= does not match those.
	for _, s := range []*desktop.CustomShortcut{
		{KeyName: fyne.KeyEqual, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift},
		{KeyName: fyne.KeyPlus, Modifier: fyne.KeyModifierShortcutDefault},
		{KeyName: fyne.KeyPlus, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift},
	} {
		d.win.Canvas().AddShortcut(s, func(fyne.Shortcut) { d.onCommand(CommandZoomIn) })
	}
	d.refreshBar()
	d.watchSuggester()
	return container.NewBorder(nil, d.bar.box, nil, nil, split)
}

// onWindowKey handles the review keys when no widget has the focus.
func (d *desk) onWindowKey(ev *fyne.KeyEvent) {
	if d.win.Canvas().Overlays().Top() != nil {
		// A dialog is open: Esc or F1 close the shortcut sheet and the
		// about box; nothing reaches the document behind.
		if (ev.Name == fyne.KeyEscape || ev.Name == fyne.KeyF1) && d.sheet != nil {
			d.sheet.Hide()
			d.sheet = nil
		}
		return
	}
	switch ev.Name {
	case fyne.KeyPageDown:
		d.onCommand(CommandNextDocument)
	case fyne.KeyPageUp:
		d.onCommand(CommandPreviousDocument)
	case fyne.KeyF1:
		d.onCommand(CommandShortcuts)
	default:
		if d.hasDoc {
			d.focusEditor()
			d.editor.TypedKey(ev)
		}
	}
}

// focusEditor gives the span editor the keyboard.
func (d *desk) focusEditor() { d.win.Canvas().Focus(d.editor) }

// start opens the last project, or the demo project on first start.
func (d *desk) start() {
	if d.deps.Project != "" {
		d.openProject(d.deps.Project)
		return
	}
	if p := d.prefs.String(prefLastProject); p != "" {
		if _, err := os.Stat(p); err == nil {
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
	d.bar.setMessage("Preparing the demo project…")
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
func (d *desk) openProject(path string) {
	if d.busy != "" {
		d.bar.setMessage(d.busy + ": wait until it is done")
		return
	}
	d.bar.setMessage("Opening " + filepath.Base(path) + "…")
	var st annotate.Project
	d.jobs.start(func(ctx context.Context, _ func(float64, string)) error {
		var err error
		st, err = d.deps.Open(path)
		return err
	}, nil, func(err error) {
		d.bar.setMessage("")
		if err != nil {
			forgetProject(d.prefs, path)
			d.refreshRecent()
			d.showError(fmt.Errorf("open %s: %w", filepath.Base(path), err))
			if d.st == nil && !d.triedDemo {
				d.openDemo() // show something to work on rather than nothing
			}
			return
		}
		d.setProject(st, path)
	})
}

// setProject makes st (opened from path) the project on show.
func (d *desk) setProject(st annotate.Project, path string) {
	d.closeProject()
	d.st, d.path = st, path
	d.claimProject(path)
	d.backupOnOpen()
	rememberProject(d.prefs, path)
	d.refreshRecent()
	d.win.SetTitle("Goldspan — " + filepath.Base(path))
	if err := d.loadLabels(); err != nil {
		d.showError(err)
	}
	d.hasDoc = false
	d.editor.SetDocument("", nil)
	if !d.askReviewerIfNeeded() {
		d.showProject()
	}
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
		d.editor.Placeholder = "This project has no documents yet: File › Import… adds some."
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
	if c, ok := d.st.(io.Closer); ok {
		if err := c.Close(); err != nil {
			fyne.LogError("closing the project", err)
		}
	}
	d.releaseProject()
	d.st = nil
	d.hasDoc = false
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

// openDocument shows the document with id for the current annotator.
func (d *desk) openDocument(id string) {
	if d.st == nil || d.annotator == "" {
		return
	}
	doc, err := d.st.Document(d.ctx(), id)
	if err != nil {
		d.showError(err)
		return
	}
	d.doc, d.hasDoc = doc, true
	d.index = d.list.indexOf(id)
	d.prefs.SetString(prefLastDoc+d.path, id)
	if err := d.loadMarks(); err != nil {
		d.showError(err)
	}
	d.editor.SetDocument(doc.Text, MarksOf(d.spans, d.sugs))
	d.list.selectRow(d.index)
	d.bar.clearSaved()
	d.refreshTitle()
	d.refreshBar()
	d.focusEditor()
	d.onDocumentShown()
}

// loadMarks reads the annotator's status, spans and open suggestions on the document.
func (d *desk) loadMarks() error {
	ctx := d.ctx()
	var err error
	if d.status, err = d.st.Status(ctx, d.doc.ID, d.annotator); err != nil {
		return err
	}
	if d.spans, err = d.st.Spans(ctx, d.doc.ID, d.annotator); err != nil {
		return err
	}
	d.sugs, err = d.st.Suggestions(ctx, d.doc.ID, d.annotator)
	return err
}

// reloadMarks refreshes the editor, title, list row and counts after an edit.
func (d *desk) reloadMarks() {
	if err := d.loadMarks(); err != nil {
		d.showError(err)
		return
	}
	d.editor.SetMarks(MarksOf(d.spans, d.sugs))
	d.refreshTitle()
	d.list.refreshRow(d.index)
	d.refreshBar()
}

// canEdit reports whether an edit may go to the store now: not while an
// import runs, nor behind a dialog (menu shortcuts reach the window even then).
func (d *desk) canEdit() bool {
	if d.win.Canvas().Overlays().Top() != nil {
		d.bar.setMessage("Close the dialog first")
		return false
	}
	if d.busy != "" {
		d.bar.setMessage(d.busy + ": edits wait until it is done")
		return false
	}
	return d.st != nil && d.hasDoc && d.annotator != ""
}

// saved shows the outcome of a store call: the "saved" mark after nil, an
// error dialog otherwise. It reports whether the call succeeded.
func (d *desk) saved(err error) bool {
	if err != nil {
		d.bar.setUnsaved()
		d.showError(err)
		return false
	}
	d.bar.setSaved(d.now())
	d.noteEdit()
	if d.hasDoc {
		d.learnFrom(d.doc.ID, d.annotator)
	}
	return true
}

func (d *desk) onAddSpan(start, end int, label string) {
	if !d.canEdit() {
		return
	}
	sp, err := d.st.AddSpan(d.ctx(), annotate.Span{DocID: d.doc.ID, Start: start, End: end, Label: label,
		Origin: annotate.OriginManual, Annotator: d.annotator})
	if !d.saved(err) {
		return
	}
	d.reloadMarks()
	d.editor.SelectMark(Mark{Kind: MarkSpan, ID: sp.ID})
}

func (d *desk) onRelabel(m Mark, label string) {
	if !d.canEdit() {
		return
	}
	var sp annotate.Span
	var err error
	if m.Kind == MarkSuggestion {
		sp, err = d.st.AcceptSuggestion(d.ctx(), d.annotator, m.ID, label)
	} else {
		sp, err = d.st.UpdateSpan(d.ctx(), d.annotator, m.ID, m.Start, m.End, label)
	}
	if !d.saved(err) {
		return
	}
	d.reloadMarks()
	d.editor.SelectMark(Mark{Kind: MarkSpan, ID: sp.ID})
}

func (d *desk) onAccept(m Mark) {
	if !d.canEdit() {
		return
	}
	sp, err := d.st.AcceptSuggestion(d.ctx(), d.annotator, m.ID, "")
	if !d.saved(err) {
		return
	}
	d.reloadMarks()
	// Walk on to the next suggestion, so Enter, Enter, Enter reviews them all.
	if !d.editor.SelectMarkAfter(m, MarkSuggestion) {
		d.editor.SelectMark(Mark{Kind: MarkSpan, ID: sp.ID})
	}
}

func (d *desk) onRemove(m Mark) {
	if !d.canEdit() {
		return
	}
	var err error
	if m.Kind == MarkSuggestion {
		err = d.st.RejectSuggestion(d.ctx(), d.annotator, m.ID)
	} else {
		err = d.st.DeleteSpan(d.ctx(), d.annotator, m.ID)
	}
	// Remember what followed m in Tab order, to select it next.
	marks := d.editor.Marks()
	var next *Mark
	for i, o := range marks {
		if o.Is(m) {
			if i+1 < len(marks) {
				next = &marks[i+1]
			} else if i > 0 {
				next = &marks[i-1]
			}
		}
	}
	if !d.saved(err) {
		return
	}
	d.reloadMarks()
	if next == nil || !d.editor.SelectMark(*next) {
		d.editor.Select(m.Start, m.Start)
	}
}

func (d *desk) onResize(m Mark, start, end int) {
	if !d.canEdit() {
		return
	}
	id := m.ID
	if m.Kind == MarkSuggestion {
		// A suggestion is accepted first, then resized: two actions.
		sp, err := d.st.AcceptSuggestion(d.ctx(), d.annotator, m.ID, "")
		if !d.saved(err) {
			return
		}
		id = sp.ID
	}
	sp, err := d.st.UpdateSpan(d.ctx(), d.annotator, id, start, end, m.Label)
	ok := d.saved(err)
	d.reloadMarks()
	if ok {
		d.editor.SelectMark(Mark{Kind: MarkSpan, ID: sp.ID})
	}
}

func (d *desk) onAcceptAll() {
	if !d.canEdit() {
		return
	}
	n := 0
	var err error
	for _, s := range d.sugs {
		if _, err = d.st.AcceptSuggestion(d.ctx(), d.annotator, s.ID, ""); err != nil {
			break
		}
		n++
	}
	if n > 0 || err != nil {
		d.saved(err)
	}
	d.reloadMarks()
	d.editor.ClearSelection()
	d.bar.setMessage(fmt.Sprintf("Accepted %d suggestions", n))
}

func (d *desk) onLabelAll(start, end int, label string) {
	if !d.canEdit() {
		return
	}
	runes := []rune(d.doc.Text)
	starts := missingOccurrences(runes, start, end, label, d.editor.Marks())
	n := 0
	var err error
	for _, s := range starts {
		if _, err = d.st.AddSpan(d.ctx(), annotate.Span{DocID: d.doc.ID, Start: s, End: s + end - start, Label: label,
			Origin: annotate.OriginManual, Annotator: d.annotator}); err != nil {
			break
		}
		n++
	}
	if n > 0 || err != nil {
		d.saved(err)
	}
	d.reloadMarks()
	d.selectSpanAt(start, end, label)
	d.bar.setMessage(fmt.Sprintf("Labelled %d more occurrences of “%s” as %s", n, clip(string(runes[start:end]), 20), label))
}

// selectSpanAt selects the span (else the suggestion) with these offsets and label.
func (d *desk) selectSpanAt(start, end int, label string) bool {
	for _, kind := range []MarkKind{MarkSpan, MarkSuggestion} {
		for _, m := range d.editor.Marks() {
			if m.Kind == kind && m.Start == start && m.End == end && m.Label == label {
				return d.editor.SelectMark(m)
			}
		}
	}
	return false
}

func (d *desk) onPaletteLabel(label string) {
	if !d.hasDoc {
		return
	}
	if m, ok := d.editor.SelectedMark(); ok {
		d.onRelabel(m, label)
	} else if s, e := d.editor.Selection(); s < e {
		d.onAddSpan(s, e, label)
	}
	d.focusEditor()
}

// onCommand runs a window command from a key or a menu.
func (d *desk) onCommand(c Command) {
	switch c {
	case CommandUndo:
		d.onUndo(false)
	case CommandRedo:
		d.onUndo(true)
	case CommandDoneNext:
		d.onDoneNext()
	case CommandNextDocument:
		d.step(1)
	case CommandPreviousDocument:
		d.step(-1)
	case CommandShortcuts:
		d.showShortcuts()
	case CommandZoomIn:
		d.zoom(d.theme.ZoomIn)
	case CommandZoomOut:
		d.zoom(d.theme.ZoomOut)
	}
}

// onUndo undoes (or redoes) the reviewer's latest action on the document,
// from the stored log, and selects what it touched.
func (d *desk) onUndo(redo bool) {
	if !d.canEdit() {
		return
	}
	var act annotate.Action
	var err error
	if redo {
		act, err = d.st.Redo(d.ctx(), d.doc.ID, d.annotator)
	} else {
		act, err = d.st.Undo(d.ctx(), d.doc.ID, d.annotator)
	}
	if annotate.ErrorCode(err) == annotate.ENOTHING {
		d.bar.setMessage(annotate.ErrorMessage(err))
		return
	}
	if !d.saved(err) {
		return
	}
	d.reloadMarks()
	shown := act.Before
	if redo {
		shown = act.After
	}
	if shown == nil || !d.selectSpanAt(shown.Start, shown.End, shown.Label) {
		d.editor.ClearSelection()
	}
	what := "Undid"
	if redo {
		what = "Redid"
	}
	d.bar.setMessage(what + " " + describeAction(act))
}

// describeAction names an action for the status bar.
func describeAction(a annotate.Action) string {
	switch a.Kind {
	case annotate.ActionAdd:
		if a.SuggestionID != 0 {
			return "accepting a suggestion"
		}
		return "adding a span"
	case annotate.ActionUpdate:
		return "changing a span"
	case annotate.ActionDelete:
		return "deleting a span"
	case annotate.ActionReject:
		return "rejecting a suggestion"
	case annotate.ActionStatus:
		return "marking the document " + statusText(a.StatusAfter)
	}
	return string(a.Kind)
}

// onDoneNext marks the document done and opens the next one to do.
func (d *desk) onDoneNext() {
	if !d.canEdit() {
		return
	}
	if !d.saved(d.st.SetStatus(d.ctx(), d.doc.ID, d.annotator, annotate.StatusDone)) {
		return
	}
	cur := d.doc
	next, err := d.nextToDo(cur)
	if err != nil {
		d.showError(err)
	}
	if next == "" {
		d.reloadMarks()
		d.list.reload()
		dialog.ShowInformation("All done", "Every document is done for "+d.annotator+".", d.win)
		return
	}
	d.openDocument(next)
	d.list.reload()
	d.bar.setSaved(d.now())
}

// nextToDo returns the id of the first document after cur (in import
// order, wrapping around) that the annotator has still to do: todo first,
// else in progress; "" when there is none.
func (d *desk) nextToDo(cur annotate.Document) (string, error) {
	for _, st := range []annotate.Status{annotate.StatusTodo, annotate.StatusInProgress} {
		var first string
		const page = 256
		for off := 0; ; off += page {
			docs, err := d.st.Documents(d.ctx(), annotate.DocumentFilter{Annotator: d.annotator, Status: st, Offset: off, Limit: page})
			if err != nil {
				return "", err
			}
			for _, s := range docs {
				if s.ID == cur.ID {
					continue
				}
				if first == "" {
					first = s.ID
				}
				if s.Seq > cur.Seq {
					return s.ID, nil
				}
			}
			if len(docs) < page {
				break
			}
		}
		if first != "" {
			return first, nil
		}
	}
	return "", nil
}

// step opens the next (delta 1) or previous document of the list.
func (d *desk) step(delta int) {
	if d.st == nil || d.list.count == 0 {
		return
	}
	i := d.index + delta
	if d.index < 0 {
		i = 0
	}
	if i < 0 || i >= d.list.count {
		return
	}
	if s, ok := d.list.row(i); ok {
		d.openDocument(s.ID)
		d.index = i
		d.list.selectRow(i)
		d.refreshBar()
	}
}

// zoom changes the text size and remembers it.
func (d *desk) zoom(change func() float32) {
	s := change()
	d.prefs.SetFloat(prefTextScale, float64(s))
	d.applyTheme()
	d.bar.setMessage(fmt.Sprintf("Text size %d%%", int(s*100+0.5)))
}

// onSelectionChanged describes the selection above the editor.
func (d *desk) onSelectionChanged() {
	if d.info == nil {
		return
	}
	runes := d.editor.runes
	if m, ok := d.editor.SelectedMark(); ok {
		kind := "span"
		if m.Kind == MarkSuggestion {
			kind = "suggestion: Enter accepts, Delete rejects, 1-9 accepts as another label"
			for _, s := range d.sugs {
				if s.ID == m.ID {
					kind = fmt.Sprintf("suggestion (%s %.2f): Enter accepts, Delete rejects, 1-9 accepts as another label", s.Source, s.Score)
				}
			}
		}
		d.info.SetText(fmt.Sprintf("%s  “%s”  [%d, %d)  %s", m.Label, clip(string(runes[m.Start:m.End]), 30), m.Start, m.End, kind))
		return
	}
	if s, e := d.editor.Selection(); s < e {
		d.info.SetText(fmt.Sprintf("Selected “%s”  [%d, %d): press 1-9 to label it", clip(string(runes[s:e]), 30), s, e))
		return
	}
	if d.hasDoc {
		d.info.SetText("Drag or double-click to select text; Tab moves through spans and suggestions; F1 lists every key.")
	} else {
		d.info.SetText("")
	}
}

// refreshTitle shows the document's id and the reviewer's status on it.
func (d *desk) refreshTitle() {
	if !d.hasDoc {
		d.title.SetText("")
		return
	}
	d.title.SetText(fmt.Sprintf("%s  ·  %s  ·  %d characters, %d spans, %d open suggestions",
		d.doc.ID, statusText(d.status), annotate.RuneLen(d.doc.Text), len(d.spans), len(d.sugs)))
}

// refreshBar updates the status bar's annotator, position and done count.
func (d *desk) refreshBar() {
	if d.bar == nil {
		return
	}
	d.bar.setAnnotator(d.annotator)
	if d.st == nil {
		d.bar.setPosition(-1, 0)
		d.bar.setDone(0, 0)
		return
	}
	d.bar.setPosition(d.index, d.list.count)
	total, err1 := d.st.CountDocuments(d.ctx(), annotate.DocumentFilter{Annotator: d.annotator})
	done, err2 := d.st.CountDocuments(d.ctx(), annotate.DocumentFilter{Annotator: d.annotator, Status: annotate.StatusDone})
	if err := errors.Join(err1, err2); err != nil {
		fyne.LogError("counting documents", err)
		return
	}
	d.bar.setDone(done, total)
}

// statusText is a status as the reviewer reads it.
func statusText(s annotate.Status) string {
	switch s {
	case annotate.StatusTodo:
		return "to do"
	case annotate.StatusInProgress:
		return "in progress"
	case annotate.StatusDone:
		return "done"
	case annotate.StatusSkipped:
		return "skipped"
	}
	return string(s)
}

// clip shortens s to at most n code points, with an ellipsis, on one line.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
