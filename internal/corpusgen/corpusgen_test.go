package corpusgen

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// The corpus is the same for the same options, its spans cover what they
// say in code points, it mixes both scripts, Latin names, emoji,
// Extension B and CRLF, and its lengths and span density are as stated.
func TestCorpus(t *testing.T) {
	var a, b bytes.Buffer
	o := Options{Docs: 300, Annotators: []string{"alice", "bob"}, Seed: 5}
	if err := Write(&a, o); err != nil {
		t.Fatal(err)
	}
	Write(&b, o)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("the same options wrote two corpora")
	}
	var docs, layers, chars, spans int
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(a.String()), "\n") {
		var r record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		rs := []rune(r.Text)
		if r.Annotator == "" {
			docs++
			chars += len(rs)
			if n := len(rs); n < 100 || n > 3000 {
				t.Errorf("%s: %d characters", r.ID, n)
			}
			for _, s := range []string{"（", "👍", "𠮷", "\r\n", "國", "国", "年"} {
				if strings.Contains(r.Text, s) {
					seen[s] = true
				}
			}
			continue
		}
		layers++
		spans += len(r.Spans)
		for _, s := range r.Spans {
			if s.Start < 0 || s.End > len(rs) || s.Start >= s.End {
				t.Fatalf("%s/%s: span %+v out of range", r.ID, r.Annotator, s)
			}
			if sub := string(rs[s.Start:s.End]); !utf8.ValidString(sub) || strings.ContainsAny(sub, "，。（）") {
				t.Errorf("%s/%s: span %+v covers %q", r.ID, r.Annotator, s, sub)
			}
		}
	}
	if docs != 300 || layers != 600 {
		t.Fatalf("%d documents and %d layers, want 300 and 600", docs, layers)
	}
	if len(seen) != 7 {
		t.Errorf("the corpus lacks some of （ 👍 𠮷 CRLF and both scripts and dates: has %v", seen)
	}
	per := float64(chars) / float64(spans/2)
	if per < 10 || per > 30 {
		t.Errorf("one span every %.1f characters, want about 20", per)
	}
}
