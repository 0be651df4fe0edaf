package app

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"goldspan/annotate"
)

// statusBar shows the annotator, the document's position in the list, the
// done count, a message, whether suggestions are still loading, a
// background task's progress with its Cancel button, and the "saved" mark,
// which appears only after a store call returned nil.
type statusBar struct {
	box       *fyne.Container
	annotator *widget.Label
	position  *widget.Label
	done      *widget.Label
	message   *tipLabel // shortened to fit; a tooltip and the history have it whole
	history   []string  // the messages shown, oldest first, with their time
	now       func() time.Time
	loading   *widget.Label   // "Suggestions loading…" until the dictionary is ready
	model     *tipLabel       // what the suggestion model learned and how it scores
	middle    *fyne.Container // the message and the model
	task      *fyne.Container
	taskNote  *widget.Label
	taskBar   *widget.ProgressBar
	taskStop  *widget.Button
	savedIcon *widget.Icon
	saved     *widget.Label
	// isSavedMark is whether saved says "Saved" (not "Not saved").
	isSavedMark bool
}

func newStatusBar(tips *tipLayer) *statusBar {
	b := &statusBar{
		annotator: widget.NewLabel(""),
		position:  widget.NewLabel(""),
		done:      widget.NewLabel(""),
		message:   newTipLabel(tips, fyne.TextStyle{}),
		now:       time.Now,
		loading:   &widget.Label{Text: lang.L("Suggestions loading…"), Importance: widget.WarningImportance},
		model:     newTipLabel(tips, fyne.TextStyle{}),
		taskNote:  widget.NewLabel(""),
		taskBar:   widget.NewProgressBar(),
		savedIcon: widget.NewIcon(theme.ConfirmIcon()),
		saved:     widget.NewLabel(""),
	}
	b.taskStop = &widget.Button{Text: lang.L("Cancel"), Icon: theme.CancelIcon(), Importance: widget.LowImportance}
	b.taskStop.ExtendBaseWidget(b.taskStop)
	b.model.Alignment = fyne.TextAlignTrailing
	b.loading.Hide()
	b.model.Hide()
	b.savedIcon.Hide()
	b.task = container.NewHBox(b.taskNote,
		container.NewGridWrap(fyne.NewSize(160, b.taskBar.MinSize().Height), b.taskBar), b.taskStop)
	b.task.Hide()
	b.middle = container.New(messageAndModel{b.model}, b.message, b.model)
	b.box = container.NewBorder(nil, nil,
		container.NewHBox(b.annotator, widget.NewSeparator(), b.position, widget.NewSeparator(), b.done, widget.NewSeparator()),
		container.NewHBox(layout.NewSpacer(), b.loading, b.task, b.savedIcon, b.saved),
		b.middle)
	return b
}

// messageAndModel lays out the middle of the bar: the message on the
// left, the model's status on the right at its full width while the
// message keeps at least a third, shortened with an ellipsis otherwise.
type messageAndModel struct{ model *tipLabel }

func (l messageAndModel) naturalWidth() float32 {
	if !l.model.Visible() || l.model.Text == "" {
		return 0
	}
	// What a label of the same text asks for when it may not shorten it,
	// rounded up: a truncating label at that width to the fraction of a
	// pixel still shortens its text.
	w := (&widget.Label{Text: l.model.Text, TextStyle: l.model.TextStyle}).MinSize().Width
	return float32(math.Ceil(float64(w))) + 1
}

func (l messageAndModel) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	message, model := objs[0], objs[1]
	w := min(l.naturalWidth(), size.Width*2/3)
	model.Resize(fyne.NewSize(w, size.Height))
	model.Move(fyne.NewPos(size.Width-w, 0))
	message.Resize(fyne.NewSize(size.Width-w, size.Height))
	message.Move(fyne.NewPos(0, 0))
}

func (l messageAndModel) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m, d := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(m.Width+d.Width, max(m.Height, d.Height))
}

// setLoading shows (or hides) that the suggester is still loading.
func (b *statusBar) setLoading(loading bool) {
	if loading {
		b.loading.Show()
	} else {
		b.loading.Hide()
	}
	b.box.Refresh()
}

// setModel shows the suggestion model's status; a zero status hides it.
func (b *statusBar) setModel(st annotate.LearnerStatus) {
	if st.Leader == "" {
		b.model.Hide()
	} else {
		b.model.SetText(modelShort(st))
		b.model.Importance = widget.MediumImportance
		if st.Leader == annotate.SourceModel {
			b.model.Importance = widget.SuccessImportance
		}
		b.model.Show()
		b.model.Refresh()
	}
	b.middle.Refresh() // its size may be the same, the model's share not
	b.box.Refresh()
}

// setLoadingFor says for how long suggestions have been loading.
func (b *statusBar) setLoadingFor(took time.Duration) {
	if s := int(took.Seconds()); s >= 1 {
		b.loading.SetText(fmt.Sprintf(lang.L("Suggestions loading… %d s"), s))
	}
}

// modelText is what the bar says of the suggestion model ("" if hidden).
func (b *statusBar) modelText() string {
	if !b.model.Visible() {
		return ""
	}
	return b.model.Text
}

