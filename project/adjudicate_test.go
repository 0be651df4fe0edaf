package project

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"goldspan/annotate"
	"goldspan/annotate/agree"
	"goldspan/internal/fake"
)

// The three documents of the bulk tests, each starting with an emoji and a
// CJK Extension B character so that a byte or UTF-16 offset would show.
const (
	bulkText1 = "👍𠮷特朗普今日抵達北京會見官員。"
	bulkText2 = "👍𠮷東京下雨。"
	bulkText3 = "👍𠮷新華社報道聯合國會議。"
)

// at is the span of the first sub in text as label.
func at(t *testing.T, text, sub, label string) annotate.Span {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q not in %q", sub, text)
	}
	s := len([]rune(text[:i]))
	return annotate.Span{Start: s, End: s + len([]rune(sub)), Label: label}
}

// bulkProject has alice, bob and carol done on three documents:
//
//	d1: all three mark 特朗普 PER; 北京 is LOC for alice and carol, ORG for bob.
//	d2: all three mark 東京 LOC and nothing else.
//	d3: all three mark 聯合國 ORG; alice marks 新華社 ORG, bob 新華社報道 ORG, carol
//	    nothing there: three versions, one each.
func bulkProject(t *testing.T) (*fake.Store, Adjudicator) {
	t.Helper()
	st := fake.New()
	layer := func(id, text, who string, spans ...annotate.Span) annotate.Record {
		return annotate.Record{Doc: annotate.Document{ID: id, Text: text}, Annotator: who, Status: annotate.StatusDone, HasSpans: true, Spans: spans}
	}
	trump, beijingL, beijingO := at(t, bulkText1, "特朗普", "PER"), at(t, bulkText1, "北京", "LOC"), at(t, bulkText1, "北京", "ORG")
	tokyo := at(t, bulkText2, "東京", "LOC")
	xinhua, xinhuaLong := at(t, bulkText3, "新華社", "ORG"), at(t, bulkText3, "新華社報道", "ORG")
	un := at(t, bulkText3, "聯合國", "ORG")
	mustImport(t, st,
		layer("d1", bulkText1, "alice", trump, beijingL), layer("d1", bulkText1, "bob", trump, beijingO), layer("d1", bulkText1, "carol", trump, beijingL),
		layer("d2", bulkText2, "alice", tokyo), layer("d2", bulkText2, "bob", tokyo), layer("d2", bulkText2, "carol", tokyo),
		layer("d3", bulkText3, "alice", xinhua, un), layer("d3", bulkText3, "bob", xinhuaLong, un), layer("d3", bulkText3, "carol", un),
	)
	return st, Adjudicator{St: st, Annotators: []string{"alice", "bob", "carol"}}
}

// goldOf lists gold's spans on a document as LABEL[start,end).
func goldOf(t *testing.T, st annotate.Store, id string) string {
	t.Helper()
	spans, err := st.Spans(context.Background(), id, annotate.GoldAnnotator)
	if err != nil {
		t.Fatal(err)
	}
	return spanList(spans...)
}

func spanList(spans ...annotate.Span) string {
	var out []string
	for _, s := range spans {
		out = append(out, fmt.Sprintf("%s[%d,%d)", s.Label, s.Start, s.End))
	}
	return strings.Join(out, " ")
}

// goldState is gold's spans and status on every document, for comparing
// before and after an undo.
func goldState(t *testing.T, st annotate.Store) string {
	t.Helper()
	var out []string
	for _, id := range []string{"d1", "d2", "d3"} {
		out = append(out, fmt.Sprintf("%s %s: %s", id, status(t, st, id, annotate.GoldAnnotator), goldOf(t, st, id)))
	}
	return strings.Join(out, "\n")
}

