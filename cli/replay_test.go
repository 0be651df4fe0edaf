package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"goldspan/annotate"
	"goldspan/internal/testcorpus"
	"goldspan/project"
	"goldspan/storage"
)

func TestProjectArg(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "news.goldspan")
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if got, ok, err := ProjectArg([]string{path}); got != path || !ok || err != nil {
		t.Errorf("an existing project: %q %v %v", got, ok, err)
	}
	if _, ok, err := ProjectArg([]string{filepath.Join(dir, "missing.goldspan")}); !ok || err == nil ||
		!strings.Contains(annotate.ErrorMessage(err), "missing.goldspan") {
		t.Errorf("a missing project: %v %v", ok, err)
	}
	for _, args := range [][]string{nil, {"export"}, {"news.jsonl"}, {path, "extra"}} {
		if _, ok, err := ProjectArg(args); ok || err != nil {
			t.Errorf("%q is not a project to open: %v %v", args, ok, err)
		}
	}
}

// goldspan replay --learn plays a reviewer through the desk's code path:
// open suggests as the desk does, review settles a document on its gold
// spans, and the project's model learns from each action and is stored.
func TestReplayLearnTrainsTheProjectModel(t *testing.T) {
	var lines []string
	for i, d := range testcorpus.Drugs[:12] {
		text, _ := testcorpus.DrugArticle(i, d)
		lines = append(lines, fmt.Sprintf(`{"id":"d%02d","text":%q}`, i, text))
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "p.goldspan")
	if code, _, errs := run(t, "", "import", "--db", path, write(t, dir, "docs.jsonl", strings.Join(lines, "\n")+"\n")); code != 0 {
		t.Fatal(errs)
	}
	if st, err := storage.Open(path); err != nil {
		t.Fatal(err)
	} else if err := st.PutLabel(context.Background(), annotate.Label{Name: "DRUG", Color: "#8e44ad"}); err != nil {
		t.Fatal(err)
	} else {
		st.Close()
	}
	var script strings.Builder
	for i, d := range testcorpus.Drugs[:10] {
		_, gold := testcorpus.DrugArticle(i, d)
		fmt.Fprintf(&script, `{"op":"open","doc":"d%02d","annotator":"alice"}`+"\n", i)
		fmt.Fprintf(&script, `{"op":"review","doc":"d%02d","annotator":"alice","spans":[{"start":%d,"end":%d,"label":"DRUG"},{"start":%d,"end":%d,"label":"DRUG"}]}`+"\n",
			i, gold[0].Start, gold[0].End, gold[1].Start, gold[1].End)
		fmt.Fprintf(&script, `{"op":"done","doc":"d%02d","annotator":"alice"}`+"\n", i)
	}
	code, out, errs := run(t, script.String(), "replay", "--db", path, "--learn")
	if code != 0 || strings.Count(out, " ok\n") != 30 {
		t.Fatalf("replay: %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(errs, "10 done documents") || !strings.Contains(errs, "model leads") {
		t.Fatalf("the model's status: %s", errs)
	}
	_, stats, _ := run(t, "", "stats", "--db", path)
	if !strings.Contains(stats, "suggestion model: 20 sentences") || !strings.Contains(stats, "on the last 10 documents done; model leads") {
		t.Fatalf("stats:\n%s", stats)
	}
	_, js, _ := run(t, "", "stats", "--db", path, "--json")
	var parsed struct {
		Model *project.ModelStats `json:"model"`
	}
	if err := json.Unmarshal([]byte(js), &parsed); err != nil || parsed.Model == nil ||
		parsed.Model.Sentences != 20 || parsed.Model.Leader != "model" || parsed.Model.Scored != 10 || parsed.Model.ModelF1 <= parsed.Model.RulesF1 {
		t.Fatalf("stats --json: %v\n%s", err, js)
	}
	_, exported, _ := run(t, "", "export", "--db", path, "--annotator", "alice", "--status", "done")
	if n := strings.Count(exported, `"label":"DRUG"`); n != 20 {
		t.Fatalf("%d DRUG spans exported, want 20:\n%s", n, exported)
	}
	// Without --learn, open suggests with the project's policy (the
	// model leads) and learns nothing.
	code, out, _ = run(t, `{"op":"open","doc":"d11","annotator":"alice"}`+"\n", "replay", "--db", path)
	if code != 0 || out != "1 ok\n" {
		t.Fatalf("open without --learn: %d %q", code, out)
	}
	st, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sugs, err := st.Suggestions(context.Background(), "d11", "alice")
	if err != nil {
		t.Fatal(err)
	}
	fromModel := 0
	for _, s := range sugs {
		if s.Source == annotate.SourceModel {
			fromModel++
		}
	}
	if fromModel == 0 {
		t.Fatalf("open without --learn: no suggestion from the leading model: %v", sugs)
	}
}

// replay's done goes through the desk's done gate: with a suggestion
// undecided it is refused (conflict) and the document stays as it was.
func TestReplayDoneIsGated(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.goldspan")
	src := write(t, dir, "in.jsonl", `{"id":"g1","text":"記者葛瑞森在東京報道。","spans":[{"start":2,"end":5,"label":"PER","source":"rule","score":0.5}]}`+"\n")
	if code, _, errs := run(t, "", "import", "--db", path, src); code != 0 {
		t.Fatal(errs)
	}
	_, out, _ := run(t, `{"op":"done","doc":"g1","annotator":"alice"}`+"\n", "replay", "--db", path)
	if out != "1 conflict\n" {
		t.Fatalf("done with a suggestion undecided: %q", out)
	}
	_, out, errs := run(t, `{"op":"accept","doc":"g1","annotator":"alice","start":2,"end":5,"label":"PER"}`+"\n"+
		`{"op":"done","doc":"g1","annotator":"alice"}`+"\n", "replay", "--db", path)
	if out != "1 ok\n2 ok\n" {
		t.Fatalf("done once decided: %q %s", out, errs)
	}
	_, js, _ := run(t, "", "export", "--db", path, "--annotator", "alice", "--status", "done")
	if !strings.Contains(js, `"status":"done"`) {
		t.Fatalf("export: %s", js)
	}
}

// goldspan stats lists the documents marked done with suggestions
// undecided (before the done gate, or imported so).
func TestStatsListsDoneWithUndecided(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.goldspan")
	src := write(t, dir, "in.jsonl",
		`{"id":"g1","text":"記者葛瑞森在東京報道。","spans":[{"start":2,"end":5,"label":"PER","source":"rule","score":0.5}]}`+"\n"+
			`{"id":"g1","text":"記者葛瑞森在東京報道。","spans":[],"annotator":"alice","status":"done"}`+"\n")
	if code, _, errs := run(t, "", "import", "--db", path, src); code != 0 {
		t.Fatal(errs)
	}
	_, out, _ := run(t, "", "stats", "--db", path)
	if !strings.Contains(out, "warning: alice marked 1 document done with suggestions undecided (not gold until decided): g1 (1)") {
		t.Fatalf("stats:\n%s", out)
	}
	_, js, _ := run(t, "", "stats", "--db", path, "--json")
	if !strings.Contains(js, `"done_with_undecided": [`) || !strings.Contains(js, `"id": "g1"`) {
		t.Fatalf("stats --json:\n%s", js)
	}
}

// replay reads its actions as strictly as the importers read records: a
// key in another case, a key twice or an unknown key stops it with the
// line's number, before anything is applied.
func TestReplayActionsAreStrict(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.goldspan")
	if code, _, errs := run(t, "", "import", "--db", path, write(t, dir, "in.jsonl", `{"id":"d","text":"記者葛瑞森報道。"}`+"\n")); code != 0 {
		t.Fatal(errs)
	}
	for script, want := range map[string]string{
		`{"op":"add","Op":"delete","doc":"d","annotator":"alice","start":2,"end":5,"label":"PER"}`: `action line 1: `,
		`{"op":"add","op":"add","doc":"d","annotator":"alice","start":2,"end":5,"label":"PER"}`:    `action line 1: `,
		`{"op":"add","doc":"d","annotator":"alice","start":2,"end":5,"lable":"PER"}`:               `action line 1: `,
		`{"op":"add","doc":"d","annotator":"\u001b[31malice","start":2,"end":5,"label":"PER"}`:     `action line 1: `,
	} {
		code, out, errs := run(t, script+"\n", "replay", "--db", path)
		if code != 1 || out != "" || !strings.Contains(errs, want) {
			t.Errorf("%s: exit %d, out %q, err %q", script, code, out, errs)
		}
	}
	_, js, _ := run(t, "", "export", "--db", path, "--all")
	if strings.Contains(js, `"spans":[{`) {
		t.Fatalf("a refused script changed the project: %s", js)
	}
}
