package format

import (
	"strings"
	"testing"

	"goldspan/annotate"
)

// Issue "Gold you can trust", item 9: every field of every format is read
// as strictly as plain text. Each row was accepted silently before (a
// misspelt key dropped the spans, a duplicate or case-variant key let
// the last one win, a lone surrogate became U+FFFD, a control character
// or an invisible one reached an id or a label, a blank text became a
// document, a broken U+XXXX token became text); each is now an EINVALID
// error naming the file, the line and the key.
var strictCases = []struct {
	name, format, in, want string
}{
	// Misspelt keys.
	{"gold span for spans", "gold", `{"id":"a","text":"北京","span":[{"start":0,"end":2,"label":"LOC"}],"annotator":"x"}`,
		`line 1: unknown key "span": did you mean "spans"?`},
	{"gold unknown key", "gold", `{"id":"a","text":"北京","note":"x"}`,
		`line 1: unknown key "note"; Goldspan JSONL records have "id", "text", "spans", "annotator", "status" and "meta"`},
	{"gold span key misspelt", "gold", `{"id":"a","text":"北京","spans":[{"start":0,"end":2,"lable":"LOC"}],"annotator":"x"}`,
		`line 1: span 1: unknown key "lable": did you mean "label"?`},
	{"gold other format's key", "gold", `{"id":"a","text":"北京","label":[[0,2,"LOC"]]}`,
		`line 1: has a "label" key, which Goldspan JSONL records do not have: is this a doccano file? Give --format`},
	{"doccano lable", "doccano", `{"id":1,"text":"北京","lable":[[0,2,"LOC"]],"annotator":"x"}`,
		`line 1: unknown key "lable": did you mean "label"?`},
	{"doccano entity key misspelt", "doccano", `{"id":1,"text":"北京","entities":[{"start_ofset":0,"end_offset":2,"label":"LOC"}],"annotator":"x"}`,
		`line 1: "entities" item 1: unknown key "start_ofset": did you mean "start_offset"?`},
	{"doccano spans key of gold", "doccano", `{"id":1,"text":"北京","spans":[]}`,
		`line 1: has a "spans" key, which doccano records do not have: is this a gold or spacy file?`},
	{"spacy span for spans", "spacy", `{"text":"北京","span":[{"start":0,"end":2,"label":"LOC"}],"answer":"accept","_annotator_id":"x"}`,
		`line 1: unknown key "span": did you mean "spans"?`},
	{"spacy unknown key", "spacy", `{"text":"北京","colour":"red"}`,
		`line 1: unknown key "colour"; spaCy/Prodigy records have`},
	{"labelstudio annotation for annotations", "labelstudio", `[{"id":1,"data":{"text":"北京"},"annotation":[{"completed_by":1,"result":[]}]}]`,
		`line 1: task 1: unknown key "annotation": did you mean "annotations"?`},
	{"labelstudio value key misspelt", "labelstudio", `[{"id":1,"data":{"text":"北京"},"annotations":[{"completed_by":1,"result":[{"type":"labels","value":{"start":0,"end":2,"label":["LOC"]}}]}]}]`,
		`line 1: task 1: annotation 1: result 1: "value": unknown key "label": did you mean "labels"?`},
	{"hf ner_tag", "hf", `{"id":"a","tokens":["北"],"ner_tag":["O"]}`,
		`line 1: unknown key "ner_tag": did you mean "ner_tags"?`},

	// Duplicate keys.
	{"gold text twice", "gold", `{"id":"a","text":"北京","text":"上海"}`,
		`line 1: the key "text" appears twice in one object`},
	{"gold escaped duplicate", "gold", `{"id":"a","text":"北京","\u0074ext":"上海"}`,
		`line 1: the key "text" appears twice in one object`},
	{"gold duplicate in meta", "gold", `{"id":"a","text":"北京","meta":{"k":{"x":1,"x":2}}}`,
		`line 1: "meta": "k": the key "x" appears twice in one object`},
	{"gold duplicate in a span", "gold", `{"id":"a","text":"北京","spans":[{"start":0,"end":2,"end":1,"label":"LOC"}],"annotator":"x"}`,
		`line 1: span 1: the key "end" appears twice in one object`},
	{"doccano label twice", "doccano", `{"text":"北京","label":[[0,2,"LOC"]],"label":[],"annotator":"x"}`,
		`line 1: the key "label" appears twice in one object`},
	{"spacy answer twice", "spacy", `{"text":"北京","answer":"reject","answer":"accept"}`,
		`line 1: the key "answer" appears twice in one object`},
	{"labelstudio start twice", "labelstudio", `[{"data":{"text":"北京"},"annotations":[{"completed_by":1,"result":[{"type":"labels","value":{"start":0,"end":2,"start":1,"labels":["LOC"]}}]}]}]`,
		`line 1: task 1: annotation 1: result 1: "value": the key "start" appears twice in one object`},
	{"labelstudio duplicate in a tolerated key", "labelstudio", `[{"data":{"text":"北京"},"drafts":[{"a":1,"a":2}]}]`,
		`line 1: task 1: the key "a" appears twice in one object`},
	{"hf tokens twice", "hf", `{"tokens":["北"],"ner_tags":["O"],"tokens":["京"]}`,
		`line 1: the key "tokens" appears twice in one object`},

	// Keys that differ only by case (encoding/json matched them).
	{"gold Annotator beside annotator", "gold", `{"id":"a","text":"北京","spans":[],"annotator":"x","Annotator":"mallory"}`,
		`line 1: unknown key "Annotator": did you mean "annotator"? (keys match exactly, case included)`},
	{"doccano Text", "doccano", `{"Text":"北京"}`,
		`line 1: unknown key "Text": did you mean "text"?`},
	{"spacy Answer", "spacy", `{"text":"北京","Answer":"accept"}`,
		`line 1: unknown key "Answer": did you mean "answer"?`},
	{"labelstudio Data", "labelstudio", `[{"Data":{"text":"北京"}}]`,
		`line 1: task 1: unknown key "Data": did you mean "data"?`},
	{"labelstudio TEXT beside text", "labelstudio", `[{"data":{"text":"北京","TEXT":"上海"}}]`,
		`line 1: task 1: "data": unknown key "TEXT": did you mean "text"?`},
	{"hf Tokens", "hf", `{"Tokens":["北"],"ner_tags":["O"]}`,
		`line 1: unknown key "Tokens": did you mean "tokens"?`},

	// Lone surrogates in ids, annotators, labels and texts.
	{"gold id", "gold", `{"id":"a\ud800","text":"北京"}`,
		`line 1: "id" contains a \u escape of a lone UTF-16 surrogate (\ud800)`},
	{"gold annotator", "gold", `{"id":"a","text":"北京","spans":[],"annotator":"x\udc00"}`,
		`line 1: "annotator" contains a \u escape of a lone UTF-16 surrogate (\udc00)`},
	{"gold label", "gold", `{"id":"a","text":"北京","spans":[{"start":0,"end":2,"label":"L\ud83dOC"}],"annotator":"x"}`,
		`line 1: span 1: "label" contains a \u escape of a lone UTF-16 surrogate (\ud83d)`},
	{"doccano id", "doccano", `{"id":"\udfff","text":"北京"}`,
		`line 1: "id" contains a \u escape of a lone UTF-16 surrogate (\udfff)`},
	{"doccano user", "doccano", `{"text":"北京","label":[],"user":"\ud800x"}`,
		`line 1: "user" contains a \u escape of a lone UTF-16 surrogate (\ud800)`},
	{"spacy meta id", "spacy", `{"text":"北京","meta":{"id":"d\ud800"}}`,
		`line 1: "id" contains a \u escape of a lone UTF-16 surrogate`},
	{"spacy annotator", "spacy", `{"text":"北京","answer":"accept","_annotator_id":"\ud800"}`,
		`line 1: "_annotator_id" contains a \u escape of a lone UTF-16 surrogate`},
	{"labelstudio email", "labelstudio", `[{"data":{"text":"北京"},"annotations":[{"completed_by":{"email":"a\ud800@x"},"result":[]}]}]`,
		`"email" contains a \u escape of a lone UTF-16 surrogate`},
	{"labelstudio text", "labelstudio", `[{"data":{"text":"北\ud800京"}}]`,
		`line 1: task 1: "data": "text" contains a \u escape of a lone UTF-16 surrogate`},
	{"hf token", "hf", `{"tokens":["\ud800"],"ner_tags":["O"]}`,
		`line 1: "tokens" item 1 contains a \u escape of a lone UTF-16 surrogate`},
	{"surrogate pair then a lone one", "gold", `{"id":"a","text":"\ud83d\udc4d\ud83d"}`,
		`"text" contains a \u escape of a lone UTF-16 surrogate (\ud83d)`},

	// Control characters, terminal escapes and invisible characters in
	// ids, labels and annotator names.
	{"gold id with ESC", "gold", `{"id":"\u001b[31mred","text":"北京"}`,
		`line 1: id "\x1b[31mred" contains U+001B (ESC), a control character`},
	{"gold annotator with CSI", "gold", `{"id":"a","text":"北京","spans":[],"annotator":"ann\u009b31m"}`,
		`line 1: annotator name "ann\u009b31m" contains U+009B (CSI), a control character`},
	{"gold suggestion label with an escape", "gold", `{"id":"a","text":"北京","spans":[{"start":0,"end":2,"label":"LOC\u001b]0;x\u0007","source":"rule"}]}`,
		`line 1: span 1: label "LOC\x1b]0;x\a" contains U+001B (ESC), a control character`},
	{"gold suggestion source with a bidi override", "gold", `{"id":"a","text":"北京","spans":[{"start":0,"end":2,"label":"LOC","source":"rule\u202e"}]}`,
		`line 1: span 1: source "rule\u202e" contains U+202E (RIGHT-TO-LEFT OVERRIDE), an invisible formatting character`},
	{"doccano id with a bidi override", "doccano", `{"id":"abc\u202etxt.exe","text":"北京"}`,
		`line 1: id "abc\u202etxt.exe" contains U+202E (RIGHT-TO-LEFT OVERRIDE)`},
	{"doccano label with NUL", "doccano", `{"text":"北京","label":[[0,2,"LOC\u0000"]],"annotator":"x"}`,
		`line 1: "label" item 1: label "LOC\x00" contains U+0000 (NUL), a control character`},
	{"doccano annotator with a zero-width space", "doccano", `{"text":"北京","label":[],"annotator":"ann\u200b"}`,
		`line 1: annotator name "ann\u200b" contains U+200B (ZERO WIDTH SPACE), an invisible formatting character`},
	{"spacy label with DEL", "spacy", `{"text":"北京","spans":[{"start":0,"end":2,"label":"LOC\u007f"}],"answer":"accept","_annotator_id":"x"}`,
		`line 1: span 1: label "LOC\x7f" contains U+007F (DELETE), a control character`},
	{"labelstudio label with a line separator", "labelstudio", `[{"data":{"text":"北京"},"annotations":[{"completed_by":1,"result":[{"type":"labels","value":{"start":0,"end":2,"labels":["LOC\u2028"]}}]}]}]`,
		`line 1: task 1: annotation 1: result 1: label "LOC\u2028" contains U+2028 (LINE SEPARATOR), a line break`},
	{"labelstudio id with ESC", "labelstudio", `[{"id":"\u001bc","data":{"text":"北京"}}]`,
		`line 1: task 1: id "\x1bc" contains U+001B (ESC), a control character`},
	{"hf tag with ESC", "hf", `{"tokens":["北"],"ner_tags":["B-LOC\u001b[0m"]}`,
		`line 1: token 1: tag "B-LOC\x1b[0m" contains U+001B (ESC), a control character`},
	{"hf id blank", "hf", `{"id":"\u200b","tokens":["北"],"ner_tags":["O"]}`,
		`line 1: id "\u200b" is empty or only white space`},
	{"conll tag with ESC", "conll", "北\tB-LOC\x1b[31m\n", "line 1: tag \"B-LOC\\x1b[31m\" contains U+001B (ESC), a control character"},
	{"conll tag with a bidi isolate", "conll", "北\tO\n京\tB-LOC\u2066\n", `line 2: tag "B-LOC\u2066" contains U+2066 (LEFT-TO-RIGHT ISOLATE)`},

	// Empty and blank texts.
	{"gold empty text", "gold", `{"id":"a","text":""}`, `line 1: "text" is empty: a document needs text`},
	{"gold zero-width space", "gold", `{"id":"a","text":"\u200b"}`, `line 1: "text" is only white space or invisible characters (U+200B): a document needs text`},
	{"gold blank text", "gold", `{"id":"a","text":" \t\u3000\r\n\ufeff\u2060"}`, `"text" is only white space or invisible characters (U+0020 U+0009 U+3000 …)`},
	{"gold NUL in a text", "gold", `{"id":"a","text":"北\u0000京"}`, `line 1: "text" contains U+0000 (NUL) at code point 1`},
	{"doccano blank text", "doccano", `{"text":"   "}`, `line 1: "text" is only white space or invisible characters`},
	{"spacy empty text", "spacy", `{"text":""}`, `line 1: "text" is empty`},
	{"labelstudio blank text", "labelstudio", `[{"data":{"text":"\u3164\u115f"}}]`, `line 1: task 1: "data": "text" is only white space or invisible characters (U+3164 U+115F)`},
	{"hf blank tokens", "hf", `{"tokens":[" ","\u200d"],"ner_tags":["O","O"]}`, `line 1: "tokens" is only white space or invisible characters`},
	{"conll blank document", "conll", "U+0020\tO\nU+200B\tO\n\n北\tO\n", `line 1: the document starting here has no text: only white space or invisible characters (U+0020 U+200B)`},
	{"text zero-width spaces", "text", "\u200b\u200b\n", `line 1: the file holds only white space and invisible characters (U+200B U+200B U+000A)`},

	// Broken U+XXXX tokens in CoNLL.
	{"conll surrogate escape", "conll", "北\tO\nU+D800\tO\n", `line 2: malformed escape "U+D800": a UTF-16 surrogate is not a character`},
	{"conll short escape", "conll", "U+12\tO\n", `line 1: malformed escape "U+12": 2 digits`},
	{"conll long escape", "conll", "U+0010FFFF\tO\n", `line 1: malformed escape "U+0010FFFF": 8 digits`},
	{"conll escape past U+10FFFF", "conll", "U+110000\tO\n", `line 1: malformed escape "U+110000": beyond U+10FFFF`},
	{"conll escape not hex", "conll", "U+00G0\tO\n", `line 1: malformed escape "U+00G0": not a hex number`},
	{"conll NUL escape", "conll", "U+0000\tO\n", `line 1: malformed escape "U+0000": U+0000 (NUL) cannot be in a text`},
}

