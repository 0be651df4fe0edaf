package app

import (
	"context"
	"fmt"
	"image/color"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"goldspan/annotate"
	"goldspan/annotate/agree"
)

// reviewWindows are the agreement and adjudication windows of a desk: at
// most one of each, on the project the desk has open.
type reviewWindows struct {
	d            *desk
	agreement    *agreementView
	adjudication *adjudicationView
}

// newReviewTools returns the Review menu's screens for d.
func newReviewTools(d *desk) reviewTools {
	rw := &reviewWindows{d: d}
	return reviewTools{
		open:       rw,
		Agreement:  rw.showAgreement,
		Adjudicate: func() { rw.showAdjudication(adjudicateRequest{}) },
	}
}

// projectOpen reports whether the desk has a project, saying so if not.
func (rw *reviewWindows) projectOpen() bool {
	if rw.d.st == nil {
		if rw.d.bar != nil {
			rw.d.bar.setMessage(lang.L("Open a project first"))
		}
		return false
	}
	return true
}

// agreementContext is the code points of text shown either side of a
// disagreement in the lists.
const agreementContext = 12

// annotatorColors tell annotators apart in lanes and lists; gold has its own.
var (
	annotatorColors = []color.NRGBA{
		{0x7b, 0x4f, 0xc9, 0xff}, {0x13, 0x9c, 0x8f, 0xff}, {0xd9, 0x6c, 0x1e, 0xff}, {0xc2, 0x3b, 0x7a, 0xff},
		{0x4a, 0x78, 0xb8, 0xff}, {0x6f, 0x8f, 0x1f, 0xff}, {0x9c, 0x5b, 0x3c, 0xff}, {0x5d, 0x6d, 0x7e, 0xff},
	}
	goldColor = color.NRGBA{0xd4, 0xa0, 0x17, 0xff}
)

// annotatorColor is the colour of the annotator at index i of a list.
func annotatorColor(name string, i int) color.NRGBA {
	if name == annotate.GoldAnnotator {
		return goldColor
	}
	return annotatorColors[i%len(annotatorColors)]
}

// swatch is a small square of colour c, to put before a name.
func swatch(c color.Color) fyne.CanvasObject {
	r := canvas.NewRectangle(c)
	r.CornerRadius = 3
	r.SetMinSize(fyne.NewSize(12, 12))
	return container.NewCenter(r)
}

// agreementView is the agreement window: which annotators to compare, then
// the annotator × annotator matrix, the per-label table and chart, the use
// of machine suggestions and the disagreement list, from which a click
// opens the document in adjudication. The numbers are agree.Compute's,
// computed off the UI goroutine.
type agreementView struct {
	rw  *reviewWindows
	win fyne.Window
	st  annotate.Store // the project the window shows

	in      agree.Input
	loaded  bool
	names   []string // annotators with a layer, gold left out, sorted
	hasGold bool
	docLen  map[string]int
	rep     *agree.Report
	opt     agree.Options // the options rep was computed with
	gen     int           // bumped by every computation; older results are dropped
	labels  map[string]annotate.Label

	who        *widget.CheckGroup
	withGold   *widget.Check
	inProgress *widget.Check
	refresh    *widget.Button
	adjudicate *widget.Button
	message    *widget.Label // why there is no report, or what is being computed
	summary    *widget.Label
	matrix     *widget.Table
	perLabel   *widget.Table
	chart      *barChart
	measure    *widget.Select // which measure the chart shows
	machine    *widget.Table
	disTitle   *widget.Label
	disList    *widget.List
	disBox     *fyne.Container // holds disList, which is rebuilt for every report
	report     fyne.CanvasObject
	// matrixSpace gives the matrix the height of its rows.
	matrixSpace *canvas.Rectangle

	quiet bool // computing again for the live view: the report stays on show meanwhile

	labelRows   [][]string // the per-label table's cells, header first
	machineRows [][]string
}

// showAgreement opens (or raises) the agreement window of the open project.
func (rw *reviewWindows) showAgreement() {
	if !rw.projectOpen() {
		return
	}
	if v := rw.agreement; v != nil {
		if v.st == rw.d.st {
			v.win.RequestFocus()
			return
		}
		v.win.Close()
	}
	v := &agreementView{rw: rw, st: rw.d.st}
	v.win = rw.newWindow(lang.L("Agreement"), func() {
		if rw.agreement == v {
			rw.agreement = nil
		}
	})
	v.win.SetContent(v.buildUI())
	rw.agreement = v
	v.win.Show()
	v.load()
}

