package project

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"goldspan/annotate"
	"goldspan/annotate/agree"
)

// Adjudicator settles the disagreements between annotators into the gold
// layer (annotate.GoldAnnotator), one document or many at a time. Every
// change is a gold Reviewer's store call, logged like a reviewer's, so
// Ctrl+Z undoes it on its document; a bulk pass (Apply) remembers what it
// logged so that it can be undone in one step (Bulk.Undo).
type Adjudicator struct {
	St annotate.Store
	// Annotators are the layers settled between; gold is never among them.
	Annotators []string
	// Suggester, when a Learner, hears of every gold change (see Reviewer).
	Suggester annotate.Suggester
}

// gold is the Reviewer that edits the gold layer.
func (a Adjudicator) gold() Reviewer {
	return Reviewer{St: a.St, Annotator: annotate.GoldAnnotator, Suggester: a.Suggester}
}

// Case is one document as adjudication sees it: the annotators' layers,
// gold's spans and status, and where the annotators disagree.
type Case struct {
	Doc           annotate.Document
	Layers        map[string][]annotate.Span // by annotator (only a.Annotators)
	Gold          []annotate.Span
	GoldStatus    annotate.Status
	Disagreements []agree.Disagreement
}

// Load reads document id's case. context is the code points of text each
// disagreement keeps either side (0 the default, negative none).
func (a Adjudicator) Load(ctx context.Context, id string, context int) (Case, error) {
	doc, err := a.St.Document(ctx, id)
	if err != nil {
		return Case{}, err
	}
	all, err := a.St.AllSpans(ctx, id)
	if err != nil {
		return Case{}, err
	}
	c := Case{Doc: doc, Layers: map[string][]annotate.Span{}}
	for _, s := range all {
		switch {
		case s.Annotator == annotate.GoldAnnotator:
			c.Gold = append(c.Gold, s)
		case slices.Contains(a.Annotators, s.Annotator):
			c.Layers[s.Annotator] = append(c.Layers[s.Annotator], s)
		}
	}
	if c.GoldStatus, err = a.St.Status(ctx, id, annotate.GoldAnnotator); err != nil {
		return Case{}, err
	}
	c.Disagreements = agree.Disagreements(doc.ID, doc.Text, c.Layers, a.Annotators, context)
	return c, nil
}

// Finished returns the documents every one of a.Annotators has marked done
// (or has in progress, with inProgress), in import order: the documents
// adjudication compares, with disagreements or without.
func (a Adjudicator) Finished(ctx context.Context, inProgress bool) ([]string, error) {
	var ids []string
	for _, who := range a.Annotators {
		mine := map[string]bool{}
		const page = 1000
		for off := 0; ; off += page {
			docs, err := a.St.Documents(ctx, annotate.DocumentFilter{Annotator: who, Offset: off, Limit: page})
			if err != nil {
				return nil, err
			}
			for _, d := range docs {
				if d.Status == annotate.StatusDone || (inProgress && d.Status == annotate.StatusInProgress) {
					mine[d.ID] = true
					if who == a.Annotators[0] {
						ids = append(ids, d.ID)
					}
				}
			}
			if len(docs) < page {
				break
			}
		}
		ids = slices.DeleteFunc(ids, func(id string) bool { return !mine[id] })
	}
	return ids, nil
}

// RuleKind names a bulk decision.
type RuleKind int

// The bulk decisions.
const (
	// RuleUnanimous takes the spans every annotator has into gold, and
	// decides no disagreement (INCEpTION's automatic merge).
	RuleUnanimous RuleKind = iota + 1
	// RuleFrom takes one annotator's version of every disagreement.
	RuleFrom
	// RuleMajority takes the version that at least Threshold of the
	// annotators share, when one version alone has the most votes.
	RuleMajority
)

// Rule is what a bulk pass decides: the spans all annotators share go into
// gold under every rule; RuleFrom and RuleMajority decide disagreements
// besides.
type Rule struct {
	Kind RuleKind
	// From is RuleFrom's annotator.
	From string
	// Threshold is RuleMajority's share of the annotators a version needs,
	// in (0, 1]; a tie for the most votes decides nothing.
	Threshold float64
}

