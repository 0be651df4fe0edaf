package app

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"goldspan/annotate"
)

// What the desk says about the open document and the project: the title
// above the editor and the status bar's annotator, position and counts.

// refreshTitle shows the document's id and the reviewer's status on it.
func (d *desk) refreshTitle() {
	if !d.hasDoc {
		d.title.SetText("")
		return
	}
	d.title.SetText(fmt.Sprintf(lang.L("%s  ·  %s  ·  %s, %s, %s"),
		d.doc.ID, statusText(d.status), plural(annotate.RuneLen(d.doc.Text), lang.L("%d character"), lang.L("%d characters")), plural(len(d.spans), lang.L("%d span"), lang.L("%d spans")), d.decidedText()))
}

// decidedText says how many of the document's suggestions the reviewer
// has decided: "3 of 5 suggestions decided".
func (d *desk) decidedText() string {
	total := len(d.sugs)
	if s, ok := d.list.row(d.index); ok && s.ID == d.doc.ID && s.Suggestions >= len(d.sugs) {
		total = s.Suggestions
	} else if total == 0 {
		return lang.L("no open suggestions")
	}
	if total == 0 {
		return lang.L("no suggestions")
	}
	f := lang.L("%d of %d suggestions decided")
	if total == 1 {
		f = lang.L("%d of %d suggestion decided")
	}
	return fmt.Sprintf(f, total-len(d.sugs), total)
}

// refreshBar updates the status bar's annotator, position and done count.
func (d *desk) refreshBar() {
	if d.bar == nil {
		return
	}
	d.bar.setAnnotator(d.annotator)
	if d.st == nil {
		d.bar.setPosition(-1, 0)
		d.bar.setDone(0, 0)
		return
	}
	d.bar.setPosition(d.index, d.list.count)
	total, err1 := d.st.CountDocuments(d.ctx(), annotate.DocumentFilter{Annotator: d.annotator})
	done, err2 := d.st.CountDocuments(d.ctx(), annotate.DocumentFilter{Annotator: d.annotator, Status: annotate.StatusDone})
	if err := errors.Join(err1, err2); err != nil {
		fyne.LogError("counting documents", err)
		return
	}
	d.bar.setDone(done, total)
}

// statusText is a status as the reviewer reads it.
func statusText(s annotate.Status) string {
	switch s {
	case annotate.StatusTodo:
		return lang.L("to do")
	case annotate.StatusInProgress:
		return lang.L("in progress")
	case annotate.StatusDone:
		return lang.L("done")
	case annotate.StatusSkipped:
		return lang.L("skipped")
	}
	return string(s)
}

// clip shortens s to at most n code points, with an ellipsis, on one line.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
