package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// TestSplit: the panes share the width at Offset less the divider, keep
// their minimum widths, and dragging the divider moves the offset.
func TestSplit(t *testing.T) {
	useTestApp(t)
	left := canvas.NewRectangle(nil)
	left.SetMinSize(fyne.NewSize(100, 10))
	right := canvas.NewRectangle(nil)
	right.SetMinSize(fyne.NewSize(200, 10))
	obj, s := newHSplit(left, right, 0.25)
	w := test.NewWindow(obj)
	defer w.Close()
	w.Resize(fyne.NewSize(808, 300))
	dw := s.dividerWidth()
	free := s.Size().Width - dw
	if got, want := left.Size().Width, free*0.25; got != want {
		t.Errorf("leading width %v, want %v", got, want)
	}
	if got := right.Position().X; got != left.Size().Width+dw {
		t.Errorf("trailing starts at %v, want %v", got, left.Size().Width+dw)
	}
	if got := left.Size().Width + dw + right.Size().Width; got != s.Size().Width {
		t.Errorf("panes and divider take %v of %v", got, s.Size().Width)
	}
	// Drag the divider to the middle.
	s.divider.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(free/2-s.divider.Position().X+dw/2, 5)}})
	if s.Offset < 0.49 || s.Offset > 0.51 || left.Size().Width < free/2-1 || left.Size().Width > free/2+1 {
		t.Errorf("after dragging to the middle: offset %v, leading %v of %v", s.Offset, left.Size().Width, free)
	}
	// Minimums win over the offset.
	s.Offset = 0
	s.Refresh()
	if left.Size().Width != 100 {
		t.Errorf("offset 0: leading %v, want its minimum 100", left.Size().Width)
	}
	s.Offset = 1
	s.Refresh()
	if right.Size().Width != 200 {
		t.Errorf("offset 1: trailing %v, want its minimum 200", right.Size().Width)
	}
	if min := s.MinSize(); min.Width != 300+dw {
		t.Errorf("min width %v, want %v", min.Width, 300+dw)
	}
}

// TestDeskHasNoThemeOverride: every label of the desk is drawn with the
// app's theme itself. A theme override gives its labels a font cache of
// their own, and Fyne parses the 11 MB CJK font again for each (issue 16).
func TestDeskHasNoThemeOverride(t *testing.T) {
	h := newHarness(t, newMemProject(t), "alice")
	var overridden []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if _, ok := o.(interface{ SetDeviceIsMobile(bool) }); ok { // *container.ThemeOverride
			overridden = append(overridden, "override")
		}
		switch c := o.(type) {
		case *fyne.Container:
			for _, ch := range c.Objects {
				walk(ch)
			}
		case fyne.Widget:
			for _, ch := range test.WidgetRenderer(c).Objects() {
				walk(ch)
			}
		}
	}
	walk(h.w.Content())
	if len(overridden) > 0 {
		t.Errorf("the desk holds %d theme overrides", len(overridden))
	}
}
