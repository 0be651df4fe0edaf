package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"goldspan/annotate"
	"goldspan/cli"
	"goldspan/project"
	"goldspan/storage"
)

// The crash trials run the real program (this test binary acting as
// goldspan) on a script of reviewer actions, kill it with SIGKILL at a
// random moment, and check that every acknowledged action is in the
// project, none is half-applied, and the undo history still works.

var crashDocs = []string{
	`{"id":"d1","text":"俄羅斯國防部2025年9月23日表示，普京（Vladimir Putin）將訪問北京。","spans":[{"start":0,"end":3,"label":"LOC","source":"gazetteer","score":0.9},{"start":0,"end":6,"label":"ORG","source":"rule","score":0.8},{"start":6,"end":16,"label":"TIME","source":"rule","score":0.9},{"start":19,"end":21,"label":"PER","source":"gazetteer","score":0.9},{"start":33,"end":35,"label":"LOC","source":"gazetteer","score":0.9}]}`,
	`{"id":"d2","text":"👍𠮷野家在東京開店\r\n上海市政府歡迎。","spans":[{"start":1,"end":4,"label":"ORG","source":"dictionary","score":0.5},{"start":5,"end":7,"label":"LOC","source":"gazetteer","score":0.9},{"start":11,"end":16,"label":"ORG","source":"rule","score":0.7}]}`,
	`{"id":"d3","text":"特朗普（Donald Trump）與澤連斯基會面。"}`,
}

var crashLabels = []string{"PER", "LOC", "ORG", "TIME"}

// crashScript returns n random actions over the fixture's documents, most of
// them valid; invalid ones fail the same way every time.
func crashScript(rng *rand.Rand, n int) []project.Op {
	lens := map[string]int{"d1": 36, "d2": 17, "d3": 24}
	docs := []string{"d1", "d2", "d3"}
	annots := []string{"alice", "bob"}
	sugs := map[string][][3]any{
		"d1": {{0, 3, "LOC"}, {0, 6, "ORG"}, {6, 16, "TIME"}, {19, 21, "PER"}, {33, 35, "LOC"}},
		"d2": {{1, 4, "ORG"}, {5, 7, "LOC"}, {11, 16, "ORG"}},
	}
	var added []project.Op
	var ops []project.Op
	for len(ops) < n {
		d := docs[rng.Intn(len(docs))]
		o := project.Op{Doc: d, Annotator: annots[rng.Intn(len(annots))]}
		randSpan := func() {
			o.Start = rng.Intn(lens[d] - 1)
			o.End = o.Start + 1 + rng.Intn(min(6, lens[d]-o.Start))
			o.Label = crashLabels[rng.Intn(len(crashLabels))]
		}
		pickAdded := func() bool {
			if len(added) == 0 {
				return false
			}
			a := added[rng.Intn(len(added))]
			o.Doc, o.Annotator, o.Start, o.End, o.Label = a.Doc, a.Annotator, a.Start, a.End, a.Label
			return true
		}
		switch r := rng.Intn(100); {
		case r < 25:
			o.Op = "add"
			randSpan()
			added = append(added, o)
		case r < 35:
			o.Op = "relabel"
			if !pickAdded() {
				continue
			}
			o.To = crashLabels[rng.Intn(len(crashLabels))]
			added = append(added, project.Op{Doc: o.Doc, Annotator: o.Annotator, Start: o.Start, End: o.End, Label: o.To})
		case r < 42:
			o.Op = "resize"
			if !pickAdded() {
				continue
			}
			o.ToStart, o.ToEnd = o.Start, min(lens[o.Doc], o.End+1)
			added = append(added, project.Op{Doc: o.Doc, Annotator: o.Annotator, Start: o.ToStart, End: o.ToEnd, Label: o.Label})
		case r < 52:
			o.Op = "delete"
			if !pickAdded() {
				continue
			}
		case r < 64, r < 72:
			if len(sugs[d]) == 0 {
				continue
			}
			o.Op = "accept"
			if r >= 64 {
				o.Op = "reject"
			}
			s := sugs[d][rng.Intn(len(sugs[d]))]
			o.Start, o.End, o.Label = s[0].(int), s[1].(int), s[2].(string)
			if o.Op == "accept" {
				added = append(added, o)
			}
		case r < 86:
			o.Op = "undo"
		case r < 96:
			o.Op = "redo"
		default:
			o.Op = "done"
		}
		ops = append(ops, o)
	}
	return ops
}

