package project

import (
	"context"
	"goldspan/annotate/tagger"
	"strings"
	"testing"

	"goldspan/annotate"
	"goldspan/internal/fake"
)

// The live suggester reads the lexicon as it stands at each call: what
// reviewers confirmed a moment ago (consistently: in two documents) is
// suggested in the next document at once.
func TestLiveSuggesterLearnsBetweenCalls(t *testing.T) {
	st := fake.New() // the lexicon's counts are the contract's; a file adds nothing
	mustImport(t, st,
		annotate.Record{Doc: annotate.Document{ID: "s1", Text: "記者葛瑞森報道。"}},
		annotate.Record{Doc: annotate.Document{ID: "s2", Text: "記者葛瑞森來電。"}})
	live := service.Live(st)
	has := func() bool {
		sugs, err := live.Suggest(context.Background(), "葛瑞森昨天離開。", annotate.DefaultLabels())
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sugs {
			if s.Start == 0 && s.End == 3 && s.Label == "PER" && s.Source == "learned" {
				return true
			}
		}
		return false
	}
	if has() {
		t.Fatal("suggested before anyone confirmed it")
	}
	for _, doc := range []string{"s1", "s2"} {
		if _, err := st.AddSpan(context.Background(), annotate.Span{DocID: doc, Start: 2, End: 5, Label: "PER", Annotator: "alice"}); err != nil {
			t.Fatal(err)
		}
	}
	if !has() {
		t.Fatal("not suggested right after the reviewers confirmed it")
	}
}

// What reviewers confirmed consistently comes before the model's own
// guess, whoever leads: the model below was taught 葛瑞森 as an
// organisation, the reviewers marked it a person. One confirmation is
// not enough (one stray decision never changes other documents); two
// are.
func TestLexiconComesBeforeTheModel(t *testing.T) {
	ctx := context.Background()
	st := fake.New()
	mustImport(t, st,
		annotate.Record{Doc: annotate.Document{ID: "s1", Text: "記者葛瑞森報道。"}},
		annotate.Record{Doc: annotate.Document{ID: "s2", Text: "記者葛瑞森來電。"}})
	m, err := service.NewTagger(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var exs []tagger.Example
	for _, text := range []string{"葛瑞森今天宣布裁員。", "葛瑞森昨天公布業績。", "葛瑞森的股價上漲。", "分析師看好葛瑞森。"} {
		start := strings.Index(text, "葛瑞森")
		s := len([]rune(text[:start]))
		exs = append(exs, tagger.Example{Text: text, Spans: []annotate.Span{{Start: s, End: s + 3, Label: "ORG"}}})
	}
	if err := m.Train(ctx, exs, 0, nil); err != nil {
		t.Fatal(err)
	}
	p := fixed{sources: sources{rules: service.Live(st), model: m}, lead: lead{overall: annotate.SourceModel}}
	label := func() string {
		t.Helper()
		sugs, err := p.Suggest(ctx, "葛瑞森昨天離開。", annotate.DefaultLabels())
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sugs {
			if s.Start == 0 && s.End == 3 {
				return s.Label + "/" + s.Source
			}
		}
		return ""
	}
	if got := label(); got != "ORG/model" {
		t.Fatalf("before any decision: %q, want the model's ORG/model", got)
	}
	confirm := func(doc string) {
		if _, err := st.AddSpan(ctx, annotate.Span{DocID: doc, Start: 2, End: 5, Label: "PER", Annotator: "alice"}); err != nil {
			t.Fatal(err)
		}
	}
	confirm("s1")
	if got := label(); got != "ORG/model" {
		t.Fatalf("after one confirmation: %q, want the model's ORG/model", got)
	}
	confirm("s2")
	if got := label(); got != "PER/learned" {
		t.Fatalf("after two confirmations: %q, want the reviewers' PER/learned", got)
	}
}
