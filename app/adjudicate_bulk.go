package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"goldspan/annotate"
	"goldspan/annotate/agree"
	"goldspan/project"
)

// The adjudication window's keyboard way through the disagreements and its
// bulk decisions (issue 17). The disagreement navigator (F6 from gold, or
// a click on it) walks the document's disagreements: ↓/↑ next and
// previous, ← and → take the first and second annotator's version, 1-9
// any annotator's, 0 or Delete rejects every version; a take moves on to
// the next disagreement, so settling one is one key. Settle in bulk
// (Ctrl+B) accepts where all annotators agree, takes everything from one
// annotator or takes the majority's version, over every document gold has
// not finished (project.Adjudicator.Apply); Ctrl+Z right after takes the
// whole pass back in one step.

// shortcutBulk opens the bulk dialog (while the navigator or no widget has
// the keyboard; B does from the navigator too).
var shortcutBulk = &desktop.CustomShortcut{KeyName: fyne.KeyB, Modifier: fyne.KeyModifierShortcutDefault}

// disNavigator is the focusable strip that says which disagreement is
// current and how many remain, and takes the keys that settle them.
type disNavigator struct {
	widget.BaseWidget
	// OnKey and OnRune receive the keys while the navigator has the focus.
	OnKey  func(ev *fyne.KeyEvent)
	OnRune func(r rune)
	// OnTapped is called on a click (the navigator takes the focus first).
	OnTapped func()
	// OnFocus is called when the navigator gains or loses the keyboard.
	OnFocus func()

	text    *widget.Label
	hint    *widget.Label
	bg      *canvas.Rectangle
	focused bool
}

func newDisNavigator() *disNavigator {
	n := &disNavigator{
		text: &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis},
		hint: &widget.Label{Truncation: fyne.TextTruncateEllipsis},
		bg:   canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground)),
	}
	n.bg.CornerRadius = theme.InputRadiusSize()
	n.ExtendBaseWidget(n)
	return n
}

// CreateRenderer implements fyne.Widget.
func (n *disNavigator) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(n.bg, container.NewVBox(n.text, n.hint)))
}

// set shows what the navigator says.
func (n *disNavigator) set(text, hint string) {
	n.text.SetText(text)
	n.hint.SetText(hint)
}

// Tapped implements fyne.Tappable: a click gives it the keyboard.
func (n *disNavigator) Tapped(*fyne.PointEvent) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(n); c != nil {
		c.Focus(n)
	}
	if n.OnTapped != nil {
		n.OnTapped()
	}
}

// FocusGained implements fyne.Focusable.
func (n *disNavigator) FocusGained() {
	n.focused = true
	n.bg.FillColor = theme.Color(theme.ColorNameSelection)
	n.bg.StrokeColor = theme.Color(theme.ColorNamePrimary)
	n.bg.StrokeWidth = 2
	n.bg.Refresh()
	if n.OnFocus != nil {
		n.OnFocus()
	}
}

// FocusLost implements fyne.Focusable.
func (n *disNavigator) FocusLost() {
	n.focused = false
	n.bg.FillColor = theme.Color(theme.ColorNameInputBackground)
	n.bg.StrokeWidth = 0
	n.bg.Refresh()
	if n.OnFocus != nil {
		n.OnFocus()
	}
}

// TypedRune implements fyne.Focusable.
func (n *disNavigator) TypedRune(r rune) {
	if n.OnRune != nil {
		n.OnRune(r)
	}
}

// TypedKey implements fyne.Focusable.
func (n *disNavigator) TypedKey(ev *fyne.KeyEvent) {
	if n.OnKey != nil {
		n.OnKey(ev)
	}
}

