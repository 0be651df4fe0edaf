package agree

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"goldspan/annotate"
)

// python is Debian's interpreter, which has python3-sklearn and
// python3-nltk; the python3 first on PATH may not.
const python = "/usr/bin/python3"

// pyCase is one case for testdata/crosscheck.py.
type pyCase struct {
	Name              string   `json:"name"`
	Annotators        []string `json:"annotators"`
	Labels            []string `json:"labels"`
	IncludeInProgress bool     `json:"include_in_progress"`
	Docs              []pyDoc  `json:"docs"`
}

type pyDoc struct {
	ID     string             `json:"id"`
	Text   string             `json:"text"`
	Layers map[string]pyLayer `json:"layers"`
}

type pyLayer struct {
	Status string  `json:"status"`
	Spans  [][]any `json:"spans"`
}

// pyResult is what crosscheck.py computes for a case; nil is null (0/0).
type pyResult struct {
	Name       string   `json:"name"`
	Documents  int      `json:"documents"`
	Characters int      `json:"characters"`
	Fleiss     *float64 `json:"fleiss"`
	FleissNLTK *float64 `json:"fleiss_nltk"`
	Alpha      *float64 `json:"alpha"`
	AlphaNLTK  *float64 `json:"alpha_nltk"`
	Pairs      []struct {
		A, B      string
		Kappa     *float64 `json:"kappa"`
		KappaNLTK *float64 `json:"kappa_nltk"`
		Agreement *float64 `json:"agreement"`
		Exact     [3]int   `json:"exact"`
		Overlap   [3]int   `json:"overlap"`
		F1Exact   *float64 `json:"f1_exact"`
		F1Overlap *float64 `json:"f1_overlap"`
		PerLabel  map[string]struct {
			Kappa     *float64 `json:"kappa"`
			Exact     [3]int   `json:"exact"`
			Overlap   [3]int   `json:"overlap"`
			F1Exact   *float64 `json:"f1_exact"`
			F1Overlap *float64 `json:"f1_overlap"`
		} `json:"per_label"`
	} `json:"pairs"`
	PerLabel map[string]struct {
		Fleiss     *float64 `json:"fleiss"`
		Alpha      *float64 `json:"alpha"`
		FleissNLTK *float64 `json:"fleiss_nltk"`
		AlphaNLTK  *float64 `json:"alpha_nltk"`
	} `json:"per_label"`
}

func toPyCase(name string, in Input, names []string, opt Options, labels []string) pyCase {
	c := pyCase{Name: name, Annotators: names, Labels: labels, IncludeInProgress: opt.IncludeInProgress}
	for _, d := range in.Docs {
		pd := pyDoc{ID: d.ID, Text: d.Text, Layers: map[string]pyLayer{}}
		for a, l := range d.Layers {
			pl := pyLayer{Status: string(l.Status), Spans: [][]any{}}
			for _, s := range l.Spans {
				pl.Spans = append(pl.Spans, []any{s.Start, s.End, s.Label})
			}
			pd.Layers[a] = pl
		}
		c.Docs = append(c.Docs, pd)
	}
	return c
}

