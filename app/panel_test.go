package app

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"goldspan/annotate"
)

// rowsText lists a panel model's rows: "#PER 2/1" for a header (entries
// shown / undecided), "  ✓特朗普" or "  ○北京" for a span or a suggestion.
func rowsText(m panelModel) string {
	var out []string
	for _, r := range m.rows {
		if r.header {
			out = append(out, fmt.Sprintf("#%s %d/%d", r.label, r.count, r.undecided))
			continue
		}
		e := m.entries[r.entry]
		mark := "○"
		if e.decided() {
			mark = "✓"
		}
		out = append(out, "  "+mark+e.text)
	}
	return strings.Join(out, "\n")
}

// The panel's model groups by the project's label order (then the other
// labels), lists in text order within a label, counts what it shows and
// filters by decided state, source and label.
func TestPanelModelGroupsAndFilters(t *testing.T) {
	text := []rune(textA)
	span := func(sub, label string, o annotate.Origin) annotate.Span {
		s, e := runes(t, textA, sub)
		return annotate.Span{ID: int64(s + 1), Start: s, End: e, Label: label, Origin: o}
	}
	spans := []annotate.Span{span("北京", "LOC", annotate.OriginManual), span("俄羅斯國防部", "ORG", annotate.OriginSuggestion),
		span("俄羅斯", "LOC", annotate.OriginManual), span("週二", "WHEN", annotate.OriginManual)}
	sugs := []annotate.Suggestion{sug(t, textA, "特朗普", "PER"), sug(t, textA, "2025年9月23日", "TIME")}
	sugs[0].ID, sugs[1].ID = 1, 2
	sugs[1].Source = "rule"
	order := []string{"PER", "ORG", "LOC", "TIME"}

	cases := []struct {
		name      string
		f         panelFilter
		collapsed map[string]bool
		want      string
	}{
		{"all", panelFilter{}, nil,
			"#PER 1/1\n  ○特朗普\n#ORG 1/0\n  ✓俄羅斯國防部\n#LOC 2/0\n  ✓俄羅斯\n  ✓北京\n#TIME 1/1\n  ○2025年9月23日\n#WHEN 1/0\n  ✓週二"},
		{"undecided", panelFilter{undecided: true}, nil, "#PER 1/1\n  ○特朗普\n#TIME 1/1\n  ○2025年9月23日"},
		{"source rule", panelFilter{source: "rule"}, nil, "#TIME 1/1\n  ○2025年9月23日"},
		{"reviewer", panelFilter{source: panelReviewerSource}, nil, "#ORG 1/0\n  ✓俄羅斯國防部\n#LOC 2/0\n  ✓俄羅斯\n  ✓北京\n#WHEN 1/0\n  ✓週二"},
		{"label", panelFilter{label: "LOC"}, nil, "#LOC 2/0\n  ✓俄羅斯\n  ✓北京"},
		{"collapsed", panelFilter{label: "LOC"}, map[string]bool{"LOC": true}, "#LOC 2/0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := buildPanelModel(text, spans, sugs, order, c.f, c.collapsed)
			if got := rowsText(m); got != c.want {
				t.Errorf("rows:\n%s\nwant:\n%s", got, c.want)
			}
			if m.spans != 4 || m.undecided != 2 {
				t.Errorf("counts %d spans, %d undecided", m.spans, m.undecided)
			}
			if strings.Join(m.sources, ",") != "dictionary,rule" {
				t.Errorf("sources %v", m.sources)
			}
		})
	}
	m := buildPanelModel(text, spans, sugs, order, panelFilter{undecided: true}, nil)
	if got := m.summary(panelFilter{undecided: true}); got != "4 spans, 2 undecided suggestions; 2 shown" {
		t.Errorf("summary %q", got)
	}
	if got := m.entries[m.rows[1].entry].describe(); got != "特朗普  [14, 17)  dictionary 0.90" {
		t.Errorf("describe %q", got)
	}
}

