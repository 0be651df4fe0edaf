package suggest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRuleErrors prints the rules' errors on sentences lo to hi of one NER
// gold file (in ../shared/data/ner, or an absolute path), one line per
// sentence with errors, for error analysis:
//
//	GOLDSPAN_SUGGEST_ERR=peoples_daily_dev.bio,0,1159 go test ./annotate/suggest -run TestRuleErrors
//
// Analyse one part of a corpus and judge a change on the other, to keep
// the numbers honest.
func TestRuleErrors(t *testing.T) {
	spec := os.Getenv("GOLDSPAN_SUGGEST_ERR")
	if spec == "" {
		t.Skip("set GOLDSPAN_SUGGEST_ERR=file,lo,hi")
	}
	var name string
	var lo, hi int
	parts := strings.Split(spec, ",")
	if len(parts) != 3 {
		t.Fatalf("GOLDSPAN_SUGGEST_ERR=%q: want file,lo,hi", spec)
	}
	name = parts[0]
	fmt.Sscan(parts[1], &lo)
	fmt.Sscan(parts[2], &hi)
	path := name
	if !filepath.IsAbs(path) {
		path = filepath.Join(nerDir(), name)
	}
	sents, err := ReadBIOFile(path)
	if err != nil {
		t.Fatal(err)
	}
	hi = min(hi, len(sents))
	s := New(withGazetteer())
	if err := s.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	tag := suggesterTagger(s, nil)
	sc := Score{}
	for i, st := range sents[lo:hi] {
		pred, err := tag(context.Background(), st.Text)
		if err != nil {
			t.Fatal(err)
		}
		sc.Add(st.Gold, pred)
		rs := []rune(st.Text)
		key := func(e Entity) string { return fmt.Sprintf("%d:%d:%s", e.Start, e.End, e.Label) }
		g, p := map[string]bool{}, map[string]bool{}
		for _, e := range st.Gold {
			g[key(e)] = true
		}
		for _, e := range pred {
			p[key(e)] = true
		}
		var errs []string
		show := func(kind string, e Entity) {
			a, b := max(0, e.Start-4), min(len(rs), e.End+4)
			errs = append(errs, fmt.Sprintf("%s %s:%s [%s|%s|%s]", kind, e.Label, string(rs[e.Start:e.End]),
				string(rs[a:e.Start]), string(rs[e.Start:e.End]), string(rs[e.End:b])))
		}
		for _, e := range st.Gold {
			if !p[key(e)] {
				show("FN", e)
			}
		}
		for _, e := range pred {
			if !g[key(e)] {
				show("FP", e)
			}
		}
		if len(errs) > 0 {
			fmt.Printf("%d\t%s\n", lo+i, strings.Join(errs, "\t"))
		}
	}
	o := sc.Overall()
	fmt.Printf("P %.1f R %.1f F1 %.2f\n", 100*o.Precision(), 100*o.Recall(), 100*o.F1())
}
