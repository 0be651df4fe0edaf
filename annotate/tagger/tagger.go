// Package tagger is Goldspan's learned suggestion source: a
// character-level BIOES tagger trained as an averaged structured
// perceptron, decoded with a Viterbi search that never produces an
// invalid sequence (no I-X or E-X after O or after another label's tag,
// no span left open). It runs on the CPU in pure Go and learns from every
// sentence a reviewer confirms.
//
// Each character is described by the gse token around it (its
// part-of-speech tag and the character's position in it), the gse
// dictionary words of types nr, ns, nt and nz that cover it, a gazetteer
// of the entities learned so far, the characters and character pairs in a
// window of two either side and, optionally, another suggester's
// suggestions (WithHints: the rules of annotate/suggest add 7 to 14 F1
// on MSRA). Traditional text is folded to Simplified one character for
// one character (OpenCC hk2s) first, so one model serves both scripts and
// offsets never move.
//
// A Model learns online (Learn: one update plus a few replayed earlier
// sentences, about a millisecond) and in full (Train, Retrain: several
// epochs over every example, seconds for thousands of sentences, to run
// in the background every few hundred confirmations). It implements
// annotate.Suggester with source "model", and its binary form
// (MarshalBinary) is what a project stores.
package tagger

import (
	"cmp"
	"context"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/go-ego/gse"

	"goldspan/annotate"
)

// Source is the Source of the suggestions a Model makes.
const Source = "model"

// DefaultEpochs is the number of passes Train makes when given 0, and
// Retrain always makes.
const DefaultEpochs = 10

// Ensemble is the number of perceptrons Train and Retrain train, each on
// its own goroutine over its own shuffle of the sentences, and average
// into one: +1 F1 on MSRA, and steadier.
const Ensemble = 4

// Replay is the number of earlier sentences Learn replays after each
// new one.
const Replay = 4

// Model is a character-level BIOES tagger. It is safe for concurrent use:
// Tag and Suggest run in parallel with each other, and with Learn,
// Train and Retrain, which see each other's work (see Train).
type Model struct {
	res   *resources
	hints annotate.Suggester

	fitMu sync.Mutex // one Train or Retrain at a time

	mu       sync.RWMutex
	p        *params
	gaz      *gazetteer
	examples []sentence
	seq      uint64 // sequence number of the last sentence learned

	rngMu sync.Mutex // the rng is used under m.mu's read lock
	rng   *rand.Rand
}

var _ annotate.Suggester = (*Model)(nil)

// New returns an empty model that takes its tokens, part-of-speech tags
// and dictionary words from seg, loaded with LoadDictEmbed("zh_s") and only
// read from then on. Share one segmenter between all models of a process:
// its dictionary costs 150 MB. seg may be nil, for a model of characters
// and its gazetteer only (about 5 F1 worse on MSRA).
func New(seg *gse.Segmenter, opts ...Option) *Model {
	m := &Model{
		res: &resources{seg: seg},
		p:   newParams(),
		gaz: newGazetteer(),
		rng: rand.New(rand.NewPCG(1, 2)),
	}
	for _, o := range opts {
		o(m)
	}
	if m.hints != nil {
		m.p.prior = hintPrior
	}
	return m
}

// An Option configures a Model made by New.
type Option func(*Model)

// WithHints makes the model read the suggestions of another suggester as
// features of each character (label, source, position, score): the model
// learns when to trust them. Use the rule suggester of annotate/suggest
// without a learned lexicon: a lexicon holds the very sentences trained
// on, which would teach the model to trust it blindly (the model keeps
// its own gazetteer, with the leave-out that keeps it honest). Never a
// suggester that asks this model. A model trained with hints must be
// used with the same hints; hints that fail are ignored.
func WithHints(s annotate.Suggester) Option { return func(m *Model) { m.hints = s } }

