package project

import (
	"context"
	"testing"

	"goldspan/annotate"
)

// TestDeskLearnsPlaceTails: a reviewer who marks four places with their
// governments as one organisation (rejecting the place alone) gets the
// next document's place and government suggested as one, for a place
// never decided on; the decisions count in the store's lexicon, on
// SQLite as on the fake (issue 18).
func TestDeskLearnsPlaceTails(t *testing.T) { onFakeAndSQLite(t, testDeskLearnsPlaceTails) }

func testDeskLearnsPlaceTails(t *testing.T, st annotate.Project) {
	ctx := context.Background()
	if err := service.Load(ctx); err != nil {
		t.Fatal(err)
	}
	docs := []struct{ id, text, place string }{
		{"a", "中國政府發表聲明。", "中國"},
		{"b", "日本政府發表聲明。", "日本"},
		{"c", "越南政府發表聲明。", "越南"},
		{"d", "英國政府發表聲明。", "英國"},
	}
	next := annotate.Document{ID: "e", Text: "韓國政府表示歡迎。"}
	recs := []annotate.Record{{Doc: next}}
	for _, d := range docs {
		recs = append(recs, annotate.Record{Doc: annotate.Document{ID: d.id, Text: d.text}})
	}
	mustImport(t, st, recs...)
	r := Reviewer{St: st, Annotator: "alice", Suggester: service.Live(st)}
	for _, d := range docs {
		if _, err := r.Open(ctx, d.id); err != nil {
			t.Fatal(err)
		}
		sugs, err := st.Suggestions(ctx, d.id, "alice")
		if err != nil {
			t.Fatal(err)
		}
		if want := d.place + "/LOC@0"; show(d.text, sugs) != want {
			t.Fatalf("%s: suggested %q, want %q to start with", d.id, show(d.text, sugs), want)
		}
		if err := r.Reject(ctx, sugs[0]); err != nil {
			t.Fatal(err)
		}
		n := len([]rune(d.place))
		if _, err := r.AddSpan(ctx, d.id, 0, n+2, "ORG"); err != nil {
			t.Fatal(err)
		}
		if err := r.MarkDone(ctx, d.id, RejectRest); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := r.Open(ctx, next.ID); err != nil {
		t.Fatal(err)
	}
	sugs, err := st.Suggestions(ctx, next.ID, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if got := show(next.Text, sugs); got != "韓國政府/ORG@0" {
		t.Errorf("after four governments marked with their places: %q, want 韓國政府/ORG@0", got)
	}
}
