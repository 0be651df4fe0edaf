package app

import (
	"testing"

	"fyne.io/fyne/v2"

	"goldspan/annotate"
)

// Tests of the defects an annotator reported in issue 17.

// windowKey sends a key as the driver would: to the focused widget, else
// to the window's canvas.
func windowKey(h *harness, name fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: name}
	if f := h.w.Canvas().Focused(); f != nil {
		f.TypedKey(ev)
		return
	}
	if on := h.w.Canvas().OnTypedKey(); on != nil {
		on(ev)
	}
}

// The "All done" notice after the last document closes with Enter and
// with Escape, without the mouse.
func TestAllDoneClosesFromTheKeyboard(t *testing.T) {
	for _, key := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyEnter, fyne.KeyEscape} {
		t.Run(string(key), func(t *testing.T) {
			path := memProject(t, "one.goldspan", []annotate.Record{{Doc: annotate.Document{ID: "a1", Text: textA}}})
			h := newHarness(t, path, "alice")
			shortcut(h.ed(), fyne.KeyReturn, ctrl)
			h.d.jobs.wait()
			if h.w.Canvas().Overlays().Top() == nil || h.d.notice == nil {
				t.Fatal("no All done dialog after the last document")
			}
			windowKey(h, key)
			if h.w.Canvas().Overlays().Top() != nil {
				t.Fatalf("%s did not close the All done dialog", key)
			}
			if h.status("a1") != annotate.StatusDone {
				t.Fatal("a1 is not done")
			}
		})
	}
}