// newWindow makes a review window titled after the open project, sized for
// its tables, that calls closed when the reviewer closes it. The caller
// sets its content (views may need the window while building it).
func (rw *reviewWindows) newWindow(title string, closed func()) fyne.Window {
	w := rw.d.app.NewWindow(title + " — " + projectName(rw.d.path))
	w.Resize(fyne.NewSize(1320, 820))
	w.SetOnClosed(closed)
	return w
}

// projectName is the file name of a project path.
func projectName(path string) string {
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		return path[i+1:]
	}
	return path
}

func (v *agreementView) buildUI() fyne.CanvasObject {
	v.who = widget.NewCheckGroup(nil, func([]string) { v.compute() })
	v.who.Horizontal = true
	v.withGold = widget.NewCheck(lang.L("Compare with gold"), func(bool) { v.compute() })
	v.withGold.Disable()
	v.inProgress = widget.NewCheck(lang.L("Include documents in progress"), func(bool) { v.compute() })
	v.refresh = &widget.Button{Text: lang.L("Reload"), Icon: theme.ViewRefreshIcon(), OnTapped: v.load}
	v.refresh.ExtendBaseWidget(v.refresh)
	v.adjudicate = &widget.Button{Text: lang.L("Adjudicate…"), Icon: theme.DocumentCreateIcon(), Importance: widget.HighImportance,
		OnTapped: func() { v.openAdjudication(-1) }}
	v.adjudicate.ExtendBaseWidget(v.adjudicate)
	v.adjudicate.Disable()
	v.message = &widget.Label{Wrapping: fyne.TextWrapWord, Alignment: fyne.TextAlignCenter}
	v.summary = &widget.Label{Wrapping: fyne.TextWrapWord}

	v.matrix = &widget.Table{ShowHeaderRow: true, ShowHeaderColumn: true,
		Length: v.matrixSize, CreateCell: v.newMatrixCell, UpdateCell: v.updateMatrixCell,
		CreateHeader: newHeaderCell, UpdateHeader: v.updateMatrixHeader}
	v.matrix.ExtendBaseWidget(v.matrix)
	v.perLabel = newTextTable(func() [][]string { return v.labelRows })
	v.machine = newTextTable(func() [][]string { return v.machineRows })
	v.chart = newBarChart()
	v.measure = widget.NewSelect(nil, func(string) { v.fillChart() })

	matrixHelp := &widget.Label{Text: lang.L("Row annotator against column annotator: span F1, exact and overlap (matched / only row / only column), and Cohen's κ over characters."),
		Wrapping: fyne.TextWrapWord}
	v.matrixSpace = canvas.NewRectangle(color.Transparent)
	matrixBox := container.NewBorder(container.NewVBox(boldLabel(lang.L("Annotator pairs")), matrixHelp), nil, nil, nil,
		container.NewStack(v.matrixSpace, v.matrix))
	chartBox := container.NewBorder(container.NewBorder(nil, nil, widget.NewLabel(lang.L("Measure:")), nil, v.measure), nil, nil, nil,
		container.NewVScroll(v.chart))
	tabs := container.NewAppTabs(
		container.NewTabItem(lang.L("Per-label chart"), chartBox),
		container.NewTabItem(lang.L("Per-label table"), v.perLabel),
		container.NewTabItem(lang.L("Machine suggestions"), container.NewBorder(
			widget.NewLabel(lang.L("How each annotator used the machine's suggestions on the compared documents.")),
			nil, nil, nil, v.machine)),
	)
	left := container.NewBorder(matrixBox, nil, nil, nil, tabs)
	v.disTitle = boldLabel(lang.L("Disagreements"))
	v.disBox = container.NewStack()
	right := container.NewBorder(container.NewVBox(v.disTitle,
		widget.NewLabel(lang.L("Click one to settle it in adjudication."))), nil, nil, nil, v.disBox)
	split := container.NewHSplit(left, right)
	split.Offset = 0.58
	v.report = container.NewBorder(v.summary, nil, nil, nil, split)
	v.report.Hide()

	controls := container.NewHBox(widget.NewLabel(lang.L("Annotators:")), v.who, widget.NewSeparator(), v.withGold, v.inProgress,
		layout.NewSpacer(), v.refresh, v.adjudicate)
	return container.NewBorder(container.NewVBox(controls, widget.NewSeparator()), nil, nil, nil,
		container.NewStack(v.report, container.NewPadded(container.NewVBox(layout.NewSpacer(), v.message, layout.NewSpacer()))))
}

