package agree_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
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

// ComputeStore, reading one document at a time, reports exactly what
// Compute reports on the whole project read at once: for every annotator
// set, label set and in-progress choice, on a project with finished and
// unfinished documents, gold, a label nobody used, emoji, Extension B and
// CRLF; with one worker and with several.
func TestComputeStoreEqualsCompute(t *testing.T) {
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
	text := "𠮷野家在俄羅斯國防部旁👍\r\n普京訪問北京"
	sp := func(s, e int, l string, o annotate.Origin) annotate.Span {
		return annotate.Span{Start: s, End: e, Label: l, Origin: o}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	labels := []string{"PER", "LOC", "ORG"} // TIME and MISC: nobody uses them
	var recs []annotate.Record
	for i := range 150 {
		id := fmt.Sprintf("d%03d", i)
		recs = append(recs, annotate.Record{Doc: annotate.Document{ID: id, Text: text},
			Suggestions: []annotate.Suggestion{{Start: 14, End: 16, Label: "PER", Source: "rule", Score: 0.9}, {Start: 4, End: 7, Label: "LOC", Source: "rule", Score: 0.5}}})
		for _, who := range []string{"alice", "bob", "carol", annotate.GoldAnnotator} {
			if rng.IntN(5) == 0 {
				continue // no layer
			}
			st := []annotate.Status{annotate.StatusDone, annotate.StatusDone, annotate.StatusDone, annotate.StatusInProgress, annotate.StatusSkipped}[rng.IntN(5)]
			var spans []annotate.Span
			for range rng.IntN(4) {
				s := rng.IntN(19)
				spans = append(spans, sp(s, s+1+rng.IntN(3), labels[rng.IntN(3)], []annotate.Origin{annotate.OriginManual, annotate.OriginSuggestion}[rng.IntN(2)]))
			}
			spans = slices.DeleteFunc(spans, func(s annotate.Span) bool { return s.End > 20 })
			recs = append(recs, annotate.Record{Doc: annotate.Document{ID: id, Text: text}, Annotator: who, Status: st, HasSpans: true, Spans: dedupe(spans)})
		}
	}
	for _, r := range recs {
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
	for _, opt := range []agree.Options{
		{},
		{IncludeInProgress: true},
		{Annotators: []string{"carol", "alice"}},
		{Annotators: []string{"alice", annotate.GoldAnnotator}, IncludeInProgress: true},
		{Labels: []string{"PER", "TIME"}},
		{Workers: 1},
		{Workers: 3, Context: -1},
		{MaxDisagreements: 7},
		{MaxDisagreements: 1, Workers: 4},
	} {
		want, err := agree.Compute(in, opt)
		if err != nil {
			t.Fatal(err)
		}
		got, err := agree.ComputeStore(ctx, db, opt)
		if err != nil {
			t.Fatal(err)
		}
		wj, _ := json.Marshal(want)
		gj, _ := json.Marshal(got)
		if string(wj) != string(gj) {
			t.Fatalf("%+v: ComputeStore differs from Compute\n got  %s\n want %s", opt, gj, wj)
		}
		if want.Documents == 0 {
			t.Fatalf("%+v: nothing compared: the test compares nothing", opt)
		}
		if opt.MaxDisagreements > 0 && (len(got.Disagreements) != opt.MaxDisagreements || got.DisagreementCount <= opt.MaxDisagreements) {
			t.Fatalf("%+v: %d disagreements listed of %d", opt, len(got.Disagreements), got.DisagreementCount)
		}
	}
	if _, err := agree.ComputeStore(ctx, db, agree.Options{Annotators: []string{"alice", "zoe"}}); annotate.ErrorCode(err) != annotate.EINVALID {
		t.Errorf("an unknown annotator: %v", err)
	}
}

// dedupe drops spans equal to an earlier one (an import refuses them).
func dedupe(ss []annotate.Span) []annotate.Span {
	var out []annotate.Span
	for _, s := range ss {
		if !slices.ContainsFunc(out, func(o annotate.Span) bool { return o.Start == s.Start && o.End == s.End && o.Label == s.Label }) {
			out = append(out, s)
		}
	}
	return out
}
