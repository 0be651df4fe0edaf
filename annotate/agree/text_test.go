package agree

import (
	"bytes"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"goldspan/annotate"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// TestWriteText compares the text report of seeded random data with
// testdata/report.golden (go test -run WriteText -update rewrites it).
func TestWriteText(t *testing.T) {
	in, names := randomInput(rand.New(rand.NewPCG(7, 7)), genConfig{
		docs: 4, annotators: 3, minLen: 30, maxLen: 60, spans: 4,
		labels: []string{"LOC", "ORG", "PER", "人名"},
	})
	in.Docs[0].Layers["bob"].Spans[0].Label = "人名" // a type error with a CJK label
	r := compute(t, in, Options{Annotators: names, Context: 8})
	var buf bytes.Buffer
	if err := r.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "report.golden")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if buf.String() != string(want) {
		t.Errorf("text report differs from %s (-update to rewrite):\n%s", golden, buf.String())
	}
	for _, line := range strings.Split(buf.String(), "\n") {
		if line != strings.TrimRight(line, " ") {
			t.Errorf("trailing spaces: %q", line)
		}
		if strings.ContainsAny(line, "\r\t") {
			t.Errorf("control characters: %q", line)
		}
	}
}

// TestWriteTextAlignment checks that columns line up when cells hold CJK
// characters, which take two terminal cells.
func TestWriteTextAlignment(t *testing.T) {
	var buf bytes.Buffer
	w := newBufWriter(&buf)
	writeTable(w, [][]string{{"label", "kappa"}, {"人名", "0.5000"}, {"地名𠮷x", "1.0000"}}, true)
	w.Flush()
	lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
	for _, l := range lines[1:] {
		if cellWidth(l) != cellWidth(lines[0]) {
			t.Errorf("%q is %d cells wide, header %q %d", l, cellWidth(l), lines[0], cellWidth(lines[0]))
		}
	}
}

// TestWriteTextEmpty checks the report of documents nobody finished.
func TestWriteTextEmpty(t *testing.T) {
	in := Input{Docs: []Doc{{ID: "d", Text: "x", Layers: map[string]Layer{
		"a": {Status: annotate.StatusTodo}, "b": {Status: annotate.StatusDone},
	}}}}
	r := compute(t, in, Options{})
	var buf bytes.Buffer
	if err := r.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"0 documents compared", "1 skipped", "labels: none", "n/a", "0 disagreements"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("no %q in\n%s", want, buf.String())
		}
	}
}
