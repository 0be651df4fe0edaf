package app

import (
	"context"
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"

	"goldspan/annotate"
)

// editWindow is a window that edits one layer through the editing
// controller: the desk (a reviewer's layer) or adjudication (gold).
type editWindow struct {
	h       *harness
	ed      *editing
	win     fyne.Window
	message func() string // the window's message line
}

// deskWindow is the desk on the agreement project for carol, who has not
// started: a1 is open with its three suggestions and no span.
func deskWindow(t *testing.T) editWindow {
	h := newHarness(t, newAgreementProject(t), "carol")
	if !h.d.hasDoc || h.d.doc.ID != "a1" || len(h.d.spans) != 0 {
		t.Fatalf("the desk does not show carol's empty a1")
	}
	return editWindow{h: h, ed: &h.d.editing, win: h.w, message: func() string { return h.d.bar.message.Text }}
}

// adjudicationWindow is adjudication on the agreement project: a1 is open
// with the two unanimous spans in gold.
func adjudicationWindow(t *testing.T) editWindow {
	h := newHarness(t, newAgreementProject(t), "lead")
	rw := &reviewWindows{d: h.d}
	rw.showAdjudication(adjudicateRequest{})
	h.d.jobs.wait()
	v := rw.adjudication
	t.Cleanup(v.win.Close)
	if !v.hasDoc || v.doc.ID != "a1" || len(v.spans) != 2 {
		t.Fatalf("adjudication does not show a1 with the unanimous gold")
	}
	return editWindow{h: h, ed: &v.editing, win: v.win, message: func() string { return v.message.Text }}
}

// actions is the stored log of the window's layer.
func (w editWindow) actions(t *testing.T) []annotate.Action {
	t.Helper()
	acts, err := w.h.d.st.Actions(context.Background(), w.ed.doc.ID, w.ed.author)
	if err != nil {
		t.Fatal(err)
	}
	return acts
}

// stored is the window's layer as the project holds it.
func (w editWindow) stored(t *testing.T) string {
	t.Helper()
	spans, err := w.h.d.st.Spans(context.Background(), w.ed.doc.ID, w.ed.author)
	if err != nil {
		t.Fatal(err)
	}
	st, err := w.h.d.st.Status(context.Background(), w.ed.doc.ID, w.ed.author)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%s %s", st, spansText(spans))
}

// windowShortcut is a shortcut typed with nothing focused: it reaches the
// window's own shortcuts, dialog or not.
func windowShortcut(w fyne.Window, s fyne.Shortcut) {
	w.Canvas().(fyne.Shortcutable).TypedShortcut(s)
}

// The desk and adjudication answer the editor's keys through one
// controller, so they wait alike: behind a dialog (which only the desk
// checked before) and while an import runs.
func TestEditsWaitInBothWindows(t *testing.T) {
	for _, c := range []struct {
		name string
		open func(*testing.T) editWindow
	}{
		{"desk", deskWindow},
		{"adjudication", adjudicationWindow},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := c.open(t)
			e := w.ed.editor
			before, logged := w.stored(t), len(w.actions(t))
			ws, we := runes(t, textA, "週二")
			every := func() {
				e.Select(ws, we)
				test.Type(e, "4")                               // a span on the selection
				shortcut(e, fyne.KeyE, ctrl)                    // label every occurrence (desk only)
				e.SelectNextMark(0, 0)                          // a suggestion (desk) or a gold span
				key(e, fyne.KeyReturn)                          // accept it (desk only)
				test.Type(e, "1")                               // relabel it
				shortcut(e, fyne.KeyRight, fyne.KeyModifierAlt) // resize it
				key(e, fyne.KeyDelete)                          // remove it
				test.Type(e, "a")                               // accept all (desk only)
				e.TypedShortcut(shortcutUndo)                   // undo from the editor
				windowShortcut(w.win, shortcutUndo)             // and from the window (adjudication)
				shortcut(e, fyne.KeyReturn, ctrl)               // done and next
				windowShortcut(w.win, shortcutDoneNext)
			}

			dlg := dialog.NewInformation("A dialog", "Something to read first.", w.win)
			dlg.Show()
			every()
			if got := w.stored(t); got != before || len(w.actions(t)) != logged {
				t.Errorf("edits behind a dialog were stored: %q, want %q", got, before)
			}
			if got := w.message(); got != "Close the dialog first" {
				t.Errorf("behind a dialog the window says %q", got)
			}
			dlg.Hide()

			w.h.d.busy = "An import is running"
			every()
			if got := w.stored(t); got != before || len(w.actions(t)) != logged {
				t.Errorf("edits during an import were stored: %q, want %q", got, before)
			}
			if got := w.message(); got != "An import is running: edits wait until it is done" {
				t.Errorf("during an import the window says %q", got)
			}
			w.h.d.busy = ""

			// Once the dialog is closed and the import done, the same key edits.
			e.Select(ws, we)
			test.Type(e, "4")
			if acts := w.actions(t); len(acts) != logged+1 || acts[logged].Kind != annotate.ActionAdd {
				t.Fatalf("after the dialog 4 logged %d actions, want one add", len(acts)-logged)
			}
			if m, ok := e.SelectedMark(); !ok || m.Kind != MarkSpan || m.Start != ws || m.End != we || m.Label != "TIME" {
				t.Errorf("the new span is not selected: %v", m)
			}
			if w.h.d.lastError != "" {
				t.Errorf("an error was shown: %s", w.h.d.lastError)
			}
		})
	}
}

