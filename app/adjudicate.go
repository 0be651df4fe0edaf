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
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"goldspan/annotate"
	"goldspan/annotate/agree"
	"goldspan/project"
)

// adjudicateRequest says what to adjudicate.
type adjudicateRequest struct {
	// Annotators to settle between; nil means every annotator but gold.
	Annotators []string
	// IncludeInProgress counts documents in progress as finished.
	IncludeInProgress bool
	// Report, when not nil, is the agreement of Annotators (without gold):
	// its disagreements give the documents to settle, so they are not
	// computed again.
	Report *agree.Report
	// Doc is the document to open; "" opens the first one gold has not done.
	Doc string
	// Start and End select a disagreement on Doc when End > Start.
	Start, End int
}

// adjudicationView is the adjudication window. It shows one document with
// the gold layer (annotator "gold") in an editable span editor and every
// annotator's spans in a read-only lane below, and lists the document's
// disagreements with buttons that take one annotator's version into gold or
// reject them all. The first time a document is adjudicated, the spans on
// which every annotator agrees are stored as gold at once. Every change is
// a store call on the gold layer, logged and undoable like a reviewer's:
// the gold editor answers through the same editing controller as the desk.
type adjudicationView struct {
	// editing is the gold editor and the gold layer on show (the open
	// document, gold's status and spans); its onXxx methods answer the
	// editor.
	editing

	rw  *reviewWindows
	win fyne.Window
	st  annotate.Store

	names      []string // the annotators settled between, gold never among them
	everyone   []string // every annotator but gold, sorted: their colours
	inProgress bool
	queue      []string // the documents with disagreements, in document order
	labels     []annotate.Label

	layers map[string][]annotate.Span // the annotators' spans on doc
	dis    []agree.Disagreement

	title    *widget.Label
	info     *widget.Label
	message  *widget.Label
	palette  *palette
	lanes    []*SpanEditor
	laneBox  *fyne.Container
	goldName *fyne.Container // gold's name beside its editor, as wide as the lanes' names
	cards    *fyne.Container
	cardBox  *container.Scroll
	disTitle *widget.Label
	controls []cardControls // the buttons of each disagreement card
	prev     *widget.Button
	next     *widget.Button
	done     *widget.Button
	body     fyne.CanvasObject
	empty    *widget.Label

	// The keyboard way through the disagreements and the bulk decisions
	// (adjudicate_bulk.go).
	nav         *disNavigator
	cur         int                  // the current disagreement of dis, -1 for none
	cardsDoc    string               // the document the cards were built for
	allDis      []agree.Disagreement // every disagreement of the queue: what remains is counted from it
	remaining   remaining
	bulkButton  *widget.Button
	undoBulk    *widget.Button
	bulkAsk     *bulkAsk
	bulkRunning bool          // a bulk pass or its undo runs: edits wait
	lastBulk    *project.Bulk // the last bulk pass, until undone
	bulkLatest  bool          // nothing changed gold since lastBulk: Ctrl+Z undoes it
}

// showAdjudication opens (or raises) the adjudication window and shows
// what req asks for.
func (rw *reviewWindows) showAdjudication(req adjudicateRequest) {
	if !rw.projectOpen() {
		return
	}
	v := rw.adjudication
	if v != nil && v.st != rw.d.st {
		v.win.Close()
		v = nil
	}
	if v == nil {
		v = &adjudicationView{rw: rw, st: rw.d.st}
		v.win = rw.newWindow(lang.L("Adjudication"), func() {
			if rw.adjudication == v {
				rw.adjudication = nil
			}
		})
		v.win.SetContent(v.buildUI())
		rw.adjudication = v
		v.win.Show()
	} else {
		v.win.RequestFocus()
	}
	v.start(req)
}

