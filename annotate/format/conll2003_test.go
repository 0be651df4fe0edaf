package format

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"goldspan/annotate"
)

// spacyConllReferee reads a file as spaCy's `spacy convert -c ner` does
// (spacy/training/converters/conll_ner_to_docs.py), written apart from
// the decoder: input.strip() split at "-DOCSTART- -X- O O"; each document
// split at "\n\n" into sentences; each line stripped and split() at white
// space; words are the first column, tags the last (IOB2 here: B- begins,
// I- continues an entity of its label); spaCy zips the columns, so every
// line of a sentence must have as many. It returns per document the words
// and the entities as their words joined, "LABEL:words".
func spacyConllReferee(file string) ([][]string, [][]string, error) {
	var words, ents [][]string
	for _, doc := range strings.Split(strings.TrimSpace(file), "-DOCSTART- -X- O O") {
		doc = strings.TrimSpace(doc)
		if doc == "" {
			continue
		}
		var w, e []string
		for _, sent := range strings.Split(doc, "\n\n") {
			cols := -1
			open := -1
			for _, line := range strings.Split(strings.TrimSpace(sent), "\n") {
				f := strings.FieldsFunc(strings.TrimSpace(line), func(r rune) bool { return conllSep(r) })
				if len(f) == 0 {
					continue
				}
				if cols >= 0 && len(f) != cols {
					return nil, nil, fmt.Errorf("line %q: %d columns, not %d", line, len(f), cols)
				}
				cols = len(f)
				if cols < 2 {
					return nil, nil, fmt.Errorf("E903: line %q has one column", line)
				}
				tag := f[cols-1]
				switch {
				case tag == "O":
					open = -1
				case strings.HasPrefix(tag, "B-"):
					e = append(e, tag[2:]+":"+f[0])
					open = len(e) - 1
				case strings.HasPrefix(tag, "I-") && open >= 0 && strings.HasPrefix(e[open], tag[2:]+":"):
					e[open] += f[0]
				default:
					return nil, nil, fmt.Errorf("tag %q cannot follow", tag)
				}
				w = append(w, f[0])
			}
		}
		words, ents = append(words, w), append(ents, e)
	}
	return words, ents, nil
}

func noSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if conllSep(r) {
			return -1
		}
		return r
	}, s)
}

func TestConll2003UnderSpaCysConverter(t *testing.T) {
	recs := append(interopRecords(), sampleRecords()...)
	for _, split := range []bool{false, true} {
		out, losses := encodeAll(t, "conll2003", recs, Options{SplitSentences: split})
		words, ents, err := spacyConllReferee(out)
		if err != nil {
			t.Fatalf("spaCy's converter refuses our export: %v\n%s", err, out)
		}
		if len(words) != len(recs) {
			t.Fatalf("%d documents, want %d", len(words), len(recs))
		}
		lost := map[string]bool{}
		for _, l := range losses {
			lost[l.DocID] = true
		}
		for i, r := range recs {
			if got := strings.Join(words[i], ""); got != noSpace(r.Doc.Text) {
				t.Errorf("%s: words %q, want the text without white space", r.Doc.ID, words[i])
			}
			var want []string
			for _, s := range r.Spans {
				if r.Doc.ID == "ov" && s.End-s.Start == 2 && s.Start == 0 {
					continue // the shorter of overlapping spans
				}
				want = append(want, s.Label+":"+noSpace(string([]rune(r.Doc.Text)[s.Start:s.End])))
			}
			if !reflect.DeepEqual(ents[i], want) && len(want)+len(ents[i]) > 0 {
				t.Errorf("%s: entities %q, want %q", r.Doc.ID, ents[i], want)
			}
			if strings.ContainsAny(r.Doc.Text, " \r\n\t\u3000") != lost[r.Doc.ID] && r.Doc.ID != "ov" && r.Doc.ID != "plain" {
				t.Errorf("%s: white space loss reported %v", r.Doc.ID, lost[r.Doc.ID])
			}
		}
		// Read back: the texts import rebuilds, spans on the same words.
		back := mustDecode(t, "conll2003", out, Options{Name: "x.conll", Annotator: "a"})
		for i, b := range back {
			r := recs[i]
			if !strings.ContainsAny(r.Doc.Text, " \r\n\t\u3000") && b.Doc.Text != r.Doc.Text {
				t.Errorf("%s: text back %q, want %q", r.Doc.ID, b.Doc.Text, r.Doc.Text)
			}
			if noSpace(b.Doc.Text) != noSpace(r.Doc.Text) {
				t.Errorf("%s: text back %q", r.Doc.ID, b.Doc.Text)
			}
			var got []string
			for _, s := range b.Spans {
				got = append(got, s.Label+":"+noSpace(string([]rune(b.Doc.Text)[s.Start:s.End])))
			}
			if !reflect.DeepEqual(got, ents[i]) && len(got)+len(ents[i]) > 0 {
				t.Errorf("%s: spans back %q, want %q", r.Doc.ID, got, ents[i])
			}
		}
	}
	out, _ := encodeAll(t, "conll2003", interopRecords()[:1], Options{})
	if !strings.HasPrefix(out, "-DOCSTART- -X- O O\n\n联 -X- O B-ORG\n合 -X- O I-ORG\n") || !strings.Contains(out, "\n👩‍👩‍👧 -X- O B-PER\n") || !strings.Contains(out, "。 -X- O O\n\n第 -X- O O\n") {
		t.Errorf("not four columns, a ZWJ sequence whole, a sentence per line:\n%s", out)
	}
}

