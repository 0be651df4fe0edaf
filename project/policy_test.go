package project

import (
	"context"
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
