package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"goldspan/annotate"
)

// The project's annotation guidelines: the lead's own Markdown, kept in
// the project (annotate.SettingGuidelines), shown in a tab beside the
// annotation panel and first in the F1 help, and edited in a dialog, so
// a reviewer can check "do we mark 俄 alone?" without leaving the desk.
// The guidelines are rendered as Markdown; document text never is.

// guidelinesView is the Guidelines tab.
type guidelinesView struct {
	d *desk

	box    *fyne.Container
	text   *widget.RichText
	edit   *widget.Button
	scroll *container.Scroll

	md string // the guidelines on show; "" for none
}

// noGuidelines is what the tab says while the project has none.
func noGuidelines() string {
	return lang.L("This project has no annotation guidelines yet.\n\nEdit… writes them (Markdown: headings, lists, **bold**), for every reviewer of the project.")
}

func newGuidelinesView(d *desk) *guidelinesView {
	g := &guidelinesView{d: d}
	g.text = widget.NewRichTextWithText(noGuidelines())
	g.text.Wrapping = fyne.TextWrapWord
	g.edit = &widget.Button{Text: lang.L("Edit…"), OnTapped: g.onEdit}
	g.scroll = container.NewVScroll(g.text)
	g.box = container.NewBorder(container.NewHBox(g.edit), nil, nil, nil, g.scroll)
	g.show("")
	return g
}

// settings is the open project's settings, if its store keeps them.
func (d *desk) settings() (annotate.SettingStore, bool) {
	if d.st == nil {
		return nil, false
	}
	s, ok := d.st.(annotate.SettingStore)
	return s, ok
}

// load reads the open project's guidelines and shows them.
func (g *guidelinesView) load() {
	md := ""
	if s, ok := g.d.settings(); ok {
		var err error
		if md, err = s.Setting(g.d.ctx(), annotate.SettingGuidelines); err != nil {
			g.d.showError(err)
		}
	}
	g.show(md)
}

// show puts md on the tab.
func (g *guidelinesView) show(md string) {
	g.md = md
	if md == "" {
		md = noGuidelines()
	}
	g.text.Segments = guidelinesText(md).Segments
	g.text.Wrapping = fyne.TextWrapWord
	g.text.Refresh()
	g.scroll.ScrollToTop()
	if _, ok := g.d.settings(); ok {
		g.edit.Enable()
	} else {
		g.edit.Disable()
	}
}

// onEdit opens the guidelines in an editor dialog; Save stores them in
// the project (one transaction) and shows them.
func (g *guidelinesView) onEdit() {
	if g.d.isOffline() {
		return
	}
	s, ok := g.d.settings()
	if !ok {
		return
	}
	entry := widget.NewMultiLineEntry()
	entry.Wrapping = fyne.TextWrapWord
	entry.SetText(g.md)
	entry.SetPlaceHolder(lang.L("# Our guidelines\n\n- One-character country abbreviations (俄, 美) are LOC.\n- Titles stay outside PER spans."))
	dlg := dialog.NewCustomConfirm(lang.L("Annotation guidelines (Markdown)"), lang.L("Save"), lang.L("Cancel"), entry, func(save bool) {
		if !save {
			return
		}
		if err := s.SetSetting(g.d.ctx(), annotate.SettingGuidelines, entry.Text); err != nil {
			g.d.showError(err)
			return
		}
		g.show(entry.Text)
		g.d.bar.setMessage(lang.L("Saved the guidelines"))
	}, g.d.win)
	size := g.d.win.Canvas().Size()
	dlg.Resize(fyne.NewSize(min(760, size.Width*0.9), min(560, size.Height*0.85)))
	dlg.Show()
	g.d.win.Canvas().Focus(entry)
}

// content is the guidelines for the F1 help, nil when there are none.
func (g *guidelinesView) content() fyne.CanvasObject {
	if g.md == "" {
		return nil
	}
	return guidelinesText(g.md)
}

// guidelinesText renders the guidelines' Markdown, wrapping at word
// boundaries. Headings, lists, rules and links stay; inline emphasis
// within a paragraph or list item is shown plain, as one run of text:
// Fyne 2.7.1's RichText lays a line out one character per row after an
// inline segment that ends right at the edge (bold then plain text in a
// narrow tab did), and one run wraps correctly.
func guidelinesText(md string) *widget.RichText {
	t := widget.NewRichTextFromMarkdown(md)
	for _, s := range t.Segments {
		switch x := s.(type) {
		case *widget.ParagraphSegment:
			x.Texts = oneRun(x.Texts)
		case *widget.ListSegment:
			for _, it := range x.Items {
				if p, ok := it.(*widget.ParagraphSegment); ok {
					p.Texts = oneRun(p.Texts)
				}
			}
		}
	}
	t.Wrapping = fyne.TextWrapWord
	return t
}

// oneRun joins a paragraph's text segments into one plain run; a
// paragraph holding anything else (a link, an image) is left as it is.
func oneRun(in []widget.RichTextSegment) []widget.RichTextSegment {
	if len(in) < 2 {
		return in
	}
	var b strings.Builder
	for _, s := range in {
		t, ok := s.(*widget.TextSegment)
		if !ok {
			return in
		}
		b.WriteString(t.Text)
	}
	return []widget.RichTextSegment{&widget.TextSegment{Text: b.String(), Style: widget.RichTextStyleInline}}
}

// showGuidelines brings the Guidelines tab to the front.
func (d *desk) showGuidelines() { d.side.Select(d.guideTab) }
