package suggest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"goldspan/annotate"

	"github.com/longbridgeapp/opencc"
)

func TestVotes(t *testing.T) {
	for _, tc := range []struct {
		name       string
		c, r       map[string]int
		best       string
		ok         bool
		suppressed []string
	}{
		{"empty", nil, nil, "", false, nil},
		{"one confirmation", map[string]int{"PER": 1}, nil, "PER", true, nil},
		{"majority", map[string]int{"PER": 1, "ORG": 3}, nil, "ORG", true, nil},
		{"tie broken by name", map[string]int{"PER": 2, "ORG": 2}, nil, "ORG", true, nil},
		{"rejections dominate", map[string]int{"LOC": 1}, map[string]int{"LOC": 2}, "", false, []string{"LOC"}},
		{"rejections equal", map[string]int{"LOC": 2}, map[string]int{"LOC": 2}, "", false, nil},
		{"no clear majority", map[string]int{"LOC": 3, "ORG": 1}, map[string]int{"LOC": 4}, "ORG", true, nil},
		{"clear majority", map[string]int{"LOC": 2, "ORG": 1}, map[string]int{"LOC": 4}, "ORG", true, []string{"LOC"}},
		{"one rejection is no evidence", nil, map[string]int{"PER": 1}, "", false, nil},
		{"two rejections are", nil, map[string]int{"PER": 2}, "", false, []string{"PER"}},
	} {
		v := Votes{Confirmed: tc.c, Rejected: tc.r}
		best, score, ok := v.Best()
		if best != tc.best || ok != tc.ok || ok && (score <= 0 || score >= 1) {
			t.Errorf("%s: Best() = %q %v %v, want %q %v", tc.name, best, score, ok, tc.best, tc.ok)
		}
		for _, l := range []string{"PER", "LOC", "ORG"} {
			want := false
			for _, s := range tc.suppressed {
				want = want || s == l
			}
			if v.Suppressed(l) != want {
				t.Errorf("%s: Suppressed(%s) = %v", tc.name, l, !want)
			}
		}
	}
}

func TestLearned(t *testing.T) {
	var l Learned // the zero value is ready
	if _, ok := l.Lookup("x"); ok || l.Lengths('x') != nil || l.Len() != 0 {
		t.Fatal("zero Learned not empty")
	}
	l.Confirm("澤連斯基", "PER")
	l.Confirm("泽连斯基", "PER")
	l.Reject("泽连斯基", "LOC")
	l.Confirm("泽连", "PER")
	l.Add("", "PER", 1, 0)     // ignored
	l.Add("x", "", 1, 0)       // ignored
	l.Add("\xff", "PER", 1, 0) // ignored
	v, ok := l.Lookup("泽连斯基")
	if !ok || v.Confirmed["PER"] != 2 || v.Rejected["LOC"] != 1 {
		t.Fatalf("folded votes: %+v %v", v, ok)
	}
	if l.Len() != 2 {
		t.Errorf("Len = %d", l.Len())
	}
	ls := l.Lengths('泽')
	if len(ls) != 2 || ls[0] != 4 || ls[1] != 2 {
		t.Errorf("Lengths = %v", ls)
	}
	// A caller's slice is not changed by later additions.
	l.Confirm("泽连斯基总统", "PER")
	if ls[0] != 4 || len(l.Lengths('泽')) != 3 {
		t.Errorf("Lengths shared: %v %v", ls, l.Lengths('泽'))
	}
	// Lookup returns a copy.
	v.Confirmed["PER"] = 100
	if w, _ := l.Lookup("泽连斯基"); w.Confirmed["PER"] != 2 {
		t.Error("Lookup returned the lexicon's own map")
	}
	// Undo never goes below zero.
	l.Add("泽连", "PER", -5, -5)
	if w, _ := l.Lookup("泽连"); len(w.Confirmed) != 0 || len(w.Rejected) != 0 {
		t.Errorf("after undo: %+v", w)
	}
}

