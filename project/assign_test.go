package project

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"goldspan/annotate"
	"goldspan/annotate/agree"
	"goldspan/internal/fake"
)

func docIDs(n int) []string {
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("d%03d", i))
	}
	return out
}

// byDoc groups a plan's assignments: document → its annotators.
func byDoc(as []annotate.Assignment) map[string][]string {
	m := map[string][]string{}
	for _, a := range as {
		m[a.DocID] = append(m[a.DocID], a.Annotator)
	}
	return m
}

func TestPlanAssignmentsIsEvenAndReproducible(t *testing.T) {
	names := []string{"erin", "alice", "dan", "bob", "carol"}
	docs := docIDs(100)
	plan, err := PlanAssignments(docs, AssignOptions{Annotators: names, Overlap: 2, Seed: 7}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Assignments) != 200 {
		t.Fatalf("%d assignments, want 200", len(plan.Assignments))
	}
	for doc, who := range byDoc(plan.Assignments) {
		if len(who) != 2 || who[0] == who[1] {
			t.Fatalf("%s goes to %v: want two different annotators", doc, who)
		}
	}
	for _, l := range plan.Load {
		if l.Documents != 40 {
			t.Errorf("%s holds %d documents, want 40 (100 × 2 / 5)", l.Annotator, l.Documents)
		}
	}
	if len(plan.Shared) != 10 {
		t.Fatalf("%d pairs share documents, want all 10: %+v", len(plan.Shared), plan.Shared)
	}
	lo, hi := math.MaxInt, 0
	for _, p := range plan.Shared {
		lo, hi = min(lo, p.Documents), max(hi, p.Documents)
	}
	// Loads must never differ by more than one after any document, so a
	// perfect design (10 each) is out of reach; within one of it is kept.
	if lo < 9 || hi > 11 {
		t.Errorf("pairs share %d to %d documents: want every pair's overlap within one of 10: %+v", lo, hi, plan.Shared)
	}

	again, _ := PlanAssignments(docs, AssignOptions{Annotators: names, Overlap: 2, Seed: 7}, nil)
	if !slices.Equal(again.Assignments, plan.Assignments) {
		t.Error("the same seed gave other assignments")
	}
	reordered, _ := PlanAssignments(docs, AssignOptions{Annotators: []string{"alice", "bob", "carol", "dan", "erin"}, Overlap: 2, Seed: 7}, nil)
	if !slices.Equal(reordered.Assignments, plan.Assignments) {
		t.Error("naming the annotators in another order gave other assignments")
	}
	other, _ := PlanAssignments(docs, AssignOptions{Annotators: names, Overlap: 2, Seed: 8}, nil)
	if slices.Equal(other.Assignments, plan.Assignments) {
		t.Error("another seed gave the same assignments")
	}
}

