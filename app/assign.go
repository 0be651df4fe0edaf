package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"goldspan/annotate"
	"goldspan/annotate/agree"
	"goldspan/project"
)

// assignRefresh is how often the Assignments and progress window reads
// the team's progress again while it is open: on a shared project other
// reviewers' work shows within this long.
const assignRefresh = 5 * time.Second

// assignView is the lead's Assignments and progress window: hand the
// documents out (each to k annotators, evenly, reproducibly) and watch
// each annotator's progress on their own documents.
type assignView struct {
	d       *desk
	win     fyne.Window
	who     *widget.Entry
	overlap *widget.Entry
	seed    *widget.Entry
	replace *widget.Check
	button  *widget.Button
	note    *widget.Label
	table   *widget.Table
	measure *widget.Button
	agree   *widget.Label // the agreement on the overlap, as goldspan agree prints it

	rows    []project.Workload
	stop    func() bool // cancels the next progress read
	reading bool
}

// showAssign opens (or raises) the Assignments and progress window.
func (d *desk) showAssign() {
	if d.st == nil {
		return
	}
	if d.assign != nil {
		d.assign.win.RequestFocus()
		return
	}
	v := &assignView{d: d}
	d.assign = v
	v.win = d.app.NewWindow(lang.L("Assignments and progress") + " — " + projectName(d.path))
	v.win.Resize(fyne.NewSize(720, 520))
	v.win.SetContent(v.buildUI())
	v.win.SetOnClosed(func() {
		if v.stop != nil {
			v.stop()
		}
		if d.assign == v {
			d.assign = nil
		}
	})
	v.win.Show()
	v.prefill()
	v.readProgress()
}

func (v *assignView) buildUI() fyne.CanvasObject {
	v.who = widget.NewEntry()
	v.who.SetPlaceHolder("alice, bob, carol")
	v.overlap = widget.NewEntry()
	v.overlap.SetText("2")
	v.seed = widget.NewEntry()
	v.seed.SetText("1")
	v.replace = widget.NewCheck(lang.L("Hand every document out again (drops the earlier assignments)"), nil)
	v.button = widget.NewButton(lang.L("Assign"), v.onAssign)
	v.button.Importance = widget.HighImportance
	v.note = &widget.Label{Wrapping: fyne.TextWrapWord}
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Annotators"), v.who),
		widget.NewFormItem(lang.L("Each document to"), container.NewBorder(nil, nil, nil, widget.NewLabel(lang.L("annotators (2 or more: agreement is measured there)")), v.overlap)),
		widget.NewFormItem(lang.L("Seed"), container.NewBorder(nil, nil, nil, widget.NewLabel(lang.L("the same seed gives the same assignments")), v.seed)),
	)
	head := []string{lang.L("Annotator"), lang.L("Assigned"), lang.L("Done"), lang.L("In progress"), lang.L("Skipped")}
	v.table = widget.NewTable(func() (int, int) { return len(v.rows) + 1, len(head) },
		func() fyne.CanvasObject { return widget.NewLabel("annotator name") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if id.Row == 0 {
				l.TextStyle.Bold = true
				l.SetText(head[id.Col])
				return
			}
			l.TextStyle.Bold = false
			if id.Row-1 >= len(v.rows) {
				l.SetText("")
				return
			}
			w := v.rows[id.Row-1]
			l.SetText([]string{w.Annotator, strconv.Itoa(w.Assigned), strconv.Itoa(w.Done), strconv.Itoa(w.InProgress), strconv.Itoa(w.Skipped)}[id.Col])
		})
	v.table.SetColumnWidth(0, 220)
	for c := 1; c < len(head); c++ {
		v.table.SetColumnWidth(c, 110)
	}
	v.measure = widget.NewButton(lang.L("Measure agreement on the overlap"), v.onMeasure)
	v.agree = &widget.Label{TextStyle: fyne.TextStyle{Monospace: true}}
	top := container.NewVBox(form, v.replace, container.NewHBox(v.button), v.note, widget.NewSeparator())
	bottom := container.NewVBox(widget.NewSeparator(), container.NewHBox(v.measure))
	split := container.NewVSplit(v.table, container.NewBorder(bottom, nil, nil, nil, container.NewScroll(v.agree)))
	split.Offset = 0.45
	return container.NewBorder(top, nil, nil, nil, split)
}

