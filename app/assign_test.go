package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"goldspan/annotate"
)

// Review › Assignments and progress: the lead hands six documents to
// three reviewers, two each; the table shows each one's load; another
// reviewer's work shows at the next read; a reviewer's Ctrl+Enter follows
// their own documents; a bad overlap is refused in the window.
func TestAssignWindow(t *testing.T) {
	var recs []annotate.Record
	for i := range 6 {
		recs = append(recs, annotate.Record{Doc: annotate.Document{ID: fmt.Sprintf("d%d", i), Text: textA}})
	}
	h := newHarness(t, memProject(t, "assign.goldspan", recs), "lead")
	h.d.showAssign()
	v := h.d.assign
	if v == nil {
		t.Fatal("no window")
	}
	closed := false
	t.Cleanup(func() {
		if !closed {
			v.win.Close()
		}
	})
	h.d.jobs.wait()
	if !strings.Contains(v.note.Text, "No document is assigned yet") {
		t.Errorf("before assigning the window says %q", v.note.Text)
	}
	if v.stop == nil {
		t.Error("no next read of the progress is planned")
	}

	test.Type(v.who, "alice, bob")
	v.overlap.SetText("3")
	test.Tap(v.button)
	h.d.jobs.wait()
	if !strings.Contains(v.note.Text, "an overlap of 3 needs at least 3 annotators; 2 given") {
		t.Errorf("an overlap over the annotators: %q", v.note.Text)
	}
	v.who.SetText("alice, bob, carol")
	v.overlap.SetText("two")
	test.Tap(v.button)
	if !strings.Contains(v.note.Text, `not "two"`) {
		t.Errorf("a word for the overlap: %q", v.note.Text)
	}
	v.overlap.SetText("2")
	test.Tap(v.button)
	h.d.jobs.wait()
	if !strings.Contains(v.note.Text, "Documents handed out: 6, each to 2 of 3 annotators") {
		t.Fatalf("after assigning: %q", v.note.Text)
	}
	if got := fmt.Sprint(v.rows); got != "[{alice 4 0 0 0} {bob 4 0 0 0} {carol 4 0 0 0}]" {
		t.Errorf("the table holds %s", got)
	}
	if r, c := v.table.Length(); r != 4 || c != 5 {
		t.Errorf("the table is %d×%d, want a header and 3 rows of 5", r, c)
	}

	// Alice marks one of hers done elsewhere (another desk on the same
	// project); the next read shows it.
	st := h.d.st
	ctx := context.Background()
	mine, err := st.Assignments(ctx, "alice")
	if err != nil || len(mine) != 4 {
		t.Fatalf("alice's assignments: %v %v", mine, err)
	}
	if err := st.SetStatus(ctx, mine[0].DocID, "alice", annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	v.readProgress()
	h.d.jobs.wait()
	if got := fmt.Sprint(v.rows[0]); got != "{alice 4 1 0 0}" {
		t.Errorf("after alice's done, her row is %s", got)
	}

	// Agreement on the overlap: alice and the other of that document.
	for _, who := range []string{"bob", "carol"} {
		if as, _ := st.Assignments(ctx, who); slices.ContainsFunc(as, func(a annotate.Assignment) bool { return a.DocID == mine[0].DocID }) {
			if err := st.SetStatus(ctx, mine[0].DocID, who, annotate.StatusDone); err != nil {
				t.Fatal(err)
			}
		}
	}
	test.Tap(v.measure)
	h.d.jobs.wait()
	if !strings.Contains(v.agree.Text, "6 documents assigned to two or more annotators, 1 compared") {
		t.Errorf("the agreement on the overlap reads %q", v.agree.Text)
	}

	// Pressing Assign again hands nothing new out.
	test.Tap(v.button)
	h.d.jobs.wait()
	if !strings.Contains(v.note.Text, "Every document is assigned already") {
		t.Errorf("assigning again: %q", v.note.Text)
	}
	v.win.Close()
	closed = true
	if h.d.assign != nil {
		t.Error("the closed window is still held")
	}
}
