package format

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"goldspan/annotate"
)

func TestHFIntegerTagsRoundTrip(t *testing.T) {
	recs := interopRecords()
	names := HFLabelNames([]string{"LOC", "MISC", "ORG"}) // PER left out: a loss
	out, losses := encodeAll(t, "hf", recs, Options{HFInt: true, HFLabels: names})
	if len(losses) != 2 || !strings.Contains(losses[0].Reason, "B-PER is not in the label list") {
		t.Errorf("losses %v", losses)
	}
	// What datasets.ClassLabel(names=…) reads: ints in range, one a token.
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for i, line := range lines {
		var rec struct {
			ID      string   `json:"id"`
			Tokens  []string `json:"tokens"`
			NerTags []int    `json:"ner_tags"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if len(rec.Tokens) != len(rec.NerTags) || strings.Join(rec.Tokens, "") != recs[i].Doc.Text {
			t.Errorf("line %d: tokens %q tags %v", i+1, rec.Tokens, rec.NerTags)
		}
		for _, k := range rec.NerTags {
			if k < 0 || k >= len(names) {
				t.Errorf("line %d: class %d out of range", i+1, k)
			}
		}
	}
	// Back through a dataset_info.json beside the file.
	dir := t.TempDir()
	file := filepath.Join(dir, "train.jsonl")
	if err := os.WriteFile(filepath.Join(dir, "dataset_info.json"), HFDatasetInfo(names), 0o644); err != nil {
		t.Fatal(err)
	}
	back := mustDecode(t, "hf", out, Options{Name: file, Annotator: "ann"})
	for i, b := range back {
		var want []string
		for _, s := range recs[i].Spans {
			if s.Label != "PER" {
				want = append(want, spanKeys([]annotate.Span{s}, false)...)
			}
		}
		if got := spanKeys(b.Spans, false); !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
			t.Errorf("%s: spans back %v, want %v", b.Doc.ID, got, want)
		}
	}
	// And with the list given.
	back = mustDecode(t, "hf", out, Options{Name: "x.jsonl", Annotator: "ann", HFLabels: names})
	if len(back) != 3 || len(back[1].Spans) != 2 {
		t.Errorf("with --hf-labels: %+v", back)
	}
}

func TestHFIntegerTagsErrors(t *testing.T) {
	in := `{"id":"a","tokens":["北","京"],"ner_tags":[1,5]}`
	cases := []struct {
		o    Options
		want string
	}{
		{Options{Name: filepath.Join(t.TempDir(), "x.jsonl"), Annotator: "a"}, `"ner_tags" item 1 is 1, not a tag name, and there is no`},
		{Options{Name: "x.jsonl", Annotator: "a", HFLabels: []string{"O", "B-LOC", "I-LOC"}}, `x.jsonl line 1: "ner_tags" item 2 is class 5, but the label list given names 3 classes (0 to 2)`},
		{Options{Name: "x.jsonl", Annotator: "a", HFLabels: []string{"O", "B-LOC", "I-LOC", "I-PER", "O", "I-PER"}}, `"I-PER" continues a LOC entity`},
	}
	for _, c := range cases {
		_, _, err := decodeAll(t, "hf", in, c.o)
		if err == nil || !strings.Contains(annotate.ErrorMessage(err), c.want) {
			t.Errorf("got %v, want …%s…", err, c.want)
		}
	}
	if _, err := HFNamesFromDatasetInfo([]byte(`{"features":{"ner_tags":{"feature":{"names":["O","PER"]}}}}`)); err == nil {
		t.Error("a class name that is not a tag was accepted")
	}
	var buf strings.Builder
	if err := newHFEncoder(&buf, Options{HFInt: true}).Encode(interopRecords()[0]); err == nil {
		t.Error("--hf-int without a label list wrote something")
	}
}