func TestLearnedConcurrent(t *testing.T) {
	l := NewLearned()
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for k := 0; k < 200; k++ {
				l.Confirm(string(rune('甲'+k%10))+"乙", "PER")
				l.Lookup("甲乙")
				l.Lengths('甲')
			}
		}(i)
	}
	wg.Wait()
	if v, _ := l.Lookup("甲乙"); v.Confirmed["PER"] != 80 {
		t.Errorf("votes %v", v.Confirmed)
	}
}

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"abc 123", "abc 123"},
		{"烏克蘭總統澤連斯基", "乌克兰总统泽连斯基"},
		{"香港特區政府發言人", "香港特区政府发言人"},
		{"著名的乾隆皇帝", "著名的乾隆皇帝"}, // everyday Simplified characters stay
		{"👍𠮷\r\n臺灣", "👍𠮷\r\n台湾"},
		{"\xff國\xfe", "\xff国\xfe"},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// One character for one: offsets never move.
	for from, to := range foldMap {
		if from == to || utf8.RuneLen(to) < 1 {
			t.Fatalf("bad pair %c %c", from, to)
		}
	}
}

// TestGazetteerTraditional checks that every gazetteer entry, converted to
// Traditional characters the way Hong Kong and Taiwan write them, folds
// back to the entry's own key: the gazetteer matches both scripts.
func TestGazetteerTraditional(t *testing.T) {
	es, err := ReadGazetteer(builtinGazetteer)
	if err != nil {
		t.Fatal(err)
	}
	labels := map[string]string{}
	for _, e := range es {
		k := Fold(e.Surface)
		if l, ok := labels[k]; ok && l != e.Label {
			t.Errorf("%s (%s line %d): label %s, but %s elsewhere", e.Surface, e.File, e.Line, e.Label, l)
		}
		labels[k] = e.Label
	}
	for _, conv := range []string{"s2hk", "s2tw", "s2t"} {
		cc, err := opencc.New(conv)
		if err != nil {
			t.Fatal(err)
		}
		missed := 0
		for _, e := range es {
			tr, err := cc.Convert(e.Surface)
			if err != nil {
				t.Fatal(err)
			}
			if utf8.RuneCountInString(tr) != utf8.RuneCountInString(e.Surface) {
				continue // a phrase conversion changed the length: not a spelling we fold
			}
			if Fold(tr) != Fold(e.Surface) {
				missed++
				if missed <= 5 {
					t.Logf("%s: %s → %s folds to %s", conv, e.Surface, tr, Fold(tr))
				}
			}
		}
		if missed*100 > len(es) {
			t.Errorf("%s: %d of %d entries do not fold back", conv, missed, len(es))
		}
	}
}

