package app

import (
	"fmt"
	"image/color"
	"slices"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"goldspan/annotate"
)

// The annotation panel beside the span editor, as INCEpTION's and Label
// Studio's region lists: every span and open suggestion of the document
// grouped by label with counts, filters, and a search inside the text.
// Clicking a row or pressing Enter on it selects that span in the editor
// and gives the editor the keyboard; the arrow keys walk the rows, showing
// each in the editor. The panel reads the layer the editing controller
// holds and is rebuilt whenever the controller shows it again, so it
// follows every edit, undo and document change.

// The choices of the panel's filters that are not a source or a label,
// in the language on show.
func panelEverySource() string { return lang.L("Every source") }
func panelReviewer() string    { return lang.L("Reviewer's spans") }
func panelEveryLabel() string  { return lang.L("Every label") }

// panelFilter is what the panel lists.
type panelFilter struct {
	undecided bool   // open suggestions only
	source    string // "" for every source, panelReviewerSource, or a suggestion source
	label     string // "" for every label
}

// panelReviewerSource is panelFilter.source for the reviewer's own spans.
const panelReviewerSource = "\x00reviewer"

// panelEntry is one span or open suggestion in the panel.
type panelEntry struct {
	mark   Mark
	text   string          // its text, clipped to one short line
	source string          // the suggestion's source; "" for a reviewer's span
	score  float64         // the suggestion's score
	origin annotate.Origin // the span's origin
}

// decided reports whether the reviewer has settled the entry: a span of
// theirs is decided, an open suggestion is not.
func (e panelEntry) decided() bool { return e.mark.Kind == MarkSpan }

// panelRow is one row of the panel's list: a label's header or an entry.
type panelRow struct {
	header    bool
	label     string
	count     int // the header's entries shown
	undecided int // of which open suggestions
	entry     int // index in panelModel.entries
}

// panelModel is what the panel lists, rebuilt from the layer on every
// change: pure data, so that building it is measured apart from Fyne.
type panelModel struct {
	entries   []panelEntry
	rows      []panelRow
	sources   []string     // the suggestion sources present, sorted
	labels    []string     // the labels present, in the project's order
	spans     int          // the reviewer's spans (unfiltered)
	undecided int          // open suggestions (unfiltered)
	shown     int          // entries that pass the filter
	rowOf     map[Mark]int // the row of each entry shown (by kind and id)
}

// markKey is the key of a mark in panelModel.rowOf: its kind and id.
func markKey(m Mark) Mark { return Mark{Kind: m.Kind, ID: m.ID} }

// buildPanelModel groups spans and open suggestions on text by label, the
// project's labels (order) first in their order, then the others by
// name; within a label in text order. Entries the filter leaves out are
// not listed, labels in collapsed show their header only.
func buildPanelModel(text []rune, spans []annotate.Span, sugs []annotate.Suggestion, order []string, f panelFilter, collapsed map[string]bool) panelModel {
	m := panelModel{entries: make([]panelEntry, 0, len(spans)+len(sugs)), spans: len(spans), undecided: len(sugs)}
	snippet := func(s, e int) string {
		if s < 0 || e > len(text) || s >= e {
			return ""
		}
		return clip(string(text[s:e]), 24)
	}
	for _, s := range spans {
		m.entries = append(m.entries, panelEntry{
			mark: Mark{Kind: MarkSpan, ID: s.ID, Start: s.Start, End: s.End, Label: s.Label},
			text: snippet(s.Start, s.End), origin: s.Origin})
	}
	sources := map[string]bool{}
	for _, s := range sugs {
		m.entries = append(m.entries, panelEntry{
			mark: Mark{Kind: MarkSuggestion, ID: s.ID, Start: s.Start, End: s.End, Label: s.Label},
			text: snippet(s.Start, s.End), source: s.Source, score: s.Score})
		sources[s.Source] = true
	}
	for s := range sources {
		m.sources = append(m.sources, s)
	}
	sort.Strings(m.sources)

	rank := make(map[string]int, len(order))
	for i, l := range order {
		rank[l] = i
	}
	slices.SortFunc(m.entries, func(a, b panelEntry) int {
		ra, oka := rank[a.mark.Label]
		rb, okb := rank[b.mark.Label]
		switch {
		case oka && okb && ra != rb:
			return ra - rb
		case oka != okb:
			if oka {
				return -1
			}
			return 1
		case a.mark.Label != b.mark.Label:
			return strings.Compare(a.mark.Label, b.mark.Label)
		}
		return compareMarks(a.mark, b.mark)
	})

	m.rowOf = make(map[Mark]int, len(m.entries))
	m.rows = make([]panelRow, 0, len(m.entries)+len(order))
	head := -1
	for i, e := range m.entries {
		if head < 0 || m.rows[head].label != e.mark.Label {
			if len(m.labels) == 0 || m.labels[len(m.labels)-1] != e.mark.Label {
				m.labels = append(m.labels, e.mark.Label)
			}
		}
		if !f.pass(e) {
			continue
		}
		if head < 0 || m.rows[head].label != e.mark.Label {
			head = len(m.rows)
			m.rows = append(m.rows, panelRow{header: true, label: e.mark.Label})
		}
		h := &m.rows[head]
		h.count++
		if !e.decided() {
			h.undecided++
		}
		m.shown++
		if collapsed[e.mark.Label] {
			continue
		}
		m.rowOf[markKey(e.mark)] = len(m.rows)
		m.rows = append(m.rows, panelRow{label: e.mark.Label, entry: i})
	}
	return m
}

