package app

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"goldspan/annotate"
	"goldspan/annotate/format"
	"goldspan/assets"
)

// testTheme is Fyne's test theme with the bundled CJK font, so that text
// measures the same on every machine whatever fonts it has installed.
type testTheme struct{ fyne.Theme }

func (t testTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Bold {
		return FontBold
	}
	return FontRegular
}

// useTestApp starts a headless app with the test theme.
func useTestApp(t testing.TB) fyne.App {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(testTheme{test.Theme()})
	return a
}

// editorCalls records what the editor reported.
type editorCalls struct {
	log []string
}

func (c *editorCalls) add(format string, args ...any) {
	c.log = append(c.log, fmt.Sprintf(format, args...))
}

func (c *editorCalls) String() string { return strings.Join(c.log, "; ") }

func (c *editorCalls) take() string {
	s := c.String()
	c.log = nil
	return s
}

const sampleText = "俄羅斯國防部發言人週二表示，特朗普（Donald Trump）將於2025年9月23日抵達北京。"

// newTestEditor shows text and marks in an editor in a window of size.
func newTestEditor(t *testing.T, text string, marks []Mark, size fyne.Size) (*SpanEditor, fyne.Window, *editorCalls) {
	useTestApp(t)
	e := NewSpanEditor()
	e.SetLabels(annotate.DefaultLabels())
	calls := &editorCalls{}
	e.OnAddSpan = func(s, end int, l string) { calls.add("add [%d,%d) %s", s, end, l) }
	e.OnRelabel = func(m Mark, l string) { calls.add("relabel %d as %s", m.ID, l) }
	e.OnAccept = func(m Mark) { calls.add("accept %d", m.ID) }
	e.OnRemove = func(m Mark) { calls.add("remove %d", m.ID) }
	e.OnResize = func(m Mark, s, end int) { calls.add("resize %d to [%d,%d)", m.ID, s, end) }
	e.OnAcceptAll = func() { calls.add("accept all") }
	e.OnLabelAll = func(s, end int, l string) { calls.add("label all [%d,%d) %s", s, end, l) }
	e.OnCommand = func(c Command) { calls.add("command %d", c) }
	w := test.NewTempWindow(t, e)
	w.SetPadded(false)
	w.Resize(size)
	e.SetDocument(text, marks)
	return e, w, calls
}

// charPoint returns the absolute canvas position of the middle of code
// point i (or, with below, of the bar band under it).
func charPoint(e *SpanEditor, i int, below bool) fyne.Position {
	e.ensureLayout()
	k := e.lay.lineOf(i)
	g := e.geo
	y := g.pad + float32(k)*g.lineH + g.tagH + g.textH/2
	if below {
		y = g.pad + float32(k)*g.lineH + g.tagH + g.textH + g.barGap + g.barH/2
	}
	local := fyne.NewPos(g.pad+e.lay.X[i]+e.lay.Adv[i]/2, y)
	return absPos(e.area).Add(local)
}

// absPos returns where o is on its canvas, as test.TapCanvas and test.Drag
// count (the test driver's AbsolutePositionForObject leaves out a fake inset).
func absPos(o fyne.CanvasObject) fyne.Position {
	d := fyne.CurrentApp().Driver()
	inset, _ := d.CanvasForObject(o).InteractiveArea()
	return d.AbsolutePositionForObject(o).Add(inset)
}

// boundaryPoint returns the absolute position of the boundary before code point i.
func boundaryPoint(e *SpanEditor, i int) fyne.Position {
	p := charPoint(e, i, false)
	return p.SubtractXY(e.lay.Adv[i]/2-0.5, 0)
}

// dragSelect drags from the boundary before code point from to the one before to.
func dragSelect(w fyne.Window, e *SpanEditor, from, to int) {
	a, b := boundaryPoint(e, from), boundaryPoint(e, to)
	test.Drag(w.Canvas(), b, b.X-a.X, b.Y-a.Y)
}

func key(e *SpanEditor, name fyne.KeyName) { e.TypedKey(&fyne.KeyEvent{Name: name}) }

