package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The desk's splits.
//
// Fyne's container.Split draws its grip in the text colour, two pixels by
// sixteen in the middle of the divider, which reads as a stray text caret
// between the document list and the editor (issue 17). Muting it took a
// theme override around each split and another around each pane, and
// Fyne parses the theme's fonts once per override scope: four copies of
// the 11 MB Noto Sans CJK, regular and bold, about 90 MB of the idle
// desk's heap (issue 16). split draws its divider itself, a one-pixel line
// in the separator colour that lights up under the pointer, with no
// override, so every pane shares the app's one parsed font.

// split lays leading and trailing side by side, the leading pane taking
// Offset (0..1) of the width left by the divider; dragging the divider
// moves it. Neither pane is made narrower than its minimum.
type split struct {
	widget.BaseWidget
	Offset            float64
	leading, trailing fyne.CanvasObject
	divider           *splitDivider
	moved             bool // the divider was dragged: lay out, refresh nothing else
}

// newHSplit returns a split of leading and trailing at offset, as the
// canvas object to place and as the split (the same object).
func newHSplit(leading, trailing fyne.CanvasObject, offset float64) (fyne.CanvasObject, *split) {
	s := &split{Offset: offset, leading: leading, trailing: trailing}
	s.divider = &splitDivider{split: s}
	s.divider.ExtendBaseWidget(s.divider)
	s.ExtendBaseWidget(s)
	return s, s
}

// CreateRenderer implements fyne.Widget.
func (s *split) CreateRenderer() fyne.WidgetRenderer { return &splitRenderer{s} }

// dividerWidth is the divider's width: Fyne's own split's.
func (s *split) dividerWidth() float32 { return s.Theme().Size(theme.SizeNamePadding) * 2 }

// leadingWidth is the leading pane's width in a split of width w.
func (s *split) leadingWidth(w float32) float32 {
	free := w - s.dividerWidth()
	x := float32(float64(free) * min(max(s.Offset, 0), 1))
	x = min(x, free-s.trailing.MinSize().Width)
	return max(x, s.leading.MinSize().Width)
}

type splitRenderer struct{ s *split }

func (r *splitRenderer) Layout(size fyne.Size) {
	s := r.s
	x, dw := s.leadingWidth(size.Width), s.dividerWidth()
	s.leading.Move(fyne.NewPos(0, 0))
	s.leading.Resize(fyne.NewSize(x, size.Height))
	s.divider.Move(fyne.NewPos(x, 0))
	s.divider.Resize(fyne.NewSize(dw, size.Height))
	s.trailing.Move(fyne.NewPos(x+dw, 0))
	s.trailing.Resize(fyne.NewSize(max(size.Width-x-dw, 0), size.Height))
}

func (r *splitRenderer) MinSize() fyne.Size {
	l, t := r.s.leading.MinSize(), r.s.trailing.MinSize()
	return fyne.NewSize(l.Width+r.s.dividerWidth()+t.Width, max(l.Height, t.Height))
}

func (r *splitRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.s.leading, r.s.divider, r.s.trailing}
}

// Refresh lays the panes out again and refreshes them (a theme or text
// size change reaches them through it), unless only the divider moved.
func (r *splitRenderer) Refresh() {
	r.Layout(r.s.Size())
	if r.s.moved {
		r.s.moved = false
		return
	}
	r.s.leading.Refresh()
	r.s.divider.Refresh()
	r.s.trailing.Refresh()
	canvas.Refresh(r.s)
}

func (r *splitRenderer) Destroy() {}

// splitDivider is the draggable strip between a split's panes.
type splitDivider struct {
	widget.BaseWidget
	split   *split
	hovered bool
}

var (
	_ fyne.Draggable     = (*splitDivider)(nil)
	_ desktop.Hoverable  = (*splitDivider)(nil)
	_ desktop.Cursorable = (*splitDivider)(nil)
)

func (d *splitDivider) CreateRenderer() fyne.WidgetRenderer {
	r := &dividerRenderer{d: d, hover: canvas.NewRectangle(nil), line: canvas.NewRectangle(nil)}
	r.Refresh()
	return r
}

// Dragged implements fyne.Draggable: the divider follows the pointer.
func (d *splitDivider) Dragged(ev *fyne.DragEvent) {
	s := d.split
	free := s.Size().Width - s.dividerWidth()
	if free <= 0 {
		return
	}
	x := d.Position().X + ev.Position.X - s.dividerWidth()/2
	s.Offset = min(max(float64(x/free), 0), 1)
	s.moved = true
	s.Refresh()
}

// DragEnd implements fyne.Draggable.
func (d *splitDivider) DragEnd() {}

// Cursor implements desktop.Cursorable.
func (d *splitDivider) Cursor() desktop.Cursor { return desktop.HResizeCursor }

// MouseIn implements desktop.Hoverable.
func (d *splitDivider) MouseIn(*desktop.MouseEvent) { d.hovered = true; d.Refresh() }

// MouseMoved implements desktop.Hoverable.
func (d *splitDivider) MouseMoved(*desktop.MouseEvent) {}

// MouseOut implements desktop.Hoverable.
func (d *splitDivider) MouseOut() { d.hovered = false; d.Refresh() }

type dividerRenderer struct {
	d           *splitDivider
	hover, line *canvas.Rectangle
}

func (r *dividerRenderer) Layout(size fyne.Size) {
	r.hover.Resize(size)
	r.line.Move(fyne.NewPos(size.Width/2-0.5, 0))
	r.line.Resize(fyne.NewSize(1, size.Height))
}

func (r *dividerRenderer) MinSize() fyne.Size {
	return fyne.NewSize(r.d.split.dividerWidth(), 0)
}

func (r *dividerRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.hover, r.line} }

func (r *dividerRenderer) Refresh() {
	th, v := r.d.Theme(), fyne.CurrentApp().Settings().ThemeVariant()
	r.line.FillColor = th.Color(theme.ColorNameSeparator, v)
	if r.d.hovered {
		r.hover.FillColor = th.Color(theme.ColorNameHover, v)
	} else {
		r.hover.FillColor = nil
	}
	r.hover.Refresh()
	r.line.Refresh()
}

func (r *dividerRenderer) Destroy() {}
