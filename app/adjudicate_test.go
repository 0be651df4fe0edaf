package app

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"goldspan/annotate"
	"goldspan/annotate/agree"
	"goldspan/annotate/format"
	"goldspan/project"
)

// spansText lists spans as LABEL[start,end) in order.
func spansText(spans []annotate.Span) string {
	annotate.SortSpans(spans)
	var out []string
	for _, s := range spans {
		out = append(out, fmt.Sprintf("%s[%d,%d)", s.Label, s.Start, s.End))
	}
	return strings.Join(out, " ")
}

// span is LABEL[start,end) of the first sub in text.
func span(t *testing.T, text, sub, label string) string {
	s, e := runes(t, text, sub)
	return fmt.Sprintf("%s[%d,%d)", label, s, e)
}

func TestAdjudicationFromTheAgreementWindow(t *testing.T) {
	path := newAgreementProject(t)
	h := newHarness(t, path, "lead")
	rw, av := openAgreement(t, h)

	// A click on the second disagreement (北京, which bob missed) opens a1
	// in adjudication with it selected.
	av.disList.Select(1)
	h.d.jobs.wait()
	v := rw.adjudication
	if v == nil || !v.hasDoc || v.doc.ID != "a1" {
		t.Fatalf("the click did not open a1 in adjudication")
	}
	v.win.Resize(fyne.NewSize(1100, 720))
	bs, be := runes(t, textA, "北京")
	if s, e := v.editor.Selection(); s != bs || e != be {
		t.Errorf("selected [%d, %d) in gold, want 北京 [%d, %d)", s, e, bs, be)
	}
	if s, e := v.lanes[1].Selection(); s != bs || e != be {
		t.Errorf("selected [%d, %d) in bob's lane, want [%d, %d)", s, e, bs, be)
	}

	// The spans both annotators have are gold already, each a logged action.
	unanimous := span(t, textA, "俄羅斯國防部", "ORG") + " " + span(t, textA, "2025年9月23日", "TIME")
	if got := spansText(goldSpans(t, h, "a1")); got != unanimous {
		t.Fatalf("gold on a1 = %q, want the unanimous %q", got, unanimous)
	}
	acts, err := h.d.st.Actions(context.Background(), "a1", annotate.GoldAnnotator)
	if err != nil || len(acts) != 2 || acts[0].Kind != annotate.ActionAdd {
		t.Fatalf("gold's log on a1: %v %v", acts, err)
	}
	if got := spansText(v.layers["alice"]); got != spansText(spansOf(t, h, "a1", "alice")) {
		t.Errorf("alice's lane: %s", got)
	}
	if len(v.lanes) != 2 || len(v.lanes[0].Marks()) != 4 || len(v.lanes[1].Marks()) != 3 {
		t.Errorf("lanes show %d annotators", len(v.lanes))
	}
	if len(v.dis) != 2 || len(v.controls) != 2 {
		t.Fatalf("%d disagreements on a1, want 2", len(v.dis))
	}
	test.AssertRendersToMarkup(t, "adjudication.xml", v.win.Canvas())

	// Take bob's 特朗普（Donald Trump）, then alice's 北京.
	test.Tap(v.controls[0].take["bob"])
	trump := span(t, textA, "特朗普（Donald Trump）", "PER")
	beijing := span(t, textA, "北京", "LOC")
	if got := spansText(goldSpans(t, h, "a1")); !strings.Contains(got, trump) || strings.Contains(got, span(t, textA, "特朗普", "PER")) {
		t.Fatalf("after taking bob's version gold = %q", got)
	}
	test.Tap(v.controls[0].take["alice"])
	if got := spansText(goldSpans(t, h, "a1")); strings.Contains(got, trump) || !strings.Contains(got, span(t, textA, "特朗普", "PER")) {
		t.Fatalf("after taking alice's version instead gold = %q", got)
	}
	test.Tap(v.controls[0].take["bob"])
	test.Tap(v.controls[1].take["alice"])
	wantA1 := strings.Join([]string{span(t, textA, "俄羅斯國防部", "ORG"), trump, span(t, textA, "2025年9月23日", "TIME"), beijing}, " ")
	if got := spansText(goldSpans(t, h, "a1")); got != wantA1 {
		t.Fatalf("gold on a1 = %q, want %q", got, wantA1)
	}
	if h.d.lastError != "" {
		t.Fatalf("an error was shown: %s", h.d.lastError)
	}
	// Reject all removes gold's 北京; undo (from the stored log) brings it back.
	test.Tap(v.controls[1].reject)
	if got := spansText(goldSpans(t, h, "a1")); strings.Contains(got, beijing) {
		t.Fatalf("reject all left %q", got)
	}
	v.editor.TypedShortcut(&fyne.ShortcutUndo{})
	if got := spansText(goldSpans(t, h, "a1")); got != wantA1 {
		t.Fatalf("undo left gold = %q, want %q", got, wantA1)
	}
	if got := v.controls[1].gold.Text; got != fmt.Sprintf("LOC “北京” [%d, %d)   = alice", bs, be) {
		t.Errorf("the 北京 card says gold is %q, want alice's version", got)
	}

	// The gold editor takes the desk's keys: select 週二 and press 4 (TIME),
	// then Delete it again.
	ws, we := runes(t, textA, "週二")
	v.editor.Select(ws, we)
	test.Type(v.editor, "4")
	if got := spansText(goldSpans(t, h, "a1")); !strings.Contains(got, fmt.Sprintf("TIME[%d,%d)", ws, we)) {
		t.Fatalf("4 on a selection did not add a gold span: %q", got)
	}
	key(v.editor, fyne.KeyDelete)
	if got := spansText(goldSpans(t, h, "a1")); got != wantA1 {
		t.Fatalf("Delete left gold = %q", got)
	}

	// Ctrl+Enter: gold done on a1, and b2 (the next with disagreements)
	// opens with its five unanimous spans in gold.
	shortcut(v.editor, fyne.KeyReturn, ctrl)
	if st, _ := h.d.st.Status(context.Background(), "a1", annotate.GoldAnnotator); st != annotate.StatusDone {
		t.Fatalf("gold on a1 is %s after Ctrl+Enter", st)
	}
	if v.doc.ID != "b2" {
		t.Fatalf("Ctrl+Enter opened %q, want b2", v.doc.ID)
	}
	if got := goldSpans(t, h, "b2"); len(got) != 5 {
		t.Fatalf("gold on b2 has %d spans, want the 5 unanimous", len(got))
	}
	test.Tap(v.controls[0].take["bob"]) // 人民大会堂 is an ORG
	shortcut(v.editor, fyne.KeyReturn, ctrl)
	if !strings.Contains(v.message.Text, "Gold is done on every document with disagreements (2)") {
		t.Errorf("after the last document: %q", v.message.Text)
	}

	// The gold export holds the adjudicated spans.
	db := openTest(t, path)
	defer db.Close()
	enc, _ := format.Lookup("gold")
	var out bytes.Buffer
	n, _, err := project.Export(context.Background(), db, &out, project.ExportOptions{
		Filter: annotate.ExportFilter{Annotator: annotate.GoldAnnotator, Status: annotate.StatusDone}})
	if err != nil || n != 2 {
		t.Fatalf("exported %d gold records: %v", n, err)
	}
	exported := out.String()
	dec := enc.NewDecoder(strings.NewReader(exported), format.Options{})
	for range 2 {
		r, err := dec.Next()
		if err != nil {
			t.Fatal(err)
		}
		want := wantA1
		if r.Doc.ID == "b2" {
			want = strings.Join([]string{span(t, textB, "新华社", "ORG"), span(t, textB, "北京", "LOC"), span(t, textB, "习近平", "PER"),
				span(t, textB, "人民大会堂", "ORG"), span(t, textB, "联合国", "ORG"), span(t, textB, "古特雷斯", "PER")}, " ")
		}
		if got := spansText(r.Spans); got != want || r.Annotator != annotate.GoldAnnotator || r.Status != annotate.StatusDone {
			t.Errorf("exported %s by %s (%s): %s, want %s", r.Doc.ID, r.Annotator, r.Status, got, want)
		}
	}

	// Agreement with gold named reports each annotator against gold, once
	// the agreement window has read the new gold layer.
	if av.refresh.Text != "Reload (gold changed)" {
		t.Errorf("the agreement window does not say gold changed: %q", av.refresh.Text)
	}
	test.Tap(av.refresh)
	h.d.jobs.wait()
	if av.withGold.Disabled() {
		t.Fatal("“Compare with gold” is disabled after the reload")
	}
	test.Tap(av.withGold)
	h.d.jobs.wait()
	if got := strings.Join(av.rep.Annotators, ","); got != "gold,alice,bob" {
		t.Fatalf("compared %s, want gold,alice,bob", got)
	}
	want := wantReport(t, path, agree.Options{Annotators: []string{"gold", "alice", "bob"}, Context: agreementContext})
	if av.rep.Pairs[1].A != "gold" || av.rep.Pairs[1].B != "bob" || av.rep.Pairs[1].F1Exact != want.Pairs[1].F1Exact {
		t.Errorf("gold vs bob: %+v, want F1 %s", av.rep.Pairs[1], want.Pairs[1].F1Exact)
	}
	if got := av.matrixText(0, 2); !strings.HasPrefix(got, "F1 exact "+want.Pairs[1].F1Exact.String()) {
		t.Errorf("matrix gold × bob: %s", got)
	}
	// Every one of bob's 9 spans is gold's; gold has alice's 北京 besides.
	if c := want.Pairs[1].Exact; c.Matched != 9 || c.OnlyA != 1 || c.OnlyB != 0 {
		t.Errorf("gold vs bob exact counts %+v, want 9 / 1 / 0", c)
	}
}