// boldLabel is a label in bold.
func boldLabel(s string) *widget.Label {
	return &widget.Label{Text: s, TextStyle: fyne.TextStyle{Bold: true}}
}

// goldChanged tells the window that adjudication changed the gold layer:
// Reload then reads it again (reading on every change would be slow on
// large projects).
func (v *agreementView) goldChanged() {
	if v.refresh.Text != lang.L("Reload (gold changed)") {
		v.refresh.Text = lang.L("Reload (gold changed)")
		v.refresh.Importance = widget.WarningImportance
		v.refresh.Refresh()
	}
}

// current reports whether the window still shows the desk's project; if
// not (the desk opened another one) it says so.
func (v *agreementView) current() bool {
	if v.st != v.rw.d.st {
		v.showMessage(lang.L("The project this window showed was closed. Open Review › Agreement between annotators… again."))
		v.refresh.Disable()
		return false
	}
	return true
}

// showMessage shows s in place of the report.
func (v *agreementView) showMessage(s string) {
	v.message.SetText(s)
	v.message.Show()
	v.report.Hide()
	v.adjudicate.Disable()
}

// load reads every annotator's layers from the store off the UI goroutine,
// then computes the report.
func (v *agreementView) load() {
	if !v.current() {
		return
	}
	v.gen++
	gen := v.gen
	v.refresh.Text, v.refresh.Importance = lang.L("Reload"), widget.MediumImportance
	v.refresh.Refresh()
	v.showMessage(lang.L("Reading the project…"))
	st := v.st
	var in agree.Input
	var labels []annotate.Label
	v.rw.d.jobs.start(func(ctx context.Context, _ func(float64, string)) error {
		var err error
		if labels, err = st.Labels(ctx); err != nil {
			return err
		}
		in, err = agree.FromStore(ctx, st)
		return err
	}, nil, func(err error) {
		if gen != v.gen {
			return
		}
		if err != nil {
			v.showMessage(lang.L("The project could not be read."))
			v.rw.d.showError(err)
			return
		}
		v.setInput(in, labels)
		v.compute()
	})
}

// setInput keeps in and offers its annotators.
func (v *agreementView) setInput(in agree.Input, labels []annotate.Label) {
	v.in, v.loaded = in, true
	v.labels = map[string]annotate.Label{}
	for _, l := range labels {
		v.labels[l.Name] = l
	}
	seen := map[string]bool{}
	v.docLen = make(map[string]int, len(in.Docs))
	for _, d := range in.Docs {
		v.docLen[d.ID] = annotate.RuneLen(d.Text)
		for a := range d.Layers {
			seen[a] = true
		}
	}
	v.hasGold = seen[annotate.GoldAnnotator]
	delete(seen, annotate.GoldAnnotator)
	prev := map[string]bool{}
	for _, a := range v.who.Selected {
		prev[a] = true
	}
	first := v.names == nil
	v.names = v.names[:0]
	for a := range seen {
		v.names = append(v.names, a)
	}
	slices.Sort(v.names)
	var sel []string
	for _, a := range v.names {
		if first || prev[a] || !slices.Contains(v.who.Options, a) {
			sel = append(sel, a) // everyone at first, and newcomers
		}
	}
	cb := v.who.OnChanged
	v.who.OnChanged = nil // one computation, after all the changes
	v.who.Options = slices.Clone(v.names)
	v.who.SetSelected(sel)
	v.who.Refresh()
	v.who.OnChanged = cb
	if v.hasGold {
		v.withGold.Enable()
	} else {
		cb := v.withGold.OnChanged
		v.withGold.OnChanged = nil
		v.withGold.SetChecked(false)
		v.withGold.OnChanged = cb
		v.withGold.Disable()
	}
}

// options are the agreement options the controls choose.
func (v *agreementView) options() agree.Options {
	opt := agree.Options{IncludeInProgress: v.inProgress.Checked, Context: agreementContext, Annotators: []string{}}
	if v.withGold.Checked && v.hasGold {
		opt.Annotators = append(opt.Annotators, annotate.GoldAnnotator)
	}
	for _, a := range v.names { // in name order, whatever the order of the ticks
		if slices.Contains(v.who.Selected, a) {
			opt.Annotators = append(opt.Annotators, a)
		}
	}
	return opt
}

