package project

import (
	"context"
	"testing"

	"goldspan/annotate"
	"goldspan/storage"
	"path/filepath"
)

func TestLiveSuggesterLearnsBetweenCalls(t *testing.T) {
	st, err := storage.Open(filepath.Join(t.TempDir(), "p.goldspan"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	mustImport(t, st, annotate.Record{Doc: annotate.Document{ID: "s1", Text: "記者葛瑞森報道。"}})
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
	if _, err := st.AddSpan(context.Background(), annotate.Span{DocID: "s1", Start: 2, End: 5, Label: "PER", Annotator: "alice"}); err != nil {
		t.Fatal(err)
	}
	if !has() {
		t.Fatal("not suggested right after the reviewer confirmed it")
	}
}
