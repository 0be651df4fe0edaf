package tagger

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"goldspan/annotate/suggest"
)

// TestExperiment is the part of TestEvaluate that judges a change to the
// model, in about a minute on two cores: MSRA after 1,000, 2,000 and
// 3,000 sentences, contiguous 5-fold cross-validation, and both with
// People's Daily added, for the model alone and with the rules as hints:
//
//	GOLDSPAN_EXP=1 go test ./annotate/tagger -run TestExperiment -v
//
// GOLDSPAN_EXP_ROWS picks rows (a comma list of 1000, 2000, 3000, cv, pd,
// pdcv, and 100, 200, 500, online<n>, pdon<n> for the first sentences,
// trained or learned online); GOLDSPAN_EXP_HINTED=1 skips the model
// alone; GOLDSPAN_HINT_PRIOR sets the hint prior; GOLDSPAN_EXP_RULES=1
// adds the rules' own scores on the same splits.
func TestExperiment(t *testing.T) {
	if os.Getenv("GOLDSPAN_EXP") == "" {
		t.Skip("set GOLDSPAN_EXP=1")
	}
	if v, err := strconv.ParseFloat(os.Getenv("GOLDSPAN_HINT_PRIOR"), 32); err == nil {
		defer func(p float32) { hintPrior = p }(hintPrior)
		hintPrior = float32(v)
	}
	msra := readNER(t, "msra_test.bio")
	pd := readNER(t, "peoples_daily_dev.bio")
	rs := rules(t)
	want := map[string]bool{}
	for _, w := range strings.Split(os.Getenv("GOLDSPAN_EXP_ROWS"), ",") {
		if w != "" {
			want[w] = true
		}
	}
	all := len(want) == 0
	variants := [2][]Option{nil, {WithHints(rs)}}
	var out []string
	var sizes [2]string
	run := func(name string, f func(v int, opts []Option) suggest.Counts) {
		if !all && !want[name] {
			return
		}
		t0 := time.Now()
		var s [2]string
		for v, opts := range variants {
			if v == 0 && os.Getenv("GOLDSPAN_EXP_HINTED") != "" {
				s[v] = "-"
				continue
			}
			c := f(v, opts)
			s[v] = fmt.Sprintf("%s (P%.1f R%.1f)", f1(c), 100*c.Precision(), 100*c.Recall())
		}
		line := fmt.Sprintf("%-5s model %s  hinted %s  [%.0fs] %v", name, s[0], s[1], time.Since(t0).Seconds(), sizes)
		t.Log(line)
		out = append(out, line)
	}
	for _, k := range []int{100, 200, 500, 1000, 2000, 3000} {
		run(fmt.Sprint(k), func(v int, opts []Option) suggest.Counts {
			m, _ := train(t, opts, msra[:k])
			return score(msra[k:], modelTag(m))
		})
	}
	// online learns each of the first k sentences of corpus with Learn
	// alone and scores the rest.
	online := func(corpus []suggest.Sentence, k int) func(v int, opts []Option) suggest.Counts {
		return func(v int, opts []Option) suggest.Counts {
			m := New(segmenter(t), opts...)
			for _, ex := range examplesOf(corpus[:k]) {
				if err := m.Learn(ex); err != nil {
					t.Fatal(err)
				}
			}
			return score(corpus[k:], modelTag(m))
		}
	}
	for _, k := range []int{100, 200, 500, 1000} {
		run(fmt.Sprint("online", k), online(msra, k))
		run(fmt.Sprint("pdon", k), online(pd, k))
	}
	// cvk is contiguous k-fold cross-validation on corpus (folds), each
	// fold trained on extra and the others; cv is 5-fold.
	cvk := func(k int, corpus, extra []suggest.Sentence) func(v int, opts []Option) suggest.Counts {
		return func(v int, opts []Option) suggest.Counts {
			c, _ := folds(t, opts, corpus, k, extra)
			return c
		}
	}
	cv := func(corpus, extra []suggest.Sentence) func(v int, opts []Option) suggest.Counts {
		return cvk(5, corpus, extra)
	}
	run("cv", cv(msra, nil))
	run("pd", func(v int, opts []Option) suggest.Counts {
		m, _ := train(t, opts, pd, msra[:3000])
		sizes[v] = mb(marshalSize(t, m))
		return score(msra[3000:], modelTag(m))
	})
	run("pdcv", cv(msra, pd))
	run("pdself", cv(pd, nil))
	run("pdself10", cvk(10, pd, nil))
	if os.Getenv("GOLDSPAN_EXP_RULES") != "" {
		for _, k := range []int{100, 200, 500, 1000, 2000, 3000} {
			line := fmt.Sprintf("rules on msra[%d:] %s", k, f1(score(msra[k:], ruleTag(rs))))
			if k < len(pd) {
				line += fmt.Sprintf("  pd[%d:] %s", k, f1(score(pd[k:], ruleTag(rs))))
			}
			out = append(out, line)
		}
	}
	fmt.Println(strings.Join(out, "\n"))
}

// TestErrors prints the errors of a hinted model trained on msra[:lo]
// and scored on msra[lo:hi] (GOLDSPAN_EXP_ERR=lo,hi), sentence by
// sentence. Look at sentences that are not scored in TestEvaluate's
// held-out rows (e.g. 2880,3000), to keep those honest.
func TestErrors(t *testing.T) {
	spec := os.Getenv("GOLDSPAN_EXP_ERR")
	if spec == "" {
		t.Skip("set GOLDSPAN_EXP_ERR=lo,hi")
	}
	var lo, hi int
	fmt.Sscanf(spec, "%d,%d", &lo, &hi)
	msra := readNER(t, "msra_test.bio")
	rs := rules(t)
	m, _ := train(t, []Option{WithHints(rs)}, msra[:lo])
	tag := modelTag(m)
	var c suggest.Counts
	for _, s := range msra[lo:hi] {
		pred := tag(s.Text)
		rsr := []rune(s.Text)
		key := func(e suggest.Entity) string { return fmt.Sprintf("%d:%d:%s", e.Start, e.End, e.Label) }
		g := map[string]bool{}
		for _, e := range s.Gold {
			g[key(e)] = true
		}
		p := map[string]bool{}
		for _, e := range pred {
			p[key(e)] = true
		}
		var errs []string
		for _, e := range s.Gold {
			if !p[key(e)] {
				errs = append(errs, fmt.Sprintf("FN %s:%s", e.Label, string(rsr[e.Start:e.End])))
				c.FN++
			} else {
				c.TP++
			}
		}
		for _, e := range pred {
			if !g[key(e)] {
				errs = append(errs, fmt.Sprintf("FP %s:%s", e.Label, string(rsr[e.Start:e.End])))
				c.FP++
			}
		}
		if len(errs) > 0 {
			fmt.Printf("%s\n\t%s\n", strings.Join(errs, "  "), s.Text)
		}
	}
	fmt.Println("F1", f1(c))
}