func shiftKey(e *SpanEditor, name fyne.KeyName) {
	e.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	key(e, name)
	e.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
}

func shortcut(e *SpanEditor, name fyne.KeyName, mod fyne.KeyModifier) {
	e.TypedShortcut(&desktop.CustomShortcut{KeyName: name, Modifier: mod})
}

const ctrl = fyne.KeyModifierShortcutDefault

func TestEditorDragSelects(t *testing.T) {
	e, w, calls := newTestEditor(t, sampleText, nil, fyne.NewSize(500, 300))
	dragSelect(w, e, 14, 17) // 特朗普, forwards
	if s, end := e.Selection(); s != 14 || end != 17 {
		t.Fatalf("drag forwards selected [%d,%d), want [14,17)", s, end)
	}
	if e.SelectedText() != "特朗普" {
		t.Errorf("selected %q", e.SelectedText())
	}
	test.Type(e, "1")
	if got := calls.take(); got != "add [14,17) PER" {
		t.Errorf("1 on the selection: %s", got)
	}
	dragSelect(w, e, 6, 0) // 俄羅斯國防部, backwards
	if s, end := e.Selection(); s != 0 || end != 6 {
		t.Fatalf("drag backwards selected [%d,%d), want [0,6)", s, end)
	}
	test.Type(e, "3")
	if got := calls.take(); got != "add [0,6) ORG" {
		t.Errorf("3 on the selection: %s", got)
	}
	test.Type(e, "8") // no label has 8
	if got := calls.take(); got != "" {
		t.Errorf("8 with no such label: %s", got)
	}
}

func TestEditorDragAcrossLines(t *testing.T) {
	e, w, _ := newTestEditor(t, sampleText, nil, fyne.NewSize(260, 400))
	if len(e.lay.Lines) < 3 {
		t.Fatalf("expected the text to wrap at this width, got %d lines", len(e.lay.Lines))
	}
	last := e.lay.Lines[1].End + 2
	dragSelect(w, e, 2, last)
	if s, end := e.Selection(); s != 2 || end != last {
		t.Errorf("drag across lines selected [%d,%d), want [2,%d)", s, end, last)
	}
}

func TestEditorDoubleClickSelectsWord(t *testing.T) {
	e, w, _ := newTestEditor(t, sampleText, nil, fyne.NewSize(900, 300))
	test.DoubleTap(e.area) // at (1,1): left of the text, nothing
	if got := e.SelectedText(); got != "" {
		t.Errorf("double-click in the margin selected %q", got)
	}
	e.area.DoubleTapped(&fyne.PointEvent{Position: charPoint(e, 1, false).Subtract(absPos(e.area))})
	if got := e.SelectedText(); got != "俄羅斯國防部發言人週二表示" {
		t.Errorf("double-click without a segmenter selected %q", got)
	}
	e.Words = func(text string) []format.Token {
		return []format.Token{{Start: 0, End: 3}, {Start: 3, End: 6}, {Start: 14, End: 17}}
	}
	e.SetDocument(sampleText, nil)
	p := charPoint(e, 15, false).Subtract(absPos(e.area))
	e.area.DoubleTapped(&fyne.PointEvent{Position: p})
	if got := e.SelectedText(); got != "特朗普" {
		t.Errorf("double-click with a segmenter selected %q", got)
	}
	p = charPoint(e, 20, false).Subtract(absPos(e.area))
	e.area.DoubleTapped(&fyne.PointEvent{Position: p})
	if got := e.SelectedText(); got != "Donald" {
		t.Errorf("double-click on a latin word selected %q", got)
	}
	_ = w
}

// nested is 俄羅斯國防部 (ORG) with 俄羅斯 (LOC) inside, and a suggestion on 特朗普.
var nested = []Mark{
	{Kind: MarkSpan, ID: 1, Start: 0, End: 6, Label: "ORG"},
	{Kind: MarkSpan, ID: 2, Start: 0, End: 3, Label: "LOC"},
	{Kind: MarkSuggestion, ID: 3, Start: 14, End: 17, Label: "PER"},
}

