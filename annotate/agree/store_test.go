package agree_test

import (
	"context"
	"path/filepath"
	"testing"

	"goldspan/annotate"
	"goldspan/annotate/agree"
	"goldspan/storage"
)

func TestFromStore(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Open(filepath.Join(t.TempDir(), "p.goldspan"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	imp, err := db.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer imp.Rollback()
	sug := []annotate.Suggestion{{Start: 0, End: 2, Label: "LOC", Source: "rule", Score: 1}}
	for _, r := range []annotate.Record{
		{Doc: annotate.Document{ID: "d1", Text: "北京下雪"}, Suggestions: sug},
		{Doc: annotate.Document{ID: "d2", Text: "無人標註"}},
		{Doc: annotate.Document{ID: "d1", Text: "北京下雪"}, Annotator: "alice", Status: annotate.StatusDone, HasSpans: true,
			Spans: []annotate.Span{{Start: 0, End: 2, Label: "LOC", Origin: annotate.OriginSuggestion}}},
		{Doc: annotate.Document{ID: "d1", Text: "北京下雪"}, Annotator: "bob", Status: annotate.StatusInProgress, HasSpans: true},
	} {
		if err := imp.Add(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := imp.Commit(); err != nil {
		t.Fatal(err)
	}
	in, err := agree.FromStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	// d2 has no annotator's layer, so it is left out.
	if len(in.Docs) != 1 || in.Docs[0].ID != "d1" || in.Docs[0].Text != "北京下雪" || len(in.Docs[0].Suggestions) != 1 {
		t.Fatalf("input %+v", in.Docs)
	}
	alice, bob := in.Docs[0].Layers["alice"], in.Docs[0].Layers["bob"]
	if alice.Status != annotate.StatusDone || len(alice.Spans) != 1 || alice.Spans[0].Origin != annotate.OriginSuggestion {
		t.Errorf("alice's layer %+v", alice)
	}
	if bob.Status != annotate.StatusInProgress || len(bob.Spans) != 0 {
		t.Errorf("bob's layer %+v", bob)
	}
	rep, err := agree.Compute(in, agree.Options{IncludeInProgress: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Documents != 1 || rep.Machine[0].Accepted != 1 || rep.Pairs[0].Exact.OnlyA != 1 {
		t.Errorf("report: %d documents, alice accepted %d, only alice %d", rep.Documents, rep.Machine[0].Accepted, rep.Pairs[0].Exact.OnlyA)
	}
}