// TestCrossCheck computes agreement on seeded random data (3 and 4
// annotators; dropped, mislabelled, moved, extra and self-overlapping
// spans; emoji, CJK Extension B, combining marks and CRLF in the text; some
// documents unfinished) and requires scikit-learn, NLTK and textbook
// formulas in Python to agree with it to 1e-9.
func TestCrossCheck(t *testing.T) {
	if _, err := os.Stat(python); err != nil {
		missing(t, python+" not found")
	}
	labels := []string{"LOC", "ORG", "PER", "TIME"}
	type tc struct {
		name string
		in   Input
		opt  Options
	}
	var cases []tc
	gen := func(name string, seed uint64, cfg genConfig, opt Options) {
		in, names := randomInput(rand.New(rand.NewPCG(seed, 99)), cfg)
		opt.Annotators = names
		cases = append(cases, tc{name, in, opt})
	}
	gen("3 annotators", 1, genConfig{docs: 12, annotators: 3, minLen: 60, maxLen: 200, spans: 8, labels: labels, statuses: true}, Options{})
	gen("4 annotators, in progress too", 2, genConfig{docs: 10, annotators: 4, minLen: 40, maxLen: 160, spans: 10, labels: labels, statuses: true}, Options{IncludeInProgress: true})
	gen("labels chosen, one unused", 3, genConfig{docs: 8, annotators: 3, minLen: 50, maxLen: 120, spans: 8, labels: labels}, Options{Labels: []string{"PER", "LOC", "MISC"}})
	gen("dense overlaps", 4, genConfig{docs: 6, annotators: 4, minLen: 20, maxLen: 40, spans: 12, labels: labels[:2]}, Options{})
	gen("no spans", 5, genConfig{docs: 3, annotators: 2, minLen: 10, maxLen: 30, spans: 0, labels: labels}, Options{})
	whole := Input{Docs: []Doc{{ID: "w", Text: "王小明😀𠮷", Layers: map[string]Layer{
		"a": {Status: annotate.StatusDone, Spans: []annotate.Span{{Start: 0, End: 5, Label: "PER"}}},
		"b": {Status: annotate.StatusDone, Spans: []annotate.Span{{Start: 0, End: 5, Label: "PER"}}},
		"c": {Status: annotate.StatusDone, Spans: []annotate.Span{{Start: 0, End: 5, Label: "PER"}, {Start: 1, End: 2, Label: "LOC"}}},
	}}}}
	cases = append(cases, tc{"one category throughout", whole, Options{Annotators: []string{"a", "b", "c"}}})

	var py []pyCase
	reports := make([]*Report, len(cases))
	for i, c := range cases {
		reports[i] = compute(t, c.in, c.opt)
		py = append(py, toPyCase(c.name, c.in, reports[i].Annotators, c.opt, reports[i].Labels))
	}
	results := runPython(t, py)
	if len(results) != len(cases) {
		t.Fatalf("%d results for %d cases", len(results), len(cases))
	}
	for i, r := range reports {
		p := results[i]
		t.Run(p.Name, func(t *testing.T) {
			if r.Documents != p.Documents || r.Characters != p.Characters {
				t.Errorf("documents %d characters %d, python %d %d", r.Documents, r.Characters, p.Documents, p.Characters)
			}
			same(t, "fleiss vs textbook", r.FleissKappa, p.Fleiss)
			same(t, "fleiss vs nltk pi", r.FleissKappa, p.FleissNLTK)
			same(t, "alpha vs textbook", r.Alpha, p.Alpha)
			sameNLTKAlpha(t, "alpha vs nltk", r.Alpha, p.AlphaNLTK)
			for j, pr := range r.Pairs {
				pp := p.Pairs[j]
				if pr.A != pp.A || pr.B != pp.B {
					t.Fatalf("pair %s-%s, python %s-%s", pr.A, pr.B, pp.A, pp.B)
				}
				who := pr.A + "-" + pr.B
				same(t, who+" kappa vs sklearn", pr.Kappa, pp.Kappa)
				same(t, who+" kappa vs nltk", pr.Kappa, pp.KappaNLTK)
				same(t, who+" agreement", pr.Agreement, pp.Agreement)
				same(t, who+" f1 exact", pr.F1Exact, pp.F1Exact)
				same(t, who+" f1 overlap", pr.F1Overlap, pp.F1Overlap)
				if c := [3]int{pr.Exact.Matched, pr.Exact.OnlyA, pr.Exact.OnlyB}; c != pp.Exact {
					t.Errorf("%s exact %v, python %v", who, c, pp.Exact)
				}
				if c := [3]int{pr.Overlap.Matched, pr.Overlap.OnlyA, pr.Overlap.OnlyB}; c != pp.Overlap {
					t.Errorf("%s overlap %v, python %v", who, c, pp.Overlap)
				}
				for _, l := range r.Labels {
					lp, pl := pr.PerLabel[l], pp.PerLabel[l]
					same(t, who+" "+l+" kappa vs sklearn", lp.Kappa, pl.Kappa)
					same(t, who+" "+l+" f1 exact", lp.F1Exact, pl.F1Exact)
					same(t, who+" "+l+" f1 overlap", lp.F1Overlap, pl.F1Overlap)
					if c := [3]int{lp.Exact.Matched, lp.Exact.OnlyA, lp.Exact.OnlyB}; c != pl.Exact {
						t.Errorf("%s %s exact %v, python %v", who, l, c, pl.Exact)
					}
					if c := [3]int{lp.Overlap.Matched, lp.Overlap.OnlyA, lp.Overlap.OnlyB}; c != pl.Overlap {
						t.Errorf("%s %s overlap %v, python %v", who, l, c, pl.Overlap)
					}
				}
			}
			for _, l := range r.Labels {
				la, pl := r.PerLabel[l], p.PerLabel[l]
				same(t, l+" fleiss vs textbook", la.FleissKappa, pl.Fleiss)
				same(t, l+" fleiss vs nltk pi", la.FleissKappa, pl.FleissNLTK)
				same(t, l+" alpha vs textbook", la.Alpha, pl.Alpha)
				sameNLTKAlpha(t, l+" alpha vs nltk", la.Alpha, pl.AlphaNLTK)
			}
		})
	}
	// The generated data must exercise what it claims to.
	var defined, undefinedKappa, overlapBeatsExact bool
	for _, r := range reports {
		for _, pr := range r.Pairs {
			defined = defined || pr.Kappa.Defined()
			undefinedKappa = undefinedKappa || !pr.Kappa.Defined()
			overlapBeatsExact = overlapBeatsExact || pr.Overlap.Matched > pr.Exact.Matched
		}
	}
	if !defined || !undefinedKappa || !overlapBeatsExact {
		t.Errorf("cases too tame: defined kappa %v, undefined kappa %v, overlap > exact %v", defined, undefinedKappa, overlapBeatsExact)
	}
	if reports[0].Skipped == 0 || reports[1].Skipped == 0 {
		t.Errorf("no unfinished documents were skipped: %d %d", reports[0].Skipped, reports[1].Skipped)
	}
}