// hintPrior is the weight a hint of the rules starts with towards its
// own tag in a model with hints (see params.seedHints): the model starts
// as the rules and learns where the reviewers differ from them. Entity F1
// of the hinted model on MSRA (TestExperiment, rules alone 73.3 on
// msra[200:], 72.8 on msra[1000:]), prior 0 / 10 / 30 / 50 / 100 / 300:
// trained on 200 sentences 67.4 / 70.9 / 73.0 / 74.2 / 74.4 / 73.8, on
// 1,000 74.9 / 75.6 / 76.2 / 76.5 / 77.5 / 75.4, 5-fold cross-validation
// 81.6 / - / - / 82.2 / 81.8 / 80.9; Learn alone on 1,000: 63.0 (prior 0),
// 76.6 (50), 75.8 (100).
var hintPrior float32 = 64

// hintLabels are the labels asked of the hints.
var hintLabels = annotate.DefaultLabels()

// analyse computes the text-only features of one sentence, hints included.
func (m *Model) analyse(text string) *analysis {
	a := m.res.analyse(text)
	if m.hints != nil && len(a.runes) > 0 {
		if hs, err := m.hints.Suggest(context.Background(), text, hintLabels); err == nil {
			a.addHints(hs)
		}
	}
	return a
}

// Stats describe what a model has learned.
type Stats struct {
	Sentences int      // sentences kept to replay and retrain on
	Entities  int      // entities in them
	Labels    []string // labels the model can tag, in the order first learned
	Features  int      // features with a weight
}

// Stats returns what m has learned.
func (m *Model) Stats() Stats {
	m.mu.RLock()
	defer m.mu.RUnlock()
	st := Stats{Sentences: len(m.examples), Labels: slices.Clone(m.p.labels), Features: m.p.index.len()}
	for _, s := range m.examples {
		st.Entities += len(s.spans)
	}
	return st
}

// instance is a sentence ready to train on: features and gold tags.
type instance struct {
	feats []uint64
	off   []int32
	gold  []int
}

// gazWindow is how many sentences either side of a training sentence
// have their entities left out of the gazetteer with its own. Neighbours
// are most often from the same document, where a name repeats; left in,
// they teach the model to trust the gazetteer far more than it deserves
// on new documents (−2 to −7 F1 on MSRA).
const gazWindow = 40

// ownOf returns the entities of sents[lo:hi] as the gazetteer keys them.
func ownOf(sents []sentence, lo, hi int, p *params) own {
	o := own{}
	for _, s := range sents[max(lo, 0):min(hi, len(sents))] {
		for _, e := range s.ents {
			o[gazKey{e.surface, p.labelID[e.label]}]++
		}
	}
	return o
}

// window returns the bounds of the sentences whose entities the gazetteer
// leaves out while sentence i is trained on.
func window(i int) (lo, hi int) { return i - gazWindow, i + gazWindow + 1 }

// goldTags returns the BIOES tags of s; its labels must be known to p.
func goldTags(s *sentence, n int, p *params) []int {
	g := make([]int, n)
	for _, sp := range s.spans {
		l := p.labelID[sp.label]
		for i := sp.start; i < sp.end; i++ {
			g[i] = spanTag(l, i, sp.start, sp.end)
		}
	}
	return g
}

// instanceOf builds the training instance of s analysed as a, with the
// gazetteer leaving out the entities in skip. The labels of s must be
// known.
func instanceOf(a *analysis, s *sentence, p *params, g *gazetteer, skip own) instance {
	feats, off := a.withGazetteer(g, skip)
	return instance{feats: feats, off: off, gold: goldTags(s, len(a.runes), p)}
}

// step decodes in with the current weights and updates them if the
// result is wrong; then time moves on.
func (p *params) step(in *instance, buf *[]float32, pred *[]int) {
	n := len(in.gold)
	if n > 0 {
		need := n * p.nt
		if cap(*buf) < need {
			*buf = make([]float32, need)
		}
		e := (*buf)[:need]
		sc := scorer{p: p}
		sc.emissions(in.feats, in.off, e)
		*pred = viterbi(e, sc.transitions(), p.nt, *pred)
		if !slices.Equal(*pred, in.gold) {
			p.update(in.feats, in.off, in.gold, *pred)
		}
	}
	p.c++
	p.changed()
}

// temperature divides the perceptron's scores when they are read as a
// CRF's to give each suggestion a probability: 20 minimised the Brier
// score of the suggestions on held-out MSRA sentences at 300, 1,000 and
// 3,000 training sentences alike (1 made every score 0.99).
const temperature = 20

