package app

import (
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"goldspan/annotate"
	"goldspan/annotate/format"
)

// Command is a reviewer command the span editor receives as a key but that
// concerns the whole window (documents, undo, help, text size).
type Command int

// The window commands the span editor passes on through OnCommand.
const (
	CommandUndo             Command = iota + 1 // Ctrl+Z
	CommandRedo                                // Ctrl+Shift+Z, Ctrl+Y
	CommandDoneNext                            // Ctrl+Enter: mark done, open the next to-do document
	CommandNextDocument                        // PageDown
	CommandPreviousDocument                    // PageUp
	CommandShortcuts                           // F1
	CommandZoomIn                              // Ctrl+plus
	CommandZoomOut                             // Ctrl+minus
	CommandFind                                // Ctrl+F: search the document in the annotation panel
	CommandPanel                               // F6: the annotation panel's list takes the keyboard
)

// SpanEditor shows one document with the reviewer's spans and the machine
// suggestions, and lets the reviewer select text and marks with the mouse
// and the keyboard. It never touches the store: each edit is reported
// through an OnXxx callback, and the owner answers with SetMarks.
//
// The text wraps by itself (CJK between any two characters, other words
// whole) and only the lines in view get canvas objects, so long articles
// with many spans stay fluid.
type SpanEditor struct {
	widget.BaseWidget

	// Placeholder is shown when there is no text.
	Placeholder string
	// ReadOnly shows the text and marks for reading only: no context menu
	// offers edits (keys call only the OnXxx callbacks that are set).
	ReadOnly bool
	// Words splits a text into words (code points) for double-click; when
	// nil, a double-click selects the run of one script around the pointer.
	Words func(text string) []format.Token

	// OnAddSpan is called when a label key is pressed on a character selection.
	OnAddSpan func(start, end int, label string)
	// OnRelabel is called when a label key is pressed on a selected mark; on
	// a suggestion it means "accept with this label".
	OnRelabel func(m Mark, label string)
	// OnAccept is called when Enter is pressed on a selected suggestion.
	OnAccept func(m Mark)
	// OnRemove is called when Delete or Backspace is pressed on a selected
	// mark: delete the span or reject the suggestion.
	OnRemove func(m Mark)
	// OnResize is called when Alt+arrows move a selected mark's boundaries.
	OnResize func(m Mark, start, end int)
	// OnAcceptAll is called when A is pressed.
	OnAcceptAll func()
	// OnAskAcceptAll is called when the context menu's "Accept all
	// suggestions…" is chosen, with the number of suggestions on show: ask
	// before accepting them. Nil leaves the item out of the menu.
	OnAskAcceptAll func(n int)
	// OnLabelAll asks to label every occurrence of text[start:end].
	OnLabelAll func(start, end int, label string)
	// OnCommand passes on the keys that concern the whole window.
	OnCommand func(c Command)
	// OnSelectionChanged is called after the selection or selected mark changed.
	OnSelectionChanged func()

	text   string
	runes  []rune
	marks  []Mark
	levels []int
	depth  int
	labels []annotate.Label
	colors map[string]color.NRGBA
	sel    selection
	cur    int // index in marks of the selected mark, -1 for none
	tokens []format.Token
	tokOK  bool

	focused  bool
	shift    bool
	dragging bool
	gen      uint64 // bumped on every change that needs a redraw

	glyphs  *glyphWidths
	adv     []float32
	lay     textLayout
	layOK   bool
	layFont glyphKey
	geo     editorGeometry

	area   *editorArea
	scroll *container.Scroll
}

var (
	_ fyne.Focusable    = (*SpanEditor)(nil)
	_ fyne.Tabbable     = (*SpanEditor)(nil)
	_ fyne.Shortcutable = (*SpanEditor)(nil)
	_ desktop.Keyable   = (*SpanEditor)(nil)
)

