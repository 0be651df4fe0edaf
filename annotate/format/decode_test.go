package format

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"goldspan/annotate"
)

// summary renders a record compactly for table tests:
// id "text" annotator/status [start-end:LABEL ...] {suggestions} meta.
func summary(r annotate.Record) string {
	s := fmt.Sprintf("%s %q %s/%s %v", r.Doc.ID, r.Doc.Text, r.Annotator, r.Status, spanKeys(r.Spans, false))
	if r.Suggestions != nil {
		var sugs []string
		for _, g := range r.Suggestions {
			sugs = append(sugs, fmt.Sprintf("%d-%d:%s:%s:%g", g.Start, g.End, g.Label, g.Source, g.Score))
		}
		s += fmt.Sprintf(" %v", sugs)
	}
	if string(r.Doc.Meta) != "{}" {
		s += " " + string(r.Doc.Meta)
	}
	return s
}

// decodeCase is one table row: the records (as summaries) or the error
// (a substring) a decoder must give for an input.
type decodeCase struct {
	name    string
	format  string
	in      string
	ann     string   // Options.Annotator
	want    []string // summaries
	losses  int      // entries in the decoder's Losses
	wantErr string
}

var hashAB = annotate.DocumentID("北京")

var decodeCases = []decodeCase{
	// doccano
	{name: "doccano emoji", format: "doccano", ann: "ann",
		in:   `{"id":1,"text":"👍张三","label":[[2,4,"PER"]]}`,
		want: []string{`1 "👍张三" ann/done [1-3:PER]`}},
	{name: "doccano entities, numeric user, relations", format: "doccano",
		in:     `{"id":"x","text":"𠮷野家","entities":[{"id":9,"label":"ORG","start_offset":0,"end_offset":4}],"relations":[{"id":1,"from_id":9,"to_id":9,"type":"r"}],"user":5}`,
		want:   []string{`x "𠮷野家" user-5/done [0-3:ORG]`},
		losses: 1},
	{name: "doccano labels synonym, annotator, duplicates", format: "doccano",
		in:   `{"text":"北京","labels":[[0,2,"LOC"],[0,2,"LOC"]],"annotator":"zhang","meta":{"a": [1, 2]}}`,
		want: []string{hashAB + ` "北京" zhang/done [0-2:LOC] {"a":[1,2]}`}},
	{name: "doccano empty label without annotator is a plain document", format: "doccano",
		in:   "{\"id\":3,\"text\":\"a\",\"label\":[]}\n\n{\"id\":4,\"text\":\"b\"}\n",
		want: []string{`3 "a" / []`, `4 "b" / []`}},
	{name: "doccano JSON array", format: "doccano", ann: "ann",
		in:   "\xef\xbb\xbf[\n {\"id\":1,\"text\":\"a\",\"label\":[]},\n {\"id\":2,\"text\":\"b\"}\n]\n",
		want: []string{`1 "a" / []`, `2 "b" / []`}}, // "label": [] is an example nobody labelled
	{name: "doccano CRLF", format: "doccano", ann: "ann",
		in:   `{"id":1,"text":"a\r\n𠮷b","label":[[3,5,"X"],[5,6,"Y"]]}`,
		want: []string{`1 "a\r\n𠮷b" ann/done [3-4:X 4-5:Y]`}},
	{name: "doccano offset inside a surrogate pair", format: "doccano", ann: "ann",
		in:      "{\"text\":\"ok\",\"label\":[]}\n{\"text\":\"👍张\",\"label\":[[1,3,\"PER\"]]}",
		wantErr: `t.jsonl line 2: "label" item 1 [1,3,"PER"]: start offset 1 falls inside the surrogate pair of "👍"`},
	{name: "doccano offset past the text", format: "doccano", ann: "ann",
		in:      `{"text":"👍张","label":[[0,9,"PER"]]}`,
		wantErr: "line 1: \"label\" item 1 [0,9,\"PER\"]: end offset 9 is outside the text (0..3 UTF-16 code units)"},
	{name: "doccano start after end", format: "doccano", ann: "ann",
		in:      `{"text":"abc","label":[[2,1,"X"]]}`,
		wantErr: "start must be before end"},
	{name: "doccano classification", format: "doccano", ann: "ann",
		in:      `{"text":"好","label":["positive"]}`,
		wantErr: `line 1: "label" holds text-classification categories ("positive"), not spans`},
	{name: "doccano Label Studio JSON-MIN", format: "doccano", ann: "ann",
		in:      `{"text":"好","label":[{"start":0,"end":1,"text":"好","labels":["X"]}]}`,
		wantErr: "JSON-MIN"},
	{name: "doccano fractional offset", format: "doccano", ann: "ann",
		in:      `{"text":"好","label":[[0.5,1,"X"]]}`,
		wantErr: "whole-number offsets"},
	{name: "doccano missing text", format: "doccano",
		in:      "{\"text\":\"a\"}\n{\"id\":2}\n",
		wantErr: `t.jsonl line 2: missing "text"`},
	{name: "doccano spans without annotator", format: "doccano",
		in:      `{"text":"ab","label":[[0,1,"X"]]}`,
		wantErr: "line 1: record has spans but no annotator; give one with --annotator"},
	{name: "doccano label and entities", format: "doccano", ann: "ann",
		in:      `{"text":"ab","label":[[0,1,"X"]],"entities":[{"label":"Y","start_offset":0,"end_offset":1}]}`,
		wantErr: `both "label" and "entities" hold labels`},
	{name: "doccano bad JSON", format: "doccano",
		in:      "{\"text\":\"a\"}\n{\"text\":\"b\"}\n{\"text\": \"c\",, }\n",
		wantErr: "t.jsonl line 3: invalid JSON"},
	{name: "doccano invalid UTF-8", format: "doccano",
		in:      "{\"text\":\"a\"}\n{\"text\":\"\xff\"}\n",
		wantErr: "t.jsonl line 2: invalid UTF-8"},
	{name: "doccano lone surrogate", format: "doccano",
		in:      `{"text":"a\ud83d"}`,
		wantErr: "lone UTF-16 surrogate"},
	{name: "doccano truncated", format: "doccano",
		in:      "{\"text\":\"a\"}\n{\"text\":\"b",
		wantErr: "line 2: the file ends inside a JSON value"},
	{name: "doccano array element not an object", format: "doccano",
		in:      "[{\"text\":\"a\"},\n 3]",
		wantErr: "line 2: expected a JSON object {...}, got 3"},

	// spaCy / Prodigy
	{name: "spacy accept", format: "spacy",
		in:   `{"text":"👍张三","meta":{"id":"d1","src":"x"},"tokens":[{"text":"👍","start":0,"end":1,"id":0}],"spans":[{"start":1,"end":3,"label":"PER","token_start":1,"token_end":2,"text":"张三"}],"answer":"accept","_annotator_id":"news-alice","_session_id":"news-bob"}`,
		want: []string{`d1 "👍张三" news-alice/done [1-3:PER] {"src":"x"}`}},
	{name: "spacy session id, accept without spans", format: "spacy",
		in:   `{"text":"ab","id":5,"answer":"accept","_session_id":"bob"}`,
		want: []string{`5 "ab" bob/done []`}},
	{name: "spacy reject is a plain document", format: "spacy", ann: "ann",
		in:   `{"text":"ab","meta":{"id":1},"spans":[{"start":0,"end":1,"label":"X"}],"answer":"reject","_annotator_id":"alice"}`,
		want: []string{`1 "ab" / []`}},
	{name: "spacy ignore is skipped", format: "spacy",
		in:   `{"text":"ab","meta":{"id":1},"spans":[{"start":0,"end":1,"label":"X"}],"answer":"ignore","_annotator_id":"alice"}`,
		want: []string{`1 "ab" alice/skipped []`}},
	{name: "spacy ignore without annotator", format: "spacy",
		in:   `{"text":"ab","meta":{"id":1},"answer":"ignore"}`,
		want: []string{`1 "ab" / []`}},
	{name: "spacy suggestions", format: "spacy",
		in:   `{"text":"𠮷野家","meta":{"id":1},"spans":[{"start":0,"end":3,"label":"ORG","source":"rule","score":0.5}]}`,
		want: []string{`1 "𠮷野家" / [] [0-3:ORG:rule:0.5]`}},
	{name: "spacy no answer: annotations", format: "spacy", ann: "ann",
		in:   `{"text":"𠮷野家","meta":{"id":1},"spans":[{"start":0,"end":3,"label":"ORG"}]}`,
		want: []string{`1 "𠮷野家" ann/done [0-3:ORG]`}},
	{name: "spacy unknown answer", format: "spacy",
		in:      `{"text":"ab","answer":"maybe"}`,
		wantErr: `line 1: "answer" must be "accept", "reject" or "ignore", not "maybe"`},
	{name: "spacy span out of range", format: "spacy", ann: "ann",
		in:      `{"text":"👍","spans":[{"start":0,"end":2,"label":"X"}],"answer":"accept"}`,
		wantErr: "span 1 [0,2): offsets out of range: need 0 <= start < end <= 1"},
	{name: "spacy span text mismatch", format: "spacy", ann: "ann",
		in:      `{"text":"👍张三","spans":[{"start":2,"end":4,"label":"X","text":"张三"}],"answer":"accept"}`,
		wantErr: "offsets out of range"},
	{name: "spacy span text mismatch in range", format: "spacy", ann: "ann",
		in:      `{"text":"👍张三李","spans":[{"start":2,"end":4,"label":"X","text":"张三"}],"answer":"accept"}`,
		wantErr: `span 1 [2,4): text "张三" does not match the document's "三李"`},
	{name: "spacy mixed suggestions", format: "spacy", ann: "ann",
		in:      `{"text":"ab","spans":[{"start":0,"end":1,"label":"X","source":"m"},{"start":1,"end":2,"label":"Y"}]}`,
		wantErr: "spans mix suggestions"},
	{name: "spacy span without label", format: "spacy", ann: "ann",
		in:      `{"text":"ab","spans":[{"start":0,"end":1}],"answer":"accept"}`,
		wantErr: `span 1: needs "start", "end" and "label"`},
	{name: "spacy spans without annotator", format: "spacy",
		in:      `{"text":"ab","spans":[{"start":0,"end":1,"label":"X"}],"answer":"accept"}`,
		wantErr: "no annotator",
	},
	{name: "spacy meta not an object", format: "spacy",
		in:      `{"text":"ab","meta":"x"}`,
		wantErr: `"meta" must be a JSON object`},

	// Label Studio
	{name: "labelstudio export", format: "labelstudio", in: `[
  {"id": 1, "data": {"text": "👍张三在𠮷野家", "title": "ignored"}, "meta": {"batch": 2},
   "annotations": [
     {"id": 11, "completed_by": 3, "was_cancelled": false, "result": [
       {"id": "a", "from_name": "label", "to_name": "text", "type": "labels", "origin": "manual",
        "value": {"start": 1, "end": 3, "text": "张三", "labels": ["PER"]}},
       {"id": "b", "from_name": "label", "to_name": "text", "type": "labels", "origin": "prediction-changed",
        "value": {"start": 4, "end": 7, "text": "𠮷野家", "labels": ["ORG", "LOC"]}},
       {"id": "c", "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"choices": ["Positive"]}}]},
     {"completed_by": {"id": 4, "email": "li@example.org", "first_name": "Li"}, "was_cancelled": true, "result": []},
     {"completed_by": {"id": 5, "first_name": "Wang", "last_name": "Wu"}, "result": [
       {"type": "labels", "value": {"start": 1, "end": 3, "labels": ["PER"]}},
       {"type": "labels", "value": {"start": 1, "end": 3, "labels": ["PER"]}}]},
     {"completed_by": {"id": 6}, "result": []}],
   "predictions": [
     {"model_version": "dictionary", "score": 0.5, "result": [
       {"type": "labels", "value": {"start": 1, "end": 3, "labels": ["PER"]}},
       {"type": "labels", "score": 0.9, "value": {"start": 4, "end": 7, "labels": ["ORG"]}}]},
     {"result": [{"type": "labels", "value": {"start": 0, "end": 1, "labels": ["EMOJI"]}}]}]},
  {"id": "two", "data": {"text": "纯文本"}, "annotations": [], "predictions": []}
]`, want: []string{
		`1 "👍张三在𠮷野家" user-3/done [1-3:PER 4-7:ORG 4-7:LOC] [1-3:PER:dictionary:0.5 4-7:ORG:dictionary:0.9 0-1:EMOJI:model:0] {"batch":2}`,
		`1 "👍张三在𠮷野家" li@example.org/skipped [] {"batch":2}`,
		`1 "👍张三在𠮷野家" Wang Wu/done [1-3:PER] {"batch":2}`,
		`1 "👍张三在𠮷野家" user-6/done [] {"batch":2}`,
		`two "纯文本" / []`,
	}, losses: 1},
	{name: "labelstudio JSONL, completions, annotator option", format: "labelstudio", ann: "ann",
		in: "{\"id\":1,\"data\":{\"text\":\"ab\"},\"completions\":[{\"result\":[{\"type\":\"labels\",\"value\":{\"start\":0,\"end\":1,\"labels\":[\"X\"]}}]}]}\n" +
			"{\"id\":2,\"data\":{\"text\":\"cd\"}}\n",
		want: []string{`1 "ab" ann/done [0-1:X]`, `2 "cd" / []`}},
	{name: "labelstudio empty array", format: "labelstudio", in: " [ ] ", want: nil},
	{name: "labelstudio missing data", format: "labelstudio",
		in:      "[\n{\"id\":1,\"data\":{\"text\":\"a\"}},\n\n{\"id\":2,\n \"text\":\"b\"}]",
		wantErr: `t.jsonl line 4: task 2: missing "data"`},
	{name: "labelstudio data without text", format: "labelstudio",
		in:      `[{"id":1,"data":{"content":"a"}}]`,
		wantErr: `task 1: "data" has no "text"`},
	{name: "labelstudio UTF-16 offsets", format: "labelstudio", ann: "ann",
		in:      `[{"id":1,"data":{"text":"👍张三"},"annotations":[{"result":[{"type":"labels","value":{"start":2,"end":4,"text":"张三","labels":["PER"]}}]}]}]`,
		wantErr: "offsets out of range",
	},
	{name: "labelstudio UTF-16 offsets in range", format: "labelstudio", ann: "ann",
		in:      `[{"id":1,"data":{"text":"👍张三李四"},"annotations":[{"result":[{"type":"labels","value":{"start":2,"end":4,"text":"张三","labels":["PER"]}}]}]}]`,
		wantErr: `task 1: annotation 1: result 1 [2,4): text "张三" does not match the document's "三李" at those code points (the offsets match if counted in UTF-16 code units`,
	},
	{name: "labelstudio string offsets", format: "labelstudio", ann: "ann",
		in:      `[{"id":1,"data":{"text":"ab"},"annotations":[{"result":[{"type":"labels","value":{"start":"/p[1]","end":"/p[1]","labels":["X"]}}]}]}]`,
		wantErr: `task 1: annotation 1: result 1: "value" needs whole-number "start" and "end"`},
	{name: "labelstudio no completed_by", format: "labelstudio",
		in:      `[{"id":1,"data":{"text":"ab"},"annotations":[{"result":[]}]}]`,
		wantErr: `task 1: annotation 1 has no "completed_by"; give an annotator with --annotator`},
	{name: "labelstudio empty labels", format: "labelstudio", ann: "ann",
		in:      `[{"id":1,"data":{"text":"ab"},"annotations":[{"result":[{"type":"labels","value":{"start":0,"end":1,"labels":[]}}]}]}]`,
		wantErr: `"labels" is empty`},
	{name: "labelstudio data after the array", format: "labelstudio",
		in:      "[{\"id\":1,\"data\":{\"text\":\"ab\"}}]\n]",
		wantErr: "line 2: invalid JSON"},
	{name: "labelstudio second array", format: "labelstudio",
		in:      "[{\"id\":1,\"data\":{\"text\":\"ab\"}}]\n[]",
		wantErr: "line 2: data after the closing ] of the array"},
	{name: "labelstudio truncated", format: "labelstudio",
		in:      "[{\"id\":1,\"data\":{\"text\":\"ab\"}},\n{\"id\":2,",
		wantErr: "line 2: the file ends inside a JSON value"},
	{name: "labelstudio annotations not a list", format: "labelstudio",
		in:      `[{"id":1,"data":{"text":"ab"},"annotations":{}}]`,
		wantErr: `task 1: "annotations" must be a list`},

	// CoNLL
	{name: "conll tab, space, BIOES, columns, escapes, long token", format: "conll", ann: "gold",
		in: "中\tB-ORG\n共\tI-ORG\n在 O\nU+0020\tO\nU+1F44D O\n北京 S-LOC\n  O\n东 B-LOC\n京 M-LOC\n都 E-LOC\nEU NNP B-NP S-ORG\r\n\n\n" +
			"王\tS-PER\n",
		want: []string{`t:1 "中共在 👍北京 东京都EU" gold/done [0-2:ORG 5-7:LOC 8-11:LOC 11-13:ORG]`, `t:14 "王" gold/done [0-1:PER]`}},
	{name: "conll DOCSTART", format: "conll", ann: "gold",
		in:   "-DOCSTART- -X- -X- O\n\n张\tB-PER\n三\tI-PER\n。\tO\n\n李\tB-PER\nU+000A\tO\n\n-DOCSTART-\n王\tO\n\n",
		want: []string{`t:3 "张三。李\n" gold/done [0-2:PER 3-4:PER]`, `t:11 "王" gold/done []`}},
	{name: "conll without annotator or entities", format: "conll",
		in:   "a\tO\nb\tO\n\nc\tO\n",
		want: []string{`t:1 "ab" / []`, `t:4 "c" / []`}},
	{name: "conll I- without B-", format: "conll", ann: "gold",
		in:      "a\tO\nb\tI-PER\n",
		wantErr: `t.jsonl line 2: "I-PER" without a B-PER before it`},
	{name: "conll I- of another label", format: "conll", ann: "gold",
		in:      "a\tB-LOC\nb\tI-PER\n",
		wantErr: `line 2: "I-PER" continues a LOC entity; a new entity starts with B-PER`},
	{name: "conll I- after a blank line", format: "conll", ann: "gold",
		in:      "-DOCSTART-\na\tB-LOC\n\nb\tI-LOC\n",
		wantErr: `line 4: "I-LOC" without a B-LOC before it`},
	{name: "conll E- after E-", format: "conll", ann: "gold",
		in:      "a\tB-LOC\nb\tE-LOC\nc\tE-LOC\n",
		wantErr: `line 3: "E-LOC" without a B-LOC before it`},
	{name: "conll unknown tag", format: "conll", ann: "gold",
		in:      "a\tO\nb\tPER\n",
		wantErr: `line 2: unknown tag "PER"`},
	{name: "conll no tag", format: "conll", ann: "gold",
		in:      "a\tO\nb\n",
		wantErr: `line 2: want a character, a tab or space, and a tag; got "b"`},
	{name: "conll no character", format: "conll", ann: "gold",
		in:      "\tO\n",
		wantErr: `line 1: no character before the tag "O" (write a space or tab character as U+0020 or U+0009)`},
	{name: "conll entities without annotator", format: "conll",
		in:      "a\tO\n\nb\tO\nc\tB-X\n",
		wantErr: "t.jsonl line 3: the document starting here: record has spans but no annotator"},
	{name: "conll NUL", format: "conll", ann: "gold",
		in:      "a\tO\nb\x00\tO\n",
		wantErr: "line 2: NUL byte"},

	// Hugging Face
	{name: "hf", format: "hf", ann: "gold",
		in:   "{\"id\":\"0\",\"tokens\":[\"张\",\"三\",\" \",\"Beijing\"],\"ner_tags\":[\"B-PER\",\"I-PER\",\"O\",\"S-LOC\"]}\n{\"id\":7,\"tokens\":[\"a\"],\"ner_tags\":[\"O\"]}\n",
		want: []string{`0 "张三 Beijing" gold/done [0-2:PER 3-10:LOC]`, `7 "a" gold/done []`}},
	// An empty document was read before the strict checks; it is refused now.
	{name: "hf no tokens", format: "hf", ann: "gold",
		in:      "{\"id\":7,\"tokens\":[],\"ner_tags\":[]}\n",
		wantErr: `line 1: "tokens" is empty: a document needs text`},
	{name: "hf without annotator", format: "hf",
		in:   `{"tokens":["北","京"],"ner_tags":["O","O"]}`,
		want: []string{hashAB + ` "北京" / []`}},
	{name: "hf lengths", format: "hf", ann: "gold",
		in:      `{"id":"0","tokens":["a","b"],"ner_tags":["O"]}`,
		wantErr: `line 1: 2 "tokens" but 1 "ner_tags"`},
	{name: "hf class numbers", format: "hf", ann: "gold",
		in:      `{"id":"0","tokens":["a"],"ner_tags":[3]}`,
		wantErr: `"ner_tags" item 1 is 3, not a tag name`},
	{name: "hf I- without B-", format: "hf", ann: "gold",
		in:      `{"id":"0","tokens":["a","b"],"ner_tags":["O","I-X"]}`,
		wantErr: `token 2: "I-X" without a B-X before it`},
	{name: "hf missing tokens", format: "hf", ann: "gold",
		in:      `{"id":"0","ner_tags":[]}`,
		wantErr: `missing "tokens"`},
}