// addExample records s as learned: in the examples and the gazetteer.
// The caller holds m.mu.
func (m *Model) addExample(s sentence) {
	m.seq++
	s.seq = m.seq
	m.examples = append(m.examples, s)
	for _, e := range s.ents {
		m.gaz.add(e.surface, m.p.label(e.label), 1)
	}
}

// indexOf returns the index in m.examples of the sentence with sequence
// number seq, or -1. The caller holds m.mu.
func (m *Model) indexOf(seq uint64) int {
	i, ok := slices.BinarySearchFunc(m.examples, seq, func(s sentence, seq uint64) int {
		return cmp.Compare(s.seq, seq)
	})
	if !ok {
		return -1
	}
	return i
}

// forget removes the examples with key from the examples and the
// gazetteer. The caller holds m.mu.
func (m *Model) forget(key string) {
	if key == "" {
		return
	}
	m.examples = slices.DeleteFunc(m.examples, func(s sentence) bool {
		if s.key != key {
			return false
		}
		for _, e := range s.ents {
			m.gaz.add(e.surface, m.p.label(e.label), -1)
		}
		return true
	})
}

// Learn learns from one confirmed example at once: it keeps its
// sentences (and their entities in the gazetteer), updates the weights on
// each, then replays Replay earlier sentences picked at random. It takes
// about a millisecond for a sentence. The weights average over what was
// learned since the last Train or Retrain, counting those as one pass
// over their sentences: a new model follows every Learn, a model trained
// on thousands of sentences moves little until its next Retrain. It
// returns an EINVALID error, and changes nothing, if ex is not valid.
func (m *Model) Learn(ex Example) error {
	sents, err := ex.sentences()
	if err != nil {
		return err
	}
	// gse work first, outside the lock: the new sentences and the replays.
	as := make([]*analysis, len(sents))
	for i := range sents {
		as[i] = m.analyse(sents[i].text)
	}
	m.mu.RLock()
	var replay []sentence
	if k := len(m.examples); k > 0 {
		for range Replay {
			replay = append(replay, m.examples[m.rngIntN(k)])
		}
	}
	m.mu.RUnlock()
	ras := make([]*analysis, len(replay))
	for i := range replay {
		ras[i] = m.analyse(replay[i].text)
	}

	m.mu.Lock()
	defer m.mu.Unlock()
	m.forget(ex.Key)
	first := len(m.examples)
	for i := range sents {
		m.addExample(sents[i])
	}
	var (
		buf  []float32
		pred []int
	)
	for i := range sents {
		lo, hi := window(first + i)
		in := instanceOf(as[i], &sents[i], m.p, m.gaz, ownOf(m.examples, lo, hi, m.p))
		m.p.step(&in, &buf, &pred)
	}
	for i := range replay {
		j := m.indexOf(replay[i].seq)
		if j < 0 {
			continue // forgotten meanwhile
		}
		lo, hi := window(j)
		in := instanceOf(ras[i], &replay[i], m.p, m.gaz, ownOf(m.examples, lo, hi, m.p))
		m.p.step(&in, &buf, &pred)
	}
	return nil
}

// rngIntN returns a random int in [0, n).
func (m *Model) rngIntN(n int) int {
	m.rngMu.Lock()
	defer m.rngMu.Unlock()
	return m.rng.IntN(n)
}

// Train replaces what m has learned by training on exs for epochs passes
// (DefaultEpochs if epochs <= 0), reporting progress as it goes (done of
// total steps; progress may be nil). Features are computed in parallel;
// then Ensemble perceptrons are trained, each by one goroutine over its
// own shuffle (fixed by the data, so that training is repeatable), and
// averaged. m keeps tagging with its old weights meanwhile, and examples
// learned with Learn during the training are kept and learned again on
// the new weights. It returns ctx's error, leaving m as it was, if ctx
// ends first, and an EINVALID error for an invalid example.
func (m *Model) Train(ctx context.Context, exs []Example, epochs int, progress func(done, total int)) error {
	var sents []sentence
	for i := range exs {
		ss, err := exs[i].sentences()
		if err != nil {
			return annotate.Errorf(annotate.EINVALID, "example %d: %s", i+1, annotate.ErrorMessage(err))
		}
		sents = append(sents, ss...)
	}
	m.fitMu.Lock()
	defer m.fitMu.Unlock()
	m.mu.RLock()
	since := m.seq
	m.mu.RUnlock()
	return m.fit(ctx, sents, since, epochs, progress, false)
}