// pass reports whether the filter lists e.
func (f panelFilter) pass(e panelEntry) bool {
	if f.undecided && e.decided() {
		return false
	}
	if f.label != "" && e.mark.Label != f.label {
		return false
	}
	switch f.source {
	case "":
	case panelReviewerSource:
		return e.mark.Kind == MarkSpan
	default:
		return e.mark.Kind == MarkSuggestion && e.source == f.source
	}
	return true
}

// summary says what the panel holds: "12 spans, 3 undecided suggestions".
func (m panelModel) summary(f panelFilter) string {
	s := fmt.Sprintf(lang.L("%s, %s"), plural(m.spans, lang.L("%d span"), lang.L("%d spans")),
		plural(m.undecided, lang.L("%d undecided suggestion"), lang.L("%d undecided suggestions")))
	if f != (panelFilter{}) {
		s += fmt.Sprintf(lang.L("; %d shown"), m.shown)
	}
	return s
}

// sourceText names a suggestion source in the language on show: the
// desk's own (the model, and annotate/suggest's dictionary, rule and
// gazetteer, which this package does not import) translated, any other
// (an import's) as it is.
func sourceText(s string) string {
	switch s {
	case annotate.SourceRules:
		return lang.L("rules")
	case annotate.SourceModel:
		return lang.L("model")
	case "dictionary":
		return lang.L("dictionary")
	case "rule":
		return lang.L("rule")
	case "gazetteer":
		return lang.L("gazetteer")
	}
	return s
}

// describe is the row text of an entry: its text, range and state.
func (e panelEntry) describe() string {
	state := ""
	switch {
	case e.mark.Kind == MarkSuggestion:
		state = fmt.Sprintf("%s %.2f", sourceText(e.source), e.score)
	case e.origin == annotate.OriginSuggestion:
		state = lang.L("accepted")
	case e.origin == annotate.OriginSuggestionEdited:
		state = lang.L("accepted, changed")
	default:
		state = lang.L("by hand")
	}
	return fmt.Sprintf("%s  [%d, %d)  %s", e.text, e.mark.Start, e.mark.End, state)
}

// annotationPanel is the panel's widgets and state.
type annotationPanel struct {
	d *desk

	box       *fyne.Container
	search    *searchEntry
	found     *widget.Label // "2 of 7"
	labelAll  *widget.Button
	undecided *widget.Check
	source    *widget.Select
	label     *widget.Select
	summary   *widget.Label
	list      *panelList

	model     panelModel
	filter    panelFilter
	collapsed map[string]bool
	syncing   bool // the list follows the editor's selection: no jump back

	matches []int // starts of the search's matches in the document
	match   int   // the current match, -1 before the first step
	needle  []rune
}