// NewSpanEditor returns an empty span editor.
func NewSpanEditor() *SpanEditor {
	e := &SpanEditor{cur: -1, glyphs: newGlyphWidths(), colors: map[string]color.NRGBA{}}
	e.ExtendBaseWidget(e)
	e.area = newEditorArea(e)
	e.scroll = container.NewVScroll(e.area)
	e.scroll.OnScrolled = func(fyne.Position) { e.area.scrolled() }
	e.SetDocument("", nil)
	return e
}

// CreateRenderer implements fyne.Widget.
func (e *SpanEditor) CreateRenderer() fyne.WidgetRenderer {
	return &editorRenderer{e: e}
}

// SetDocument shows text with marks, clears the selection and scrolls to the top.
func (e *SpanEditor) SetDocument(text string, marks []Mark) {
	e.text = text
	e.runes = []rune(text)
	e.tokens, e.tokOK = nil, false
	e.layOK = false
	e.sel = selection{}
	e.cur = -1
	e.dragging = false
	e.setMarks(marks, false)
	e.scroll.Offset = fyne.Position{}
	e.Refresh()
	e.selectionChanged()
}

// Text returns the text shown.
func (e *SpanEditor) Text() string { return e.text }

// SetMarks replaces the marks shown. The selected mark stays selected if it
// is among them.
func (e *SpanEditor) SetMarks(marks []Mark) {
	e.setMarks(marks, true)
	e.Refresh()
	e.selectionChanged()
}

func (e *SpanEditor) setMarks(marks []Mark, keep bool) {
	var was Mark
	had := keep && e.cur >= 0 && e.cur < len(e.marks)
	if had {
		was = e.marks[e.cur]
	}
	n := len(e.runes)
	e.marks = e.marks[:0]
	for _, m := range marks {
		if m.Start >= 0 && m.End <= n && m.Start < m.End {
			e.marks = append(e.marks, m)
		}
	}
	sortMarks(e.marks)
	e.levels, e.depth = markLevels(e.marks)
	e.cur = -1
	if had {
		for i, m := range e.marks {
			if m.Is(was) {
				e.cur = i
				e.sel = selection{anchor: m.Start, caret: m.End}
				break
			}
		}
	}
	e.gen++
}

// Marks returns a copy of the marks shown, in Tab order.
func (e *SpanEditor) Marks() []Mark { return append([]Mark(nil), e.marks...) }

// SetLabels sets the project's labels: their colours and hotkeys.
func (e *SpanEditor) SetLabels(labels []annotate.Label) {
	e.labels = append(e.labels[:0], labels...)
	e.colors = map[string]color.NRGBA{}
	for _, l := range labels {
		e.colors[l.Name] = parseColor(l.Color)
	}
	e.gen++
	e.area.Refresh()
}

// Selection returns the selected characters [start, end); start == end is a caret.
func (e *SpanEditor) Selection() (start, end int) { return e.sel.bounds() }

// Select selects the characters [start, end), clamped to the text.
func (e *SpanEditor) Select(start, end int) {
	n := len(e.runes)
	e.cur = -1
	e.sel = selection{anchor: clampPos(start, n), caret: clampPos(end, n)}
	e.changed(e.sel.caret)
}

// SelectedMark returns the selected span or suggestion, if any.
func (e *SpanEditor) SelectedMark() (Mark, bool) {
	if e.cur < 0 || e.cur >= len(e.marks) {
		return Mark{}, false
	}
	return e.marks[e.cur], true
}

// SelectMark selects the mark that Is m and reports whether there is one.
func (e *SpanEditor) SelectMark(m Mark) bool {
	for i, o := range e.marks {
		if o.Is(m) {
			e.selectMark(i)
			return true
		}
	}
	return false
}

// SelectNextMark selects the first mark of kind (0 for any) that starts at
// or after pos, in Tab order, and reports whether there is one.
func (e *SpanEditor) SelectNextMark(kind MarkKind, pos int) bool {
	for i, m := range e.marks {
		if m.Start >= pos && (kind == 0 || m.Kind == kind) {
			e.selectMark(i)
			return true
		}
	}
	return false
}