func TestConll2003Imports(t *testing.T) {
	cases := []struct {
		name, scheme, in string
		texts            []string
		spans            [][]string
	}{
		{"CoNLL-2003 eng, IOB1", "", "-DOCSTART- -X- -X- O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\ncall NN I-NP O\n. . O O\n\nPeter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\n\n-DOCSTART- -X- -X- O\n\nIn IN I-PP O\nBonn NNP I-NP I-LOC\nB B B B-LOC\n",
			[]string{"EU rejects German call . Peter Blackburn", "In Bonn B"}, [][]string{{"0-2:ORG", "11-17:MISC", "25-40:PER"}, {"3-7:LOC", "8-9:LOC"}}},
		{"IOB1 strict", "iob1", "a x I-PER\nb x B-PER\n", []string{"a b"}, [][]string{{"0-1:PER", "2-3:PER"}}},
		{"IOBES", "iobes", "北 S-LOC\n京 O\n上 B-LOC\n海 E-LOC\n", []string{"北京上海"}, [][]string{{"0-1:LOC", "2-4:LOC"}}},
		{"BILOU", "bilou", "New B-LOC\nYork L-LOC\nis O\nbig U-ORG\n", []string{"New York is big"}, [][]string{{"0-8:LOC", "12-15:ORG"}}},
		{"BILOU auto", "", "New B-LOC\nYork L-LOC\nis O\nbig U-ORG\n", []string{"New York is big"}, [][]string{{"0-8:LOC", "12-15:ORG"}}},
		// label-studio-converter's convert_to_conll2003, as it writes.
		{"Label Studio", "", "-DOCSTART- -X- O\nShowers -X- _ O\ncontinued -X- _ O\nin -X- _ O\nthe -X- _ O\nBahia -X- _ B-Location\ncocoa -X- _ O\nzone -X- _ O\n, -X- _ O\n\n北京 -X- _ B-LOC\n欢迎 -X- _ O\n你 -X- _ O\n\n",
			[]string{"Showers continued in the Bahia cocoa zone ,", "北京欢迎你"}, [][]string{{"25-30:Location"}, {"0-2:LOC"}}},
	}
	for _, c := range cases {
		recs := mustDecode(t, "conll2003", c.in, Options{Name: "f.conll", Annotator: "a", TagScheme: c.scheme})
		var texts []string
		var spans [][]string
		for _, r := range recs {
			texts = append(texts, r.Doc.Text)
			spans = append(spans, spanKeys(r.Spans, false))
		}
		if !reflect.DeepEqual(texts, c.texts) || !reflect.DeepEqual(spans, c.spans) {
			t.Errorf("%s:\n got %q %q\nwant %q %q", c.name, texts, spans, c.texts, c.spans)
		}
	}
	if f, _ := Detect("result.conll", []byte("-DOCSTART- -X- O\nShowers -X- _ O\n")); f.Name != "conll2003" {
		t.Errorf("Label Studio's result.conll detected as %s", f.Name)
	}
	if f, _ := Detect("x.conll", []byte("北\tB-LOC\n京\tI-LOC\n")); f.Name != "conll" {
		t.Errorf("Goldspan's CoNLL detected as %s", f.Name)
	}
}

func TestConll2003Errors(t *testing.T) {
	cases := []struct{ scheme, in, want string }{
		{"iob2", "a I-PER\n", `f.conll line 1: "I-PER" without a B-PER before it`},
		{"bilou", "a E-PER\n", `line 1: tag "E-PER" is not BILOU`},
		{"iob2", "a S-PER\n", `tag "S-PER" is not IOB2`},
		{"", "a b c O\nd O\n", `line 2: 2 columns, but the first token line has 4`},
		{"", "a\n", `want a token, optional columns and a tag`},
		{"", "a X-PER\n", `tag "X-PER" is not IOB1, IOB2, IOBES or BILOU`},
		{"iob3", "a O\n", `unknown tag scheme "iob3"`},
		{"", "a B-LOC\nb I-PER\n", ``},
	}
	for _, c := range cases {
		_, _, err := decodeAll(t, "conll2003", c.in, Options{Name: "f.conll", Annotator: "a", TagScheme: c.scheme})
		if c.want == "" {
			if err != nil {
				t.Errorf("%q: %v", c.in, err)
			}
			continue
		}
		if err == nil || !strings.Contains(annotate.ErrorMessage(err), c.want) {
			t.Errorf("%s %q:\n got %v\nwant …%s…", c.scheme, c.in, err, c.want)
		}
	}
}

func FuzzDecodeConll2003(f *testing.F) {
	seed(f, "conll2003", "-DOCSTART- -X- O\nShowers -X- _ B-X\n\n", "a x I-PER\nb x B-PER\n", "New B-LOC\nYork L-LOC\nbig U-ORG\n")
	f.Fuzz(func(t *testing.T, in string) { checkDecode(t, "conll2003", in) })
}