// newAnnotationPanel builds the panel of d.
func newAnnotationPanel(d *desk) *annotationPanel {
	p := &annotationPanel{d: d, collapsed: map[string]bool{}, match: -1}
	p.search = newSearchEntry(p)
	p.search.OnChanged = func(string) { p.find() }
	p.found = &widget.Label{}
	prev := &widget.Button{Icon: theme.MoveUpIcon(), Importance: widget.LowImportance, OnTapped: func() { p.step(-1) }}
	next := &widget.Button{Icon: theme.MoveDownIcon(), Importance: widget.LowImportance, OnTapped: func() { p.step(1) }}
	p.labelAll = &widget.Button{OnTapped: p.onLabelAll}
	p.undecided = &widget.Check{OnChanged: func(on bool) { p.filter.undecided = on; p.rebuild() }}
	p.source = &widget.Select{OnChanged: p.onSource}
	p.label = &widget.Select{OnChanged: p.onLabel}
	p.summary = &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	p.list = newPanelList(p)

	searchRow := container.NewBorder(nil, nil, nil, container.NewHBox(prev, next), p.search)
	foundRow := container.NewBorder(nil, nil, nil, p.labelAll, p.found)
	filters := container.NewGridWithColumns(2, p.source, p.label)
	top := container.NewVBox(searchRow, foundRow, widget.NewSeparator(), p.undecided, filters, p.summary)
	p.box = container.NewBorder(top, nil, nil, nil, p.list)
	p.retranslate()
	return p
}

// retranslate sets the panel's own words in the language on show.
func (p *annotationPanel) retranslate() {
	p.search.SetPlaceHolder(lang.L("Find in the text (Ctrl+F)"))
	p.labelAll.SetText(lang.L("Label all…"))
	p.undecided.Text = lang.L("Undecided only")
	p.undecided.Refresh()
	p.refresh()
}

// refresh rebuilds the panel from the layer on show: after a document
// opened, after every edit, when the labels changed.
func (p *annotationPanel) refresh() {
	if p.d.hasDoc && p.needle != nil {
		p.matches = occurrences([]rune(p.d.doc.Text), p.needle)
		if p.match >= len(p.matches) {
			p.match = -1
		}
	} else {
		p.matches, p.match = nil, -1
	}
	p.showFound()
	p.rebuild()
}

// rebuild makes the model again with the filter and shows it.
func (p *annotationPanel) rebuild() {
	var text []rune
	var spans []annotate.Span
	var sugs []annotate.Suggestion
	if p.d.hasDoc {
		text, spans, sugs = []rune(p.d.doc.Text), p.d.spans, p.d.sugs
	}
	order := make([]string, len(p.d.labels))
	for i, l := range p.d.labels {
		order[i] = l.Name
	}
	p.model = buildPanelModel(text, spans, sugs, order, p.filter, p.collapsed)
	src := sourceText(p.filter.source)
	if p.filter.source == panelReviewerSource {
		src = panelReviewer()
	}
	sources := []string{panelEverySource(), panelReviewer()}
	for _, s := range p.model.sources {
		sources = append(sources, sourceText(s))
	}
	p.setOptions(p.source, sources, &src, panelEverySource())
	if src == "" {
		p.filter.source = ""
	}
	p.setOptions(p.label, append([]string{panelEveryLabel()}, unionLabels(order, p.model.labels)...), &p.filter.label, panelEveryLabel())
	if p.d.hasDoc {
		p.summary.SetText(p.model.summary(p.filter))
	} else {
		p.summary.SetText(lang.L("No document open"))
	}
	p.list.UnselectAll()
	p.list.Refresh()
	p.follow()
}