// SelectMarkAfter selects the first mark of kind (0 for any) that comes
// after m in Tab order, wrapping around to the first, and reports whether
// there is one. m itself need not be shown any more.
func (e *SpanEditor) SelectMarkAfter(m Mark, kind MarkKind) bool {
	first := -1
	for i, o := range e.marks {
		if kind != 0 && o.Kind != kind || o.Is(m) {
			continue
		}
		if first < 0 {
			first = i
		}
		if compareMarks(o, m) > 0 {
			e.selectMark(i)
			return true
		}
	}
	if first >= 0 {
		e.selectMark(first)
		return true
	}
	return false
}

// ClearSelection leaves a caret at the start of the old selection.
func (e *SpanEditor) ClearSelection() {
	s, _ := e.sel.bounds()
	e.cur = -1
	e.sel = selection{anchor: s, caret: s}
	e.changed(s)
}

func (e *SpanEditor) selectMark(i int) {
	e.cur = i
	m := e.marks[i]
	e.sel = selection{anchor: m.Start, caret: m.End}
	e.changed(m.Start)
}

// changed redraws after a selection change, scrolls p into view and tells the owner.
func (e *SpanEditor) changed(p int) {
	e.gen++
	e.ensureVisible(p)
	e.area.Refresh()
	e.selectionChanged()
}

func (e *SpanEditor) selectionChanged() {
	if e.OnSelectionChanged != nil {
		e.OnSelectionChanged()
	}
}

// labelFor returns the label whose hotkey is key.
func (e *SpanEditor) labelFor(key rune) (string, bool) {
	for _, l := range e.labels {
		if l.Hotkey == string(key) {
			return l.Name, true
		}
	}
	return "", false
}

// colorOf returns the colour of label (grey when unknown).
func (e *SpanEditor) colorOf(label string) color.NRGBA {
	if c, ok := e.colors[label]; ok {
		return c
	}
	return color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xff}
}

// parseColor reads "#rrggbb"; anything else is grey.
func parseColor(s string) color.NRGBA {
	if len(s) == 7 && s[0] == '#' {
		if v, err := strconv.ParseUint(s[1:], 16, 32); err == nil {
			return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
		}
	}
	return color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xff}
}

// FocusGained implements fyne.Focusable.
func (e *SpanEditor) FocusGained() {
	e.focused = true
	e.gen++
	e.area.Refresh()
}

// FocusLost implements fyne.Focusable.
func (e *SpanEditor) FocusLost() {
	e.focused, e.shift, e.dragging = false, false, false
	e.gen++
	e.area.Refresh()
}

// AcceptsTab implements fyne.Tabbable: Tab moves between marks.
func (e *SpanEditor) AcceptsTab() bool { return true }

// requestFocus focuses the editor on its canvas.
func (e *SpanEditor) requestFocus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil && c.Focused() != e {
		c.Focus(e)
	}
}

// KeyDown implements desktop.Keyable; it tracks Shift, which Fyne does not
// report with arrow keys.
func (e *SpanEditor) KeyDown(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		e.shift = true
	}
}

// KeyUp implements desktop.Keyable.
func (e *SpanEditor) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		e.shift = false
	}
}

// shiftHeld reports whether Shift is down, from the driver when it can tell.
func (e *SpanEditor) shiftHeld() bool {
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
		return d.CurrentKeyModifiers()&fyne.KeyModifierShift != 0 || e.shift
	}
	return e.shift
}

// TypedRune implements fyne.Focusable: 1-9 label, A accepts all suggestions.
func (e *SpanEditor) TypedRune(r rune) {
	switch {
	case r >= '1' && r <= '9':
		label, ok := e.labelFor(r)
		if !ok {
			return
		}
		if m, ok := e.SelectedMark(); ok {
			if e.OnRelabel != nil {
				e.OnRelabel(m, label)
			}
		} else if s, end := e.sel.bounds(); s < end && e.OnAddSpan != nil {
			e.OnAddSpan(s, end, label)
		}
	case r == 'a' || r == 'A':
		if e.OnAcceptAll != nil {
			e.OnAcceptAll()
		}
	}
}