// buildNavigator makes the navigator and wires its keys.
func (v *adjudicationView) buildNavigator() {
	v.nav = newDisNavigator()
	v.nav.OnKey = v.onNavKey
	v.nav.OnRune = v.onNavRune
	v.nav.OnTapped = func() { v.showDisagreement(false) }
	v.nav.OnFocus = v.refreshNav
	v.bulkButton = &widget.Button{Text: lang.L("Settle in bulk… (Ctrl+B)"), Icon: theme.ListIcon(), OnTapped: v.askBulk}
	v.bulkButton.ExtendBaseWidget(v.bulkButton)
	v.undoBulk = &widget.Button{Icon: theme.ContentUndoIcon(), Importance: widget.LowImportance, OnTapped: v.onUndoBulk}
	v.undoBulk.ExtendBaseWidget(v.undoBulk)
	v.undoBulk.Hide()
}

// focusNavigator gives the navigator the keyboard (F6 from gold).
func (v *adjudicationView) focusNavigator() {
	if !v.hasDoc {
		return
	}
	v.win.Canvas().Focus(v.nav)
	v.showDisagreement(false)
}

// onNavKey answers the navigator's keys.
func (v *adjudicationView) onNavKey(ev *fyne.KeyEvent) {
	if v.win.Canvas().Overlays().Top() != nil {
		return
	}
	switch ev.Name {
	case fyne.KeyDown:
		v.moveDisagreement(1)
	case fyne.KeyUp:
		v.moveDisagreement(-1)
	case fyne.KeyLeft:
		v.takeAt(0)
	case fyne.KeyRight:
		v.takeAt(1)
	case fyne.KeyDelete, fyne.KeyBackspace:
		v.takeAt(-1)
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeyEscape:
		// Edit the disagreement by hand in gold.
		v.showDisagreement(true)
	case fyne.KeyPageDown:
		v.step(1)
	case fyne.KeyPageUp:
		v.step(-1)
	case fyne.KeyF1:
		v.onCommand(CommandShortcuts)
	}
}

// onNavRune answers the navigator's characters: 1-9 take an annotator's
// version, 0 rejects them all, j/k walk as ↓/↑ do.
func (v *adjudicationView) onNavRune(r rune) {
	if v.win.Canvas().Overlays().Top() != nil {
		return
	}
	switch {
	case r >= '1' && r <= '9':
		v.takeAt(int(r - '1'))
	case r == '0':
		v.takeAt(-1)
	case r == 'j' || r == 'n':
		v.moveDisagreement(1)
	case r == 'k' || r == 'p':
		v.moveDisagreement(-1)
	case r == 'b' || r == 'B':
		v.askBulk()
	}
}

// moveDisagreement makes the next (delta 1) or previous disagreement of
// the document current.
func (v *adjudicationView) moveDisagreement(delta int) {
	if len(v.dis) == 0 {
		v.message.SetText(fmt.Sprintf(lang.L("%s agree on this document: Ctrl+Enter marks gold done and opens the next."), joinNames(v.names)))
		return
	}
	i := v.cur + delta
	if i < 0 || i >= len(v.dis) {
		v.message.SetText(v.edgeMessage(delta))
		return
	}
	v.cur = i
	v.showDisagreement(false)
}

// edgeMessage says there is no disagreement further that way.
func (v *adjudicationView) edgeMessage(delta int) string {
	if delta < 0 {
		return lang.L("This is the first disagreement here; PageUp opens the previous document.")
	}
	return lang.L("That was the last disagreement here: Ctrl+Enter marks gold done and opens the next document.")
}