// prefill offers every annotator of the project but gold, if none is typed.
func (v *assignView) prefill() {
	st := v.d.st
	v.d.jobs.start(func(ctx context.Context, _ func(float64, string)) error {
		names, err := st.Annotators(ctx)
		if err != nil {
			return err
		}
		names = slices.DeleteFunc(names, func(n string) bool { return n == annotate.GoldAnnotator })
		v.d.jobs.toUI(func() {
			if v.who.Text == "" {
				v.who.SetText(strings.Join(names, ", "))
			}
		}, false)
		return nil
	}, nil, nil)
}

// options reads the form.
func (v *assignView) options() (project.AssignOptions, error) {
	o := project.AssignOptions{Replace: v.replace.Checked}
	for _, n := range strings.Split(v.who.Text, ",") {
		if n = strings.TrimSpace(n); n != "" {
			o.Annotators = append(o.Annotators, n)
		}
	}
	k, err := strconv.Atoi(strings.TrimSpace(v.overlap.Text))
	if err != nil {
		return o, annotate.Errorf(annotate.EINVALID, lang.L("Each document goes to a whole number of annotators, not %q"), v.overlap.Text)
	}
	o.Overlap = k
	seed, err := strconv.ParseUint(strings.TrimSpace(v.seed.Text), 10, 64)
	if err != nil {
		return o, annotate.Errorf(annotate.EINVALID, lang.L("The seed is a whole number from 0, not %q"), v.seed.Text)
	}
	o.Seed = seed
	return o, nil
}

// onAssign hands the documents out and shows what it did.
func (v *assignView) onAssign() {
	o, err := v.options()
	if err != nil {
		v.note.SetText(err.Error())
		return
	}
	st := v.d.st
	v.button.Disable()
	v.note.SetText(lang.L("Handing the documents out…"))
	var plan project.AssignPlan
	v.d.jobs.start(func(ctx context.Context, _ func(float64, string)) error {
		plan, err = project.Assign(ctx, st, o)
		return err
	}, nil, func(err error) {
		v.button.Enable()
		switch {
		case err != nil:
			v.note.SetText(annotate.ErrorMessage(err))
		case plan.Documents == 0:
			v.note.SetText(lang.L("Every document is assigned already: nothing was handed out. Tick the box to hand all out again."))
		default:
			v.note.SetText(fmt.Sprintf(lang.L("Documents handed out: %d, each to %d of %d annotators. Each reviewer's next document (Ctrl+Enter) follows their own; agreement compares each document among those it went to."),
				plan.Documents, o.Overlap, len(o.Annotators)))
		}
		v.readProgress()
	})
}

// onMeasure measures the agreement on the overlap of the assignments:
// each document among the annotators it went to.
func (v *assignView) onMeasure() {
	st := v.d.st
	v.measure.Disable()
	v.agree.SetText(lang.L("Measuring…"))
	var text strings.Builder
	v.d.jobs.start(func(ctx context.Context, _ func(float64, string)) error {
		as, err := st.Assignments(ctx, "")
		if err != nil {
			return err
		}
		in, err := agree.FromStore(ctx, st)
		if err != nil {
			return err
		}
		rep, err := project.OverlapAgreement(in, as, false)
		if err != nil {
			return err
		}
		return rep.WriteText(&text)
	}, nil, func(err error) {
		v.measure.Enable()
		if err != nil {
			v.agree.SetText(annotate.ErrorMessage(err))
			return
		}
		v.agree.SetText(text.String())
	})
}

// readProgress reads every annotator's progress and reads it again after
// assignRefresh while the window is open.
func (v *assignView) readProgress() {
	if v.stop != nil {
		v.stop()
		v.stop = nil
	}
	if v.reading {
		return
	}
	v.reading = true
	st := v.d.st
	var rows []project.Workload
	v.d.jobs.start(func(ctx context.Context, _ func(float64, string)) error {
		as, err := st.Assignments(ctx, "")
		if err != nil {
			return err
		}
		rows, err = project.Workloads(ctx, st, as)
		return err
	}, nil, func(err error) {
		v.reading = false
		if v.d.assign != v {
			return // closed meanwhile
		}
		if err == nil {
			v.rows = rows
			v.table.Refresh()
			if len(rows) == 0 && v.note.Text == "" {
				v.note.SetText(lang.L("No document is assigned yet: every reviewer works through every document."))
			}
		}
		v.stop = v.d.jobs.after(assignRefresh, v.readProgress)
	})
}
