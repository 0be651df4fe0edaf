package format

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"goldspan/annotate"
	"goldspan/annotate/score"
)

func TestReadBIO(t *testing.T) {
	in := "\xef\xbb\xbf中\tB-ORG\n共\tI-ORG\n致\tO\n李 B-PER\n鹏 I-PER\n\n \n\n美\tI-LOC\n国\tI-LOC\n人\tO\n中\tB-LOC\n美\tB-LOC\r\n" +
		"\n张\tS-PER\nU+0020\tO\n上\tB-LOC\n海\tE-LOC\n市\tI-LOC\n人\tI-PER\n"
	sents, err := ReadBIO(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Sentence{
		{Text: "中共致李鹏", Gold: []score.Entity{{Start: 0, End: 2, Label: "ORG"}, {Start: 3, End: 5, Label: "PER"}}},
		{Text: "美国人中美", Gold: []score.Entity{{Start: 0, End: 2, Label: "LOC"}, {Start: 3, End: 4, Label: "LOC"}, {Start: 4, End: 5, Label: "LOC"}}},
		// E- closes an entity: the I-LOC after it starts one; so does an
		// I- of another label.
		{Text: "张 上海市人", Gold: []score.Entity{{Start: 0, End: 1, Label: "PER"}, {Start: 2, End: 4, Label: "LOC"}, {Start: 4, End: 5, Label: "LOC"}, {Start: 5, End: 6, Label: "PER"}}},
	}
	if len(sents) != len(want) {
		t.Fatalf("sentences %+v", sents)
	}
	for i := range want {
		if sents[i].Text != want[i].Text || !slices.Equal(sents[i].Gold, want[i].Gold) {
			t.Errorf("sentence %d = %+v, want %+v", i, sents[i], want[i])
		}
	}
	for _, tc := range []struct{ in, msg string }{
		{"中国\tO\n", `<stdin> line 1: "中国" is not one character`},
		{"中\tO\n国\tX-PER\n", `<stdin> line 2: unknown tag "X-PER": want O, B-<label> or I-<label> (E-, S-, M- also read)`},
		{"中\n", `<stdin> line 1: want a character, a tab or space, and a tag; got "中"`},
		{"\tO\n", `<stdin> line 1: no character before the tag "O" (write a space or tab character as U+0020 or U+0009)`},
		{"中\tO\n\xff\tO\n", "<stdin> line 2: invalid UTF-8 at byte 0 of the line"},
	} {
		_, err := ReadBIO(strings.NewReader(tc.in))
		if annotate.ErrorCode(err) != annotate.EINVALID || annotate.ErrorMessage(err) != tc.msg {
			t.Errorf("%q: error %v, want %s", tc.in, err, tc.msg)
		}
	}
}

func TestReadBIOFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.bio")
	if err := os.WriteFile(path, []byte("北\tB-LOC\n京\tI-LOC\n\n中\tB-XX YY\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadBIOFile(path)
	if err == nil || !strings.HasPrefix(annotate.ErrorMessage(err), path+" line 4: ") {
		t.Errorf("error %v, want one naming %s line 4", err, path)
	}
	if _, err := ReadBIOFile(filepath.Join(t.TempDir(), "none.bio")); !os.IsNotExist(err) {
		t.Errorf("missing file: %v", err)
	}
}

// TestReadBIONERData reads the NER gold files as the quality tests do and
// checks them against the CoNLL decoder: the same texts and entities,
// since the gold files hold no I- tag without its B-.
func TestReadBIONERData(t *testing.T) {
	for _, name := range []string{"msra_test.bio", "peoples_daily_dev.bio"} {
		t.Run(name, func(t *testing.T) {
			data := nerFile(t, name)
			sents, err := ReadBIO(strings.NewReader(string(data)))
			if err != nil {
				t.Fatal(annotate.ErrorMessage(err))
			}
			recs := mustDecode(t, "conll", string(data), Options{Name: name, Annotator: "gold"})
			if len(sents) != len(recs) {
				t.Fatalf("%d sentences, the CoNLL decoder reads %d documents", len(sents), len(recs))
			}
			for i, r := range recs {
				if sents[i].Text != r.Doc.Text || !slices.Equal(sents[i].Gold, score.FromSpans(r.Spans)) {
					t.Fatalf("sentence %d: %+v, CoNLL reads %q %+v", i+1, sents[i], r.Doc.Text, r.Spans)
				}
			}
		})
	}
}
