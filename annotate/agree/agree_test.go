package agree

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"goldspan/annotate"
)

// TestCohenTextbook checks Cohen's kappa, Fleiss' kappa and alpha on the
// worked 2×2 examples of Wikipedia's "Cohen's kappa" article, each laid out
// as one document whose code points are the items: Y is a span labelled Y,
// N no span.
func TestCohenTextbook(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name           string
		yy, yn, ny, nn int // a's category, then b's
		kappa          float64
		fleiss, alpha  float64
	}{
		// p_o = 35/50 = 0.7; p_e = 0.5·0.6 + 0.5·0.4 = 0.5; κ = 0.2/0.5.
		// Scott/Fleiss: p_e = 0.55² + 0.45² = 0.505, π = 0.195/0.495 = 13/33.
		// Alpha: D_o = 0.3, D_e = (100² − 55² − 45²)/(100·99) = 0.5.
		{"wikipedia 50 items", 20, 5, 10, 15, 0.4, 13.0 / 33, 1 - 0.3/0.5},
		// p_o = 0.6, p_e = 0.6·0.7 + 0.4·0.3 = 0.54, κ = 0.06/0.46 = 3/23.
		// π: p_e = 0.65² + 0.35² = 0.545, π = 0.055/0.455 = 11/91.
		// Alpha: D_e = (200² − 130² − 70²)/(200·199) = 18200/39800.
		{"wikipedia equal agreement 1", 45, 15, 25, 15, 3.0 / 23, 11.0 / 91, 1 - 0.4/(18200.0/39800)},
		// p_o = 0.6, p_e = 0.6·0.3 + 0.4·0.7 = 0.46, κ = 0.14/0.54 = 7/27.
		// π: p_e = 0.45² + 0.55² = 0.505, π = 0.095/0.495 = 19/99.
		{"wikipedia equal agreement 2", 25, 35, 5, 35, 7.0 / 27, 19.0 / 99, 1 - 0.4/(19800.0/39800)},
		// Perfect agreement with both categories: κ = 1.
		{"perfect", 10, 0, 0, 5, 1, 1, 1},
		// Every item Y for both: p_o = p_e = 1, 0/0.
		{"one category", 10, 0, 0, 0, nan, nan, nan},
		// Always disagreeing, half and half: p_o = 0, p_e = 0.5, κ = −1.
		{"always disagree", 0, 5, 5, 0, -1, -1, 1 - 1/(10.0/19)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a, b []string
			add := func(n int, ca, cb string) {
				a = append(a, repeat(ca, n)...)
				b = append(b, repeat(cb, n)...)
			}
			add(tt.yy, "Y", "Y")
			add(tt.yn, "Y", "O")
			add(tt.ny, "O", "Y")
			add(tt.nn, "O", "O")
			names := []string{"a", "b"}
			in := Input{Docs: []Doc{catsDoc("d", names, [][]string{a, b})}}
			r := compute(t, in, Options{Labels: []string{"Y"}})
			if r.Characters != len(a) || r.Documents != 1 {
				t.Fatalf("characters %d documents %d, want %d 1", r.Characters, r.Documents, len(a))
			}
			pr := r.Pairs[0]
			near(t, "kappa", pr.Kappa, tt.kappa, 1e-12)
			near(t, "per-label kappa", pr.PerLabel["Y"].Kappa, tt.kappa, 1e-12) // two categories: the same
			near(t, "agreement", pr.Agreement, float64(tt.yy+tt.nn)/float64(len(a)), 1e-12)
			near(t, "fleiss", r.FleissKappa, tt.fleiss, 1e-12)
			near(t, "alpha", r.Alpha, tt.alpha, 1e-12)
			near(t, "per-label fleiss", r.PerLabel["Y"].FleissKappa, tt.fleiss, 1e-12)
			near(t, "per-label alpha", r.PerLabel["Y"].Alpha, tt.alpha, 1e-12)
		})
	}
}