func (v *adjudicationView) buildUI() fyne.CanvasObject {
	v.title = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
	v.info = &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	v.message = &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	v.palette = newPalette(v.onPaletteLabel)
	v.buildEditor()
	v.buildNavigator()
	v.prev = &widget.Button{Icon: theme.NavigateBackIcon(), Importance: widget.LowImportance, OnTapped: func() { v.step(-1) }}
	v.prev.ExtendBaseWidget(v.prev)
	v.next = &widget.Button{Icon: theme.NavigateNextIcon(), Importance: widget.LowImportance, OnTapped: func() { v.step(1) }}
	v.next.ExtendBaseWidget(v.next)
	v.done = &widget.Button{Text: lang.L("Gold done, next (Ctrl+Enter)"), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance,
		OnTapped: v.onDoneNext}
	v.done.ExtendBaseWidget(v.done)
	v.laneBox = container.NewGridWithRows(1)
	v.cards = container.NewVBox()
	v.cardBox = container.NewVScroll(v.cards)
	v.disTitle = boldLabel(lang.L("Disagreements"))
	v.empty = &widget.Label{Wrapping: fyne.TextWrapWord, Alignment: fyne.TextAlignCenter}

	goldHead := container.NewHBox(widget.NewLabel(lang.L("Gold is editable; the annotators' lanes below are read only.")),
		layout.NewSpacer(), v.palette.box)
	v.goldName = container.NewGridWrap(fyne.NewSize(0, 0), container.NewHBox(swatch(goldColor), boldLabel(annotate.GoldAnnotator)))
	goldBox := container.NewBorder(container.NewVBox(goldHead, v.info), nil, v.goldName, nil, v.editor)
	left := container.NewVSplit(goldBox, v.laneBox)
	left.Offset = 0.42
	right := container.NewBorder(container.NewVBox(v.disTitle,
		widget.NewLabel(lang.L("Take one annotator's version into gold, or reject them all."))),
		nil, nil, nil, v.cardBox)
	split := container.NewHSplit(left, right)
	split.Offset = 0.6
	top := container.NewBorder(nil, nil, nil, container.NewHBox(v.undoBulk, v.bulkButton, v.prev, v.next, v.done), v.title)
	v.body = container.NewBorder(container.NewVBox(top, v.nav, widget.NewSeparator()), v.message, nil, nil, split)
	v.body.Hide()

	c := v.win.Canvas()
	c.SetOnTypedKey(v.onWindowKey)
	c.SetOnTypedRune(v.onWindowRune)
	c.AddShortcut(shortcutDoneNext, func(fyne.Shortcut) { v.onDoneNext() })
	c.AddShortcut(&fyne.ShortcutUndo{}, func(fyne.Shortcut) { v.onUndo(false) })
	c.AddShortcut(shortcutRedo, func(fyne.Shortcut) { v.onUndo(true) })
	c.AddShortcut(shortcutBulk, func(fyne.Shortcut) { v.askBulk() })
	return container.NewStack(v.body, container.NewPadded(container.NewVBox(layout.NewSpacer(), v.empty, layout.NewSpacer())))
}

// onWindowKey passes keys to the gold editor when nothing has the focus.
func (v *adjudicationView) onWindowKey(ev *fyne.KeyEvent) {
	if v.win.Canvas().Overlays().Top() != nil || !v.hasDoc {
		return
	}
	v.focusEditor()
	v.editor.TypedKey(ev)
}

func (v *adjudicationView) onWindowRune(r rune) {
	if v.win.Canvas().Overlays().Top() != nil || !v.hasDoc {
		return
	}
	v.focusEditor()
	v.editor.TypedRune(r)
}

// showEmpty shows s in place of the document.
func (v *adjudicationView) showEmpty(s string) {
	v.empty.SetText(s)
	v.empty.Show()
	v.body.Hide()
}

// current reports whether the window still works on the desk's project.
func (v *adjudicationView) current() bool {
	if v.st != v.rw.d.st {
		v.closeLayer()
		v.showEmpty(lang.L("The project this window worked on was closed. Open Review › Adjudicate disagreements… again."))
		return false
	}
	return true
}

// start finds the documents to settle (off the UI goroutine unless
// req.Report has them) and opens the one req names.
func (v *adjudicationView) start(req adjudicateRequest) {
	if !v.current() {
		return
	}
	labels, err := v.st.Labels(context.Background())
	if err != nil {
		v.rw.d.showError(err)
		return
	}
	v.labels = labels
	v.palette.setLabels(labels)
	v.editor.SetLabels(labels)
	if all, err := v.st.Annotators(context.Background()); err == nil {
		v.everyone = slices.DeleteFunc(all, func(a string) bool { return a == annotate.GoldAnnotator })
	}
	if req.Report != nil {
		v.setQueue(req.Report, req.IncludeInProgress)
		v.openFirst(req)
		return
	}
	v.showEmpty(lang.L("Finding the disagreements…"))
	st := v.st
	var rep *agree.Report
	v.rw.d.jobs.start(func(ctx context.Context, _ func(float64, string)) error {
		in, err := agree.FromStore(ctx, st)
		if err != nil {
			return err
		}
		rep, err = agree.Compute(in, agree.Options{Annotators: req.Annotators, IncludeInProgress: req.IncludeInProgress, Context: -1})
		return err
	}, nil, func(err error) {
		if !v.current() {
			return
		}
		if annotate.ErrorCode(err) == annotate.EINVALID {
			v.showEmpty(fmt.Sprintf(lang.L("Nothing to adjudicate: %s"), annotate.ErrorMessage(err)) +
				"\n" + lang.L("Import each annotator's work (File › Import…) and mark their documents done."))
			return
		} else if err != nil {
			v.showEmpty(lang.L("The disagreements could not be found."))
			v.rw.d.showError(err)
			return
		}
		v.setQueue(rep, req.IncludeInProgress)
		v.openFirst(req)
	})
}