// TypedKey implements fyne.Focusable.
func (e *SpanEditor) TypedKey(ev *fyne.KeyEvent) {
	n := len(e.runes)
	shift := e.shiftHeld()
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if m, ok := e.SelectedMark(); ok && m.Kind == MarkSuggestion && e.OnAccept != nil {
			e.OnAccept(m)
		}
	case fyne.KeyDelete, fyne.KeyBackspace:
		if m, ok := e.SelectedMark(); ok && e.OnRemove != nil {
			e.OnRemove(m)
		}
	case fyne.KeyTab:
		dir := 1
		if shift {
			dir = -1
		}
		s, _ := e.sel.bounds()
		if i := stepMark(e.marks, e.cur, dir, s); i >= 0 {
			e.selectMark(i)
		}
	case fyne.KeyLeft, fyne.KeyRight:
		d := 1
		if ev.Name == fyne.KeyLeft {
			d = -1
		}
		if e.cur >= 0 && !shift {
			// Leave the mark at the side the arrow points to.
			s, end := e.sel.bounds()
			p := end
			if d < 0 {
				p = s
			}
			e.cur = -1
			e.sel = selection{anchor: p, caret: p}
			e.changed(p)
			return
		}
		e.cur = -1
		e.sel = e.sel.moved(e.sel.caret+d, n, shift)
		e.changed(e.sel.caret)
	case fyne.KeyUp, fyne.KeyDown:
		e.ensureLayout()
		k := e.lay.lineOf(e.sel.caret)
		x := e.lay.X[e.sel.caret]
		if ev.Name == fyne.KeyUp {
			k--
		} else {
			k++
		}
		p := 0
		if k >= len(e.lay.Lines) {
			p = n
		} else if k >= 0 {
			p = e.lay.posAt(e.runes, k, x)
		}
		e.cur = -1
		e.sel = e.sel.moved(p, n, shift)
		e.changed(p)
	case fyne.KeyHome, fyne.KeyEnd:
		e.ensureLayout()
		k := e.lay.lineOf(e.sel.caret)
		p := e.lay.Lines[k].Start
		if ev.Name == fyne.KeyEnd {
			p = e.lay.contentEnd(e.runes, k)
		}
		e.cur = -1
		e.sel = e.sel.moved(p, n, shift)
		e.changed(p)
	case fyne.KeyEscape:
		e.ClearSelection()
	case fyne.KeyPageDown:
		e.command(CommandNextDocument)
	case fyne.KeyPageUp:
		e.command(CommandPreviousDocument)
	case fyne.KeyF1:
		e.command(CommandShortcuts)
	case fyne.KeyF6:
		e.command(CommandPanel)
	}
}

func (e *SpanEditor) command(c Command) {
	if e.OnCommand != nil {
		e.OnCommand(c)
	}
}

// TypedShortcut implements fyne.Shortcutable.
func (e *SpanEditor) TypedShortcut(s fyne.Shortcut) {
	switch s := s.(type) {
	case *fyne.ShortcutUndo:
		e.command(CommandUndo)
		return
	case *fyne.ShortcutRedo:
		e.command(CommandRedo)
		return
	case *fyne.ShortcutSelectAll:
		e.Select(0, len(e.runes))
		return
	case *fyne.ShortcutCopy:
		if s.Clipboard != nil {
			a, b := e.sel.bounds()
			s.Clipboard.SetContent(string(e.runes[a:b]))
		}
		return
	case *desktop.CustomShortcut:
		e.customShortcut(s)
	}
}

