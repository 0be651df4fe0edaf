package project

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"goldspan/annotate"
	"goldspan/internal/fake"
)

// gated is a project (in memory: a file adds nothing here) with one
// document holding three suggestions, none decided.
func gated(t *testing.T) (*fake.Store, Reviewer) {
	t.Helper()
	st := fake.New()
	text := "👍𠮷野家在東京\r\n2025年9月23日"
	mustImport(t, st, annotate.Record{Doc: annotate.Document{ID: "d", Text: text}, Suggestions: []annotate.Suggestion{
		{Start: 1, End: 4, Label: "ORG", Source: "rule", Score: 0.5},
		{Start: 5, End: 7, Label: "LOC", Source: "rule", Score: 0.5},
		{Start: 9, End: 19, Label: "TIME", Source: "rule", Score: 0.5},
	}})
	return st, Reviewer{St: st, Annotator: "alice"}
}

func status(t *testing.T, st annotate.Store, doc, who string) annotate.Status {
	t.Helper()
	s, err := st.Status(context.Background(), doc, who)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The done gate: a document is done only when every suggestion in it is
// decided, whoever marks it (the desk, replay, the controller).
func TestMarkDoneNeedsEverySuggestionDecided(t *testing.T) {
	ctx := context.Background()
	st, r := gated(t)
	sugs, _ := st.Suggestions(ctx, "d", "alice")
	if _, err := r.Accept(ctx, sugs[0], ""); err != nil {
		t.Fatal(err)
	}
	before, _ := st.Actions(ctx, "d", "alice")
	for _, mark := range []func() error{
		func() error { return r.MarkDone(ctx, "d", KeepUndecided) },
		func() error { return r.SetStatus(ctx, "d", annotate.StatusDone) },
	} {
		err := mark()
		if annotate.ErrorCode(err) != annotate.ECONFLICT || !strings.Contains(annotate.ErrorMessage(err), "2 suggestions undecided") {
			t.Fatalf("marking done with 2 undecided: %v", err)
		}
	}
	if s := status(t, st, "d", "alice"); s == annotate.StatusDone {
		t.Fatal("marked done with undecided suggestions")
	}
	if after, _ := st.Actions(ctx, "d", "alice"); len(after) != len(before) {
		t.Fatalf("a refused done logged %d actions", len(after)-len(before))
	}
	// Reject the rest: each rejection is an action, then the status.
	if err := r.MarkDone(ctx, "d", RejectRest); err != nil {
		t.Fatal(err)
	}
	if s := status(t, st, "d", "alice"); s != annotate.StatusDone {
		t.Fatalf("after RejectRest: %s", s)
	}
	if left, _ := st.Suggestions(ctx, "d", "alice"); len(left) != 0 {
		t.Fatalf("undecided after RejectRest: %v", left)
	}
	acts, _ := st.Actions(ctx, "d", "alice")
	var kinds []string
	for _, a := range acts[len(before):] {
		kinds = append(kinds, string(a.Kind))
	}
	if got := strings.Join(kinds, " "); got != "reject reject status" {
		t.Fatalf("RejectRest logged %q", got)
	}
	spans, _ := st.Spans(ctx, "d", "alice")
	if len(spans) != 1 || spans[0].Label != "ORG" {
		t.Fatalf("alice's spans: %+v", spans)
	}

	// Accept the rest, for bob; gold has no gate.
	bob := Reviewer{St: st, Annotator: "bob"}
	if err := bob.MarkDone(ctx, "d", AcceptRest); err != nil {
		t.Fatal(err)
	}
	if spans, _ := st.Spans(ctx, "d", "bob"); len(spans) != 3 {
		t.Fatalf("bob's spans after AcceptRest: %+v", spans)
	}
	gold := Reviewer{St: st, Annotator: annotate.GoldAnnotator}
	if err := gold.SetStatus(ctx, "d", annotate.StatusDone); err != nil {
		t.Fatalf("gold is settled from the layers and has no gate: %v", err)
	}
}

// A document marked done before the gate (imported so) is listed, and
// neither its undecided suggestions nor their sentences are training data.
func TestUndecidedDoneIsListedAndNotTrainingData(t *testing.T) {
	ctx := context.Background()
	st := fake.New()
	text := "記者葛瑞森在東京報道。昨日林雅婷抵達臺北。"
	mustImport(t, st,
		annotate.Record{Doc: annotate.Document{ID: "old", Text: text}, Annotator: "alice", Status: annotate.StatusDone, HasSpans: true,
			Spans:       []annotate.Span{{Start: 2, End: 5, Label: "PER"}},
			Suggestions: []annotate.Suggestion{{Start: 13, End: 16, Label: "PER", Source: "rule", Score: 0.5}}},
		annotate.Record{Doc: annotate.Document{ID: "ok", Text: text}, Annotator: "alice", Status: annotate.StatusDone, HasSpans: true,
			Spans: []annotate.Span{{Start: 2, End: 5, Label: "PER"}, {Start: 13, End: 16, Label: "PER"}}},
	)
	docs, err := UndecidedDone(ctx, st, "alice")
	if err != nil || len(docs) != 1 || docs[0].ID != "old" || docs[0].Undecided != 1 {
		t.Fatalf("undecided done: %+v, %v", docs, err)
	}
	sents, n, err := TrainingSentences(ctx, st)
	if err != nil || n != 2 {
		t.Fatal(n, err)
	}
	var keys []string
	for _, s := range sents {
		keys = append(keys, strings.ReplaceAll(s.Key, keySep, "/"))
	}
	// "old": only its first sentence (the undecided 林雅婷 is in the second).
	if got := strings.Join(keys, " "); got != "d/old/0/ d/ok/0/ d/ok/11/" {
		t.Fatalf("training sentences: %s", got)
	}
}

// Suggest again says what it changed and is undone in one step; documents
// the reviewer has started keep theirs.
func TestSuggestAgainReportsAndUndoes(t *testing.T) {
	ctx := context.Background()
	st := fake.New()
	text := "記者葛瑞森在東京報道。"
	old := []annotate.Suggestion{{Start: 2, End: 5, Label: "ORG", Source: "rule", Score: 0.5}, {Start: 6, End: 8, Label: "LOC", Source: "rule", Score: 0.5}}
	mustImport(t, st,
		annotate.Record{Doc: annotate.Document{ID: "a", Text: text}, Suggestions: old},
		annotate.Record{Doc: annotate.Document{ID: "b", Text: text}, Suggestions: old},
		annotate.Record{Doc: annotate.Document{ID: "c", Text: text}, Suggestions: old})
	fresh := fixedSuggester{{Start: 2, End: 5, Label: "PER"}, {Start: 0, End: 2, Label: "ORG"}} // relabels 葛瑞森, adds one, drops 東京
	r := Reviewer{St: st, Annotator: "alice", Suggester: fresh}
	// b is started: it keeps what it has.
	if err := r.Reject(ctx, annotate.Suggestion{ID: mustSug(t, st, "b", 6, 8), DocID: "b"}); err != nil {
		t.Fatal(err)
	}
	x, err := r.SuggestAgain(ctx, []string{"a", "b", "c"}, func(id string) bool { return id == "c" }, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := x.String(); got != "Suggested again: 1 added, 1 removed, 1 relabelled in 1 of 1 document to do" {
		t.Fatalf("report: %s", got)
	}
	if got := sugString(t, st, "a"); got != "ORG[0,2) PER[2,5)" {
		t.Fatalf("a after the pass: %s", got)
	}
	if n, err := x.Undo(ctx, r); err != nil || n != 1 {
		t.Fatalf("undo: %d, %v", n, err)
	}
	if got := sugString(t, st, "a"); got != "ORG[2,5) LOC[6,8)" {
		t.Fatalf("a after the undo: %s", got)
	}
	if got := sugString(t, st, "c"); got != "ORG[2,5) LOC[6,8)" {
		t.Fatalf("c (skipped) changed: %s", got)
	}
}

// fixedSuggester suggests the same spans for any text.
type fixedSuggester []annotate.Suggestion

func (f fixedSuggester) Suggest(context.Context, string, []annotate.Label) ([]annotate.Suggestion, error) {
	return append([]annotate.Suggestion(nil), f...), nil
}

func mustSug(t *testing.T, st annotate.Store, doc string, start, end int) int64 {
	t.Helper()
	sugs, err := st.Suggestions(context.Background(), doc, "alice")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sugs {
		if s.Start == start && s.End == end {
			return s.ID
		}
	}
	t.Fatalf("no suggestion at [%d,%d) in %s", start, end, doc)
	return 0
}

func sugString(t *testing.T, st annotate.Store, doc string) string {
	t.Helper()
	sugs, err := st.Suggestions(context.Background(), doc, "alice")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range sugs {
		out = append(out, fmt.Sprintf("%s[%d,%d)", s.Label, s.Start, s.End))
	}
	return strings.Join(out, " ")
}
