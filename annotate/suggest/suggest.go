package suggest

import (
	"context"
	"io/fs"
	"sync"
	"time"
	"unicode/utf8"

	"goldspan/annotate"
)

// The sources of a suggestion, as stored in annotate.Suggestion.Source.
const (
	SourceDictionary = "dictionary" // gse's part-of-speech tags
	SourceRule       = "rule"       // our rules and patterns
	SourceGazetteer  = "gazetteer"  // the lists of Options.Gazetteer
	SourceLearned    = "learned"    // the project's learned lexicon
)

// The labels the suggester knows by itself. A project's label set decides
// which of them appear (see Suggest); learned suggestions carry whatever
// label reviewers gave.
const (
	PER  = "PER"
	LOC  = "LOC"
	ORG  = "ORG"
	TIME = "TIME"
)

// aliases maps project label names to the built-in label they stand for,
// so that a project with PERSON or GPE labels still gets suggestions.
var aliases = map[string]string{
	"PER": PER, "PERSON": PER, "人名": PER,
	"LOC": LOC, "LOCATION": LOC, "GPE": LOC, "地名": LOC,
	"ORG": ORG, "ORGANIZATION": ORG, "ORGANISATION": ORG, "机构": ORG, "機構": ORG,
	"TIME": TIME, "DATE": TIME, "时间": TIME, "時間": TIME,
}

// Options configure a Suggester. The zero value is the default.
type Options struct {
	// Lexicon is the learned lexicon Suggest consults; nil for none.
	// SuggestWith overrides it per call.
	Lexicon Lexicon
	// NoFold feeds gse the text as written instead of folded to Simplified
	// characters (see Fold). Gazetteer and lexicon look-ups always fold.
	NoFold bool
	// NoRules turns off the rules, patterns and filters: suggestions are
	// gse's tags, the gazetteer and the lexicon only.
	NoRules bool
	// Gazetteer holds the lists of entities suggested whatever gse says:
	// *.txt files in the format of ReadGazetteer. Goldspan's built-in lists
	// are goldspan/assets/gazetteer.Files; nil means no gazetteer.
	Gazetteer fs.FS
}

// Suggester proposes entity spans for Chinese text: gse's segmentation and
// part-of-speech tags, repaired by rules, overridden by a gazetteer
// (Options.Gazetteer) and by a project's learned lexicon. It implements
// annotate.Suggester and is safe for concurrent use.
//
// The gse dictionary takes a second or two and about 150 MB to load, once
// per process. New returns at once; call Load in the background (or watch
// Ready) and show "suggestions loading" until it is done. Suggest waits
// for the load itself if it has not finished.
type Suggester struct {
	opts Options

	once  sync.Once
	ready chan struct{}
	err   error
	m     *model
	began time.Time     // when loading started (set once, before ready can close)
	took  time.Duration // how long it took (read after ready)
}

var _ annotate.Suggester = (*Suggester)(nil)

// New returns a Suggester; the dictionary is not loaded yet.
func New(opts Options) *Suggester {
	return &Suggester{opts: opts, ready: make(chan struct{})}
}

// start begins loading (once) and returns the channel closed when done.
func (s *Suggester) start() <-chan struct{} {
	s.once.Do(func() {
		s.began = time.Now()
		go func() {
			defer close(s.ready)
			defer func() { s.took = time.Since(s.began) }()
			m, err := loadModel()
			if err == nil {
				m, err = m.withGazetteer(s.opts.Gazetteer)
			}
			s.m, s.err = m, err
		}()
	})
	return s.ready
}

// Load starts loading the dictionary and the gazetteer if that has not
// begun, and waits until they are ready or ctx is done. Loading goes on
// in the background after ctx is cancelled. It returns an EINTERNAL error
// if the embedded data cannot be loaded, and an EINVALID one naming the
// file and line if Options.Gazetteer cannot be parsed.
func (s *Suggester) Load(ctx context.Context) error {
	ready := s.start()
	select {
	case <-ready:
		return s.err
	default:
	}
	select {
	case <-ready:
		return s.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Ready returns a channel that is closed once loading has finished (well
// or not: see Load). It starts loading.
func (s *Suggester) Ready() <-chan struct{} { return s.start() }

// LoadTime says how long loading has taken so far, and whether it has
// finished (then it is the whole time). It starts loading.
func (s *Suggester) LoadTime() (time.Duration, bool) {
	select {
	case <-s.start():
		return s.took, true
	default:
		return time.Since(s.began), false
	}
}

// Suggest implements annotate.Suggester with the Options' lexicon.
func (s *Suggester) Suggest(ctx context.Context, text string, labels []annotate.Label) ([]annotate.Suggestion, error) {
	return s.SuggestWith(ctx, text, labels, s.opts.Lexicon)
}

// WithLexicon returns an annotate.Suggester that suggests with lex, e.g.
// the open project's learned lexicon. It shares s and its dictionary.
func (s *Suggester) WithLexicon(lex Lexicon) annotate.Suggester {
	return lexSuggester{s, lex}
}

type lexSuggester struct {
	s   *Suggester
	lex Lexicon
}

func (l lexSuggester) Suggest(ctx context.Context, text string, labels []annotate.Label) ([]annotate.Suggestion, error) {
	return l.s.SuggestWith(ctx, text, labels, l.lex)
}

// SuggestWith returns suggestions for text, with code point offsets,
// sorted by start, each with one of the labels given (a label's built-in
// meaning is found by name: PER or PERSON, LOC or GPE, ORG, TIME or DATE;
// learned suggestions match names exactly). Suggestions never overlap. lex
// may be nil. It waits for the dictionary to load, and returns ctx's
// error if ctx ends first, and EINVALID if text is not valid UTF-8.
func (s *Suggester) SuggestWith(ctx context.Context, text string, labels []annotate.Label, lex Lexicon) ([]annotate.Suggestion, error) {
	if !utf8.ValidString(text) {
		return nil, annotate.Errorf(annotate.EINVALID, "text is not valid UTF-8")
	}
	if err := s.Load(ctx); err != nil {
		return nil, err
	}
	want := labelMap(labels)
	if len(want) == 0 || text == "" {
		return nil, nil
	}
	d, cands := s.m.analyse(text, lex, s.opts)
	defer d.release()
	out := make([]annotate.Suggestion, 0, len(cands))
	for _, c := range cands {
		name, ok := want[c.label]
		if !ok || annotate.CutsLatinWord(d.runes, c.start, c.end) {
			continue // a span never cuts a Latin word or number
		}
		out = append(out, annotate.Suggestion{Start: c.start, End: c.end, Label: name, Source: c.source, Score: c.score})
	}
	return out, nil
}

// Ruled returns the names of labels the rules can suggest: those that are
// or alias one of the built-in labels (PER, LOC, ORG, TIME), an exact
// name winning over an alias.
func Ruled(labels []annotate.Label) map[string]bool {
	m := labelMap(labels)
	out := map[string]bool{}
	for _, l := range labels {
		if b, ok := aliases[l.Name]; ok && m[b] == l.Name {
			out[l.Name] = true
		}
	}
	return out
}

// labelMap maps the label names candidates carry to the project's names:
// each project label to itself, and each built-in label to the project
// label that is its alias (an exact name wins).
func labelMap(labels []annotate.Label) map[string]string {
	m := make(map[string]string, len(labels)+4)
	for _, l := range labels {
		m[l.Name] = l.Name
	}
	for _, l := range labels {
		if b, ok := aliases[l.Name]; ok {
			if _, taken := m[b]; !taken {
				m[b] = l.Name
			}
		}
	}
	return m
}