func TestBulkAdjudication(t *testing.T) {
	ctx := context.Background()
	trump, beijingL, beijingO := at(t, bulkText1, "特朗普", "PER"), at(t, bulkText1, "北京", "LOC"), at(t, bulkText1, "北京", "ORG")
	tokyo := at(t, bulkText2, "東京", "LOC")
	xinhuaLong, un := at(t, bulkText3, "新華社報道", "ORG"), at(t, bulkText3, "聯合國", "ORG")
	for _, c := range []struct {
		name             string
		rule             Rule
		d1, d2, d3       string
		done             string // gold's status on d1, d2, d3
		decided, left    int
		added, documents int
	}{
		{"unanimous", Rule{Kind: RuleUnanimous}, spanList(trump), spanList(tokyo), spanList(un), "in-progress done in-progress", 0, 2, 3, 3},
		{"majority of half", Rule{Kind: RuleMajority, Threshold: 0.5}, spanList(trump, beijingL), spanList(tokyo), spanList(un), "done done in-progress", 1, 1, 4, 3},
		{"majority of all", Rule{Kind: RuleMajority, Threshold: 1}, spanList(trump), spanList(tokyo), spanList(un), "in-progress done in-progress", 0, 2, 3, 3},
		{"from bob", Rule{Kind: RuleFrom, From: "bob"}, spanList(trump, beijingO), spanList(tokyo), spanList(xinhuaLong, un), "done done done", 2, 0, 5, 3},
		{"from carol", Rule{Kind: RuleFrom, From: "carol"}, spanList(trump, beijingL), spanList(tokyo), spanList(un), "done done done", 2, 0, 4, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			st, a := bulkProject(t)
			before := goldState(t, st)
			ids, err := a.Finished(ctx, false)
			if err != nil || strings.Join(ids, ",") != "d1,d2,d3" {
				t.Fatalf("finished documents %v, %v", ids, err)
			}
			b, err := a.Apply(ctx, ids, c.rule, true, nil)
			if err != nil {
				t.Fatal(err)
			}
			for id, want := range map[string]string{"d1": c.d1, "d2": c.d2, "d3": c.d3} {
				if got := goldOf(t, st, id); got != want {
					t.Errorf("gold on %s = %s, want %s", id, got, want)
				}
			}
			var got []string
			for _, id := range ids {
				got = append(got, string(status(t, st, id, annotate.GoldAnnotator)))
			}
			if strings.Join(got, " ") != c.done {
				t.Errorf("gold's statuses %v, want %s", got, c.done)
			}
			if b.Decided != c.decided || b.Left != c.left || b.Added != c.added || b.Documents != c.documents || b.Touched != 3 {
				t.Errorf("the pass says %+v (%s)", *b, b)
			}
			// One undo step puts everything back, statuses too.
			n, kept, err := b.Undo(ctx, a)
			if err != nil || n != 3 || len(kept) != 0 {
				t.Fatalf("undo restored %d, kept %v: %v", n, kept, err)
			}
			if got := goldState(t, st); got != before {
				t.Errorf("after undo:\n%s\nwant\n%s", got, before)
			}
			if n, _, _ := b.Undo(ctx, a); n != 0 {
				t.Errorf("a second undo restored %d documents", n)
			}
		})
	}
}

