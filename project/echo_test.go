package project

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"goldspan/annotate"
	"goldspan/internal/fake"
)

// show lists suggestions as "text/LABEL@start".
func show(text string, sugs []annotate.Suggestion) string {
	rs := []rune(text)
	var out []string
	for _, g := range sugs {
		out = append(out, fmt.Sprintf("%s/%s@%d", string(rs[g.Start:g.End]), g.Label, g.Start))
	}
	return strings.Join(out, " ")
}

// TestEchoes: a confirmed name is suggested at its other occurrences in
// the document, in the gaps the machine left; never over a span or a
// suggestion (shown or decided), never for one character, never inside
// a Latin word.
func TestEchoes(t *testing.T) {
	text := "李國強說，李國強和李國強基金會及Vance與JDVance；俄烏與俄羅斯。"
	rs := []rune(text)
	at := func(sub string, nth int) int {
		i := -1
		for range nth + 1 {
			j := strings.Index(text[i+1:], sub)
			if j < 0 {
				t.Fatalf("%s #%d not in the text", sub, nth)
			}
			i += 1 + j
		}
		return len([]rune(text[:i]))
	}
	span := func(sub string, nth int, label string) annotate.Span {
		s := at(sub, nth)
		return annotate.Span{DocID: "d", Start: s, End: s + len([]rune(sub)), Label: label}
	}
	sug := func(sub string, nth int, label string) annotate.Suggestion {
		s := span(sub, nth, label)
		return annotate.Suggestion{DocID: "d", Start: s.Start, End: s.End, Label: label, Source: "rule", Score: 0.5}
	}
	li := span("李國強", 0, "PER")
	got, changed := Echoes(rs, li, []annotate.Span{li}, nil)
	if want := "李國強/PER@5 李國強/PER@9"; !changed || show(text, got) != want {
		t.Errorf("echoes of 李國強: %q (changed %v), want %q", show(text, got), changed, want)
	}
	// A span or a suggestion there already: it stands.
	third := span("李國強基金會", 0, "ORG")
	got, _ = Echoes(rs, li, []annotate.Span{li, third}, []annotate.Suggestion{sug("李國", 1, "PER")})
	if want := "李國/PER@5"; show(text, got) != want {
		t.Errorf("with a suggestion on the second and a span on the third: %q, want %q", show(text, got), want)
	}
	if _, changed := Echoes(rs, li, []annotate.Span{li, third}, []annotate.Suggestion{sug("李國", 1, "PER")}); changed {
		t.Errorf("nothing to echo, yet changed")
	}
	// Not inside a Latin word.
	va := span("Vance", 0, "PER")
	if got, _ := Echoes(rs, va, []annotate.Span{va}, nil); len(got) != 0 {
		t.Errorf("Vance echoed inside JDVance: %q", show(text, got))
	}
	// Not one character.
	e := span("俄", 0, "LOC")
	if got, _ := Echoes(rs, e, []annotate.Span{e}, nil); len(got) != 0 {
		t.Errorf("俄 echoed: %q", show(text, got))
	}
}

// TestReviewerEchoes: through a Reviewer with Echo on a project of one
// annotator, adding or accepting a name suggests its other occurrences
// at once; with another annotator on the project nothing is echoed (the
// suggestions are theirs too); marking done with AcceptRest leaves
// nothing undecided behind.
func TestReviewerEchoes(t *testing.T) { onFakeAndSQLite(t, testReviewerEchoes) }

func testReviewerEchoes(t *testing.T, st annotate.Project) {
	ctx := context.Background()
	text := "李國強說，李國強和陳美玲見面。陳美玲表示李國強會來。"
	mustImport(t, st, annotate.Record{Doc: annotate.Document{ID: "d", Text: text}}, annotate.Record{Doc: annotate.Document{ID: "e", Text: text}})
	r := Reviewer{St: st, Annotator: "alice", Echo: true}
	if _, err := r.AddSpan(ctx, "d", 0, 3, "PER"); err != nil {
		t.Fatal(err)
	}
	sugs, err := st.Suggestions(ctx, "d", "alice")
	if err != nil {
		t.Fatal(err)
	}
	if want := "李國強/PER@5 李國強/PER@20"; show(text, sugs) != want {
		t.Fatalf("after adding 李國強: %q, want %q", show(text, sugs), want)
	}
	if other, _ := st.Suggestions(ctx, "e", "alice"); len(other) != 0 {
		t.Errorf("another document got suggestions: %q", show(text, other))
	}
	// Accepting an echo echoes nothing new.
	if _, err := r.Accept(ctx, sugs[0], ""); err != nil {
		t.Fatal(err)
	}
	if err := r.MarkDone(ctx, "d", AcceptRest); err != nil {
		t.Fatal(err)
	}
	if left, _ := st.Suggestions(ctx, "d", "alice"); len(left) != 0 {
		t.Errorf("done with suggestions undecided: %q", show(text, left))
	}
	// bob on the project: alice's decisions do not change his suggestions.
	if err := st.SetStatus(ctx, "e", "bob", annotate.StatusInProgress); err != nil {
		t.Fatal(err)
	}
	if _, err := r.AddSpan(ctx, "e", 9, 12, "PER"); err != nil {
		t.Fatal(err)
	}
	if sugs, _ := st.Suggestions(ctx, "e", "bob"); len(sugs) != 0 {
		t.Errorf("with bob on the project, alice's span was echoed: %q", show(text, sugs))
	}
	// Without Echo (replay, the bulk actions) nothing is echoed.
	st2 := fake.New()
	mustImport(t, st2, annotate.Record{Doc: annotate.Document{ID: "d", Text: text}})
	if _, err := (Reviewer{St: st2, Annotator: "alice"}).AddSpan(ctx, "d", 0, 3, "PER"); err != nil {
		t.Fatal(err)
	}
	if sugs, _ := st2.Suggestions(ctx, "d", "alice"); len(sugs) != 0 {
		t.Errorf("echoed without Echo: %q", show(text, sugs))
	}
}