func TestStrictDecoding(t *testing.T) {
	for _, c := range strictCases {
		t.Run(c.format+"/"+c.name, func(t *testing.T) {
			recs, _, err := decodeAll(t, c.format, c.in, Options{Name: "t.in", Annotator: "ann"})
			if err == nil {
				t.Fatalf("no error; read %d records: %+v", len(recs), recs)
			}
			msg := annotate.ErrorMessage(err)
			if annotate.ErrorCode(err) != annotate.EINVALID || !strings.HasPrefix(msg, "t.in line ") {
				t.Errorf("error %q (code %s) does not name the file and line", msg, annotate.ErrorCode(err))
			}
			if !strings.Contains(msg, c.want) {
				t.Errorf("error:\n  %s\nwant it to contain\n  %s", msg, c.want)
			}
			if strings.ContainsFunc(msg, func(r rune) bool { return r < 0x20 || r >= 0x7f && r < 0xa0 || r == 0x202e || r == 0x2028 }) {
				t.Errorf("the message carries a raw control or formatting character: %q", msg)
			}
		})
	}
}

// What the formats tolerate: the keys of the tools that write them, and
// for doccano the document's metadata beside the record's keys.
func TestToleratedKeys(t *testing.T) {
	cases := []struct {
		name, format, in string
		want             []string
		losses           int
	}{
		{"doccano export: meta as keys, Comments", "doccano",
			`{"id":7,"text":"北京","source":"news","label":[[0,2,"LOC"]],"Comments":["check"],"annotator":"ann"}`,
			[]string{`7 "北京" ann/done [0-2:LOC] {"source":"news"}`}, 1},
		{"doccano meta object and keys", "doccano",
			`{"id":7,"text":"北京","meta":{"a":1},"b":[2]}`,
			[]string{`7 "北京" / [] {"a":1,"b":[2]}`}, 0},
		{"spacy Prodigy keys", "spacy",
			`{"text":"北京","_input_hash":1,"_task_hash":2,"_view_id":"ner_manual","_timestamp":3,"priority":0.5,"score":0.4,"flagged":false,"tokens":[],"spans":[{"start":0,"end":2,"label":"LOC","token_start":0,"token_end":1,"input_hash":1}],"answer":"accept","_annotator_id":"a"}`,
			[]string{`sha256:` + annotate.DocumentID("北京")[7:] + ` "北京" a/done [0-2:LOC]`}, 0},
		{"labelstudio keys of Label Studio", "labelstudio",
			`[{"id":1,"inner_id":1,"created_at":"x","total_annotations":1,"annotators":[1],"drafts":[],"data":{"text":"北京","text2":"other"},
			  "annotations":[{"id":9,"completed_by":1,"lead_time":2.5,"ground_truth":false,"result":[{"id":"r","from_name":"label","to_name":"text","type":"labels","readonly":false,"value":{"start":0,"end":2,"text":"北京","labels":["LOC"]}}]}],
			  "predictions":[{"id":3,"model_version":"m","created_ago":"1 hour","result":[]}]}]`,
			[]string{`1 "北京" user-1/done [0-2:LOC]`}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			recs, losses, err := decodeAll(t, c.format, c.in, Options{Name: "t.in"})
			if err != nil {
				t.Fatal(annotate.ErrorMessage(err))
			}
			var got []string
			for _, r := range recs {
				got = append(got, summary(r))
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
			if len(losses) != c.losses {
				t.Errorf("losses %+v, want %d", losses, c.losses)
			}
		})
	}
}