// missing skips the test, or fails it under CI=true, where the Python
// packages must be installed.
func missing(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("cross-check impossible under CI=true: %s (install python3-sklearn and python3-nltk)", why)
	}
	t.Skipf("cross-check skipped: %s (install python3-sklearn and python3-nltk)", why)
}

func runPython(t *testing.T, cases []pyCase) []pyResult {
	t.Helper()
	in := filepath.Join(t.TempDir(), "cases.json")
	b, err := json.Marshal(map[string]any{"cases": cases})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(python, filepath.Join("testdata", "crosscheck.py"), in)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.ExitCode() == 3 {
			missing(t, stderr.String())
		}
		t.Fatalf("crosscheck.py: %v\n%s", err, stderr.String())
	}
	var out struct {
		Cases []pyResult `json:"cases"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatalf("crosscheck.py output: %v\n%s", err, stdout.String())
	}
	return out.Cases
}

// same requires got to equal want to 1e-9, or both to be undefined.
func same(t *testing.T, what string, got Score, want *float64) {
	t.Helper()
	switch {
	case want == nil && got.Defined():
		t.Errorf("%s = %v, python: undefined", what, float64(got))
	case want != nil && !got.Defined():
		t.Errorf("%s undefined, python: %v", what, *want)
	case want != nil && math.Abs(float64(got)-*want) > 1e-9:
		t.Errorf("%s = %.15g, python %.15g", what, float64(got), *want)
	}
}

// sameNLTKAlpha is same, except that NLTK's alpha returns 1 where alpha is
// 0/0 (a single category), which the report leaves undefined.
func sameNLTKAlpha(t *testing.T, what string, got Score, want *float64) {
	t.Helper()
	if !got.Defined() && want != nil && *want == 1 {
		return
	}
	same(t, what, got, want)
}
