package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"goldspan/assets"
)

// shortcutSheet is what F1 shows: every key of the review desk, grouped.
var shortcutSheet = []struct {
	group string
	keys  [][2]string
}{
	{"Select", [][2]string{
		{"Drag", "select characters, forwards or backwards"},
		{"Double-click", "select the word under the pointer"},
		{"Click a span", "select it; click again for the span around it"},
		{"Click a bar under the text", "select the span of that bar"},
		{"Shift+click", "extend the selection to there"},
		{"Tab / Shift+Tab", "next / previous span or suggestion"},
		{"Shift+← / Shift+→", "grow or shrink the selection by one character"},
		{"Shift+↑ / Shift+↓", "extend the selection by a line"},
		{"Ctrl+← / Ctrl+→", "move the caret a word (with Shift: extend the selection)"},
		{"← → ↑ ↓, Home, End", "move the caret"},
		{"Esc", "clear the selection"},
		{"Right-click", "menu: relabel, accept, reject, delete; last, accept all (asks first: A accepts, Esc or Enter cancels)"},
	}},
	{"Annotate", [][2]string{
		{"1 – 9", "label the selection, or relabel the selected span (on a suggestion: accept as that label)"},
		{"Enter", "accept the selected suggestion and go to the next one"},
		{"Delete / Backspace", "delete the selected span, or reject the selected suggestion"},
		{"Alt+← / Alt+→", "move the selected span's end one character"},
		{"Alt+Shift+← / Alt+Shift+→", "move the selected span's start one character"},
		{"A", "accept every suggestion in the document"},
		{"Ctrl+1 – Ctrl+9", "label every occurrence of the selected text"},
		{"Ctrl+E", "label every occurrence of the selected span's text with its label"},
		{"Ctrl+Z", "undo (from the saved log: works after a restart)"},
		{"Ctrl+Shift+Z, Ctrl+Y", "redo"},
	}},
	{"Documents", [][2]string{
		{"Ctrl+Enter", "mark the document done (asks first about undecided suggestions: R rejects, A accepts the rest) and open the next to do; Enter or Esc closes “All done”"},
		{"Page Down / Page Up", "next / previous document in the list"},
	}},
	{"Annotation panel", [][2]string{
		{"Ctrl+F", "find in the document: Enter or ↓ next match, ↑ previous, Esc back to the text"},
		{"F6", "the list of spans and suggestions: ↑ / ↓ show each in the text, Enter jumps to it (on a label: fold it), Esc back"},
	}},
	{"Window", [][2]string{
		{"Ctrl+plus / Ctrl+minus", "bigger / smaller text (remembered)"},
		{"Ctrl+N, Ctrl+O, Ctrl+I", "new project, open project, import"},
		{"F1", "this sheet"},
	}},
}

// shortcutsContent lays out the shortcut sheet.
func shortcutsContent() fyne.CanvasObject {
	box := container.NewVBox()
	for _, g := range shortcutSheet {
		box.Add(widget.NewLabelWithStyle(g.group, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		grid := container.New(layout.NewFormLayout())
		for _, k := range g.keys {
			grid.Add(widget.NewLabelWithStyle(k[0], fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
			grid.Add(&widget.Label{Text: k[1], Wrapping: fyne.TextWrapWord})
		}
		box.Add(grid)
	}
	return box
}

// showShortcuts shows the help (F1): the project's annotation guidelines
// first when it has some, then the sheet of every shortcut.
func (d *desk) showShortcuts() {
	title, body := "Keyboard shortcuts", shortcutsContent()
	if g := d.guide.content(); g != nil {
		title = "Guidelines and keyboard shortcuts"
		heading := func(s string) fyne.CanvasObject {
			return &widget.Label{Text: s, TextStyle: fyne.TextStyle{Bold: true}, Importance: widget.HighImportance}
		}
		body = container.NewVBox(heading("Annotation guidelines of this project"), g, widget.NewSeparator(),
			heading("Keyboard shortcuts"), body)
	}
	scroll := container.NewVScroll(body)
	dlg := dialog.NewCustom(title, "Close", scroll, d.win)
	size := d.win.Canvas().Size()
	dlg.Resize(fyne.NewSize(min(760, size.Width*0.9), min(640, size.Height*0.9)))
	dlg.SetOnClosed(func() { d.sheet = nil })
	d.sheet = dlg
	dlg.Show()
}

// showAbout shows the version and the font's licence.
func (d *desk) showAbout() {
	md := d.app.Metadata()
	version := md.Version
	if version == "" {
		version = "development build"
	}
	text := widget.NewLabel("Goldspan " + version + "\n\nHuman review of machine-suggested entity spans in Chinese news.\n\n" +
		"Chinese text is shown with Noto Sans CJK, under the SIL Open Font License:")
	licence := &widget.Label{Text: assets.FontLicense, Wrapping: fyne.TextWrapWord}
	content := container.NewBorder(text, nil, nil, nil, container.NewVScroll(licence))
	dlg := dialog.NewCustom("About Goldspan", "Close", content, d.win)
	dlg.Resize(fyne.NewSize(620, 520))
	dlg.SetOnClosed(func() { d.sheet = nil })
	d.sheet = dlg
	dlg.Show()
}