// TestNearKey: a misspelling is one edit from a key the object lacks, or
// the same key in another case.
func TestNearKey(t *testing.T) {
	read := []string{"id", "text", "spans", "label"}
	none := func(string) bool { return false }
	for _, c := range []struct {
		key, want string
		has       func(string) bool
	}{
		{"span", "spans", none}, {"spnas", "spans", none}, {"lable", "label", none}, {"labels", "label", none},
		{"Text", "text", none}, {"ID", "id", none}, {"TEXT", "text", func(string) bool { return true }},
		{"text2", "", func(k string) bool { return k == "text" }}, {"ids", "", none}, {"note", "", none}, {"spans_x", "", none},
	} {
		got, ok := nearKey(c.key, read, c.has)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("nearKey(%q) = %q, %v; want %q", c.key, got, ok, c.want)
		}
	}
}

// TestStrictUnmarshal is the helper for records read into a Go struct
// (project/replay.go's actions).
func TestStrictUnmarshal(t *testing.T) {
	type op struct {
		Op    string `json:"op"`
		Doc   string `json:"doc"`
		Start int    `json:"start"`
		Spans []struct {
			Label string `json:"label"`
		} `json:"spans,omitempty"`
		Score *float64 `json:"score"`
	}
	var o op
	if err := StrictUnmarshal([]byte(`{"op":"add","doc":"d","start":3,"spans":[{"label":"LOC"}],"score":0.5}`), &o); err != nil || o.Op != "add" || o.Start != 3 || len(o.Spans) != 1 || o.Spans[0].Label != "LOC" || *o.Score != 0.5 {
		t.Fatalf("%+v %v", o, err)
	}
	for in, want := range map[string]string{
		`{"op":"add","Op":"delete"}`:          `unknown key "Op": did you mean "op"?`,
		`{"op":"add","op":"delete"}`:          `the key "op" appears twice in one object`,
		`{"op":"add","opp":1}`:                `unknown key "opp"; the records have "op", "doc", "start", "spans" and "score"`,
		`{"doc":"\ud800"}`:                    `"doc" contains a \u escape of a lone UTF-16 surrogate`,
		`{"start":1.5}`:                       `"start" should be a whole number, not a JSON number 1.5`,
		`{"spans":[{"label":"X","Label":1}]}`: `unknown key "Label": did you mean "label"?`,
		`{"op":"add"} {}`:                     `invalid JSON: more than one value on the line`,
		`[1]`:                                 `the record should be a JSON object {...}, not a JSON array`,
	} {
		var o op
		err := StrictUnmarshal([]byte(in), &o)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("StrictUnmarshal(%s) = %v, want an error containing %q", in, err, want)
		}
	}
}

// TestDedupeKeepsOrder: exact duplicates go, sorted or not, and the
// others keep their order.
func TestDedupeKeepsOrder(t *testing.T) {
	sp := func(s, e int, l string) annotate.Span { return annotate.Span{Start: s, End: e, Label: l} }
	in := []annotate.Span{sp(3, 4, "B"), sp(0, 1, "A"), sp(3, 4, "B"), sp(0, 1, "B"), sp(0, 1, "A")}
	got := dedupe(append([]annotate.Span(nil), in...))
	want := []annotate.Span{sp(3, 4, "B"), sp(0, 1, "A"), sp(0, 1, "B")}
	if len(got) != len(want) {
		t.Fatalf("%+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%+v, want %+v", got, want)
		}
	}
	sorted := []annotate.Span{sp(0, 1, "A"), sp(0, 1, "B"), sp(2, 3, "A")}
	if got := dedupe(sorted); len(got) != 3 {
		t.Fatalf("%+v", got)
	}
}
