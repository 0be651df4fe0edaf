package format

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"unicode/utf16"

	"goldspan/annotate"
)

// surfaces lists, per document id, the text of each span of recs as the
// test wrote them (by substring, not by offsets).
func surfaces(recs []annotate.Record) map[string][]string {
	out := map[string][]string{}
	for _, r := range recs {
		rs := []rune(r.Doc.Text)
		for _, s := range r.Spans {
			out[r.Doc.ID] = append(out[r.Doc.ID], string(rs[s.Start:s.End]))
		}
	}
	return out
}

// TestDoccanoUTF16 checks doccano's offsets by counting UTF-16 code units
// with unicode/utf16, independently of annotate.Offsets.
func TestDoccanoUTF16(t *testing.T) {
	recs := sampleRecords()
	out, _ := encodeAll(t, "doccano", recs, Options{})
	want := surfaces(recs)
	got := map[string][]string{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var rec struct {
			ID    any     `json:"id"`
			Text  string  `json:"text"`
			Label [][]any `json:"label"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		units := utf16.Encode([]rune(rec.Text))
		id, _ := json.Marshal(rec.ID)
		key := strings.Trim(string(id), `"`)
		for _, l := range rec.Label {
			s, e := int(l[0].(float64)), int(l[1].(float64))
			got[key] = append(got[key], string(utf16.Decode(units[s:e])))
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("UTF-16 slices %q, want %q", got, want)
	}
	// 👍 is two code units: 张三 starts at code unit 2, code point 1.
	if !strings.Contains(out, `[2,4,"PER"]`) || !strings.Contains(out, `[5,9,"ORG"]`) {
		t.Errorf("offsets are not UTF-16 code units:\n%s", out)
	}
}

// python returns the system python3, or skips (fails under CI=true).
func python(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3 is required under CI=true")
		}
		t.Skip("python3 not found")
	}
	return p
}

// pySlices runs a Python script over a file and returns what it prints:
// one JSON list of [id, slice] pairs.
func pySlices(t *testing.T, script, data string) [][2]string {
	t.Helper()
	path := t.TempDir() + "/data"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python(t), "-c", script, path)
	cmd.Env = append(os.Environ(), "PYTHONIOENCODING=utf-8")
	out, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("python: %v\n%s", err, ee.Stderr)
		}
		t.Fatal(err)
	}
	var pairs [][2]string
	if err := json.Unmarshal(out, &pairs); err != nil {
		t.Fatalf("python output %q: %v", out, err)
	}
	return pairs
}

func pairsByID(pairs [][2]string) map[string][]string {
	m := map[string][]string{}
	for _, p := range pairs {
		m[p[0]] = append(m[p[0]], p[1])
	}
	return m
}

// TestSpacyOffsetsPython checks spaCy offsets with Python string slicing:
// every span is text[start:end], the tokens with their trailing spaces
// ("ws") tile the text, and each
// span's token_start/token_end (inclusive) cover exactly the span.
func TestSpacyOffsetsPython(t *testing.T) {
	recs := sampleRecords()
	// A tokenizer whose tokens cross span edges, to exercise splitting.
	o := Options{Tokenize: func(text string) []Token {
		var toks []Token
		n := annotate.RuneLen(text)
		for i := 0; i < n; i += 3 {
			toks = append(toks, Token{i, min(i+3, n)})
		}
		return toks
	}}
	out, _ := encodeAll(t, "spacy", recs, o)
	const script = `
import json, sys
pairs = []
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    text, toks = r["text"], r["tokens"]
    # spaCy's rule: text is every token followed by a space where ws says so
    assert "".join(t["text"] + (" " if t["ws"] else "") for t in toks) == text, "tokens do not tile the text"
    for i, t in enumerate(toks):
        assert t["id"] == i and text[t["start"]:t["end"]] == t["text"], t
    for s in r.get("spans", []):
        assert toks[s["token_start"]]["start"] == s["start"], s
        assert toks[s["token_end"]]["end"] == s["end"], s
        pairs.append([r["meta"]["id"], text[s["start"]:s["end"]]])
print(json.dumps(pairs))
`
	got := pairsByID(pySlices(t, script, out))
	if want := surfaces(recs); !reflect.DeepEqual(got, want) {
		t.Errorf("Python slices %q, want %q", got, want)
	}
}

