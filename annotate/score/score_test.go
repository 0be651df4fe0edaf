package score

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"testing"

	"goldspan/annotate"
)

func TestCounts(t *testing.T) {
	c := Counts{TP: 2, FP: 2, FN: 0}
	if c.Precision() != 0.5 || c.Recall() != 1 || c.F1() != 2.0/3 {
		t.Errorf("%+v: P %v R %v F1 %v", c, c.Precision(), c.Recall(), c.F1())
	}
	if c.Gold() != 2 || c.Predicted() != 4 || c.Empty() {
		t.Errorf("%+v: gold %d predicted %d empty %v", c, c.Gold(), c.Predicted(), c.Empty())
	}
	var z Counts
	if z.Precision() != 0 || z.Recall() != 0 || z.F1() != 0 || !z.Empty() {
		t.Errorf("empty counts: P %v R %v F1 %v", z.Precision(), z.Recall(), z.F1())
	}
	// Gold but no prediction: precision is 0/0, reported as 0.
	if g := (Counts{FN: 3}); g.Precision() != 0 || g.Recall() != 0 || g.F1() != 0 || g.Empty() {
		t.Errorf("%+v: P %v R %v F1 %v", g, g.Precision(), g.Recall(), g.F1())
	}
	z.Add(c)
	z.Add(Counts{TP: 1, FP: 0, FN: 3})
	if z != (Counts{3, 2, 3}) {
		t.Errorf("sum %+v", z)
	}
	if FromTotals(3, 6, 5) != z {
		t.Errorf("FromTotals %+v", FromTotals(3, 6, 5))
	}
	b, _ := json.Marshal(z)
	if string(b) != `{"TP":3,"FP":2,"FN":3}` {
		t.Errorf("JSON %s", b)
	}
}

func TestExact(t *testing.T) {
	gold := []Entity{{0, 2, "PER"}, {3, 5, "LOC"}, {3, 5, "LOC"}, {6, 8, "ORG"}}
	pred := []Entity{{6, 8, "ORG"}, {0, 2, "PER"}, {3, 5, "ORG"}, {3, 5, "ORG"}, {0, 2, "PER"}}
	// Gold {PER, LOC, ORG}, predicted {ORG, PER, ORG at LOC's place}.
	if got := Exact(gold, pred); got != (Counts{TP: 2, FP: 1, FN: 1}) {
		t.Errorf("Exact = %+v", got)
	}
	if got := Exact[string](nil, nil); !got.Empty() {
		t.Errorf("Exact of nothing = %+v", got)
	}
	// The inputs are left as they were.
	if pred[0] != (Entity{6, 8, "ORG"}) {
		t.Errorf("Exact reordered its input: %v", pred)
	}
}

func TestOverlap(t *testing.T) {
	gold := []Entity{{0, 4, "PER"}, {5, 9, "LOC"}}
	// One prediction overlaps two gold spans: one to one, it matches one.
	pred := []Entity{{3, 6, "PER"}, {6, 7, "LOC"}, {7, 8, "LOC"}, {20, 22, "PER"}}
	if got := Overlap(gold, pred); got != (Counts{TP: 2, FP: 2, FN: 0}) {
		t.Errorf("Overlap = %+v", got)
	}
	if got := Overlap([]Entity{{0, 4, "PER"}}, []Entity{{0, 4, "LOC"}}); got != (Counts{TP: 0, FP: 1, FN: 1}) {
		t.Errorf("Overlap across labels = %+v", got)
	}
}

// TestExactAgainstMaps checks Exact against the set arithmetic it stands
// for on random spans.
func TestExactAgainstMaps(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	labels := []string{"PER", "LOC", "ORG"}
	gen := func() []Entity {
		out := make([]Entity, rng.IntN(12))
		for i := range out {
			s := rng.IntN(10)
			out[i] = Entity{s, s + 1 + rng.IntN(3), labels[rng.IntN(3)]}
		}
		return out
	}
	for range 5000 {
		gold, pred := gen(), gen()
		g, p := map[Entity]bool{}, map[Entity]bool{}
		for _, e := range gold {
			g[e] = true
		}
		var want Counts
		for _, e := range pred {
			if p[e] {
				continue
			}
			p[e] = true
			if g[e] {
				want.TP++
			} else {
				want.FP++
			}
		}
		want.FN = len(g) - want.TP
		if got := Exact(gold, pred); got != want {
			t.Fatalf("Exact(%v, %v) = %+v, want %+v", gold, pred, got, want)
		}
		by := ByLabel{}
		by.Add(gold, pred)
		if got := by.Overall(); got != want {
			t.Fatalf("ByLabel.Add(%v, %v) = %+v, want %+v", gold, pred, got, want)
		}
		ov := ByLabel{}
		ov.AddOverlap(gold, pred)
		if got := Overlap(gold, pred); ov.Overall() != got {
			t.Fatalf("AddOverlap %+v, Overlap %+v", ov.Overall(), got)
		}
	}
}

func TestByLabel(t *testing.T) {
	s := ByLabel{}
	s.Add([]Entity{{0, 2, "PER"}, {3, 5, "LOC"}}, []Entity{{0, 2, "PER"}, {3, 5, "ORG"}, {3, 5, "ORG"}})
	if *s["PER"] != (Counts{1, 0, 0}) || *s["LOC"] != (Counts{0, 0, 1}) || *s["ORG"] != (Counts{0, 1, 0}) {
		t.Fatalf("counts %v %v %v", s["PER"], s["LOC"], s["ORG"])
	}
	if !slices.Equal(s.Labels(), []string{"LOC", "ORG", "PER"}) {
		t.Errorf("labels %v", s.Labels())
	}
	if o := s.Overall(); o.Precision() != 0.5 || o.Recall() != 0.5 || o.F1() != 0.5 {
		t.Errorf("overall %+v", o)
	}
	s.AddOverlap([]Entity{{0, 4, "PER"}}, []Entity{{2, 6, "PER"}})
	if *s["PER"] != (Counts{2, 0, 0}) {
		t.Errorf("PER after an overlap match: %+v", *s["PER"])
	}
}

func TestFromSpansAndSuggestions(t *testing.T) {
	spans := []annotate.Span{{ID: 7, DocID: "d", Start: 1, End: 3, Label: "PER", Annotator: "a"}}
	sugs := []annotate.Suggestion{{ID: 9, Start: 1, End: 3, Label: "PER", Source: "rule", Score: 0.5}}
	if got := FromSpans(spans); len(got) != 1 || got[0] != (Entity{1, 3, "PER"}) {
		t.Errorf("FromSpans = %v", got)
	}
	if got := FromSuggestions(sugs); len(got) != 1 || got[0] != (Entity{1, 3, "PER"}) {
		t.Errorf("FromSuggestions = %v", got)
	}
	if got := Exact(FromSpans(spans), FromSuggestions(sugs)); got != (Counts{TP: 1}) {
		t.Errorf("Exact = %+v", got)
	}
}