// An edit in adjudication is one action in gold's log that undo (from the
// editor or the window) takes back and redo does again, selecting what it
// touched, as on the desk.
func TestAdjudicationEditIsOneUndoableAction(t *testing.T) {
	w := adjudicationWindow(t)
	v := w.h.d
	e := w.ed.editor
	before, logged := w.stored(t), len(w.actions(t))

	ws, we := runes(t, textA, "週二")
	e.Select(ws, we)
	test.Type(e, "4")
	acts := w.actions(t)
	if len(acts) != logged+1 {
		t.Fatalf("one key logged %d actions", len(acts)-logged)
	}
	if a := acts[logged]; a.Kind != annotate.ActionAdd || a.After == nil || a.After.Start != ws || a.After.End != we || a.After.Label != "TIME" {
		t.Fatalf("the key logged %+v", a)
	}
	if got := w.message(); got != fmt.Sprintf("Added TIME [%d, %d) to gold.", ws, we) {
		t.Errorf("message %q", got)
	}
	added := w.stored(t)

	windowShortcut(w.win, shortcutUndo)
	if got := w.stored(t); got != before {
		t.Fatalf("undo left gold %q, want %q", got, before)
	}
	if got := w.message(); got != "Undid adding a span in gold." {
		t.Errorf("message %q", got)
	}
	if acts := w.actions(t); len(acts) != logged+1 || !acts[logged].Undone {
		t.Errorf("undo did not mark the one action undone: %+v", acts[logged:])
	}
	e.TypedShortcut(shortcutRedo)
	if got := w.stored(t); got != added {
		t.Fatalf("redo left gold %q, want %q", got, added)
	}
	if m, ok := e.SelectedMark(); !ok || m.Start != ws || m.End != we {
		t.Errorf("redo did not select the span it brought back: %v", m)
	}

	// Delete walks on to the next gold span, and undo selects the span it
	// restores, as on the desk.
	marks := e.Marks()
	e.SelectMark(marks[0])
	key(e, fyne.KeyDelete)
	if m, ok := e.SelectedMark(); !ok || !m.Is(marks[1]) {
		t.Errorf("after Delete %v is selected, want the next gold span %v", m, marks[1])
	}
	e.TypedShortcut(shortcutUndo)
	if m, ok := e.SelectedMark(); !ok || m.Start != marks[0].Start || m.End != marks[0].End || m.Label != marks[0].Label {
		t.Errorf("undo did not select the restored span: %v, want %v", m, marks[0])
	}
	if got := w.stored(t); got != added {
		t.Errorf("gold %q after delete and undo, want %q", got, added)
	}
	if v.lastError != "" {
		t.Errorf("an error was shown: %s", v.lastError)
	}
}