// fingerprint is everything a reviewer could observe of the project.
func fingerprint(t *testing.T, st annotate.Store) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	err := st.Export(ctx, annotate.ExportFilter{All: true}, func(r annotate.Record) error {
		fmt.Fprintf(&b, "%s %s %s:", r.Doc.ID, r.Annotator, r.Status)
		for _, s := range r.Spans {
			fmt.Fprintf(&b, " %d-%d/%s/%s#%d", s.Start, s.End, s.Label, s.Origin, s.ID)
		}
		b.WriteString("\n")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"d1", "d2", "d3"} {
		for _, a := range []string{"alice", "bob"} {
			sugs, err := st.Suggestions(ctx, d, a)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "pending %s %s %d;", d, a, len(sugs))
			acts, err := st.Actions(ctx, d, a)
			if err != nil && annotate.ErrorCode(err) != annotate.ENOTFOUND {
				t.Fatal(err)
			}
			for _, x := range acts {
				fmt.Fprintf(&b, " %s/%v", x.Kind, x.Undone)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func crashFixture(t *testing.T, dir string) string {
	t.Helper()
	src := filepath.Join(dir, "fixture.jsonl")
	if err := os.WriteFile(src, []byte(strings.Join(crashDocs, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "fixture.goldspan")
	env := &cli.Env{Service: newService(), Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard}
	if code := cli.Run(context.Background(), env, []string{"import", "--db", db, src}); code != 0 {
		t.Fatal("fixture import failed")
	}
	// Checkpoint so that the fixture is one self-contained file.
	st, err := storage.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SQL().Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	st.Close()
	return db
}

func integrityOK(t *testing.T, st interface{ SQL() *sql.DB }) {
	t.Helper()
	var res string
	if err := st.SQL().QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity_check = %q, %v", res, err)
	}
	var fk int
	if err := st.SQL().QueryRow(`SELECT COUNT(*) FROM pragma_foreign_key_check`).Scan(&fk); err != nil || fk != 0 {
		t.Fatalf("foreign key violations: %d, %v", fk, err)
	}
}

// undoAll undoes every action of every layer; a consistent history never
// refuses (ECONFLICT) on the way back.
func undoAll(t *testing.T, st annotate.Store) int {
	t.Helper()
	n := 0
	for _, d := range []string{"d1", "d2", "d3"} {
		for _, a := range []string{"alice", "bob"} {
			for {
				_, err := st.Undo(context.Background(), d, a)
				if annotate.ErrorCode(err) == annotate.ENOTHING {
					break
				} else if err != nil {
					t.Fatalf("undo %s/%s after %d undos: %v", d, a, n, err)
				}
				n++
			}
		}
	}
	return n
}

func TestCrashTrials(t *testing.T) {
	trials := 200
	if testing.Short() {
		trials = 20
	}
	dir := t.TempDir()
	fixture := crashFixture(t, dir)
	rng := rand.New(rand.NewSource(20251123))
	ops := crashScript(rng, 240)
	var script strings.Builder
	for _, o := range ops {
		b, _ := jsonMarshal(o)
		script.Write(b)
		script.WriteByte('\n')
	}
	scriptPath := filepath.Join(dir, "script.jsonl")
	os.WriteFile(scriptPath, []byte(script.String()), 0o644)

	// The reference: the same script applied in-process, a fingerprint and
	// an outcome after every action.
	ref := filepath.Join(dir, "ref.goldspan")
	copyFile(t, fixture, ref)
	st, err := storage.Open(ref)
	if err != nil {
		t.Fatal(err)
	}
	snaps := []string{fingerprint(t, st)}
	var codes []string
	if err := project.Replay(context.Background(), project.Reviewer{St: st}, strings.NewReader(script.String()), func(n int, err error) {
		codes = append(codes, orOK(annotate.ErrorCode(err)))
		snaps = append(snaps, fingerprint(t, st))
	}); err != nil {
		t.Fatal(err)
	}
	if undone := undoAll(t, st); undone == 0 {
		t.Fatal("the script left nothing to undo")
	}
	st.Close()
	okCount := 0
	for _, c := range codes {
		if c == "ok" {
			okCount++
		}
	}
	if okCount < len(ops)/2 {
		t.Fatalf("only %d of %d scripted actions succeed; the script tests too little", okCount, len(ops))
	}

	// How long the whole script takes in a child, from its first
	// acknowledgement: the scale of the kills' timing.
	full := timeChild(t, dir, fixture, scriptPath)
	lost, midway := 0, 0
	for i := 0; i < trials; i++ {
		db := filepath.Join(dir, fmt.Sprintf("trial%03d.goldspan", i))
		copyFile(t, fixture, db)
		// Four kills in five come after a random number of acknowledged
		// actions plus a random fraction of one action's time, so they land
		// mid-script however fast the machine is; one in five is timed from
		// the start and may land before any action.
		after, d := -1, time.Duration(rng.Int63n(int64(full)))
		if rng.Intn(5) != 0 {
			after, d = 1+rng.Intn(len(ops)-1), time.Duration(rng.Int63n(int64(full)/int64(len(ops))+1))
		}
		acks := killChild(t, dir, db, scriptPath, d, after)
		for j, c := range acks {
			if c != codes[j] {
				t.Fatalf("trial %d: action %d acknowledged %s, reference %s", i, j+1, c, codes[j])
			}
		}
		st, err := storage.Open(db)
		if err != nil {
			t.Fatalf("trial %d: reopen: %v", i, err)
		}
		integrityOK(t, st)
		got := fingerprint(t, st)
		k := len(acks)
		switch {
		case got == snaps[k]:
		case k+1 < len(snaps) && got == snaps[k+1]:
			// The action in flight committed before its acknowledgement was written.
		default:
			lost++
			t.Errorf("trial %d: killed after %d acknowledged actions; the project matches no state at or after them", i, k)
		}
		if k > 0 && k < len(ops) {
			midway++
		}
		undoAll(t, st)
		st.Close()
		for _, s := range []string{"", "-wal", "-shm"} {
			os.Remove(db + s)
		}
	}
	t.Logf("%d trials, %d killed midway through the script (full run %v), %d lost or half-applied", trials, midway, full, lost)
	if midway < trials/2 {
		t.Fatalf("only %d of %d kills landed mid-script", midway, trials)
	}
}

// TestImportKilledMidFileIsAllOrNothing kills a large import at random moments.
func TestImportKilledMidFileIsAllOrNothing(t *testing.T) {
	trials := 20
	if testing.Short() {
		trials = 5
	}
	dir := t.TempDir()
	fixture := crashFixture(t, dir)
	var big strings.Builder
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&big, `{"id":"n%d","text":"第%d篇：上海市政府2025年9月23日宣布。","spans":[{"start":0,"end":2,"label":"TIME"}],"annotator":"carol"}`+"\n", i, i)
	}
	src := filepath.Join(dir, "big.jsonl")
	os.WriteFile(src, []byte(big.String()), 0o644)
	importCmd := func(db string) *exec.Cmd {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), "GOLDSPAN_RUN_MAIN=1", "GOLDSPAN_ARGS=import --db "+db+" "+src)
		return cmd
	}
	timing := filepath.Join(dir, "timing.goldspan")
	copyFile(t, fixture, timing)
	start := time.Now()
	if out, err := importCmd(timing).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	// Kills spread over 1.2 times the whole import: most land mid-file,
	// some after the commit.
	window := time.Since(start) * 6 / 5
	rng := rand.New(rand.NewSource(7))
	whole, none := 0, 0
	for i := 0; i < trials; i++ {
		db := filepath.Join(dir, fmt.Sprintf("imp%02d.goldspan", i))
		copyFile(t, fixture, db)
		cmd := importCmd(db)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int63n(int64(window))))
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		st, err := storage.Open(db)
		if err != nil {
			t.Fatal(err)
		}
		integrityOK(t, st)
		n, _ := st.CountDocuments(context.Background(), annotate.DocumentFilter{})
		switch n {
		case 3:
			none++
		case 20003:
			whole++
		default:
			t.Fatalf("trial %d: %d documents after a killed import: half-written", i, n)
		}
		st.Close()
	}
	t.Logf("%d killed imports (whole import %v): %d left nothing, %d had committed whole", trials, window*5/6, none, whole)
}