func (e *SpanEditor) customShortcut(s *desktop.CustomShortcut) {
	const ctrl, shift, alt = fyne.KeyModifierShortcutDefault, fyne.KeyModifierShift, fyne.KeyModifierAlt
	switch {
	case s.Modifier == ctrl|shift && s.KeyName == fyne.KeyZ:
		e.command(CommandRedo)
	case s.Modifier == ctrl && (s.KeyName == fyne.KeyReturn || s.KeyName == fyne.KeyEnter):
		e.command(CommandDoneNext)
	case (s.Modifier == ctrl || s.Modifier == ctrl|shift) && (s.KeyName == fyne.KeyEqual || s.KeyName == fyne.KeyPlus):
		e.command(CommandZoomIn)
	case s.Modifier == ctrl && s.KeyName == fyne.KeyMinus:
		e.command(CommandZoomOut)
	case s.Modifier == ctrl && s.KeyName == fyne.KeyF:
		e.command(CommandFind)
	case (s.Modifier == alt || s.Modifier == alt|shift) && (s.KeyName == fyne.KeyLeft || s.KeyName == fyne.KeyRight):
		m, ok := e.SelectedMark()
		if !ok || e.OnResize == nil {
			return
		}
		d := 1
		if s.KeyName == fyne.KeyLeft {
			d = -1
		}
		if start, end, ok := resized(m, s.Modifier == alt|shift, d, len(e.runes)); ok {
			e.OnResize(m, start, end)
		}
	case (s.Modifier == ctrl || s.Modifier == ctrl|shift) && (s.KeyName == fyne.KeyLeft || s.KeyName == fyne.KeyRight):
		e.moveByWord(s.KeyName == fyne.KeyRight, s.Modifier&shift != 0)
	case s.Modifier == ctrl && s.KeyName == fyne.KeyE:
		if m, ok := e.SelectedMark(); ok && e.OnLabelAll != nil {
			e.OnLabelAll(m.Start, m.End, m.Label)
		}
	case s.Modifier == ctrl && len(s.KeyName) == 1 && s.KeyName[0] >= '1' && s.KeyName[0] <= '9':
		label, ok := e.labelFor(rune(s.KeyName[0]))
		start, end := e.sel.bounds()
		if ok && start < end && e.OnLabelAll != nil {
			e.OnLabelAll(start, end, label)
		}
	}
}

// moveByWord moves the caret to the end of the word after it (forward) or
// the start of the word before it, extending the selection with extend.
func (e *SpanEditor) moveByWord(forward, extend bool) {
	n := len(e.runes)
	e.loadWords()
	p := e.sel.caret
	if forward {
		for p < n && isBlank(e.runes[p]) {
			p++
		}
		if p < n {
			_, p = wordAt(e.runes, e.tokens, p)
		}
	} else {
		for p > 0 && isBlank(e.runes[p-1]) {
			p--
		}
		if p > 0 {
			p, _ = wordAt(e.runes, e.tokens, p-1)
		}
	}
	e.cur = -1
	e.sel = e.sel.moved(p, n, extend)
	e.changed(p)
}

// loadWords runs the segmenter over the text once.
func (e *SpanEditor) loadWords() {
	if !e.tokOK && e.Words != nil {
		e.tokens, e.tokOK = e.Words(e.text), true
	}
}

// SelectedText returns the selected characters.
func (e *SpanEditor) SelectedText() string {
	a, b := e.sel.bounds()
	return string(e.runes[a:b])
}

// --- mouse, called by the editor area ---

// pointToPos returns the caret position nearest to p (area coordinates);
// below the last line it is the end of the text.
func (e *SpanEditor) pointToPos(p fyne.Position) int {
	e.ensureLayout()
	if p.Y >= e.geo.pad+float32(len(e.lay.Lines))*e.geo.lineH {
		return len(e.runes)
	}
	return e.lay.posAt(e.runes, e.lineAtY(p.Y), p.X-e.geo.pad)
}

