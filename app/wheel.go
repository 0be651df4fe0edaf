package app

import (
	"image/color"
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The mouse wheel in the document list.
//
// Fyne's desktop driver turns one wheel click into a fixed 25 pixels (10
// on macOS) whatever the list holds: the document list, whose rows are
// two lines tall, moved 85 rows for 300 clicks. wheelRows lies over the
// list and moves it by rowsPerClick rows a click instead, as file
// managers and mail clients do. A touchpad's smooth scrolling sends
// fractions of a click and moves by the same fraction of rows.
//
// wheelRows implements fyne.Scrollable and nothing else: the driver
// gives a wheel event to the last Scrollable under the pointer, which is
// this overlay, while taps, hovers and drags (the scroll bar) go on to
// the list beneath.

// rowsPerClick is how many rows one wheel click moves the list.
const rowsPerClick = 3

// wheelClick is how many pixels Fyne's desktop driver reports for one
// wheel click (internal/driver/glfw's scrollSpeed).
func wheelClick() float32 {
	if runtime.GOOS == "darwin" {
		return 10
	}
	return 25
}

type wheelRows struct {
	widget.BaseWidget
	list *widget.List
	// rowHeight is the height of one row with its separator.
	rowHeight func() float32
}

// newWheelRows returns the overlay for list, whose rows are template's
// height.
func newWheelRows(list *widget.List, template func() fyne.CanvasObject) *wheelRows {
	w := &wheelRows{list: list}
	var h float32
	w.rowHeight = func() float32 {
		if h == 0 {
			h = template().MinSize().Height + list.Theme().Size(theme.SizeNamePadding)
		}
		return h
	}
	w.ExtendBaseWidget(w)
	return w
}

// Scrolled implements fyne.Scrollable.
func (w *wheelRows) Scrolled(ev *fyne.ScrollEvent) {
	clicks := ev.Scrolled.DY / wheelClick()
	w.list.ScrollToOffset(w.list.GetScrollOffset() - clicks*rowsPerClick*w.rowHeight())
}

// CreateRenderer implements fyne.Widget: the overlay draws nothing.
func (w *wheelRows) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// MinSize is zero: the overlay takes the list's size from its container.
func (w *wheelRows) MinSize() fyne.Size { return fyne.Size{} }
