package project

import (
	"context"
	"math"

	"goldspan/annotate"
	"goldspan/annotate/tagger"
)

// trainingExamples returns one example per done document of the project:
// the gold layer where there is one, else the first annotator's (Key: the
// document ID), and the suggestions left undecided in each (by document
// ID), whose sentences are not training data.
func trainingExamples(ctx context.Context, st annotate.Store) ([]tagger.Example, map[string][]annotate.Suggestion, error) {
	var out []tagger.Example
	at := map[string]int{}
	who := map[string]string{}
	err := st.Export(ctx, annotate.ExportFilter{All: true, Status: annotate.StatusDone}, func(r annotate.Record) error {
		ex := tagger.Example{Key: r.Doc.ID, Text: r.Doc.Text, Spans: r.Spans}
		if i, ok := at[r.Doc.ID]; ok {
			if r.Annotator == annotate.GoldAnnotator {
				out[i], who[r.Doc.ID] = ex, r.Annotator
			}
			return nil
		}
		at[r.Doc.ID], who[r.Doc.ID] = len(out), r.Annotator
		out = append(out, ex)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	// Only documents marked done before the done gate hold undecided
	// suggestions: the document list's counts find them a page at a time,
	// and only theirs are read (not one query per done document).
	undecided := map[string][]annotate.Suggestion{}
	asked := map[string]bool{}
	for _, annotator := range who {
		if annotator == annotate.GoldAnnotator || asked[annotator] {
			continue // gold is settled from the annotators' layers
		}
		asked[annotator] = true
		docs, err := UndecidedDone(ctx, st, annotator)
		if err != nil {
			return nil, nil, err
		}
		for _, d := range docs {
			if who[d.ID] != annotator {
				continue // trained on another layer of it
			}
			sugs, err := st.Suggestions(ctx, d.ID, annotator)
			if err != nil {
				return nil, nil, err
			}
			undecided[d.ID] = sugs
		}
	}
	return out, undecided, nil
}

// doneSentences cuts done documents (Key: the document ID) into the
// sentences the learner keeps, keyed as it keys them, so that a model
// trained by goldspan train and one trained in the desk know the same
// sentences by the same names. Sentences with a suggestion left
// undecided are left out.
func doneSentences(docs []tagger.Example, undecided map[string][]annotate.Suggestion) []tagger.Example {
	var out []tagger.Example
	for _, d := range docs {
		rs, pieces := sentencesOf(d.Text, d.Spans)
		for _, p := range pieces {
			if overlapsAny(p, undecided[d.Key]) {
				continue
			}
			out = append(out, example(sentenceKey("d", d.Key, p.start), rs, p, d.Spans))
		}
	}
	return out
}

// TrainingSentences returns the project's done documents cut into the
// sentences the learner keeps (none with a suggestion left undecided),
// and how many documents they came from.
func TrainingSentences(ctx context.Context, st annotate.Store) ([]tagger.Example, int, error) {
	docs, undecided, err := trainingExamples(ctx, st)
	if err != nil {
		return nil, 0, err
	}
	return doneSentences(docs, undecided), len(docs), nil
}

// ModelStats describes the project's suggestion model as stored, without
// loading it.
type ModelStats struct {
	Sentences int     `json:"sentences"` // learned from
	Bytes     int     `json:"bytes"`     // in the project
	Leader    string  `json:"leader"`    // rules or model
	Scored    int     `json:"scored"`    // done documents the running F1s are over
	ModelF1   float64 `json:"model_f1"`
	RulesF1   float64 `json:"rules_f1"`
}

// StoredModel reads the summary of the project's suggestion model; nil
// if it has none.
func StoredModel(ctx context.Context, st annotate.ModelStore) (*ModelStats, error) {
	m, err := st.LoadModel(ctx, TaggerModel)
	if annotate.ErrorCode(err) == annotate.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	out := &ModelStats{Sentences: m.Examples, Bytes: len(m.Data), Leader: annotate.SourceRules}
	scores, err := loadScores(ctx, st)
	if err != nil {
		return nil, err
	}
	mc, rc := scores.windowCounts()
	out.Leader, out.Scored = scores.leader(), len(scores.Window)
	out.ModelF1, out.RulesF1 = math.Round(f1(mc)*10)/10, math.Round(f1(rc)*10)/10
	return out, nil
}
