package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"goldspan/assets"
)

// shortcutGroup is one group of the shortcut sheet: its heading and its
// keys with what each does.
type shortcutGroup struct {
	group string
	keys  [][2]string
}

// shortcutSheet is what F1 shows: every key of the review desk, grouped,
// in the language on show (key names stay as the keyboard writes them).
func shortcutSheet() []shortcutGroup {
	return []shortcutGroup{
		{lang.L("Select"), [][2]string{
			{lang.L("Drag"), lang.L("select characters, forwards or backwards")},
			{lang.L("Double-click"), lang.L("select the word under the pointer")},
			{lang.L("Click a span"), lang.L("select it; click again for the span around it")},
			{lang.L("Click a bar under the text"), lang.L("select the span of that bar")},
			{lang.L("Shift+click"), lang.L("extend the selection to there")},
			{"Tab / Shift+Tab", lang.L("next / previous span or suggestion")},
			{"Shift+← / Shift+→", lang.L("grow or shrink the selection by one character")},
			{"Shift+↑ / Shift+↓", lang.L("extend the selection by a line")},
			{"Ctrl+← / Ctrl+→", lang.L("move the caret a word (with Shift: extend the selection)")},
			{"← → ↑ ↓, Home, End", lang.L("move the caret")},
			{"Esc", lang.L("clear the selection")},
			{lang.L("Right-click"), lang.L("menu: relabel, accept, reject, delete; last, accept all (asks first: A accepts, Esc or Enter cancels)")},
		}},
		{lang.L("Annotate"), [][2]string{
			{"1 – 9", lang.L("label the selection, or relabel the selected span (on a suggestion: accept as that label)")},
			{"Enter", lang.L("accept the selected suggestion and go to the next one")},
			{"Delete / Backspace", lang.L("delete the selected span, or reject the selected suggestion")},
			{"Alt+← / Alt+→", lang.L("move the selected span's end one character")},
			{"Alt+Shift+← / Alt+Shift+→", lang.L("move the selected span's start one character")},
			{"A", lang.L("accept every suggestion in the document")},
			{"Ctrl+1 – Ctrl+9", lang.L("label every occurrence of the selected text")},
			{"Ctrl+E", lang.L("label every occurrence of the selected span's text with its label")},
			{"Ctrl+Z", lang.L("undo (from the saved log: works after a restart)")},
			{"Ctrl+Shift+Z, Ctrl+Y", lang.L("redo")},
		}},
		{lang.L("Documents"), [][2]string{
			{"Ctrl+Enter", lang.L("mark the document done (asks first about undecided suggestions: R rejects, A accepts the rest) and open the next to do; Enter or Esc closes “All done”")},
			{"Page Down / Page Up", lang.L("next / previous document in the list")},
		}},
		{lang.L("Annotation panel"), [][2]string{
			{"Ctrl+F", lang.L("find in the document: Enter or ↓ next match, ↑ previous, Esc back to the text")},
			{"F6", lang.L("the list of spans and suggestions: ↑ / ↓ show each in the text, Enter jumps to it (on a label: fold it), Esc back")},
		}},
		{lang.L("Window"), [][2]string{
			{lang.L("Ctrl+plus / Ctrl+minus"), lang.L("bigger / smaller text (remembered)")},
			{"Ctrl+N, Ctrl+O, Ctrl+I", lang.L("new project, open project, import")},
			{"Ctrl+Q", lang.L("quit (everything is saved already)")},
			{"F1", lang.L("this sheet")},
		}},
	}
}

// shortcutsContent lays out the shortcut sheet.
func shortcutsContent() fyne.CanvasObject {
	box := container.NewVBox()
	for _, g := range shortcutSheet() {
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
	title, body := lang.L("Keyboard shortcuts"), shortcutsContent()
	if g := d.guide.content(); g != nil {
		title = lang.L("Guidelines and keyboard shortcuts")
		heading := func(s string) fyne.CanvasObject {
			return &widget.Label{Text: s, TextStyle: fyne.TextStyle{Bold: true}, Importance: widget.HighImportance}
		}
		body = container.NewVBox(heading(lang.L("Annotation guidelines of this project")), g, widget.NewSeparator(),
			heading(lang.L("Keyboard shortcuts")), body)
	}
	scroll := container.NewVScroll(body)
	dlg := dialog.NewCustom(title, lang.L("Close"), scroll, d.win)
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
		version = lang.L("development build")
	}
	text := widget.NewLabel("Goldspan " + version + "\n\n" + lang.L("Human review of machine-suggested entity spans in Chinese news.") + "\n\n" +
		lang.L("Chinese text is shown with Noto Sans CJK, under the SIL Open Font License:"))
	licence := &widget.Label{Text: assets.FontLicense, Wrapping: fyne.TextWrapWord}
	content := container.NewBorder(text, nil, nil, nil, container.NewVScroll(licence))
	dlg := dialog.NewCustom(lang.L("About Goldspan"), lang.L("Close"), content, d.win)
	dlg.Resize(fyne.NewSize(620, 520))
	dlg.SetOnClosed(func() { d.sheet = nil })
	d.sheet = dlg
	dlg.Show()
}