// TestLabelStudioOffsetsPython checks Label Studio offsets with Python
// slicing, and that value.text is that slice.
func TestLabelStudioOffsetsPython(t *testing.T) {
	recs := sampleRecords()
	out, _ := encodeAll(t, "labelstudio", recs, Options{})
	const script = `
import json, sys
pairs = []
for task in json.load(open(sys.argv[1], encoding="utf-8")):
    text = task["data"]["text"]
    for a in task["annotations"]:
        for r in a["result"]:
            v = r["value"]
            assert text[v["start"]:v["end"]] == v["text"], v
            pairs.append([str(task["id"]), text[v["start"]:v["end"]]])
print(json.dumps(pairs))
`
	got := pairsByID(pySlices(t, script, out))
	if want := surfaces(recs); !reflect.DeepEqual(got, want) {
		t.Errorf("Python slices %q, want %q", got, want)
	}
}

func TestSpacyTokens(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		toks  []Token // nil: per character
		edges []int
		want  []Token
	}{
		{"per character", 3, nil, nil, []Token{{0, 1}, {1, 2}, {2, 3}}},
		{"split at span edges", 6, []Token{{0, 3}, {3, 6}}, []int{1, 4, 2}, []Token{{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 6}}},
		{"edges on boundaries", 4, []Token{{0, 2}, {2, 4}}, []int{0, 2, 4}, []Token{{0, 2}, {2, 4}}},
		{"gaps, overlaps, out of range, unsorted", 7, []Token{{4, 9}, {-1, 2}, {1, 3}, {3, 3}}, nil,
			[]Token{{0, 2}, {2, 3}, {3, 4}, {4, 7}}},
		{"empty text", 0, []Token{{0, 0}}, nil, []Token{}},
	}
	for _, tt := range tests {
		var tok func(string) []Token
		if tt.toks != nil {
			tok = func(string) []Token { return append([]Token(nil), tt.toks...) }
		}
		got := spacyTokens("", tt.n, tok, append([]int(nil), tt.edges...))
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestConllSplit: sentence splitting keeps closing quotes and white space
// with the sentence, never splits inside a span, and reads back whole.
func TestConllSplit(t *testing.T) {
	text := "他说：“好。”\r\n\r\n我们去“北京。上海”吧！好？"
	rec := annotate.Record{Doc: annotate.Document{ID: "s", Text: text}, Annotator: "ann", HasSpans: true,
		Spans: []annotate.Span{span(text, "北京。上海", 0, "LOC")}}
	out, losses := encodeAll(t, "conll", []annotate.Record{rec}, Options{SplitSentences: true})
	if len(losses) != 0 {
		t.Errorf("losses %+v", losses)
	}
	var sentences []string
	for _, block := range strings.Split(strings.TrimSuffix(out, "\n\n"), "\n\n") {
		var b strings.Builder
		for _, line := range strings.Split(block, "\n") {
			tok, _, _ := strings.Cut(line, "\t")
			if r, ok, _ := unescapeToken(tok); ok {
				tok = string(r)
			}
			b.WriteString(tok)
		}
		sentences = append(sentences, b.String())
	}
	want := []string{"-DOCSTART-", "他说：“好。”\r\n\r\n", "我们去“北京。上海”吧！", "好？"}
	if !reflect.DeepEqual(sentences, want) {
		t.Errorf("sentences %q, want %q", sentences, want)
	}
	back := mustDecode(t, "conll", out, Options{Annotator: "ann"})
	if len(back) != 1 || back[0].Doc.Text != text || !reflect.DeepEqual(spanKeys(back[0].Spans, false), spanKeys(rec.Spans, false)) {
		t.Errorf("read back %+v", back)
	}
}

// TestConllEscapes: every character that must not stand alone on a line
// is escaped, and reads back.
func TestConllEscapes(t *testing.T) {
	text := " \t\r\n\v\f\u0085\u00a0\u1680\u2000\u2028\u2029\u3000\u200b\u200d\ufeff\u00ad\x01\x7f\ufffd"
	rec := annotate.Record{Doc: annotate.Document{ID: "e", Text: text}}
	out, _ := encodeAll(t, "conll", []annotate.Record{rec}, Options{})
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n\n"), "\n") {
		if !strings.HasPrefix(line, "U+") || strings.ContainsAny(line[:len(line)-2], " \r\v\f") {
			t.Errorf("line %d %q is not an escape", i+1, line)
		}
	}
	back := mustDecode(t, "conll", out, Options{})
	if len(back) != 1 || back[0].Doc.Text != text {
		t.Errorf("read back %q, want %q", back[0].Doc.Text, text)
	}
}