// A document gold has finished is left alone, gold's own span where the
// annotators agree stands, and an undo keeps a document the lead has
// changed since.
func TestBulkKeepsTheLeadsDecisions(t *testing.T) {
	ctx := context.Background()
	st, a := bulkProject(t)
	gold := a.gold()
	// The lead marked 特朗 (not 特朗普) PER on d1 and finished d2 empty.
	short := at(t, bulkText1, "特朗", "PER")
	if _, err := gold.AddSpan(ctx, "d1", short.Start, short.End, "PER"); err != nil {
		t.Fatal(err)
	}
	if err := gold.SetStatus(ctx, "d2", annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	b, err := a.Apply(ctx, []string{"d1", "d2", "d3"}, Rule{Kind: RuleFrom, From: "alice"}, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b.Documents != 2 || b.Done != 0 {
		t.Errorf("visited %d documents and marked %d done, want 2 and none", b.Documents, b.Done)
	}
	if got, want := goldOf(t, st, "d1"), spanList(short, at(t, bulkText1, "北京", "LOC")); got != want {
		t.Errorf("gold on d1 = %s, want the lead's 特朗 and alice's 北京: %s", got, want)
	}
	if got := goldOf(t, st, "d2"); got != "" {
		t.Errorf("gold on d2 (done) became %s", got)
	}
	// The lead removes 北京 on d1 afterwards: the undo keeps d1, restores d3.
	spans, _ := st.Spans(ctx, "d1", annotate.GoldAnnotator)
	if err := gold.DeleteSpan(ctx, spans[len(spans)-1]); err != nil {
		t.Fatal(err)
	}
	n, kept, err := b.Undo(ctx, a)
	if err != nil || n != 1 || strings.Join(kept, ",") != "d1" {
		t.Fatalf("undo restored %d and kept %v (%v), want 1 and d1", n, kept, err)
	}
	if got := goldOf(t, st, "d3"); got != "" {
		t.Errorf("gold on d3 after undo = %s", got)
	}
	if got := goldOf(t, st, "d1"); got != spanList(short) {
		t.Errorf("gold on d1 after undo = %s, want the lead's %s", got, spanList(short))
	}
}

func TestRuleDecide(t *testing.T) {
	v := func(who string, spans ...agree.SpanText) agree.Version {
		return agree.Version{Annotator: who, Spans: spans}
	}
	loc := agree.SpanText{Start: 1, End: 3, Label: "LOC"}
	org := agree.SpanText{Start: 1, End: 3, Label: "ORG"}
	long := agree.SpanText{Start: 1, End: 4, Label: "LOC"}
	for _, c := range []struct {
		name     string
		rule     Rule
		versions []agree.Version
		want     string // the version taken, or "none"
	}{
		{"two of three", Rule{Kind: RuleMajority, Threshold: 0.5}, []agree.Version{v("a", loc), v("b", org), v("c", loc)}, "LOC[1,3)"},
		{"two of three below 3/4", Rule{Kind: RuleMajority, Threshold: 0.75}, []agree.Version{v("a", loc), v("b", org), v("c", loc)}, "none"},
		{"nothing wins", Rule{Kind: RuleMajority, Threshold: 0.5}, []agree.Version{v("a"), v("b", org), v("c")}, ""},
		{"a tie", Rule{Kind: RuleMajority, Threshold: 0.5}, []agree.Version{v("a", loc), v("b", org)}, "none"},
		{"three ways", Rule{Kind: RuleMajority, Threshold: 0.3}, []agree.Version{v("a", loc), v("b", org), v("c", long)}, "none"},
		{"two against one and one", Rule{Kind: RuleMajority, Threshold: 0.5}, []agree.Version{v("a", long), v("b", org), v("c", long), v("d", loc)}, "LOC[1,4)"},
		{"from b", Rule{Kind: RuleFrom, From: "b"}, []agree.Version{v("a", loc), v("b", org, long)}, "ORG[1,3) LOC[1,4)"},
		{"from b, who marked nothing", Rule{Kind: RuleFrom, From: "b"}, []agree.Version{v("a", loc), v("b")}, ""},
		{"unanimous decides nothing", Rule{Kind: RuleUnanimous}, []agree.Version{v("a", loc), v("b")}, "none"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok := c.rule.Decide(agree.Disagreement{Versions: c.versions})
			s := "none"
			if ok {
				var parts []string
				for _, x := range got {
					parts = append(parts, fmt.Sprintf("%s[%d,%d)", x.Label, x.Start, x.End))
				}
				s = strings.Join(parts, " ")
			}
			if s != c.want {
				t.Errorf("decided %q, want %q", s, c.want)
			}
		})
	}
	for _, r := range []Rule{{Kind: RuleFrom, From: "zoe"}, {Kind: RuleMajority}, {Kind: RuleMajority, Threshold: 1.5}, {}} {
		if err := r.Validate([]string{"a", "b"}); annotate.ErrorCode(err) != annotate.EINVALID {
			t.Errorf("%+v: %v, want EINVALID", r, err)
		}
	}
	st, a := bulkProject(t)
	if _, err := a.Apply(context.Background(), []string{"d1"}, Rule{Kind: RuleFrom, From: "zoe"}, true, nil); annotate.ErrorCode(err) != annotate.EINVALID {
		t.Errorf("apply with an unknown annotator: %v", err)
	}
	if got := goldOf(t, st, "d1"); got != "" {
		t.Errorf("a refused rule changed gold: %s", got)
	}
}

func TestRemaining(t *testing.T) {
	ctx := context.Background()
	_, a := bulkProject(t)
	var dis []agree.Disagreement
	for _, id := range []string{"d1", "d2", "d3"} {
		c, err := a.Load(ctx, id, -1)
		if err != nil {
			t.Fatal(err)
		}
		dis = append(dis, c.Disagreements...)
	}
	if n, docs, err := a.Remaining(ctx, dis); err != nil || n != 2 || docs != 2 {
		t.Fatalf("remaining %d in %d documents (%v), want 2 in 2", n, docs, err)
	}
	if err := a.gold().SetStatus(ctx, "d3", annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	if n, docs, err := a.Remaining(ctx, dis); err != nil || n != 1 || docs != 1 {
		t.Fatalf("remaining %d in %d documents (%v), want 1 in 1", n, docs, err)
	}
}