// The panel from the keyboard: F6 gives it the keyboard, ↓ walks the
// rows and shows each in the editor, Enter jumps into the editor, which
// accepts the suggestion with its own Enter; the panel then shows it
// decided.
func TestPanelKeyboardJumpsAndFollowsEdits(t *testing.T) {
	h := newHarness(t, newMemProject(t), "alice")
	p := h.d.panel
	if got := rowsText(p.model); got != "#PER 1/1\n  ○特朗普\n#LOC 1/1\n  ○北京\n#TIME 1/1\n  ○2025年9月23日" {
		t.Fatalf("panel of a1:\n%s", got)
	}
	h.ed().TypedKey(&fyne.KeyEvent{Name: fyne.KeyF6})
	if h.w.Canvas().Focused() != p.list {
		t.Fatalf("F6 focused %T, not the panel's list", h.w.Canvas().Focused())
	}
	for range 3 { // PER's header, 特朗普, LOC's header, 北京
		windowKey(h, fyne.KeyDown)
	}
	if m, ok := h.ed().SelectedMark(); !ok || string([]rune(textA)[m.Start:m.End]) != "北京" {
		t.Fatalf("↓ three times selected %+v %v in the editor, want 北京", m, ok)
	}
	if h.w.Canvas().Focused() != p.list {
		t.Fatal("↓ took the keyboard from the panel")
	}
	windowKey(h, fyne.KeyReturn)
	if h.w.Canvas().Focused() != h.ed() {
		t.Fatal("Enter in the panel did not give the editor the keyboard")
	}
	windowKey(h, fyne.KeyReturn) // the editor accepts 北京
	if got := h.spans("a1"); !strings.HasPrefix(got, "LOC[") {
		t.Fatalf("stored %q after Enter", got)
	}
	if got := rowsText(p.model); got != "#PER 1/1\n  ○特朗普\n#LOC 1/0\n  ✓北京\n#TIME 1/1\n  ○2025年9月23日" {
		t.Fatalf("panel after accepting 北京:\n%s", got)
	}
	// Undo shows it undecided again; the next document has its own rows.
	h.ed().TypedShortcut(&fyne.ShortcutUndo{})
	if p.model.undecided != 3 || p.model.spans != 0 {
		t.Errorf("after undo: %d spans, %d undecided", p.model.spans, p.model.undecided)
	}
	windowKey(h, fyne.KeyPageDown)
	if got := rowsText(p.model); got != "#ORG 1/1\n  ○新华社\n#PER 1/1\n  ○习近平" && got != "#PER 1/1\n  ○习近平\n#ORG 1/1\n  ○新华社" {
		t.Errorf("panel of b2:\n%s", got)
	}
	// Enter on a header folds it, and again unfolds it.
	h.ed().TypedKey(&fyne.KeyEvent{Name: fyne.KeyF6})
	p.list.cursor = 0
	windowKey(h, fyne.KeyReturn)
	if len(p.model.rows) != 3 {
		t.Errorf("folding the first label left rows:\n%s", rowsText(p.model))
	}
	windowKey(h, fyne.KeyReturn)
	if len(p.model.rows) != 4 {
		t.Errorf("unfolding it left rows:\n%s", rowsText(p.model))
	}
}

// A click on an entry selects its span in the editor and gives the editor
// the keyboard; the filters narrow the list.
func TestPanelClickAndFilters(t *testing.T) {
	h := newHarness(t, newMemProject(t), "alice")
	p := h.d.panel
	p.list.Select(5) // 2025年9月23日's row, as a click does
	if m, ok := h.ed().SelectedMark(); !ok || m.Label != "TIME" || h.w.Canvas().Focused() != h.ed() {
		t.Fatalf("the click selected %+v %v, focus on %T", m, ok, h.w.Canvas().Focused())
	}
	h.ed().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // accept it
	test.Tap(p.undecided)
	if got := rowsText(p.model); got != "#PER 1/1\n  ○特朗普\n#LOC 1/1\n  ○北京" {
		t.Errorf("undecided only:\n%s", got)
	}
	test.Tap(p.undecided)
	p.source.SetSelected(panelReviewer())
	if got := rowsText(p.model); got != "#TIME 1/0\n  ✓2025年9月23日" {
		t.Errorf("the reviewer's spans:\n%s", got)
	}
	p.source.SetSelected(panelEverySource())
	p.label.SetSelected("PER")
	if got := rowsText(p.model); got != "#PER 1/1\n  ○特朗普" {
		t.Errorf("PER only:\n%s", got)
	}
	if got := p.summary.Text; got != "1 span, 2 undecided suggestions; 1 shown" {
		t.Errorf("summary %q", got)
	}
}

