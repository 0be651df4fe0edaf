// Package project is what a Goldspan project does, shared by the review
// desk (app) and the command line (cli): opening a store, the suggestion
// engine, the one suggestion policy (rules, the project's lexicon and its
// learned model, whichever leads), the learner that trains that model on
// what reviewers decide, the import and export pipeline, scripted reviewer
// actions (replay) and the demo project.
//
// It imports neither Fyne nor SQL: the store is handed in by main as an
// Opener, so the same service runs on SQLite, an in-memory fake or any
// other annotate.Project.
package project

import (
	"context"
	"time"

	"goldspan/annotate"
	"goldspan/annotate/format"
	"goldspan/annotate/suggest"
	"goldspan/annotate/tagger"
	"goldspan/assets/gazetteer"
)

// Opener opens the project at path, creating it with the default labels
// when create is true and nothing is there. It returns ENOTFOUND when
// create is false and there is no project at path.
type Opener func(ctx context.Context, path string, create bool) (annotate.Project, error)

// Service is what a project does. One Service serves a process: its
// suggestion engine loads the gse dictionary once and is shared by every
// project the process opens. It is safe for concurrent use.
type Service struct {
	open   Opener
	engine *suggest.Suggester
}

// Options configure a Service.
type Options struct {
	// Open opens project stores; required.
	Open Opener
	// Suggest configures the suggestion engine (the rules).
	Suggest suggest.Options
}

// New returns a Service. The suggestion engine is not loaded yet: call
// Load (in the background for a GUI) or let the first suggestion wait.
func New(o Options) *Service {
	if o.Suggest.Gazetteer == nil {
		o.Suggest.Gazetteer = gazetteer.Files // the built-in lists, unless the caller gives others
	}
	return &Service{open: o.Open, engine: suggest.New(o.Suggest)}
}

// Open opens the project at path, creating it if it does not exist.
func (s *Service) Open(ctx context.Context, path string) (annotate.Project, error) {
	return s.open(ctx, path, true)
}

// OpenExisting opens the project at path, or returns ENOTFOUND naming it.
func (s *Service) OpenExisting(ctx context.Context, path string) (annotate.Project, error) {
	return s.open(ctx, path, false) // the Opener's contract: ENOTFOUND when there is none
}

// Load loads the suggestion engine's dictionary if it is not loaded yet
// and waits for it, or for ctx to end (loading goes on in the background).
func (s *Service) Load(ctx context.Context) error { return s.engine.Load(ctx) }

// Ready returns a channel closed once the suggestion engine has loaded
// (well or not); it starts loading.
func (s *Service) Ready() <-chan struct{} { return s.engine.Ready() }

// LoadTime says how long the suggestion engine has taken to load so far,
// and whether it has finished.
func (s *Service) LoadTime() (time.Duration, bool) { return s.engine.LoadTime() }

// loaded reports whether the engine has finished loading, without waiting.
func (s *Service) loaded() bool {
	select {
	case <-s.engine.Ready():
		return true
	default:
		return false
	}
}

// Rules returns the rule suggester alone (gse, rules, gazetteer), with no
// project's lexicon: what `goldspan suggest` without a project uses.
func (s *Service) Rules() annotate.Suggester { return s.engine }

// Tokenize returns gse word segmentation in code points (spaCy tokens),
// or nil tokens while the engine is still loading and wait is false.
func (s *Service) Tokenize(wait bool) func(string) []format.Token {
	return func(text string) []format.Token {
		if !wait && !s.loaded() {
			return nil
		}
		words, err := s.engine.Words(context.Background(), text)
		if err != nil {
			return nil
		}
		return words
	}
}

// TaggerModel is the name the sequence tagger is stored under in a project.
const TaggerModel = "tagger"

// scoresModel is the name the learner's running scores are stored under.
const scoresModel = TaggerModel + ".scores"

// NewTagger returns an empty sequence tagger that shares the engine's gse
// segmenter and reads the rule suggester (without a lexicon) as hints: the
// one way every tagger of a project is built, for training and loading.
func (s *Service) NewTagger(ctx context.Context) (*tagger.Model, error) {
	seg, err := s.engine.Segmenter(ctx)
	if err != nil {
		return nil, err
	}
	return tagger.New(seg, tagger.WithHints(s.engine)), nil
}

// LoadTagger returns the project's trained tagger, or ENOTFOUND.
func (s *Service) LoadTagger(ctx context.Context, st annotate.ModelStore) (*tagger.Model, error) {
	stored, err := st.LoadModel(ctx, TaggerModel)
	if err != nil {
		return nil, err
	}
	m, err := s.NewTagger(ctx)
	if err != nil {
		return nil, err
	}
	if err := m.UnmarshalBinary(stored.Data); err != nil {
		return nil, annotate.Errorf(annotate.EINVALID, "the project's %s model: %s", TaggerModel, annotate.ErrorMessage(err))
	}
	return m, nil
}

// SaveTagger stores m as the project's tagger.
func SaveTagger(ctx context.Context, st annotate.ModelStore, m *tagger.Model) (int, error) {
	data, err := m.MarshalBinary()
	if err != nil {
		return 0, err
	}
	return len(data), st.SaveModel(ctx, annotate.Model{Name: TaggerModel, Data: data, Examples: len(m.Keys())})
}
