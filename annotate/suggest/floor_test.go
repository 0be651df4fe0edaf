package suggest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestQualityFloor is the fast, always-run form of TestQuality: it scores
// the rule suggester (built-in gazetteer, no lexicon) on the three NER gold
// files of ../shared/data/ner and the learned lexicon after a replayed
// review, and fails when an entity F1 (exact match, PER/LOC/ORG) falls
// below its floor, so that a change that makes the suggestions worse breaks
// the build instead of only a report.
//
// The floors sit one and a half to two F1 points under the values
// measured (in the comments); the suggester is deterministic, so a
// drop below one is a real regression, not noise. When a change improves
// a number for good, raise its floor with it.
//
// Without the data directory (GOLDSPAN_NER_DIR overrides ../shared/data/ner)
// the test is skipped, except under CI, where the data is always present
// and a missing directory fails.

// fileFloor is the floor of one gold file: overall F1 and per label, in
// F1 points (0-100).
type fileFloor struct {
	file    string
	overall float64
	label   map[string]float64
}

var qualityFloors = []fileFloor{
	// Measured 2026-12-06, eighth session (all 3,442 sentences): all 81.94,
	// PER 83.4, LOC 83.3, ORG 76.8 (sixth session: all 79.97; start of
	// the fifth: 77.05; at the start of 2026-12-05: all 74.22).
	{"msra_test.bio", 80.0, map[string]float64{PER: 81.5, LOC: 81.5, ORG: 75.0}},
	// Measured 2026-12-06, eighth session: the same as msra_test.bio to 0.1.
	{"msra_test.s2hk.bio", 80.0, map[string]float64{PER: 81.5, LOC: 81.5, ORG: 75.0}},
	// Measured 2026-12-06, eighth session (all 2,318 sentences): all 83.74,
	// PER 82.0, LOC 88.1, ORG 75.6 (sixth session: all 83.3; start of the
	// fifth: 79.30; 2026-12-05: all 76.11). Issue 18's goal is 78; on
	// sentences 1160-2318, never read for errors, the rules score 80.65.
	{"peoples_daily_dev.bio", 82.0, map[string]float64{PER: 80.0, LOC: 86.5, ORG: 74.0}},
}

// The learned lexicon: the first learnedReplay MSRA sentences replayed as a
// reviewer (see replay), then MSRA sentences 2001-3442 scored with it.
const (
	learnedReplay = 500
	learnedFrom   = 2000
	// Measured 2026-12-04: 67.86 (P 69.94, R 65.90; 299 learned
	// surfaces), against 66.42 with no lexicon on the same sentences;
	// 67.31 once a surface needs consistent evidence (MinEvidence, a clear
	// majority, one more against a gazetteer entry or a pattern) before
	// the lexicon overrides the rules: the price of one stray decision no
	// longer changing other documents.
	learnedFloor = 66.0
	// The gain of the lexicon over no lexicon on the same sentences.
	// Measured 2026-12-04: 1.44 points, 0.89 with the evidence rules. The
	// whole effect is that small, so learnedFloor alone (under the
	// no-lexicon 66.42) would pass with a lexicon that does nothing: this
	// floor keeps a margin of a third of a point instead of two, which is
	// safe because the replay and the suggester are deterministic (the
	// same numbers run after run). Measured 2026-12-06, fifth session:
	// 0.34 (70.93 against 70.59): the gazetteer now knows the leaders of
	// the 1990s that the replay used to teach the lexicon (罗干,
	// 基里延科), and with them the gain fell from above 0.6. The floor
	// keeps a margin of 0.14. Sixth session: 0.27 (72.58 with the
	// lexicon), as the rules learned more of what the replay teaches.
	learnedGainFloor = 0.2
)

// floorData reads one NER gold file for the floors: it skips the test when
// the data directory is missing, or fails it when CI is set.
func floorData(t *testing.T, name string) []Sentence {
	t.Helper()
	path := filepath.Join(nerDir(), name)
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("quality floors: the NER gold is required when CI is set: %v (put it in ../shared/data/ner or set GOLDSPAN_NER_DIR)", err)
		}
		t.Skipf("quality floors skipped: NER gold not found: %v (put it in ../shared/data/ner or set GOLDSPAN_NER_DIR)", err)
	}
	sents, err := ReadBIOFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sents
}

// atLeast fails t if f1 (a fraction) is below floor (in points).
func atLeast(t *testing.T, what string, f1, floor float64) {
	t.Helper()
	if got := 100 * f1; got < floor {
		t.Errorf("%s: F1 %.2f, below its floor %.1f", what, got, floor)
	} else {
		t.Logf("%s: F1 %.2f (floor %.1f)", what, got, floor)
	}
}

func TestQualityFloor(t *testing.T) {
	ctx := context.Background()
	data := map[string][]Sentence{}
	for _, f := range qualityFloors {
		data[f.file] = floorData(t, f.file)
	}
	s := New(withGazetteer())
	if err := s.Load(ctx); err != nil {
		t.Fatal(err)
	}
	for _, f := range qualityFloors {
		sc, err := Evaluate(ctx, data[f.file], suggesterTagger(s, nil))
		if err != nil {
			t.Fatal(err)
		}
		atLeast(t, f.file+" all", sc.Overall().F1(), f.overall)
		for _, l := range []string{PER, LOC, ORG} {
			c := sc[l]
			if c == nil {
				c = &Counts{}
			}
			atLeast(t, f.file+" "+l, c.F1(), f.label[l])
		}
	}

	msra := data["msra_test.bio"]
	lex := NewLearned()
	if err := replay(ctx, s, lex, msra[:learnedReplay]); err != nil {
		t.Fatal(err)
	}
	learned, err := Evaluate(ctx, msra[learnedFrom:], suggesterTagger(s, lex))
	if err != nil {
		t.Fatal(err)
	}
	none, err := Evaluate(ctx, msra[learnedFrom:], suggesterTagger(s, nil))
	if err != nil {
		t.Fatal(err)
	}
	atLeast(t, "MSRA 2001-3442 after replaying 500", learned.Overall().F1(), learnedFloor)
	if gain := 100 * (learned.Overall().F1() - none.Overall().F1()); gain < learnedGainFloor {
		t.Errorf("the learned lexicon gains %.2f F1 points on MSRA 2001-3442, below its floor %.1f", gain, float64(learnedGainFloor))
	} else {
		t.Logf("learned lexicon gain on MSRA 2001-3442: %.2f points (floor %.1f)", gain, float64(learnedGainFloor))
	}
}