// Retrain trains m afresh on every sentence it has learned, for
// DefaultEpochs passes: what Train does with the examples given to Train
// and Learn so far. Run it in the background every few hundred
// confirmations; m keeps tagging and learning meanwhile.
func (m *Model) Retrain(ctx context.Context, progress func(done, total int)) error {
	m.fitMu.Lock()
	defer m.fitMu.Unlock()
	m.mu.RLock()
	sents := slices.Clone(m.examples)
	since := m.seq
	m.mu.RUnlock()
	return m.fit(ctx, sents, since, DefaultEpochs, progress, true)
}

// fit trains new weights on sents and swaps them in, then learns again
// the sentences m learned after sequence number since. With retrain,
// sents are m's own examples as they were at since, and those forgotten
// meanwhile stay forgotten.
func (m *Model) fit(ctx context.Context, sents []sentence, since uint64, epochs int, progress func(done, total int), retrain bool) error {
	if epochs <= 0 {
		epochs = DefaultEpochs
	}
	p, g := newParams(), newGazetteer()
	p.prior = m.p.prior
	total := len(sents) * (epochs + 1)
	done, every := 0, max(1, total/200)
	tick := func() {
		done++
		if progress != nil && (done%every == 0 || done == total) {
			progress(done, total)
		}
	}

	// Features, in parallel: the analyses first, then the gazetteer they
	// need, then the instances.
	as := make([]*analysis, len(sents))
	if err := parallel(ctx, len(sents), func(i int) { as[i] = m.analyse(sents[i].text) }); err != nil {
		return err
	}
	for i := range sents {
		for _, e := range sents[i].ents {
			g.add(e.surface, p.label(e.label), 1)
		}
	}
	ins := make([]instance, len(sents))
	if err := parallel(ctx, len(sents), func(i int) {
		lo, hi := window(i)
		ins[i] = instanceOf(as[i], &sents[i], p, g, ownOf(sents, lo, hi, p))
		as[i] = nil
	}); err != nil {
		return err
	}
	for range sents {
		tick()
	}
	// The weights: Ensemble perceptrons, each updated by one goroutine
	// only (perceptrons sharing updates across goroutines lose 4 F1),
	// each over its own shuffle, then averaged.
	runs := make([]*params, Ensemble)
	var wg sync.WaitGroup
	var cerr error
	var emu sync.Mutex
	for r := range Ensemble {
		q := p.cloneEmpty()
		runs[r] = q
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(len(sents)), uint64(7+r)))
			order := make([]int, len(sents))
			for i := range order {
				order[i] = i
			}
			var (
				buf  []float32
				pred []int
			)
			for range epochs {
				rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
				for k, i := range order {
					if k%64 == 0 && ctx.Err() != nil {
						emu.Lock()
						cerr = ctx.Err()
						emu.Unlock()
						return
					}
					q.step(&ins[i], &buf, &pred)
					if r == 0 {
						tick()
					}
				}
			}
		})
	}
	wg.Wait()
	if cerr != nil {
		return cerr
	}
	p = mergeParams(runs)
	p.c = float64(max(1, len(sents)))
	ins = nil

	// Swap, keeping what was learned meanwhile.
	m.mu.Lock()
	defer m.mu.Unlock()
	var later []sentence
	kept := map[uint64]bool{}
	for _, s := range m.examples {
		if s.seq > since {
			later = append(later, s)
		} else {
			kept[s.seq] = true
		}
	}
	if retrain && len(kept) < len(sents) {
		// Forgotten during the training: out of the examples and the
		// gazetteer (the weights keep them until the next retrain).
		sents = slices.DeleteFunc(sents, func(s sentence) bool { return !kept[s.seq] })
		g = newGazetteer()
		for i := range sents {
			for _, e := range sents[i].ents {
				g.add(e.surface, p.label(e.label), 1)
			}
		}
	}
	m.p, m.gaz, m.examples = p, g, sents
	m.renumber()
	var (
		buf  []float32
		pred []int
	)
	for _, s := range later {
		m.forget(s.key) // a newer version of a document in sents
	}
	for i := range later {
		s := later[i]
		a := m.analyse(s.text)
		m.addExample(s)
		lo, hi := window(len(m.examples) - 1)
		in := instanceOf(a, &s, m.p, m.gaz, ownOf(m.examples, lo, hi, m.p))
		m.p.step(&in, &buf, &pred)
	}
	return nil
}

