// Package storetest is the contract suite of annotate.Project. Every
// implementation runs it (storage's SQLite file, internal/fake's memory),
// so that code tested against one behaves the same on the other: the same
// error codes, undo and redo, ordering, filters and lexicon counts.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"goldspan/annotate"
)

// Run runs the suite as subtests of t. open returns a new project with the
// default labels and nothing else, and closes it when its test ends.
func Run(t *testing.T, open func(t *testing.T) annotate.Project) {
	tests := []struct {
		name string
		fn   func(t *testing.T, p annotate.Project)
	}{
		{"DefaultLabels", testDefaultLabels},
		{"PutLabel", testPutLabel},
		{"RenameLabelCascades", testRenameLabel},
		{"ImportStoresRecords", testImport},
		{"ImportRefusesBadRecords", testImportRefuses},
		{"ImportIsAllOrNothing", testImportAllOrNothing},
		{"ImportAddsLabels", testImportPutLabel},
		{"WritesWaitForAnImport", testWritesWaitForImport},
		{"DocumentsPagingFilterAndSearch", testDocuments},
		{"UnknownDocument", testUnknownDocument},
		{"Annotators", testAnnotators},
		{"AddSpan", testAddSpan},
		{"UpdateSpan", testUpdateSpan},
		{"DeleteSpan", testDeleteSpan},
		{"AllSpans", testAllSpans},
		{"FirstEditStartsTheDocument", testFirstEdit},
		{"SetStatus", testSetStatus},
		{"SuggestionsHiddenByDecisionsAndSpans", testSuggestionsHidden},
		{"AcceptSuggestion", testAcceptSuggestion},
		{"RejectSuggestion", testRejectSuggestion},
		{"SetSuggestions", testSetSuggestions},
		{"UndoRedo", testUndoRedo},
		{"NewActionSealsRedo", testRedoSealed},
		{"UndoIsPerDocumentAndAnnotator", testUndoPerLayer},
		{"UndoRedoDecisions", testUndoDecisions},
		{"Actions", testActions},
		{"ExportOneAnnotator", testExportOne},
		{"ExportAll", testExportAll},
		{"ExportSuggestions", testExportSuggestions},
		{"ExportStopsAtFirstError", testExportStops},
		{"ExportManyDocuments", testExportMany},
		{"Stats", testStats},
		{"Models", testModels},
		{"Settings", testSettings},
		{"Assignments", testAssignments},
		{"Lexicon", testLexicon},
		{"LexiconVersion", testLexiconVersion},
		{"LexiconCountsARejectionOnce", testLexiconRejectionOnce},
		{"UndoAcrossALabelRename", testUndoAcrossRename},
		{"EmptyModel", testEmptyModel},
		{"StaleSuggestionIDs", testStaleSuggestionIDs},
		{"ConcurrentEdits", testConcurrentEdits},
		{"Claim", testClaim},
		{"Backup", testBackup},
		{"Close", testClose},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

var ctx = context.Background()

// text has a CJK Extension B character (𠮷: outside the BMP, two UTF-16
// units, four bytes), an emoji and CRLF, so that every offset must count
// code points:
//
//	𠮷 野 家 在 俄 羅 斯 國 防 部 旁 👍 \r \n 普 京 訪 問 北 京
//	0  1  2  3  4  5  6  7  8  9  10 11 12 13 14 15 16 17 18 19
const text = "𠮷野家在俄羅斯國防部旁👍\r\n普京訪問北京"

// text2 is a second document: 上 海 \r \n 北 京.
const text2 = "上海\r\n北京"

func doc(id, text string) annotate.Record {
	return annotate.Record{Doc: annotate.Document{ID: id, Text: text}}
}

// layer is a record carrying an annotator's spans (and status, if given).
func layer(id, text, annotator string, st annotate.Status, spans ...annotate.Span) annotate.Record {
	r := doc(id, text)
	r.Annotator, r.Status, r.HasSpans, r.Spans = annotator, st, true, spans
	return r
}

func mustImport(t *testing.T, p annotate.Project, recs ...annotate.Record) annotate.ImportResult {
	t.Helper()
	imp, err := p.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer imp.Rollback()
	for _, r := range recs {
		if err := imp.Add(ctx, r); err != nil {
			t.Fatalf("import %s: %v", r.Doc.ID, err)
		}
	}
	res, err := imp.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func ok(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := annotate.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

func wantEq[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s = %+v, want %+v", what, got, want)
	}
}

func sp(docID, annotator string, start, end int, label string) annotate.Span {
	return annotate.Span{DocID: docID, Annotator: annotator, Start: start, End: end, Label: label}
}

func add(t *testing.T, p annotate.Project, docID, annotator string, start, end int, label string) annotate.Span {
	t.Helper()
	s, err := p.AddSpan(ctx, sp(docID, annotator, start, end, label))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func sug(start, end int, label string) annotate.Suggestion {
	return annotate.Suggestion{Start: start, End: end, Label: label, Source: "rule", Score: 0.5}
}

// spanList is spans in a compact comparable form: "0-3 ORG manual, ...".
func spanList(spans []annotate.Span) string {
	var parts []string
	for _, s := range spans {
		parts = append(parts, fmt.Sprintf("%d-%d %s %s", s.Start, s.End, s.Label, s.Origin))
	}
	return strings.Join(parts, ", ")
}

func spans(t *testing.T, p annotate.Project, docID, annotator string) string {
	t.Helper()
	ss, err := p.Spans(ctx, docID, annotator)
	ok(t, err)
	for _, s := range ss {
		if s.ID == 0 || s.DocID != docID || s.Annotator != annotator {
			t.Fatalf("span %+v: want an id, document %s and annotator %s", s, docID, annotator)
		}
	}
	return spanList(ss)
}

func sugList(sugs []annotate.Suggestion) string {
	var parts []string
	for _, g := range sugs {
		parts = append(parts, fmt.Sprintf("%d-%d %s", g.Start, g.End, g.Label))
	}
	return strings.Join(parts, ", ")
}

func sugs(t *testing.T, p annotate.Project, docID, annotator string) string {
	t.Helper()
	gs, err := p.Suggestions(ctx, docID, annotator)
	ok(t, err)
	return sugList(gs)
}

// findSug returns the id of the suggestion at start, end, label that
// annotator still sees.
func findSug(t *testing.T, p annotate.Project, docID, annotator string, start, end int, label string) int64 {
	t.Helper()
	gs, err := p.Suggestions(ctx, docID, annotator)
	ok(t, err)
	for _, g := range gs {
		if g.Start == start && g.End == end && g.Label == label {
			return g.ID
		}
	}
	t.Fatalf("%s sees no suggestion %d-%d %s in %s", annotator, start, end, label, sugList(gs))
	return 0
}

func status(t *testing.T, p annotate.Project, docID, annotator string) annotate.Status {
	t.Helper()
	st, err := p.Status(ctx, docID, annotator)
	ok(t, err)
	return st
}

// lexicon is the lexicon in a compact form: "surface/LABEL votes/rejections, ...".
func lexicon(t *testing.T, p annotate.Project) string {
	t.Helper()
	lex, err := p.Lexicon(ctx)
	ok(t, err)
	var parts []string
	for _, e := range lex {
		parts = append(parts, fmt.Sprintf("%s/%s %d/%d", e.Surface, e.Label, e.Votes, e.Rejections))
	}
	return strings.Join(parts, ", ")
}

func actions(t *testing.T, p annotate.Project, docID, annotator string) []annotate.Action {
	t.Helper()
	as, err := p.Actions(ctx, docID, annotator)
	ok(t, err)
	return as
}

// kinds is the kinds of the annotator's logged actions, with "~" marking
// the undone ones.
func kinds(t *testing.T, p annotate.Project, docID, annotator string) string {
	t.Helper()
	var parts []string
	for _, a := range actions(t, p, docID, annotator) {
		k := string(a.Kind)
		if a.Undone {
			k = "~" + k
		}
		parts = append(parts, k)
	}
	return strings.Join(parts, " ")
}

// recordLine is an exported record in a compact comparable form.
func recordLine(r annotate.Record) string {
	s := fmt.Sprintf("%s|%s|%s|%v|%s", r.Doc.ID, r.Annotator, r.Status, r.HasSpans, spanList(r.Spans))
	if r.Suggestions != nil || r.Rejected != 0 {
		s += fmt.Sprintf("|%s|rejected %d", sugList(r.Suggestions), r.Rejected)
	}
	return s
}

func export(t *testing.T, p annotate.Project, f annotate.ExportFilter) []string {
	t.Helper()
	var out []string
	ok(t, p.Export(ctx, f, func(r annotate.Record) error {
		out = append(out, recordLine(r))
		return nil
	}))
	return out
}

// snapshot describes everything a project holds that the interface shows,
// to tell whether something changed it.
func snapshot(t *testing.T, p annotate.Project) string {
	t.Helper()
	var b strings.Builder
	ok(t, p.Export(ctx, annotate.ExportFilter{All: true, Suggestions: true}, func(r annotate.Record) error {
		fmt.Fprintf(&b, "%d %q %s %s\n", r.Doc.Seq, r.Doc.Text, r.Doc.Meta, recordLine(r))
		return nil
	}))
	names, err := p.Annotators(ctx)
	ok(t, err)
	st, err := p.Stats(ctx)
	ok(t, err)
	fmt.Fprintf(&b, "annotators %v\nlexicon %s\nstats %+v\n", names, lexicon(t, p), st)
	return b.String()
}

func testDefaultLabels(t *testing.T, p annotate.Project) {
	ls, err := p.Labels(ctx)
	ok(t, err)
	wantEq(t, "labels", ls, annotate.DefaultLabels())
	names := []string{}
	for _, l := range ls {
		names = append(names, l.Name)
	}
	wantEq(t, "label names", names, []string{"PER", "LOC", "ORG", "TIME"})
	st, err := p.Stats(ctx)
	ok(t, err)
	wantEq(t, "stats labels", st.Labels, annotate.DefaultLabels())
}

func testPutLabel(t *testing.T, p annotate.Project) {
	want := annotate.DefaultLabels()
	labels := func() []annotate.Label {
		ls, err := p.Labels(ctx)
		ok(t, err)
		return ls
	}
	evt := annotate.Label{Name: "EVT", Color: "#123456", Hotkey: "5"}
	ok(t, p.PutLabel(ctx, evt))
	want = append(want, evt)
	wantEq(t, "labels after adding EVT", labels(), want)

	// Updating keeps the label's place.
	loc := annotate.Label{Name: "LOC", Color: "#000000"}
	ok(t, p.PutLabel(ctx, loc))
	want[1] = loc
	wantEq(t, "labels after updating LOC", labels(), want)
	per := annotate.Label{Name: "PER", Color: "#ABCDEF", Hotkey: "1"}
	ok(t, p.PutLabel(ctx, per)) // its own hotkey
	want[0] = per
	ok(t, p.PutLabel(ctx, annotate.Label{Name: "MISC", Color: "#111111"})) // a second label without a hotkey
	want = append(want, annotate.Label{Name: "MISC", Color: "#111111"})
	wantEq(t, "labels", labels(), want)

	wantCode(t, p.PutLabel(ctx, annotate.Label{Name: "NEW", Color: "#123456", Hotkey: "1"}), annotate.ECONFLICT)
	wantCode(t, p.PutLabel(ctx, annotate.Label{Name: "ORG", Color: "#123456", Hotkey: "5"}), annotate.ECONFLICT)
	for _, bad := range []annotate.Label{
		{Name: "", Color: "#123456"},
		{Name: "O", Color: "#123456"},
		{Name: "two words", Color: "#123456"},
		{Name: "X", Color: "red"},
		{Name: "X", Color: "#123456", Hotkey: "0"},
		{Name: "X", Color: "#123456", Hotkey: "10"},
	} {
		wantCode(t, p.PutLabel(ctx, bad), annotate.EINVALID)
	}
	wantEq(t, "labels after refused changes", labels(), want)

	mustImport(t, p, doc("d", text))
	add(t, p, "d", "alice", 0, 3, "EVT")
	wantEq(t, "spans", spans(t, p, "d", "alice"), "0-3 EVT manual")
}

func testRenameLabel(t *testing.T, p annotate.Project) {
	mustImport(t, p, doc("d", text))
	add(t, p, "d", "alice", 18, 20, "LOC")
	ok(t, p.SetSuggestions(ctx, "d", []annotate.Suggestion{sug(4, 7, "LOC"), sug(14, 16, "PER")}))
	ok(t, p.RejectSuggestion(ctx, "alice", findSug(t, p, "d", "alice", 4, 7, "LOC")))
	v0, err := p.LexiconVersion(ctx)
	ok(t, err)

	ok(t, p.RenameLabel(ctx, "LOC", "GPE"))
	ls, err := p.Labels(ctx)
	ok(t, err)
	want := annotate.DefaultLabels()
	want[1].Name = "GPE"
	wantEq(t, "labels", ls, want)
	wantEq(t, "alice's spans", spans(t, p, "d", "alice"), "18-20 GPE manual")
	wantEq(t, "bob's suggestions", sugs(t, p, "d", "bob"), "4-7 GPE, 14-16 PER")
	// The rejection followed the suggestion.
	wantEq(t, "alice's suggestions", sugs(t, p, "d", "alice"), "14-16 PER")
	wantEq(t, "lexicon", lexicon(t, p), "俄羅斯/GPE 0/1, 北京/GPE 1/0")
	if v, err := p.LexiconVersion(ctx); err != nil || v == v0 {
		t.Fatalf("lexicon version %q (%v) did not change with the rename", v, err)
	}
	st, err := p.Stats(ctx)
	ok(t, err)
	wantEq(t, "alice's labels", st.Annotators[0].ByLabel, map[string]int{"GPE": 1})
	wantEq(t, "export", export(t, p, annotate.ExportFilter{Annotator: "alice"}), []string{"d|alice|in-progress|true|18-20 GPE manual"})

	_, err = p.AddSpan(ctx, sp("d", "alice", 4, 7, "LOC"))
	wantCode(t, err, annotate.EINVALID)
	add(t, p, "d", "alice", 4, 7, "GPE")
	wantCode(t, p.RenameLabel(ctx, "LOC", "PLACE"), annotate.ENOTFOUND)
	wantCode(t, p.RenameLabel(ctx, "GPE", "PER"), annotate.ECONFLICT)
	wantCode(t, p.RenameLabel(ctx, "GPE", "GPE"), annotate.ECONFLICT)
	wantCode(t, p.RenameLabel(ctx, "GPE", "O"), annotate.EINVALID)
	wantCode(t, p.RenameLabel(ctx, "GPE", ""), annotate.EINVALID)
	ls, err = p.Labels(ctx)
	ok(t, err)
	wantEq(t, "labels after refused renames", ls, want)
}

func testImport(t *testing.T, p annotate.Project) {
	d1 := doc("d1", text)
	d1.Doc.Meta = []byte(`{"source":"wire"}`)
	d2 := layer("d2", text2, "bob", annotate.StatusDone,
		annotate.Span{Start: 4, End: 6, Label: "LOC", Origin: annotate.OriginSuggestion},
		annotate.Span{Start: 0, End: 2, Label: "LOC"})
	d2.Suggestions = []annotate.Suggestion{
		{Start: 0, End: 2, Label: "LOC", Source: "gazetteer", Score: 0.9},
		{Start: 0, End: 2, Label: "FOOD", Source: "rule", Score: 0.5}, // not a project label: left out
	}
	res := mustImport(t, p, d1, d2)
	wantEq(t, "import result", res, annotate.ImportResult{Documents: 2, NewDocs: 2, Spans: 2, Suggestions: 1})

	got1, err := p.Document(ctx, "d1")
	ok(t, err)
	got2, err := p.Document(ctx, "d2")
	ok(t, err)
	if got1.ID != "d1" || got1.Text != text || string(got1.Meta) != `{"source":"wire"}` || got1.Seq <= 0 {
		t.Fatalf("d1 = %+v", got1)
	}
	if got2.Text != text2 || string(got2.Meta) != "{}" || got2.Seq <= got1.Seq {
		t.Fatalf("d2 = %+v (d1's seq %d)", got2, got1.Seq)
	}
	wantEq(t, "bob's spans", spans(t, p, "d2", "bob"), "0-2 LOC manual, 4-6 LOC suggestion")
	wantEq(t, "bob's status", status(t, p, "d2", "bob"), annotate.StatusDone)
	gs, err := p.Suggestions(ctx, "d2", "alice")
	ok(t, err)
	if len(gs) != 1 || gs[0].ID == 0 || gs[0].DocID != "d2" || gs[0].Source != "gazetteer" || gs[0].Score != 0.9 {
		t.Fatalf("suggestions = %+v", gs)
	}
	wantEq(t, "bob's suggestions (equal to his spans)", sugs(t, p, "d2", "bob"), "")
	wantEq(t, "lexicon", lexicon(t, p), "上海/LOC 1/0, 北京/LOC 1/0")

	// The same document again is no new document.
	res = mustImport(t, p, doc("d1", text))
	wantEq(t, "import result", res, annotate.ImportResult{Documents: 1})
	if n, err := p.CountDocuments(ctx, annotate.DocumentFilter{}); err != nil || n != 2 {
		t.Fatalf("documents = %d, %v", n, err)
	}
	if got, _ := p.Document(ctx, "d1"); got.Seq != got1.Seq {
		t.Fatalf("seq changed on re-import: %d, was %d", got.Seq, got1.Seq)
	}

	// A layer replaces the annotator's spans; no status leaves it as it is.
	res = mustImport(t, p, layer("d2", text2, "bob", "", annotate.Span{Start: 0, End: 2, Label: "PER"}))
	wantEq(t, "import result", res, annotate.ImportResult{Documents: 1, Spans: 1})
	wantEq(t, "bob's spans", spans(t, p, "d2", "bob"), "0-2 PER manual")
	wantEq(t, "bob's status", status(t, p, "d2", "bob"), annotate.StatusDone)
	wantEq(t, "lexicon", lexicon(t, p), "上海/PER 1/0")
	// A status without spans leaves the spans.
	r := doc("d2", text2)
	r.Annotator, r.Status = "bob", annotate.StatusInProgress
	mustImport(t, p, r)
	wantEq(t, "bob's spans", spans(t, p, "d2", "bob"), "0-2 PER manual")
	wantEq(t, "bob's status", status(t, p, "d2", "bob"), annotate.StatusInProgress)
	// Non-nil empty suggestions clear them; nil leaves them.
	mustImport(t, p, doc("d2", text2))
	wantEq(t, "alice's suggestions", sugs(t, p, "d2", "alice"), "0-2 LOC")
	r = doc("d2", text2)
	r.Suggestions = []annotate.Suggestion{}
	mustImport(t, p, r)
	wantEq(t, "alice's suggestions", sugs(t, p, "d2", "alice"), "")

	// An import seals the undo history of the layers it replaces.
	add(t, p, "d1", "carol", 0, 3, "ORG")
	add(t, p, "d1", "dave", 0, 3, "ORG")
	mustImport(t, p, layer("d1", text, "carol", ""))
	wantEq(t, "carol's spans", spans(t, p, "d1", "carol"), "")
	_, err = p.Undo(ctx, "d1", "carol")
	wantCode(t, err, annotate.ENOTHING)
	if _, err := p.Undo(ctx, "d1", "dave"); err != nil {
		t.Fatal("dave's undo was sealed by carol's import:", err)
	}
	wantEq(t, "annotators", mustAnnotators(t, p), []string{"bob", "carol", "dave"})
}

func mustAnnotators(t *testing.T, p annotate.Project) []string {
	t.Helper()
	names, err := p.Annotators(ctx)
	ok(t, err)
	return names
}

func testImportRefuses(t *testing.T, p annotate.Project) {
	mustImport(t, p, doc("d", text))
	before := snapshot(t, p)
	withStatus := doc("d", text)
	withStatus.Annotator, withStatus.Status = "alice", "finished"
	withSugs := doc("d", text)
	withSugs.Suggestions = []annotate.Suggestion{sug(0, 3, "ORG"), sug(15, 21, "LOC")}
	badMeta := doc("m", "文")
	badMeta.Doc.Meta = []byte(`[1]`)
	for _, c := range []struct {
		name string
		r    annotate.Record
		code string // "" for any error
	}{
		{"empty id", doc("", "文"), annotate.EINVALID},
		{"text not UTF-8", doc("x", "\xff\xfe"), annotate.EINVALID},
		{"meta not an object", badMeta, annotate.EINVALID},
		{"same id, other text", doc("d", "不同"), annotate.ECONFLICT},
		{"bad annotator", layer("d", text, " alice", ""), annotate.EINVALID},
		{"unknown label", layer("d", text, "alice", "", annotate.Span{Start: 0, End: 3, Label: "FOOD"}), annotate.EINVALID},
		{"span out of range", layer("d", text, "alice", "", annotate.Span{Start: 18, End: 21, Label: "LOC"}), annotate.EINVALID},
		{"empty span", layer("d", text, "alice", "", annotate.Span{Start: 3, End: 3, Label: "LOC"}), annotate.EINVALID},
		{"bad origin", layer("d", text, "alice", "", annotate.Span{Start: 0, End: 3, Label: "ORG", Origin: "robot"}), annotate.EINVALID},
		{"span twice", layer("d", text, "alice", "", annotate.Span{Start: 0, End: 3, Label: "ORG"}, annotate.Span{Start: 0, End: 3, Label: "ORG", Origin: annotate.OriginSuggestion}), annotate.ECONFLICT},
		{"suggestion out of range", withSugs, annotate.EINVALID},
		{"unknown status", withStatus, ""},
	} {
		imp, err := p.BeginImport(ctx)
		ok(t, err)
		ok(t, imp.Add(ctx, layer("new", "新聞", "alice", annotate.StatusDone, annotate.Span{Start: 0, End: 2, Label: "ORG"})))
		err = imp.Add(ctx, c.r)
		if err == nil {
			t.Fatalf("%s: imported", c.name)
		} else if c.code != "" && annotate.ErrorCode(err) != c.code {
			t.Fatalf("%s: error code = %q (%v), want %q", c.name, annotate.ErrorCode(err), err, c.code)
		}
		ok(t, imp.Rollback())
		if got := snapshot(t, p); got != before {
			t.Fatalf("%s: the project changed:\n%s\nwas\n%s", c.name, got, before)
		}
	}
}

func testImportAllOrNothing(t *testing.T, p annotate.Project) {
	mustImport(t, p, doc("d1", text))
	before := snapshot(t, p)

	imp, err := p.BeginImport(ctx)
	ok(t, err)
	ok(t, imp.Add(ctx, doc("d2", text2)))
	ok(t, imp.Add(ctx, layer("d1", text, "bob", annotate.StatusDone, annotate.Span{Start: 0, End: 3, Label: "ORG"})))
	// Nothing shows before Commit.
	if n, err := p.CountDocuments(ctx, annotate.DocumentFilter{}); err != nil || n != 1 {
		t.Fatalf("documents during an import = %d, %v", n, err)
	}
	_, err = p.Document(ctx, "d2")
	wantCode(t, err, annotate.ENOTFOUND)
	wantEq(t, "bob's spans during the import", spans(t, p, "d1", "bob"), "")
	ok(t, imp.Rollback())
	ok(t, imp.Rollback())
	if got := snapshot(t, p); got != before {
		t.Fatalf("after a rollback:\n%s\nwas\n%s", got, before)
	}

	// A failing Add, then Rollback: nothing of the import stays.
	imp, err = p.BeginImport(ctx)
	ok(t, err)
	ok(t, imp.Add(ctx, doc("d2", text2)))
	ok(t, imp.Add(ctx, layer("d1", text, "bob", annotate.StatusDone, annotate.Span{Start: 0, End: 3, Label: "ORG"})))
	wantCode(t, imp.Add(ctx, doc("d1", "不同")), annotate.ECONFLICT)
	ok(t, imp.Rollback())
	if got := snapshot(t, p); got != before {
		t.Fatalf("after a failed import:\n%s\nwas\n%s", got, before)
	}

	imp, err = p.BeginImport(ctx)
	ok(t, err)
	ok(t, imp.Add(ctx, doc("d2", text2)))
	res, err := imp.Commit()
	ok(t, err)
	wantEq(t, "import result", res, annotate.ImportResult{Documents: 1, NewDocs: 1})
	ok(t, imp.Rollback()) // a no-op after Commit
	if _, err := p.Document(ctx, "d2"); err != nil {
		t.Fatal("committed document lost:", err)
	}
	if err := imp.Add(ctx, doc("d3", "丙")); err == nil {
		t.Fatal("Add after Commit succeeded")
	}
	if _, err := imp.Commit(); err == nil {
		t.Fatal("a second Commit succeeded")
	}
	_, err = p.Document(ctx, "d3")
	wantCode(t, err, annotate.ENOTFOUND)
}

func testImportPutLabel(t *testing.T, p annotate.Project) {
	mustImport(t, p, doc("d1", text))
	before := snapshot(t, p)
	labels0, err := p.Labels(ctx)
	ok(t, err)
	misc := annotate.Label{Name: "MISC", Color: "#123456", Hotkey: "7"}

	// Added inside the import: gone with a rollback, and a span may use it.
	imp, err := p.BeginImport(ctx)
	ok(t, err)
	wantCode(t, imp.Add(ctx, layer("d1", text, "bob", annotate.StatusDone, annotate.Span{Start: 0, End: 3, Label: "MISC"})), annotate.EINVALID)
	ok(t, imp.Rollback())
	imp, err = p.BeginImport(ctx)
	ok(t, err)
	ok(t, imp.PutLabel(ctx, misc))
	ok(t, imp.PutLabel(ctx, misc)) // twice is once
	wantCode(t, imp.PutLabel(ctx, annotate.Label{Name: "X", Color: "#000000", Hotkey: "7"}), annotate.ECONFLICT)
	wantCode(t, imp.PutLabel(ctx, annotate.Label{Name: "bad label", Color: "#000000"}), annotate.EINVALID)
	ok(t, imp.Add(ctx, layer("d1", text, "bob", annotate.StatusDone, annotate.Span{Start: 0, End: 3, Label: "MISC"})))
	ok(t, imp.Rollback())
	if got := snapshot(t, p); got != before {
		t.Fatalf("after a rolled-back import that added a label:\n%s\nwas\n%s", got, before)
	}
	if got, err := p.Labels(ctx); err != nil || len(got) != len(labels0) {
		t.Fatalf("labels after the rollback = %v, %v; want %v", got, err, labels0)
	}

	// Committed: the label is the project's, last, with its colour and hotkey.
	imp, err = p.BeginImport(ctx)
	ok(t, err)
	ok(t, imp.PutLabel(ctx, misc))
	ok(t, imp.PutLabel(ctx, annotate.Label{Name: labels0[0].Name, Color: "#000000"})) // an existing label stays as it is
	ok(t, imp.Add(ctx, layer("d1", text, "bob", annotate.StatusDone, annotate.Span{Start: 0, End: 3, Label: "MISC"})))
	_, err = imp.Commit()
	ok(t, err)
	got, err := p.Labels(ctx)
	ok(t, err)
	want := append(slices.Clone(labels0), misc)
	wantEq(t, "labels after the import", got, want)
	wantEq(t, "bob's spans", spans(t, p, "d1", "bob"), "0-3 MISC manual")
}

func testWritesWaitForImport(t *testing.T, p annotate.Project) {
	mustImport(t, p, doc("d1", text))
	imp, err := p.BeginImport(ctx)
	ok(t, err)
	defer imp.Rollback()
	ok(t, imp.Add(ctx, doc("d2", text2)))
	done := make(chan error, 1)
	go func() {
		_, err := p.AddSpan(ctx, sp("d1", "alice", 0, 3, "ORG"))
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	ok(t, imp.Add(ctx, doc("d3", "丙")))
	_, err = imp.Commit()
	ok(t, err)
	ok(t, <-done)
	wantEq(t, "alice's spans", spans(t, p, "d1", "alice"), "0-3 ORG manual")
	if n, err := p.CountDocuments(ctx, annotate.DocumentFilter{}); err != nil || n != 3 {
		t.Fatalf("documents = %d, %v", n, err)
	}
}

func testDocuments(t *testing.T, p annotate.Project) {
	var recs []annotate.Record
	nth := func(i int) string { return "第" + string(rune('一'+i)) + "篇" } // 第一篇, 第丁篇, 第丂篇, 第七篇...
	for i := range 30 {
		recs = append(recs, doc(fmt.Sprintf("doc%02d", i), nth(i)+"\r\n"))
	}
	long := "👍\r\n\t" + strings.Repeat("𠮷", 100)
	recs = append(recs, doc("long", long))
	mustImport(t, p, recs...)
	ok(t, p.SetStatus(ctx, "doc01", "alice", annotate.StatusDone))
	ok(t, p.SetStatus(ctx, "doc02", "alice", annotate.StatusSkipped))
	add(t, p, "doc03", "alice", 0, 1, "PER")
	add(t, p, "doc03", "alice", 1, 2, "PER")

	ids := func(f annotate.DocumentFilter) string {
		t.Helper()
		page, err := p.Documents(ctx, f)
		ok(t, err)
		var out []string
		for _, d := range page {
			out = append(out, d.ID)
		}
		all := f
		all.Offset, all.Limit = 0, 0
		n, err := p.CountDocuments(ctx, all)
		ok(t, err)
		full, err := p.Documents(ctx, all)
		ok(t, err)
		if n != len(full) {
			t.Fatalf("CountDocuments(%+v) = %d, Documents gives %d", all, n, len(full))
		}
		return strings.Join(out, " ")
	}
	wantEq(t, "page", ids(annotate.DocumentFilter{Annotator: "alice", Offset: 10, Limit: 5}), "doc10 doc11 doc12 doc13 doc14")
	wantEq(t, "last page", ids(annotate.DocumentFilter{Annotator: "alice", Offset: 28, Limit: 5}), "doc28 doc29 long")
	wantEq(t, "past the end", ids(annotate.DocumentFilter{Annotator: "alice", Offset: 31, Limit: 5}), "")
	wantEq(t, "done", ids(annotate.DocumentFilter{Annotator: "alice", Status: annotate.StatusDone}), "doc01")
	wantEq(t, "skipped", ids(annotate.DocumentFilter{Annotator: "alice", Status: annotate.StatusSkipped}), "doc02")
	wantEq(t, "in progress", ids(annotate.DocumentFilter{Annotator: "alice", Status: annotate.StatusInProgress}), "doc03")
	wantEq(t, "bob's done", ids(annotate.DocumentFilter{Annotator: "bob", Status: annotate.StatusDone}), "")
	wantEq(t, "nobody's done", ids(annotate.DocumentFilter{Status: annotate.StatusDone}), "")
	wantEq(t, "todo page", ids(annotate.DocumentFilter{Annotator: "alice", Status: annotate.StatusTodo, Limit: 3}), "doc00 doc04 doc05")
	wantEq(t, "search by id", ids(annotate.DocumentFilter{Annotator: "alice", Query: "doc2"}), "doc20 doc21 doc22 doc23 doc24 doc25 doc26 doc27 doc28 doc29")
	wantEq(t, "search by text", ids(annotate.DocumentFilter{Annotator: "alice", Query: "第七"}), "doc03")
	wantEq(t, "search outside the BMP", ids(annotate.DocumentFilter{Query: "𠮷𠮷"}), "long")
	wantEq(t, "search across CRLF", ids(annotate.DocumentFilter{Query: "篇\r\n"}), ids(annotate.DocumentFilter{Limit: 30}))
	wantEq(t, "search and status", ids(annotate.DocumentFilter{Annotator: "alice", Query: "doc0", Status: annotate.StatusTodo}), "doc00 doc04 doc05 doc06 doc07 doc08 doc09")
	wantEq(t, "search and done", ids(annotate.DocumentFilter{Annotator: "alice", Query: "doc0", Status: annotate.StatusDone}), "doc01")
	wantEq(t, "no match", ids(annotate.DocumentFilter{Query: "nothing"}), "")

	for _, c := range []struct {
		f    annotate.DocumentFilter
		want int
	}{
		{annotate.DocumentFilter{}, 31},
		{annotate.DocumentFilter{Annotator: "alice"}, 31},
		{annotate.DocumentFilter{Annotator: "alice", Status: annotate.StatusTodo}, 28},
		{annotate.DocumentFilter{Annotator: "bob", Status: annotate.StatusTodo}, 31},
		{annotate.DocumentFilter{Annotator: "alice", Status: annotate.StatusTodo, Offset: 5, Limit: 1}, 28},
	} {
		if n, err := p.CountDocuments(ctx, c.f); err != nil || n != c.want {
			t.Fatalf("CountDocuments(%+v) = %d, %v; want %d", c.f, n, err, c.want)
		}
	}

	page, err := p.Documents(ctx, annotate.DocumentFilter{Annotator: "alice"})
	ok(t, err)
	if len(page) != 31 {
		t.Fatalf("documents = %d", len(page))
	}
	for i, d := range page {
		got, err := p.Document(ctx, d.ID)
		ok(t, err)
		if d.Seq != got.Seq || (i > 0 && d.Seq <= page[i-1].Seq) {
			t.Fatalf("summary %+v: seq %d out of import order (document's %d)", d, d.Seq, got.Seq)
		}
	}
	wantEq(t, "doc01", page[1], annotate.DocumentSummary{ID: "doc01", Seq: page[1].Seq, Preview: nth(1) + "  ", Length: 5, Status: annotate.StatusDone})
	wantEq(t, "doc03", page[3], annotate.DocumentSummary{ID: "doc03", Seq: page[3].Seq, Preview: nth(3) + "  ", Length: 5, Status: annotate.StatusInProgress, Spans: 2})
	// The preview is 80 code points on one line, then an ellipsis.
	wantEq(t, "long", page[30], annotate.DocumentSummary{ID: "long", Seq: page[30].Seq, Preview: "👍   " + strings.Repeat("𠮷", 76) + "…", Length: 104, Status: annotate.StatusTodo})
	bobs, err := p.Documents(ctx, annotate.DocumentFilter{Annotator: "bob", Offset: 3, Limit: 1})
	ok(t, err)
	wantEq(t, "bob's doc03", bobs, []annotate.DocumentSummary{{ID: "doc03", Seq: page[3].Seq, Preview: nth(3) + "  ", Length: 5, Status: annotate.StatusTodo}})
}

func testUnknownDocument(t *testing.T, p annotate.Project) {
	mustImport(t, p, doc("d", text))
	_, err := p.Document(ctx, "nope")
	wantCode(t, err, annotate.ENOTFOUND)
	_, err = p.Status(ctx, "nope", "alice")
	wantCode(t, err, annotate.ENOTFOUND)
	_, err = p.Suggestions(ctx, "nope", "alice")
	wantCode(t, err, annotate.ENOTFOUND)
	_, err = p.Actions(ctx, "nope", "alice")
	wantCode(t, err, annotate.ENOTFOUND)
	_, err = p.AddSpan(ctx, sp("nope", "alice", 0, 1, "PER"))
	wantCode(t, err, annotate.ENOTFOUND)
	wantCode(t, p.SetStatus(ctx, "nope", "alice", annotate.StatusDone), annotate.ENOTFOUND)
	wantCode(t, p.SetSuggestions(ctx, "nope", []annotate.Suggestion{sug(0, 1, "PER")}), annotate.ENOTFOUND)
	_, err = p.Undo(ctx, "nope", "alice")
	wantCode(t, err, annotate.ENOTFOUND)
	_, err = p.Redo(ctx, "nope", "alice")
	wantCode(t, err, annotate.ENOTFOUND)
	_, err = p.UpdateSpan(ctx, "alice", 12345, 0, 1, "PER")
	wantCode(t, err, annotate.ENOTFOUND)
	wantCode(t, p.DeleteSpan(ctx, "alice", 12345), annotate.ENOTFOUND)
	_, err = p.AcceptSuggestion(ctx, "alice", 12345, "")
	wantCode(t, err, annotate.ENOTFOUND)
	wantCode(t, p.RejectSuggestion(ctx, "alice", 12345), annotate.ENOTFOUND)
	// Reading an annotator who never worked is no error.
	wantEq(t, "zoe's status", status(t, p, "d", "zoe"), annotate.StatusTodo)
	wantEq(t, "zoe's actions", len(actions(t, p, "d", "zoe")), 0)
	wantEq(t, "zoe's spans", spans(t, p, "d", "zoe"), "")
}

func testAnnotators(t *testing.T, p annotate.Project) {
	mustImport(t, p, doc("d", text), doc("e", text2))
	wantEq(t, "annotators", len(mustAnnotators(t, p)), 0)
	add(t, p, "d", "carol", 0, 3, "ORG")
	ok(t, p.SetStatus(ctx, "e", "alice", annotate.StatusDone))
	ok(t, p.SetStatus(ctx, "e", "dave", annotate.StatusTodo)) // no change: dave did nothing
	mustImport(t, p, layer("e", text2, "bob", "", annotate.Span{Start: 0, End: 2, Label: "LOC"}))
	_, err := p.Undo(ctx, "d", "erin") // nothing to undo: erin did nothing either
	wantCode(t, err, annotate.ENOTHING)
	wantEq(t, "annotators", mustAnnotators(t, p), []string{"alice", "bob", "carol"})
}

func testAddSpan(t *testing.T, p annotate.Project) {
	mustImport(t, p, doc("d", text))
	s, err := p.AddSpan(ctx, sp("d", "alice", 0, 3, "ORG"))
	ok(t, err)
	if s.ID == 0 {
		t.Fatal("no id")
	}
	wantEq(t, "span", s, annotate.Span{ID: s.ID, DocID: "d", Start: 0, End: 3, Label: "ORG", Origin: annotate.OriginManual, Annotator: "alice"})
	ids := map[int64]bool{s.ID: true}
	for _, x := range []annotate.Span{
		sp("d", "alice", 4, 10, "ORG"), // nesting and overlapping are fine
		sp("d", "alice", 4, 7, "LOC"),
		sp("d", "alice", 4, 7, "ORG"), // same place, other label
		sp("d", "alice", 11, 12, "TIME"),
		{DocID: "d", Annotator: "alice", Start: 14, End: 16, Label: "PER", Origin: annotate.OriginSuggestion},
		sp("d", "bob", 0, 3, "ORG"), // the same span, another annotator
	} {
		got, err := p.AddSpan(ctx, x)
		ok(t, err)
		if ids[got.ID] {
			t.Fatalf("id %d given twice", got.ID)
		}
		ids[got.ID] = true
	}
	for _, bad := range []annotate.Span{
		sp("d", "alice", -1, 3, "ORG"),
		sp("d", "alice", 18, 21, "LOC"),
		sp("d", "alice", 3, 3, "LOC"),
		sp("d", "alice", 5, 4, "LOC"),
		sp("d", "alice", 0, 3, "FOOD"),
		sp("d", "alice", 0, 3, ""),
		{DocID: "d", Annotator: "alice", Start: 0, End: 3, Label: "ORG", Origin: "robot"},
		sp("d", "", 0, 3, "ORG"),
		sp("d", " alice", 0, 3, "ORG"),
		sp("d", "al\x01ice", 0, 3, "ORG"),
	} {
		_, err := p.AddSpan(ctx, bad)
		wantCode(t, err, annotate.EINVALID)
	}
	_, err = p.AddSpan(ctx, sp("d", "alice", 0, 3, "ORG"))
	wantCode(t, err, annotate.ECONFLICT)
	_, err = p.AddSpan(ctx, annotate.Span{DocID: "d", Annotator: "alice", Start: 0, End: 3, Label: "ORG", Origin: annotate.OriginSuggestion})
	wantCode(t, err, annotate.ECONFLICT)

	wantEq(t, "alice's spans", spans(t, p, "d", "alice"), "0-3 ORG manual, 4-7 LOC manual, 4-7 ORG manual, 4-10 ORG manual, 11-12 TIME manual, 14-16 PER suggestion")
	wantEq(t, "bob's spans", spans(t, p, "d", "bob"), "0-3 ORG manual")
	wantEq(t, "alice's actions", kinds(t, p, "d", "alice"), "add add add add add add")
	wantEq(t, "lexicon", lexicon(t, p), "俄羅斯/LOC 1/0, 俄羅斯/ORG 1/0, 俄羅斯國防部/ORG 1/0, 普京/PER 1/0, 👍/TIME 1/0, 𠮷野家/ORG 2/0")
}

func testUpdateSpan(t *testing.T, p annotate.Project) {
	mustImport(t, p, doc("d", text))
	s := add(t, p, "d", "alice", 4, 7, "LOC")
	got, err := p.UpdateSpan(ctx, "alice", s.ID, 4, 10, "ORG")
	ok(t, err)
	wantEq(t, "updated", got, annotate.Span{ID: s.ID, DocID: "d", Start: 4, End: 10, Label: "ORG", Origin: annotate.OriginManual, Annotator: "alice"})
	wantEq(t, "spans", spans(t, p, "d", "alice"), "4-10 ORG manual")
	// No change, no action.
	got, err = p.UpdateSpan(ctx, "alice", s.ID, 4, 10, "ORG")
	ok(t, err)
	wantEq(t, "unchanged", got.ID, s.ID)
	wantEq(t, "actions", kinds(t, p, "d", "alice"), "add update")

	_, err = p.UpdateSpan(ctx, "bob", s.ID, 4, 7, "LOC")
	wantCode(t, err, annotate.ENOTFOUND)
	_, err = p.UpdateSpan(ctx, "alice", s.ID+1000, 4, 7, "LOC")
	wantCode(t, err, annotate.ENOTFOUND)
	for _, bad := range [][3]int{{4, 21}, {-1, 4}, {7, 7}, {8, 4}} {
		_, err = p.UpdateSpan(ctx, "alice", s.ID, bad[0], bad[1], "ORG")
		wantCode(t, err, annotate.EINVALID)
	}
	_, err = p.UpdateSpan(ctx, "alice", s.ID, 4, 10, "FOOD")
	wantCode(t, err, annotate.EINVALID)
	other := add(t, p, "d", "alice", 0, 3, "ORG")
	_, err = p.UpdateSpan(ctx, "alice", other.ID, 4, 10, "ORG")
	wantCode(t, err, annotate.ECONFLICT)
	wantEq(t, "spans after refused updates", spans(t, p, "d", "alice"), "0-3 ORG manual, 4-10 ORG manual")

	// An accepted suggestion that is changed becomes suggestion-edited.
	ok(t, p.SetSuggestions(ctx, "d", []annotate.Suggestion{sug(14, 16, "PER")}))
	acc, err := p.AcceptSuggestion(ctx, "alice", findSug(t, p, "d", "alice", 14, 16, "PER"), "")
	ok(t, err)
	got, err = p.UpdateSpan(ctx, "alice", acc.ID, 14, 16, "ORG")
	ok(t, err)
	wantEq(t, "origin", got.Origin, annotate.OriginSuggestionEdited)
	got, err = p.UpdateSpan(ctx, "alice", acc.ID, 14, 17, "ORG")
	ok(t, err)
	wantEq(t, "origin", got.Origin, annotate.OriginSuggestionEdited)
	wantEq(t, "spans", spans(t, p, "d", "alice"), "0-3 ORG manual, 4-10 ORG manual, 14-17 ORG suggestion-edited")
	wantEq(t, "lexicon", lexicon(t, p), "俄羅斯國防部/ORG 1/0, 普京訪/ORG 1/0, 𠮷野家/ORG 1/0")
}

func testDeleteSpan(t *testing.T, p annotate.Project) {
	mustImport(t, p, doc("d", text))
	a := add(t, p, "d", "alice", 0, 3, "ORG")
	add(t, p, "d", "bob", 0, 3, "ORG")
	wantCode(t, p.DeleteSpan(ctx, "bob", a.ID), annotate.ENOTFOUND)
	wantCode(t, p.DeleteSpan(ctx, "alice", a.ID+1000), annotate.ENOTFOUND)
	ok(t, p.DeleteSpan(ctx, "alice", a.ID))
	wantCode(t, p.DeleteSpan(ctx, "alice", a.ID), annotate.ENOTFOUND)
	wantEq(t, "alice's spans", spans(t, p, "d", "alice"), "")
	wantEq(t, "bob's spans", spans(t, p, "d", "bob"), "0-3 ORG manual")
	wantEq(t, "alice's actions", kinds(t, p, "d", "alice"), "add delete")
	wantEq(t, "lexicon", lexicon(t, p), "𠮷野家/ORG 1/0")
	// The same span can come back.
	add(t, p, "d", "alice", 0, 3, "ORG")
	wantEq(t, "lexicon", lexicon(t, p), "𠮷野家/ORG 2/0")
}

func testAllSpans(t *testing.T, p annotate.Project) {
	mustImport(t, p, doc("d", text), doc("e", text2))
	add(t, p, "d", "carol", 4, 7, "LOC")
	add(t, p, "d", "bob", 14, 16, "PER")
	add(t, p, "d", "bob", 0, 3, "ORG")
	add(t, p, "d", "alice", 18, 20, "LOC")
	add(t, p, "e", "alice", 0, 2, "LOC")
	all, err := p.AllSpans(ctx, "d")
	ok(t, err)
	var got []string
	for _, s := range all {
		if s.DocID != "d" || s.ID == 0 {
			t.Fatalf("span %+v", s)
		}
		got = append(got, fmt.Sprintf("%s %d-%d %s", s.Annotator, s.Start, s.End, s.Label))
	}
	wantEq(t, "all spans", got, []string{"alice 18-20 LOC", "bob 0-3 ORG", "bob 14-16 PER", "carol 4-7 LOC"})
}

func testFirstEdit(t *testing.T, p annotate.Project) {
	mustImport(t, p, doc("d", text), doc("e", text2), layer("f", text2, "carol", "", annotate.Span{Start: 0, End: 2, Label: "LOC"}))
	wantEq(t, "status", status(t, p, "d", "alice"), annotate.StatusTodo)
	add(t, p, "d", "alice", 0, 3, "ORG")
	wantEq(t, "status after an edit", status(t, p, "d", "alice"), annotate.StatusInProgress)
	add(t, p, "d", "alice", 4, 7, "LOC")
	as := actions(t, p, "d", "alice")
	if len(as) != 2 || as[0].StatusBefore != annotate.StatusTodo || as[0].StatusAfter != annotate.StatusInProgress || as[1].StatusBefore != "" || as[1].StatusAfter != "" {
		t.Fatalf("actions = %+v", as)
	}
	_, err := p.Undo(ctx, "d", "alice")
	ok(t, err)
	wantEq(t, "status", status(t, p, "d", "alice"), annotate.StatusInProgress)
	_, err = p.Undo(ctx, "d", "alice")
	ok(t, err)
	wantEq(t, "status after undoing the first edit", status(t, p, "d", "alice"), annotate.StatusTodo)
	_, err = p.Redo(ctx, "d", "alice")
	ok(t, err)
	wantEq(t, "status after redoing it", status(t, p, "d", "alice"), annotate.StatusInProgress)

	// A status other than todo stays.
	ok(t, p.SetStatus(ctx, "e", "alice", annotate.StatusDone))
	add(t, p, "e", "alice", 0, 2, "LOC")
	wantEq(t, "done stays", status(t, p, "e", "alice"), annotate.StatusDone)
	ok(t, p.SetSuggestions(ctx, "e", []annotate.Suggestion{sug(4, 6, "LOC")}))
	ok(t, p.SetStatus(ctx, "e", "bob", annotate.StatusSkipped))
	ok(t, p.RejectSuggestion(ctx, "bob", findSug(t, p, "e", "bob", 4, 6, "LOC")))
	wantEq(t, "skipped stays", status(t, p, "e", "bob"), annotate.StatusSkipped)
	// Rejecting and deleting are edits too.
	ok(t, p.RejectSuggestion(ctx, "dave", findSug(t, p, "e", "dave", 4, 6, "LOC")))
	wantEq(t, "dave's status", status(t, p, "e", "dave"), annotate.StatusInProgress)
	wantEq(t, "carol's status", status(t, p, "f", "carol"), annotate.StatusTodo)
	ss, err := p.Spans(ctx, "f", "carol")
	ok(t, err)
	ok(t, p.DeleteSpan(ctx, "carol", ss[0].ID))
	wantEq(t, "carol's status", status(t, p, "f", "carol"), annotate.StatusInProgress)
}

func testSetStatus(t *testing.T, p annotate.Project) {
	mustImport(t, p, doc("d", text))
	wantCode(t, p.SetStatus(ctx, "d", "alice", "finished"), annotate.EINVALID)
	wantCode(t, p.SetStatus(ctx, "d", "alice", ""), annotate.EINVALID)
	wantCode(t, p.SetStatus(ctx, "d", "", annotate.StatusDone), annotate.EINVALID)
	ok(t, p.SetStatus(ctx, "d", "alice", annotate.StatusDone))
	ok(t, p.SetStatus(ctx, "d", "alice", annotate.StatusDone)) // no change, no action
	ok(t, p.SetStatus(ctx, "d", "alice", annotate.StatusSkipped))
	ok(t, p.SetStatus(ctx, "d", "alice", annotate.StatusTodo))
	wantEq(t, "status", status(t, p, "d", "alice"), annotate.StatusTodo)
	wantEq(t, "bob's status", status(t, p, "d", "bob"), annotate.StatusTodo)
	var got []string
	for _, a := range actions(t, p, "d", "alice") {
		if a.Kind != annotate.ActionStatus || a.Before != nil || a.After != nil || a.Decided != nil {
			t.Fatalf("action %+v", a)
		}
		got = append(got, string(a.StatusBefore)+">"+string(a.StatusAfter))
	}
	wantEq(t, "status actions", got, []string{"todo>done", "done>skipped", "skipped>todo"})
	a, err := p.Undo(ctx, "d", "alice")
	ok(t, err)
	if a.Kind != annotate.ActionStatus || !a.Undone || a.StatusBefore != annotate.StatusSkipped {
		t.Fatalf("undo = %+v", a)
	}
	wantEq(t, "status after undo", status(t, p, "d", "alice"), annotate.StatusSkipped)
	_, err = p.Undo(ctx, "d", "alice")
	ok(t, err)
	wantEq(t, "status after undo", status(t, p, "d", "alice"), annotate.StatusDone)
	_, err = p.Undo(ctx, "d", "alice")
	ok(t, err)
	wantEq(t, "status after undo", status(t, p, "d", "alice"), annotate.StatusTodo)
	_, err = p.Undo(ctx, "d", "alice")
	wantCode(t, err, annotate.ENOTHING)
	_, err = p.Redo(ctx, "d", "alice")
	ok(t, err)
	wantEq(t, "status after redo", status(t, p, "d", "alice"), annotate.StatusDone)
}

// suggested imports d with five suggestions (and one of no project label).
func suggested(t *testing.T, p annotate.Project) {
	t.Helper()
	mustImport(t, p, doc("d", text))
	ok(t, p.SetSuggestions(ctx, "d", []annotate.Suggestion{
		sug(18, 20, "LOC"), sug(0, 3, "ORG"), sug(4, 10, "ORG"), sug(4, 7, "LOC"), sug(14, 16, "PER"), sug(2, 3, "FOOD"),
	}))
}

func testSuggestionsHidden(t *testing.T, p annotate.Project) {
	suggested(t, p)
	gs, err := p.Suggestions(ctx, "d", "alice")
	ok(t, err)
	wantEq(t, "suggestions", sugList(gs), "0-3 ORG, 4-7 LOC, 4-10 ORG, 14-16 PER, 18-20 LOC")
	ids := map[int64]bool{}
	for _, g := range gs {
		if g.ID == 0 || ids[g.ID] || g.DocID != "d" || g.Source != "rule" || g.Score != 0.5 {
			t.Fatalf("suggestion %+v", g)
		}
		ids[g.ID] = true
	}
	acc, err := p.AcceptSuggestion(ctx, "alice", findSug(t, p, "d", "alice", 0, 3, "ORG"), "")
	ok(t, err)
	ok(t, p.RejectSuggestion(ctx, "alice", findSug(t, p, "d", "alice", 4, 7, "LOC")))
	byHand := add(t, p, "d", "alice", 14, 16, "PER")
	add(t, p, "d", "alice", 18, 20, "ORG") // another label hides nothing
	wantEq(t, "alice's suggestions", sugs(t, p, "d", "alice"), "4-10 ORG, 18-20 LOC")
	wantEq(t, "bob's suggestions", sugs(t, p, "d", "bob"), "0-3 ORG, 4-7 LOC, 4-10 ORG, 14-16 PER, 18-20 LOC")
	// The document list counts the suggestions and each annotator's undecided ones.
	for who, want := range map[string][2]int{"alice": {5, 2}, "bob": {5, 5}, "nobody": {5, 5}} {
		rows, err := p.Documents(ctx, annotate.DocumentFilter{Annotator: who, Query: "d"})
		ok(t, err)
		var got [2]int
		for _, r := range rows {
			if r.ID == "d" {
				got = [2]int{r.Suggestions, r.Undecided}
			}
		}
		wantEq(t, who+"'s suggestions and undecided ones in the list", got, want)
	}
	// An accepted suggestion stays decided when its span goes; a span
	// added by hand hides a suggestion only while it exists.
	ok(t, p.DeleteSpan(ctx, "alice", acc.ID))
	ok(t, p.DeleteSpan(ctx, "alice", byHand.ID))
	wantEq(t, "alice's suggestions", sugs(t, p, "d", "alice"), "4-10 ORG, 14-16 PER, 18-20 LOC")
}

func testAcceptSuggestion(t *testing.T, p annotate.Project) {
	suggested(t, p)
	s, err := p.AcceptSuggestion(ctx, "alice", findSug(t, p, "d", "alice", 0, 3, "ORG"), "")
	ok(t, err)
	wantEq(t, "accepted", s, annotate.Span{ID: s.ID, DocID: "d", Start: 0, End: 3, Label: "ORG", Origin: annotate.OriginSuggestion, Annotator: "alice"})
	s, err = p.AcceptSuggestion(ctx, "alice", findSug(t, p, "d", "alice", 14, 16, "PER"), "PER")
	ok(t, err)
	wantEq(t, "origin with the same label", s.Origin, annotate.OriginSuggestion)
	s, err = p.AcceptSuggestion(ctx, "alice", findSug(t, p, "d", "alice", 4, 7, "LOC"), "ORG")
	ok(t, err)
	wantEq(t, "relabelled", s, annotate.Span{ID: s.ID, DocID: "d", Start: 4, End: 7, Label: "ORG", Origin: annotate.OriginSuggestionEdited, Annotator: "alice"})
	wantEq(t, "alice's spans", spans(t, p, "d", "alice"), "0-3 ORG suggestion, 4-7 ORG suggestion-edited, 14-16 PER suggestion")
	wantEq(t, "alice's suggestions", sugs(t, p, "d", "alice"), "4-10 ORG, 18-20 LOC")

	id := findSug(t, p, "d", "alice", 4, 10, "ORG")
	_, err = p.AcceptSuggestion(ctx, "alice", id, "FOOD")
	wantCode(t, err, annotate.EINVALID)
	_, err = p.AcceptSuggestion(ctx, "", id, "")
	wantCode(t, err, annotate.EINVALID)
	add(t, p, "d", "alice", 18, 20, "LOC")
	_, err = p.AcceptSuggestion(ctx, "alice", findSug(t, p, "d", "bob", 18, 20, "LOC"), "")
	wantCode(t, err, annotate.ECONFLICT)
	wantEq(t, "alice's suggestions after refusals", sugs(t, p, "d", "alice"), "4-10 ORG")
	wantEq(t, "alice's actions", kinds(t, p, "d", "alice"), "add add add add")
	as := actions(t, p, "d", "alice")
	if a := as[2]; a.Kind != annotate.ActionAdd || a.Before != nil || a.After == nil || a.After.ID != s.ID || a.After.Label != "ORG" ||
		a.Decided == nil || a.Decided.DocID != "d" || a.Decided.Start != 4 || a.Decided.End != 7 || a.Decided.Label != "LOC" {
		t.Fatalf("accept action = %+v", a)
	}
	if as[3].Decided != nil {
		t.Fatalf("an add by hand decided %+v", as[3].Decided)
	}
	wantEq(t, "lexicon", lexicon(t, p), "俄羅斯/ORG 1/0, 北京/LOC 1/0, 普京/PER 1/0, 𠮷野家/ORG 1/0")
}

func testRejectSuggestion(t *testing.T, p annotate.Project) {
	suggested(t, p)
	ok(t, p.RejectSuggestion(ctx, "alice", findSug(t, p, "d", "alice", 4, 7, "LOC")))
	wantCode(t, p.RejectSuggestion(ctx, "", findSug(t, p, "d", "alice", 0, 3, "ORG")), annotate.EINVALID)
	wantEq(t, "alice's suggestions", sugs(t, p, "d", "alice"), "0-3 ORG, 4-10 ORG, 14-16 PER, 18-20 LOC")
	wantEq(t, "alice's spans", spans(t, p, "d", "alice"), "")
	as := actions(t, p, "d", "alice")
	if len(as) != 1 || as[0].Kind != annotate.ActionReject || as[0].Before != nil || as[0].After != nil || as[0].Decided == nil ||
		as[0].Decided.Start != 4 || as[0].Decided.End != 7 || as[0].Decided.Label != "LOC" ||
		as[0].StatusBefore != annotate.StatusTodo || as[0].StatusAfter != annotate.StatusInProgress {
		t.Fatalf("actions = %+v", as)
	}
	wantEq(t, "lexicon", lexicon(t, p), "俄羅斯/LOC 0/1")
	ok(t, p.RejectSuggestion(ctx, "bob", findSug(t, p, "d", "bob", 4, 7, "LOC")))
	wantEq(t, "lexicon", lexicon(t, p), "俄羅斯/LOC 0/2")
}

func testSetSuggestions(t *testing.T, p annotate.Project) {
	suggested(t, p)
	before := sugs(t, p, "d", "bob")
	wantCode(t, p.SetSuggestions(ctx, "d", []annotate.Suggestion{sug(0, 3, "ORG"), sug(18, 21, "LOC")}), annotate.EINVALID)
	wantCode(t, p.SetSuggestions(ctx, "d", []annotate.Suggestion{sug(3, 3, "ORG")}), annotate.EINVALID)
	wantEq(t, "suggestions after refused ones", sugs(t, p, "d", "bob"), before)

	_, err := p.AcceptSuggestion(ctx, "alice", findSug(t, p, "d", "alice", 0, 3, "ORG"), "")
	ok(t, err)
	ok(t, p.RejectSuggestion(ctx, "alice", findSug(t, p, "d", "alice", 4, 7, "LOC")))
	// Suggesting again: decisions hold for equal suggestions; repeats and
	// unknown labels (even out of range) are left out.
	ok(t, p.SetSuggestions(ctx, "d", []annotate.Suggestion{
		sug(4, 7, "ORG"), sug(0, 3, "ORG"), sug(4, 7, "LOC"), sug(4, 7, "ORG"), sug(0, 99, "FOOD"),
	}))
	wantEq(t, "bob's suggestions", sugs(t, p, "d", "bob"), "0-3 ORG, 4-7 LOC, 4-7 ORG")
	wantEq(t, "alice's suggestions", sugs(t, p, "d", "alice"), "4-7 ORG")
	_, err = p.AcceptSuggestion(ctx, "alice", findSug(t, p, "d", "alice", 4, 7, "ORG"), "")
	ok(t, err)
	// Suggestions are no actions and start no document.
	wantEq(t, "bob's actions", len(actions(t, p, "d", "bob")), 0)
	wantEq(t, "bob's status", status(t, p, "d", "bob"), annotate.StatusTodo)
	ok(t, p.SetSuggestions(ctx, "d", nil))
	wantEq(t, "bob's suggestions", sugs(t, p, "d", "bob"), "")
	st, err := p.Stats(ctx)
	ok(t, err)
	wantEq(t, "suggestions", st.Suggestions, 0)
}

func testUndoRedo(t *testing.T, p annotate.Project) {
	mustImport(t, p, doc("d", text))
	s1 := add(t, p, "d", "alice", 4, 10, "ORG")
	s2 := add(t, p, "d", "alice", 4, 7, "LOC")
	_, err := p.UpdateSpan(ctx, "alice", s1.ID, 4, 10, "LOC")
	ok(t, err)
	ok(t, p.DeleteSpan(ctx, "alice", s2.ID))
	wantEq(t, "spans", spans(t, p, "d", "alice"), "4-10 LOC manual")

	steps := []struct {
		kind  annotate.ActionKind
		spans string
		lex   string
	}{
		{annotate.ActionDelete, "4-7 LOC manual, 4-10 LOC manual", "俄羅斯/LOC 1/0, 俄羅斯國防部/LOC 1/0"},
		{annotate.ActionUpdate, "4-7 LOC manual, 4-10 ORG manual", "俄羅斯/LOC 1/0, 俄羅斯國防部/ORG 1/0"},
		{annotate.ActionAdd, "4-10 ORG manual", "俄羅斯國防部/ORG 1/0"},
		{annotate.ActionAdd, "", ""},
	}
	for _, st := range steps {
		a, err := p.Undo(ctx, "d", "alice")
		ok(t, err)
		if a.Kind != st.kind || !a.Undone || a.DocID != "d" || a.Annotator != "alice" {
			t.Fatalf("undo = %+v, want an undone %s", a, st.kind)
		}
		wantEq(t, "spans after undoing "+string(st.kind), spans(t, p, "d", "alice"), st.spans)
		wantEq(t, "lexicon after undoing "+string(st.kind), lexicon(t, p), st.lex)
	}
	wantEq(t, "status after undoing everything", status(t, p, "d", "alice"), annotate.StatusTodo)
	_, err = p.Undo(ctx, "d", "alice")
	wantCode(t, err, annotate.ENOTHING)
	wantEq(t, "actions", kinds(t, p, "d", "alice"), "~add ~add ~update ~delete")

	// Redo goes forward again from the oldest undone action, with the same ids.
	a, err := p.Redo(ctx, "d", "alice")
	ok(t, err)
	if a.Kind != annotate.ActionAdd || a.Undone || a.After == nil || a.After.ID != s1.ID {
		t.Fatalf("redo = %+v", a)
	}
	ss, err := p.Spans(ctx, "d", "alice")
	ok(t, err)
	if len(ss) != 1 || ss[0].ID != s1.ID {
		t.Fatalf("spans after redo = %+v, want id %d", ss, s1.ID)
	}
	wantEq(t, "status after redo", status(t, p, "d", "alice"), annotate.StatusInProgress)
	for i := len(steps) - 2; i >= 0; i-- {
		a, err := p.Redo(ctx, "d", "alice")
		ok(t, err)
		wantEq(t, "redone kind", a.Kind, steps[i].kind)
		want := "4-10 LOC manual"
		if i > 0 {
			want = steps[i-1].spans
		}
		wantEq(t, "spans after redoing "+string(a.Kind), spans(t, p, "d", "alice"), want)
	}
	_, err = p.Redo(ctx, "d", "alice")
	wantCode(t, err, annotate.ENOTHING)
	wantEq(t, "actions", kinds(t, p, "d", "alice"), "add add update delete")
	wantEq(t, "lexicon", lexicon(t, p), "俄羅斯國防部/LOC 1/0")
	// Undo after redo takes the newest again; a deleted span comes back with its id.
	_, err = p.Undo(ctx, "d", "alice")
	ok(t, err)
	ss, err = p.Spans(ctx, "d", "alice")
	ok(t, err)
	if len(ss) != 2 || ss[0].ID != s2.ID || ss[1].ID != s1.ID {
		t.Fatalf("spans = %+v, want ids %d, %d", ss, s2.ID, s1.ID)
	}
}

func testRedoSealed(t *testing.T, p annotate.Project) {
	mustImport(t, p, doc("d", text))
	add(t, p, "d", "alice", 0, 3, "ORG")
	add(t, p, "d", "alice", 4, 7, "LOC")
	_, err := p.Undo(ctx, "d", "alice")
	ok(t, err)
	add(t, p, "d", "alice", 14, 16, "PER")
	_, err = p.Redo(ctx, "d", "alice")
	wantCode(t, err, annotate.ENOTHING)
	for range 2 {
		_, err = p.Undo(ctx, "d", "alice")
		ok(t, err)
	}
	_, err = p.Undo(ctx, "d", "alice")
	wantCode(t, err, annotate.ENOTHING)
	for range 2 {
		_, err = p.Redo(ctx, "d", "alice")
		ok(t, err)
	}
	_, err = p.Redo(ctx, "d", "alice")
	wantCode(t, err, annotate.ENOTHING)
	wantEq(t, "spans", spans(t, p, "d", "alice"), "0-3 ORG manual, 14-16 PER manual")
	// A status change is a new action too.
	_, err = p.Undo(ctx, "d", "alice")
	ok(t, err)
	ok(t, p.SetStatus(ctx, "d", "alice", annotate.StatusDone))
	_, err = p.Redo(ctx, "d", "alice")
	wantCode(t, err, annotate.ENOTHING)
	// Another annotator's action seals nothing.
	_, err = p.Undo(ctx, "d", "alice")
	ok(t, err)
	add(t, p, "d", "bob", 0, 3, "ORG")
	_, err = p.Redo(ctx, "d", "alice")
	ok(t, err)
}

func testUndoPerLayer(t *testing.T, p annotate.Project) {
	mustImport(t, p, doc("d", text), doc("e", text2))
	add(t, p, "d", "alice", 0, 3, "ORG")
	add(t, p, "e", "alice", 0, 2, "LOC")
	add(t, p, "d", "bob", 4, 7, "LOC")
	_, err := p.Undo(ctx, "d", "alice")
	ok(t, err)
	wantEq(t, "alice's d", spans(t, p, "d", "alice"), "")
	wantEq(t, "alice's e", spans(t, p, "e", "alice"), "0-2 LOC manual")
	wantEq(t, "bob's d", spans(t, p, "d", "bob"), "4-7 LOC manual")
	_, err = p.Undo(ctx, "d", "alice")
	wantCode(t, err, annotate.ENOTHING)
	_, err = p.Undo(ctx, "e", "alice")
	ok(t, err)
	_, err = p.Undo(ctx, "d", "bob")
	ok(t, err)
	_, err = p.Undo(ctx, "e", "bob")
	wantCode(t, err, annotate.ENOTHING)
	_, err = p.Redo(ctx, "d", "zoe")
	wantCode(t, err, annotate.ENOTHING)
	_, err = p.Undo(ctx, "d", "")
	wantCode(t, err, annotate.EINVALID)
	_, err = p.Redo(ctx, "e", "alice")
	ok(t, err)
	wantEq(t, "alice's d", spans(t, p, "d", "alice"), "")
	wantEq(t, "alice's e", spans(t, p, "e", "alice"), "0-2 LOC manual")
}

func testUndoDecisions(t *testing.T, p annotate.Project) {
	suggested(t, p)
	_, err := p.AcceptSuggestion(ctx, "alice", findSug(t, p, "d", "alice", 0, 3, "ORG"), "")
	ok(t, err)
	ok(t, p.RejectSuggestion(ctx, "alice", findSug(t, p, "d", "alice", 4, 7, "LOC")))
	_, err = p.AcceptSuggestion(ctx, "alice", findSug(t, p, "d", "alice", 14, 16, "PER"), "ORG")
	ok(t, err)
	pending := "4-10 ORG, 18-20 LOC"
	wantEq(t, "suggestions", sugs(t, p, "d", "alice"), pending)
	wantEq(t, "lexicon", lexicon(t, p), "俄羅斯/LOC 0/1, 普京/ORG 1/0, 𠮷野家/ORG 1/0")

	a, err := p.Undo(ctx, "d", "alice")
	ok(t, err)
	if a.Kind != annotate.ActionAdd || a.Decided == nil || a.Decided.Label != "PER" || a.After == nil || a.After.Label != "ORG" {
		t.Fatalf("undo = %+v", a)
	}
	wantEq(t, "suggestions", sugs(t, p, "d", "alice"), "4-10 ORG, 14-16 PER, 18-20 LOC")
	a, err = p.Undo(ctx, "d", "alice")
	ok(t, err)
	if a.Kind != annotate.ActionReject || a.Decided == nil || a.Decided.Start != 4 || a.Decided.End != 7 || a.Decided.Label != "LOC" {
		t.Fatalf("undo = %+v", a)
	}
	wantEq(t, "suggestions", sugs(t, p, "d", "alice"), "4-7 LOC, 4-10 ORG, 14-16 PER, 18-20 LOC")
	wantEq(t, "lexicon", lexicon(t, p), "𠮷野家/ORG 1/0")
	_, err = p.Undo(ctx, "d", "alice")
	ok(t, err)
	wantEq(t, "suggestions", sugs(t, p, "d", "alice"), "0-3 ORG, 4-7 LOC, 4-10 ORG, 14-16 PER, 18-20 LOC")
	wantEq(t, "spans", spans(t, p, "d", "alice"), "")
	wantEq(t, "lexicon", lexicon(t, p), "")
	wantEq(t, "status", status(t, p, "d", "alice"), annotate.StatusTodo)

	for range 3 {
		_, err = p.Redo(ctx, "d", "alice")
		ok(t, err)
	}
	wantEq(t, "suggestions", sugs(t, p, "d", "alice"), pending)
	wantEq(t, "spans", spans(t, p, "d", "alice"), "0-3 ORG suggestion, 14-16 ORG suggestion-edited")
	wantEq(t, "lexicon", lexicon(t, p), "俄羅斯/LOC 0/1, 普京/ORG 1/0, 𠮷野家/ORG 1/0")
}

func testActions(t *testing.T, p annotate.Project) {
	suggested(t, p)
	start := time.Now()
	s := add(t, p, "d", "alice", 18, 20, "LOC")
	_, err := p.UpdateSpan(ctx, "alice", s.ID, 18, 20, "ORG")
	ok(t, err)
	acc, err := p.AcceptSuggestion(ctx, "alice", findSug(t, p, "d", "alice", 0, 3, "ORG"), "PER")
	ok(t, err)
	ok(t, p.RejectSuggestion(ctx, "alice", findSug(t, p, "d", "alice", 4, 7, "LOC")))
	ok(t, p.SetStatus(ctx, "d", "alice", annotate.StatusDone))
	ok(t, p.DeleteSpan(ctx, "alice", s.ID))
	add(t, p, "d", "bob", 0, 3, "ORG")

	as := actions(t, p, "d", "alice")
	wantEq(t, "kinds", kinds(t, p, "d", "alice"), "add update add reject status delete")
	loc := annotate.Span{ID: s.ID, DocID: "d", Start: 18, End: 20, Label: "LOC", Origin: annotate.OriginManual, Annotator: "alice"}
	org := loc
	org.Label = "ORG"
	for i, a := range as {
		if a.DocID != "d" || a.Annotator != "alice" || a.Undone || a.Time.Before(start.Add(-time.Minute)) || a.Time.After(time.Now().Add(time.Minute)) {
			t.Fatalf("action %d = %+v", i, a)
		}
		if i > 0 && a.ID <= as[i-1].ID {
			t.Fatalf("action ids out of order: %d after %d", a.ID, as[i-1].ID)
		}
	}
	wantEq(t, "add", [2]*annotate.Span{as[0].Before, as[0].After}, [2]*annotate.Span{nil, &loc})
	wantEq(t, "add statuses", [2]annotate.Status{as[0].StatusBefore, as[0].StatusAfter}, [2]annotate.Status{annotate.StatusTodo, annotate.StatusInProgress})
	wantEq(t, "update", [2]*annotate.Span{as[1].Before, as[1].After}, [2]*annotate.Span{&loc, &org})
	wantEq(t, "accept", [2]*annotate.Span{as[2].Before, as[2].After}, [2]*annotate.Span{nil, &acc})
	if d := as[2].Decided; d == nil || d.DocID != "d" || d.Start != 0 || d.End != 3 || d.Label != "ORG" {
		t.Fatalf("accept decided %+v", d)
	}
	if d := as[3].Decided; as[3].Before != nil || as[3].After != nil || d == nil || d.Start != 4 || d.End != 7 || d.Label != "LOC" {
		t.Fatalf("reject = %+v", as[3])
	}
	if a := as[4]; a.Before != nil || a.After != nil || a.Decided != nil || a.StatusBefore != annotate.StatusInProgress || a.StatusAfter != annotate.StatusDone {
		t.Fatalf("status = %+v", a)
	}
	wantEq(t, "delete", [2]*annotate.Span{as[5].Before, as[5].After}, [2]*annotate.Span{&org, nil})
	for i, a := range as[1:] {
		if a.Kind != annotate.ActionStatus && (a.StatusBefore != "" || a.StatusAfter != "") {
			t.Fatalf("action %d changed the status: %+v", i+1, a)
		}
	}
	wantEq(t, "bob's actions", kinds(t, p, "d", "bob"), "add")
	wantEq(t, "carol's actions", len(actions(t, p, "d", "carol")), 0)
	_, err = p.Undo(ctx, "d", "alice")
	ok(t, err)
	wantEq(t, "kinds after undo", kinds(t, p, "d", "alice"), "add update add reject status ~delete")
	// Changing a returned action changes nothing stored.
	as[0].After.Label = "TIME"
	if got := actions(t, p, "d", "alice"); got[0].After.Label != "LOC" {
		t.Fatal("the log shares spans with its callers")
	}
}

// exportProject imports five documents and has alice, bob and carol work on them:
//
//	d1: alice done (two spans), bob in progress (one span)
//	d2: bob in progress (one span)
//	d3: alice skipped
//	d4: nobody
//	d5: carol's imported spans, no status
func exportProject(t *testing.T, p annotate.Project) {
	t.Helper()
	d1 := doc("d1", text)
	d1.Doc.Meta = []byte(`{"k":"v"}`)
	mustImport(t, p, d1, doc("d2", text2), doc("d3", "丙"), doc("d4", "丁"), layer("d5", "戊己", "carol", "", annotate.Span{Start: 0, End: 1, Label: "PER"}))
	add(t, p, "d1", "alice", 4, 7, "LOC")
	add(t, p, "d1", "alice", 0, 3, "ORG")
	ok(t, p.SetStatus(ctx, "d1", "alice", annotate.StatusDone))
	add(t, p, "d1", "bob", 14, 16, "PER")
	add(t, p, "d2", "bob", 4, 6, "LOC")
	ok(t, p.SetStatus(ctx, "d3", "alice", annotate.StatusSkipped))
}

func testExportOne(t *testing.T, p annotate.Project) {
	exportProject(t, p)
	wantEq(t, "alice", export(t, p, annotate.ExportFilter{Annotator: "alice"}), []string{
		"d1|alice|done|true|0-3 ORG manual, 4-7 LOC manual",
		"d2|alice|todo|true|",
		"d3|alice|skipped|true|",
		"d4|alice|todo|true|",
		"d5|alice|todo|true|",
	})
	wantEq(t, "alice's done", export(t, p, annotate.ExportFilter{Annotator: "alice", Status: annotate.StatusDone}), []string{"d1|alice|done|true|0-3 ORG manual, 4-7 LOC manual"})
	wantEq(t, "alice's todo", export(t, p, annotate.ExportFilter{Annotator: "alice", Status: annotate.StatusTodo}), []string{"d2|alice|todo|true|", "d4|alice|todo|true|", "d5|alice|todo|true|"})
	wantEq(t, "carol", export(t, p, annotate.ExportFilter{Annotator: "carol", Status: annotate.StatusTodo})[4], "d5|carol|todo|true|0-1 PER manual")
	wantEq(t, "zoe's in-progress", len(export(t, p, annotate.ExportFilter{Annotator: "zoe", Status: annotate.StatusInProgress})), 0)
	wantCode(t, p.Export(ctx, annotate.ExportFilter{}, func(annotate.Record) error { return nil }), annotate.EINVALID)

	// Records carry the whole document, as stored.
	var recs []annotate.Record
	ok(t, p.Export(ctx, annotate.ExportFilter{Annotator: "alice"}, func(r annotate.Record) error {
		recs = append(recs, r)
		return nil
	}))
	for _, r := range recs {
		d, err := p.Document(ctx, r.Doc.ID)
		ok(t, err)
		wantEq(t, "exported document", r.Doc, d)
		if r.Suggestions != nil || r.Rejected != 0 {
			t.Fatalf("suggestions exported unasked: %+v", r)
		}
		for _, s := range r.Spans {
			if s.ID == 0 || s.DocID != r.Doc.ID || s.Annotator != "alice" {
				t.Fatalf("exported span %+v", s)
			}
		}
	}
	wantEq(t, "meta", string(recs[0].Doc.Meta), `{"k":"v"}`)
	wantEq(t, "text", recs[0].Doc.Text, text)
}

func testExportAll(t *testing.T, p annotate.Project) {
	exportProject(t, p)
	wantEq(t, "all", export(t, p, annotate.ExportFilter{All: true}), []string{
		"d1|alice|done|true|0-3 ORG manual, 4-7 LOC manual",
		"d1|bob|in-progress|true|14-16 PER manual",
		"d2|bob|in-progress|true|4-6 LOC manual",
		"d3|alice|skipped|true|",
		"d4|||false|",
		"d5|carol|todo|true|0-1 PER manual",
	})
	wantEq(t, "all todo", export(t, p, annotate.ExportFilter{All: true, Status: annotate.StatusTodo}), []string{"d4|||false|", "d5|carol|todo|true|0-1 PER manual"})
	wantEq(t, "all in progress", export(t, p, annotate.ExportFilter{All: true, Status: annotate.StatusInProgress}), []string{
		"d1|bob|in-progress|true|14-16 PER manual",
		"d2|bob|in-progress|true|4-6 LOC manual",
	})
	// All wins over an annotator.
	wantEq(t, "all and alice", len(export(t, p, annotate.ExportFilter{All: true, Annotator: "alice"})), 6)
}

func testExportSuggestions(t *testing.T, p annotate.Project) {
	exportProject(t, p)
	ok(t, p.SetSuggestions(ctx, "d1", []annotate.Suggestion{sug(18, 20, "LOC"), sug(0, 3, "ORG"), sug(11, 12, "TIME")}))
	ok(t, p.SetSuggestions(ctx, "d4", []annotate.Suggestion{sug(0, 1, "PER")}))
	ok(t, p.RejectSuggestion(ctx, "alice", findSug(t, p, "d1", "alice", 18, 20, "LOC")))
	ok(t, p.RejectSuggestion(ctx, "alice", findSug(t, p, "d1", "alice", 11, 12, "TIME")))
	ok(t, p.RejectSuggestion(ctx, "bob", findSug(t, p, "d1", "bob", 11, 12, "TIME")))
	all := "0-3 ORG, 11-12 TIME, 18-20 LOC"
	wantEq(t, "alice", export(t, p, annotate.ExportFilter{Annotator: "alice", Suggestions: true})[:2], []string{
		"d1|alice|done|true|0-3 ORG manual, 4-7 LOC manual|" + all + "|rejected 2",
		"d2|alice|todo|true|",
	})
	wantEq(t, "all", export(t, p, annotate.ExportFilter{All: true, Suggestions: true}), []string{
		"d1|alice|done|true|0-3 ORG manual, 4-7 LOC manual|" + all + "|rejected 2",
		"d1|bob|in-progress|true|14-16 PER manual|" + all + "|rejected 1",
		"d2|bob|in-progress|true|4-6 LOC manual",
		"d3|alice|skipped|true|",
		"d4|||false||0-1 PER|rejected 0",
		"d5|carol|todo|true|0-1 PER manual",
	})
	var got []annotate.Suggestion
	ok(t, p.Export(ctx, annotate.ExportFilter{Annotator: "carol", Suggestions: true}, func(r annotate.Record) error {
		if r.Doc.ID == "d1" {
			got = r.Suggestions
		}
		return nil
	}))
	for _, g := range got {
		if g.ID == 0 || g.DocID != "d1" || g.Source != "rule" || g.Score != 0.5 {
			t.Fatalf("exported suggestion %+v", g)
		}
	}
}

func testExportStops(t *testing.T, p annotate.Project) {
	exportProject(t, p)
	stop := errors.New("stop")
	n := 0
	err := p.Export(ctx, annotate.ExportFilter{All: true}, func(annotate.Record) error {
		n++
		if n == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 2 {
		t.Fatalf("export = %v after %d records, want stop after 2", err, n)
	}
	// fn may use the project.
	ok(t, p.Export(ctx, annotate.ExportFilter{Annotator: "alice"}, func(r annotate.Record) error {
		_, err := p.Spans(ctx, r.Doc.ID, "alice")
		return err
	}))
}

// testExportMany exports a project larger than any read batch, whose
// annotators were created in an order other than their names' and whose
// spans were imported unsorted, with labels of CJK and every punctuation a label may hold:
// every record equals what Spans and Document read one at a time, layers
// in name order.
func testExportMany(t *testing.T, p annotate.Project) {
	ok(t, p.PutLabel(ctx, annotate.Label{Name: "人物.x:1/a-b_", Color: "#123456"}))
	labels := []string{"PER", "LOC", "人物.x:1/a-b_", "ORG"}
	var recs []annotate.Record
	for i := range 700 {
		id := fmt.Sprintf("m%04d", i)
		recs = append(recs, doc(id, text))
		for k, who := range []string{"zed", "amy", "bob"} {
			if (i+k)%3 == 0 {
				continue // not every annotator on every document
			}
			var spans []annotate.Span
			for j := range (i + k) % 7 {
				start := (j*5 + i) % 15
				spans = append(spans, annotate.Span{Start: start, End: start + 1 + j%3, Label: labels[(i+j+k)%4]})
			}
			slices.Reverse(spans)
			st := []annotate.Status{annotate.StatusDone, annotate.StatusInProgress, ""}[(i+k)%3]
			recs = append(recs, layer(id, text, who, st, dedupeSpans(spans)...))
		}
	}
	mustImport(t, p, recs...)
	for _, f := range []annotate.ExportFilter{{All: true}, {Annotator: "amy"}, {Annotator: "zed", Status: annotate.StatusDone}} {
		var got []annotate.Record
		ok(t, p.Export(ctx, f, func(r annotate.Record) error {
			got = append(got, r)
			return nil
		}))
		var want []annotate.Record
		for i := range 700 {
			id := fmt.Sprintf("m%04d", i)
			d, err := p.Document(ctx, id)
			ok(t, err)
			who := []string{f.Annotator}
			if f.All {
				who = []string{"amy", "bob", "zed"}
			}
			layers := 0
			for _, a := range who {
				st, err := p.Status(ctx, id, a)
				ok(t, err)
				ss, err := p.Spans(ctx, id, a)
				ok(t, err)
				if f.All && st == annotate.StatusTodo && len(ss) == 0 {
					continue // no status and no span: no layer
				}
				layers++
				if f.Status != "" && st != f.Status {
					continue
				}
				want = append(want, annotate.Record{Doc: d, Annotator: a, Status: st, HasSpans: true, Spans: ss})
			}
			if f.All && layers == 0 && f.Status == "" {
				want = append(want, annotate.Record{Doc: d})
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%+v: exported %d records, want %d", f, len(got), len(want))
		}
		for i := range want {
			g, w := got[i], want[i]
			if len(g.Spans) == 0 && len(w.Spans) == 0 {
				g.Spans, w.Spans = nil, nil
			}
			if !reflect.DeepEqual(g, w) {
				t.Fatalf("%+v: record %d\n got %+v\nwant %+v", f, i, g, w)
			}
		}
	}
}

// dedupeSpans drops a span equal in start, end and label to an earlier one.
func dedupeSpans(ss []annotate.Span) []annotate.Span {
	var out []annotate.Span
	for _, s := range ss {
		if !slices.ContainsFunc(out, func(o annotate.Span) bool { return o.Start == s.Start && o.End == s.End && o.Label == s.Label }) {
			out = append(out, s)
		}
	}
	return out
}

func testStats(t *testing.T, p annotate.Project) {
	st, err := p.Stats(ctx)
	ok(t, err)
	wantEq(t, "empty stats", st, annotate.Stats{Labels: annotate.DefaultLabels()})
	mustImport(t, p, doc("d1", text), doc("d2", text2), doc("d3", "👍"),
		layer("d2", text2, "bob", "", annotate.Span{Start: 0, End: 2, Label: "LOC"}))
	add(t, p, "d1", "alice", 0, 3, "ORG")
	add(t, p, "d1", "alice", 4, 7, "LOC")
	ok(t, p.SetStatus(ctx, "d1", "alice", annotate.StatusDone))
	ok(t, p.SetStatus(ctx, "d2", "alice", annotate.StatusSkipped))
	ok(t, p.SetSuggestions(ctx, "d1", []annotate.Suggestion{sug(14, 16, "PER"), sug(18, 20, "LOC")}))
	_, err = p.Undo(ctx, "d1", "alice") // undone actions stay in the log
	ok(t, err)
	st, err = p.Stats(ctx)
	ok(t, err)
	wantEq(t, "stats", st, annotate.Stats{
		Documents:  3,
		Characters: 27,
		Labels:     annotate.DefaultLabels(),
		Annotators: []annotate.AnnotatorStats{
			{Name: "alice", Spans: 2, ByStatus: map[annotate.Status]int{annotate.StatusInProgress: 1, annotate.StatusSkipped: 1, annotate.StatusTodo: 1}, ByLabel: map[string]int{"ORG": 1, "LOC": 1}},
			{Name: "bob", Spans: 1, ByStatus: map[annotate.Status]int{annotate.StatusTodo: 3}, ByLabel: map[string]int{"LOC": 1}},
		},
		Suggestions: 2,
		Actions:     4,
	})
}

// testAssignments: documents are assigned to annotators, listed in import
// order, filtered in Documents and CountDocuments with any status and
// search; adding keeps earlier assignments once, replacing drops them; an
// unknown document or a bad annotator refuses the whole call.
func testAssignments(t *testing.T, p annotate.Project) {
	mustImport(t, p, doc("a", text), doc("b", text2), doc("c", "第三篇"))
	list := func(annotator string) string {
		t.Helper()
		as, err := p.Assignments(ctx, annotator)
		ok(t, err)
		var out []string
		for _, a := range as {
			out = append(out, a.DocID+"/"+a.Annotator)
		}
		return strings.Join(out, " ")
	}
	ids := func(f annotate.DocumentFilter) string {
		t.Helper()
		docs, err := p.Documents(ctx, f)
		ok(t, err)
		n, err := p.CountDocuments(ctx, f)
		ok(t, err)
		if n != len(docs) {
			t.Fatalf("CountDocuments(%+v) = %d, Documents gives %d", f, n, len(docs))
		}
		var out []string
		for _, d := range docs {
			out = append(out, d.ID)
		}
		return strings.Join(out, " ")
	}
	wantEq(t, "none yet", list(""), "")
	ok(t, p.Assign(ctx, []annotate.Assignment{{DocID: "c", Annotator: "alice"}, {DocID: "a", Annotator: "bob"}, {DocID: "a", Annotator: "alice"}}, false))
	wantEq(t, "all", list(""), "a/alice a/bob c/alice")
	wantEq(t, "alice's", list("alice"), "a/alice c/alice")
	wantEq(t, "nobody's", list("zoe"), "")
	wantEq(t, "alice's documents", ids(annotate.DocumentFilter{Annotator: "alice", Assigned: true}), "a c")
	wantEq(t, "bob's documents", ids(annotate.DocumentFilter{Annotator: "bob", Assigned: true}), "a")
	wantEq(t, "zoe's documents", ids(annotate.DocumentFilter{Annotator: "zoe", Assigned: true}), "")
	wantEq(t, "every document", ids(annotate.DocumentFilter{Annotator: "alice"}), "a b c")

	ok(t, p.SetStatus(ctx, "a", "alice", annotate.StatusDone))
	wantEq(t, "alice's done", ids(annotate.DocumentFilter{Annotator: "alice", Assigned: true, Status: annotate.StatusDone}), "a")
	wantEq(t, "alice's to do", ids(annotate.DocumentFilter{Annotator: "alice", Assigned: true, Status: annotate.StatusTodo}), "c")
	wantEq(t, "alice's found", ids(annotate.DocumentFilter{Annotator: "alice", Assigned: true, Query: "俄羅斯"}), "a")
	wantEq(t, "alice's done and found", ids(annotate.DocumentFilter{Annotator: "alice", Assigned: true, Status: annotate.StatusDone, Query: "北京"}), "a")

	ok(t, p.Assign(ctx, []annotate.Assignment{{DocID: "a", Annotator: "alice"}, {DocID: "b", Annotator: "bob"}}, false))
	wantEq(t, "added once", list(""), "a/alice a/bob b/bob c/alice")

	wantCode(t, p.Assign(ctx, []annotate.Assignment{{DocID: "b", Annotator: "carol"}, {DocID: "nope", Annotator: "carol"}}, true), annotate.ENOTFOUND)
	wantCode(t, p.Assign(ctx, []annotate.Assignment{{DocID: "b", Annotator: "carol"}, {DocID: "c", Annotator: ""}}, true), annotate.EINVALID)
	wantEq(t, "unchanged after refusals", list(""), "a/alice a/bob b/bob c/alice")

	ok(t, p.Assign(ctx, []annotate.Assignment{{DocID: "b", Annotator: "carol"}}, true))
	wantEq(t, "replaced", list(""), "b/carol")
	ok(t, p.Assign(ctx, nil, true))
	wantEq(t, "cleared", list(""), "")
}

// testSettings: a setting reads "" until set, is replaced and removed
// whole, keeps its text exactly, stays apart from the store's own keys,
// and a bad key or an oversized value is refused, changing nothing.
func testSettings(t *testing.T, project annotate.Project) {
	p, has := project.(interface {
		annotate.SettingStore
		annotate.LexiconStore
	})
	if !has {
		t.Skipf("%T keeps no settings (annotate.SettingStore)", project)
	}
	get := func(key string) string {
		t.Helper()
		v, err := p.Setting(ctx, key)
		ok(t, err)
		return v
	}
	wantEq(t, "unset", get(annotate.SettingGuidelines), "")
	md := "# 指引\n\n- 俄 (one-character country abbreviations): **LOC**\r\n- 𠮷野家: ORG\n"
	ok(t, p.SetSetting(ctx, annotate.SettingGuidelines, md))
	wantEq(t, "set", get(annotate.SettingGuidelines), md)
	ok(t, p.SetSetting(ctx, "ui.note", "x"))
	ok(t, p.SetSetting(ctx, annotate.SettingGuidelines, "v2"))
	wantEq(t, "replaced", get(annotate.SettingGuidelines), "v2")
	wantEq(t, "the other key", get("ui.note"), "x")

	before, err := p.LexiconVersion(ctx)
	ok(t, err)
	ok(t, p.SetSetting(ctx, "lexicon_version", "99"))
	after, err := p.LexiconVersion(ctx)
	ok(t, err)
	wantEq(t, "the lexicon's version after a setting of that name", after, before)

	for _, key := range []string{"", "Guidelines", "a b", strings.Repeat("k", 65), "指引"} {
		wantCode(t, p.SetSetting(ctx, key, "x"), annotate.EINVALID)
		_, err := p.Setting(ctx, key)
		wantCode(t, err, annotate.EINVALID)
	}
	wantCode(t, p.SetSetting(ctx, annotate.SettingGuidelines, strings.Repeat("x", annotate.MaxSettingLen+1)), annotate.EINVALID)
	wantEq(t, "after a refused value", get(annotate.SettingGuidelines), "v2")

	ok(t, p.SetSetting(ctx, annotate.SettingGuidelines, ""))
	wantEq(t, "removed", get(annotate.SettingGuidelines), "")
	wantEq(t, "the other key after a removal", get("ui.note"), "x")
}

func testModels(t *testing.T, p annotate.Project) {
	_, err := p.LoadModel(ctx, "tagger")
	wantCode(t, err, annotate.ENOTFOUND)
	ok(t, p.SaveModel(ctx,
		annotate.Model{Name: "tagger", Data: []byte{1, 2, 3}, Examples: 10, F1: 0.5},
		annotate.Model{Name: "rules", Data: []byte("𠮷"), Examples: 1}))
	ok(t, p.SaveModel(ctx, annotate.Model{Name: "tagger", Data: []byte{4}, Examples: 11, F1: 0.625}))
	m, err := p.LoadModel(ctx, "tagger")
	ok(t, err)
	wantEq(t, "tagger", m, annotate.Model{Name: "tagger", Data: []byte{4}, Examples: 11, F1: 0.625})
	m, err = p.LoadModel(ctx, "rules")
	ok(t, err)
	wantEq(t, "rules", m, annotate.Model{Name: "rules", Data: []byte("𠮷"), Examples: 1})
	m.Data[0] = 0 // the caller's copy
	m, err = p.LoadModel(ctx, "rules")
	ok(t, err)
	wantEq(t, "rules data", string(m.Data), "𠮷")
	_, err = p.LoadModel(ctx, "Tagger")
	wantCode(t, err, annotate.ENOTFOUND)
}

func testLexicon(t *testing.T, p annotate.Project) {
	mustImport(t, p, doc("d", text))
	wantEq(t, "lexicon", lexicon(t, p), "")
	a := add(t, p, "d", "alice", 0, 3, "ORG")
	add(t, p, "d", "bob", 0, 3, "ORG")
	wantEq(t, "after adds", lexicon(t, p), "𠮷野家/ORG 2/0")
	ok(t, p.SetSuggestions(ctx, "d", []annotate.Suggestion{sug(14, 16, "PER"), sug(18, 20, "LOC"), sug(11, 12, "TIME")}))
	per, err := p.AcceptSuggestion(ctx, "alice", findSug(t, p, "d", "alice", 14, 16, "PER"), "")
	ok(t, err)
	ok(t, p.RejectSuggestion(ctx, "alice", findSug(t, p, "d", "alice", 18, 20, "LOC")))
	ok(t, p.RejectSuggestion(ctx, "bob", findSug(t, p, "d", "bob", 18, 20, "LOC")))
	_, err = p.AcceptSuggestion(ctx, "alice", findSug(t, p, "d", "alice", 11, 12, "TIME"), "ORG")
	ok(t, err)
	wantEq(t, "after decisions", lexicon(t, p), "北京/LOC 0/2, 普京/PER 1/0, 👍/ORG 1/0, 𠮷野家/ORG 2/0")
	_, err = p.UpdateSpan(ctx, "alice", a.ID, 0, 2, "ORG")
	ok(t, err)
	ok(t, p.DeleteSpan(ctx, "alice", per.ID))
	wantEq(t, "after update and delete", lexicon(t, p), "北京/LOC 0/2, 👍/ORG 1/0, 𠮷野/ORG 1/0, 𠮷野家/ORG 1/0")
	for range 2 {
		_, err = p.Undo(ctx, "d", "alice")
		ok(t, err)
	}
	_, err = p.Undo(ctx, "d", "bob")
	ok(t, err)
	wantEq(t, "after undo", lexicon(t, p), "北京/LOC 0/1, 普京/PER 1/0, 👍/ORG 1/0, 𠮷野家/ORG 2/0")
	_, err = p.Redo(ctx, "d", "bob")
	ok(t, err)
	wantEq(t, "after redo", lexicon(t, p), "北京/LOC 0/2, 普京/PER 1/0, 👍/ORG 1/0, 𠮷野家/ORG 2/0")
	mustImport(t, p, layer("d", text, "carol", annotate.StatusDone, annotate.Span{Start: 4, End: 7, Label: "LOC"}, annotate.Span{Start: 18, End: 20, Label: "LOC"}))
	wantEq(t, "after import", lexicon(t, p), "俄羅斯/LOC 1/0, 北京/LOC 1/2, 普京/PER 1/0, 👍/ORG 1/0, 𠮷野家/ORG 2/0")
	mustImport(t, p, layer("d", text, "carol", annotate.StatusDone, annotate.Span{Start: 18, End: 20, Label: "LOC"}))
	wantEq(t, "after import again", lexicon(t, p), "北京/LOC 1/2, 普京/PER 1/0, 👍/ORG 1/0, 𠮷野家/ORG 2/0")
}

func testLexiconVersion(t *testing.T, p annotate.Project) {
	mustImport(t, p, doc("d", text))
	version := func() string {
		t.Helper()
		v, err := p.LexiconVersion(ctx)
		ok(t, err)
		return v
	}
	last := version()
	same := func(what string) {
		t.Helper()
		if v := version(); v != last {
			t.Fatalf("lexicon version changed with %s: %q, was %q", what, v, last)
		}
	}
	changed := func(what string) {
		t.Helper()
		v := version()
		if v == last {
			t.Fatalf("lexicon version %q did not change with %s", v, what)
		}
		last = v
	}
	ok(t, p.SetStatus(ctx, "d", "alice", annotate.StatusDone))
	ok(t, p.SetSuggestions(ctx, "d", []annotate.Suggestion{sug(4, 7, "LOC")}))
	ok(t, p.PutLabel(ctx, annotate.Label{Name: "EVT", Color: "#123456"}))
	ok(t, p.SaveModel(ctx, annotate.Model{Name: "m", Data: []byte{1}}))
	mustImport(t, p, doc("e", text2))
	same("changes that teach nothing")
	s := add(t, p, "d", "alice", 18, 20, "LOC")
	changed("a new span")
	_, err := p.UpdateSpan(ctx, "alice", s.ID, 18, 20, "ORG")
	ok(t, err)
	changed("a relabelled span")
	ok(t, p.RejectSuggestion(ctx, "alice", findSug(t, p, "d", "alice", 4, 7, "LOC")))
	changed("a rejection")
	_, err = p.Undo(ctx, "d", "alice")
	ok(t, err)
	changed("undoing the rejection")
	ok(t, p.DeleteSpan(ctx, "alice", s.ID))
	changed("a deleted span")
	add(t, p, "d", "alice", 4, 7, "LOC")
	changed("another span")
	ok(t, p.RenameLabel(ctx, "LOC", "GPE"))
	changed("renaming the label of a lexicon entry")
	mustImport(t, p, layer("e", text2, "bob", "", annotate.Span{Start: 0, End: 2, Label: "GPE"}))
	changed("an imported span")
	ok(t, p.SetStatus(ctx, "e", "bob", annotate.StatusDone))
	same("a status")
}

func testConcurrentEdits(t *testing.T, p annotate.Project) {
	mustImport(t, p, doc("d", text))
	const workers, each = 4, 6
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := fmt.Sprintf("a%d", w)
			for k := range each {
				if _, err := p.AddSpan(ctx, sp("d", name, k, k+1, "PER")); err != nil {
					errs <- err
				}
				if _, err := p.Documents(ctx, annotate.DocumentFilter{Annotator: name}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for w := range workers {
		name := fmt.Sprintf("a%d", w)
		wantEq(t, name+"'s spans", spans(t, p, "d", name), "0-1 PER manual, 1-2 PER manual, 2-3 PER manual, 3-4 PER manual, 4-5 PER manual, 5-6 PER manual")
		wantEq(t, name+"'s actions", len(actions(t, p, "d", name)), each)
	}
	st, err := p.Stats(ctx)
	ok(t, err)
	wantEq(t, "actions", st.Actions, workers*each)
}

func testClaim(t *testing.T, p annotate.Project) {
	for range 2 {
		release, holder, err := p.Claim()
		ok(t, err)
		if release == nil || holder != "" {
			t.Fatalf("claim: release is nil (%t) or holder is %q", release == nil, holder)
		}
		ok(t, release())
	}
}

func testBackup(t *testing.T, p annotate.Project) {
	mustImport(t, p, doc("d", text))
	path, err := p.Backup(ctx, 2)
	ok(t, err)
	if path != "" {
		if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
			t.Fatalf("backup %s: %v", path, err)
		}
	}
	wantEq(t, "documents after a backup", len(export(t, p, annotate.ExportFilter{All: true})), 1)
}

func testClose(t *testing.T, p annotate.Project) {
	mustImport(t, p, doc("d", text))
	ok(t, p.Close())
}

func testLexiconRejectionOnce(t *testing.T, p annotate.Project) {
	mustImport(t, p, doc("d", text))
	ok(t, p.SetSuggestions(ctx, "d", []annotate.Suggestion{sug(18, 20, "LOC")}))
	id := findSug(t, p, "d", "alice", 18, 20, "LOC")
	ok(t, p.RejectSuggestion(ctx, "alice", id))
	_ = p.RejectSuggestion(ctx, "alice", id) // again: refused or a no-op, never a second vote
	wantEq(t, "after rejecting twice", lexicon(t, p), "北京/LOC 0/1")
	if _, err := p.AcceptSuggestion(ctx, "alice", id, ""); err == nil {
		wantEq(t, "after accepting what was rejected", lexicon(t, p), "北京/LOC 1/0")
	}
}

func testUndoAcrossRename(t *testing.T, p annotate.Project) {
	mustImport(t, p, doc("d", text))
	ok(t, p.SetSuggestions(ctx, "d", []annotate.Suggestion{sug(18, 20, "LOC")}))
	add(t, p, "d", "alice", 4, 7, "LOC")
	ok(t, p.RejectSuggestion(ctx, "alice", findSug(t, p, "d", "alice", 18, 20, "LOC")))
	ok(t, p.RenameLabel(ctx, "LOC", "GPE"))
	wantEq(t, "spans after the rename", spans(t, p, "d", "alice"), "4-7 GPE manual")
	_, err := p.Undo(ctx, "d", "alice") // the rejection, logged as LOC
	ok(t, err)
	wantEq(t, "suggestions after undoing the rejection", sugs(t, p, "d", "alice"), "18-20 GPE")
	_, err = p.Undo(ctx, "d", "alice") // the add, logged as LOC
	ok(t, err)
	wantEq(t, "spans after undoing the add", spans(t, p, "d", "alice"), "")
	_, err = p.Redo(ctx, "d", "alice")
	ok(t, err)
	wantEq(t, "spans after the redo", spans(t, p, "d", "alice"), "4-7 GPE manual")
}

func testEmptyModel(t *testing.T, p annotate.Project) {
	ok(t, p.SaveModel(ctx, annotate.Model{Name: "empty"}))
	m, err := p.LoadModel(ctx, "empty")
	ok(t, err)
	wantEq(t, "an empty model's size", len(m.Data), 0)
}

// A suggestion id names one suggestion for good: once suggestions are
// computed again, an old id is ENOTFOUND, never another suggestion.
func testStaleSuggestionIDs(t *testing.T, p annotate.Project) {
	mustImport(t, p, doc("d", text))
	ok(t, p.SetSuggestions(ctx, "d", []annotate.Suggestion{sug(18, 20, "LOC")}))
	old := findSug(t, p, "d", "alice", 18, 20, "LOC")
	ok(t, p.SetSuggestions(ctx, "d", []annotate.Suggestion{sug(4, 7, "LOC"), sug(14, 16, "PER")}))
	if _, err := p.AcceptSuggestion(ctx, "alice", old, ""); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("accepting a replaced suggestion's id: %v, want ENOTFOUND", err)
	}
	wantCode(t, p.RejectSuggestion(ctx, "alice", old), annotate.ENOTFOUND)
	wantEq(t, "alice's suggestions", sugs(t, p, "d", "alice"), "4-7 LOC, 14-16 PER")
}