func TestEditorClickSelectsNestedSpans(t *testing.T) {
	e, w, calls := newTestEditor(t, sampleText, nested, fyne.NewSize(900, 300))
	c := w.Canvas()
	test.TapCanvas(c, charPoint(e, 1, false))
	if m, ok := e.SelectedMark(); !ok || m.ID != 2 {
		t.Fatalf("click on 羅 selected %v %v, want the inner span 2", m, ok)
	}
	test.TapCanvas(c, charPoint(e, 1, false))
	if m, ok := e.SelectedMark(); !ok || m.ID != 1 {
		t.Fatalf("second click selected %v, want the outer span 1", m)
	}
	test.TapCanvas(c, charPoint(e, 4, false))
	if m, ok := e.SelectedMark(); !ok || m.ID != 1 {
		t.Fatalf("click on 防 selected %v, want the outer span 1", m)
	}
	test.TapCanvas(c, charPoint(e, 1, true)) // the bar band: level 0 is the outer span
	if m, ok := e.SelectedMark(); !ok || m.ID != 1 {
		t.Fatalf("click on the first bar selected %v, want 1", m)
	}
	test.TapCanvas(c, charPoint(e, 8, false))
	if _, ok := e.SelectedMark(); ok {
		t.Fatalf("click on plain text kept a mark selected")
	}
	if s, end := e.Selection(); s != end {
		t.Fatalf("click on plain text selected [%d,%d)", s, end)
	}
	// Keys on a selected span and suggestion.
	test.TapCanvas(c, charPoint(e, 1, false))
	test.Type(e, "2")
	key(e, fyne.KeyReturn) // Enter on a span does nothing
	key(e, fyne.KeyDelete)
	if got := calls.take(); got != "relabel 2 as LOC; remove 2" {
		t.Errorf("keys on the span: %s", got)
	}
	test.TapCanvas(c, charPoint(e, 15, false))
	key(e, fyne.KeyReturn)
	key(e, fyne.KeyBackspace)
	test.Type(e, "4")
	if got := calls.take(); got != "accept 3; remove 3; relabel 3 as TIME" {
		t.Errorf("keys on the suggestion: %s", got)
	}
}