// lineAtY returns the line index at y, clamped to the lines.
func (e *SpanEditor) lineAtY(y float32) int {
	k := int((y - e.geo.pad) / e.geo.lineH)
	if y < e.geo.pad {
		k = 0
	}
	if k >= len(e.lay.Lines) {
		k = len(e.lay.Lines) - 1
	}
	return k
}

// click selects what is under p: the mark (innermost, or the one whose bar
// was hit; again to go outwards), else a caret. With extend it moves the
// selection's end there instead.
func (e *SpanEditor) click(p fyne.Position, extend bool) {
	if len(e.runes) == 0 {
		e.requestFocus()
		return
	}
	e.ensureLayout()
	e.requestFocus()
	if extend {
		e.cur = -1
		e.sel = e.sel.moved(e.pointToPos(p), len(e.runes), true)
		e.changed(e.sel.caret)
		return
	}
	k := e.lineAtY(p.Y)
	if i := e.lay.charAt(e.runes, k, p.X-e.geo.pad); i >= 0 {
		if m := pickMark(e.marks, e.levels, i, e.levelAtY(k, p.Y), e.cur); m >= 0 {
			e.selectMark(m)
			return
		}
	}
	pos := e.pointToPos(p)
	e.cur = -1
	e.sel = selection{anchor: pos, caret: pos}
	e.changed(pos)
}

// levelAtY returns the bar level at y on line k, or -1 above the bars.
func (e *SpanEditor) levelAtY(k int, y float32) int {
	g := e.geo
	rel := y - (g.pad + float32(k)*g.lineH) - g.tagH - g.textH
	if rel < 0 || g.levels == 0 {
		return -1
	}
	lev := int(rel / (g.barH + g.barGap))
	if lev >= g.levels {
		lev = g.levels - 1
	}
	return lev
}

// selectWordAt selects the word under p.
func (e *SpanEditor) selectWordAt(p fyne.Position) {
	e.requestFocus()
	if len(e.runes) == 0 {
		return
	}
	e.ensureLayout()
	k := e.lineAtY(p.Y)
	i := e.lay.charAt(e.runes, k, p.X-e.geo.pad)
	if i < 0 {
		return
	}
	e.loadWords()
	s, end := wordAt(e.runes, e.tokens, i)
	e.cur = -1
	e.sel = selection{anchor: s, caret: end}
	e.changed(end)
}

// drag extends the selection from where the drag began to the pointer.
func (e *SpanEditor) drag(ev *fyne.DragEvent) {
	if len(e.runes) == 0 {
		return
	}
	if !e.dragging {
		e.requestFocus()
		e.dragging = true
		start := e.pointToPos(ev.Position.Subtract(ev.Dragged))
		e.cur = -1
		e.sel = selection{anchor: start, caret: start}
	}
	e.sel.caret = e.pointToPos(ev.Position)
	e.autoScroll(ev.Position.Y)
	e.gen++
	e.area.Refresh()
}

// dragEnd finishes a drag selection.
func (e *SpanEditor) dragEnd() {
	if !e.dragging {
		return
	}
	e.dragging = false
	e.selectionChanged()
}

// autoScroll scrolls a little when a drag goes past the top or bottom of the view.
func (e *SpanEditor) autoScroll(y float32) {
	top, h := e.scroll.Offset.Y, e.scroll.Size().Height
	if h <= 0 {
		return
	}
	switch {
	case y < top:
		e.scrollTo(top - e.geo.lineH)
	case y > top+h:
		e.scrollTo(top + e.geo.lineH)
	}
}

// scrollTo scrolls the view so that y is at its top.
func (e *SpanEditor) scrollTo(y float32) {
	maxY := e.area.MinSize().Height - e.scroll.Size().Height
	if y > maxY {
		y = maxY
	}
	if y < 0 {
		y = 0
	}
	if y == e.scroll.Offset.Y {
		return
	}
	e.scroll.ScrollToOffset(fyne.NewPos(0, y))
	e.area.scrolled()
}