// takeAt takes annotator i's version of the current disagreement into
// gold (i < 0 rejects every version) and moves on to the next one.
func (v *adjudicationView) takeAt(i int) {
	if v.cur < 0 || v.cur >= len(v.dis) {
		v.moveDisagreement(0)
		return
	}
	if i >= len(v.names) {
		v.message.SetText(fmt.Sprintf(plural(len(v.names), lang.L("There is only %d annotator: press 1-%%d."), lang.L("There are only %d annotators: press 1-%%d.")), len(v.names)))
		return
	}
	if !v.canEdit() {
		return // it said why
	}
	dg := v.dis[v.cur]
	if i < 0 {
		v.takeVersion(dg.Start, dg.End, nil, lang.L("Rejected every version"))
	} else {
		a := v.names[i]
		k := slices.IndexFunc(dg.Versions, func(x agree.Version) bool { return x.Annotator == a })
		if k < 0 {
			return
		}
		v.takeVersion(dg.Start, dg.End, dg.Versions[k].Spans, fmt.Sprintf(lang.L("Took %s's version"), a))
	}
	if v.cur+1 < len(v.dis) {
		v.cur++
		v.showDisagreement(false)
	} else {
		v.showDisagreement(false)
		v.message.SetText(v.message.Text + " " + v.edgeMessage(1))
	}
}

// showDisagreement selects the current disagreement in gold and the lanes,
// marks and scrolls to its card and says where it is; edit gives gold the
// keyboard, else the navigator keeps it.
func (v *adjudicationView) showDisagreement(edit bool) {
	if !v.hasDoc {
		return
	}
	if v.cur >= len(v.dis) {
		v.cur = len(v.dis) - 1
	}
	v.markCards()
	v.refreshNav()
	if v.cur < 0 {
		if edit {
			v.focusEditor()
		}
		return
	}
	dg := v.dis[v.cur]
	for _, e := range v.lanes {
		e.Select(dg.Start, dg.End)
	}
	v.editor.Select(dg.Start, dg.End)
	if edit {
		v.focusEditor()
	} else {
		v.win.Canvas().Focus(v.nav)
		v.info.SetText(fmt.Sprintf(lang.L("Disagreement [%d, %d) selected in gold and the lanes: Enter edits it in gold by hand"), dg.Start, dg.End))
	}
	if v.cur < len(v.cards.Objects) {
		v.cardBox.ScrollToOffset(fyne.NewPos(0, v.cards.Objects[v.cur].Position().Y))
	}
}

// markCards outlines the current disagreement's card.
func (v *adjudicationView) markCards() {
	for i, cc := range v.controls {
		if cc.bg == nil {
			continue
		}
		if i == v.cur {
			cc.bg.StrokeColor = theme.Color(theme.ColorNamePrimary)
			cc.bg.StrokeWidth = 2
		} else {
			cc.bg.StrokeWidth = 0
		}
		cc.bg.Refresh()
	}
}

// refreshNav says which disagreement is current, what the keys do and how
// many are left.
func (v *adjudicationView) refreshNav() {
	if v.nav == nil {
		return
	}
	left := ""
	if v.remaining.known {
		left = "  ·  " + fmt.Sprintf(lang.L("%s left in %s gold has not finished"), plural(v.remaining.disagreements, lang.L("%d disagreement"), lang.L("%d disagreements")),
			plural(v.remaining.documents, lang.L("%d document"), lang.L("%d documents")))
	}
	var keys []string
	for i, a := range v.names {
		if i >= 9 {
			break
		}
		k := fmt.Sprint(i + 1)
		switch i {
		case 0:
			k = "←/" + k
		case 1:
			k = "→/" + k
		}
		keys = append(keys, k+" "+a)
	}
	hint := fmt.Sprintf(lang.L("↓/↑ next/previous  ·  %s  ·  0 reject all  ·  Enter edit in gold"), strings.Join(keys, "  ·  "))
	if !v.nav.focused {
		hint = fmt.Sprintf(lang.L("F6 or a click here: settle the disagreements from the keyboard (%s)"), strings.Join(keys, lang.L(", ")))
	}
	switch {
	case len(v.dis) == 0:
		v.nav.set(fmt.Sprintf(lang.L("%s agree on this document"), joinNames(v.names))+left, lang.L("Ctrl+Enter: gold done, next document  ·  Ctrl+B: settle in bulk"))
	default:
		v.nav.set(fmt.Sprintf(lang.L("Disagreement %d of %d here"), v.cur+1, len(v.dis))+left, hint)
	}
}