func childCmd(dir, db, script string) (*exec.Cmd, io.ReadCloser, error) {
	cmd := exec.Command(os.Args[0])
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOLDSPAN_RUN_MAIN=1", "GOLDSPAN_ARGS=replay --db "+db)
	f, err := os.Open(script)
	if err != nil {
		return nil, nil, err
	}
	cmd.Stdin = f
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, nil, err
	}
	return cmd, out, cmd.Start()
}

// timeChild runs the whole script once and returns how long it took from
// the first acknowledgement to the last.
func timeChild(t *testing.T, dir, fixture, script string) time.Duration {
	db := filepath.Join(dir, "timing.goldspan")
	copyFile(t, fixture, db)
	cmd, out, err := childCmd(dir, db, script)
	if err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(out)
	if _, err := r.ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	io.Copy(io.Discard, r)
	// The script has actions that fail by design: replay exits 1.
	if err := cmd.Wait(); err != nil && exitCode(err) != 1 {
		t.Fatal(err)
	}
	return time.Since(start)
}

// exitCode returns a child's exit status from cmd.Wait's error.
func exitCode(err error) int {
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// killChild runs the script and SIGKILLs the child d after its start, or,
// if after > 0, d after its after-th acknowledgement; it returns the
// outcomes the child acknowledged (complete lines only).
func killChild(t *testing.T, dir, db, script string, d time.Duration, after int) []string {
	cmd, out, err := childCmd(dir, db, script)
	if err != nil {
		t.Fatal(err)
	}
	var acks []string
	done := make(chan struct{})
	first := make(chan struct{})
	go func() {
		defer close(done)
		r := bufio.NewReader(out)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return // a partial last line is not an acknowledgement
			}
			f := strings.Fields(line)
			if len(f) == 2 {
				acks = append(acks, f[1])
				if len(acks) == after {
					close(first)
				}
			}
		}
	}()
	if after > 0 {
		select {
		case <-first:
		case <-done:
		}
	}
	time.Sleep(d)
	cmd.Process.Signal(syscall.SIGKILL)
	<-done
	cmd.Wait()
	return acks
}