// compute measures the agreement the controls ask for off the UI goroutine.
func (v *agreementView) compute() {
	if !v.loaded || !v.current() {
		return
	}
	v.gen++
	gen := v.gen
	switch {
	case len(v.names) == 0 && !v.hasGold:
		v.showMessage(lang.L("Nobody has annotated this project yet. Agreement compares the work of two or more annotators: import each annotator's JSONL (File › Import…) or switch annotator (Review › Switch annotator…)."))
		return
	case len(v.names) == 1 && !v.hasGold:
		v.showMessage(fmt.Sprintf(lang.L("Only %s has annotated this project. Agreement needs at least two annotators."), v.names[0]))
		return
	}
	opt := v.options()
	if len(opt.Annotators) < 2 {
		v.showMessage(lang.L("Tick at least two annotators (or one and “Compare with gold”)."))
		return
	}
	if !v.quiet {
		v.showMessage(fmt.Sprintf(lang.L("Computing the agreement of %s…"), strings.Join(opt.Annotators, lang.L(", "))))
	}
	in := v.in
	var rep *agree.Report
	v.rw.d.jobs.start(func(context.Context, func(float64, string)) error {
		var err error
		rep, err = agree.Compute(in, opt)
		return err
	}, nil, func(err error) {
		if gen != v.gen {
			return
		}
		if err != nil {
			if annotate.ErrorCode(err) == annotate.EINVALID {
				v.showMessage(annotate.ErrorMessage(err))
			} else {
				v.showMessage(lang.L("The agreement could not be computed."))
				v.rw.d.showError(err)
			}
			return
		}
		v.show(rep, opt)
	})
}

// show fills the window with rep.
func (v *agreementView) show(rep *agree.Report, opt agree.Options) {
	v.rep, v.opt = rep, opt
	if rep.Documents == 0 {
		v.showMessage(fmt.Sprintf(lang.L("No document is finished by every one of %s (%s left out). Agreement compares the documents every compared annotator marked done: mark documents done, or tick “Include documents in progress”."),
			strings.Join(rep.Annotators, lang.L(", ")), plural(rep.Skipped, lang.L("%d document"), lang.L("%d documents"))))
		return
	}
	v.message.Hide()
	v.report.Show()
	v.summary.SetText(v.summaryText())
	v.fillMatrix()
	v.fillLabels()
	v.fillMachine()
	v.fillChartChoices()
	v.fillDisagreements()
	if v.adjudicationNames() != nil && len(rep.Disagreements) > 0 {
		v.adjudicate.Enable()
	} else {
		v.adjudicate.Disable()
	}
}

// summaryText is the report's overall line.
func (v *agreementView) summaryText() string {
	r := v.rep
	var b strings.Builder
	fmt.Fprintf(&b, lang.L("%s compared"), plural(r.Documents, lang.L("%d document"), lang.L("%d documents")))
	if r.Skipped > 0 {
		fmt.Fprintf(&b, lang.L(" (%d left out: not finished by everyone)"), r.Skipped)
	}
	fmt.Fprintf(&b, lang.L(", %s.  Fleiss' κ %s  ·  Krippendorff's α %s  ·  observed agreement %s.  "),
		plural(r.Characters, lang.L("%d character"), lang.L("%d characters")), r.FleissKappa, r.Alpha, r.Agreement)
	fmt.Fprintf(&b, lang.L("%s: %d missing, %d label, %d boundary."),
		plural(len(r.Disagreements), lang.L("%d disagreement"), lang.L("%d disagreements")), r.DisagreementKinds[agree.KindMissing], r.DisagreementKinds[agree.KindLabel], r.DisagreementKinds[agree.KindBoundary])
	return b.String()
}

// --- the annotator × annotator matrix ---

// matrixCellTemplate sizes the matrix's cells.
const matrixCellTemplate = "F1 overlap 0.0000 (0000/000/000)\nF1 exact 0.0000 (0000/000/000)\nκ 0.0000"

func (v *agreementView) matrixSize() (int, int) {
	if v.rep == nil {
		return 0, 0
	}
	return len(v.rep.Annotators), len(v.rep.Annotators)
}

func (v *agreementView) newMatrixCell() fyne.CanvasObject {
	return widget.NewLabel(matrixCellTemplate)
}

func (v *agreementView) updateMatrixCell(id widget.TableCellID, o fyne.CanvasObject) {
	o.(*widget.Label).SetText(v.matrixText(id.Row, id.Col))
}