func TestDecode(t *testing.T) {
	for _, tt := range decodeCases {
		t.Run(tt.name, func(t *testing.T) {
			recs, losses, err := decodeAll(t, tt.format, tt.in, Options{Name: "t.jsonl", Annotator: tt.ann})
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("no error; decoded %d records", len(recs))
				}
				if annotate.ErrorCode(err) != annotate.EINVALID {
					t.Errorf("error code %s, want invalid", annotate.ErrorCode(err))
				}
				if msg := annotate.ErrorMessage(err); !strings.Contains(msg, tt.wantErr) {
					t.Errorf("error:\n  %s\nwant it to contain\n  %s", msg, tt.wantErr)
				}
				if !strings.HasPrefix(annotate.ErrorMessage(err), "t.jsonl line ") {
					t.Errorf("error %q does not name the file and line", annotate.ErrorMessage(err))
				}
				return
			}
			if err != nil {
				t.Fatal(annotate.ErrorMessage(err))
			}
			var got []string
			for _, r := range recs {
				got = append(got, summary(r))
				if err := r.Doc.Validate(); err != nil {
					t.Errorf("record %s: %v", r.Doc.ID, err)
				}
				for _, s := range r.Spans {
					if err := s.Validate(annotate.RuneLen(r.Doc.Text), nil); err != nil {
						t.Errorf("record %s: span %+v: %v", r.Doc.ID, s, err)
					}
					if s.DocID != r.Doc.ID || s.Annotator != r.Annotator {
						t.Errorf("record %s: span %+v not tied to the record", r.Doc.ID, s)
					}
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
			if len(losses) != tt.losses {
				t.Errorf("losses %+v, want %d", losses, tt.losses)
			}
		})
	}
}

