package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// editorArea is the scrolled content of a SpanEditor: it receives the mouse
// and draws the lines in view.
type editorArea struct {
	widget.BaseWidget
	e *SpanEditor
	r *areaRenderer

	clicked  bool // a MouseUp already handled the click that Tapped reports later
	resizing bool
}

var (
	_ fyne.Tappable          = (*editorArea)(nil)
	_ fyne.DoubleTappable    = (*editorArea)(nil)
	_ fyne.SecondaryTappable = (*editorArea)(nil)
	_ fyne.Draggable         = (*editorArea)(nil)
	_ desktop.Mouseable      = (*editorArea)(nil)
	_ desktop.Cursorable     = (*editorArea)(nil)
)

func newEditorArea(e *SpanEditor) *editorArea {
	a := &editorArea{e: e}
	a.ExtendBaseWidget(a)
	return a
}

// CreateRenderer implements fyne.Widget.
func (a *editorArea) CreateRenderer() fyne.WidgetRenderer {
	a.r = &areaRenderer{a: a, first: -1, last: -1}
	return a.r
}

// Tapped implements fyne.Tappable (a click the driver did not report
// through MouseUp, as in tests).
func (a *editorArea) Tapped(ev *fyne.PointEvent) {
	if a.clicked {
		a.clicked = false
		return
	}
	a.e.click(ev.Position, false)
}

// DoubleTapped implements fyne.DoubleTappable: select the word.
func (a *editorArea) DoubleTapped(ev *fyne.PointEvent) {
	a.clicked = false
	a.e.selectWordAt(ev.Position)
}

// TappedSecondary implements fyne.SecondaryTappable: the context menu.
func (a *editorArea) TappedSecondary(ev *fyne.PointEvent) {
	a.e.showMenu(ev)
}

// MouseDown implements desktop.Mouseable.
func (a *editorArea) MouseDown(ev *desktop.MouseEvent) {
	if ev.Button == desktop.MouseButtonPrimary {
		a.e.requestFocus()
	}
}

// MouseUp implements desktop.Mouseable: a click acts at once rather than
// after the double-click delay; Shift+click extends the selection.
func (a *editorArea) MouseUp(ev *desktop.MouseEvent) {
	if ev.Button != desktop.MouseButtonPrimary || a.e.dragging {
		return
	}
	a.e.click(ev.Position, ev.Modifier&fyne.KeyModifierShift != 0)
	a.clicked = true
}

// Dragged implements fyne.Draggable: select from the drag's start to the pointer.
func (a *editorArea) Dragged(ev *fyne.DragEvent) { a.e.drag(ev) }

// DragEnd implements fyne.Draggable.
func (a *editorArea) DragEnd() { a.e.dragEnd() }

// Cursor implements desktop.Cursorable.
func (a *editorArea) Cursor() desktop.Cursor { return desktop.TextCursor }

// scrolled rebuilds the lines in view if the scroll left the built ones.
func (a *editorArea) scrolled() {
	if a.r == nil {
		return
	}
	if first, last := a.r.visible(0); first < a.r.first || last > a.r.last || a.r.gen != a.e.gen {
		a.r.build()
		canvas.Refresh(a)
	}
}

// areaRenderer draws only the lines in view (plus half a view either side),
// reusing its rectangles and texts between builds.
type areaRenderer struct {
	a       *editorArea
	objects []fyne.CanvasObject
	rects   []*canvas.Rectangle
	texts   []*canvas.Text
	nr, nt  int
	first   int // lines built
	last    int
	gen     uint64
	tagW    map[string]float32
	tagKey  float32
}

// Destroy implements fyne.WidgetRenderer.
func (r *areaRenderer) Destroy() {}

// Objects returns the objects of the lines built.
func (r *areaRenderer) Objects() []fyne.CanvasObject { return r.objects }

// MinSize is the height of every line at the current width.
func (r *areaRenderer) MinSize() fyne.Size {
	e := r.a.e
	h := e.contentHeight()
	return fyne.NewSize(8*e.geo.textSize, h)
}

// Layout rewraps for a new width and rebuilds the lines in view.
func (r *areaRenderer) Layout(size fyne.Size) {
	e := r.a.e
	if !r.a.resizing {
		// A new width rewraps the text; let the scroll learn the new height.
		if want := max(e.contentHeight(), e.scroll.Size().Height); want != size.Height && e.scroll.Size().Height > 0 {
			r.a.resizing = true
			e.scroll.Refresh()
			r.a.resizing = false
		}
	}
	r.build()
}

// Refresh rebuilds the lines in view.
func (r *areaRenderer) Refresh() {
	r.build()
	canvas.Refresh(r.a)
}

