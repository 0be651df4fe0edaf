package suggest

import (
	"maps"
	"slices"
	"sync"
	"unicode/utf8"
)

// Votes are the reviewers' decisions on one surface form: per label, how
// often a span with that text and label was confirmed (added or accepted),
// and how often a suggestion with that text and label was rejected.
type Votes struct {
	Confirmed map[string]int
	Rejected  map[string]int
}

// Best returns the label confirmed most often (ties broken by name) whose
// confirmations outnumber its rejections, with a score in (0,1): the
// share of decisions on the surface that confirmed it, smoothed. ok is
// false when no label qualifies.
func (v Votes) Best() (label string, score float64, ok bool) {
	best, total := 0, 0
	for l, c := range v.Confirmed {
		total += c
		if c <= v.Rejected[l] {
			continue
		}
		if c > best || c == best && l < label {
			label, best = l, c
		}
	}
	for _, r := range v.Rejected {
		total += r
	}
	if best == 0 {
		return "", 0, false
	}
	return label, float64(best+1) / float64(total+2), true
}

// MinEvidence is how many consistent decisions on a surface and label it
// takes before they override the machine: withhold its suggestions, or
// put a learned label on it ahead of the rules and the gazetteer. One
// stray decision never changes what other documents are suggested; a
// gazetteer entry or a pattern needs one decision more (see suppress).
const MinEvidence = 2

// Strong reports whether the reviewers' confirmations of the surface as
// label are consistent evidence: at least MinEvidence of them, and a clear
// majority (two thirds) of every decision on the surface. A learned label
// with weaker evidence is suggested only where nothing else is.
func (v Votes) Strong(label string) bool {
	c := v.Confirmed[label]
	return c >= MinEvidence && 3*c >= 2*v.total()
}

// total is the number of decisions on the surface.
func (v Votes) total() int {
	n := 0
	for _, c := range v.Confirmed {
		n += c
	}
	for _, r := range v.Rejected {
		n += r
	}
	return n
}

// Suppressed reports whether suggestions of the surface as label should
// be withheld: reviewers rejected them at least MinEvidence times, a clear
// majority (two thirds) of their decisions on the surface as that label.
func (v Votes) Suppressed(label string) bool { return v.suppressedAfter(label, MinEvidence) }

// suppressedAfter is Suppressed with another minimum of rejections.
func (v Votes) suppressedAfter(label string, min int) bool {
	r := v.Rejected[label]
	return r >= min && 3*r >= 2*(r+v.Confirmed[label])
}

// Lexicon is a project's learned lexicon: what reviewers confirmed and
// rejected, keyed by surface form folded with Fold. storage implements it
// over SQLite; Learned is the in-memory implementation. Implementations
// must be safe for concurrent use.
type Lexicon interface {
	// Lookup returns the votes on a folded surface form, and false if
	// there are none. The caller does not modify the maps.
	Lookup(surface string) (Votes, bool)
	// Lengths returns the distinct lengths in code points of the folded
	// surfaces that begin with r, longest first, or nil if there are none.
	Lengths(r rune) []int
}

// Learned is an in-memory Lexicon, safe for concurrent use. The zero value
// is empty and ready. A project keeps one, loads it from the store when it
// opens and feeds it every confirmation and rejection, so that the next
// Suggest call uses them at once.
type Learned struct {
	mu      sync.RWMutex
	entries map[string]*Votes
	lengths map[rune][]int
	singles map[string]bool // the keys of one code point
}

// NewLearned returns an empty learned lexicon.
func NewLearned() *Learned { return &Learned{} }

// Confirm records that a reviewer confirmed a span with this text and
// label (added it, or accepted or edited a suggestion into it).
func (l *Learned) Confirm(surface, label string) { l.Add(surface, label, 1, 0) }

// Reject records that a reviewer rejected a suggestion with this text and
// label.
func (l *Learned) Reject(surface, label string) { l.Add(surface, label, 0, 1) }