// isLoading reports whether the bar says that suggestions are loading.
func (b *statusBar) isLoading() bool { return b.loading.Visible() }

// showTask shows a background task's progress; Cancel calls cancel.
func (b *statusBar) showTask(note string, cancel func()) {
	b.taskNote.SetText(note)
	b.taskBar.SetValue(0)
	b.taskStop.OnTapped = func() {
		b.taskNote.SetText(lang.L("Cancelling…"))
		b.taskStop.Disable()
		cancel()
	}
	b.taskStop.Enable()
	b.task.Show()
	b.box.Refresh()
}

// updateTask moves the task's progress bar, unless it is being cancelled.
func (b *statusBar) updateTask(fraction float64, note string) {
	if b.taskStop.Disabled() || !b.task.Visible() {
		return
	}
	b.taskBar.SetValue(fraction)
	b.taskNote.SetText(note)
}

// hideTask removes the task's progress once it has ended.
func (b *statusBar) hideTask() {
	b.task.Hide()
	b.taskStop.OnTapped = nil
	b.box.Refresh()
}

func (b *statusBar) setAnnotator(name string) {
	if name == "" {
		name = lang.L("no reviewer")
	}
	b.annotator.SetText(fmt.Sprintf(lang.L("Annotator: %s"), name))
	b.box.Refresh()
}

// setPosition shows "Document i+1 of n" (i < 0: not in the list).
func (b *statusBar) setPosition(i, n int) {
	if i < 0 {
		b.position.SetText(fmt.Sprintf(lang.L("Document – of %d"), n))
	} else {
		b.position.SetText(fmt.Sprintf(lang.L("Document %d of %d"), i+1, n))
	}
	b.box.Refresh()
}

func (b *statusBar) setDone(done, total int) {
	b.done.SetText(fmt.Sprintf(lang.L("Done %d / %d"), done, total))
	b.box.Refresh()
}

func (b *statusBar) setMessage(s string) {
	b.message.SetText(s)
	if s != "" {
		b.history = append(b.history, b.now().Format("15:04:05")+"  "+s)
		if len(b.history) > maxHistory {
			b.history = b.history[len(b.history)-maxHistory:]
		}
	}
}

// maxHistory is how many messages the status bar remembers.
const maxHistory = 50

// retranslate sets the bar's own words again in the language on show.
func (b *statusBar) retranslate() {
	b.loading.SetText(lang.L("Suggestions loading…"))
	b.taskStop.SetText(lang.L("Cancel"))
}

// setSaved shows the mark of a committed action.
func (b *statusBar) setSaved(at time.Time) {
	b.savedIcon.SetResource(theme.ConfirmIcon())
	b.savedIcon.Show()
	b.saved.SetText(fmt.Sprintf(lang.L("Saved %s"), at.Format("15:04:05")))
	b.isSavedMark = true
	b.box.Refresh()
}

// setUnsaved shows that the last action failed and nothing was stored.
func (b *statusBar) setUnsaved() {
	b.savedIcon.SetResource(theme.ErrorIcon())
	b.savedIcon.Show()
	b.saved.SetText(lang.L("Not saved"))
	b.isSavedMark = false
	b.box.Refresh()
}

// clearSaved hides the mark (a new document is shown, nothing done yet).
func (b *statusBar) clearSaved() {
	b.savedIcon.Hide()
	b.saved.SetText("")
	b.isSavedMark = false
	b.box.Refresh()
}

// isSaved reports whether the "saved" mark shows.
func (b *statusBar) isSaved() bool {
	return b.savedIcon.Visible() && b.isSavedMark
}

// modelShort describes a learner's status in a few words, for the status bar.
func modelShort(s annotate.LearnerStatus) string {
	out := lang.L("Model: nothing learned yet")
	if s.Loading {
		out = lang.L("Model: loading…")
	} else if s.Sentences > 0 {
		out = fmt.Sprintf(lang.L("Model: %s, %d done"), plural(s.Sentences, lang.L("%d sentence"), lang.L("%d sentences")), s.Documents)
	}
	if s.Scored > 0 {
		out += " · " + fmt.Sprintf(lang.L("F1 %.0f vs rules %.0f"), s.ModelF1, s.RulesF1)
	}
	if s.Leader == annotate.SourceModel {
		out += " · " + lang.L("model leads")
	} else {
		out += " · " + lang.L("rules lead")
	}
	if s.Training {
		out += " · " + lang.L("retraining…")
	}
	return out
}

// showMessages lists the status bar's recent messages in full, newest
// first (View › Recent messages…, or a click on the message).
func (d *desk) showMessages() {
	lines := slices.Clone(d.bar.history)
	slices.Reverse(lines)
	text := strings.Join(lines, "\n")
	if text == "" {
		text = lang.L("No messages yet.")
	}
	label := &widget.Label{Text: text, Wrapping: fyne.TextWrapWord}
	dlg := dialog.NewCustom(lang.L("Recent messages"), lang.L("Close"), container.NewVScroll(label), d.win)
	size := d.win.Canvas().Size()
	dlg.Resize(fyne.NewSize(min(720, size.Width*0.9), min(480, size.Height*0.8)))
	dlg.SetOnClosed(func() { d.sheet = nil })
	d.sheet = dlg
	dlg.Show()
}
