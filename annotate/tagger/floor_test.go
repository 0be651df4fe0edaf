package tagger

import (
	"os"
	"path/filepath"
	"testing"

	"goldspan/annotate/suggest"
	"goldspan/internal/race"
)

// TestEvaluateFloor is the fast, always-run form of TestEvaluate: it
// trains the tagger (default options, DefaultEpochs, alone and with the
// rule suggester's hints as the app runs it) on the first floorTrain
// sentences of MSRA and scores it on MSRA sentences 3001-3442 and on the
// same sentences in Traditional (msra_test.s2hk.bio, which the model
// folds to Simplified). It fails when an entity F1 (exact match,
// PER/LOC/ORG) falls below its floor, so that a change that makes the
// model worse breaks the build instead of only a report.
//
// The floors sit about two F1 points under the values measured on
// 2026-12-04 (in the comments); training is deterministic (fixed shuffles
// and seeds), so a drop below one is a real regression, not noise. When a
// change improves a number for good, raise its floor with it.
//
// Without the data directory (GOLDSPAN_NER_DIR overrides ../shared/data/ner)
// the test is skipped, except under CI, where the data is always present
// and a missing directory fails.

const (
	floorTrain = 1000 // MSRA sentences 1-1000 train
	floorTest  = 3000 // MSRA sentences 3001-3442 are scored
)

// evalFloors are the floors in F1 points (0-100), by scored file and
// variant.
var evalFloors = []struct {
	file          string
	model, hinted float64
}{
	// Measured 2026-12-04: model 48.36 (P 51.83, R 45.33),
	// model + rules 67.22 (P 69.83, R 64.80). Measured 2026-12-06 with
	// BIOES tags and the rules of that day: model 50.85 (P 54.05,
	// R 48.00), model + rules 73.54 (P 74.86, R 72.27); the Traditional
	// file the same.
	{"msra_test.bio", 48.5, 71.5},
	{"msra_test.s2hk.bio", 48.5, 71.5},
}

// floorNER reads one NER gold file for the floors: it skips the test when
// the data directory is missing, or fails it when CI is set.
func floorNER(t *testing.T, name string) []suggest.Sentence {
	t.Helper()
	path := filepath.Join(nerDir(), name)
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("quality floors: the NER gold is required when CI is set: %v (put it in ../shared/data/ner or set GOLDSPAN_NER_DIR)", err)
		}
		t.Skipf("quality floors skipped: NER gold not found: %v (put it in ../shared/data/ner or set GOLDSPAN_NER_DIR)", err)
	}
	return readNER(t, name)
}

func TestEvaluateFloor(t *testing.T) {
	data := map[string][]suggest.Sentence{}
	for _, f := range evalFloors {
		data[f.file] = floorNER(t, f.file)
		if n := len(data[f.file]); n <= floorTest {
			t.Fatalf("%s: %d sentences, want more than %d", f.file, n, floorTest)
		}
	}
	train0 := data["msra_test.bio"][:floorTrain]
	variants := [2][]Option{nil, {WithHints(rules(t))}}
	var models [2]*Model
	for v, opts := range variants {
		m, took := train(t, opts, train0)
		t.Logf("variant %d: trained on %d sentences in %.1f s", v, floorTrain, took.Seconds())
		models[v] = m
	}
	for _, f := range evalFloors {
		test := data[f.file][floorTest:]
		for v, floor := range [2]float64{f.model, f.hinted} {
			name := [2]string{"model", "model + rules"}[v]
			c := score(test, modelTag(models[v]))
			got := 100 * c.F1()
			if got < floor {
				t.Errorf("%s 3001-%d, %s: F1 %.2f (P %.2f R %.2f), below its floor %.1f", f.file, len(data[f.file]), name, got, 100*c.Precision(), 100*c.Recall(), floor)
			} else {
				t.Logf("%s 3001-%d, %s: F1 %.2f (P %.2f R %.2f; floor %.1f)", f.file, len(data[f.file]), name, got, 100*c.Precision(), 100*c.Recall(), floor)
			}
		}
	}
}

// TestHintedStartsAtTheRules pins the hint prior (params.seedHints): a
// model with the rules as hints, trained on few sentences, suggests at
// least as well as the rules alone instead of worse (before the prior:
// 5.9 F1 below them after 200 MSRA sentences), and gains on them with
// more. Scored on MSRA 3001-3442, which no variant trains on. Measured
// 2026-12-06 with the rules of that day (one-character names, surname +
// title, words that are no names): rules 69.23, after 200 sentences 68.68
// (-0.6), after 1,000 69.09 (-0.1). With the rules of 2026-12-05 it was
// +2.4 after 1,000: the better rules leave the model fewer of their
// errors to learn on these sentences (on MSRA 1001-3442, TestExperiment:
// +2.1). So this floor now asks only that the model not fall behind the
// rules it reads; TestInAppLearningCurveFloor asks for the desk's gain.
func TestHintedStartsAtTheRules(t *testing.T) {
	msra := floorNER(t, "msra_test.bio")
	rs := rules(t)
	test := msra[floorTest:]
	base := 100 * score(test, ruleTag(rs)).F1()
	for _, c := range []struct {
		n    int
		gain float64 // the least gain over the rules, in F1 points
	}{{200, -1.0}, {floorTrain, -0.5}} {
		m, _ := train(t, []Option{WithHints(rs)}, msra[:c.n])
		got := 100 * score(test, modelTag(m)).F1()
		if got < base+c.gain {
			t.Errorf("trained on %d: F1 %.2f, rules alone %.2f: want at least %+.1f", c.n, got, base, c.gain)
		} else {
			t.Logf("trained on %d: F1 %.2f, rules alone %.2f (floor %+.1f)", c.n, got, base, c.gain)
		}
	}
}

// TestSameSourceFloor pins issue 18's "same source" row: the model with
// the rules as hints, trained on four fifths of People's Daily dev and
// scored on the fifth it did not see, over five contiguous folds (each
// model trained on 1,854 sentences). Measured 2026-12-06: 85.0 (P 87.9,
// R 82.2); with BIO tags it was 84.4. Skipped under the race detector,
// which makes its five trainings minutes long and measures nothing more.
func TestSameSourceFloor(t *testing.T) {
	const floor = 84.5
	if race.Enabled {
		t.Skip("five trainings under the race detector")
	}
	pd := floorNER(t, "peoples_daily_dev.bio")
	rs := rules(t)
	c, _ := folds(t, []Option{WithHints(rs)}, pd, 5, nil)
	got := 100 * c.F1()
	if got < floor {
		t.Errorf("People's Daily dev, 5-fold CV, model + rules: F1 %.2f (P %.2f R %.2f), below its floor %.1f", got, 100*c.Precision(), 100*c.Recall(), floor)
	} else {
		t.Logf("People's Daily dev, 5-fold CV, model + rules: F1 %.2f (P %.2f R %.2f; floor %.1f)", got, 100*c.Precision(), 100*c.Recall(), floor)
	}
}