// setQueue takes the annotators and the documents to settle from rep.
func (v *adjudicationView) setQueue(rep *agree.Report, inProgress bool) {
	v.names = slices.DeleteFunc(slices.Clone(rep.Annotators), func(a string) bool { return a == annotate.GoldAnnotator })
	v.inProgress = inProgress
	v.queue = v.queue[:0]
	v.allDis = rep.Disagreements
	for _, d := range rep.Disagreements {
		if len(v.queue) == 0 || v.queue[len(v.queue)-1] != d.Doc {
			v.queue = append(v.queue, d.Doc)
		}
	}
	v.buildLanes()
}

// openFirst opens req.Doc, else the first document of the queue that gold
// has not done.
func (v *adjudicationView) openFirst(req adjudicateRequest) {
	id := req.Doc
	if id == "" {
		var err error
		if id, err = v.pending(-1); err != nil {
			v.rw.d.showError(err)
			return
		}
		if id == "" && len(v.queue) > 0 {
			id = v.queue[0]
		}
	}
	if id == "" {
		v.showEmpty(fmt.Sprintf(lang.L("%s agree on every document they have finished: nothing to adjudicate."), joinNames(v.names)))
		return
	}
	v.openDocument(id)
	if req.End > req.Start {
		if i := slices.IndexFunc(v.dis, func(d agree.Disagreement) bool { return d.Start <= req.Start && req.End <= d.End }); i >= 0 {
			v.cur = i
			v.showDisagreement(false)
		}
		v.selectRegion(req.Start, req.End)
	}
}

// kindsText names the kinds of a disagreement (agree.KindMissing, …).
func kindsText(kinds []string) string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		switch k {
		case agree.KindMissing:
			out[i] = lang.L("missing")
		case agree.KindLabel:
			out[i] = lang.L("label")
		case agree.KindBoundary:
			out[i] = lang.L("boundary")
		default:
			out[i] = k
		}
	}
	return strings.Join(out, lang.L(", "))
}

// joinNames lists names as "a, b and c".
func joinNames(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return fmt.Sprintf(lang.L("%s and %s"), strings.Join(names[:len(names)-1], lang.L(", ")), names[len(names)-1])
}

// buildLanes makes one read-only span editor per annotator.
func (v *adjudicationView) buildLanes() {
	v.lanes = v.lanes[:0]
	v.laneBox.Objects = nil
	v.laneBox.Layout = layout.NewGridLayoutWithRows(max(1, len(v.names)))
	size := container.NewHBox(swatch(goldColor), boldLabel(annotate.GoldAnnotator)).MinSize()
	for _, a := range v.names {
		size = size.Max(container.NewHBox(swatch(goldColor), boldLabel(a)).MinSize())
	}
	for _, a := range v.names {
		e := NewSpanEditor()
		e.ReadOnly = true
		e.Words = v.rw.d.deps.Tokenize
		e.SetLabels(v.labels)
		e.OnCommand = v.onCommand
		v.lanes = append(v.lanes, e)
		head := container.NewGridWrap(size, container.NewHBox(swatch(v.colorOf(a)), boldLabel(a)))
		v.laneBox.Add(container.NewBorder(nil, nil, head, nil, e))
	}
	// The same width for every name, so gold and the lanes wrap alike.
	v.goldName.Layout = layout.NewGridWrapLayout(size)
	v.goldName.Refresh()
	v.laneBox.Refresh()
}

// colorOf is an annotator's colour, as in the agreement window.
func (v *adjudicationView) colorOf(a string) color.NRGBA {
	return annotatorColor(a, max(0, slices.Index(v.everyone, a)))
}