// remaining is what is left to adjudicate: the disagreements on the
// documents gold has not marked done.
type remaining struct {
	known                    bool
	disagreements, documents int
}

// countRemaining counts what is left (one status read per document with
// disagreements) and shows it.
func (v *adjudicationView) countRemaining() {
	if !v.current() {
		return
	}
	n, docs, err := v.adjudicator().Remaining(context.Background(), v.allDis)
	if err != nil {
		v.rw.d.showError(err)
		return
	}
	v.remaining = remaining{known: true, disagreements: n, documents: docs}
	v.refreshNav()
}

// adjudicator is the project's adjudication over the window's annotators.
func (v *adjudicationView) adjudicator() project.Adjudicator {
	return project.Adjudicator{St: v.st, Annotators: v.names, Suggester: v.suggester()}
}

// --- settling in bulk ---

// bulkAsk is the bulk dialog's content: the rules as buttons, worked from
// the keyboard too (U, 1-9, M; D toggles marking documents done; Esc cancels).
type bulkAsk struct {
	widget.BaseWidget
	OnChoose func(r project.Rule, markDone bool)
	OnCancel func()

	box       *fyne.Container
	threshold *widget.Select
	done      *widget.Check
	names     []string
	answered  bool
}

// thresholds are the majority vote's choices; thresholdNames as the select shows them.
var thresholds = []struct {
	share float64
}{{0.51}, {2.0 / 3}, {0.75}, {1}}

func thresholdNames() []string { return []string{lang.L("over 1/2"), "2/3", "3/4", lang.L("all")} }

func newBulkAsk(names []string, docs, left int) *bulkAsk {
	a := &bulkAsk{names: names}
	intro := widget.NewLabel(fmt.Sprintf(lang.L("Over the %s every annotator finished that gold has not (%d disagreements left). Every rule first takes the spans all annotators share. Ctrl+Z right after undoes the whole pass."),
		plural(docs, lang.L("%d document"), lang.L("%d documents")), left))
	intro.Wrapping = fyne.TextWrapWord
	a.box = container.NewVBox(intro)
	add := func(text string, rule func() project.Rule) {
		b := widget.NewButton(text, func() { a.choose(rule()) })
		b.Alignment = widget.ButtonAlignLeading
		a.box.Add(b)
	}
	add(lang.L("Accept where all annotators agree (U)"), func() project.Rule { return project.Rule{Kind: project.RuleUnanimous} })
	for i, n := range names {
		if i >= 9 {
			break
		}
		add(fmt.Sprintf(lang.L("Take everything from %s (%d)"), n, i+1), func() project.Rule { return project.Rule{Kind: project.RuleFrom, From: n} })
	}
	a.threshold = widget.NewSelect(thresholdNames(), nil)
	a.threshold.SetSelectedIndex(0)
	maj := widget.NewButton(lang.L("Majority vote (M): the version shared by"), func() { a.choose(a.majority()) })
	maj.Alignment = widget.ButtonAlignLeading
	a.box.Add(container.NewBorder(nil, nil, maj, widget.NewLabel(lang.L("of the annotators share")), a.threshold))
	a.done = widget.NewCheck(lang.L("Mark gold done where nothing is left to decide (D)"), nil)
	a.done.SetChecked(true)
	a.box.Add(a.done)
	cancel := widget.NewButton(lang.L("Cancel (Esc)"), func() { a.cancel() })
	cancel.Importance = widget.HighImportance
	a.box.Add(container.NewCenter(cancel))
	a.ExtendBaseWidget(a)
	return a
}

func (a *bulkAsk) majority() project.Rule {
	return project.Rule{Kind: project.RuleMajority, Threshold: thresholds[max(0, a.threshold.SelectedIndex())].share}
}

// CreateRenderer implements fyne.Widget.
func (a *bulkAsk) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(a.box) }