// visible returns the lines in view, widened by overscan views either side.
func (r *areaRenderer) visible(overscan float32) (first, last int) {
	e := r.a.e
	e.ensureLayout()
	g := e.geo
	top, h := e.scroll.Offset.Y, e.scroll.Size().Height
	if h <= 0 {
		top, h = 0, r.a.Size().Height
	}
	top -= overscan * h
	h += 2 * overscan * h
	first = int((top - g.pad) / g.lineH)
	last = int((top + h - g.pad) / g.lineH)
	if first < 0 {
		first = 0
	}
	if n := len(e.lay.Lines); last >= n {
		last = n - 1
	}
	return first, last
}

func (r *areaRenderer) rect() *canvas.Rectangle {
	if r.nr == len(r.rects) {
		r.rects = append(r.rects, &canvas.Rectangle{})
	}
	o := r.rects[r.nr]
	r.nr++
	*o = canvas.Rectangle{}
	r.objects = append(r.objects, o)
	return o
}

func (r *areaRenderer) text(s string, c color.Color, size float32, bold bool) *canvas.Text {
	if r.nt == len(r.texts) {
		r.texts = append(r.texts, &canvas.Text{})
	}
	o := r.texts[r.nt]
	r.nt++
	*o = canvas.Text{Text: s, Color: c, TextSize: size, TextStyle: fyne.TextStyle{Bold: bold}}
	r.objects = append(r.objects, o)
	return o
}

func place(o fyne.CanvasObject, x, y, w, h float32) {
	o.Move(fyne.NewPos(x, y))
	o.Resize(fyne.NewSize(w, h))
}

func withAlpha(c color.NRGBA, a uint8) color.NRGBA {
	c.A = a
	return c
}

// tagWidth measures a tag's text once per text size.
func (r *areaRenderer) tagWidth(s string, size float32) float32 {
	if r.tagW == nil || r.tagKey != size {
		r.tagW, r.tagKey = map[string]float32{}, size
	}
	w, ok := r.tagW[s]
	if !ok {
		w = fyne.MeasureText(s, size, fyne.TextStyle{Bold: true}).Width
		r.tagW[s] = w
	}
	return w
}

// markSeg is the part of one mark on one line.
type markSeg struct {
	mark   int // index in the editor's marks
	line   int
	x0, x1 float32
}

