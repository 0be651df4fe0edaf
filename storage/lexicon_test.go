package storage_test

import (
	"maps"
	"testing"

	"goldspan/annotate"
)

// TestLexiconFollowsEdits checks, after adds, edits, deletes, rejections,
// their undo and redo, and imports that replace a layer, that the lexicon
// holds one vote per stored span and one rejection per rejected
// suggestion, by surface and label: what annotate.LexiconVotes adds up
// to. The text starts with a character outside the BMP, so offsets are
// code points.
func TestLexiconFollowsEdits(t *testing.T) {
	db, _ := open(t)
	text := "😀普京訪問北京"
	mustImport(t, db, doc("d1", text))
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	add := func(who string, start, end int, label string) annotate.Span {
		t.Helper()
		s, err := db.AddSpan(ctx, annotate.Span{DocID: "d1", Annotator: who, Start: start, End: end, Label: label})
		must(err)
		return s
	}
	a := add("alice", 1, 3, "PER")
	b := add("bob", 1, 3, "PER")
	_, err := db.UpdateSpan(ctx, "alice", a.ID, 5, 7, "LOC")
	must(err)
	_, err = db.Undo(ctx, "d1", "alice")
	must(err)
	_, err = db.Redo(ctx, "d1", "alice")
	must(err)
	must(db.DeleteSpan(ctx, "bob", b.ID))
	_, err = db.Undo(ctx, "d1", "bob")
	must(err)
	must(db.SetSuggestions(ctx, "d1", []annotate.Suggestion{{Start: 3, End: 5, Label: "ORG", Source: "rule"}, {Start: 5, End: 7, Label: "LOC", Source: "gazetteer"}}))
	sugs, err := db.Suggestions(ctx, "d1", "bob")
	must(err)
	for _, s := range sugs {
		must(db.RejectSuggestion(ctx, "bob", s.ID))
	}
	_, err = db.Undo(ctx, "d1", "bob") // takes back the rejection of 北京 as LOC
	must(err)
	_, err = db.Redo(ctx, "d1", "bob")
	must(err)
	_, err = db.Undo(ctx, "d1", "bob")
	must(err)
	sugs, err = db.Suggestions(ctx, "d1", "carol")
	must(err)
	_, err = db.AcceptSuggestion(ctx, "carol", sugs[0].ID, "LOC") // 訪問 as LOC
	must(err)
	layer := func(spans ...annotate.Span) annotate.Record {
		r := doc("d1", text)
		r.Annotator, r.HasSpans, r.Spans = "dave", true, spans
		return r
	}
	mustImport(t, db, layer(annotate.Span{Start: 1, End: 3, Label: "PER"}, annotate.Span{Start: 5, End: 7, Label: "LOC"}))
	mustImport(t, db, layer(annotate.Span{Start: 5, End: 7, Label: "LOC"}))

	rs := []rune(text)
	want := map[[2]string][2]int{{"訪問", "ORG"}: {0, 1}}
	all, err := db.AllSpans(ctx, "d1")
	must(err)
	for _, s := range all {
		k := [2]string{string(rs[s.Start:s.End]), s.Label}
		w := want[k]
		w[0]++
		want[k] = w
	}
	lex, err := db.Lexicon(ctx)
	must(err)
	got := map[[2]string][2]int{}
	for _, e := range lex {
		got[[2]string{e.Surface, e.Label}] = [2]int{e.Votes, e.Rejections}
	}
	// alice: 北京 LOC; bob: 普京 PER; carol: 訪問 LOC; dave: 北京 LOC.
	if !maps.Equal(got, want) || len(all) != 4 {
		t.Errorf("lexicon %v, want %v (spans %+v)", got, want, all)
	}
}
