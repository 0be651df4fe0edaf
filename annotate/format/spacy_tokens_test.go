package format

import (
	"encoding/json"
	"strings"
	"testing"

	"goldspan/annotate"
)

// prodigyCheck is the referee of a Prodigy/spaCy record, after the rules
// Prodigy's ner views rely on: tokens partition the text in order, none
// empty, text = join(token text + " " if ws), ids count up, and each span
// starts at its token_start's start and ends at its token_end's end
// (token_end inclusive).
func prodigyCheck(t *testing.T, line string) map[string]any {
	t.Helper()
	var rec struct {
		Text   string `json:"text"`
		Tokens []struct {
			Text       string `json:"text"`
			Start, End int
			ID         int  `json:"id"`
			WS         bool `json:"ws"`
		} `json:"tokens"`
	}
	if err := json.Unmarshal([]byte(line), &rec); err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	json.Unmarshal([]byte(line), &raw)
	runes := []rune(rec.Text)
	var b strings.Builder
	at := 0
	for i, tok := range rec.Tokens {
		if tok.ID != i || tok.Start != at || tok.End <= tok.Start || string(runes[tok.Start:tok.End]) != tok.Text {
			t.Fatalf("token %d %+v does not continue the text at %d: %s", i, tok, at, line)
		}
		b.WriteString(tok.Text)
		at = tok.End
		if tok.WS {
			b.WriteString(" ")
			at++
		}
	}
	if b.String() != rec.Text {
		t.Fatalf("tokens rebuild %q, not the text %q", b.String(), rec.Text)
	}
	spans, _ := raw["spans"].([]any)
	for i, sp := range spans {
		m := sp.(map[string]any)
		ts, te := int(m["token_start"].(float64)), int(m["token_end"].(float64))
		if rec.Tokens[ts].Start != int(m["start"].(float64)) || rec.Tokens[te].End != int(m["end"].(float64)) {
			t.Fatalf("span %d %v does not sit on its tokens", i, m)
		}
	}
	return raw
}

func TestSpacyTokensMeetWSAndClusters(t *testing.T) {
	segment := func(text string) []Token { // 美國紐約 is one segmenter token
		if strings.HasPrefix(text, "美國紐約") {
			return []Token{{0, 4}, {4, 5}}
		}
		return nil
	}
	recs := []annotate.Record{
		{Doc: annotate.Document{ID: "a", Text: "美國紐約市", Meta: json.RawMessage("{}")}, Annotator: "ann", Status: annotate.StatusDone, HasSpans: true,
			Spans: []annotate.Span{{Start: 0, End: 2, Label: "LOC"}, {Start: 2, End: 4, Label: "LOC"}}},
		{Doc: annotate.Document{ID: "b", Text: "Zhang Wei 和 👨‍👩‍👧 在 🇺🇳  開會\r\n", Meta: json.RawMessage("{}")}, Annotator: "ann", Status: annotate.StatusDone, HasSpans: true,
			Spans: []annotate.Span{{Start: 0, End: 9, Label: "PER"}, {Start: 12, End: 17, Label: "MISC"}}},
	}
	out, losses := encodeAll(t, "spacy", recs, Options{Tokenize: segment})
	if len(losses) != 0 {
		t.Fatalf("losses %+v", losses)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	a := prodigyCheck(t, lines[0])
	if n := len(a["tokens"].([]any)); n != 3 {
		t.Errorf("美國紐約市 became %d tokens, want 美國 紐約 市: %s", n, lines[0])
	}
	b := prodigyCheck(t, lines[1])
	var texts []string
	for _, tok := range b["tokens"].([]any) {
		texts = append(texts, tok.(map[string]any)["text"].(string))
	}
	got := strings.Join(texts, "|")
	if want := "Z|h|a|n|g|W|e|i|和|👨‍👩‍👧|在|🇺🇳| |開|會|\r\n"; got != want {
		t.Errorf("tokens %s, want %s (one per grapheme cluster, single spaces as ws)", got, want)
	}
	// Read back: the spans come home.
	back := mustDecode(t, "spacy", out, Options{})
	if len(back) != 2 || len(back[0].Spans) != 2 || len(back[1].Spans) != 2 || back[1].Spans[1].Start != 12 {
		t.Fatalf("read back %+v", back)
	}
}

// ner.teach's binary answers are decisions on one span, not annotations.
func TestProdigyBinaryAnswers(t *testing.T) {
	in := `{"text":"北京大學在海淀","spans":[{"start":0,"end":2,"label":"LOC"}],"answer":"accept","_view_id":"ner","_annotator_id":"ann","_input_hash":1,"_task_hash":2}
{"text":"北京大學在海淀","spans":[{"start":5,"end":7,"label":"LOC"}],"answer":"reject","_view_id":"ner","_annotator_id":"ann","_input_hash":1,"_task_hash":3}
{"text":"上海","spans":[{"start":0,"end":2,"label":"LOC"}],"answer":"accept","_view_id":"ner_manual","_annotator_id":"ann"}`
	recs, losses, err := decodeAll(t, "spacy", in, Options{Name: "db.jsonl"})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || recs[0].HasSpans || recs[0].Annotator != "" || recs[1].HasSpans || !recs[2].HasSpans || recs[2].Status != annotate.StatusDone {
		t.Fatalf("records %+v", recs)
	}
	if len(losses) != 2 || !strings.Contains(losses[0].Reason, "line 1") || !strings.Contains(losses[0].Reason, "binary answer") {
		t.Fatalf("losses %+v", losses)
	}
}
