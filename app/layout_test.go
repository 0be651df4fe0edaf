package app

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// At 1024×640, in each language, the desk loses no control: every button,
// entry, select and label of the list, the header, the editor, the
// annotation panel and the status bar lies inside the window at no less
// than its minimum size; the searches' placeholders are whole; a status
// message too long for the bar is whole in its tooltip and the history.
func TestDeskAt1024x640(t *testing.T) {
	h := newHarness(t, newMemProject(t), "alice")
	t.Cleanup(func() { _ = useLanguage("en") })
	h.w.Resize(fyne.NewSize(1024, 640))
	d := h.d
	for _, code := range []string{"en", "zh-Hant", "zh-Hans"} {
		d.setLanguage(code)
		d.openDocument("a1")
		d.editor.SelectMark(d.editor.Marks()[0]) // the longest selection line
		win := h.w.Canvas().Size()
		controls := map[string]fyne.CanvasObject{
			"list search": d.list.search, "list filter": d.list.filter, "list": d.list.list,
			"title": d.title, "selection line": d.info, "editor": d.editor,
			"panel search": d.panel.search, "Label all": d.panel.labelAll, "Undecided only": d.panel.undecided,
			"source filter": d.panel.source, "label filter": d.panel.label, "panel list": d.panel.list,
			"annotator": d.bar.annotator, "position": d.bar.position, "done count": d.bar.done, "message": d.bar.message,
			"side tabs": d.side,
		}
		for i, b := range d.palette.buttons {
			controls["palette "+string(rune('1'+i))] = b
		}
		for name, o := range controls {
			pos, size, min := absPos(o), o.Size(), o.MinSize()
			if !o.Visible() {
				t.Errorf("%s: %s is hidden", code, name)
				continue
			}
			if pos.X < 0 || pos.Y < 0 || pos.X+size.Width > win.Width+0.5 || pos.Y+size.Height > win.Height+0.5 {
				t.Errorf("%s: %s at %v size %v leaves the %v window", code, name, pos, size, win)
			}
			if size.Width+0.5 < min.Width || size.Height+0.5 < min.Height {
				t.Errorf("%s: %s is %v, less than its minimum %v", code, name, size, min)
			}
		}
		for name, e := range map[string]*widget.Entry{"list search": d.list.search, "panel search": &d.panel.search.Entry} {
			need := fyne.MeasureText(e.PlaceHolder, theme.TextSize(), fyne.TextStyle{}).Width + 2*theme.InnerPadding()
			if e.Size().Width < need {
				t.Errorf("%s: the %s is %.0f wide, its placeholder %q needs %.0f", code, name, e.Size().Width, e.PlaceHolder, need)
			}
		}

		// A message longer than the bar: cut, whole in the tooltip and the history.
		long := strings.Repeat(d.title.Text+" ", 3)
		d.bar.setMessage(long)
		if !d.bar.message.cut() {
			t.Fatalf("%s: a %d-character message is not cut at 1024", code, len([]rune(long)))
		}
		test.MoveMouse(h.w.Canvas(), absPos(d.bar.message).Add(fyne.NewPos(20, 5)))
		if got := d.tips.text(); got != long {
			t.Errorf("%s: hovering the message shows %q", code, got)
		}
		if tip := d.tips.box.Objects; len(tip) == 1 {
			p, s := absPos(tip[0]), tip[0].Size()
			if p.X < 0 || p.Y < 0 || p.X+s.Width > win.Width+0.5 || p.Y+s.Height > win.Height+0.5 {
				t.Errorf("%s: the tooltip at %v size %v leaves the window", code, p, s)
			}
		}
		test.MoveMouse(h.w.Canvas(), fyne.NewPos(1, 1))
		if d.tips.text() != "" {
			t.Errorf("%s: the tooltip stays after the pointer left", code)
		}
		if hist := d.bar.history; len(hist) == 0 || !strings.HasSuffix(hist[len(hist)-1], long) {
			t.Errorf("%s: the history does not end with the message", code)
		}
	}
}

// Ctrl+plus lays the desk out at the new text size before it returns:
// the editor wraps and measures its lines at that size, the header and
// the status bar have grown to it, with no frame to wait for.
func TestZoomLaysOutAtOnce(t *testing.T) {
	h := newHarness(t, newMemProject(t), "alice")
	d := h.d
	d.applyTheme()
	t.Cleanup(func() { d.theme.SetTextScale(1); d.applyTheme() })
	h.w.Resize(fyne.NewSize(1024, 640))
	d.openDocument("a1")
	e := d.editor
	e.ensureLayout()
	size0, title0 := e.geo.textSize, d.title.Size().Height
	d.onCommand(CommandZoomIn)
	d.onCommand(CommandZoomIn)
	want := d.theme.Size(theme.SizeNameText)
	if want <= size0 {
		t.Fatalf("the theme's text size is %v after zooming in from %v", want, size0)
	}
	if e.geo.textSize != want || e.layFont != e.glyphs.key {
		t.Errorf("the editor lays out at %v (glyphs %v, laid out with %v), want %v", e.geo.textSize, e.glyphs.key, e.layFont, want)
	}
	if got := e.area.Size().Height; got+0.5 < e.contentHeight() {
		t.Errorf("the editor's area is %v high, its lines need %v", got, e.contentHeight())
	}
	for name, l := range map[string]*tipLabel{"title": d.title, "status message": d.bar.message} {
		if got, min := l.Size().Height, l.MinSize().Height; got+0.5 < min || (name == "title" && got <= title0) {
			t.Errorf("the %s is %v high after zooming in (was %v, needs %v)", name, got, title0, min)
		}
	}
	if got := d.bar.message.Text; got != "Text size 125%" {
		t.Errorf("the bar says %q", got)
	}
}