func TestPlanAssignmentsUneven(t *testing.T) {
	plan, err := PlanAssignments(docIDs(7), AssignOptions{Annotators: []string{"a", "b", "c"}, Overlap: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var loads []int
	for _, l := range plan.Load {
		loads = append(loads, l.Documents)
	}
	slices.Sort(loads)
	if !slices.Equal(loads, []int{4, 5, 5}) {
		t.Errorf("loads %v, want 14 assignments as 4, 5, 5", loads)
	}
	// Earlier loads count: a newcomer takes the new documents first.
	plan, _ = PlanAssignments(docIDs(4), AssignOptions{Annotators: []string{"a", "b", "c"}, Overlap: 1}, map[string]int{"a": 5, "b": 5})
	if got := fmt.Sprint(plan.Load); got != "[{a 5} {b 5} {c 4}]" {
		t.Errorf("loads %s, want c to take all four new documents", got)
	}
}

func TestPlanAssignmentsRefuses(t *testing.T) {
	for _, c := range []struct {
		o    AssignOptions
		want string
	}{
		{AssignOptions{Overlap: 1}, "name the annotators"},
		{AssignOptions{Annotators: []string{"a", "b"}, Overlap: 3}, "needs at least 3 annotators; 2 given"},
		{AssignOptions{Annotators: []string{"a", "b"}, Overlap: 0}, "at least one annotator"},
		{AssignOptions{Annotators: []string{"a", "a"}, Overlap: 1}, `"a" is named twice`},
		{AssignOptions{Annotators: []string{"a", annotate.GoldAnnotator}, Overlap: 1}, "adjudicated layer"},
	} {
		_, err := PlanAssignments(docIDs(3), c.o, nil)
		if annotate.ErrorCode(err) != annotate.EINVALID || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want EINVALID saying %q", c.o, err, c.want)
		}
	}
}

func TestAssignHandsOutNewDocumentsAndTheQueueFollows(t *testing.T) {
	ctx := context.Background()
	st := fake.New()
	var recs []annotate.Record
	for _, id := range docIDs(10) {
		recs = append(recs, annotate.Record{Doc: annotate.Document{ID: id, Text: "文字" + id}})
	}
	mustImport(t, st, recs...)
	plan, err := Assign(ctx, st, AssignOptions{Annotators: []string{"alice", "bob"}, Overlap: 1})
	if err != nil {
		t.Fatal(err)
	}
	if plan.Documents != 10 || fmt.Sprint(plan.Load) != "[{alice 5} {bob 5}]" {
		t.Fatalf("first plan: %d documents, loads %v", plan.Documents, plan.Load)
	}
	var more []annotate.Record
	for i := range 4 {
		more = append(more, annotate.Record{Doc: annotate.Document{ID: fmt.Sprintf("new%d", i), Text: "新文字"}})
	}
	mustImport(t, st, more...)
	plan, err = Assign(ctx, st, AssignOptions{Annotators: []string{"alice", "bob", "carol"}, Overlap: 1})
	if err != nil {
		t.Fatal(err)
	}
	if plan.Documents != 4 || fmt.Sprint(plan.Load) != "[{alice 5} {bob 5} {carol 4}]" {
		t.Fatalf("second plan: %d documents, loads %v: want only the 4 new ones, all to carol", plan.Documents, plan.Load)
	}
	as, _ := st.Assignments(ctx, "")
	if len(as) != 14 {
		t.Fatalf("%d assignments stored, want 14", len(as))
	}

	mine := func(who string) []string {
		as, _ := st.Assignments(ctx, who)
		var out []string
		for _, a := range as {
			out = append(out, a.DocID)
		}
		return out
	}
	alice := mine("alice")
	r := Reviewer{St: st, Annotator: "alice"}
	if err := r.SetStatus(ctx, alice[0], annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	q, err := Queue(ctx, st, "alice", OrderImport, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range q {
		got = append(got, it.ID)
	}
	if !slices.Equal(got, alice[1:]) {
		t.Errorf("alice's queue %v, want her assigned documents not done %v", got, alice[1:])
	}
	next, ok, err := Next(ctx, st, "alice", q, "")
	if err != nil || !ok || next.ID != alice[1] {
		t.Errorf("alice's next document %q %v %v, want %s", next.ID, ok, err, alice[1])
	}
	// Someone the lead assigned nothing to works through every document.
	q, _ = Queue(ctx, st, "lead", OrderImport, nil)
	if len(q) != 14 {
		t.Errorf("the lead's queue holds %d documents, want all 14", len(q))
	}

	ws, err := Workloads(ctx, st, as)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(ws); got != "[{alice 5 1 0 0} {bob 5 0 0 0} {carol 4 0 0 0}]" {
		t.Errorf("workloads %s", got)
	}

	// --replace hands everything out again.
	plan, err = Assign(ctx, st, AssignOptions{Annotators: []string{"alice", "bob"}, Overlap: 2, Replace: true})
	if err != nil || plan.Documents != 14 || fmt.Sprint(plan.Load) != "[{alice 14} {bob 14}]" {
		t.Fatalf("replace: %v, %d documents, loads %v", err, plan.Documents, plan.Load)
	}
	if got := mine("carol"); len(got) != 0 {
		t.Errorf("carol still holds %v after --replace", got)
	}
}

func TestOverlapAgreement(t *testing.T) {
	span := func(s, e int, l string) annotate.Span { return annotate.Span{Start: s, End: e, Label: l} }
	done := func(spans ...annotate.Span) agree.Layer {
		return agree.Layer{Status: annotate.StatusDone, Spans: spans}
	}
	text := "𠮷野家在俄羅斯國防部旁👍\r\n普京訪問北京"
	in := agree.Input{Docs: []agree.Doc{
		{ID: "1", Text: text, Layers: map[string]agree.Layer{
			"alice": done(span(0, 3, "ORG"), span(4, 7, "LOC")),
			"bob":   done(span(0, 3, "ORG"), span(14, 16, "PER"))}},
		{ID: "2", Text: text, Layers: map[string]agree.Layer{
			"alice": done(span(14, 16, "PER")),
			"bob":   done(span(14, 16, "PER"), span(18, 20, "LOC"))}},
		{ID: "3", Text: text, Layers: map[string]agree.Layer{
			"bob":   done(span(4, 7, "LOC")),
			"carol": done(span(4, 10, "ORG"))}},
		// carol has not finished: not compared.
		{ID: "4", Text: text, Layers: map[string]agree.Layer{
			"alice": done(span(0, 3, "ORG")),
			"carol": {Status: annotate.StatusInProgress}}},
		// alice's own, not shared: not compared; carol's layer is not hers to compare.
		{ID: "5", Text: text, Layers: map[string]agree.Layer{
			"alice": done(span(0, 3, "ORG")),
			"carol": done()}},
	}}
	as := []annotate.Assignment{
		{DocID: "1", Annotator: "alice"}, {DocID: "1", Annotator: "bob"},
		{DocID: "2", Annotator: "alice"}, {DocID: "2", Annotator: "bob"},
		{DocID: "3", Annotator: "bob"}, {DocID: "3", Annotator: "carol"},
		{DocID: "4", Annotator: "alice"}, {DocID: "4", Annotator: "carol"},
		{DocID: "5", Annotator: "alice"},
		{DocID: "6", Annotator: "bob"}, {DocID: "6", Annotator: "carol"}, // nobody opened it yet
	}
	if !Overlapping(as) || Overlapping(as[8:9]) {
		t.Fatal("Overlapping is wrong")
	}
	r, err := OverlapAgreement(in, as, false)
	if err != nil {
		t.Fatal(err)
	}
	if r.Assigned != 5 || r.Compared != 3 || r.Overlap != 2 {
		t.Fatalf("assigned %d, compared %d, overlap %d; want 5, 3, 2", r.Assigned, r.Compared, r.Overlap)
	}
	var pairs []string
	for _, p := range r.Pairs {
		pairs = append(pairs, fmt.Sprintf("%s-%s %d docs %d/%d/%d", p.A, p.B, p.Documents, p.Exact.Matched, p.Exact.OnlyA, p.Exact.OnlyB))
	}
	if got := strings.Join(pairs, "; "); got != "alice-bob 2 docs 2/1/2; bob-carol 1 docs 0/1/1" {
		t.Errorf("pairs: %s", got)
	}
	// The pair alice-bob equals agree's own report on their two documents.
	want, err := agree.Compute(agree.Input{Docs: in.Docs[:2]}, agree.Options{Annotators: []string{"alice", "bob"}, Context: -1})
	if err != nil {
		t.Fatal(err)
	}
	if r.Pairs[0].Kappa != want.Pairs[0].Kappa || r.Pairs[0].F1Exact != want.Pairs[0].F1Exact {
		t.Errorf("alice-bob kappa %v F1 %v, agree says %v %v", r.Pairs[0].Kappa, r.Pairs[0].F1Exact, want.Pairs[0].Kappa, want.Pairs[0].F1Exact)
	}
	// Fleiss' kappa over the three documents, each with its own two
	// annotators, equals agree's on seats A and B holding them.
	seated := agree.Input{}
	for i, pair := range [][2]string{{"alice", "bob"}, {"alice", "bob"}, {"bob", "carol"}} {
		d := in.Docs[i]
		seated.Docs = append(seated.Docs, agree.Doc{ID: d.ID, Text: d.Text, Layers: map[string]agree.Layer{"A": d.Layers[pair[0]], "B": d.Layers[pair[1]]}})
	}
	wantGroup, err := agree.Compute(seated, agree.Options{Annotators: []string{"A", "B"}, Context: -1})
	if err != nil {
		t.Fatal(err)
	}
	if r.Group == nil || r.Group.Documents != 3 || r.Group.FleissKappa != wantGroup.FleissKappa || r.Group.Alpha != wantGroup.Alpha {
		t.Errorf("group %+v, want 3 documents, Fleiss %v, alpha %v", r.Group, wantGroup.FleissKappa, wantGroup.Alpha)
	}
	var b strings.Builder
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"5 documents assigned to two or more annotators, 3 compared", "alice–bob", "bob–carol"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("the report lacks %q:\n%s", s, b.String())
		}
	}
}