func newHeaderCell() fyne.CanvasObject {
	name := boldLabel(lang.L("annotator"))
	return container.NewVBox(container.NewHBox(swatch(color.Transparent), name))
}

func (v *agreementView) updateMatrixHeader(id widget.TableCellID, o fyne.CanvasObject) {
	i := id.Col
	if id.Col < 0 {
		i = id.Row
	}
	box := o.(*fyne.Container).Objects[0].(*fyne.Container)
	name := box.Objects[1].(*widget.Label)
	sw := box.Objects[0].(*fyne.Container).Objects[0].(*canvas.Rectangle)
	if v.rep == nil || i < 0 || i >= len(v.rep.Annotators) {
		name.SetText("")
		sw.FillColor = color.Transparent
		sw.Refresh()
		return
	}
	a := v.rep.Annotators[i]
	name.SetText(a)
	sw.FillColor = v.colorOf(a)
	sw.Refresh()
}

// colorOf is an annotator's colour: by their place among all annotators,
// so that it does not change with the ticks.
func (v *agreementView) colorOf(a string) color.NRGBA {
	return annotatorColor(a, max(0, slices.Index(v.names, a)))
}

// pair returns the comparison of annotators a and b, with a read as the
// first of the pair (its counts swapped if the report has them the other
// way round).
func (v *agreementView) pair(a, b string) (agree.Pair, bool) {
	for _, p := range v.rep.Pairs {
		if p.A == a && p.B == b {
			return p, true
		}
		if p.A == b && p.B == a {
			p.A, p.B = a, b
			p.Exact.OnlyA, p.Exact.OnlyB = p.Exact.OnlyB, p.Exact.OnlyA
			p.Overlap.OnlyA, p.Overlap.OnlyB = p.Overlap.OnlyB, p.Overlap.OnlyA
			return p, true
		}
	}
	return agree.Pair{}, false
}

// matrixText is the text of matrix cell (row, col).
func (v *agreementView) matrixText(row, col int) string {
	if v.rep == nil || row >= len(v.rep.Annotators) || col >= len(v.rep.Annotators) {
		return ""
	}
	if row == col {
		return "—"
	}
	p, ok := v.pair(v.rep.Annotators[row], v.rep.Annotators[col])
	if !ok {
		return ""
	}
	compact := func(c agree.Counts) string { return fmt.Sprintf("%d/%d/%d", c.Matched, c.OnlyA, c.OnlyB) }
	return fmt.Sprintf(lang.L("F1 exact %s (%s)\nF1 overlap %s (%s)\nκ %s"),
		p.F1Exact, compact(p.Exact), p.F1Overlap, compact(p.Overlap), p.Kappa)
}

// countsText is "matched / only a / only b".
func countsText(c agree.Counts) string {
	return fmt.Sprintf("%d / %d / %d", c.Matched, c.OnlyA, c.OnlyB)
}

func (v *agreementView) fillMatrix() {
	w := float32(0)
	size := theme.TextSize()
	for _, a := range v.rep.Annotators {
		w = max(w, fyne.MeasureText(a, size, fyne.TextStyle{Bold: true}).Width)
	}
	pad := theme.InnerPadding()
	v.matrix.SetColumnWidth(-1, w+2*pad+12+theme.Padding())
	for j, a := range v.rep.Annotators {
		cw := fyne.MeasureText(a, size, fyne.TextStyle{Bold: true}).Width + 12 + theme.Padding()
		for i := range v.rep.Annotators {
			for _, line := range strings.Split(v.matrixText(i, j), "\n") {
				cw = max(cw, fyne.MeasureText(line, size, fyne.TextStyle{}).Width)
			}
		}
		v.matrix.SetColumnWidth(j, cw+2*pad)
	}
	// Tall enough for every row (up to five) without scrolling.
	cell := widget.NewLabel(matrixCellTemplate).MinSize().Height
	head := boldLabel("a").MinSize().Height
	rows := min(len(v.rep.Annotators), 5)
	v.matrixSpace.SetMinSize(fyne.NewSize(0, head+float32(rows)*(cell+theme.Padding())+theme.Padding()))
	v.matrix.Refresh()
}

// --- the per-label table and chart ---