// spansOf reads an annotator's spans on a document from the desk's project.
func spansOf(t *testing.T, h *harness, docID, annotator string) []annotate.Span {
	t.Helper()
	spans, err := h.d.st.Spans(context.Background(), docID, annotator)
	if err != nil {
		t.Fatal(err)
	}
	return spans
}

func TestAdjudicationWithNothingToSettle(t *testing.T) {
	agreeing := []jsonlDoc{{"a1", textA, "done", []jsonlSpan{{"特朗普", "PER", ""}}}}
	for _, c := range []struct {
		name  string
		files [][]jsonlDoc
		want  string
	}{
		{"nobody", nil, "Nothing to adjudicate: agreement needs at least two annotators"},
		{"alice alone", [][]jsonlDoc{aliceDocs}, "Nothing to adjudicate: agreement needs at least two annotators"},
		{"agreeing", [][]jsonlDoc{agreeing, agreeing}, "alice and bob agree on every document they have finished"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := newMemProject(t)
			dir := t.TempDir()
			for i, docs := range c.files {
				importJSONL(t, path, writeJSONL(t, dir, []string{"alice", "bob"}[i], docs))
			}
			h := newHarness(t, path, "lead")
			rw := &reviewWindows{d: h.d}
			rw.showAdjudication(adjudicateRequest{})
			h.d.jobs.wait()
			v := rw.adjudication
			t.Cleanup(v.win.Close)
			if !strings.Contains(v.empty.Text, c.want) || !v.empty.Visible() || v.body.Visible() {
				t.Errorf("adjudication says %q (shown %v), want %q", v.empty.Text, v.empty.Visible(), c.want)
			}
			if h.d.lastError != "" {
				t.Errorf("an error dialog was shown: %q", h.d.lastError)
			}
			if n := len(goldSpans(t, h, "a1")); n != 0 {
				t.Errorf("gold has %d spans", n)
			}
		})
	}
}
