package tagger

import (
	"context"
	"slices"
	"testing"

	"goldspan/annotate"
)

func learnKeyed(t *testing.T, m *Model, key, text string, spans ...annotate.Span) {
	t.Helper()
	if err := m.Learn(Example{Key: key, Text: text, Spans: spans}); err != nil {
		t.Fatal(err)
	}
}

func TestKeysKnownAndForget(t *testing.T) {
	m := New(nil)
	learnKeyed(t, m, "d/a/0", "王小明去了杭州。", annotate.Span{Start: 0, End: 3, Label: "PER"})
	learnKeyed(t, m, "d/a/8", "李大华在上海。", annotate.Span{Start: 0, End: 3, Label: "PER"}, annotate.Span{Start: 4, End: 6, Label: "LOC"})
	learnKeyed(t, m, "d/b/0", "张三来自北京。", annotate.Span{Start: 4, End: 6, Label: "LOC"})
	if got := m.Keys(); !slices.Equal(got, []string{"d/a/0", "d/a/8", "d/b/0"}) {
		t.Fatalf("keys %q", got)
	}
	if n := m.Known("d/a/"); n != 2 {
		t.Fatalf("Known(d/a/) = %d", n)
	}
	if n := m.Forget("d/a/"); n != 2 {
		t.Fatalf("Forget(d/a/) removed %d", n)
	}
	if n, st := m.Known("d/"), m.Stats(); n != 1 || st.Sentences != 1 || st.Entities != 1 {
		t.Fatalf("after forgetting: known %d, %+v", n, st)
	}
	if n := m.Forget("nothing/"); n != 0 {
		t.Fatalf("Forget of an unknown prefix removed %d", n)
	}
}

// A sentence forgotten while a retrain runs stays forgotten when the
// retrained weights are swapped in; one learned meanwhile is kept.
func TestForgetDuringRetrainHolds(t *testing.T) {
	m := New(nil)
	learnKeyed(t, m, "p/a/0", "王小明去了杭州。", annotate.Span{Start: 0, End: 3, Label: "PER"})
	learnKeyed(t, m, "p/b/0", "李大华在上海。", annotate.Span{Start: 0, End: 3, Label: "PER"})
	// What Retrain does, with a Forget and a Learn between its snapshot
	// and its swap.
	m.mu.RLock()
	sents, since := slices.Clone(m.examples), m.seq
	m.mu.RUnlock()
	m.Forget("p/a/")
	learnKeyed(t, m, "d/c/0", "张三来自北京。", annotate.Span{Start: 4, End: 6, Label: "LOC"})
	if err := m.fit(context.Background(), sents, since, 1, nil, true); err != nil {
		t.Fatal(err)
	}
	if got := m.Keys(); !slices.Equal(got, []string{"p/b/0", "d/c/0"}) {
		t.Fatalf("after the retrain the model keeps %q", got)
	}
	if st := m.Stats(); st.Entities != 2 {
		t.Fatalf("entities %d, want 2", st.Entities)
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	var surfaces []string
	for k, c := range m.gaz.entries {
		if slices.ContainsFunc(c, func(n int32) bool { return n > 0 }) {
			surfaces = append(surfaces, k)
		}
	}
	slices.Sort(surfaces)
	if !slices.Equal(surfaces, []string{"北京", "李大华"}) {
		t.Fatalf("the gazetteer keeps %q", surfaces)
	}
}