// newTextTable is a table of plain text cells whose first row is a sticky
// header; rows returns the cells.
func newTextTable(rows func() [][]string) *widget.Table {
	t := &widget.Table{
		Length: func() (int, int) {
			r := rows()
			if len(r) < 2 {
				return 0, 0
			}
			return len(r) - 1, len(r[0])
		},
		CreateCell: func() fyne.CanvasObject { return widget.NewLabel("0.0000") },
		UpdateCell: func(id widget.TableCellID, o fyne.CanvasObject) {
			r := rows()
			l := o.(*widget.Label)
			if id.Row+1 < len(r) && id.Col < len(r[id.Row+1]) {
				l.SetText(r[id.Row+1][id.Col])
				l.TextStyle.Bold = id.Col == 0
			} else {
				l.SetText("")
			}
		},
		ShowHeaderRow: true,
		CreateHeader:  func() fyne.CanvasObject { return boldLabel("header") },
		UpdateHeader: func(id widget.TableCellID, o fyne.CanvasObject) {
			r := rows()
			l := o.(*widget.Label)
			if len(r) > 0 && id.Col >= 0 && id.Col < len(r[0]) {
				l.SetText(r[0][id.Col])
			} else {
				l.SetText("")
			}
		},
		StickyColumnCount: 1,
	}
	t.ExtendBaseWidget(t)
	return t
}

// fitColumns sizes t's columns to the texts of rows.
func fitColumns(t *widget.Table, rows [][]string) {
	if len(rows) == 0 {
		return
	}
	size := theme.TextSize()
	pad := theme.InnerPadding()
	for c := range rows[0] {
		w := float32(0)
		for _, r := range rows {
			if c < len(r) {
				w = max(w, fyne.MeasureText(r[c], size, fyne.TextStyle{Bold: true}).Width)
			}
		}
		t.SetColumnWidth(c, w+2*pad)
	}
	t.Refresh()
}

func (v *agreementView) fillLabels() {
	r := v.rep
	head := []string{lang.L("Label"), lang.L("Spans"), "Fleiss' κ", "α"}
	for _, p := range r.Pairs {
		ab := p.A + "–" + p.B
		head = append(head, fmt.Sprintf(lang.L("F1 exact %s"), ab), fmt.Sprintf(lang.L("F1 overlap %s"), ab), "κ "+ab)
	}
	spans := func(counts []int) string {
		parts := make([]string, len(counts))
		for i, n := range counts {
			parts[i] = fmt.Sprintf("%s %d", r.Annotators[i], n)
		}
		return strings.Join(parts, " · ")
	}
	all := []string{lang.L("all labels")}
	counts := make([]int, len(r.Machine))
	for i, m := range r.Machine {
		counts[i] = m.Spans
	}
	all = append(all, spans(counts), r.FleissKappa.String(), r.Alpha.String())
	for _, p := range r.Pairs {
		all = append(all, p.F1Exact.String(), p.F1Overlap.String(), p.Kappa.String())
	}
	v.labelRows = [][]string{head, all}
	for _, l := range r.Labels {
		la := r.PerLabel[l]
		row := []string{l, spans(la.Spans), la.FleissKappa.String(), la.Alpha.String()}
		for _, p := range r.Pairs {
			lp := p.PerLabel[l]
			row = append(row, lp.F1Exact.String()+"  ("+countsText(lp.Exact)+")", lp.F1Overlap.String(), lp.Kappa.String())
		}
		v.labelRows = append(v.labelRows, row)
	}
	fitColumns(v.perLabel, v.labelRows)
}

func (v *agreementView) fillMachine() {
	pct := func(n int, s agree.Score) string {
		if !s.Defined() {
			return fmt.Sprintf("%d", n)
		}
		return fmt.Sprintf("%d  (%.1f%%)", n, 100*float64(s))
	}
	v.machineRows = [][]string{{lang.L("Annotator"), lang.L("Suggestions"), lang.L("Accepted"), lang.L("Edited"), lang.L("Rejected"), lang.L("Ignored"), lang.L("Spans"), lang.L("Added by hand")}}
	for _, m := range v.rep.Machine {
		v.machineRows = append(v.machineRows, []string{m.Annotator, fmt.Sprint(m.Suggestions),
			pct(m.Accepted, m.AcceptedShare), pct(m.Edited, m.EditedShare), pct(m.Rejected, m.RejectedShare),
			pct(m.Ignored, m.IgnoredShare), fmt.Sprint(m.Spans), pct(m.Manual, m.ManualShare)})
	}
	fitColumns(v.machine, v.machineRows)
}

// chartMeasure is one choice of the chart's measure.
type chartMeasure struct {
	name  string
	all   func(r *agree.Report) agree.Score
	label func(r *agree.Report, l string) agree.Score
}