// ensureVisible scrolls the line of position p into view.
func (e *SpanEditor) ensureVisible(p int) {
	h := e.scroll.Size().Height
	if h <= 0 || len(e.runes) == 0 {
		return
	}
	e.ensureLayout()
	k := e.lay.lineOf(clampPos(p, len(e.runes)))
	top := e.geo.pad + float32(k)*e.geo.lineH
	bottom := top + e.geo.lineH
	switch off := e.scroll.Offset.Y; {
	case top < off:
		e.scrollTo(top - e.geo.pad)
	case bottom > off+h:
		e.scrollTo(bottom - h + e.geo.pad)
	}
}

// menuAt returns the context menu for a right-click at p, selecting the
// mark under it first.
func (e *SpanEditor) menuAt(p fyne.Position) *fyne.Menu {
	e.ensureLayout()
	e.requestFocus()
	k := e.lineAtY(p.Y)
	if i := e.lay.charAt(e.runes, k, p.X-e.geo.pad); i >= 0 {
		s, end := e.sel.bounds()
		inSel := e.cur < 0 && s <= i && i < end
		if !inSel {
			if m := pickMark(e.marks, e.levels, i, e.levelAtY(k, p.Y), -1); m >= 0 {
				e.selectMark(m)
			}
		}
	}
	labelItems := func(action func(label string)) []*fyne.MenuItem {
		items := make([]*fyne.MenuItem, 0, len(e.labels))
		for _, l := range e.labels {
			name := l.Name
			text := name
			if l.Hotkey != "" {
				text += "  (" + l.Hotkey + ")"
			}
			items = append(items, fyne.NewMenuItem(text, func() { action(name) }))
		}
		return items
	}
	sub := func(label string, action func(label string)) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, nil)
		it.ChildMenu = fyne.NewMenu("", labelItems(action)...)
		return it
	}
	var items []*fyne.MenuItem
	if m, ok := e.SelectedMark(); ok {
		relabel := func(label string) {
			if e.OnRelabel != nil {
				e.OnRelabel(m, label)
			}
		}
		labelAll := fyne.NewMenuItem(lang.L("Label every occurrence"), func() {
			if e.OnLabelAll != nil {
				e.OnLabelAll(m.Start, m.End, m.Label)
			}
		})
		if m.Kind == MarkSuggestion {
			items = append(items,
				fyne.NewMenuItem(lang.L("Accept"), func() {
					if e.OnAccept != nil {
						e.OnAccept(m)
					}
				}),
				sub(lang.L("Accept as"), relabel),
				fyne.NewMenuItem(lang.L("Reject"), func() {
					if e.OnRemove != nil {
						e.OnRemove(m)
					}
				}),
				fyne.NewMenuItemSeparator(), labelAll)
		} else {
			items = append(items, sub(lang.L("Relabel"), relabel),
				fyne.NewMenuItem(lang.L("Delete span"), func() {
					if e.OnRemove != nil {
						e.OnRemove(m)
					}
				}),
				fyne.NewMenuItemSeparator(), labelAll)
		}
	} else if s, end := e.sel.bounds(); s < end {
		items = append(items,
			sub(lang.L("Label as"), func(label string) {
				if e.OnAddSpan != nil {
					e.OnAddSpan(s, end, label)
				}
			}),
			sub(lang.L("Label every occurrence as"), func(label string) {
				if e.OnLabelAll != nil {
					e.OnLabelAll(s, end, label)
				}
			}))
	}
	// Accepting every suggestion is far from the one-mark items, behind a
	// separator, and asks first.
	n := 0
	for _, m := range e.marks {
		if m.Kind == MarkSuggestion {
			n++
		}
	}
	if e.OnAskAcceptAll != nil && n > 0 {
		if len(items) > 0 {
			items = append(items, fyne.NewMenuItemSeparator())
		}
		items = append(items, fyne.NewMenuItem(lang.L("Accept all suggestions…"), func() { e.OnAskAcceptAll(n) }))
	}
	return fyne.NewMenu("", items...)
}

