package project

import (
	"context"
	"encoding/json"
	"slices"
	"sync"

	"goldspan/annotate"
	"goldspan/annotate/suggest"
	"goldspan/annotate/tagger"
)

// The suggestion policy: every suggestion Goldspan makes for a project,
// in the desk, `goldspan suggest --db`, `import --suggest` and replay,
// comes from two sources side by side, combined one way:
//
//   - the rules (annotate/suggest: gse, patterns, the gazetteer) with the
//     project's learned lexicon as it stands at each call, and
//   - the project's sequence tagger, once it has learned anything.
//
// The model's suggestions start with the learned lexicon's that stand on
// consistent evidence (suggest.Votes.Strong): what reviewers confirmed in
// several documents is suggested as they confirmed it, whoever leads.
// The model learns the same decisions, but a few against the rules' hint
// prior do not outweigh it at once: on the fast MSRA curve the model
// alone fell to 82 on the bar against 88 for the rules with the lexicon,
// and lost the lead; with the lexicon first it scores 88-92 and keeps
// it.
//
// The source that leads is elected from how both scored on the documents
// most recently marked done (see Learner); the leading source's
// suggestions are taken and the other's are added where they overlap
// none of them. Where the model leads it already reads the rules as
// features, so the rules add only labels the model has not learned.

// sources is the pair of suggesters the policy combines.
type sources struct {
	rules annotate.Suggester // the rules with the project's live lexicon
	model *tagger.Model      // the project's tagger; never nil
}

// suggest returns what each source suggests for text, and the labels the
// model has learned.
func (p sources) suggest(ctx context.Context, text string, labels []annotate.Label) (rules, model []annotate.Suggestion, learned []string, err error) {
	if rules, err = p.rules.Suggest(ctx, text, labels); err != nil {
		return nil, nil, nil, err
	}
	stats := p.model.Stats() // walks every learned sentence: once per call
	if stats.Sentences > 0 {
		if model, err = p.model.Suggest(ctx, text, labels); err != nil {
			return nil, nil, nil, err
		}
		if l, ok := p.rules.(*live); ok {
			model = merge(l.strongLearned(text, rules), model)
		}
	}
	return rules, model, stats.Labels, nil
}

// lead is who leads, per label: the policy's election (scoreState.lead).
type lead struct {
	// overall leads every label without a leader of its own.
	overall string
	// labels holds the labels whose leader was elected on their own
	// spans (enough of them in the window).
	labels map[string]string
	// fill holds the labels the rules cover where the model, trailing,
	// may fill the rules' gaps: it has shown its suggestions of the label
	// are at least as precise as the rules'. nil lets the model fill
	// every label (a stored election from before per-label scores).
	fill map[string]bool
	// ruled are the project's labels the rules can suggest at all; the
	// model fills the others freely (nothing competes with it there).
	ruled map[string]bool
	// names holds the labels where the gazetteer's and the learned
	// lexicon's names fill the gaps of a leading model: all of them
	// unless the project's done documents showed they cost (see
	// scoreState.elect); a label it does not hold is filled.
	names map[string]bool
}

// namesFill reports whether the rules' names fill the leading model's
// gaps in label.
func (ld lead) namesFill(label string) bool {
	fill, judged := ld.names[label]
	return fill || !judged
}

// isName reports whether a suggestion of the rules is one of the names
// that may fill a leading model's gaps: the gazetteer's and the learned
// lexicon's.
func isName(s annotate.Suggestion) bool {
	return s.Source == suggest.SourceGazetteer || s.Source == suggest.SourceLearned
}

// gaps returns the rules' names that overlap none of the model's
// suggestions: what the policy adds to a leading model's (if
// namesFill), and what the running scores judge that by.
func gaps(rules, model []annotate.Suggestion) []annotate.Suggestion {
	var out []annotate.Suggestion
	for _, s := range rules {
		if isName(s) && !slices.ContainsFunc(model, func(m annotate.Suggestion) bool { return s.Start < m.End && m.Start < s.End }) {
			out = append(out, s)
		}
	}
	return out
}

// of returns who leads label.
func (ld lead) of(label string) string {
	if s, ok := ld.labels[label]; ok {
		return s
	}
	return ld.overall
}

// combine returns what the policy suggests: per label, the leading
// source's suggestions, and the other's where they overlap none of them.
// Where the model leads a label, the rules add it only if the model has
// not learned it (filling all its gaps with the rules cost 4.5 F1 on
// MSRA), or from the gazetteer and the learned lexicon, whose names are
// seldom wrong (on MSRA after 1,000 reviewed sentences: 70.9 -> 71.6
// held out; with the rules' patterns too, 70.6), while the project's
// done documents show they pay in the label (ld.namesFill); where the
// rules lead,
// the model fills their gaps only in a label it has shown itself at
// least as precise in (early in a project, before it has, its guesses
// made the desk's suggestions worse than the rules' alone: 53 vs 66 F1
// after 22 sentences), or one the rules never suggest.
func combine(ld lead, rules, model []annotate.Suggestion, modelLabels []string) []annotate.Suggestion {
	var modelLed, rulesLed, modelFill, rulesFill []annotate.Suggestion
	for _, s := range model {
		switch {
		case ld.of(s.Label) == annotate.SourceModel:
			modelLed = append(modelLed, s)
		case ld.fill == nil || ld.fill[s.Label] || !ld.ruled[s.Label]:
			modelFill = append(modelFill, s)
		}
	}
	for _, s := range rules {
		switch {
		case ld.of(s.Label) != annotate.SourceModel:
			rulesLed = append(rulesLed, s)
		case !slices.Contains(modelLabels, s.Label), isName(s) && ld.namesFill(s.Label):
			rulesFill = append(rulesFill, s)
		}
	}
	var first []annotate.Suggestion
	if ld.overall == annotate.SourceModel {
		first = merge(modelLed, rulesLed)
	} else {
		first = merge(rulesLed, modelLed)
	}
	return merge(merge(first, modelFill), rulesFill)
}