func TestEditorKeys(t *testing.T) {
	e, _, calls := newTestEditor(t, sampleText, nested, fyne.NewSize(900, 300))
	e.requestFocus()
	// Tab walks the marks in order (outer before inner), Shift+Tab back, wrapping.
	var order []int64
	for range 4 {
		key(e, fyne.KeyTab)
		m, _ := e.SelectedMark()
		order = append(order, m.ID)
	}
	shiftKey(e, fyne.KeyTab)
	m, _ := e.SelectedMark()
	order = append(order, m.ID)
	if fmt.Sprint(order) != "[1 2 3 1 3]" {
		t.Errorf("Tab order %v, want [1 2 3 1 3]", order)
	}
	// Alt+arrows move the selected span's end, Alt+Shift+arrows its start.
	e.SelectMark(Mark{Kind: MarkSpan, ID: 2})
	shortcut(e, fyne.KeyRight, fyne.KeyModifierAlt)
	shortcut(e, fyne.KeyLeft, fyne.KeyModifierAlt)
	shortcut(e, fyne.KeyRight, fyne.KeyModifierAlt|fyne.KeyModifierShift)
	shortcut(e, fyne.KeyLeft, fyne.KeyModifierAlt|fyne.KeyModifierShift) // would leave the text
	if got := calls.take(); got != "resize 2 to [0,4); resize 2 to [0,2); resize 2 to [1,3)" {
		t.Errorf("Alt+arrows: %s", got)
	}
	// Shift+arrows grow and shrink a character selection from the caret.
	e.Select(14, 14)
	shiftKey(e, fyne.KeyRight)
	shiftKey(e, fyne.KeyRight)
	shiftKey(e, fyne.KeyRight)
	shiftKey(e, fyne.KeyRight)
	shiftKey(e, fyne.KeyLeft)
	if got := e.SelectedText(); got != "特朗普" {
		t.Errorf("Shift+arrows selected %q", got)
	}
	key(e, fyne.KeyRight) // a plain arrow collapses the selection
	if s, end := e.Selection(); s != 18 || end != 18 {
		t.Errorf("Right after a selection: [%d,%d)", s, end)
	}
	// Ctrl+Shift+Right selects the word after the caret, Ctrl+Left goes back to its start.
	shortcut(e, fyne.KeyRight, ctrl|fyne.KeyModifierShift)
	if got := e.SelectedText(); got != "Donald" {
		t.Errorf("Ctrl+Shift+Right selected %q", got)
	}
	shortcut(e, fyne.KeyRight, ctrl)
	shortcut(e, fyne.KeyLeft, ctrl)
	if s, end := e.Selection(); s != 25 || end != 25 {
		t.Errorf("Ctrl+Right, Ctrl+Left: caret at [%d,%d), want 25 (before Trump)", s, end)
	}
	e.Select(14, 17)
	shortcut(e, "2", ctrl)
	e.SelectMark(Mark{Kind: MarkSpan, ID: 1})
	shortcut(e, fyne.KeyE, ctrl)
	test.Type(e, "a")
	if got := calls.take(); got != "label all [14,17) LOC; label all [0,6) ORG; accept all" {
		t.Errorf("label-all and accept-all keys: %s", got)
	}
	// Window commands.
	key(e, fyne.KeyPageDown)
	key(e, fyne.KeyPageUp)
	key(e, fyne.KeyF1)
	e.TypedShortcut(&fyne.ShortcutUndo{})
	shortcut(e, fyne.KeyZ, ctrl|fyne.KeyModifierShift)
	e.TypedShortcut(&fyne.ShortcutRedo{})
	shortcut(e, fyne.KeyReturn, ctrl)
	shortcut(e, fyne.KeyEqual, ctrl)
	shortcut(e, fyne.KeyMinus, ctrl)
	want := fmt.Sprintf("command %d; command %d; command %d; command %d; command %d; command %d; command %d; command %d; command %d",
		CommandNextDocument, CommandPreviousDocument, CommandShortcuts, CommandUndo, CommandRedo, CommandRedo, CommandDoneNext, CommandZoomIn, CommandZoomOut)
	if got := calls.take(); got != want {
		t.Errorf("window commands: %s, want %s", got, want)
	}
	key(e, fyne.KeyEscape)
	if _, ok := e.SelectedMark(); ok {
		t.Errorf("Esc kept the mark selected")
	}
}

func TestEditorContextMenu(t *testing.T) {
	e, _, calls := newTestEditor(t, sampleText, nested, fyne.NewSize(900, 300))
	local := func(i int) fyne.Position {
		return charPoint(e, i, false).Subtract(absPos(e.area))
	}
	run := func(m *fyne.Menu, path ...string) {
		t.Helper()
		for i, label := range path {
			found := false
			for _, it := range m.Items {
				if strings.HasPrefix(it.Label, label) {
					if i == len(path)-1 {
						it.Action()
					} else {
						m = it.ChildMenu
					}
					found = true
					break
				}
			}
			if !found {
				t.Fatalf("no menu item %q among %v", label, m.Items)
			}
		}
	}
	run(e.menuAt(local(15)), "Accept")
	run(e.menuAt(local(15)), "Accept as", "ORG")
	run(e.menuAt(local(15)), "Reject")
	run(e.menuAt(local(1)), "Relabel", "TIME")
	run(e.menuAt(local(1)), "Delete span")
	e.Select(30, 32)
	run(e.menuAt(local(31)), "Label as", "LOC")
	run(e.menuAt(local(31)), "Label every occurrence as", "LOC")
	if got := calls.take(); got != "accept 3; relabel 3 as ORG; remove 3; relabel 2 as TIME; remove 2; add [30,32) LOC; label all [30,32) LOC" {
		t.Errorf("context menu: %s", got)
	}
}