// renumber gives m's examples sequence numbers in order. The caller holds
// m.mu.
func (m *Model) renumber() {
	for i := range m.examples {
		m.seq++
		m.examples[i].seq = m.seq
	}
}

// parallel calls f(i) for i in [0, n) on GOMAXPROCS goroutines. It
// returns ctx's error if ctx ends first.
func parallel(ctx context.Context, n int, f func(i int)) error {
	workers := min(runtime.GOMAXPROCS(0), max(n, 1))
	var wg sync.WaitGroup
	next := make(chan int, workers)
	for range workers {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	var err error
	for i := range n {
		if i%32 == 0 {
			if err = ctx.Err(); err != nil {
				break
			}
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return err
}

// Tag returns the entities m finds in text, with code point offsets,
// sorted by start, none overlapping, each with source "model" and a score
// in [0,1]: the probability of that exact span and label when the
// weights are read as a linear-chain CRF's. An untrained model finds
// nothing. Invalid UTF-8 bytes count as one code point each.
func (m *Model) Tag(text string) []annotate.Suggestion {
	rs := []rune(text)
	var out []annotate.Suggestion
	for _, c := range splitRunes(rs, func(int) bool { return true }) {
		a := m.analyse(string(rs[c.start:c.end]))
		out = m.tagChunk(a, c.start, out)
	}
	return out
}

// tagChunk appends the suggestions of one analysed sentence starting at
// code point base.
func (m *Model) tagChunk(a *analysis, base int, out []annotate.Suggestion) []annotate.Suggestion {
	m.mu.RLock()
	defer m.mu.RUnlock()
	p := m.p
	n := len(a.runes)
	if len(p.labels) == 0 || n == 0 {
		return out
	}
	feats, off := a.withGazetteer(m.gaz, nil)
	sc := scorer{p: p, avg: true}
	e := make([]float32, n*p.nt)
	sc.emissions(feats, off, e)
	tr := sc.transitions()
	// A span never starts or ends inside a run of Latin letters or digits
	// ("ance" of Vance, "elenskyyU" of @ZelenskyyUa), in decoding itself.
	tags := viterbiJoined(e, tr, p.nt, latinJoined(a.runes), nil)
	var lt *lattice
	for i := 0; i < n; {
		t := tags[i]
		if !starts(t) { // viterbi's tags are well formed: O here
			i++
			continue
		}
		j := i + 1
		for j < n && open(tags[j-1]) {
			j++
		}
		if lt == nil {
			lt = newLattice(e, tr, p.nt, temperature)
		}
		l := labelOf(t)
		out = append(out, annotate.Suggestion{
			Start: base + i, End: base + j, Label: p.labels[l], Source: Source,
			Score: lt.spanProb(i, j, l),
		})
		i = j
	}
	return out
}

// Suggest implements annotate.Suggester: Tag's suggestions whose label is
// one of labels (by name). It returns an EINVALID error if text is not
// valid UTF-8, and ctx's error if ctx has ended.
func (m *Model) Suggest(ctx context.Context, text string, labels []annotate.Label) ([]annotate.Suggestion, error) {
	if !utf8.ValidString(text) {
		return nil, annotate.Errorf(annotate.EINVALID, "text is not valid UTF-8")
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	want := make(map[string]bool, len(labels))
	for _, l := range labels {
		want[l.Name] = true
	}
	all := m.Tag(text)
	out := all[:0]
	for _, s := range all {
		if want[s.Label] {
			out = append(out, s)
		}
	}
	return out, nil
}
