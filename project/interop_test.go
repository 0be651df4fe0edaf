package project

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"goldspan/annotate"
	"goldspan/annotate/format"
	"goldspan/internal/fake"
)

var bg = context.Background()

// importAs imports the lines of one file in fm through the pipeline.
func importAs(st annotate.Store, fm string, o ImportOptions, lines ...string) (ImportReport, error) {
	in := Input{Reader: strings.NewReader(strings.Join(lines, "\n") + "\n"), Format: fm, Options: format.Options{Name: "in.jsonl"}}
	return Import(bg, st, []Input{in}, o)
}

func exportAs(t *testing.T, st annotate.Store, o ExportOptions) (string, []format.Loss) {
	t.Helper()
	var buf bytes.Buffer
	_, losses, err := Export(bg, st, &buf, o)
	if err != nil {
		t.Fatal(err)
	}
	return buf.String(), losses
}

func labelNames(t *testing.T, st annotate.Store) []string {
	t.Helper()
	ls, err := st.Labels(bg)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range ls {
		out = append(out, l.Name+":"+l.Hotkey)
	}
	return out
}

func TestImportAddsUnknownLabelsOrRefusesThem(t *testing.T) {
	p := fake.New()
	line := `{"id":"a1","text":"北京大學在海淀","annotator":"bob","spans":[{"start":0,"end":4,"label":"MISC"},{"start":5,"end":7,"label":"GPE"}]}`

	// Strict: refused with the file, the line and the way out; nothing changes.
	_, err := importAs(p, "gold", ImportOptions{StrictLabels: true}, line)
	if err == nil || annotate.ErrorCode(err) != annotate.EINVALID {
		t.Fatalf("strict import of an unknown label: %v", err)
	}
	msg := annotate.ErrorMessage(err)
	for _, want := range []string{"in.jsonl line 1", `unknown label "MISC"`, "--label-map"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not say %q", msg, want)
		}
	}
	if n, _ := p.CountDocuments(bg, annotate.DocumentFilter{}); n != 0 {
		t.Fatalf("a refused import left %d documents", n)
	}

	// Mapped and added: GPE becomes LOC, MISC joins the project with the
	// next free hotkey, and the report names it.
	rep, err := importAs(p, "gold", ImportOptions{LabelMap: map[string]string{"GPE": "LOC"}}, line)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.NewLabels) != 1 || rep.NewLabels[0].Name != "MISC" || rep.NewLabels[0].Hotkey != "5" {
		t.Fatalf("new labels = %+v, want MISC on hotkey 5", rep.NewLabels)
	}
	if got, want := labelNames(t, p), []string{"PER:1", "LOC:2", "ORG:3", "TIME:4", "MISC:5"}; !slices.Equal(got, want) {
		t.Fatalf("labels = %v, want %v", got, want)
	}
	spans, _ := p.Spans(bg, "a1", "bob")
	if len(spans) != 2 || spans[0].Label != "MISC" || spans[1].Label != "LOC" {
		t.Fatalf("spans = %+v", spans)
	}

	// A failed import takes its new labels with it.
	bad := `{"id":"a2","text":"上海","annotator":"bob","spans":[{"start":0,"end":2,"label":"FAC"}]}`
	if _, err := importAs(p, "gold", ImportOptions{}, bad, `{"id":"a3","text":"廣州","annotator":"bob","spans":[{"start":0,"end":9,"label":"LOC"}]}`); err == nil {
		t.Fatal("an import with a span past the text succeeded")
	}
	if got := labelNames(t, p); slices.Contains(got, "FAC:6") {
		t.Fatalf("a rolled-back import left its label: %v", got)
	}
}

func TestLabelMapOnExportAndItsLosses(t *testing.T) {
	p := fake.New()
	if _, err := importAs(p, "gold", ImportOptions{}, `{"id":"a1","text":"北京大學在海淀","annotator":"bob","spans":[{"start":0,"end":4,"label":"ORG"},{"start":0,"end":4,"label":"LOC"},{"start":5,"end":7,"label":"LOC"}]}`); err != nil {
		t.Fatal(err)
	}
	out, losses := exportAs(t, p, ExportOptions{Format: "doccano", Filter: annotate.ExportFilter{Annotator: "bob"}, LabelMap: map[string]string{"LOC": "GPE", "ORG": "GPE"}})
	if !strings.Contains(out, `"label":[[0,4,"GPE"],[5,7,"GPE"]]`) {
		t.Fatalf("mapped export = %s", out)
	}
	if len(losses) != 1 || !strings.Contains(losses[0].Reason, "1 span left out") {
		t.Fatalf("losses = %+v, want the span the map made equal", losses)
	}
}

