package app

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"goldspan/annotate"
)

// TestWheelMovesRows: one wheel click moves the document list by
// rowsPerClick rows (Fyne alone moved 25 pixels, about a third of a row),
// back and forth, clamped at the top; a tap on a row still opens it.
func TestWheelMovesRows(t *testing.T) {
	var recs []annotate.Record
	for i := range 300 {
		recs = append(recs, annotate.Record{Doc: annotate.Document{ID: fmt.Sprintf("w%03d", i), Text: fmt.Sprintf("第%d篇：香港立法會今日開會。", i)}})
	}
	h := newHarness(t, memProject(t, "wheel.goldspan", recs), "alice")
	l := h.d.list
	if l.count != 300 {
		t.Fatalf("list shows %d documents", l.count)
	}
	row := newDocRow().MinSize().Height + l.list.Theme().Size("padding")
	pos := fyne.NewPos(10, 10).Add(fyne.CurrentApp().Driver().AbsolutePositionForObject(l.list))
	for range 10 {
		test.Scroll(h.w.Canvas(), pos, 0, -wheelClick()) // a click towards the end
	}
	if got, want := l.list.GetScrollOffset(), 10*rowsPerClick*row; got < want-1 || got > want+1 {
		t.Fatalf("10 wheel clicks moved the list %.0f px, want %.0f (%d rows of %.0f)", got, want, 10*rowsPerClick, row)
	}
	test.Scroll(h.w.Canvas(), pos, 0, wheelClick()/2) // half a click back (a touchpad)
	if got, want := l.list.GetScrollOffset(), 9.5*rowsPerClick*row; got < want-1 || got > want+1 {
		t.Errorf("half a click back: offset %.0f, want %.0f", got, want)
	}
	for range 40 {
		test.Scroll(h.w.Canvas(), pos, 0, wheelClick())
	}
	if got := l.list.GetScrollOffset(); got != 0 {
		t.Errorf("40 clicks back from row 28: offset %.0f, want 0", got)
	}
	// The overlay takes wheel events only: a tap reaches the row.
	test.TapCanvas(h.w.Canvas(), pos.AddXY(0, row+row/2))
	h.d.jobs.wait()
	if !h.d.hasDoc || h.d.doc.ID != "w001" {
		t.Errorf("tapping the second row opened %q", h.d.doc.ID)
	}
}