// Add adds confirmed and rejected votes for surface and label at once, as
// storage does when it loads a project's counts. Negative counts undo
// earlier votes (undo in the GUI); counts never drop below zero. Empty
// surfaces and labels are ignored.
func (l *Learned) Add(surface, label string, confirmed, rejected int) {
	if surface == "" || label == "" || !utf8.ValidString(surface) {
		return
	}
	key := Fold(surface)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.entries == nil {
		l.entries = map[string]*Votes{}
		l.lengths = map[rune][]int{}
	}
	v := l.entries[key]
	if v == nil {
		v = &Votes{Confirmed: map[string]int{}, Rejected: map[string]int{}}
		l.entries[key] = v
		if utf8.RuneCountInString(key) == 1 {
			if l.singles == nil {
				l.singles = map[string]bool{}
			}
			l.singles[key] = true
		}
		r, _ := utf8.DecodeRuneInString(key)
		n := utf8.RuneCountInString(key)
		if ls := l.lengths[r]; !slices.Contains(ls, n) {
			// A new slice: readers may hold the old one.
			ls = append(slices.Clone(ls), n)
			slices.SortFunc(ls, func(a, b int) int { return b - a })
			l.lengths[r] = ls
		}
	}
	bump(v.Confirmed, label, confirmed)
	bump(v.Rejected, label, rejected)
}

func bump(m map[string]int, k string, d int) {
	if n := m[k] + d; n > 0 {
		m[k] = n
	} else {
		delete(m, k)
	}
}

// Lookup implements Lexicon. The votes returned are a copy.
func (l *Learned) Lookup(surface string) (Votes, bool) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	v, ok := l.entries[surface]
	if !ok {
		return Votes{}, false
	}
	return Votes{Confirmed: maps.Clone(v.Confirmed), Rejected: maps.Clone(v.Rejected)}, true
}

// Lengths implements Lexicon.
func (l *Learned) Lengths(r rune) []int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.lengths[r]
}

// SingleCharacters tallies the decisions on every one-character surface
// as label: a class of suggestions (俄, 美, 英 as LOC: abbreviations of
// countries) that a project's guidelines may mark or not. surfaces counts
// those the reviewers rejected more often than they confirmed.
func (l *Learned) SingleCharacters(label string) (confirmed, rejected, surfaces int) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return learnedLocked{l}.SingleCharacters(label)
}

// SingleCharacters implements classLexicon for a locked Learned.
func (x learnedLocked) SingleCharacters(label string) (confirmed, rejected, surfaces int) {
	for key := range x.l.singles {
		v := x.l.entries[key]
		if v == nil {
			continue
		}
		c, r := v.Confirmed[label], v.Rejected[label]
		confirmed += c
		rejected += r
		if r > c {
			surfaces++
		}
	}
	return confirmed, rejected, surfaces
}

// classLexicon is a Lexicon that also tallies decisions by class.
type classLexicon interface {
	SingleCharacters(label string) (confirmed, rejected, surfaces int)
}

// singlesSuppressed reports whether the reviewers' decisions withhold the
// whole class of one-character suggestions as label: at least 2 ×
// MinEvidence rejections, on at least two different characters, and a
// clear majority (two thirds) of every decision on the class. One stray
// decision, or a convention about one character alone, never does.
func singlesSuppressed(lex Lexicon, label string) bool {
	cl, ok := lex.(classLexicon)
	if !ok {
		return false
	}
	c, r, n := cl.SingleCharacters(label)
	return r >= 2*MinEvidence && n >= 2 && 3*r >= 2*(r+c)
}

// classSuppressed reports whether the reviewers' decisions withhold a
// class of suggestions as label that the lexicon counts under key (such
// as annotate.TitleClass): at least 2 × MinEvidence rejections, and a
// clear majority (two thirds) of every decision on the class. One stray
// decision never does.
func classSuppressed(lex Lexicon, key, label string) bool {
	v, ok := lex.Lookup(Fold(key))
	return ok && v.suppressedAfter(label, 2*MinEvidence)
}

// Len returns the number of surface forms with votes.
func (l *Learned) Len() int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return len(l.entries)
}

// learnedLocked reads a Learned whose read lock the caller holds.
type learnedLocked struct{ l *Learned }

func (x learnedLocked) Lookup(surface string) (Votes, bool) {
	v, ok := x.l.entries[surface]
	if !ok {
		return Votes{}, false
	}
	return *v, true
}

func (x learnedLocked) Lengths(r rune) []int { return x.l.lengths[r] }