// openDocument shows document id, first storing the spans every annotator
// agrees on as gold if gold has not touched it yet, with its first
// disagreement current and the navigator holding the keyboard.
func (v *adjudicationView) openDocument(id string) {
	v.load(id, true)
	v.cur = min(0, len(v.dis)-1)
	v.countRemaining()
	v.focusNavigator()
}

// load reads and shows document id; preaccept stores the spans every
// annotator agrees on as gold first if gold has not touched it yet.
func (v *adjudicationView) load(id string, preaccept bool) {
	if !v.current() {
		return
	}
	ctx := context.Background()
	doc, err := v.st.Document(ctx, id)
	if err != nil {
		v.rw.d.showError(err)
		return
	}
	all, err := v.st.AllSpans(ctx, id)
	if err != nil {
		v.rw.d.showError(err)
		return
	}
	v.layers = map[string][]annotate.Span{}
	for _, s := range all {
		if slices.Contains(v.names, s.Annotator) {
			v.layers[s.Annotator] = append(v.layers[s.Annotator], s)
		}
	}
	v.dis = agree.Disagreements(doc.ID, doc.Text, v.layers, v.names, agreementContext)
	v.message.SetText("")
	if err := v.setLayer(v.st, doc, annotate.GoldAnnotator); err != nil {
		v.rw.d.showError(err)
		return
	}
	if preaccept && len(v.spans) == 0 && v.status == annotate.StatusTodo {
		n, err := v.preaccept()
		if err != nil {
			v.rw.d.showError(err)
		}
		if n > 0 {
			v.message.SetText(fmt.Sprintf(lang.L("Accepted the %s on which %s agree into gold."), plural(n, lang.L("%d span"), lang.L("%d spans")), joinNames(v.names)))
		}
		v.reloadLayer()
	}
	for i, a := range v.names {
		v.lanes[i].SetDocument(doc.Text, MarksOf(v.layers[a], nil))
	}
	v.empty.Hide()
	v.body.Show()
	v.refreshCards()
	v.refreshTitle()
}