// longArticle returns a text of n code points made of the demo corpus's
// articles (so with as many distinct characters as real news), with a span
// every step code points and a longer suggestion over every fifth.
func longArticle(n, step int) (string, []Mark) {
	var paras [][]rune
	for _, line := range strings.Split(string(assets.DemoCorpus), "\n") {
		var rec struct{ Text string }
		if json.Unmarshal([]byte(line), &rec) == nil && rec.Text != "" {
			paras = append(paras, []rune(rec.Text))
		}
	}
	var b strings.Builder
	runes := 0
	for p := 0; runes < n; p++ {
		for _, r := range paras[p%len(paras)] {
			if runes == n {
				break
			}
			b.WriteRune(r)
			runes++
		}
		if runes < n-1 {
			b.WriteString("\n")
			runes++
		}
	}
	var marks []Mark
	for s := 0; s+6 <= n; s += step {
		marks = append(marks, Mark{Kind: MarkSpan, ID: int64(len(marks) + 1), Start: s, End: s + 3, Label: "LOC"})
		if len(marks)%5 == 0 {
			marks = append(marks, Mark{Kind: MarkSuggestion, ID: int64(len(marks) + 1), Start: s, End: s + 6, Label: "ORG"})
		}
	}
	return b.String(), marks
}

func TestEditorOnlyVisibleLinesGetObjects(t *testing.T) {
	short, shortMarks := longArticle(400, 20)
	long, longMarks := longArticle(20000, 20)
	e, _, _ := newTestEditor(t, short, shortMarks, fyne.NewSize(600, 400))
	small := len(e.area.r.Objects())
	e.SetDocument(long, longMarks)
	big := len(e.area.r.Objects())
	lines := len(e.lay.Lines)
	if lines < 300 {
		t.Fatalf("the long article has only %d lines", lines)
	}
	// The long article has 50 times the text; the objects must not grow with it.
	if small == 0 || big > 2*small+50 {
		t.Errorf("objects: %d for 400 characters, %d for 20,000 (%d lines)", small, big, lines)
	}
	if e.area.r.last-e.area.r.first > 60 {
		t.Errorf("built lines %d..%d for a 400 px view", e.area.r.first, e.area.r.last)
	}
	// Tab to a mark far down scrolls it into view and builds its lines.
	e.requestFocus()
	e.SelectMark(longMarks[len(longMarks)-1])
	k := e.lay.lineOf(longMarks[len(longMarks)-1].Start)
	if k < e.area.r.first || k > e.area.r.last || e.scroll.Offset.Y == 0 {
		t.Errorf("selected mark on line %d, built %d..%d, offset %v", k, e.area.r.first, e.area.r.last, e.scroll.Offset.Y)
	}
	if n := len(e.area.r.Objects()); n > 2*small+50 {
		t.Errorf("%d objects after scrolling to the end", n)
	}
}

func TestEditorScrollBuildsNewLines(t *testing.T) {
	long, marks := longArticle(5000, 30)
	e, w, _ := newTestEditor(t, long, marks, fyne.NewSize(600, 400))
	first := e.area.r.first
	test.Scroll(w.Canvas(), fyne.NewPos(300, 200), 0, -3000)
	if e.scroll.Offset.Y == 0 || e.area.r.first == first {
		t.Fatalf("scrolling did not move the built lines: offset %v, lines %d..%d", e.scroll.Offset.Y, e.area.r.first, e.area.r.last)
	}
	top := e.lineAtY(e.scroll.Offset.Y)
	if top < e.area.r.first || top > e.area.r.last {
		t.Errorf("line %d at the top of the view is not built (%d..%d)", top, e.area.r.first, e.area.r.last)
	}
}

func TestEditorResizeRewraps(t *testing.T) {
	e, w, _ := newTestEditor(t, sampleText, nested, fyne.NewSize(900, 300))
	wide := len(e.lay.Lines)
	w.Resize(fyne.NewSize(200, 300))
	if len(e.lay.Lines) <= wide {
		t.Errorf("narrowing the window kept %d lines (was %d)", len(e.lay.Lines), wide)
	}
	if h := e.area.Size().Height; h < e.contentHeight() {
		t.Errorf("area height %v is less than its content %v", h, e.contentHeight())
	}
}
