package app

import (
	"context"
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"goldspan/annotate"
)

// docList is the document list: a virtualised widget.List that fetches its
// rows from the store a page at a time, with the current annotator's status
// on each, a status filter and a search by id or text.
type docList struct {
	d      *desk
	list   *widget.List
	search *widget.Entry
	filter *widget.Select
	box    fyne.CanvasObject

	count   int
	pages   map[int][]annotate.DocumentSummary
	query   annotate.DocumentFilter
	gen     int  // bumped by every reload; older results are dropped
	pending bool // a reload is running
}

// listPage is how many rows one store query fetches.
const listPage = 100

// The filter choices, in the order shown.
var filterChoices = []struct {
	status annotate.Status
}{{""}, {annotate.StatusTodo}, {annotate.StatusInProgress}, {annotate.StatusDone}, {annotate.StatusSkipped}}

// filterNames are the filter choices in the language on show.
func filterNames() []string {
	return []string{lang.L("All"), lang.L("To do"), lang.L("In progress"), lang.L("Done"), lang.L("Skipped")}
}

// retranslate sets the list's words again in the language on show.
func (l *docList) retranslate() {
	l.search.SetPlaceHolder(lang.L("Search id or text"))
	i := l.filter.SelectedIndex()
	l.filter.SetOptions(filterNames())
	l.filter.SetSelectedIndex(i)
	l.list.Refresh()
}

func newDocList(d *desk) *docList {
	l := &docList{d: d, pages: map[int][]annotate.DocumentSummary{}}
	l.search = &widget.Entry{PlaceHolder: lang.L("Search id or text"), OnChanged: func(string) { l.reload() }}
	l.search.ExtendBaseWidget(l.search)
	l.filter = widget.NewSelect(filterNames(), nil)
	l.filter.SetSelectedIndex(0)
	l.filter.OnChanged = func(string) { l.reload() }
	l.list = &widget.List{
		Length:     func() int { return l.count },
		CreateItem: newDocRow,
		UpdateItem: l.updateRow,
		OnSelected: l.onSelected,
	}
	l.list.ExtendBaseWidget(l.list)
	// The search has the list's whole width, its placeholder readable in
	// a narrow window; the filter goes under it.
	l.box = container.NewBorder(container.NewVBox(l.search, l.filter), nil, nil, nil,
		container.NewStack(l.list, newWheelRows(l.list, newDocRow)))
	return l
}

// status returns the status the filter shows.
func (l *docList) status() annotate.Status {
	if i := l.filter.SelectedIndex(); i >= 0 && i < len(filterChoices) {
		return filterChoices[i].status
	}
	return ""
}

// reload queries the store again, off the UI goroutine, and finds the open
// document's row.
func (l *docList) reload() {
	d := l.d
	if d.st == nil || d.annotator == "" {
		l.count, l.pages = 0, map[int][]annotate.DocumentSummary{}
		l.list.Refresh()
		return
	}
	l.gen++
	gen := l.gen
	f := annotate.DocumentFilter{Annotator: d.annotator, Status: l.status(), Query: l.search.Text}
	st, current := d.st, ""
	if d.hasDoc {
		current = d.doc.ID
	}
	var count, index int
	first := map[int][]annotate.DocumentSummary{}
	l.pending = true
	d.jobs.start(func(ctx context.Context, _ func(float64, string)) error {
		var err error
		if count, err = st.CountDocuments(ctx, f); err != nil {
			return err
		}
		// Find the open document's row in the first pages.
		index = -1
		for p := 0; p*listPage < count && p < 100; p++ {
			q := f
			q.Offset, q.Limit = p*listPage, listPage
			rows, err := st.Documents(ctx, q)
			if err != nil {
				return err
			}
			first[p] = rows
			if current == "" {
				break
			}
			if i := findRow(rows, current); i >= 0 {
				index = p*listPage + i
				break
			}
		}
		return nil
	}, nil, func(err error) {
		if gen != l.gen || st != d.st {
			return // a newer query, or another project, replaced this one
		}
		l.pending = false
		if err != nil {
			d.showError(err)
			return
		}
		l.query, l.count, l.pages = f, count, first
		l.list.Refresh()
		if d.hasDoc && d.doc.ID == current {
			d.index = index
			l.selectRow(index)
		}
		d.refreshBar()
	})
}

func findRow(rows []annotate.DocumentSummary, id string) int {
	for i, r := range rows {
		if r.ID == id {
			return i
		}
	}
	return -1
}