// build recreates the objects of the lines in view.
func (r *areaRenderer) build() {
	e := r.a.e
	e.ensureLayout()
	r.objects = r.objects[:0]
	r.nr, r.nt = 0, 0
	r.gen = e.gen
	th := e.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	g := e.geo
	if len(e.runes) == 0 {
		r.first, r.last = 0, 0
		if p := e.placeholderText(); p != "" {
			t := r.text(p, th.Color(theme.ColorNamePlaceHolder, v), g.textSize, false)
			place(t, g.pad, g.pad+g.tagH, t.MinSize().Width, g.textH)
		}
		return
	}
	first, last := r.visible(0.5)
	r.first, r.last = first, last
	lay := &e.lay
	lo, hi := lay.Lines[first].Start, lay.Lines[last].End
	lineY := func(k int) float32 { return g.pad + float32(k)*g.lineH }

	// The parts of the marks that meet the lines in view.
	var segs []markSeg
	cuts := map[int]bool{}
	for i, m := range e.marks {
		if m.Start >= hi {
			break
		}
		if m.End <= lo {
			continue
		}
		cuts[m.Start], cuts[m.End] = true, true
		k0 := lay.lineOf(max(m.Start, lo))
		for k := k0; k <= last; k++ {
			x0, x1, ok := lay.segment(k, m.Start, m.End)
			if !ok {
				if lay.Lines[k].Start >= m.End {
					break
				}
				continue
			}
			segs = append(segs, markSeg{mark: i, line: k, x0: x0, x1: x1})
		}
	}
	level := func(i int) int { return min(e.levels[i], max(g.levels-1, 0)) }

	// 1. Fills: solid for spans, pale and outlined for suggestions; nested
	// marks are inset a little so each edge shows.
	for _, s := range segs {
		m := e.marks[s.mark]
		c := e.colorOf(m.Label)
		inset := float32(min(e.levels[s.mark], 3)) * 1.5
		o := r.rect()
		if m.Kind == MarkSpan {
			o.FillColor = withAlpha(c, 0x60)
		} else {
			o.FillColor = withAlpha(c, 0x1c)
			o.StrokeColor = withAlpha(c, 0xd0)
			o.StrokeWidth = 1
		}
		place(o, g.pad+s.x0, lineY(s.line)+g.tagH+inset, s.x1-s.x0, g.textH-2*inset)
	}

	// 2. The character selection.
	if a, b := e.sel.bounds(); e.cur < 0 && a < b {
		selC := th.Color(theme.ColorNameSelection, v)
		for k := max(first, lay.lineOf(a)); k <= last; k++ {
			x0, x1, ok := lay.segment(k, a, b)
			if !ok {
				if lay.Lines[k].Start >= b {
					break
				}
				continue
			}
			o := r.rect()
			o.FillColor = selC
			place(o, g.pad+x0, lineY(k)+g.tagH, x1-x0, g.textH)
		}
	}

	// 3. The text, in runs of one kind of script between mark boundaries;
	// blanks are not drawn.
	fg := th.Color(theme.ColorNameForeground, v)
	for k := first; k <= last; k++ {
		end := lay.contentEnd(e.runes, k)
		y := lineY(k) + g.tagH
		for i := lay.Lines[k].Start; i < end; {
			if isBlank(e.runes[i]) {
				i++
				continue
			}
			cjk := breaksAnywhere(e.runes[i])
			j := i + 1
			for j < end && !isBlank(e.runes[j]) && breaksAnywhere(e.runes[j]) == cjk && !cuts[j] {
				j++
			}
			t := r.text(string(e.runes[i:j]), fg, g.textSize, false)
			place(t, g.pad+lay.X[i], y, lay.X[j-1]+lay.Adv[j-1]-lay.X[i], g.textH)
			i = j
		}
	}

	// 4. Underline bars, one level per nesting depth.
	for _, s := range segs {
		m := e.marks[s.mark]
		c := e.colorOf(m.Label)
		if m.Kind == MarkSuggestion {
			c = withAlpha(c, 0x70)
		}
		o := r.rect()
		o.FillColor = c
		y := lineY(s.line) + g.tagH + g.textH + g.barGap + float32(level(s.mark))*(g.barH+g.barGap)
		place(o, g.pad+s.x0+0.5, y, s.x1-s.x0-1, g.barH)
	}

	// 5. The selected mark's outline.
	if e.cur >= 0 {
		pc := th.Color(theme.ColorNamePrimary, v)
		for _, s := range segs {
			if s.mark != e.cur {
				continue
			}
			o := r.rect()
			o.StrokeColor = pc
			o.StrokeWidth = 2
			o.FillColor = color.Transparent
			place(o, g.pad+s.x0-1, lineY(s.line)+g.tagH-1, s.x1-s.x0+2, g.textH+2+float32(g.levels)*(g.barH+g.barGap)+g.barGap)
		}
	}

	// 6. Label tags above each mark's first line, left to right without overlap.
	lastTag, tagLine := float32(-1), -1
	for _, s := range segs {
		m := e.marks[s.mark]
		if m.Start < lay.Lines[s.line].Start {
			continue // not the mark's first line
		}
		if s.line != tagLine {
			tagLine, lastTag = s.line, -1
		}
		name := m.Label
		if m.Kind == MarkSuggestion {
			name += "?"
		}
		tw := r.tagWidth(name, g.tagSize) + 4
		x := max(s.x0, lastTag+2)
		if x+tw > lay.Width+g.pad {
			continue
		}
		lastTag = x + tw
		c := e.colorOf(m.Label)
		bg := r.rect()
		bg.CornerRadius = 3
		var tc color.Color
		if m.Kind == MarkSpan {
			bg.FillColor = c
			tc = contrastText(c)
		} else {
			bg.FillColor = withAlpha(c, 0x26)
			bg.StrokeColor = c
			bg.StrokeWidth = 1
			tc = c
		}
		y := lineY(s.line) + 1
		place(bg, g.pad+x, y, tw, g.tagTextH)
		t := r.text(name, tc, g.tagSize, true)
		place(t, g.pad+x+2, y, tw-4, g.tagTextH)
	}

	// 7. The caret.
	if a, b := e.sel.bounds(); e.focused && e.cur < 0 && a == b {
		k := lay.lineOf(a)
		if k >= first && k <= last {
			o := r.rect()
			o.FillColor = th.Color(theme.ColorNamePrimary, v)
			place(o, g.pad+lay.X[a]-1, lineY(k)+g.tagH, 2, g.textH)
		}
	}
}

// contrastText returns black or white, whichever reads better on c.
func contrastText(c color.NRGBA) color.Color {
	if 299*int(c.R)+587*int(c.G)+114*int(c.B) > 150_000 {
		return color.Black
	}
	return color.White
}