// chartMeasures are the chart's choices for the current report: the
// measures over all annotators, then each pair's.
func (v *agreementView) chartMeasures() []chartMeasure {
	ms := []chartMeasure{
		{lang.L("Fleiss' κ, all annotators"), func(r *agree.Report) agree.Score { return r.FleissKappa },
			func(r *agree.Report, l string) agree.Score { return r.PerLabel[l].FleissKappa }},
		{lang.L("Krippendorff's α, all annotators"), func(r *agree.Report) agree.Score { return r.Alpha },
			func(r *agree.Report, l string) agree.Score { return r.PerLabel[l].Alpha }},
	}
	for i := range v.rep.Pairs {
		p := v.rep.Pairs[i]
		ab := p.A + "–" + p.B
		pair := func(r *agree.Report) agree.Pair {
			if i < len(r.Pairs) {
				return r.Pairs[i]
			}
			return agree.Pair{}
		}
		ms = append(ms,
			chartMeasure{fmt.Sprintf(lang.L("F1 exact, %s"), ab), func(r *agree.Report) agree.Score { return pair(r).F1Exact },
				func(r *agree.Report, l string) agree.Score { return pair(r).PerLabel[l].F1Exact }},
			chartMeasure{fmt.Sprintf(lang.L("F1 overlap, %s"), ab), func(r *agree.Report) agree.Score { return pair(r).F1Overlap },
				func(r *agree.Report, l string) agree.Score { return pair(r).PerLabel[l].F1Overlap }},
			chartMeasure{fmt.Sprintf(lang.L("Cohen's κ, %s"), ab), func(r *agree.Report) agree.Score { return pair(r).Kappa },
				func(r *agree.Report, l string) agree.Score { return pair(r).PerLabel[l].Kappa }})
	}
	return ms
}

func (v *agreementView) fillChartChoices() {
	ms := v.chartMeasures()
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = m.name
	}
	keep := v.measure.Selected
	v.measure.Options = names
	if !slices.Contains(names, keep) {
		keep = names[0]
	}
	cb := v.measure.OnChanged
	v.measure.OnChanged = nil
	v.measure.SetSelected(keep)
	v.measure.OnChanged = cb
	v.fillChart()
}

// fillChart draws the chosen measure for all labels, then per label.
func (v *agreementView) fillChart() {
	if v.rep == nil {
		return
	}
	var m *chartMeasure
	ms := v.chartMeasures()
	for i := range ms {
		if ms[i].name == v.measure.Selected {
			m = &ms[i]
		}
	}
	if m == nil {
		v.chart.SetRows(nil)
		return
	}
	th := fyne.CurrentApp().Settings().Theme()
	primary := th.Color(theme.ColorNamePrimary, fyne.CurrentApp().Settings().ThemeVariant())
	rows := []barRow{{Name: lang.L("all labels"), Color: primary, Value: m.all(v.rep)}}
	for _, l := range v.rep.Labels {
		c := color.Color(color.NRGBA{0x80, 0x80, 0x80, 0xff})
		if lab, ok := v.labels[l]; ok {
			c = parseColor(lab.Color)
		}
		rows = append(rows, barRow{Name: l, Color: c, Value: m.label(v.rep, l)})
	}
	v.chart.SetRows(rows)
}

// --- the disagreement list ---

func (v *agreementView) fillDisagreements() {
	r := v.rep
	v.disTitle.SetText(fmt.Sprintf(lang.L("Disagreements (%d)"), len(r.Disagreements)))
	colors := make([]color.NRGBA, len(r.Annotators))
	for i, a := range r.Annotators {
		colors[i] = v.colorOf(a)
	}
	v.disList = &widget.List{
		Length:     func() int { return len(r.Disagreements) },
		CreateItem: func() fyne.CanvasObject { return newDisagreementRow(r.Annotators, colors) },
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*disagreementRow).set(r.Disagreements[i], v.docLen[r.Disagreements[i].Doc])
		},
		OnSelected: func(i widget.ListItemID) {
			v.disList.UnselectAll()
			v.openAdjudication(i)
		},
	}
	v.disList.ExtendBaseWidget(v.disList)
	v.disBox.Objects = []fyne.CanvasObject{v.disList}
	if len(r.Disagreements) == 0 {
		v.disBox.Objects = []fyne.CanvasObject{container.NewCenter(widget.NewLabel(lang.L("The annotators agree on every span.")))}
	}
	v.disBox.Refresh()
}