// merge returns first and those of more that overlap none of first,
// sorted by start and end.
func merge(first, more []annotate.Suggestion) []annotate.Suggestion {
	out := slices.Clone(first)
	for _, s := range more {
		free := true
		for _, f := range first {
			if s.Start < f.End && f.Start < s.End {
				free = false
				break
			}
		}
		if free {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b annotate.Suggestion) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return a.End - b.End
	})
	return out
}

// fixed is the policy with the lead as stored in the project: what the
// command line suggests with, learning nothing.
type fixed struct {
	sources
	lead lead
}

// Suggest implements annotate.Suggester.
func (f fixed) Suggest(ctx context.Context, text string, labels []annotate.Label) ([]annotate.Suggestion, error) {
	rules, model, learned, err := f.suggest(ctx, text, labels)
	if err != nil {
		return nil, err
	}
	ld := f.lead
	ld.ruled = suggest.Ruled(labels)
	return combine(ld, rules, model, learned), nil
}

// Suggester returns the project's suggester as the policy makes it, with
// the model and the lead stored in the project (the rules lead where
// there is no model): the same suggestions the desk makes, without
// learning. It waits for the engine to load.
func (s *Service) Suggester(ctx context.Context, st annotate.Project) (annotate.Suggester, error) {
	if err := s.Load(ctx); err != nil {
		return nil, err
	}
	m, err := s.LoadTagger(ctx, st)
	if annotate.ErrorCode(err) == annotate.ENOTFOUND {
		m, err = s.NewTagger(ctx)
	}
	if err != nil {
		return nil, err
	}
	scores, err := loadScores(ctx, st)
	if err != nil {
		return nil, err
	}
	return fixed{sources: sources{rules: s.Live(st), model: m}, lead: scores.lead()}, nil
}

// loadScores reads the running scores stored in the project; none if
// there are none or they cannot be read (the learner reports that).
func loadScores(ctx context.Context, st annotate.ModelStore) (scoreState, error) {
	var scores scoreState
	stored, err := st.LoadModel(ctx, scoresModel)
	if annotate.ErrorCode(err) == annotate.ENOTFOUND {
		return scores, nil
	} else if err != nil {
		return scores, err
	}
	if json.Unmarshal(stored.Data, &scores) != nil {
		return scoreState{}, nil
	}
	return scores, nil
}

// LoadLexicon reads a project's learned lexicon into memory.
func LoadLexicon(ctx context.Context, st annotate.LexiconStore) (*suggest.Learned, error) {
	entries, err := st.Lexicon(ctx)
	if err != nil {
		return nil, err
	}
	lex := suggest.NewLearned()
	for _, e := range entries {
		lex.Add(e.Surface, e.Label, e.Votes, e.Rejections)
	}
	return lex, nil
}

// Live returns the rules with the project's learned lexicon as it stands
// at each call: what a reviewer confirmed a moment ago is suggested in the
// next document. The lexicon is reloaded only when it changed.
func (s *Service) Live(st annotate.LexiconStore) annotate.Suggester {
	return &live{engine: s.engine, st: st}
}

type live struct {
	engine  *suggest.Suggester
	st      annotate.LexiconStore
	mu      sync.Mutex
	version string
	lex     *suggest.Learned
}

// Suggest implements annotate.Suggester.
func (l *live) Suggest(ctx context.Context, text string, labels []annotate.Label) ([]annotate.Suggestion, error) {
	v, err := l.st.LexiconVersion(ctx)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	if l.lex == nil || v != l.version {
		lex, err := LoadLexicon(ctx, l.st)
		if err != nil {
			l.mu.Unlock()
			return nil, err
		}
		l.lex, l.version = lex, v
	}
	lex := l.lex
	l.mu.Unlock()
	return l.engine.SuggestWith(ctx, text, labels, lex)
}

// strongLearned returns those of sugs (this suggester's, for text) that
// come from the learned lexicon on consistent evidence: at least
// suggest.MinEvidence confirmations of the label and a clear majority of
// every decision on the surface.
func (l *live) strongLearned(text string, sugs []annotate.Suggestion) []annotate.Suggestion {
	l.mu.Lock()
	lex := l.lex
	l.mu.Unlock()
	if lex == nil {
		return nil
	}
	var rs []rune
	var out []annotate.Suggestion
	for _, s := range sugs {
		if s.Source != suggest.SourceLearned {
			continue
		}
		if rs == nil {
			rs = []rune(text)
		}
		if s.Start < 0 || s.End > len(rs) || s.Start >= s.End {
			continue
		}
		if v, ok := lex.Lookup(suggest.Fold(string(rs[s.Start:s.End]))); ok && v.Strong(s.Label) {
			out = append(out, s)
		}
	}
	return out
}
