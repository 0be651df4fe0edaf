package app

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"goldspan/annotate"
	"goldspan/annotate/agree"
	"goldspan/project"
)

// seedArticle is the stand-in for the seed-sized article (3,431
// characters, 226 suggestions): the first 20 articles of assets/trial
// (original text) as one document of 3,411 characters, with the trial's
// gold spans as the truth the lead settles towards.
func seedArticle(t *testing.T) (string, []annotate.Span) {
	t.Helper()
	f, err := os.Open("../assets/trial/news.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var text strings.Builder
	var truth []annotate.Span
	off := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 0; n < 20 && sc.Scan(); n++ {
		var r struct {
			Text  string `json:"text"`
			Spans []struct {
				Start, End int
				Label      string
			} `json:"spans"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			text.WriteString("\n")
			off++
		}
		for _, s := range r.Spans {
			truth = append(truth, annotate.Span{Start: s.Start + off, End: s.End + off, Label: s.Label})
		}
		text.WriteString(r.Text)
		off += annotate.RuneLen(r.Text)
	}
	return text.String(), truth
}

// careful is an annotator who marks the truth but misses one span in nine,
// gives one in thirteen another label and one in seventeen a character too
// many (skip shifts which ones).
func careful(truth []annotate.Span, n, skip int) []annotate.Span {
	other := map[string]string{"PER": "ORG", "ORG": "LOC", "LOC": "ORG", "TIME": "TIME"}
	var out []annotate.Span
	for i, s := range truth {
		switch {
		case (i+skip)%9 == 4:
			continue
		case (i+skip)%13 == 6:
			s.Label = other[s.Label]
		case (i+skip)%17 == 8 && s.End < n:
			s.End++
		}
		out = append(out, s)
	}
	return out
}

// exactF1 is the exact-match span F1 of got against want.
func exactF1(want, got []annotate.Span) float64 {
	type key struct {
		s, e int
		l    string
	}
	w := map[key]bool{}
	for _, s := range want {
		w[key{s.Start, s.End, s.Label}] = true
	}
	tp := 0
	for _, s := range got {
		if w[key{s.Start, s.End, s.Label}] {
			tp++
		}
	}
	if len(want)+len(got) == 0 {
		return 1
	}
	return 2 * float64(tp) / float64(len(want)+len(got))
}

// versionOf is the spans of layer overlapping [start, end) as a version.
func versionOf(text string, layer []annotate.Span, start, end int) []agree.SpanText {
	return project.GoldVersion(text, layer, start, end)
}

// Keystrokes to settle the seed-sized article's disagreements between a
// careful annotator (alice) and one who accepted every machine suggestion
// (bob), towards the truth, from the keyboard, and what the old window
// needed (a click per card, no keyboard path: Tab in gold walks gold's
// spans). The numbers are logged (go test -v -run TestAdjudicationKeystrokes).
func TestAdjudicationKeystrokes(t *testing.T) {
	text, truth := seedArticle(t)
	svc := project.New(project.Options{})
	ctx := context.Background()
	if err := svc.Load(ctx); err != nil {
		t.Fatal(err)
	}
	labels := []annotate.Label{{Name: "PER"}, {Name: "LOC"}, {Name: "ORG"}, {Name: "TIME"}}
	sugs, err := svc.Rules().Suggest(ctx, text, labels)
	if err != nil {
		t.Fatal(err)
	}
	var machine []annotate.Span
	for _, s := range sugs {
		machine = append(machine, annotate.Span{Start: s.Start, End: s.End, Label: s.Label})
	}
	n := annotate.RuneLen(text)
	alice := careful(truth, n, 0)
	doc := annotate.Document{ID: "seed", Text: text}
	recs := []annotate.Record{
		{Doc: doc, Annotator: "alice", Status: annotate.StatusDone, HasSpans: true, Spans: alice},
		{Doc: doc, Annotator: "bob", Status: annotate.StatusDone, HasSpans: true, Spans: machine},
	}
	h := newHarness(t, memProject(t, "seed.goldspan", recs), "lead")
	v := openAdjudication(t, h)
	k := &keyboard{c: v.win.Canvas()}
	dis := len(v.dis)
	t.Logf("seed stand-in: %d characters, %d true spans, %d machine suggestions (bob), alice %d spans: %d disagreements",
		n, len(truth), len(sugs), len(alice), dis)

	// The old window: each disagreement whose gold (the unanimous spans
	// taken at open) is not the truth needs a click on a card's Take, when
	// some annotator's version is the truth; else editing gold by hand, at
	// least 2 keys a span removed and its length + 2 a span added.
	clicks, hand, handKeys := 0, 0, 0
	gold0 := goldSpans(t, h, "seed")
	for _, d := range v.dis {
		want := versionOf(text, truth, d.Start, d.End)
		have := versionOf(text, gold0, d.Start, d.End)
		if project.SameVersion(have, want) {
			continue
		}
		found := false
		for _, ver := range d.Versions {
			found = found || project.SameVersion(ver.Spans, want)
		}
		if found {
			clicks++
		} else {
			hand++
		}
		handKeys += editKeys(have, want)
	}

	// The new strip: one key a disagreement (a take moves on; ↓ passes one
	// gold already has right), then Ctrl+Enter.
	left := 0
	for i := 0; i < dis; i++ {
		if v.cur != i {
			t.Fatalf("disagreement %d current, want %d", v.cur, i)
		}
		d := v.dis[i]
		want := versionOf(text, truth, d.Start, d.End)
		gold := goldSpans(t, h, "seed")
		switch {
		case project.SameVersion(versionOf(text, gold, d.Start, d.End), want):
			if i+1 < dis {
				k.key(fyne.KeyDown)
			}
		case project.SameVersion(d.Versions[0].Spans, want):
			k.rune('1')
		case project.SameVersion(d.Versions[1].Spans, want):
			k.rune('2')
		case len(want) == 0:
			k.rune('0')
		default:
			left++ // by hand in gold: Enter, then the editor's keys
			if i+1 < dis {
				k.key(fyne.KeyDown)
			}
		}
	}
	keys := k.n
	k.shortcut(shortcutDoneNext)
	gold := goldSpans(t, h, "seed")
	f1 := exactF1(truth, gold)
	t.Logf("before: no keyboard path; %d clicks on Take (plus scrolling %d cards), %d by hand; or by hand in gold at least %d keys",
		clicks, dis, hand, handKeys)
	t.Logf("after: %d keys for %d disagreements + Ctrl+Enter, no mouse; %d left to edit by hand; gold F1 against the truth %.3f (alice %.3f, bob %.3f)",
		keys, dis, left, f1, exactF1(truth, alice), exactF1(truth, machine))
	if keys > dis || left != hand {
		t.Errorf("%d keys for %d disagreements, %d by hand (the old window: %d)", keys, dis, left, hand)
	}
	if st, _ := h.d.st.Status(ctx, "seed", annotate.GoldAnnotator); st != annotate.StatusDone {
		t.Errorf("gold is %s after Ctrl+Enter", st)
	}
	if f1 <= exactF1(truth, alice) || f1 <= exactF1(truth, machine) {
		t.Errorf("settled gold F1 %.3f is no better than an annotator's", f1)
	}

	// In bulk: Ctrl+B 1 takes everything from alice in 2 keys; and with a
	// third careful annotator, majority vote settles what two of three share.
	for _, c := range []struct {
		name  string
		extra []annotate.Span
		rule  project.Rule
	}{
		{"take everything from alice", nil, project.Rule{Kind: project.RuleFrom, From: "alice"}},
		{"majority vote (carol a third annotator)", careful(truth, n, 5), project.Rule{Kind: project.RuleMajority, Threshold: 0.51}},
	} {
		st := h.d.st
		names := []string{"alice", "bob"}
		id := "bulk-" + strings.Fields(c.name)[0]
		d := annotate.Document{ID: id, Text: text}
		recs := []annotate.Record{
			{Doc: d, Annotator: "alice", Status: annotate.StatusDone, HasSpans: true, Spans: alice},
			{Doc: d, Annotator: "bob", Status: annotate.StatusDone, HasSpans: true, Spans: machine},
		}
		if c.extra != nil {
			names = append(names, "carol")
			recs = append(recs, annotate.Record{Doc: d, Annotator: "carol", Status: annotate.StatusDone, HasSpans: true, Spans: c.extra})
		}
		importRecords(t, st, recs)
		a := project.Adjudicator{St: st, Annotators: names}
		b, err := a.Apply(ctx, []string{id}, c.rule, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := st.Spans(ctx, id, annotate.GoldAnnotator)
		t.Logf("bulk %s: %s; gold F1 %.3f", c.name, b, exactF1(truth, got))
		if b.Decided == 0 {
			t.Errorf("%s decided nothing", c.name)
		}
	}
}

// editKeys is a lower bound of the keys that make version have into want
// in the gold editor: a span removed is at least Tab and Delete, a span
// added at least a caret move, Shift+→ per character and a digit.
func editKeys(have, want []agree.SpanText) int {
	keys := 0
	for _, h := range have {
		if !containsSpan(want, h) {
			keys += 2
		}
	}
	for _, w := range want {
		if !containsSpan(have, w) {
			keys += w.End - w.Start + 2
		}
	}
	return keys
}

func containsSpan(v []agree.SpanText, s agree.SpanText) bool {
	for _, x := range v {
		if x.Start == s.Start && x.End == s.End && x.Label == s.Label {
			return true
		}
	}
	return false
}
