package format

import (
	"bufio"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"goldspan/annotate"
)

// The texts of the new formats' round trips: a flag (two regional
// indicators), a ZWJ family, CJK Extension B (U+20000) and CRLF.
const (
	textFlag   = "联合国🇺🇳旗帜下，👩‍👩‍👧一家人去了𠀀村。\r\n第二行：北京。"
	textSecond = "𠀀𠀁 and 張三\r\nin 紐約"
)

// interopRecords are two annotated documents and a plain one.
func interopRecords() []annotate.Record {
	recs := []annotate.Record{
		{Doc: annotate.Document{ID: "d-1", Text: textFlag, Meta: json.RawMessage("{}")}, Annotator: "ann", Status: annotate.StatusDone, HasSpans: true, Spans: []annotate.Span{
			span(textFlag, "联合国", 0, "ORG"), span(textFlag, "🇺🇳", 0, "MISC"), span(textFlag, "👩‍👩‍👧", 0, "PER"), span(textFlag, "𠀀村", 0, "LOC"), span(textFlag, "北京", 0, "LOC"),
		}},
		{Doc: annotate.Document{ID: "2", Text: textSecond, Meta: json.RawMessage("{}")}, Annotator: "ann", Status: annotate.StatusDone, HasSpans: true, Spans: []annotate.Span{
			span(textSecond, "𠀀𠀁", 0, "LOC"), span(textSecond, "張三", 0, "PER"), span(textSecond, "紐約", 0, "LOC"),
		}},
		{Doc: annotate.Document{ID: "plain", Text: "没有标注的文本。", Meta: json.RawMessage("{}")}},
	}
	for i := range recs {
		for j := range recs[i].Spans {
			recs[i].Spans[j].DocID = recs[i].Doc.ID
			recs[i].Spans[j].Annotator = recs[i].Annotator
		}
		annotate.SortSpans(recs[i].Spans)
	}
	return recs
}

// cluenerReferee reads a file as CLUENER2020's own loader does
// (pytorch_version/processors/utils_ner.py, DataProcessor._read_json):
// each line is json.loads(line.strip()); words = list(text), one per code
// point; for each label, entity and [start, end] it asserts
// "".join(words[start:end+1]) == entity and tags S-label for one
// character, else B-label then I-label up to end inclusive. It returns
// the tags of each line, or the first rule broken.
func cluenerReferee(file string) ([][]string, error) {
	var out [][]string
	sc := bufio.NewScanner(strings.NewReader(file))
	sc.Buffer(nil, 1<<24)
	for n := 1; sc.Scan(); n++ {
		var rec struct {
			Text  *string                        `json:"text"`
			Label map[string]map[string][][2]int `json:"label"`
		}
		if err := json.Unmarshal([]byte(strings.TrimSpace(sc.Text())), &rec); err != nil {
			return nil, fmt.Errorf("line %d: json.loads: %v", n, err)
		}
		if rec.Text == nil {
			return nil, fmt.Errorf("line %d: KeyError 'text'", n)
		}
		words := []rune(*rec.Text)
		tags := make([]string, len(words))
		for i := range tags {
			tags[i] = "O"
		}
		for key, ents := range rec.Label {
			for name, pairs := range ents {
				for _, p := range pairs {
					s, e := p[0], p[1]
					if s < 0 || e+1 > len(words) || s > e+1 {
						return nil, fmt.Errorf("line %d: %s [%d,%d] out of the text", n, name, s, e)
					}
					if string(words[s:e+1]) != name {
						return nil, fmt.Errorf("line %d: AssertionError: words[%d:%d+1] = %q != %q", n, s, e, string(words[s:e+1]), name)
					}
					if s == e {
						tags[s] = "S-" + key
						continue
					}
					tags[s] = "B-" + key
					for i := s + 1; i <= e; i++ {
						tags[i] = "I-" + key
					}
				}
			}
		}
		out = append(out, tags)
	}
	return out, sc.Err()
}

// bioesOf is the tag list the referee should produce for spans that do
// not overlap.
func bioesOf(n int, spans []annotate.Span) []string {
	tags := make([]string, n)
	for i := range tags {
		tags[i] = "O"
	}
	for _, s := range spans {
		if s.End-s.Start == 1 {
			tags[s.Start] = "S-" + s.Label
			continue
		}
		tags[s.Start] = "B-" + s.Label
		for i := s.Start + 1; i < s.End; i++ {
			tags[i] = "I-" + s.Label
		}
	}
	return tags
}