func (a *bulkAsk) choose(r project.Rule) {
	if a.answered {
		return
	}
	a.answered = true
	if a.OnChoose != nil {
		a.OnChoose(r, a.done.Checked)
	}
}

func (a *bulkAsk) cancel() {
	if a.answered {
		return
	}
	a.answered = true
	if a.OnCancel != nil {
		a.OnCancel()
	}
}

// FocusGained implements fyne.Focusable.
func (a *bulkAsk) FocusGained() {}

// FocusLost implements fyne.Focusable.
func (a *bulkAsk) FocusLost() {}

// TypedRune implements fyne.Focusable.
func (a *bulkAsk) TypedRune(r rune) {
	switch {
	case r == 'u' || r == 'U':
		a.choose(project.Rule{Kind: project.RuleUnanimous})
	case r >= '1' && r <= '9' && int(r-'1') < len(a.names):
		a.choose(project.Rule{Kind: project.RuleFrom, From: a.names[r-'1']})
	case r == 'm' || r == 'M':
		a.choose(a.majority())
	case r == 'd' || r == 'D':
		a.done.SetChecked(!a.done.Checked)
	}
}

// TypedKey implements fyne.Focusable: Escape cancels.
func (a *bulkAsk) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape {
		a.cancel()
	}
}

// askBulk asks which rule to settle by, then runs it.
func (v *adjudicationView) askBulk() {
	if !v.current() || !v.hasDoc || v.bulkRunning {
		return
	}
	if v.win.Canvas().Overlays().Top() != nil {
		return
	}
	ids, err := v.adjudicator().Finished(context.Background(), v.inProgress)
	if err != nil {
		v.rw.d.showError(err)
		return
	}
	open := 0
	for _, id := range ids {
		st, err := v.st.Status(context.Background(), id, annotate.GoldAnnotator)
		if err != nil {
			v.rw.d.showError(err)
			return
		}
		if st != annotate.StatusDone {
			open++
		}
	}
	var d dialog.Dialog
	ask := newBulkAsk(v.names, open, v.remaining.disagreements)
	ask.OnChoose = func(r project.Rule, markDone bool) {
		d.Hide()
		v.runBulk(ids, r, markDone)
	}
	ask.OnCancel = func() { d.Hide() }
	d = dialog.NewCustomWithoutButtons(lang.L("Settle disagreements in bulk"), ask, v.win)
	d.SetOnClosed(func() {
		if !v.bulkRunning {
			v.focusNavigator()
		}
	})
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
	v.win.Canvas().Focus(ask)
	v.bulkAsk = ask
}

// runBulk applies rule over the documents ids (off the UI goroutine; edits
// wait meanwhile), then shows the outcome; Ctrl+Z undoes it in one step.
func (v *adjudicationView) runBulk(ids []string, rule project.Rule, markDone bool) {
	a := v.adjudicator()
	v.bulkRunning = true
	v.message.SetText(fmt.Sprintf(lang.L("Settling in bulk: %s…"), ruleText(rule)))
	var b *project.Bulk
	v.rw.d.jobs.start(func(ctx context.Context, _ func(float64, string)) error {
		var err error
		b, err = a.Apply(ctx, ids, rule, markDone, nil)
		return err
	}, nil, func(err error) {
		v.bulkRunning = false
		if b != nil && b.Changed() {
			v.lastBulk, v.bulkLatest = b, true
			v.undoBulk.SetText(lang.L("Undo the bulk pass"))
			v.undoBulk.Show()
		}
		if !v.current() {
			return
		}
		if err != nil && !errors.Is(err, context.Canceled) {
			v.rw.d.showError(err)
		}
		v.afterGoldChangedElsewhere()
		v.countRemaining()
		if b != nil {
			msg := bulkText(b) + lang.L(".")
			if b.Changed() {
				msg += " " + lang.L("Ctrl+Z undoes it all.")
			}
			v.message.SetText(msg)
		}
	})
}