func orOK(code string) string {
	if code == "" {
		return "ok"
	}
	return code
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

// TestTwoProcessesOnOneProject runs two real goldspan processes replaying
// actions into the same project file at the same time: every acknowledged
// action of both is there and the file is intact.
func TestTwoProcessesOnOneProject(t *testing.T) {
	dir := t.TempDir()
	fixture := crashFixture(t, dir)
	var scripts [2]string
	for i, who := range []string{"alice", "bob"} {
		var b strings.Builder
		for k := 0; k < 150; k++ {
			o := project.Op{Op: "add", Doc: []string{"d1", "d2", "d3"}[k%3], Annotator: who, Start: k % 15, End: k%15 + 1 + k/45, Label: crashLabels[k%4]}
			line, _ := json.Marshal(o)
			b.Write(line)
			b.WriteByte('\n')
		}
		scripts[i] = filepath.Join(dir, who+".jsonl")
		os.WriteFile(scripts[i], []byte(b.String()), 0o644)
	}
	var cmds [2]*exec.Cmd
	var outs [2]io.ReadCloser
	for i := range cmds {
		var err error
		if cmds[i], outs[i], err = childCmd(dir, fixture, scripts[i]); err != nil {
			t.Fatal(err)
		}
	}
	var acks [2][]string
	for i := range cmds {
		b, _ := io.ReadAll(outs[i])
		err := cmds[i].Wait()
		failed := 0
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			acks[i] = append(acks[i], strings.Fields(line)[1])
			if acks[i][len(acks[i])-1] != "ok" {
				failed++
			}
		}
		// replay exits 1 when an action failed (some of these spans do
		// not fit d2), 0 when none did.
		if want := min(failed, 1); exitCode(err) != want {
			t.Fatalf("process %d: %v with %d actions failed", i, err, failed)
		}
	}
	st, err := storage.Open(fixture)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	integrityOK(t, st)
	for i, who := range []string{"alice", "bob"} {
		ok := 0
		for _, a := range acks[i] {
			if a == "ok" {
				ok++
			}
		}
		stored := 0
		for _, d := range []string{"d1", "d2", "d3"} {
			spans, _ := st.Spans(context.Background(), d, who)
			stored += len(spans)
		}
		if len(acks[i]) != 150 || ok != stored || ok < 100 {
			t.Fatalf("%s: %d acknowledgements, %d ok, %d spans stored", who, len(acks[i]), ok, stored)
		}
		for k, a := range acks[i] {
			if a == "busy" {
				t.Fatalf("%s: action %d was refused as busy", who, k+1)
			}
		}
	}
}