func TestReadBIO(t *testing.T) {
	in := "中\tB-ORG\n共\tI-ORG\n致\tO\n李 B-PER\n鹏 I-PER\n\n\n美\tI-LOC\n国\tI-LOC\n人\tO\n中\tB-LOC\n美\tB-LOC\r\n"
	sents, err := ReadBIO(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(sents) != 2 || sents[0].Text != "中共致李鹏" || sents[1].Text != "美国人中美" {
		t.Fatalf("sentences %+v", sents)
	}
	want0 := []Entity{{Start: 0, End: 2, Label: "ORG"}, {Start: 3, End: 5, Label: "PER"}}
	want1 := []Entity{{Start: 0, End: 2, Label: "LOC"}, {Start: 3, End: 4, Label: "LOC"}, {Start: 4, End: 5, Label: "LOC"}}
	for i, w := range [][]Entity{want0, want1} {
		if len(sents[i].Gold) != len(w) {
			t.Fatalf("sentence %d gold %v, want %v", i, sents[i].Gold, w)
		}
		for k := range w {
			if sents[i].Gold[k] != w[k] {
				t.Errorf("sentence %d entity %d = %v, want %v", i, k, sents[i].Gold[k], w[k])
			}
		}
	}
	for _, bad := range []string{"中国\tO\n", "中\tX-PER\n", "中\n"} {
		if _, err := ReadBIO(strings.NewReader(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestScore(t *testing.T) {
	s := Score{}
	s.Add([]Entity{{Start: 0, End: 2, Label: "PER"}, {Start: 3, End: 5, Label: "LOC"}}, []Entity{{Start: 0, End: 2, Label: "PER"}, {Start: 3, End: 5, Label: "ORG"}, {Start: 3, End: 5, Label: "ORG"}})
	per, loc, org := s["PER"], s["LOC"], s["ORG"]
	if *per != (Counts{TP: 1, FP: 0, FN: 0}) || *loc != (Counts{TP: 0, FP: 0, FN: 1}) || *org != (Counts{TP: 0, FP: 1, FN: 0}) {
		t.Fatalf("counts %v %v %v", per, loc, org)
	}
	o := s.Overall()
	if o.Precision() != 0.5 || o.Recall() != 0.5 || o.F1() != 0.5 {
		t.Errorf("overall %v P%v R%v F%v", o, o.Precision(), o.Recall(), o.F1())
	}
	if (Counts{}).F1() != 0 {
		t.Error("empty F1")
	}
}

func TestStrongEvidence(t *testing.T) {
	for _, tc := range []struct {
		c, r  map[string]int
		label string
		want  bool
	}{
		{map[string]int{"ORG": 1}, nil, "ORG", false},            // one stray decision
		{map[string]int{"ORG": 2}, nil, "ORG", true},             // consistent
		{map[string]int{"ORG": 2, "TIME": 2}, nil, "ORG", false}, // split
		{map[string]int{"ORG": 4, "TIME": 1}, nil, "ORG", true},  // a clear majority
		{map[string]int{"ORG": 2}, map[string]int{"ORG": 1, "LOC": 1}, "ORG", false},
	} {
		if got := (Votes{Confirmed: tc.c, Rejected: tc.r}).Strong(tc.label); got != tc.want {
			t.Errorf("%v / %v: Strong(%s) = %v", tc.c, tc.r, tc.label, got)
		}
	}
}

// One decision never silently changes other documents: a single rejected
// 俄羅斯 (a gazetteer entry) does not withhold it, nor does a single date
// relabelled as ORG relabel that date elsewhere; consistent decisions do.
func TestOneDecisionDoesNotChangeOtherDocuments(t *testing.T) {
	s := loaded(t)
	ctx := context.Background()
	text := "俄羅斯外長於2025年9月23日抵達北京。"
	has := func(lex *Learned, surface, label string) bool {
		t.Helper()
		sugs, err := s.SuggestWith(ctx, text, allLabels, lex)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range sugs {
			if annotate.SliceRunes(text, g.Start, g.End) == surface && g.Label == label {
				return true
			}
		}
		return false
	}
	if none := NewLearned(); !has(none, "俄羅斯", "LOC") || !has(none, "2025年9月23日", "TIME") {
		t.Fatal("the rules miss the test's entities")
	}
	lex := NewLearned()
	lex.Reject("俄羅斯", "LOC")
	lex.Confirm("2025年9月23日", "ORG")
	if !has(lex, "俄羅斯", "LOC") {
		t.Error("one rejection withheld a gazetteer entry")
	}
	if !has(lex, "2025年9月23日", "TIME") || has(lex, "2025年9月23日", "ORG") {
		t.Error("one relabel spread ORG over a date the rules call TIME")
	}
	// Consistent evidence does change them: three rejections of the
	// gazetteer entry, two confirmations of the other label.
	lex.Reject("俄羅斯", "LOC")
	lex.Reject("俄羅斯", "LOC")
	lex.Confirm("2025年9月23日", "ORG")
	if has(lex, "俄羅斯", "LOC") {
		t.Error("three rejections did not withhold 俄羅斯")
	}
	if !has(lex, "2025年9月23日", "ORG") {
		t.Error("two consistent confirmations did not relabel the date")
	}
	// A name the rules do not know is suggested after one confirmation,
	// where nothing else is (the live lexicon's promise).
	text = "記者鈷澤蘭報道。"
	lex.Confirm("鈷澤蘭", "PER")
	if !has(lex, "鈷澤蘭", "PER") {
		t.Error("a name confirmed once is not suggested where nothing else is")
	}
}