// row returns the summary on row i, fetching its page if needed.
func (l *docList) row(i int) (annotate.DocumentSummary, bool) {
	if i < 0 || i >= l.count || l.d.st == nil {
		return annotate.DocumentSummary{}, false
	}
	p := i / listPage
	rows, ok := l.pages[p]
	if !ok {
		q := l.query
		q.Offset, q.Limit = p*listPage, listPage
		var err error
		if rows, err = l.d.st.Documents(context.Background(), q); err != nil {
			fyne.LogError("listing documents", err)
			return annotate.DocumentSummary{}, false
		}
		l.pages[p] = rows
	}
	if j := i - p*listPage; j < len(rows) {
		return rows[j], true
	}
	return annotate.DocumentSummary{}, false
}

// indexOf returns the row of document id among the fetched pages, or -1.
func (l *docList) indexOf(id string) int {
	for p, rows := range l.pages {
		if i := findRow(rows, id); i >= 0 {
			return p*listPage + i
		}
	}
	return -1
}

// refreshRow fetches row i again (after an edit changed its status or count).
func (l *docList) refreshRow(i int) {
	if i < 0 {
		return
	}
	delete(l.pages, i/listPage)
	l.list.RefreshItem(i)
}

// selectRow marks row i as the open document and scrolls it into view. The
// list's own selection stays empty, so that a click on any row, the open
// one too, opens it and hands the keyboard to the editor.
func (l *docList) selectRow(i int) {
	l.list.Refresh()
	if i >= 0 && i < l.count {
		l.list.ScrollTo(i)
	}
}

func (l *docList) onSelected(i widget.ListItemID) {
	l.list.UnselectAll()
	s, ok := l.row(i)
	if !ok {
		return
	}
	if !l.d.hasDoc || l.d.doc.ID != s.ID {
		l.d.openDocument(s.ID)
	} else {
		l.d.focusEditor()
	}
	l.d.index = i
	l.d.refreshBar()
}

// docRow is one row of the list: status icon, id, span count and a
// preview, on a highlight when it is the open document.
type docRow struct {
	widget.BaseWidget
	bg      *canvas.Rectangle
	icon    *widget.Icon
	id      *widget.Label
	spans   *widget.Label
	preview *widget.Label
}

func newDocRow() fyne.CanvasObject {
	r := &docRow{
		bg:      canvas.NewRectangle(color.Transparent),
		icon:    widget.NewIcon(theme.RadioButtonIcon()),
		id:      &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis},
		spans:   &widget.Label{},
		preview: &widget.Label{Truncation: fyne.TextTruncateEllipsis},
	}
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer implements fyne.Widget.
func (r *docRow) CreateRenderer() fyne.WidgetRenderer {
	top := container.NewBorder(nil, nil, r.icon, r.spans, r.id)
	r.bg.CornerRadius = 4
	return widget.NewSimpleRenderer(container.NewStack(r.bg, container.NewVBox(top, r.preview)))
}

func (r *docRow) set(s annotate.DocumentSummary, open bool) {
	if open {
		r.bg.FillColor = r.Theme().Color(theme.ColorNameSelection, fyne.CurrentApp().Settings().ThemeVariant())
	} else {
		r.bg.FillColor = color.Transparent
	}
	r.bg.Refresh()
	r.icon.SetResource(statusIcon(s.Status))
	r.id.SetText(s.ID)
	r.spans.SetText(fmt.Sprintf("%d", s.Spans))
	if s.Status == annotate.StatusDone && s.Undecided > 0 {
		// Marked done before the done gate, with suggestions undecided:
		// they are not gold, and the document needs another look.
		r.icon.SetResource(theme.WarningIcon())
		r.spans.SetText(fmt.Sprintf(lang.L("%d · %d undecided"), s.Spans, s.Undecided))
	}
	r.preview.SetText(s.Preview)
}

func (l *docList) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	r := o.(*docRow)
	if s, ok := l.row(i); ok {
		r.set(s, l.d.hasDoc && s.ID == l.d.doc.ID)
	} else {
		r.set(annotate.DocumentSummary{ID: "…"}, false)
	}
}

// statusIcon is the icon of a status in the list.
func statusIcon(s annotate.Status) fyne.Resource {
	switch s {
	case annotate.StatusDone:
		return theme.ConfirmIcon()
	case annotate.StatusInProgress:
		return theme.DocumentCreateIcon()
	case annotate.StatusSkipped:
		return theme.MediaSkipNextIcon()
	}
	return theme.RadioButtonIcon()
}
