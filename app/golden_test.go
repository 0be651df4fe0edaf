package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// Markup goldens of the main states of the window, in testdata/. After an
// intended change, the new markup is in testdata/failed/: look at it, then
// move it over the golden.

func TestGoldenFirstStart(t *testing.T) {
	path := newMemProject(t)
	h := &harness{t: t, a: useTestApp(t), path: path}
	h.startDesk(Deps{Open: openStore, DemoPath: func() (string, error) { return path, nil }})
	h.d.start()
	h.d.jobs.wait()
	test.AssertRendersToMarkup(t, "first_start.xml", h.w.Canvas())
}

func TestGoldenReview(t *testing.T) {
	h := newHarness(t, newMemProject(t), "alice")
	e := h.ed()
	test.AssertRendersToMarkup(t, "desk_open.xml", h.w.Canvas())

	// A character selection, with the palette ready to label it.
	s, end := runes(t, textA, "發言人")
	dragSelect(h.w, e, s, end)
	test.AssertRendersToMarkup(t, "desk_selection.xml", h.w.Canvas())

	// Nested spans (俄羅斯 inside 俄羅斯國防部), an accepted suggestion and
	// the next suggestion selected.
	dragSelect(h.w, e, 0, 6)
	test.Type(e, "3")
	dragSelect(h.w, e, 0, 3)
	test.Type(e, "2")
	e.SelectNextMark(MarkSuggestion, 0)
	key(e, fyne.KeyReturn)
	h.d.jobs.wait()
	test.AssertRendersToMarkup(t, "desk_spans.xml", h.w.Canvas())

	key(e, fyne.KeyF1)
	test.AssertRendersToMarkup(t, "shortcuts.xml", h.w.Canvas())
	h.d.onWindowKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.w.Canvas().Overlays().Top() != nil {
		t.Errorf("Esc did not close the shortcut sheet")
	}
}