// String names the rule for a message: "take everything from bob".
func (r Rule) String() string {
	switch r.Kind {
	case RuleUnanimous:
		return "accept where all annotators agree"
	case RuleFrom:
		return "take everything from " + r.From
	case RuleMajority:
		return fmt.Sprintf("majority vote (at least %.0f%% of the annotators)", r.Threshold*100)
	}
	return "no rule"
}

// Validate returns EINVALID for a rule that cannot decide among annotators.
func (r Rule) Validate(annotators []string) error {
	switch r.Kind {
	case RuleUnanimous:
	case RuleFrom:
		if !slices.Contains(annotators, r.From) {
			return annotate.Errorf(annotate.EINVALID, "annotator %q is not among those adjudicated (%s)", r.From, strings.Join(annotators, ", "))
		}
	case RuleMajority:
		if !(r.Threshold > 0 && r.Threshold <= 1) {
			return annotate.Errorf(annotate.EINVALID, "a majority threshold must be above 0 and at most 1, not %g", r.Threshold)
		}
	default:
		return annotate.Errorf(annotate.EINVALID, "unknown adjudication rule %d", r.Kind)
	}
	return nil
}

// Decide returns the version r takes for disagreement d, and false when r
// decides nothing there.
func (r Rule) Decide(d agree.Disagreement) ([]agree.SpanText, bool) {
	switch r.Kind {
	case RuleFrom:
		for _, v := range d.Versions {
			if v.Annotator == r.From {
				return v.Spans, true
			}
		}
	case RuleMajority:
		best, votes, tie := -1, 0, false
		for i, v := range d.Versions {
			n := 0
			for _, w := range d.Versions {
				if SameVersion(v.Spans, w.Spans) {
					n++
				}
			}
			switch {
			case n > votes:
				best, votes, tie = i, n, false
			case n == votes && !SameVersion(v.Spans, d.Versions[best].Spans):
				tie = true
			}
		}
		if best >= 0 && !tie && float64(votes) >= r.Threshold*float64(len(d.Versions))-1e-9 {
			return d.Versions[best].Spans, true
		}
	}
	return nil, false
}

// SameVersion reports whether two versions hold the same spans (offsets
// and labels; text and order aside).
func SameVersion(a, b []agree.SpanText) bool {
	if len(a) != len(b) {
		return false
	}
	type key struct {
		start, end int
		label      string
	}
	set := map[key]int{}
	for _, s := range a {
		set[key{s.Start, s.End, s.Label}]++
	}
	for _, s := range b {
		set[key{s.Start, s.End, s.Label}]--
	}
	for _, n := range set {
		if n != 0 {
			return false
		}
	}
	return true
}

// GoldVersion is gold's spans overlapping [start, end), as a version.
func GoldVersion(text string, gold []annotate.Span, start, end int) []agree.SpanText {
	runes := []rune(text)
	var out []agree.SpanText
	for _, s := range gold {
		if s.Start < end && s.End > start && s.Start >= 0 && s.End <= len(runes) {
			out = append(out, agree.SpanText{Start: s.Start, End: s.End, Label: s.Label, Text: string(runes[s.Start:s.End])})
		}
	}
	return out
}

// Take makes gold's spans overlapping [start, end) of document docID
// exactly want (by offsets and label): gold's other spans there are
// deleted and the missing ones added, one logged action each. gold is the
// document's gold spans as they are now. It returns how many it added and
// removed; on an error, what it did before stays done.
func (a Adjudicator) Take(ctx context.Context, docID string, gold []annotate.Span, start, end int, want []agree.SpanText) (added, removed int, err error) {
	type key struct {
		start, end int
		label      string
	}
	wanted := map[key]bool{}
	for _, s := range want {
		wanted[key{s.Start, s.End, s.Label}] = true
	}
	have := map[key]bool{}
	r := a.gold()
	for _, s := range gold {
		if s.Start >= end || s.End <= start {
			continue
		}
		if k := (key{s.Start, s.End, s.Label}); wanted[k] && !have[k] {
			have[k] = true
			continue
		}
		if err := r.DeleteSpan(ctx, s); err != nil {
			return added, removed, err
		}
		removed++
	}
	for _, s := range want {
		k := key{s.Start, s.End, s.Label}
		if have[k] {
			continue
		}
		if _, err := r.AddSpan(ctx, docID, s.Start, s.End, s.Label); err != nil {
			return added, removed, err
		}
		have[k] = true
		added++
	}
	return added, removed, nil
}