// TestEmptyDocument: CoNLL cannot hold an empty document and says so.
func TestEmptyDocument(t *testing.T) {
	out, losses := encodeAll(t, "conll", []annotate.Record{{Doc: annotate.Document{ID: "z"}}}, Options{})
	if out != "" || len(losses) != 1 || losses[0].DocID != "z" {
		t.Errorf("out %q, losses %+v", out, losses)
	}
}

// TestLossCap: past maxLosses only a count is kept.
func TestLossCap(t *testing.T) {
	var l lossList
	for i := 0; i < maxLosses+5; i++ {
		l.add(Loss{DocID: "x"})
	}
	got := l.Losses()
	if len(got) != maxLosses+1 || !strings.Contains(got[maxLosses].Reason, "and 5 more") {
		t.Errorf("%d losses, last %+v", len(got), got[len(got)-1])
	}
}

// TestLabelStudioUsers reads the shapes of completed_by Label Studio
// writes. (Export leaves completed_by out: see TestLabelStudioAccepts.)
func TestLabelStudioUsers(t *testing.T) {
	for in, want := range map[string]string{`3`: "user-3", `"ann"`: "ann", `{"email":"a@example.org"}`: "a@example.org",
		`{"id":7}`: "user-7", `{"first_name":"Wang","last_name":"Wu"}`: "Wang Wu"} {
		got, err := lsUser(jv(in))
		if err != nil || got != want {
			t.Errorf("%s → %q, %v; want %q", in, got, err, want)
		}
	}
}

// taskGen produces a Label Studio array of n tasks without holding it.
type taskGen struct {
	n, i int
	buf  []byte
}

func (g *taskGen) Read(p []byte) (int, error) {
	for len(g.buf) == 0 {
		switch {
		case g.i == 0:
			g.buf = []byte("[\n")
		case g.i <= g.n:
			sep := ",\n"
			if g.i == g.n {
				sep = "\n]\n"
			}
			g.buf = fmt.Appendf(nil, `{"id":%d,"data":{"text":"张三在北京。第%d篇"},"annotations":[{"completed_by":1,"result":[{"type":"labels","value":{"start":0,"end":2,"text":"张三","labels":["PER"]}}]}]}%s`, g.i, g.i, sep)
		default:
			return 0, io.EOF
		}
		g.i++
	}
	n := copy(p, g.buf)
	g.buf = g.buf[n:]
	return n, nil
}

// TestLabelStudioStreams: a large array is read one task at a time, so
// memory does not grow with the file.
func TestLabelStudioStreams(t *testing.T) {
	const tasks = 60000 // about 12 MB
	f, _ := Lookup("labelstudio")
	dec := f.NewDecoder(&taskGen{n: tasks}, Options{Name: "big.json"})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	n := 0
	for {
		r, err := dec.Next()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		n++
		if n == tasks/2 {
			runtime.GC()
			runtime.ReadMemStats(&after)
		}
		if r.Line != n+1 || len(r.Spans) != 1 {
			t.Fatalf("record %d: line %d, spans %v", n, r.Line, r.Spans)
		}
	}
	if n != tasks {
		t.Fatalf("%d records, want %d", n, tasks)
	}
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > 2<<20 {
		t.Errorf("heap grew by %d bytes halfway through the file", grew)
	}
}