// Every menu of the desk, in every language and at every text size from
// 80% to 150%, also after zooming with the menus already open once, gives
// each item the width of its text and its shortcut: the label ends before
// the shortcut starts, and the shortcut ends an inner padding inside the
// item (issue 17: "menus clip their shortcut text at the right edge").
func TestMenusFitTheirShortcuts(t *testing.T) {
	h := newHarness(t, newMemProject(t), "alice")
	d := h.d
	d.applyTheme()
	t.Cleanup(func() { _ = useLanguage("en"); d.theme.SetTextScale(1); d.applyTheme() })
	var menus []*fyne.Menu
	var collect func(m *fyne.Menu)
	collect = func(m *fyne.Menu) {
		menus = append(menus, m)
		for _, it := range m.Items {
			if it.ChildMenu != nil {
				collect(it.ChildMenu)
			}
		}
	}
	check := func(where string) {
		menus = menus[:0]
		for _, m := range h.w.MainMenu().Items {
			collect(m)
		}
		pad := theme.InnerPadding()
		for _, m := range menus {
			wm := widget.NewMenu(fyne.NewMenu(m.Label, m.Items...))
			pop := widget.NewPopUp(wm, h.w.Canvas())
			pop.Show()
			pop.Resize(wm.MinSize())
			for _, o := range test.WidgetRenderer(wm).Objects() {
				shownTexts(o, new([]string)) // renders the items
			}
			items := menuItemWidgets(wm)
			for _, it := range items {
				var texts []*canvas.Text
				for _, o := range test.WidgetRenderer(it).Objects() {
					if tx, ok := o.(*canvas.Text); ok && tx.Text != "" {
						texts = append(texts, tx)
					}
				}
				if len(texts) == 0 {
					continue
				}
				label, w := texts[0], it.Size().Width
				need := fyne.MeasureText(label.Text, label.TextSize, label.TextStyle).Width
				if label.Size().Width+0.5 < need {
					t.Errorf("%s: %q is drawn %v wide, needs %v", where, label.Text, label.Size().Width, need)
				}
				if len(texts) > 1 {
					first, last := texts[1], texts[len(texts)-1]
					if label.Position().X+need > first.Position().X+0.5 {
						t.Errorf("%s: %q runs into its shortcut %q", where, label.Text, first.Text)
					}
					if end := last.Position().X + last.MinSize().Width; end > w-pad+0.5 {
						t.Errorf("%s: %q's shortcut ends at %v of %v (padding %v)", where, label.Text, end, w, pad)
					}
				}
			}
			pop.Hide()
		}
	}
	for _, code := range []string{"en", "zh-Hant", "zh-Hans"} {
		d.setLanguage(code)
		for _, s := range []float32{0.8, 1, 1.25, 1.5} {
			d.theme.SetTextScale(s)
			d.onCommand(CommandZoomIn) // the zoom path, the menus built before
			d.onCommand(CommandZoomOut)
			check(fmt.Sprintf("%s at %.0f%%", code, s*100))
		}
	}
}

// menuItemWidgets are the item widgets a menu draws.
func menuItemWidgets(m *widget.Menu) []fyne.Widget {
	var out []fyne.Widget
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return // a submenu not open
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			if strings.HasSuffix(fmt.Sprintf("%T", x), ".menuItem") {
				out = append(out, x)
				return
			}
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(m)
	return out
}

// The desk asks for no more than 1024×640 (less the menu bar) at any
// text size up to 150%, in every language: the window never has to grow
// past the smallest screen it is made for.
func TestDeskMinSizeFits1024x640(t *testing.T) {
	h := newHarness(t, newMemProject(t), "alice")
	d := h.d
	d.applyTheme()
	t.Cleanup(func() { _ = useLanguage("en"); d.theme.SetTextScale(1); d.applyTheme() })
	for _, code := range []string{"en", "zh-Hant", "zh-Hans"} {
		d.setLanguage(code)
		d.openDocument("a1")
		for _, s := range []float32{1, 1.25, 1.5} {
			d.theme.SetTextScale(s)
			relayoutAll(h.a)
			if min := h.w.Content().MinSize(); min.Width > 1024 || min.Height > 640-40 {
				t.Errorf("%s at %.0f%%: the desk needs %v", code, s*100, min)
			}
		}
	}
}
