package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"goldspan/annotate"
)

type suggested struct {
	ID    string
	Text  string
	Spans []struct {
		Start, End  int
		Label, Text string
		Source      string
		Score       *float64
	}
}

func parseSuggested(t *testing.T, out string) []suggested {
	t.Helper()
	var recs []suggested
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if line == "" {
			recs = append(recs, suggested{})
			continue
		}
		var r suggested
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		recs = append(recs, r)
	}
	return recs
}

func TestSuggestWritesOneLinePerInputLine(t *testing.T) {
	in := `{"id":"a","text":"特朗普（Donald Trump）2025年9月23日抵達北京👍"}

{"id":"b","text":"𠮷野家在東京開店。"}
`
	code, out, errs := run(t, in, "suggest")
	if code != 0 {
		t.Fatal(errs)
	}
	recs := parseSuggested(t, out)
	if len(recs) != 3 || recs[0].ID != "a" || recs[1].ID != "" || recs[2].ID != "b" {
		t.Fatalf("records = %+v", recs)
	}
	found := map[string]string{}
	for _, r := range []suggested{recs[0], recs[2]} {
		for _, s := range r.Spans {
			if got := annotate.SliceRunes(r.Text, s.Start, s.End); got != s.Text {
				t.Fatalf("span %+v: text %q at its offsets", s, got)
			}
			if s.Source == "" || s.Score == nil {
				t.Fatalf("span without source or score: %+v", s)
			}
			found[s.Text] = s.Label
		}
	}
	for text, label := range map[string]string{"特朗普": "PER", "Donald Trump": "PER", "2025年9月23日": "TIME", "北京": "LOC", "東京": "LOC"} {
		if found[text] != label {
			t.Errorf("%s: suggested %q, want %s (all: %v)", text, found[text], label, found)
		}
	}
}

// TestConfirmedNameIsSuggestedAtOnce: names the reviewers confirmed
// consistently (in two documents: one decision alone never overrides the
// rules' patterns) are suggested in the next document, and a rejected
// suggestion is not.
func TestConfirmedNameIsSuggestedAtOnce(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.goldspan")
	seed := write(t, dir, "seed.jsonl", `{"id":"s1","text":"記者葛瑞森報道：卡爾達河谷今日下雨。","spans":[{"start":2,"end":5,"label":"PER"},{"start":8,"end":13,"label":"LOC","text":"卡爾達河谷"}],"annotator":"alice","status":"done"}`+"\n"+
		`{"id":"s2","text":"記者葛瑞森報道：卡爾達河谷今日晴。","spans":[{"start":2,"end":5,"label":"PER"},{"start":8,"end":13,"label":"LOC","text":"卡爾達河谷"}],"annotator":"alice","status":"done"}`+"\n")
	if code, _, errs := run(t, "", "import", "--db", db, seed); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := run(t, `{"id":"n1","text":"葛瑞森昨天離開卡爾達河谷。"}`+"\n", "suggest", "--db", db)
	if code != 0 {
		t.Fatal(errs)
	}
	got := map[string]string{}
	for _, s := range parseSuggested(t, out)[0].Spans {
		got[s.Text] = s.Label + "/" + s.Source
	}
	if got["葛瑞森"] != "PER/learned" || got["卡爾達河谷"] != "LOC/learned" {
		t.Fatalf("suggestions after learning: %v", got)
	}
	// import --suggest stores suggestions for the new documents.
	news := write(t, dir, "news.jsonl", `{"id":"n2","text":"葛瑞森抵達東京。"}`+"\n")
	if code, _, errs := run(t, "", "import", "--db", db, "--suggest", news); code != 0 {
		t.Fatal(errs)
	}
	_, js, _ := run(t, "", "stats", "--db", db, "--json")
	if !strings.Contains(js, `"suggestions": 2`) {
		t.Fatalf("stats after import --suggest: %s", js)
	}
}
