package app

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"goldspan/annotate"
	"goldspan/annotate/agree"
)

// Live views: on a team project others work at the same time, so every
// liveEvery the desk reads the project's counts (annotate.Store.Stats:
// documents, actions, each annotator's statuses and spans) and, when they
// changed, shows what changed: the document list's statuses and the
// status bar's counts, the open layer, and in the review windows the
// agreement numbers and the adjudication lanes. Only on team projects
// (annotate.Team) and only while the desk has one open; a review window
// takes part only while it is open. The Assignments and progress window
// reads its table on the same interval itself.

// liveEvery is how often a desk on a team project looks for others' work.
const liveEvery = 5 * time.Second

// liveState schedules the reads of others' work.
type liveState struct {
	on      bool
	gen     int // bumped by every start and stop: older reads are dropped
	stop    func() bool
	reading bool
	last    string // the counts last read, as a fingerprint
	// after schedules the next read; tests replace it to read at once.
	after func(time.Duration, func()) func() bool
}

// onServer reports whether the open project is a team project.
func (d *desk) onServer() bool {
	_, ok := d.st.(annotate.Team)
	return ok
}

// startLive starts reading others' work if the open project is a team's.
func (d *desk) startLive() {
	d.stopLive()
	if d.st == nil || !d.onServer() {
		return
	}
	d.live.on, d.live.last = true, ""
	d.scheduleLive()
}

// stopLive stops reading others' work (the project closes, or the server
// is lost).
func (d *desk) stopLive() {
	l := &d.live
	l.gen++
	l.on, l.reading = false, false
	if l.stop != nil {
		l.stop()
		l.stop = nil
	}
}

// scheduleLive reads the counts again after liveEvery.
func (d *desk) scheduleLive() {
	l := &d.live
	after := l.after
	if after == nil {
		after = d.jobs.after
	}
	gen := l.gen
	l.stop = after(liveEvery, func() {
		if l.gen == gen && l.on {
			d.pollLive()
		}
	})
}

// pollLive reads the counts off the UI goroutine and shows what changed.
func (d *desk) pollLive() {
	l := &d.live
	if !l.on || l.reading || d.st == nil || d.offline.on {
		return
	}
	st, gen := d.st, l.gen
	l.reading = true
	var fp string
	d.jobs.start(func(ctx context.Context, _ func(float64, string)) error {
		s, err := st.Stats(ctx)
		fp = statsFingerprint(s)
		return err
	}, nil, func(err error) {
		if l.gen != gen || d.st != st {
			return
		}
		l.reading = false
		if err != nil {
			if d.offlineError(err) {
				return // the reconnect starts the reads again
			}
			fyne.LogError("reading others' work", err)
		} else if fp != l.last {
			l.last = fp
			d.showOthersWork()
		}
		d.scheduleLive()
	})
}

// statsFingerprint is what changes in the counts when anyone does anything.
func statsFingerprint(s annotate.Stats) string {
	return fmt.Sprintf("%d %d %d %v", s.Documents, s.Actions, s.Suggestions, s.Annotators) // fmt sorts the maps' keys
}

// showOthersWork shows the project as it now is: the list's statuses and
// counts, the open layer (unless a dialog is open over it) and the review
// windows.
func (d *desk) showOthersWork() {
	d.list.reload()
	d.refreshBar()
	if d.hasDoc && d.win.Canvas().Overlays().Top() == nil {
		d.reloadLayer()
	}
	d.othersChanged()
}

// othersChanged tells the open review windows that the project changed.
func (d *desk) othersChanged() {
	rw := d.review.open
	if rw == nil {
		return
	}
	if v := rw.agreement; v != nil && v.st == d.st {
		v.reloadQuietly()
	}
	if v := rw.adjudication; v != nil && v.st == d.st {
		v.othersChanged()
	}
}

// reloadQuietly reads the project again and computes the same report,
// the one on show staying until the new one is ready (others worked
// meanwhile: no "Reading…" in between every 5 s).
func (v *agreementView) reloadQuietly() {
	if !v.loaded || v.st != v.rw.d.st {
		return
	}
	v.gen++
	gen := v.gen
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
		if gen != v.gen || v.st != v.rw.d.st {
			return
		}
		if err != nil {
			if !v.rw.d.offlineError(err) {
				fyne.LogError("reading the agreement again", err)
			}
			return
		}
		v.setInput(in, labels)
		v.quiet = true
		v.compute()
		v.quiet = false
	})
}

// othersChanged reads the annotators' spans on the open document again
// (others worked meanwhile) and shows them in the lanes and the
// disagreement cards; gold, its selection and the keyboard stay as they are.
func (v *adjudicationView) othersChanged() {
	if !v.hasDoc || v.bulkRunning || v.st != v.rw.d.st {
		return
	}
	all, err := v.st.AllSpans(context.Background(), v.doc.ID)
	if err != nil {
		v.rw.d.showError(err)
		return
	}
	layers := map[string][]annotate.Span{}
	for _, s := range all {
		if slices.Contains(v.names, s.Annotator) {
			layers[s.Annotator] = append(layers[s.Annotator], s)
		}
	}
	if reflect.DeepEqual(layers, v.layers) {
		return
	}
	v.layers = layers
	v.dis = agree.Disagreements(v.doc.ID, v.doc.Text, v.layers, v.names, agreementContext)
	for i, a := range v.names {
		v.lanes[i].SetMarks(MarksOf(v.layers[a], nil))
	}
	v.cur = min(max(v.cur, 0), len(v.dis)-1)
	v.refreshCards()
	v.markCards()
	v.refreshNav()
}

// offline reports whether the desk lost the project's server, saying so
// in the window.
func (v *adjudicationView) offline() bool {
	if !v.rw.d.offline.on {
		return false
	}
	v.message.SetText(fmt.Sprintf(lang.L("%s: edits wait until the server answers again"), offlineText()))
	return true
}