// adjudicationNames are the annotators to adjudicate between: the compared
// ones but gold; nil if fewer than two.
func (v *agreementView) adjudicationNames() []string {
	if v.rep == nil {
		return nil
	}
	names := slices.DeleteFunc(slices.Clone(v.rep.Annotators), func(a string) bool { return a == annotate.GoldAnnotator })
	if len(names) < 2 {
		return nil
	}
	return names
}

// openAdjudication opens adjudication between the compared annotators, on
// disagreement i's document with it selected (or on the first document to
// settle for i < 0).
func (v *agreementView) openAdjudication(i int) {
	if !v.current() || v.rep == nil {
		return
	}
	req := adjudicateRequest{Annotators: v.adjudicationNames(), IncludeInProgress: v.opt.IncludeInProgress}
	if req.Annotators == nil {
		v.rw.d.bar.setMessage(lang.L("Adjudication needs two annotators besides gold"))
		return
	}
	if !slices.Contains(v.rep.Annotators, annotate.GoldAnnotator) {
		req.Report = v.rep // else the queue is computed without gold
	}
	if i >= 0 && i < len(v.rep.Disagreements) {
		dg := v.rep.Disagreements[i]
		req.Doc, req.Start, req.End = dg.Doc, dg.Start, dg.End
	}
	v.rw.showAdjudication(req)
}

// disagreementRow is one row of the disagreement list: the document,
// offsets and kinds; the text around it (plain text, the disputed part in
// bold); and each annotator's version beside their colour.
type disagreementRow struct {
	widget.BaseWidget
	head     *widget.Label
	context  *widget.RichText
	versions []*widget.Label
	box      *fyne.Container
}

func newDisagreementRow(names []string, colors []color.NRGBA) *disagreementRow {
	r := &disagreementRow{
		head:    &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis},
		context: &widget.RichText{Truncation: fyne.TextTruncateEllipsis, Scroll: fyne.ScrollNone},
	}
	r.box = container.NewVBox(r.head, r.context)
	for i, a := range names {
		l := &widget.Label{Truncation: fyne.TextTruncateEllipsis}
		r.versions = append(r.versions, l)
		name := widget.NewLabel(a)
		r.box.Add(container.NewBorder(nil, nil, container.NewHBox(swatch(colors[i]), name), nil, l))
	}
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer implements fyne.Widget.
func (r *disagreementRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(r.box)
}

// set shows dg, a disagreement on a document of n code points.
func (r *disagreementRow) set(dg agree.Disagreement, n int) {
	r.head.SetText(fmt.Sprintf("%s  ·  [%d, %d)  ·  %s", dg.Doc, dg.Start, dg.End, kindsText(dg.Kinds)))
	r.context.Segments = contextSegments(dg, n)
	r.context.Refresh()
	for i, l := range r.versions {
		if i < len(dg.Versions) {
			l.SetText(versionText(dg.Versions[i].Spans))
		}
	}
}

// versionText describes an annotator's spans in a disagreement.
func versionText(spans []agree.SpanText) string {
	if len(spans) == 0 {
		return lang.L("— nothing")
	}
	parts := make([]string, len(spans))
	for i, s := range spans {
		parts[i] = fmt.Sprintf("%s “%s” [%d, %d)", s.Label, oneLine(s.Text), s.Start, s.End)
	}
	return strings.Join(parts, ";  ")
}

// oneLine puts s on one line for a label: line breaks and tabs become spaces.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}

// contextSegments are the text around dg as plain text segments, the
// disputed part in bold; n is the document's length, to show where the
// context stops short of its ends.
func contextSegments(dg agree.Disagreement, n int) []widget.RichTextSegment {
	runes := []rune(dg.Context.Text)
	a := min(max(0, dg.Start-dg.Context.Start), len(runes))
	b := min(max(a, dg.End-dg.Context.Start), len(runes))
	before, mid, after := string(runes[:a]), string(runes[a:b]), string(runes[b:])
	if dg.Context.Start > 0 {
		before = "…" + before
	}
	if dg.Context.End < n {
		after += "…"
	}
	inline := widget.RichTextStyleInline
	strong := widget.RichTextStyleStrong
	strong.Inline = true
	return []widget.RichTextSegment{
		&widget.TextSegment{Text: oneLine(before), Style: inline},
		&widget.TextSegment{Text: oneLine(mid), Style: strong},
		&widget.TextSegment{Text: oneLine(after), Style: inline},
	}
}