// showMenu shows the context menu for a right-click.
func (e *SpanEditor) showMenu(ev *fyne.PointEvent) {
	if e.ReadOnly {
		return
	}
	menu := e.menuAt(ev.Position)
	if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil {
		widget.ShowPopUpMenuAtPosition(menu, c, ev.AbsolutePosition)
	}
}

// --- layout ---

// editorGeometry are the sizes every line shares.
type editorGeometry struct {
	pad      float32 // inset around the text
	tagH     float32 // band above each line for label tags
	tagSize  float32
	tagTextH float32 // height of a tag's text
	textSize float32
	textH    float32
	barH     float32
	barGap   float32
	levels   int // bar levels drawn below each line
	lineH    float32
}

// maxBarLevels caps the underline bars stacked below a line; deeper marks
// share the last level.
const maxBarLevels = 4

// ensureLayout wraps the text to the area's width if the width, text or
// text size changed since the last time.
func (e *SpanEditor) ensureLayout() {
	th := e.Theme()
	size := th.Size(theme.SizeNameText)
	e.glyphs.use(size, th.Font(fyne.TextStyle{}))
	pad := th.Size(theme.SizeNameInnerPadding)
	width := e.area.Size().Width
	if width < 1 {
		width = 60 * size // before the first layout: a guess, replaced at once
	}
	wrapW := width - 2*pad
	if wrapW < size {
		wrapW = size
	}
	levels := e.depth
	if levels > maxBarLevels {
		levels = maxBarLevels
	}
	if e.layOK && e.lay.Width == wrapW && e.layFont == e.glyphs.key && e.geo.levels == levels {
		return
	}
	tagSize := th.Size(theme.SizeNameCaptionText) * 0.85
	g := editorGeometry{pad: pad, textSize: size, tagSize: tagSize, levels: levels}
	g.textH = e.glyphs.lineHeight()
	g.tagTextH = fyne.MeasureText("ORG?", tagSize, fyne.TextStyle{Bold: true}).Height
	g.tagH = g.tagTextH + 2
	g.barH = max(2, size/7)
	g.barGap = max(1, size/14)
	g.lineH = g.tagH + g.textH + float32(levels)*(g.barH+g.barGap) + g.barGap*2
	if !e.layOK || e.lay.Width != wrapW || e.layFont != e.glyphs.key {
		e.adv = e.glyphs.advances(e.runes, e.adv)
		e.lay = wrapText(e.runes, e.adv, wrapW)
		e.layFont = e.glyphs.key
	}
	e.geo = g
	e.layOK = true
	e.gen++
}

// contentHeight is the height of all lines.
func (e *SpanEditor) contentHeight() float32 {
	e.ensureLayout()
	return 2*e.geo.pad + float32(len(e.lay.Lines))*e.geo.lineH
}

// editorRenderer lays out the scroll container that holds the editor area.
type editorRenderer struct {
	e *SpanEditor
}

// Destroy implements fyne.WidgetRenderer.
func (r *editorRenderer) Destroy() {}

// Layout gives the scroll container the whole editor.
func (r *editorRenderer) Layout(size fyne.Size) {
	r.e.scroll.Resize(size)
	r.e.scroll.Move(fyne.Position{})
}

// MinSize is a few lines of a dozen characters: the editor scrolls.
func (r *editorRenderer) MinSize() fyne.Size {
	s := r.e.Theme().Size(theme.SizeNameText)
	return fyne.NewSize(12*s, 4*s)
}

// Objects implements fyne.WidgetRenderer.
func (r *editorRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.e.scroll} }

// Refresh redraws the lines in view.
func (r *editorRenderer) Refresh() {
	r.e.gen++
	r.e.scroll.Refresh() // which refreshes the area too
}

// placeholderText returns what an empty editor shows.
func (e *SpanEditor) placeholderText() string {
	return strings.TrimSpace(e.Placeholder)
}