// AcceptUnanimous adds to gold the spans every annotator of c has that gold
// lacks, where gold has no span overlapping them (gold's own decision
// there stands), and returns how many it added.
func (a Adjudicator) AcceptUnanimous(ctx context.Context, c Case) (int, error) {
	n := 0
	r := a.gold()
	for _, s := range agree.Unanimous(c.Layers, a.Annotators) {
		if slices.ContainsFunc(c.Gold, func(g annotate.Span) bool { return g.Start < s.End && g.End > s.Start }) {
			continue
		}
		if _, err := r.AddSpan(ctx, c.Doc.ID, s.Start, s.End, s.Label); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// Bulk is what one bulk pass did: how many documents it visited and
// changed, the disagreements it decided and left, gold spans added and
// removed, the documents it marked gold done, and the actions it logged
// on each document, so that the pass can be undone in one step.
type Bulk struct {
	Rule      Rule
	Documents int // documents visited (gold not done on them)
	Touched   int // of them, those the pass changed
	Decided   int // disagreements the rule decided
	Left      int // disagreements it left for the lead
	Added     int // gold spans added (the unanimous ones among them)
	Removed   int // gold spans removed
	Done      int // documents marked gold done (nothing left to decide)

	logged map[string][]int64 // by document: the action ids the pass logged, oldest first
	order  []string
}

// String says in one line what the pass did.
func (b *Bulk) String() string {
	s := fmt.Sprintf("%s: %s added and %s removed in %s",
		capitalise(b.Rule.String()), annotate.Plural(b.Added, "gold span"), annotate.Plural(b.Removed, "span"),
		annotate.Plural(b.Touched, "document"))
	if b.Rule.Kind != RuleUnanimous {
		s += fmt.Sprintf("; %s decided, %d left", annotate.Plural(b.Decided, "disagreement"), b.Left)
	}
	if b.Done > 0 {
		s += fmt.Sprintf("; %s marked gold done", annotate.Plural(b.Done, "document"))
	}
	return s
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Changed reports whether the pass logged any action (there is something
// to undo).
func (b *Bulk) Changed() bool { return len(b.order) > 0 }

// Apply runs rule over the documents ids that gold has not marked done:
// it adds the spans all annotators share (AcceptUnanimous), takes the
// version the rule decides for each disagreement (Take), and, with
// markDone, marks gold done on each document where nothing is left to
// decide. Each change is its own logged action (a cancelled pass keeps
// what it finished, and Bulk.Undo still undoes it). progress, if not nil,
// hears of each document.
func (a Adjudicator) Apply(ctx context.Context, ids []string, rule Rule, markDone bool, progress func(i, n int)) (*Bulk, error) {
	b := &Bulk{Rule: rule, logged: map[string][]int64{}}
	if err := rule.Validate(a.Annotators); err != nil {
		return b, err
	}
	for i, id := range ids {
		if err := ctx.Err(); err != nil {
			return b, err
		}
		if progress != nil {
			progress(i, len(ids))
		}
		err := a.applyOne(ctx, id, rule, markDone, b)
		if err != nil {
			return b, fmt.Errorf("%s: %w", id, err)
		}
	}
	return b, nil
}

// applyOne runs the rule on one document and records what it logged.
func (a Adjudicator) applyOne(ctx context.Context, id string, rule Rule, markDone bool, b *Bulk) (err error) {
	c, err := a.Load(ctx, id, -1)
	if err != nil || c.GoldStatus == annotate.StatusDone {
		return err
	}
	b.Documents++
	before, err := a.lastAction(ctx, id)
	if err != nil {
		return err
	}
	defer func() {
		ids, lerr := a.actionsAfter(ctx, id, before)
		if lerr != nil && err == nil {
			err = lerr
		}
		if len(ids) > 0 {
			b.logged[id] = ids
			b.order = append(b.order, id)
			b.Touched++
		}
	}()
	n, err := a.AcceptUnanimous(ctx, c)
	b.Added += n
	if err != nil {
		return err
	}
	left := 0
	for _, d := range c.Disagreements {
		want, ok := rule.Decide(d)
		if !ok {
			left++
			continue
		}
		gold, err := a.St.Spans(ctx, id, annotate.GoldAnnotator)
		if err != nil {
			return err
		}
		added, removed, err := a.Take(ctx, id, gold, d.Start, d.End, want)
		b.Added, b.Removed = b.Added+added, b.Removed+removed
		if err != nil {
			return err
		}
		b.Decided++
	}
	b.Left += left
	if markDone && left == 0 {
		if err := a.gold().SetStatus(ctx, id, annotate.StatusDone); err != nil {
			return err
		}
		b.Done++
	}
	return nil
}

// lastAction is the id of gold's newest logged action on the document (0 if none).
func (a Adjudicator) lastAction(ctx context.Context, id string) (int64, error) {
	acts, err := a.St.Actions(ctx, id, annotate.GoldAnnotator)
	if err != nil || len(acts) == 0 {
		return 0, err
	}
	return acts[len(acts)-1].ID, nil
}

// actionsAfter lists gold's actions on the document logged after action id
// after and not undone, oldest first.
func (a Adjudicator) actionsAfter(ctx context.Context, id string, after int64) ([]int64, error) {
	acts, err := a.St.Actions(ctx, id, annotate.GoldAnnotator)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, x := range acts {
		if x.ID > after && !x.Undone {
			out = append(out, x.ID)
		}
	}
	return out, nil
}

// Undo takes the pass back in one step: on each document it changed, it
// undoes the actions the pass logged (from the stored log, newest first),
// unless gold was changed there since, which keeps that document as it is.
// It returns how many documents it restored and the ids of those it kept.
// A second Undo does nothing.
func (b *Bulk) Undo(ctx context.Context, a Adjudicator) (restored int, kept []string, err error) {
	r := a.gold()
	for k := len(b.order) - 1; k >= 0; k-- {
		id := b.order[k]
		mine := b.logged[id]
		acts, err := a.St.Actions(ctx, id, annotate.GoldAnnotator)
		if err != nil {
			return restored, kept, err
		}
		var live []int64
		for _, x := range acts {
			if !x.Undone {
				live = append(live, x.ID)
			}
		}
		if len(live) < len(mine) || !slices.Equal(live[len(live)-len(mine):], mine) {
			kept = append(kept, id)
			continue
		}
		for range mine {
			if _, err := r.Undo(ctx, id); err != nil {
				return restored, kept, fmt.Errorf("%s: %w", id, err)
			}
		}
		restored++
	}
	b.order, b.logged = nil, nil
	slices.Reverse(kept)
	return restored, kept, nil
}

// Remaining counts the disagreements of dis (an agreement report's, in
// document order) on documents that gold has not marked done, and those
// documents: what is left to adjudicate.
func (a Adjudicator) Remaining(ctx context.Context, dis []agree.Disagreement) (disagreements, documents int, err error) {
	done := map[string]bool{}
	seen := map[string]bool{}
	for _, d := range dis {
		if !seen[d.Doc] {
			seen[d.Doc] = true
			st, err := a.St.Status(ctx, d.Doc, annotate.GoldAnnotator)
			if err != nil {
				return 0, 0, err
			}
			done[d.Doc] = st == annotate.StatusDone
			if !done[d.Doc] {
				documents++
			}
		}
		if !done[d.Doc] {
			disagreements++
		}
	}
	return disagreements, documents, nil
}