func TestCluenerReadsCLUENERData(t *testing.T) {
	// Lines as CLUENER2020's README and train.json write them.
	in := `{"text": "浙商银行企业信贷部叶老桂博士则从另一个角度对五道门槛进行了解读。叶老桂认为，对目前国内商业银行而言，", "label": {"name": {"叶老桂": [[9, 11], [32, 34]]}, "company": {"浙商银行": [[0, 3]]}}}
{"text": "北京勘察设计协会副会长兼秘书长周荫如", "label": {"organization": {"北京勘察设计协会": [[0, 7]]}, "name": {"周荫如": [[15, 17]]}, "position": {"副会长": [[8, 10]], "秘书长": [[12, 14]]}}}
{"id": 0, "text": "四川敦煌学”。近年来，丹棱县等地一些不知名的石窟迎来了海内外的游客，"}
`
	if f, err := Detect("train.json", []byte(in)); err != nil || f.Name != "cluener" {
		t.Fatalf("Detect = %v, %v; want cluener", f.Name, err)
	}
	recs := mustDecode(t, "cluener", in, Options{Name: "train.json", Annotator: "clue"})
	if len(recs) != 3 {
		t.Fatalf("%d records, want 3", len(recs))
	}
	var got []string
	for _, s := range recs[0].Spans {
		got = append(got, fmt.Sprintf("%s:%s", s.Label, string([]rune(recs[0].Doc.Text)[s.Start:s.End])))
	}
	want := []string{"name:叶老桂", "name:叶老桂", "company:浙商银行"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("spans %v, want %v", got, want)
	}
	if s := recs[1].Spans; len(s) != 4 || s[0].Start != 0 || s[0].End != 8 || s[0].Label != "organization" {
		t.Errorf("second record spans %+v", s)
	}
	if recs[0].Annotator != "clue" || recs[0].Status != annotate.StatusDone {
		t.Errorf("annotator %q status %q", recs[0].Annotator, recs[0].Status)
	}
	if recs[2].HasSpans || recs[2].Doc.ID != "0" {
		t.Errorf("test.json line: HasSpans %v id %q; want a plain document with id 0", recs[2].HasSpans, recs[2].Doc.ID)
	}
}

func TestCluenerRoundTripUnderItsLoader(t *testing.T) {
	recs := append(interopRecords(), sampleRecords()...)
	out, losses := encodeAll(t, "cluener", recs, Options{})
	if len(losses) != 0 {
		t.Errorf("losses %v", losses)
	}
	tags, err := cluenerReferee(out)
	if err != nil {
		t.Fatalf("CLUENER's loader refuses our export: %v\n%s", err, out)
	}
	for i, r := range recs {
		if r.Doc.ID == "ov" {
			continue // overlapping spans: the loader's tags cannot show both
		}
		if want := bioesOf(annotate.RuneLen(r.Doc.Text), r.Spans); !reflect.DeepEqual(tags[i], want) {
			t.Errorf("%s: the loader tags %v, want %v", r.Doc.ID, tags[i], want)
		}
	}
	back := mustDecode(t, "cluener", out, Options{Name: "x.json", Annotator: "ann"})
	if len(back) != len(recs) {
		t.Fatalf("%d records back, want %d", len(back), len(recs))
	}
	for i, r := range recs {
		b := back[i]
		annotate.SortSpans(b.Spans)
		if b.Doc.ID != r.Doc.ID || b.Doc.Text != r.Doc.Text || b.HasSpans != r.HasSpans ||
			!reflect.DeepEqual(spanKeys(b.Spans, false), spanKeys(r.Spans, false)) {
			t.Errorf("round trip changed %s:\n got %q %v %v\nwant %q %v %v", r.Doc.ID, b.Doc.Text, b.HasSpans, spanKeys(b.Spans, false), r.Doc.Text, r.HasSpans, spanKeys(r.Spans, false))
		}
	}
	if !strings.Contains(out, `"🇺🇳":[[3,4]]`) || !strings.Contains(out, `"𠀀村":[[19,20]]`) {
		t.Errorf("offsets not code points, end inclusive:\n%s", out)
	}
}

func TestCluenerErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{`{"text":"叶老桂博士","label":{"name":{"叶老桂":[[1,3]]}}}`, `f.json line 1: label "name", entity "叶老桂", offsets [1,3]: the text there is "老桂博"`},
		{`{"text":"叶老桂","label":{"name":{"叶老桂":[[0,3]]}}}`, `offsets [0,3]: the end is past the text of 3 characters`},
		{`{"text":"叶老桂","label":{"name":{"叶老桂":[[2,0]]}}}`, `want 0 ≤ start ≤ end`},
		{`{"text":"叶老桂","label":{"name":{"叶老桂":[[0]]}}}`, `pair 1: want [start, end]`},
		{`{"text":"叶老桂","label":{"name":{"叶老桂":[]}}}`, `has no [start, end] pairs`},
		{`{"text":"叶老桂","label":{"name":["叶老桂"]}}`, `should map entities to offsets`},
		{`{"text":"叶老桂","label":[[0,2,"name"]]}`, `"label" should be an object`},
		{`{"text":"叶老桂","lable":{}}`, `unknown key "lable": did you mean "label"?`},
		{`{"text":"叶老桂","label":{},"extra":1}`, `unknown key "extra"`},
		{`{"text":"","label":{}}`, `"text" is empty`},
		{"{\"text\":\"ok\"}\n{\"label\":{}}", `f.json line 2: missing "text"`},
		{`{"text":"叶老桂","label":{"":{"叶老桂":[[0,2]]}}}`, `label ""`},
	}
	for _, c := range cases {
		_, _, err := decodeAll(t, "cluener", c.in, Options{Name: "f.json", Annotator: "a"})
		if err == nil || !strings.Contains(annotate.ErrorMessage(err), c.want) {
			t.Errorf("%s:\n got %v\nwant …%s…", c.in, err, c.want)
		}
	}
}

func FuzzDecodeCluener(f *testing.F) {
	seed(f, "cluener",
		`{"text":"叶老桂博士","label":{"name":{"叶老桂":[[0,2],[0,2]]}}}`,
		`{"id":"x","text":"🇺🇳","label":{"M":{"🇺🇳":[[0,1]]}}}`,
		`[{"text":"a","label":{"X":{"a":[[0,0]]}}}]`)
	f.Fuzz(func(t *testing.T, in string) { checkDecode(t, "cluener", in) })
}