// Ctrl+F in the editor gives the search box the keyboard; typing finds the
// matches, Enter and ↓ step forwards, ↑ back (wrapping), and "label all"
// labels every match.
func TestPanelSearchFromTheKeyboard(t *testing.T) {
	text := "北京時間上午，北京市政府說北京天晴。"
	path := memProject(t, "find.goldspan", []annotate.Record{{Doc: annotate.Document{ID: "f1", Text: text}}})
	h := newHarness(t, path, "alice")
	p := h.d.panel
	shortcut(h.ed(), fyne.KeyF, ctrl)
	if h.w.Canvas().Focused() != p.search {
		t.Fatalf("Ctrl+F focused %T", h.w.Canvas().Focused())
	}
	test.Type(p.search, "北京")
	sel := func() string {
		s, e := h.ed().Selection()
		return fmt.Sprintf("[%d,%d) %s", s, e, p.found.Text)
	}
	if got := sel(); got != "[0,2) 1 of 3" {
		t.Fatalf("typing found %s", got)
	}
	windowKey(h, fyne.KeyReturn)
	windowKey(h, fyne.KeyDown)
	if got := sel(); got != "[13,15) 3 of 3" {
		t.Errorf("Enter, ↓: %s", got)
	}
	windowKey(h, fyne.KeyDown)
	if got := sel(); got != "[0,2) 1 of 3" {
		t.Errorf("↓ past the last: %s", got)
	}
	windowKey(h, fyne.KeyUp)
	if got := sel(); got != "[13,15) 3 of 3" {
		t.Errorf("↑ before the first: %s", got)
	}
	p.labelMatches(p.matches[0], p.matches[0]+2, "LOC")
	if got := h.spans("f1"); got != "LOC[0,2)manual LOC[7,9)manual LOC[13,15)manual" {
		t.Errorf("label all stored %q", got)
	}
	if p.model.spans != 3 {
		t.Errorf("panel shows %d spans after label all", p.model.spans)
	}
	windowKey(h, fyne.KeyEscape)
	if h.w.Canvas().Focused() != h.ed() {
		t.Error("Esc in the search box did not go back to the editor")
	}
	p.search.SetText("上海")
	if p.found.Text != "Not found" || !p.labelAll.Disabled() {
		t.Errorf("no match: %q, label all enabled %v", p.found.Text, !p.labelAll.Disabled())
	}
}

// BenchmarkPanelModel1000 rebuilds the annotation panel's model, as every
// edit does, on a 20,000-character article with 1,000 spans and 200
// suggestions over five labels.
func BenchmarkPanelModel1000(b *testing.B) {
	text, marks := longArticle(20000, 20)
	labels := []string{"PER", "LOC", "ORG", "TIME", "MISC"}
	var spans []annotate.Span
	var sugs []annotate.Suggestion
	for i, m := range marks {
		l := labels[i%len(labels)]
		if m.Kind == MarkSpan {
			spans = append(spans, annotate.Span{ID: m.ID, Start: m.Start, End: m.End, Label: l, Origin: annotate.OriginManual})
		} else {
			sugs = append(sugs, annotate.Suggestion{ID: m.ID, Start: m.Start, End: m.End, Label: l, Source: "rule", Score: 0.5})
		}
	}
	if len(spans) < 1000 {
		b.Fatalf("only %d spans", len(spans))
	}
	runes := []rune(text)
	b.ReportAllocs()
	for b.Loop() {
		m := buildPanelModel(runes, spans, sugs, labels, panelFilter{}, nil)
		if len(m.rows) != len(spans)+len(sugs)+len(labels) {
			b.Fatalf("%d rows", len(m.rows))
		}
	}
}
