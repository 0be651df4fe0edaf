package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"goldspan/annotate"
)

// The long-document benchmarks: a 20,000-character article with 1,000
// spans (every fifth also a longer suggestion), in a 900x700 editor.

func benchEditor(b *testing.B) (*SpanEditor, string, []Mark) {
	b.Helper()
	useTestApp(b)
	text, marks := longArticle(20000, 20)
	if len(marks) < 1000 {
		b.Fatalf("only %d marks", len(marks))
	}
	e := NewSpanEditor()
	e.SetLabels(annotate.DefaultLabels())
	w := test.NewTempWindow(b, e)
	w.Resize(fyne.NewSize(900, 700))
	e.SetDocument(text, marks)
	return e, text, marks
}

// BenchmarkWrap20k is the line breaking alone, with glyph widths cached.
func BenchmarkWrap20k(b *testing.B) {
	e, _, _ := benchEditor(b)
	runes, adv, width := e.runes, e.adv, e.lay.Width
	b.ReportAllocs()
	for b.Loop() {
		wrapText(runes, adv, width)
	}
	b.ReportMetric(float64(len(e.lay.Lines)), "lines")
}

// BenchmarkOpen20k opens the article: text, marks and their levels, the
// layout and the objects of the lines in view (glyph widths cached, as
// after the first document).
func BenchmarkOpen20k(b *testing.B) {
	e, text, marks := benchEditor(b)
	b.ReportAllocs()
	for b.Loop() {
		e.SetDocument(text, marks)
	}
	b.ReportMetric(float64(len(e.area.r.Objects())), "objects")
}

// BenchmarkOpen20kCold is the first open, measuring every glyph.
func BenchmarkOpen20kCold(b *testing.B) {
	e, text, marks := benchEditor(b)
	b.ReportAllocs()
	for b.Loop() {
		e.glyphs = newGlyphWidths()
		e.SetDocument(text, marks)
	}
}

// BenchmarkEdit20k is the re-render after an edit: the owner hands the
// editor the marks with one more span, and the lines in view are rebuilt.
func BenchmarkEdit20k(b *testing.B) {
	e, _, marks := benchEditor(b)
	e.SelectMark(marks[len(marks)/2]) // scrolled into the middle of the article
	withNew := append(append([]Mark(nil), marks...), Mark{Kind: MarkSpan, ID: 99999, Start: marks[len(marks)/2].Start + 5, End: marks[len(marks)/2].Start + 7, Label: "PER"})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i%2 == 0 {
			e.SetMarks(withNew)
		} else {
			e.SetMarks(marks)
		}
		i++
	}
	b.ReportMetric(float64(len(e.area.r.Objects())), "objects")
}

// BenchmarkScroll20k is one scroll step through the article.
func BenchmarkScroll20k(b *testing.B) {
	e, _, _ := benchEditor(b)
	maxY := e.contentHeight() - e.scroll.Size().Height
	y := float32(0)
	b.ReportAllocs()
	for b.Loop() {
		y += 40
		if y > maxY {
			y = 0
		}
		e.scrollTo(y)
	}
}

// BenchmarkDeskEdit20k is a whole edit as the reviewer sees it, on the long
// article with its 1,000 spans in a real project file: a label key on the
// selected span, the committed UpdateSpan (synchronous=FULL), reading the
// spans and suggestions back and redrawing.
func BenchmarkDeskEdit20k(b *testing.B) {
	text, marks := longArticle(20000, 20)
	rec := annotate.Record{Doc: annotate.Document{ID: "long", Text: text}, Annotator: "alice", HasSpans: true}
	for _, m := range marks {
		if m.Kind == MarkSpan {
			rec.Spans = append(rec.Spans, annotate.Span{Start: m.Start, End: m.End, Label: m.Label, Annotator: "alice"})
		} else {
			rec.Suggestions = append(rec.Suggestions, annotate.Suggestion{Start: m.Start, End: m.End, Label: m.Label, Source: "rule", Score: 0.5})
		}
	}
	path := writeProject(b, "long.goldspan", []annotate.Record{rec})
	h := newHarness(b, path, "alice")
	e := h.ed()
	if len(h.d.spans) < 1000 {
		b.Fatalf("%d spans", len(h.d.spans))
	}
	sp := h.d.spans[len(h.d.spans)/2]
	e.SelectMark(Mark{Kind: MarkSpan, ID: sp.ID})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i%2 == 0 {
			e.TypedRune('1')
		} else {
			e.TypedRune('2')
		}
		i++
	}
	if h.d.lastError != "" {
		b.Fatal(h.d.lastError)
	}
}
