package app

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// statusBar shows the annotator, the document's position in the list, the
// done count, a message and the "saved" mark, which appears only after a
// store call returned nil.
type statusBar struct {
	box       *fyne.Container
	annotator *widget.Label
	position  *widget.Label
	done      *widget.Label
	message   *widget.Label
	savedIcon *widget.Icon
	saved     *widget.Label
}

func newStatusBar() *statusBar {
	b := &statusBar{
		annotator: widget.NewLabel(""),
		position:  widget.NewLabel(""),
		done:      widget.NewLabel(""),
		message:   &widget.Label{Truncation: fyne.TextTruncateEllipsis},
		savedIcon: widget.NewIcon(theme.ConfirmIcon()),
		saved:     widget.NewLabel(""),
	}
	b.savedIcon.Hide()
	b.box = container.NewBorder(nil, nil,
		container.NewHBox(b.annotator, widget.NewSeparator(), b.position, widget.NewSeparator(), b.done, widget.NewSeparator()),
		container.NewHBox(layout.NewSpacer(), b.savedIcon, b.saved),
		b.message)
	return b
}

func (b *statusBar) setAnnotator(name string) {
	if name == "" {
		name = "no reviewer"
	}
	b.annotator.SetText("Annotator: " + name)
	b.box.Refresh()
}

// setPosition shows "Document i+1 of n" (i < 0: not in the list).
func (b *statusBar) setPosition(i, n int) {
	if i < 0 {
		b.position.SetText(fmt.Sprintf("Document – of %d", n))
	} else {
		b.position.SetText(fmt.Sprintf("Document %d of %d", i+1, n))
	}
	b.box.Refresh()
}

func (b *statusBar) setDone(done, total int) {
	b.done.SetText(fmt.Sprintf("Done %d / %d", done, total))
	b.box.Refresh()
}

func (b *statusBar) setMessage(s string) { b.message.SetText(s) }

// setSaved shows the mark of a committed action.
func (b *statusBar) setSaved(at time.Time) {
	b.savedIcon.SetResource(theme.ConfirmIcon())
	b.savedIcon.Show()
	b.saved.SetText("Saved " + at.Format("15:04:05"))
	b.box.Refresh()
}

// setUnsaved shows that the last action failed and nothing was stored.
func (b *statusBar) setUnsaved() {
	b.savedIcon.SetResource(theme.ErrorIcon())
	b.savedIcon.Show()
	b.saved.SetText("Not saved")
	b.box.Refresh()
}

// clearSaved hides the mark (a new document is shown, nothing done yet).
func (b *statusBar) clearSaved() {
	b.savedIcon.Hide()
	b.saved.SetText("")
	b.box.Refresh()
}

// isSaved reports whether the "saved" mark shows.
func (b *statusBar) isSaved() bool {
	return b.savedIcon.Visible() && len(b.saved.Text) > 5 && b.saved.Text[:5] == "Saved"
}