func TestParseLabelMap(t *testing.T) {
	m, err := ParseLabelMap(" GPE=LOC, PERSON=PER ,")
	if err != nil || len(m) != 2 || m["GPE"] != "LOC" || m["PERSON"] != "PER" {
		t.Fatalf("ParseLabelMap = %v, %v", m, err)
	}
	for _, bad := range []string{"", "GPE", "GPE=", "=LOC", "A=B,A=C", "A=O", "A=has space"} {
		if _, err := ParseLabelMap(bad); err == nil {
			t.Errorf("ParseLabelMap(%q) succeeded", bad)
		}
	}
}

// A round trip through a tool that gives documents ids of its own
// (doccano, Label Studio) must not double the corpus.
func TestImportMatchesDocumentsByText(t *testing.T) {
	p := fake.New()
	if _, err := importAs(p, "gold", ImportOptions{},
		`{"id":"hk-1","text":"林鄭月娥今日到訪深圳。"}`,
		`{"id":"hk-2","text":"（路透社）"}`,
		`{"id":"hk-3","text":"（路透社）"}`,
		`{"id":"hk-4","text":"美國海軍宣布"}`,
	); err != nil {
		t.Fatal(err)
	}
	back := []string{
		`{"id":7,"text":"林鄭月娥今日到訪深圳。","label":[[0,4,"PER"]],"annotator":"carol"}`,
		`{"id":8,"text":"（路透社）","label":[[1,4,"ORG"]],"annotator":"carol"}`,
		`{"id":"hk-4","text":"美國海軍宣布","label":[[0,4,"ORG"]],"annotator":"carol"}`,
		`{"id":9,"text":"新的文件","label":[],"annotator":"carol"}`,
	}
	rep, err := importAs(p, "doccano", ImportOptions{}, back...)
	if err != nil {
		t.Fatal(err)
	}
	want := Matches{ByID: 1, ByText: 1, New: 2, Ambiguous: 1}
	if rep.Matches != want {
		t.Fatalf("matches = %+v, want %+v", rep.Matches, want)
	}
	if n, _ := p.CountDocuments(bg, annotate.DocumentFilter{}); n != 6 {
		t.Fatalf("documents = %d, want 6 (4 + the new one + the ambiguous caption under its own id)", n)
	}
	if s, _ := p.Spans(bg, "hk-1", "carol"); len(s) != 1 || s[0].Label != "PER" {
		t.Fatalf("carol's spans on hk-1 = %+v: the record matched by text lost them", s)
	}

	// --match id keeps the tool's ids: the corpus doubles, as asked.
	q := fake.New()
	importAs(q, "gold", ImportOptions{}, `{"id":"hk-1","text":"林鄭月娥今日到訪深圳。"}`)
	rep, err = importAs(q, "doccano", ImportOptions{Match: MatchID}, back[0])
	if err != nil || rep.NewDocs != 1 || rep.Matches != (Matches{}) {
		t.Fatalf("--match id: %+v, %v", rep, err)
	}

	// --match text prefers the text over a known id with another text.
	r := fake.New()
	importAs(r, "gold", ImportOptions{}, `{"id":"1","text":"甲"}`, `{"id":"2","text":"乙"}`)
	rep, err = importAs(r, "doccano", ImportOptions{Match: MatchText}, `{"id":1,"text":"乙","label":[[0,1,"PER"]],"annotator":"dan"}`)
	if err != nil || rep.Matches.ByText != 1 {
		t.Fatalf("--match text: %+v, %v", rep, err)
	}
	if s, _ := r.Spans(bg, "2", "dan"); len(s) != 1 {
		t.Fatalf("dan's span went to the wrong document: %+v", s)
	}
	// auto refuses that (the id is known, with another text).
	if _, err := importAs(r, "doccano", ImportOptions{}, `{"id":1,"text":"乙","label":[],"annotator":"dan"}`); annotate.ErrorCode(err) != annotate.ECONFLICT {
		t.Fatalf("auto with a known id and another text: %v", err)
	}
}

// Two new documents of one import with equal texts stay two.
func TestNewDocumentsWithEqualTextsStayApart(t *testing.T) {
	p := fake.New()
	rep, err := importAs(p, "gold", ImportOptions{}, `{"id":"a","text":"（路透社）"}`, `{"id":"b","text":"（路透社）"}`)
	if err != nil || rep.NewDocs != 2 || rep.Matches.New != 2 {
		t.Fatalf("%+v, %v", rep, err)
	}
}