// unionLabels is order followed by the labels of more not in it.
func unionLabels(order, more []string) []string {
	out := append([]string(nil), order...)
	for _, l := range more {
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

// setOptions gives a filter's select its options, keeping the choice
// (*cur, "" for all) when it is still there.
func (p *annotationPanel) setOptions(s *widget.Select, opts []string, cur *string, all string) {
	s.Options = opts
	if *cur != "" && !slices.Contains(opts, *cur) {
		*cur = ""
	}
	want := *cur
	if want == "" {
		want = all
	}
	if s.Selected != want {
		on := s.OnChanged
		s.OnChanged = nil
		s.SetSelected(want)
		s.OnChanged = on
	}
	s.Refresh()
}

func (p *annotationPanel) onSource(v string) {
	switch v {
	case panelEverySource():
		v = ""
	case panelReviewer():
		v = panelReviewerSource
	default:
		for _, s := range p.model.sources {
			if sourceText(s) == v {
				v = s
			}
		}
	}
	p.filter.source = v
	p.rebuild()
}

func (p *annotationPanel) onLabel(v string) {
	if v == panelEveryLabel() {
		v = ""
	}
	p.filter.label = v
	p.rebuild()
}

// follow selects the row of the editor's selected mark, if it is listed.
func (p *annotationPanel) follow() {
	m, ok := p.d.editor.SelectedMark()
	if !ok {
		return
	}
	if r, ok := p.model.rowOf[markKey(m)]; ok {
		p.syncing = true
		p.list.Select(r)
		p.syncing = false
	}
}

// rowChosen answers a row chosen with a click or Enter (jump: the editor
// takes the keyboard) or with the arrow keys (show it, keep the keyboard).
func (p *annotationPanel) rowChosen(id int, jump bool) {
	if p.syncing || id < 0 || id >= len(p.model.rows) {
		return
	}
	r := p.model.rows[id]
	if r.header {
		if jump {
			p.collapsed[r.label] = !p.collapsed[r.label]
			p.rebuild()
			if i := slices.IndexFunc(p.model.rows, func(o panelRow) bool { return o.header && o.label == r.label }); i >= 0 {
				p.list.cursor = i
				p.list.ScrollTo(i)
			}
		}
		return
	}
	e := p.model.entries[r.entry]
	p.d.editor.SelectMark(e.mark)
	if jump {
		p.d.focusEditor()
	}
}

// focusSearch gives the search box the keyboard (Ctrl+F), its text selected.
func (p *annotationPanel) focusSearch() {
	p.d.win.Canvas().Focus(p.search)
	p.search.TypedShortcut(&fyne.ShortcutSelectAll{})
}

// focusList gives the list the keyboard.
func (p *annotationPanel) focusList() { p.d.win.Canvas().Focus(p.list) }

// find looks for the search text in the document and shows the first
// match after the caret.
func (p *annotationPanel) find() {
	q := []rune(p.search.Text)
	if len(q) == 0 {
		p.needle, p.matches, p.match = nil, nil, -1
		p.showFound()
		return
	}
	p.needle = q
	p.match = -1
	if p.d.hasDoc {
		p.matches = occurrences([]rune(p.d.doc.Text), q)
	}
	caret, _ := p.d.editor.Selection()
	for i, s := range p.matches {
		if s >= caret {
			p.match = i - 1
			break
		}
	}
	p.step(1)
}

// step shows the next (dir 1) or previous (-1) match, wrapping around.
func (p *annotationPanel) step(dir int) {
	if len(p.matches) == 0 {
		p.showFound()
		return
	}
	n := len(p.matches)
	p.match = ((p.match+dir)%n + n) % n
	if p.match < 0 {
		p.match = 0
	}
	s := p.matches[p.match]
	p.d.editor.Select(s, s+len(p.needle))
	p.showFound()
}

// showFound says where the search stands.
func (p *annotationPanel) showFound() {
	switch {
	case p.needle == nil:
		p.found.SetText("")
	case len(p.matches) == 0:
		p.found.SetText(lang.L("Not found"))
	case p.match < 0:
		p.found.SetText(plural(len(p.matches), lang.L("%d match"), lang.L("%d matches")))
	default:
		p.found.SetText(fmt.Sprintf(lang.L("%d of %d"), p.match+1, len(p.matches)))
	}
	if len(p.matches) == 0 {
		p.labelAll.Disable()
	} else {
		p.labelAll.Enable()
	}
}

// onLabelAll labels every match of the search with a label the reviewer
// picks, through the editing controller's "label every occurrence".
func (p *annotationPanel) onLabelAll() {
	if len(p.matches) == 0 || !p.d.hasDoc {
		return
	}
	s, n := p.matches[0], len(p.needle)
	title := fmt.Sprintf(lang.L("Label %s of “%s” as"), plural(len(p.matches), lang.L("%d match"), lang.L("%d matches")), clip(string(p.needle), 20))
	p.d.chooseLabel(title, func(label string) { p.labelMatches(s, s+n, label) })
}

// labelMatches labels the text [start, end) of the first match, and every
// other occurrence of it, as label.
func (p *annotationPanel) labelMatches(start, end int, label string) {
	p.d.onLabelAll(start, end, label)
}

// searchEntry is the panel's search box: Enter and ↓ go to the next
// match, ↑ to the previous, Esc back to the editor.
type searchEntry struct {
	widget.Entry
	p *annotationPanel
}

func newSearchEntry(p *annotationPanel) *searchEntry {
	e := &searchEntry{p: p}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey implements fyne.Focusable.
func (e *searchEntry) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeyDown:
		e.p.step(1)
	case fyne.KeyUp:
		e.p.step(-1)
	case fyne.KeyEscape:
		e.p.d.focusEditor()
	default:
		e.Entry.TypedKey(ev)
	}
}

// panelList is the panel's virtualised list; ↑ and ↓ walk the rows and
// show each entry in the editor, Enter or Space jumps to it (on a label's
// header: folds or unfolds it), Esc goes back to the editor.
type panelList struct {
	widget.List
	p      *annotationPanel
	cursor int
	keyed  bool // the selection comes from a key, not a click
}

func newPanelList(p *annotationPanel) *panelList {
	l := &panelList{p: p}
	l.Length = func() int { return len(p.model.rows) }
	l.CreateItem = newPanelRowView
	l.UpdateItem = func(id widget.ListItemID, o fyne.CanvasObject) { p.showRow(id, o.(*panelRowView)) }
	l.OnSelected = func(id widget.ListItemID) {
		l.cursor = id
		jump := !l.keyed
		p.rowChosen(id, jump)
		if jump && id < len(p.model.rows) && p.model.rows[id].header {
			l.UnselectAll() // a header folds; clicking it again folds it back
		}
	}
	l.ExtendBaseWidget(l)
	return l
}

// TypedKey implements fyne.Focusable.
func (l *panelList) TypedKey(ev *fyne.KeyEvent) {
	n := len(l.p.model.rows)
	switch ev.Name {
	case fyne.KeyDown, fyne.KeyUp:
		if n == 0 {
			return
		}
		c := l.cursor
		if ev.Name == fyne.KeyDown {
			c++
		} else {
			c--
		}
		l.cursor = max(0, min(n-1, c))
		l.keyed = true
		l.UnselectAll()
		l.Select(l.cursor)
		l.keyed = false
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace:
		if l.cursor >= 0 && l.cursor < n {
			l.p.rowChosen(l.cursor, true)
		}
	case fyne.KeyEscape:
		l.p.d.focusEditor()
	case fyne.KeyPageDown:
		l.p.d.onCommand(CommandNextDocument)
	case fyne.KeyPageUp:
		l.p.d.onCommand(CommandPreviousDocument)
	case fyne.KeyF1:
		l.p.d.onCommand(CommandShortcuts)
	}
}

// panelRowView is one row of the panel's list: the label's colour, the
// state icon (a tick for a decided span, an empty circle for an open
// suggestion, an arrow for a label's header) and the text.
type panelRowView struct {
	widget.BaseWidget
	swatch *canvas.Rectangle
	icon   *widget.Icon
	text   *widget.Label
}

func newPanelRowView() fyne.CanvasObject {
	v := &panelRowView{swatch: canvas.NewRectangle(color.Transparent), icon: widget.NewIcon(nil),
		text: &widget.Label{Truncation: fyne.TextTruncateEllipsis}}
	v.swatch.SetMinSize(fyne.NewSize(6, 6))
	v.ExtendBaseWidget(v)
	return v
}

// CreateRenderer implements fyne.Widget.
func (v *panelRowView) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, container.NewHBox(v.swatch, v.icon), nil, v.text))
}

// showRow fills a row view for row id.
func (p *annotationPanel) showRow(id int, v *panelRowView) {
	if id < 0 || id >= len(p.model.rows) {
		return
	}
	r := p.model.rows[id]
	v.swatch.FillColor = p.d.editor.colorOf(r.label)
	v.swatch.Refresh()
	if r.header {
		if p.collapsed[r.label] {
			v.icon.SetResource(theme.MenuExpandIcon())
		} else {
			v.icon.SetResource(theme.MenuDropDownIcon())
		}
		v.text.TextStyle = fyne.TextStyle{Bold: true}
		s := fmt.Sprintf("%s  %d", r.label, r.count)
		if r.undecided > 0 {
			s += "  " + fmt.Sprintf(lang.L("(%d undecided)"), r.undecided)
		}
		v.text.SetText(s)
		return
	}
	e := p.model.entries[r.entry]
	if e.decided() {
		v.icon.SetResource(theme.ConfirmIcon())
	} else {
		v.icon.SetResource(theme.RadioButtonIcon())
	}
	v.text.TextStyle = fyne.TextStyle{}
	v.text.SetText(e.describe())
}
