package app

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"goldspan/annotate"
)

// Offline: a team project's server stopped answering. The first store
// call that says so (annotate.EOFFLINE: nothing it asked was saved) puts
// the desk offline at once: a banner across the window says that changes
// are not being saved, the editors refuse edits with that message, and
// the desk asks the server every reconnectEvery whether it is back (a
// ping, annotate.Pinger). When it answers, the banner goes and the open
// document, the list and the counts are read again, so what the desk
// shows is what the server holds: an action whose commit the desk never
// heard of is shown if it was committed and not otherwise.

// reconnectEvery is how often an offline desk asks the server again.
const reconnectEvery = 3 * time.Second

// pingTimeout bounds one reconnect probe.
const pingTimeout = 5 * time.Second

// offlineState is the desk's connection to a team project's server.
type offlineState struct {
	on     bool      // the server did not answer: edits are refused
	since  time.Time // when it stopped answering
	tries  int       // reconnect probes since
	gen    int       // bumped by every change of state: older probes are dropped
	stop   func() bool
	banner *fyne.Container
	title  *widget.Label
	detail *widget.Label
	// after schedules the next probe; tests replace it to probe at once.
	after func(time.Duration, func()) func() bool
}

// elsewhere marks an error that is not about the open project's server
// (another project failed to open): it shows in a dialog even when it
// says offline.
type elsewhere struct{ error }

func (e elsewhere) Unwrap() error { return e.error }

// offlineText is what the banner says, in the language on show.
func offlineText() string { return lang.L("offline: changes are not being saved") }

// buildOfflineBanner makes the banner, hidden until the server is lost.
func (d *desk) buildOfflineBanner() fyne.CanvasObject {
	o := &d.offline
	o.title = &widget.Label{Text: offlineText(), TextStyle: fyne.TextStyle{Bold: true}}
	o.detail = &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	bg := canvas.NewRectangle(color.NRGBA{0xf4, 0xc7, 0x2e, 0xff})
	bg.CornerRadius = 4
	icon := widget.NewIcon(theme.WarningIcon())
	o.banner = container.NewStack(bg, container.NewBorder(nil, nil, container.NewHBox(icon, o.title), nil, o.detail))
	o.banner.Hide()
	return o.banner
}

// isOffline reports whether the desk is offline, saying so if it is.
func (d *desk) isOffline() bool {
	if !d.offline.on {
		return false
	}
	d.bar.setMessage(fmt.Sprintf(lang.L("%s: edits wait until the server answers again"), offlineText()))
	return true
}

// whenOnline wraps a menu action that writes: offline it is refused.
func (d *desk) whenOnline(f func()) func() {
	return func() {
		if !d.isOffline() {
			f()
		}
	}
}

// offlineError puts the desk offline if err says the open team project's
// server cannot be reached, and reports whether it did: the banner says
// so, not a dialog.
func (d *desk) offlineError(err error) bool {
	var el elsewhere
	if annotate.ErrorCode(err) != annotate.EOFFLINE || errors.As(err, &el) || d.st == nil {
		return false
	}
	d.goOffline(err)
	return true
}

// goOffline shows the banner, refuses edits and starts asking the server.
func (d *desk) goOffline(err error) {
	o := &d.offline
	if o.on {
		return
	}
	fyne.LogError("the project's server", err)
	o.on, o.since, o.tries = true, d.now(), 0
	o.gen++
	d.stopLive()
	d.editor.ReadOnly = true // no context menu offers edits
	if d.bar != nil {
		d.bar.setUnsaved()
	}
	d.showOfflineDetail()
	o.banner.Show()
	d.scheduleReconnect()
}

// showOfflineDetail says since when the server is lost and that the desk
// keeps asking.
func (d *desk) showOfflineDetail() {
	o := &d.offline
	d.offline.detail.SetText(fmt.Sprintf(lang.L("The server stopped answering at %s. Edits are refused until it is back; trying again every %d s (%d tries so far)."),
		o.since.Format("15:04:05"), int(reconnectEvery/time.Second), o.tries))
}

// scheduleReconnect asks the server again after reconnectEvery.
func (d *desk) scheduleReconnect() {
	o := &d.offline
	after := o.after
	if after == nil {
		after = d.jobs.after
	}
	gen := o.gen
	o.stop = after(reconnectEvery, func() {
		if o.gen == gen && o.on {
			d.tryReconnect()
		}
	})
}

// tryReconnect pings the server off the UI goroutine: back online if it
// answers, else another try later.
func (d *desk) tryReconnect() {
	o := &d.offline
	st, gen := d.st, o.gen
	if st == nil {
		d.setOnline()
		return
	}
	d.jobs.start(func(ctx context.Context, _ func(float64, string)) error {
		ctx, cancel := context.WithTimeout(ctx, pingTimeout)
		defer cancel()
		return ping(ctx, st)
	}, nil, func(err error) {
		if o.gen != gen || d.st != st || !o.on {
			return // closed, or back already
		}
		if err != nil {
			o.tries++
			d.showOfflineDetail()
			d.scheduleReconnect()
			return
		}
		d.backOnline()
	})
}

// ping asks st's server whether it answers: its Ping if it has one
// (annotate.Pinger), else a cheap read.
func ping(ctx context.Context, st annotate.Project) error {
	if p, ok := st.(annotate.Pinger); ok {
		return p.Ping(ctx)
	}
	_, err := st.Labels(ctx)
	return err
}

// setOnline leaves the offline state without reading anything again (the
// project closes).
func (d *desk) setOnline() {
	o := &d.offline
	o.gen++
	if o.stop != nil {
		o.stop()
		o.stop = nil
	}
	if !o.on {
		return
	}
	o.on = false
	d.editor.ReadOnly = false
	o.banner.Hide()
}

// backOnline removes the banner and shows what the server holds: the
// labels, the open document's layer, the list and the counts, and the
// review windows' numbers.
func (d *desk) backOnline() {
	d.setOnline()
	d.bar.clearSaved()
	d.bar.setMessage(lang.L("Back online: showing what the server holds"))
	if err := d.loadLabels(); err != nil {
		d.showError(err)
		if d.offline.on {
			return
		}
	}
	if d.hasDoc {
		d.reloadLayer()
	}
	d.list.reload()
	d.refreshBar()
	d.othersChanged()
	d.startLive()
}
