package project

import (
	"fmt"

	"goldspan/annotate"
)

// Describe says in one line what a learner learned, how its sources
// score and which leads: for the desk's explanation and the command line.
func Describe(s annotate.LearnerStatus) string {
	learned := fmt.Sprintf("Model: learned from %d sentences (%d entities, %d done documents)", s.Sentences, s.Entities, s.Documents)
	if s.Loading {
		learned = "Model: loading"
	} else if s.Sentences == 0 {
		learned = "Model: nothing learned yet"
	}
	score := "not scored yet"
	if s.Scored > 0 {
		score = fmt.Sprintf("F1 %.1f vs rules %.1f on the last %d done", s.ModelF1, s.RulesF1, s.Scored)
	}
	lead := "rules lead"
	if s.Leader == annotate.SourceModel {
		lead = "model leads"
	}
	out := learned + " · " + score + " · " + lead
	if s.Training {
		out += " · retraining…"
	}
	return out
}
