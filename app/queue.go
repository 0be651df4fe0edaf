package app

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"goldspan/project"
)

// What to review next (issue 17): the to-do queue's order, chosen in
// Review › What to review next… and remembered per project. Ctrl+Enter
// opens the first document of the queue (project.Queue, project.Next)
// instead of the next in import order, and the status bar says why it
// came next; the window lists the queue with each document's reason.

// prefQueueOrder + the project's path remembers the order chosen.
const prefQueueOrder = "queueOrder:"

// queueState is the desk's to-do queue: its order, and the queue as last
// computed (off the UI goroutine: the model's uncertainty reads every
// document to do).
type queueState struct {
	path    string // the project it belongs to
	order   project.Order
	items   []project.QueueItem
	loading bool
	stale   bool // the model learned since: compute again after this one
	view    *queueView
}

// queue returns the open project's queue state, reading the remembered
// order on first use.
func (d *desk) queue() *queueState {
	q := d.review.queue
	if q == nil || q.path != d.path {
		q = &queueState{path: d.path, order: project.OrderImport}
		if o, err := project.ParseOrder(d.prefs.String(prefQueueOrder + d.path)); err == nil {
			q.order = o
		}
		d.review.queue = q
	}
	return q
}

// setQueueOrder chooses the queue's order, remembers it and computes the queue.
func (d *desk) setQueueOrder(o project.Order) {
	q := d.queue()
	q.order = o
	q.items = nil
	d.prefs.SetString(prefQueueOrder+d.path, string(o))
	d.refreshQueue()
}

// uncertain is the project's suggestion model's Uncertainty, nil while
// there is no model that has learned anything.
func (d *desk) uncertain() project.Uncertain {
	l, ok := d.suggester().(*project.Learner)
	if !ok || l.Model() == nil || l.Model().Stats().Sentences == 0 {
		return nil
	}
	return l.Model().Uncertainty
}

// refreshQueue computes the queue again in the background (import order
// needs no computing: nextToDo walks the list itself).
func (d *desk) refreshQueue() {
	q := d.queue()
	if d.st == nil || d.annotator == "" {
		return
	}
	if q.loading {
		q.stale = true
		return
	}
	q.loading, q.stale = true, false
	st, annotator, order, un := d.st, d.annotator, q.order, d.uncertain()
	var items []project.QueueItem
	if q.view != nil {
		q.view.showLoading()
	}
	d.jobs.start(func(ctx context.Context, _ func(float64, string)) error {
		var err error
		items, err = project.Queue(ctx, st, annotator, order, un)
		return err
	}, nil, func(err error) {
		q.loading = false
		if d.st != st || d.queue() != q {
			return
		}
		if err != nil {
			d.showError(err)
			return
		}
		if q.order == order {
			q.items = items
		}
		if q.view != nil {
			q.view.show()
		}
		if q.stale {
			d.refreshQueue()
		}
	})
}

// queueNext is the next document to do by the chosen order, and says in
// the status bar why it comes next; ok is false for import order or while
// the queue is not computed yet (nextToDo then walks import order).
func (d *desk) queueNext(cur string) (string, bool, error) {
	q := d.queue()
	if q.order == project.OrderImport || q.items == nil {
		return "", false, nil
	}
	it, ok, err := project.Next(d.ctx(), d.st, d.annotator, q.items, cur)
	if err != nil || !ok {
		return "", false, err
	}
	d.bar.setMessage(fmt.Sprintf(lang.L("Next by %s: %s (%s)"), shortOrder(q.order), it.ID, reasonText(it.Reason)))
	d.refreshQueue() // the model has learned from the document just done
	return it.ID, true, nil
}

// orderWord names an order in a sentence.
func orderWord(o project.Order) string {
	switch o {
	case project.OrderUncertainty:
		return lang.L("the model's uncertainty")
	case project.OrderUndecided:
		return lang.L("undecided suggestions")
	}
	return lang.L("import order")
}

// shortOrder names an order in the status bar.
func shortOrder(o project.Order) string {
	switch o {
	case project.OrderUncertainty:
		return lang.L("uncertainty")
	case project.OrderUndecided:
		return lang.L("undecided")
	}
	return lang.L("import order")
}

// orderName names an order in the window's choice, as project.Order's
// String does, in the language on show.
func orderName(o project.Order) string {
	switch o {
	case project.OrderUncertainty:
		return lang.L("The model's uncertainty, most uncertain first")
	case project.OrderUndecided:
		return lang.L("Undecided suggestions, most first")
	}
	return lang.L("Import order")
}

