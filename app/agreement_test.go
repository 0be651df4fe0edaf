package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"goldspan/annotate"
	"goldspan/annotate/agree"
	"goldspan/annotate/format"
	"goldspan/project"
)

// jsonlSpan is a span of an annotator's JSONL file, by its text.
type jsonlSpan struct {
	sub, label, origin string
}

// jsonlDoc is one line of an annotator's JSONL file.
type jsonlDoc struct {
	id, text, status string
	spans            []jsonlSpan
}

// writeJSONL writes an annotator's work as Goldspan JSONL and returns the path.
func writeJSONL(t *testing.T, dir, annotator string, docs []jsonlDoc) string {
	t.Helper()
	var b bytes.Buffer
	for _, d := range docs {
		var spans []map[string]any
		for _, s := range d.spans {
			start, end := runes(t, d.text, s.sub)
			sp := map[string]any{"start": start, "end": end, "label": s.label, "text": s.sub}
			if s.origin != "" {
				sp["origin"] = s.origin
			}
			spans = append(spans, sp)
		}
		line, err := json.Marshal(map[string]any{"id": d.id, "text": d.text, "annotator": annotator, "status": d.status, "spans": spans})
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	path := filepath.Join(dir, annotator+".jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// importJSONL imports a JSONL file into the project at path, as the CLI does.
func importJSONL(t *testing.T, path, file string) {
	t.Helper()
	db := openTest(t, path)
	defer db.Close()
	in := project.Input{Path: file, Format: "gold", Options: format.Options{Name: filepath.Base(file)}}
	if _, err := project.Import(context.Background(), db, []project.Input{in}, project.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
}

// The two annotators' work on the test project. On a1 they agree on
// 俄羅斯國防部 and the date, bob's 特朗普 takes in the Latin name (a
// boundary disagreement) and bob misses 北京; on b2 they label 人民大会堂
// differently; c3 bob has still in progress.
var (
	aliceDocs = []jsonlDoc{
		{"a1", textA, "done", []jsonlSpan{{"俄羅斯國防部", "ORG", ""}, {"特朗普", "PER", "suggestion"}, {"2025年9月23日", "TIME", "suggestion"}, {"北京", "LOC", "suggestion"}}},
		{"b2", textB, "done", []jsonlSpan{{"新华社", "ORG", "suggestion"}, {"北京", "LOC", ""}, {"习近平", "PER", "suggestion"}, {"人民大会堂", "LOC", ""}, {"联合国", "ORG", ""}, {"古特雷斯", "PER", ""}}},
		{"c3", textC, "done", []jsonlSpan{{"臺北市政府", "ORG", "suggestion"}}},
	}
	bobDocs = []jsonlDoc{
		{"a1", textA, "done", []jsonlSpan{{"俄羅斯國防部", "ORG", ""}, {"特朗普（Donald Trump）", "PER", ""}, {"2025年9月23日", "TIME", ""}}},
		{"b2", textB, "done", []jsonlSpan{{"新华社", "ORG", ""}, {"北京", "LOC", ""}, {"习近平", "PER", ""}, {"人民大会堂", "ORG", ""}, {"联合国", "ORG", ""}, {"古特雷斯", "PER", ""}}},
		{"c3", textC, "in-progress", []jsonlSpan{{"臺北市政府", "ORG", ""}, {"2026年", "TIME", ""}}},
	}
)

// newAgreementProject is the test project (with its suggestions) and the
// JSONL work of alice and bob imported into it, in memory.
func newAgreementProject(t *testing.T) string {
	t.Helper()
	path := newMemProject(t)
	dir := t.TempDir()
	importJSONL(t, path, writeJSONL(t, dir, "alice", aliceDocs))
	importJSONL(t, path, writeJSONL(t, dir, "bob", bobDocs))
	return path
}

// wantReport computes the agreement straight from the project.
func wantReport(t *testing.T, path string, opt agree.Options) *agree.Report {
	t.Helper()
	db := openTest(t, path)
	defer db.Close()
	in, err := agree.FromStore(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := agree.Compute(in, opt)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// openAgreement opens the agreement window on h's desk and waits for the report.
func openAgreement(t *testing.T, h *harness) (*reviewWindows, *agreementView) {
	t.Helper()
	rw := &reviewWindows{d: h.d}
	rw.showAgreement()
	h.d.jobs.wait()
	v := rw.agreement
	if v == nil {
		t.Fatal("no agreement window")
	}
	t.Cleanup(func() {
		if rw.adjudication != nil {
			rw.adjudication.win.Close()
		}
		if rw.agreement != nil {
			rw.agreement.win.Close()
		}
	})
	v.win.Resize(fyne.NewSize(1100, 720))
	return rw, v
}

// cellText is what a text table shows in a data cell, through its callbacks.
func cellText(tbl *widget.Table, row, col int) string {
	o := tbl.CreateCell()
	tbl.UpdateCell(widget.TableCellID{Row: row, Col: col}, o)
	return o.(*widget.Label).Text
}

func TestAgreementWindowShowsTheReport(t *testing.T) {
	path := newAgreementProject(t)
	h := newHarness(t, path, "lead")
	_, v := openAgreement(t, h)
	if h.d.lastError != "" {
		t.Fatalf("an error was shown: %s", h.d.lastError)
	}
	if v.rep == nil || !v.report.Visible() {
		t.Fatalf("no report shown; message %q", v.message.Text)
	}
	want := wantReport(t, path, agree.Options{Annotators: []string{"alice", "bob"}, Context: agreementContext})
	r := v.rep
	if strings.Join(r.Annotators, ",") != "alice,bob" || r.Documents != 2 || r.Skipped != 1 {
		t.Fatalf("compared %v over %d documents (%d skipped), want alice, bob over a1, b2 (c3 skipped)", r.Annotators, r.Documents, r.Skipped)
	}
	// alice has 10 spans on a1 and b2, bob 9; 7 match exactly, 8 overlap.
	p := want.Pairs[0]
	if p.F1Exact.String() != "0.7368" || p.F1Overlap.String() != "0.8421" {
		t.Fatalf("agree.Compute: F1 exact %s, overlap %s; want 14/19 and 16/19", p.F1Exact, p.F1Overlap)
	}
	cell := func(row, col int) string {
		o := v.matrix.CreateCell()
		v.matrix.UpdateCell(widget.TableCellID{Row: row, Col: col}, o)
		return o.(*widget.Label).Text
	}
	wantCell := "F1 exact " + p.F1Exact.String() + " (7/3/2)\nF1 overlap " + p.F1Overlap.String() +
		" (8/2/1)\nκ " + p.Kappa.String()
	if got := cell(0, 1); got != wantCell {
		t.Errorf("matrix alice × bob:\n%s\nwant\n%s", got, wantCell)
	}
	if got := cell(1, 0); !strings.Contains(got, "(7/2/3)") || !strings.Contains(got, "κ "+p.Kappa.String()) {
		t.Errorf("matrix bob × alice does not read bob first: %s", got)
	}
	if got := cell(0, 0); got != "—" {
		t.Errorf("matrix diagonal: %q", got)
	}
	// The per-label table: all labels first, then each label.
	if got := cellText(v.perLabel, 0, 2); got != want.FleissKappa.String() {
		t.Errorf("per-label table, all labels, Fleiss' κ: %q, want %s", got, want.FleissKappa)
	}
	for i, l := range want.Labels {
		if got := cellText(v.perLabel, i+1, 0); got != l {
			t.Fatalf("per-label row %d is %q, want %s", i+1, got, l)
		}
		if got := cellText(v.perLabel, i+1, 2); got != want.PerLabel[l].FleissKappa.String() {
			t.Errorf("%s Fleiss' κ %q, want %s", l, got, want.PerLabel[l].FleissKappa)
		}
		if got := cellText(v.perLabel, i+1, 6); got != want.Pairs[0].PerLabel[l].Kappa.String() {
			t.Errorf("%s κ alice–bob %q, want %s", l, got, want.Pairs[0].PerLabel[l].Kappa)
		}
	}
	// TIME is only on a1, where both have it: F1 1; LOC has a label
	// disagreement with ORG, so its kappa is below 1.
	if got := cellText(v.perLabel, 1+indexOf(want.Labels, "TIME"), 4); !strings.HasPrefix(got, "1.0000") {
		t.Errorf("TIME F1 exact %q, want 1.0000", got)
	}
	// The chart shows Fleiss' κ, all labels first.
	if got := v.chart.Rows; len(got) != 1+len(want.Labels) || got[0].Value != want.FleissKappa || got[1].Name != want.Labels[0] {
		t.Errorf("chart rows %+v", got)
	}
	v.measure.SetSelected("F1 exact, alice–bob")
	if got := v.chart.Rows[0].Value; got != p.F1Exact {
		t.Errorf("chart of F1 exact shows %v, want %v", got, p.F1Exact)
	}
	// Machine: alice accepted 5 suggestions unchanged on a1 and b2.
	if got := cellText(v.machine, 0, 2); !strings.HasPrefix(got, "5  (") {
		t.Errorf("alice accepted %q", got)
	}
	if !strings.Contains(v.summary.Text, "Fleiss' κ "+want.FleissKappa.String()) ||
		!strings.Contains(v.summary.Text, "Krippendorff's α "+want.Alpha.String()) {
		t.Errorf("summary: %s", v.summary.Text)
	}
	// The disagreements: 特朗普 (boundary) and 北京 (missing) on a1, 人民大会堂 (label) on b2.
	if n := v.disList.Length(); n != 3 || len(want.Disagreements) != 3 {
		t.Fatalf("%d disagreements listed, want 3", n)
	}
	row := v.disList.CreateItem().(*disagreementRow)
	v.disList.UpdateItem(0, row)
	ts, te := runes(t, textA, "特朗普")
	_, be := runes(t, textA, "特朗普（Donald Trump）")
	if got, want := row.head.Text, fmt.Sprintf("a1  ·  [%d, %d)  ·  boundary", ts, be); got != want {
		t.Errorf("first disagreement: %q, want %q", got, want)
	}
	if got, want := row.versions[0].Text, fmt.Sprintf("PER “特朗普” [%d, %d)", ts, te); got != want {
		t.Errorf("alice's version: %q, want %q", got, want)
	}
	if got, want := row.versions[1].Text, fmt.Sprintf("PER “特朗普（Donald Trump）” [%d, %d)", ts, be); got != want {
		t.Errorf("bob's version: %q, want %q", got, want)
	}
	ra := []rune(textA)
	if got, want := richText(row.context), "…"+string(ra[ts-agreementContext:be+agreementContext])+"…"; got != want {
		t.Errorf("context: %q, want %q", got, want)
	}
	v.disList.UpdateItem(1, row)
	if got := row.versions[1].Text; got != "— nothing" {
		t.Errorf("bob's version of 北京: %q", got)
	}
	test.AssertRendersToMarkup(t, "agreement.xml", v.win.Canvas())

	// In-progress documents count when asked: c3 joins.
	v.inProgress.SetChecked(true)
	h.d.jobs.wait()
	if v.rep.Documents != 3 || len(v.rep.Disagreements) != 4 {
		t.Errorf("with documents in progress: %d documents, %d disagreements; want 3 and 4", v.rep.Documents, len(v.rep.Disagreements))
	}
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// richText is the text of a rich text's segments.
func richText(r *widget.RichText) string {
	var b strings.Builder
	for _, s := range r.Segments {
		b.WriteString(s.Textual())
	}
	return b.String()
}

func TestAgreementWindowWithoutEnoughAnnotators(t *testing.T) {
	for _, c := range []struct {
		name  string
		files [][]jsonlDoc
		tick  []string // annotators left ticked, nil for all
		want  string
	}{
		{"nobody", nil, nil, "Nobody has annotated this project yet"},
		{"alice alone", [][]jsonlDoc{aliceDocs}, nil, "Only alice has annotated this project"},
		{"one ticked", [][]jsonlDoc{aliceDocs, bobDocs}, []string{"bob"}, "Tick at least two annotators"},
		{"nothing done", [][]jsonlDoc{aliceDocs, {{"a1", textA, "in-progress", nil}}}, nil, "No document is finished by every one of alice, bob"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := newMemProject(t)
			dir := t.TempDir()
			for i, docs := range c.files {
				importJSONL(t, path, writeJSONL(t, dir, []string{"alice", "bob"}[i], docs))
			}
			h := newHarness(t, path, "lead")
			_, v := openAgreement(t, h)
			if c.tick != nil {
				v.who.SetSelected(c.tick)
				h.d.jobs.wait()
			}
			if !strings.Contains(v.message.Text, c.want) || !v.message.Visible() || v.report.Visible() {
				t.Errorf("message %q (shown %v, report shown %v), want %q", v.message.Text, v.message.Visible(), v.report.Visible(), c.want)
			}
			if h.d.lastError != "" || h.d.win.Canvas().Overlays().Top() != nil {
				t.Errorf("an error dialog was shown: %q", h.d.lastError)
			}
		})
	}
}

func TestReviewMenuOpensTheWindows(t *testing.T) {
	h := newHarness(t, newAgreementProject(t), "lead")
	if h.d.review.Agreement == nil || h.d.review.Adjudicate == nil {
		t.Fatal("the Review menu's screens are not set")
	}
	titles := func() string {
		var out []string
		for _, w := range h.a.Driver().AllWindows() {
			out = append(out, w.Title())
		}
		return strings.Join(out, "; ")
	}
	h.d.review.Agreement()
	h.d.jobs.wait()
	h.d.review.Adjudicate()
	h.d.jobs.wait()
	got := titles()
	if !strings.Contains(got, "Agreement — test.goldspan") || !strings.Contains(got, "Adjudication — test.goldspan") {
		t.Errorf("windows open: %s", got)
	}
	for _, w := range slices.Clone(h.a.Driver().AllWindows()) {
		if w != h.w && w != nil {
			w.Close()
		}
	}
	if h.d.lastError != "" {
		t.Errorf("an error was shown: %s", h.d.lastError)
	}
	// The menu reaches adjudication directly: its first document is a1,
	// with the unanimous spans already in gold.
	if n := len(goldSpans(t, h, "a1")); n != 2 {
		t.Errorf("gold has %d spans on a1 after Review › Adjudicate, want the 2 unanimous ones", n)
	}
}

// goldSpans reads gold's spans on a document from the project, apart
// from the desk.
func goldSpans(t *testing.T, h *harness, docID string) []annotate.Span {
	t.Helper()
	db := openTest(t, h.path)
	defer db.Close()
	spans, err := db.Spans(context.Background(), docID, annotate.GoldAnnotator)
	if err != nil {
		t.Fatal(err)
	}
	return spans
}