// TestTwoProcessesShareTheFileFairly runs two real goldspan replay
// processes making short writes (add a span, delete it) into one project
// at once, and measures how long each waited between acknowledgements:
// a write waits for the other process's transaction in progress, never
// for the busy timeout (issue "Gold you can trust", item 4).
func TestTwoProcessesShareTheFileFairly(t *testing.T) {
	dir := t.TempDir()
	fixture := crashFixture(t, dir)
	const pairs = 300
	var scripts [2]string
	for i, who := range []string{"alice", "bob"} {
		var b strings.Builder
		for k := 0; k < pairs; k++ {
			o := project.Op{Op: "add", Doc: "d1", Annotator: who, Start: k % 30, End: k%30 + 1, Label: "LOC"}
			line, _ := json.Marshal(o)
			b.Write(line)
			b.WriteByte('\n')
			o.Op = "delete"
			line, _ = json.Marshal(o)
			b.Write(line)
			b.WriteByte('\n')
		}
		scripts[i] = filepath.Join(dir, who+".jsonl")
		os.WriteFile(scripts[i], []byte(b.String()), 0o644)
	}
	type ack struct {
		at   time.Time
		code string
	}
	var acks [2][]ack
	var waits [2]error
	done := make(chan int)
	for i := range scripts {
		cmd, out, err := childCmd(dir, fixture, scripts[i])
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			r := bufio.NewReader(out)
			for {
				line, err := r.ReadString('\n')
				if err != nil {
					break
				}
				if f := strings.Fields(line); len(f) == 2 {
					acks[i] = append(acks[i], ack{time.Now(), f[1]})
				}
			}
			waits[i] = cmd.Wait()
			done <- i
		}()
	}
	<-done
	<-done
	// Only the stretch where both were writing counts.
	from := acks[0][0].at
	if acks[1][0].at.After(from) {
		from = acks[1][0].at
	}
	until := acks[0][len(acks[0])-1].at
	if acks[1][len(acks[1])-1].at.Before(until) {
		until = acks[1][len(acks[1])-1].at
	}
	var worst time.Duration
	var gaps int
	for i := range acks {
		if waits[i] != nil {
			t.Errorf("process %d: %v", i, waits[i])
		}
		if len(acks[i]) != 2*pairs {
			t.Fatalf("process %d acknowledged %d of %d actions", i, len(acks[i]), 2*pairs)
		}
		for k, a := range acks[i] {
			if a.code != "ok" {
				t.Fatalf("process %d: action %d: %s", i, k+1, a.code)
			}
			if k > 0 && a.at.After(from) && !a.at.After(until) {
				worst = max(worst, a.at.Sub(acks[i][k-1].at))
				gaps++
			}
		}
	}
	t.Logf("two processes, %d short writes each, %v side by side: the longest wait between two acknowledgements of one process was %v (%d measured)",
		2*pairs, until.Sub(from).Round(time.Millisecond), worst, gaps)
	if gaps < pairs {
		t.Fatalf("only %d acknowledgements came while both were writing", gaps)
	}
	if worst > 500*time.Millisecond {
		t.Fatalf("a process waited %v between two short writes", worst)
	}
}