// TestDecodeStopsAtError: after an error, a decoder returns it again
// rather than reading on.
func TestDecodeStopsAtError(t *testing.T) {
	for _, name := range []string{"doccano", "spacy", "labelstudio", "conll", "hf"} {
		for _, in := range []string{"{\"x\":\n{}", "{\"x\":1}\n{}\n", "[{\"x\":1},{}]"} {
			f, _ := Lookup(name)
			dec := f.NewDecoder(strings.NewReader(in), Options{Name: "e"})
			_, err1 := dec.Next()
			_, err2 := dec.Next()
			if err1 == nil || err2 == nil || err1.Error() != err2.Error() {
				t.Errorf("%s %q: errors %v then %v, want the same error twice", name, in, err1, err2)
			}
		}
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		file, head, want string
	}{
		{"a.jsonl", `{"id":1,"text":"x","label":[[0,1,"A"]]}`, "doccano"},
		{"a.jsonl", `{"id":1,"text":"x","entities":[],"relations":[]}`, "doccano"},
		{"a.json", "[\n{\"id\":1,\"text\":\"x\",\"label\":[]}]", "doccano"},
		{"a.jsonl", `{"text":"x","meta":{"id":1},"tokens":[],"spans":[],"answer":"accept"}`, "spacy"},
		{"a.jsonl", `{"text":"x","_input_hash":1}`, "spacy"},
		{"a.json", `[{"id":1,"data":{"text":"x"},"annotations":[]}]`, "labelstudio"},
		{"a.json", "\xef\xbb\xbf  [\n  {\n    \"annotations\": [], \"data\": {\"text\": \"x\"}}]", "labelstudio"},
		{"a.jsonl", `{"id":1,"data":{"text":"x"}}`, "labelstudio"},
		{"a.json", `[{"id":1,"predictions":[{"result":[]}],"data":{"text":"x"`, "labelstudio"},
		{"a.jsonl", `{"id":"0","tokens":["a"],"ner_tags":["O"]}`, "hf"},
		{"a.jsonl", `{"id":"0","tokens":["a","b","c"`, "hf"},
		{"a.jsonl", `{"text":"ab","tokens":[{"text":"a"`, "spacy"},
		{"a.json", `[{"id":1,"text":"a long text cut off`, "doccano"},
		{"a.jsonl", `{"id":"0","text":"x","spans":[{"start":0,"end":1,"label":"A"}]}`, "gold"},
		{"a.jsonl", `{"id":"0","text":"a very long text cut off by the head`, "gold"},
		{"a.bio", "中\tB-ORG\n", "conll"},
		{"a.conll", "中\tB-ORG\n", "conll"},
	}
	for _, tt := range tests {
		f, err := Detect(tt.file, []byte(tt.head))
		if err != nil || f.Name != tt.want {
			t.Errorf("Detect(%q, %q) = %q, %v; want %q", tt.file, tt.head, f.Name, err, tt.want)
		}
	}
}

func TestFirstKeys(t *testing.T) {
	tests := []struct {
		head  string
		keys  string
		array bool
	}{
		{`{"a":1,"b":"x\"}","c":[{"d":"]"}],"e":{"f":[1,2]},"g":true}`, "a b c e g", false},
		{` [ {"a":null, "b": -1.5e3 ,"c"`, "a b", true},
		{`{"a":"unterminated`, "a", false},
		{`[1,2]`, "", true},
		{``, "", false},
	}
	for _, tt := range tests {
		keys, array := firstKeys([]byte(tt.head))
		var got []string
		for k := range keys {
			got = append(got, k)
		}
		gotS := strings.Join(sortedStrings(got), " ")
		if gotS != tt.keys || array != tt.array {
			t.Errorf("firstKeys(%q) = %q, %v; want %q, %v", tt.head, gotS, array, tt.keys, tt.array)
		}
	}
}

func sortedStrings(s []string) []string {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s
}