// preaccept stores the spans every annotator has as gold spans, one logged
// action each, and returns how many it stored.
func (v *adjudicationView) preaccept() (int, error) {
	n := 0
	for _, s := range agree.Unanimous(v.layers, v.names) {
		_, err := v.st.AddSpan(context.Background(), annotate.Span{DocID: v.doc.ID, Start: s.Start, End: s.End, Label: s.Label,
			Origin: annotate.OriginManual, Annotator: annotate.GoldAnnotator})
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// refreshTitle shows the document, gold's status on it and its place in the queue.
func (v *adjudicationView) refreshTitle() {
	place := lang.L("not among the documents with disagreements")
	if i := slices.Index(v.queue, v.doc.ID); i >= 0 {
		place = fmt.Sprintf(lang.L("document %d of %d with disagreements"), i+1, len(v.queue))
	}
	v.title.SetText(fmt.Sprintf(lang.L("%s  ·  gold: %s, %s  ·  %s  ·  %s"), v.doc.ID, statusText(v.status), plural(len(v.spans), lang.L("%d span"), lang.L("%d spans")),
		place, joinNames(v.names)))
	v.disTitle.SetText(fmt.Sprintf(lang.L("Disagreements on %s (%d)"), v.doc.ID, len(v.dis)))
}

// --- the disagreement cards ---

// cardControls are the buttons of one disagreement card.
type cardControls struct {
	bg     *canvas.Rectangle         // the card's background, outlined while it is current
	show   *widget.Button            // selects the disagreement in gold and the lanes
	reject *widget.Button            // removes gold's spans there
	take   map[string]*widget.Button // by annotator: takes their version into gold
	gold   *widget.Label             // gold's version there, and whose it is
}

// refreshCards lists the document's disagreements with gold's version of each.
func (v *adjudicationView) refreshCards() {
	v.cards.RemoveAll()
	v.controls = v.controls[:0]
	v.cardsDoc = v.doc.ID
	if len(v.dis) == 0 {
		v.cards.Add(widget.NewLabel(fmt.Sprintf(lang.L("%s agree on this document."), joinNames(v.names))))
	}
	for i := range v.dis {
		v.cards.Add(v.card(i))
	}
	v.cards.Refresh()
}

// updateCards shows gold's version on each card again (after a gold
// edit), rebuilding the cards only when they belong to another document:
// a take on a document with 150 disagreements changes labels, not cards.
func (v *adjudicationView) updateCards() {
	if v.cardsDoc != v.doc.ID || len(v.controls) != len(v.dis) || len(v.dis) == 0 {
		v.refreshCards()
		return
	}
	for i, dg := range v.dis {
		cc := v.controls[i]
		goldNow := v.goldIn(dg.Start, dg.End)
		var same []string
		for _, ver := range dg.Versions {
			imp := widget.MediumImportance
			if sameVersion(goldNow, ver.Spans) {
				same = append(same, ver.Annotator)
				imp = widget.LowImportance
			}
			if b := cc.take[ver.Annotator]; b != nil && b.Importance != imp {
				b.Importance = imp
				b.Refresh()
			}
		}
		if now := goldText(goldNow, same); cc.gold.Text != now {
			cc.gold.SetText(now)
		}
	}
}

// goldText is gold's version on a card, and whose it is.
func goldText(goldNow []agree.SpanText, same []string) string {
	now := versionText(goldNow)
	if len(same) > 0 {
		now += "   = " + joinNames(same)
	}
	return now
}

// card is disagreement i: where and what kind, the text around it, each
// annotator's version with a button taking it into gold, and gold's.
func (v *adjudicationView) card(i int) fyne.CanvasObject {
	dg := v.dis[i]
	show := &widget.Button{Text: fmt.Sprintf("[%d, %d)  %s", dg.Start, dg.End, kindsText(dg.Kinds)),
		Icon: theme.SearchIcon(), Importance: widget.LowImportance, Alignment: widget.ButtonAlignLeading,
		OnTapped: func() { v.cur = i; v.markCards(); v.refreshNav(); v.selectRegion(dg.Start, dg.End) }}
	show.ExtendBaseWidget(show)
	reject := &widget.Button{Text: lang.L("Reject all"), Icon: theme.DeleteIcon(), Importance: widget.LowImportance,
		OnTapped: func() { v.takeVersion(dg.Start, dg.End, nil, lang.L("Rejected every version")) }}
	reject.ExtendBaseWidget(reject)
	ctx := &widget.RichText{Segments: contextSegments(dg, annotate.RuneLen(v.doc.Text)), Wrapping: fyne.TextWrapBreak, Scroll: fyne.ScrollNone}
	box := container.NewVBox(container.NewBorder(nil, nil, nil, reject, show), ctx)
	cc := cardControls{show: show, reject: reject, take: map[string]*widget.Button{}}
	goldNow := v.goldIn(dg.Start, dg.End)
	var same []string
	for _, ver := range dg.Versions {
		a := ver.Annotator
		take := &widget.Button{Text: lang.L("Take"), Icon: theme.ContentPasteIcon(), OnTapped: func() {
			v.takeVersion(dg.Start, dg.End, ver.Spans, fmt.Sprintf(lang.L("Took %s's version"), a))
		}}
		take.ExtendBaseWidget(take)
		cc.take[a] = take
		if sameVersion(goldNow, ver.Spans) {
			same = append(same, a)
			take.Importance = widget.LowImportance
		}
		text := &widget.Label{Text: versionText(ver.Spans), Wrapping: fyne.TextWrapWord}
		box.Add(container.NewBorder(nil, nil, container.NewHBox(swatch(v.colorOf(a)), boldLabel(a)), take, text))
	}
	cc.gold = &widget.Label{Text: goldText(goldNow, same), Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Italic: true}}
	box.Add(container.NewBorder(nil, nil, container.NewHBox(swatch(goldColor), boldLabel(lang.L("gold"))), nil, cc.gold))
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.InputRadiusSize()
	if i == v.cur {
		bg.StrokeColor = theme.Color(theme.ColorNamePrimary)
		bg.StrokeWidth = 2
	}
	cc.bg = bg
	v.controls = append(v.controls, cc)
	return container.NewPadded(container.NewStack(bg, container.NewPadded(box)))
}

// goldIn is gold's spans that overlap [start, end), as a version.
func (v *adjudicationView) goldIn(start, end int) []agree.SpanText {
	runes := []rune(v.doc.Text)
	var out []agree.SpanText
	for _, s := range v.spans {
		if s.Start < end && s.End > start && s.End <= len(runes) {
			out = append(out, agree.SpanText{Start: s.Start, End: s.End, Label: s.Label, Text: string(runes[s.Start:s.End])})
		}
	}
	return out
}

// sameVersion reports whether two versions hold the same spans.
func sameVersion(a, b []agree.SpanText) bool {
	if len(a) != len(b) {
		return false
	}
	key := func(s agree.SpanText) string { return fmt.Sprintf("%d %d %s", s.Start, s.End, s.Label) }
	set := map[string]int{}
	for _, s := range a {
		set[key(s)]++
	}
	for _, s := range b {
		set[key(s)]--
	}
	for _, n := range set {
		if n != 0 {
			return false
		}
	}
	return true
}

// selectRegion selects [start, end) in gold and in every lane, scrolled into view.
func (v *adjudicationView) selectRegion(start, end int) {
	for _, e := range v.lanes {
		e.Select(start, end)
	}
	v.editor.Select(start, end)
	v.focusEditor()
}

// takeVersion makes gold's spans overlapping [start, end) exactly want:
// what names the version in the message.
func (v *adjudicationView) takeVersion(start, end int, want []agree.SpanText, what string) {
	spans := make([]annotate.Span, len(want))
	for i, s := range want {
		spans[i] = annotate.Span{Start: s.Start, End: s.End, Label: s.Label}
	}
	v.replace(start, end, spans, what)
}

// --- editing gold ---

// buildEditor creates the gold editor and wires it to the controller. It
// answers the desk's span keys except those of suggestions (gold has
// none) and of labelling every occurrence.
func (v *adjudicationView) buildEditor() {
	d := v.rw.d
	v.editing = editing{
		editor: NewSpanEditor(),
		canvas: v.win.Canvas(),
		hooks: editHooks{
			usable: func() bool { return v.current() && !v.offline() },
			busy: func() string {
				if v.bulkRunning {
					return lang.L("Settling in bulk")
				}
				return d.busy
			},
			say:       func(msg string) { v.message.SetText(msg) },
			report:    d.showError,
			reloaded:  v.goldReloaded,
			changed:   v.goldEdited,
			suggester: v.suggester,
		},
	}
	e := v.editor
	e.Placeholder = lang.L("No document open.")
	e.Words = d.deps.Tokenize
	e.OnAddSpan = v.onAddSpan
	e.OnRelabel = v.onRelabel
	e.OnRemove = v.onRemove
	e.OnResize = v.onResize
	e.OnCommand = v.onCommand
	e.OnSelectionChanged = v.onSelectionChanged
}

// suggester is the desk's suggester while the desk has gold's project
// open (its learner hears of gold's changes), else nil.
func (v *adjudicationView) suggester() annotate.Suggester {
	if d := v.rw.d; d.st == v.st {
		return d.suggester()
	}
	return nil
}

// goldReloaded shows gold, read again, in the cards and the title.
func (v *adjudicationView) goldReloaded() {
	v.updateCards()
	v.refreshTitle()
}

// goldEdited says what a change to gold did (the learner has heard of it
// through the Reviewer), and tells the backups, the desk (if it shows gold's layer on the same document) and
// the agreement window.
func (v *adjudicationView) goldEdited(c change) {
	d := v.rw.d
	if c.stored {
		v.bulkLatest = false // Ctrl+Z now undoes this change, not the bulk pass
		d.noteEdit()
		if d.st == v.st && d.hasDoc && d.doc.ID == v.doc.ID && d.annotator == v.author {
			d.reloadLayer()
		}
		if a := v.rw.agreement; a != nil && a.st == v.st {
			a.goldChanged()
		}
	}
	if c.err != nil {
		return
	}
	switch c.kind {
	case changeAdd:
		v.message.SetText(fmt.Sprintf(lang.L("Added %s [%d, %d) to gold."), c.label, c.start, c.end))
	case changeRelabel:
		v.message.SetText(fmt.Sprintf(lang.L("Relabelled [%d, %d) as %s in gold."), c.mark.Start, c.mark.End, c.label))
	case changeRemove:
		v.message.SetText(fmt.Sprintf(lang.L("Removed %s [%d, %d) from gold."), c.mark.Label, c.mark.Start, c.mark.End))
	case changeResize:
		v.message.SetText(fmt.Sprintf(lang.L("Resized the span to [%d, %d) in gold."), c.start, c.end))
	case changeUndo, changeRedo:
		v.message.SetText(fmt.Sprintf(lang.L("%s in gold."), c.undoText()))
	case changeReplace:
		v.message.SetText(fmt.Sprintf(lang.L("%s of [%d, %d) into gold: %s removed, %d added."), c.note, c.start, c.end, plural(c.removed, lang.L("%d span"), lang.L("%d spans")), c.n))
	}
}

// onCommand answers the window keys of the gold editor and the lanes.
func (v *adjudicationView) onCommand(c Command) {
	switch c {
	case CommandUndo:
		v.onUndo(false)
	case CommandRedo:
		v.onUndo(true)
	case CommandDoneNext:
		v.onDoneNext()
	case CommandNextDocument:
		v.step(1)
	case CommandPreviousDocument:
		v.step(-1)
	case CommandShortcuts:
		dialog.ShowInformation(lang.L("Adjudication keys"), strings.Join([]string{
			lang.L("Select text in gold, then 1-9: add a gold span with that label"),
			lang.L("Tab: the next gold span;  1-9 on a span: relabel;  Delete: remove"),
			lang.L("Alt+←/→ and Alt+Shift+←/→: move the span's end and start"),
			lang.L("Ctrl+Z / Ctrl+Shift+Z: undo / redo a gold change (right after a bulk pass: the whole pass)"),
			lang.L("F6: the disagreement strip takes the keyboard: ↓/↑ next / previous disagreement,"),
			"    " + lang.L("← / → take the first / second annotator's version, 1-9 any annotator's, 0 rejects all"),
			"    " + lang.L("(each take moves on to the next), Enter edits it in gold, B or Ctrl+B settles in bulk"),
			lang.L("Ctrl+Enter: gold done, open the next document with disagreements"),
			lang.L("PageDown / PageUp: the next / previous document with disagreements"),
		}, "\n"), v.win)
	case CommandPanel:
		v.focusNavigator()
	case CommandZoomIn, CommandZoomOut:
		v.rw.d.onCommand(c)
	}
}

// onDoneNext marks gold done on the document and opens the next document
// with disagreements that gold has not done.
func (v *adjudicationView) onDoneNext() {
	if !v.setStatus(annotate.StatusDone) {
		return
	}
	v.countRemaining()
	next, err := v.pending(slices.Index(v.queue, v.doc.ID))
	if err != nil {
		v.rw.d.showError(err)
		return
	}
	if next == "" {
		v.message.SetText(fmt.Sprintf(lang.L("Gold is done on every document with disagreements (%d). File › Export… exports the adjudicated (gold) layer."), len(v.queue)))
		return
	}
	v.openDocument(next)
	v.message.SetText(lang.L("Gold done on the previous document."))
}

// pending returns the first document of the queue after index i (wrapping
// around) that gold has not marked done, or "".
func (v *adjudicationView) pending(i int) (string, error) {
	for k := 1; k <= len(v.queue); k++ {
		id := v.queue[(i+k+len(v.queue))%len(v.queue)]
		st, err := v.st.Status(context.Background(), id, annotate.GoldAnnotator)
		if err != nil {
			return "", err
		}
		if st != annotate.StatusDone {
			return id, nil
		}
	}
	return "", nil
}

// step opens the next (delta 1) or previous document of the queue.
func (v *adjudicationView) step(delta int) {
	if !v.current() || len(v.queue) == 0 {
		return
	}
	i := slices.Index(v.queue, v.doc.ID)
	switch {
	case i < 0:
		i = 0
	case i+delta < 0 || i+delta >= len(v.queue):
		v.message.SetText(lang.L("No more documents with disagreements that way."))
		return
	default:
		i += delta
	}
	v.openDocument(v.queue[i])
}

// onSelectionChanged describes the gold selection.
func (v *adjudicationView) onSelectionChanged() {
	if v.info == nil {
		return
	}
	runes := []rune(v.editor.Text())
	if m, ok := v.editor.SelectedMark(); ok {
		v.info.SetText(fmt.Sprintf(lang.L("gold %s “%s”  [%d, %d): 1-9 relabels, Delete removes, Alt+arrows resize"),
			m.Label, clip(string(runes[m.Start:m.End]), 30), m.Start, m.End))
		return
	}
	if s, e := v.editor.Selection(); s < e {
		v.info.SetText(fmt.Sprintf(lang.L("Selected “%s”  [%d, %d): press 1-9 to add it to gold"), clip(string(runes[s:e]), 30), s, e))
		return
	}
	v.info.SetText(lang.L("Select text and press 1-9 to add a gold span; Tab moves through gold's spans; F1 lists every key."))
}