// TestFleissWikipedia checks the worked example of Wikipedia's "Fleiss'
// kappa" article: 10 subjects, 14 raters, 5 categories, P̄ = 172/455
// (0.378), P_e = 417/1960 (0.213), κ = 4211/20059 (0.210). Each subject is
// a code point; category 1 is "O" and 2-5 are labels. Alpha follows from
// the same sums: D_o = 1 − P̄ and D_e = (1 − P_e)·M/(M − 1) with M = 140
// ratings, so α = 1 − (283/455)·139/((1543/1960)·140) = 21621/100295.
func TestFleissWikipedia(t *testing.T) {
	table := [][5]int{
		{0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
		{7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7},
	}
	cats := []string{"O", "B", "C", "D", "E"}
	raters := 14
	names := make([]string, raters)
	ratings := make([][]string, raters)
	for i := range names {
		names[i] = string(rune('a' + i))
	}
	for _, row := range table {
		r := 0
		for c, n := range row {
			for range n {
				ratings[r] = append(ratings[r], cats[c])
				r++
			}
		}
	}
	in := Input{Docs: []Doc{catsDoc("d", names, ratings)}}
	r := compute(t, in, Options{})
	near(t, "fleiss", r.FleissKappa, 4211.0/20059, 1e-12)
	near(t, "fleiss (rounded, as published)", r.FleissKappa, 0.210, 0.0005)
	near(t, "agreement", r.Agreement, 172.0/455, 1e-12)
	near(t, "alpha", r.Alpha, 21621.0/100295, 1e-12)
	if len(r.Pairs) != raters*(raters-1)/2 {
		t.Errorf("%d pairs, want %d", len(r.Pairs), raters*(raters-1)/2)
	}
}

// TestSpanMeasures checks span F1, errors and confusion on hand-worked pairs.
func TestSpanMeasures(t *testing.T) {
	sp := func(s, e int, l string) annotate.Span { return annotate.Span{Start: s, End: e, Label: l} }
	nan := math.NaN()
	tests := []struct {
		name      string
		a, b      []annotate.Span
		exact     Counts
		overlap   Counts
		errors    Errors
		confusion map[string]map[string]int
		perLabel  map[string][2]Counts // exact, overlap
	}{
		{
			// Exact: PER [0,2) only. Overlap: PER [0,2), ORG [6,9)~[6,8).
			// LOC [3,5) vs PER [3,5) is a type error; ORG a boundary error;
			// LOC [10,12) is b's alone.
			name:    "mixed",
			a:       []annotate.Span{sp(0, 2, "PER"), sp(3, 5, "LOC"), sp(6, 9, "ORG")},
			b:       []annotate.Span{sp(0, 2, "PER"), sp(3, 5, "PER"), sp(6, 8, "ORG"), sp(10, 12, "LOC")},
			exact:   Counts{1, 2, 3},
			overlap: Counts{2, 1, 2},
			errors:  Errors{Exact: 1, Type: 1, Boundary: 1, OnlyB: 1},
			confusion: map[string]map[string]int{
				"PER": {"PER": 1}, "LOC": {"PER": 1},
			},
			perLabel: map[string][2]Counts{
				"PER": {{1, 0, 1}, {1, 0, 1}},
				"LOC": {{0, 1, 1}, {0, 1, 1}},
				"ORG": {{0, 1, 1}, {1, 0, 0}},
			},
		},
		{
			// A naive greedy that pairs a's [0,10) with b's first overlapping
			// span by start ([5,13)) leaves [12,14) alone; the maximum is 2.
			name:     "overlap needs the maximum matching",
			a:        []annotate.Span{sp(0, 10, "PER"), sp(12, 14, "PER")},
			b:        []annotate.Span{sp(5, 13, "PER"), sp(6, 7, "PER")},
			exact:    Counts{0, 2, 2},
			overlap:  Counts{2, 0, 0},
			errors:   Errors{Boundary: 2},
			perLabel: map[string][2]Counts{"PER": {{0, 2, 2}, {2, 0, 0}}},
		},
		{
			// One span of a overlaps two of b: one to one, so one match.
			name:     "one to one",
			a:        []annotate.Span{sp(0, 10, "LOC")},
			b:        []annotate.Span{sp(0, 4, "LOC"), sp(5, 10, "LOC")},
			exact:    Counts{0, 1, 2},
			overlap:  Counts{1, 0, 1},
			errors:   Errors{Boundary: 1, OnlyB: 1},
			perLabel: map[string][2]Counts{"LOC": {{0, 1, 2}, {1, 0, 1}}},
		},
		{
			// Touching spans do not overlap; different label and offsets
			// that overlap are both errors at once.
			name:     "touching, and type with boundary",
			a:        []annotate.Span{sp(0, 3, "PER"), sp(5, 9, "LOC")},
			b:        []annotate.Span{sp(3, 5, "PER"), sp(6, 9, "ORG")},
			exact:    Counts{0, 2, 2},
			overlap:  Counts{0, 2, 2},
			errors:   Errors{TypeAndBoundary: 1, OnlyA: 1, OnlyB: 1},
			perLabel: map[string][2]Counts{"PER": {{0, 1, 1}, {0, 1, 1}}},
		},
		{
			// Duplicates in one layer count once; same offsets with two
			// labels each: LOC matches, PER vs ORG is a type error.
			name:      "duplicates and double labels",
			a:         []annotate.Span{sp(0, 3, "PER"), sp(0, 3, "PER"), sp(0, 3, "LOC")},
			b:         []annotate.Span{sp(0, 3, "LOC"), sp(0, 3, "ORG")},
			exact:     Counts{1, 1, 1},
			overlap:   Counts{1, 1, 1},
			errors:    Errors{Exact: 1, Type: 1},
			confusion: map[string]map[string]int{"LOC": {"LOC": 1}, "PER": {"ORG": 1}},
		},
		{
			name: "no spans",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Doc{ID: "d", Text: strings.Repeat("x", 20), Layers: map[string]Layer{
				"a": {Status: annotate.StatusDone, Spans: tt.a},
				"b": {Status: annotate.StatusDone, Spans: tt.b},
			}}
			r := compute(t, Input{Docs: []Doc{d}}, Options{})
			pr := r.Pairs[0]
			if pr.Exact != tt.exact || pr.Overlap != tt.overlap {
				t.Errorf("exact %+v overlap %+v, want %+v %+v", pr.Exact, pr.Overlap, tt.exact, tt.overlap)
			}
			wantF1 := func(c Counts) float64 {
				if c.Matched+c.OnlyA+c.OnlyB == 0 {
					return nan
				}
				return 2 * float64(c.Matched) / float64(2*c.Matched+c.OnlyA+c.OnlyB)
			}
			near(t, "f1 exact", pr.F1Exact, wantF1(tt.exact), 1e-15)
			near(t, "f1 overlap", pr.F1Overlap, wantF1(tt.overlap), 1e-15)
			if pr.Errors != tt.errors {
				t.Errorf("errors %+v, want %+v", pr.Errors, tt.errors)
			}
			if tt.confusion == nil {
				tt.confusion = map[string]map[string]int{}
			}
			if got, _ := json.Marshal(pr.Confusion); string(got) != mustJSON(t, tt.confusion) {
				t.Errorf("confusion %s, want %s", got, mustJSON(t, tt.confusion))
			}
			for l, c := range tt.perLabel {
				lp := pr.PerLabel[l]
				if lp.Exact != c[0] || lp.Overlap != c[1] {
					t.Errorf("%s: exact %+v overlap %+v, want %+v %+v", l, lp.Exact, lp.Overlap, c[0], c[1])
				}
				near(t, l+" f1 exact", lp.F1Exact, wantF1(c[0]), 1e-15)
				near(t, l+" f1 overlap", lp.F1Overlap, wantF1(c[1]), 1e-15)
			}
			// Every span is classified once.
			e := pr.Errors
			if e.Exact+e.Type+e.Boundary+e.TypeAndBoundary+e.OnlyA != pr.Exact.Matched+pr.Exact.OnlyA ||
				e.Exact+e.Type+e.Boundary+e.TypeAndBoundary+e.OnlyB != pr.Exact.Matched+pr.Exact.OnlyB {
				t.Errorf("errors %+v do not add up to the span counts %+v", e, pr.Exact)
			}
		})
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestCategories checks which span decides a code point's category.
func TestCategories(t *testing.T) {
	tests := []struct {
		name  string
		spans []span // label indexes: 1 LOC, 2 ORG, 3 PER
		n     int
		want  []uint16
	}{
		{"none", nil, 3, []uint16{0, 0, 0}},
		{"starts first wins", []span{{Start: 2, End: 5, Label: 1}, {Start: 0, End: 3, Label: 2}}, 6, []uint16{2, 2, 2, 1, 1, 0}},
		{"then the longest", []span{{Start: 0, End: 2, Label: 1}, {Start: 0, End: 4, Label: 3}}, 5, []uint16{3, 3, 3, 3, 0}},
		{"nested inside", []span{{Start: 0, End: 6, Label: 3}, {Start: 2, End: 4, Label: 1}}, 6, []uint16{3, 3, 3, 3, 3, 3}},
		{"same offsets: first label", []span{{Start: 1, End: 3, Label: 3}, {Start: 1, End: 3, Label: 1}}, 4, []uint16{0, 1, 1, 0}},
		{"chain", []span{{Start: 0, End: 2, Label: 1}, {Start: 1, End: 4, Label: 2}, {Start: 3, End: 6, Label: 3}}, 6, []uint16{1, 1, 2, 2, 3, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &worker{}
			ss := slices.Clone(tt.spans)
			slices.SortFunc(ss, cmpSpan)
			got := w.categories(nil, ss, tt.n)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestCodePoints checks that offsets, character counts and texts are in
// code points, with emoji, CJK Extension B and CRLF in the text.
func TestCodePoints(t *testing.T) {
	text := "😀𠮷王\r\n明😀ab"
	d := Doc{ID: "d", Text: text, Layers: map[string]Layer{
		"a": {Status: annotate.StatusDone, Spans: []annotate.Span{{Start: 1, End: 3, Label: "PER"}, {Start: 5, End: 7, Label: "LOC"}}},
		"b": {Status: annotate.StatusDone, Spans: []annotate.Span{{Start: 1, End: 3, Label: "PER"}, {Start: 5, End: 6, Label: "LOC"}}},
	}}
	r := compute(t, Input{Docs: []Doc{d}}, Options{Context: 2})
	if r.Characters != 9 {
		t.Errorf("characters = %d, want 9", r.Characters)
	}
	// Items: 9; a: O PER PER O O LOC LOC O O; b: same but code point 6 is O.
	// p_o = 8/9; a: O 5, PER 2, LOC 2; b: O 6, PER 2, LOC 1;
	// p_e = (30 + 4 + 2)/81 = 36/81; κ = (8/9 − 36/81)/(1 − 36/81) = 36/45.
	near(t, "kappa", r.Pairs[0].Kappa, 36.0/45, 1e-12)
	if len(r.Disagreements) != 1 {
		t.Fatalf("disagreements %+v, want 1", r.Disagreements)
	}
	dg := r.Disagreements[0]
	want := Disagreement{
		Doc: "d", Start: 5, End: 7, Kinds: []string{KindBoundary},
		Versions: []Version{
			{"a", []SpanText{{5, 7, "LOC", "明😀"}}},
			{"b", []SpanText{{5, 6, "LOC", "明"}}},
		},
		Context: Context{3, 9, "\r\n明😀ab"},
	}
	if mustJSON(t, dg) != mustJSON(t, want) {
		t.Errorf("disagreement\n%s, want\n%s", mustJSON(t, dg), mustJSON(t, want))
	}
	if u := Unanimous(map[string][]annotate.Span{"a": d.Layers["a"].Spans, "b": d.Layers["b"].Spans}, nil); len(u) != 1 ||
		u[0].Start != 1 || u[0].End != 3 || u[0].Label != "PER" {
		t.Errorf("unanimous %+v, want PER [1,3)", u)
	}
}

// TestSelection checks which documents are compared.
func TestSelection(t *testing.T) {
	sp := []annotate.Span{{Start: 0, End: 1, Label: "PER"}}
	layer := func(st annotate.Status) Layer { return Layer{Status: st, Spans: sp} }
	in := Input{Docs: []Doc{
		{ID: "done", Text: "ab", Layers: map[string]Layer{"a": layer(annotate.StatusDone), "b": layer(annotate.StatusDone), "gold": layer(annotate.StatusDone)}},
		{ID: "half", Text: "abc", Layers: map[string]Layer{"a": layer(annotate.StatusDone), "b": layer(annotate.StatusInProgress)}},
		{ID: "todo", Text: "abcd", Layers: map[string]Layer{"a": layer(annotate.StatusDone)}},
		{ID: "skipped", Text: "abcde", Layers: map[string]Layer{"a": layer(annotate.StatusDone), "b": layer(annotate.StatusSkipped), "c": layer(annotate.StatusSkipped)}},
	}}
	r := compute(t, in, Options{Annotators: []string{"a", "b"}})
	if r.Documents != 1 || r.Characters != 2 || r.Skipped != 3 {
		t.Errorf("documents %d characters %d skipped %d, want 1 2 3", r.Documents, r.Characters, r.Skipped)
	}
	r = compute(t, in, Options{Annotators: []string{"a", "b"}, IncludeInProgress: true})
	if r.Documents != 2 || r.Characters != 5 {
		t.Errorf("with in-progress: documents %d characters %d, want 2 5", r.Documents, r.Characters)
	}
	r = compute(t, in, Options{})
	if !slices.Equal(r.Annotators, []string{"a", "b", "c"}) || r.Documents != 0 {
		t.Errorf("default annotators %v documents %d, want [a b c] 0 (gold only on request)", r.Annotators, r.Documents)
	}
	near(t, "kappa over nothing", r.Pairs[0].Kappa, math.NaN(), 0)
	r = compute(t, in, Options{Annotators: []string{"gold", "a"}})
	if !slices.Equal(r.Annotators, []string{"gold", "a"}) || r.Pairs[0].A != "gold" || r.Documents != 1 {
		t.Errorf("gold vs a: annotators %v pair %s-%s documents %d", r.Annotators, r.Pairs[0].A, r.Pairs[0].B, r.Documents)
	}
}

// TestInvalid checks the errors of Compute.
func TestInvalid(t *testing.T) {
	doc := func(spans ...annotate.Span) Input {
		return Input{Docs: []Doc{{ID: "d1", Text: "王明", Layers: map[string]Layer{
			"a": {Status: annotate.StatusDone, Spans: spans},
			"b": {Status: annotate.StatusDone},
		}}}}
	}
	tests := []struct {
		name string
		in   Input
		opt  Options
		want string
	}{
		{"one annotator", doc(), Options{Annotators: []string{"a"}}, "at least two annotators"},
		{"no annotators", Input{}, Options{}, "at least two annotators"},
		{"unknown annotator", doc(), Options{Annotators: []string{"a", "zed"}}, `annotator "zed" has annotated no document`},
		{"repeated annotator", doc(), Options{Annotators: []string{"a", "a"}}, "named twice"},
		{"repeated label", doc(), Options{Labels: []string{"PER", "PER"}}, "named twice"},
		{"span past the end", doc(annotate.Span{Start: 1, End: 3, Label: "PER"}), Options{}, `document "d1", annotator "a": span [1,3) PER is out of range: need 0 <= start < end <= 2`},
		{"empty span", doc(annotate.Span{Start: 1, End: 1, Label: "PER"}), Options{}, "out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compute(tt.in, tt.opt)
			if annotate.ErrorCode(err) != annotate.EINVALID || !strings.Contains(annotate.ErrorMessage(err), tt.want) {
				t.Errorf("error %v, want EINVALID containing %q", err, tt.want)
			}
		})
	}
}

// TestLabelsOption checks that Labels restricts and orders the labels.
func TestLabelsOption(t *testing.T) {
	in := Input{Docs: []Doc{{ID: "d", Text: "abcdef", Layers: map[string]Layer{
		"a": {Status: annotate.StatusDone, Spans: []annotate.Span{{Start: 0, End: 2, Label: "PER"}, {Start: 3, End: 5, Label: "LOC"}}},
		"b": {Status: annotate.StatusDone, Spans: []annotate.Span{{Start: 0, End: 2, Label: "PER"}}},
	}}}}
	r := compute(t, in, Options{Labels: []string{"PER", "MISC"}})
	if !slices.Equal(r.Labels, []string{"PER", "MISC"}) {
		t.Errorf("labels %v", r.Labels)
	}
	pr := r.Pairs[0]
	if pr.Exact != (Counts{1, 0, 0}) || len(r.Disagreements) != 0 {
		t.Errorf("LOC should be left out: exact %+v, disagreements %d", pr.Exact, len(r.Disagreements))
	}
	near(t, "kappa", pr.Kappa, 1, 0)
	near(t, "MISC kappa (nobody used it)", pr.PerLabel["MISC"].Kappa, math.NaN(), 0)
	near(t, "MISC f1", pr.PerLabel["MISC"].F1Exact, math.NaN(), 0)
	near(t, "MISC agreement", pr.PerLabel["MISC"].Agreement, 1, 0)
}

// TestMachine checks the use of suggestions.
func TestMachine(t *testing.T) {
	sug := func(s, e int, l string) annotate.Suggestion { return annotate.Suggestion{Start: s, End: e, Label: l} }
	sp := func(s, e int, l string, o annotate.Origin) annotate.Span {
		return annotate.Span{Start: s, End: e, Label: l, Origin: o}
	}
	in := Input{Docs: []Doc{
		{ID: "1", Text: strings.Repeat("x", 30), Suggestions: []annotate.Suggestion{sug(0, 2, "PER"), sug(3, 5, "LOC"), sug(6, 8, "ORG"), sug(9, 10, "PER")},
			Layers: map[string]Layer{
				// accepted 1, edited 1, rejected 1, ignored 1, manual 2
				"a": {Status: annotate.StatusDone, Rejected: 1, Spans: []annotate.Span{
					sp(0, 2, "PER", annotate.OriginSuggestion), sp(3, 6, "LOC", annotate.OriginSuggestionEdited),
					sp(20, 22, "PER", annotate.OriginManual), sp(24, 25, "PER", ""),
				}},
				// rejected all 4
				"b": {Status: annotate.StatusDone, Rejected: 4},
			}},
		{ID: "2", Text: "xx", Suggestions: []annotate.Suggestion{sug(0, 1, "PER")}, Layers: map[string]Layer{
			"a": {Status: annotate.StatusDone, Spans: []annotate.Span{sp(0, 1, "PER", annotate.OriginSuggestion)}},
			"b": {Status: annotate.StatusDone, Spans: []annotate.Span{sp(0, 2, "PER", annotate.OriginManual)}},
		}},
	}}
	r := compute(t, in, Options{})
	a, b := r.Machine[0], r.Machine[1]
	if a.Annotator != "a" || a.Suggestions != 5 || a.Accepted != 2 || a.Edited != 1 || a.Rejected != 1 || a.Ignored != 1 || a.Spans != 5 || a.Manual != 2 {
		t.Errorf("a: %+v", a)
	}
	near(t, "a accepted share", a.AcceptedShare, 2.0/5, 1e-15)
	near(t, "a manual share", a.ManualShare, 2.0/5, 1e-15)
	if b.Suggestions != 5 || b.Accepted != 0 || b.Rejected != 4 || b.Ignored != 1 || b.Manual != 1 {
		t.Errorf("b: %+v", b)
	}
	near(t, "b rejected share", b.RejectedShare, 4.0/5, 1e-15)
}

// TestDisagreements checks grouping and kinds of disagreements, and that
// unanimous groups are left out.
func TestDisagreements(t *testing.T) {
	sp := func(s, e int, l string) annotate.Span { return annotate.Span{Start: s, End: e, Label: l} }
	text := "0123456789abcdefghijklmnopqrstuvwxyz"
	layers := map[string][]annotate.Span{
		"a": {sp(0, 2, "PER"), sp(4, 6, "LOC"), sp(8, 10, "ORG"), sp(12, 14, "PER"), sp(20, 22, "PER"), sp(22, 24, "LOC")},
		"b": {sp(0, 2, "PER"), sp(4, 6, "ORG"), sp(8, 11, "ORG"), sp(20, 22, "PER"), sp(22, 24, "LOC")},
		"c": {sp(0, 2, "PER"), sp(4, 6, "LOC"), sp(9, 10, "PER"), sp(12, 14, "PER"), sp(20, 22, "PER"), sp(22, 24, "LOC")},
	}
	got := Disagreements("doc", text, layers, nil, -1)
	type short struct {
		start, end int
		kinds      string
		spans      string
	}
	var sum []short
	for _, d := range got {
		var vs []string
		for _, v := range d.Versions {
			var ss []string
			for _, s := range v.Spans {
				ss = append(ss, s.Label+s.Text)
			}
			vs = append(vs, v.Annotator+":"+strings.Join(ss, ","))
		}
		sum = append(sum, short{d.Start, d.End, strings.Join(d.Kinds, ","), strings.Join(vs, " ")})
		if d.Context.Text != text[d.Start:d.End] {
			t.Errorf("context %q with no context characters, want %q", d.Context.Text, text[d.Start:d.End])
		}
	}
	want := []short{
		{4, 6, "label", "a:LOC45 b:ORG45 c:LOC45"},
		{8, 11, "label,boundary", "a:ORG89 b:ORG89a c:PER9"},
		{12, 14, "missing", "a:PERcd b: c:PERcd"},
	}
	if !slices.Equal(sum, want) {
		t.Errorf("got  %+v\nwant %+v", sum, want)
	}
	u := Unanimous(layers, nil)
	var us []string
	for _, s := range u {
		us = append(us, s.Label+text[s.Start:s.End])
	}
	if !slices.Equal(us, []string{"PER01", "PERkl", "LOCmn"}) {
		t.Errorf("unanimous %v", us)
	}
	if u := Unanimous(layers, []string{"a", "b", "nobody"}); len(u) != 0 {
		t.Errorf("unanimous with an annotator without spans: %v", u)
	}
}

// TestJSON checks the report's keys and that undefined scores are null.
func TestJSON(t *testing.T) {
	in := Input{Docs: []Doc{{ID: "d", Text: "abc", Layers: map[string]Layer{
		"alice": {Status: annotate.StatusDone},
		"bob":   {Status: annotate.StatusDone, Spans: []annotate.Span{{Start: 0, End: 1, Label: "PER"}}},
	}}}}
	r := compute(t, in, Options{})
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(r); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"annotators", "documents", "characters", "pairs", "fleiss_kappa", "alpha", "disagreements", "per_label", "machine", "labels"} {
		if _, ok := m[k]; !ok {
			t.Errorf("no key %q in %s", k, buf.String())
		}
	}
	pair := m["pairs"].([]any)[0].(map[string]any)
	for _, k := range []string{"a", "b", "f1_exact", "f1_overlap", "kappa", "per_label", "exact", "overlap", "confusion", "errors"} {
		if _, ok := pair[k]; !ok {
			t.Errorf("no key %q in pair %v", k, pair)
		}
	}
	pl := pair["per_label"].(map[string]any)["PER"].(map[string]any)
	for _, k := range []string{"f1_exact", "f1_overlap", "kappa"} {
		if _, ok := pl[k]; !ok {
			t.Errorf("no key %q in per_label %v", k, pl)
		}
	}
	// alice has no spans, bob one: F1 is 0, kappa is 0 (p_o = p_e = 2/3).
	if pair["f1_exact"] != 0.0 || pair["kappa"] != 0.0 {
		t.Errorf("f1 %v kappa %v, want 0 0", pair["f1_exact"], pair["kappa"])
	}
	// Round trip, nulls included.
	var back Report
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if back.Machine[0].AcceptedShare.Defined() || !strings.Contains(buf.String(), `"accepted_share":null`) {
		t.Errorf("a share of no suggestions should be null: %s", buf.String())
	}
	if back.Pairs[0].Kappa != r.Pairs[0].Kappa {
		t.Errorf("round trip kappa %v, want %v", back.Pairs[0].Kappa, r.Pairs[0].Kappa)
	}
}

func TestScoreJSON(t *testing.T) {
	for _, s := range []Score{0, 1, -0.25, 0.1 + 0.2, undefined()} {
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var back Score
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if back.Defined() != s.Defined() || (s.Defined() && back != s) {
			t.Errorf("%v → %s → %v", s, b, back)
		}
	}
}

// TestWorkers checks that sharing documents among goroutines changes
// nothing, disagreement order included.
func TestWorkers(t *testing.T) {
	in, names := randomInput(rand.New(rand.NewPCG(42, 42)), genConfig{
		docs: 300, annotators: 3, minLen: 20, maxLen: 80, spans: 5,
		labels: []string{"LOC", "ORG", "PER"}, statuses: true,
	})
	one := mustJSON(t, compute(t, in, Options{Annotators: names, Workers: 1}))
	for _, w := range []int{2, 3, 8} {
		if got := mustJSON(t, compute(t, in, Options{Annotators: names, Workers: w})); got != one {
			t.Errorf("%d workers: report differs from one worker's", w)
		}
	}
}