// reasonText is a queue item's reason (project.Queue writes it in
// English) in the language on show; one it does not know stays as it is.
func reasonText(r string) string {
	var u float64
	var n int
	var word string
	switch {
	case r == "in progress: after every document to do":
		return lang.L("in progress: after every document to do")
	case r == "import order":
		return lang.L("import order")
	case r == "import order: there is no suggestion model yet to be uncertain":
		return lang.L("import order: there is no suggestion model yet to be uncertain")
	}
	if k, err := fmt.Sscanf(r, "model's doubt %f over %d characters", &u, &n); err == nil && k == 2 {
		return fmt.Sprintf(lang.L("model's doubt %.1f over %s"), u, plural(n, lang.L("%d character"), lang.L("%d characters")))
	}
	if k, err := fmt.Sscanf(r, "%d %s undecided", &n, &word); err == nil && k == 2 && (word == "suggestion" || word == "suggestions") {
		return fmt.Sprintf(lang.L("%s undecided"), plural(n, lang.L("%d suggestion"), lang.L("%d suggestions")))
	}
	return r
}

// queueView is the What to review next window: the order, and the queue
// with each document's reason; Enter or a click opens a document.
type queueView struct {
	d     *desk
	win   fyne.Window
	order *widget.Select
	note  *widget.Label
	list  *widget.List
}

// showQueue opens (or raises) the What to review next window.
func (d *desk) showQueue() {
	if d.st == nil || d.annotator == "" {
		return
	}
	q := d.queue()
	if q.view != nil {
		q.view.win.RequestFocus()
		return
	}
	v := &queueView{d: d}
	v.win = d.app.NewWindow(lang.L("What to review next") + " — " + projectName(d.path))
	v.win.Resize(fyne.NewSize(760, 560))
	v.win.SetOnClosed(func() {
		if q.view == v {
			q.view = nil
		}
	})
	v.win.SetContent(v.buildUI())
	q.view = v
	v.win.Show()
	v.show()
	d.refreshQueue()
}

func (v *queueView) buildUI() fyne.CanvasObject {
	var names []string
	for _, o := range project.Orders {
		names = append(names, orderName(o))
	}
	v.order = widget.NewSelect(names, func(s string) {
		for _, o := range project.Orders {
			if orderName(o) == s && o != v.d.queue().order {
				v.d.setQueueOrder(o)
			}
		}
	})
	v.order.SetSelected(orderName(v.d.queue().order))
	v.note = &widget.Label{Wrapping: fyne.TextWrapWord}
	v.list = widget.NewList(func() int { return len(v.items()) }, func() fyne.CanvasObject {
		return container.NewBorder(nil, nil, widget.NewLabel("000"), nil,
			container.NewVBox(&widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis},
				&widget.Label{Truncation: fyne.TextTruncateEllipsis}))
	}, func(i widget.ListItemID, o fyne.CanvasObject) {
		items := v.items()
		if i >= len(items) {
			return
		}
		it := items[i]
		row := o.(*fyne.Container)
		texts := row.Objects[0].(*fyne.Container).Objects
		texts[0].(*widget.Label).SetText(it.ID + "  ·  " + reasonText(it.Reason))
		texts[1].(*widget.Label).SetText(it.Preview)
		row.Objects[1].(*widget.Label).SetText(fmt.Sprint(i + 1))
	})
	v.list.OnSelected = func(i widget.ListItemID) {
		if items := v.items(); i < len(items) {
			v.d.openDocument(items[i].ID)
			v.d.win.RequestFocus()
		}
	}
	head := container.NewBorder(nil, nil, widget.NewLabel(lang.L("Order the documents to do by")), nil, v.order)
	return container.NewBorder(container.NewVBox(head, v.note), nil, nil, nil, v.list)
}

// items is the queue on show.
func (v *queueView) items() []project.QueueItem { return v.d.queue().items }

// showLoading says the queue is being computed.
func (v *queueView) showLoading() {
	v.note.SetText(lang.L("Ordering the documents to do…"))
}

// show shows the queue as last computed.
func (v *queueView) show() {
	q := v.d.queue()
	v.order.SetSelected(orderName(q.order))
	switch {
	case q.items == nil && q.loading:
		v.showLoading()
	case q.order == project.OrderImport:
		v.note.SetText(fmt.Sprintf(lang.L("Ctrl+Enter opens the next document to do in import order (%s to do or in progress)."),
			plural(len(q.items), lang.L("%d document"), lang.L("%d documents"))))
	default:
		v.note.SetText(fmt.Sprintf(lang.L("Ctrl+Enter opens the first document below that %s still has to do: %s, the most first. The order is computed again after each document done."),
			v.d.annotator, orderWord(q.order)))
	}
	v.list.UnselectAll()
	v.list.Refresh()
}