// afterGoldChangedElsewhere shows gold again after a bulk pass or its undo
// changed it outside the editor, and tells the desk and agreement window.
func (v *adjudicationView) afterGoldChangedElsewhere() {
	d := v.rw.d
	d.noteEdit()
	if d.st == v.st && d.hasDoc && d.annotator == annotate.GoldAnnotator {
		d.reloadLayer()
	}
	if a := v.rw.agreement; a != nil && a.st == v.st {
		a.goldChanged()
	}
	if v.hasDoc {
		cur := v.cur
		v.load(v.doc.ID, false)
		v.cur = min(max(cur, 0), len(v.dis)-1)
		v.showDisagreement(false)
	}
}

// onUndoBulk takes the last bulk pass back in one step.
func (v *adjudicationView) onUndoBulk() {
	b := v.lastBulk
	if b == nil || v.bulkRunning || !v.current() {
		return
	}
	v.lastBulk, v.bulkLatest = nil, false
	v.undoBulk.Hide()
	a := v.adjudicator()
	v.bulkRunning = true
	var restored int
	var kept []string
	v.rw.d.jobs.start(func(ctx context.Context, _ func(float64, string)) error {
		var err error
		restored, kept, err = b.Undo(ctx, a)
		return err
	}, nil, func(err error) {
		v.bulkRunning = false
		if !v.current() {
			return
		}
		if err != nil {
			v.rw.d.showError(err)
		}
		v.afterGoldChangedElsewhere()
		v.countRemaining()
		msg := fmt.Sprintf(lang.L("Undid %s: %s as before."), ruleText(b.Rule), plural(restored, lang.L("%d document"), lang.L("%d documents")))
		if len(kept) > 0 {
			msg += " " + fmt.Sprintf(lang.L("Kept %s changed since: %s."), plural(len(kept), lang.L("%d document"), lang.L("%d documents")), clip(strings.Join(kept, ", "), 60))
		}
		v.message.SetText(msg)
	})
}

// onUndo undoes the last bulk pass when nothing changed gold since, else
// the latest gold action on the document (Ctrl+Z); redo redoes that.
func (v *adjudicationView) onUndo(redo bool) {
	if !redo && v.lastBulk != nil && v.bulkLatest {
		v.onUndoBulk()
		return
	}
	v.editing.onUndo(redo)
}

// ruleText names a bulk rule for a message, as project.Rule's String
// does, in the language on show.
func ruleText(r project.Rule) string {
	switch r.Kind {
	case project.RuleUnanimous:
		return lang.L("accept where all annotators agree")
	case project.RuleFrom:
		return fmt.Sprintf(lang.L("take everything from %s"), r.From)
	case project.RuleMajority:
		return fmt.Sprintf(lang.L("majority vote (at least %.0f%% of the annotators)"), r.Threshold*100)
	}
	return lang.L("no rule")
}

// bulkText says in one line what a bulk pass did, as project.Bulk's
// String does, in the language on show.
func bulkText(b *project.Bulk) string {
	rule := ruleText(b.Rule)
	if r, n := utf8.DecodeRuneInString(rule); n > 0 {
		rule = string(unicode.ToUpper(r)) + rule[n:]
	}
	s := fmt.Sprintf(lang.L("%s: %s added and %s removed in %s"), rule,
		plural(b.Added, lang.L("%d gold span"), lang.L("%d gold spans")), plural(b.Removed, lang.L("%d span"), lang.L("%d spans")),
		plural(b.Touched, lang.L("%d document"), lang.L("%d documents")))
	if b.Rule.Kind != project.RuleUnanimous {
		s += fmt.Sprintf(lang.L("; %s decided, %d left"), plural(b.Decided, lang.L("%d disagreement"), lang.L("%d disagreements")), b.Left)
	}
	if b.Done > 0 {
		s += fmt.Sprintf(lang.L("; %s marked gold done"), plural(b.Done, lang.L("%d document"), lang.L("%d documents")))
	}
	return s
}
