package project

// What the Learner does with each change: which sentences of a document it
// learns from and under which keys, how it scores the two sources on a
// document marked done, how it retrains and stores the model, and how it
// catches up with done documents it has not learned from.

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"goldspan/annotate"
	"goldspan/annotate/score"
	"goldspan/annotate/tagger"
)

// Sentence keys: the model keeps each sentence under
// kind, document ID and start, each followed by keySep (so that no key
// is a prefix of another), kind "d" for a document marked done and "p"
// for a sentence settled in a document in progress.
const keySep = "\x1f"

func sentenceKey(kind, docID string, start int) string {
	return kind + keySep + docID + keySep + strconv.Itoa(start) + keySep
}

func keyPrefix(kind, docID string) string { return kind + keySep + docID + keySep }

// doneDocuments counts the done documents m learned from.
func doneDocuments(m *tagger.Model) int {
	docs := map[string]bool{}
	for _, k := range m.Keys() {
		if rest, ok := strings.CutPrefix(k, "d"+keySep); ok {
			rest = strings.TrimSuffix(rest, keySep)
			if i := strings.LastIndex(rest, keySep); i >= 0 {
				docs[rest[:i]] = true
			}
		}
	}
	return len(docs)
}

// piece is a sentence of a document, in code points.
type piece struct{ start, end int }

// sentencesOf cuts text into sentences after 。！？!?；; and line breaks
// (and the closing quotes and brackets that follow them), never inside
// one of spans.
func sentencesOf(text string, spans []annotate.Span) ([]rune, []piece) {
	rs := []rune(text)
	inside := make([]bool, len(rs)+1) // inside[i]: a span covers both i-1 and i
	for _, s := range spans {
		for i := max(s.Start+1, 0); i < s.End && i <= len(rs); i++ {
			inside[i] = true
		}
	}
	var out []piece
	start := 0
	for i := 0; i < len(rs); i++ {
		if !strings.ContainsRune("。！？!?；;\n\r\u2028", rs[i]) {
			continue
		}
		j := i + 1
		for j < len(rs) && strings.ContainsRune("」』”’）)】〉》\"'\n\r", rs[j]) {
			j++
		}
		if !inside[j] {
			out = append(out, piece{start, j})
			start = j
		}
		i = j - 1
	}
	if start < len(rs) {
		out = append(out, piece{start, len(rs)})
	}
	// Drop blank pieces.
	out = slices.DeleteFunc(out, func(p piece) bool { return strings.TrimSpace(string(rs[p.start:p.end])) == "" })
	return rs, out
}

// overlapsAny reports whether a suggestion of sugs overlaps the sentence p.
func overlapsAny(p piece, sugs []annotate.Suggestion) bool {
	for _, s := range sugs {
		if s.Start < p.end && p.start < s.End {
			return true
		}
	}
	return false
}

// example is the sentence p of a document with the spans inside it.
func example(key string, rs []rune, p piece, spans []annotate.Span) tagger.Example {
	ex := tagger.Example{Key: key, Text: string(rs[p.start:p.end])}
	for _, s := range spans {
		if s.Start >= p.start && s.End <= p.end {
			ex.Spans = append(ex.Spans, annotate.Span{Start: s.Start - p.start, End: s.End - p.start, Label: s.Label})
		}
	}
	return ex
}

// fingerprint identifies what an example teaches.
func fingerprint(ex tagger.Example) string {
	var b strings.Builder
	b.WriteString(ex.Text)
	for _, s := range ex.Spans {
		fmt.Fprintf(&b, "\x00%d,%d,%s", s.Start, s.End, s.Label)
	}
	return b.String()
}

// learnExample learns ex unless this session already learned it as it is.
// It reports whether it learned.
func (l *Learner) learnExample(ex tagger.Example) (bool, error) {
	fp := fingerprint(ex)
	l.mu.Lock()
	same := l.learned[ex.Key] == fp
	l.mu.Unlock()
	if same && l.model.Known(ex.Key) > 0 {
		return false, nil
	}
	if err := l.model.Learn(ex); err != nil {
		return false, err
	}
	l.mu.Lock()
	l.learned[ex.Key] = fp
	l.since++
	l.dirty = true
	l.mu.Unlock()
	return true, nil
}

// forget removes what the model keeps under the keys starting with prefix.
func (l *Learner) forget(prefix string) {
	if l.model.Forget(prefix) > 0 {
		l.mu.Lock()
		for k := range l.learned {
			if strings.HasPrefix(k, prefix) {
				delete(l.learned, k)
			}
		}
		l.dirty = true
		l.mu.Unlock()
	}
}

// learn learns from one change: a document marked done is scored and
// learned whole; in a document in progress, each sentence the reviewer
// acted on and left no suggestion undecided in is learned, and any other
// is forgotten (an undone decision takes its lesson back).
func (l *Learner) learn(ctx context.Context, c change) error {
	doc, err := l.st.Document(ctx, c.doc)
	if annotate.ErrorCode(err) == annotate.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	status, err := l.st.Status(ctx, c.doc, c.annotator)
	if err != nil {
		return err
	}
	spans, err := l.st.Spans(ctx, c.doc, c.annotator)
	if err != nil {
		return err
	}
	rs, pieces := sentencesOf(doc.Text, spans)
	dp, pp := keyPrefix("d", doc.ID), keyPrefix("p", doc.ID)
	switch status {
	case annotate.StatusDone:
		// A document marked done before the done gate can hold undecided
		// suggestions: they are neither entities nor negatives, so the
		// document is not scored and their sentences are not learned.
		undecided, err := l.st.Suggestions(ctx, c.doc, c.annotator)
		if err != nil {
			return err
		}
		if len(undecided) == 0 {
			l.score(doc, spans)
		}
		l.forget(pp)
		for _, p := range pieces {
			key := sentenceKey("d", doc.ID, p.start)
			if overlapsAny(p, undecided) {
				l.forget(key)
				continue
			}
			if _, err := l.learnExample(example(key, rs, p, spans)); err != nil {
				return fmt.Errorf("document %s: %w", doc.ID, err)
			}
		}
		l.afterLearning(true)
		return nil
	case annotate.StatusSkipped:
		l.forget(dp)
		l.forget(pp)
		return nil
	}
	l.forget(dp) // marked done once, and undone since
	pending, err := l.st.Suggestions(ctx, c.doc, c.annotator)
	if err != nil {
		return err
	}
	acts, err := l.st.Actions(ctx, c.doc, c.annotator)
	if err != nil {
		return err
	}
	overlaps := func(p piece, start, end int) bool { return start < p.end && p.start < end }
	for _, p := range pieces {
		touched := false
		for _, a := range acts {
			if a.Undone {
				continue
			}
			for _, s := range []*annotate.Span{a.Before, a.After, a.Decided} {
				if s != nil && overlaps(p, s.Start, s.End) {
					touched = true
				}
			}
		}
		settled := true
		for _, s := range pending {
			if overlaps(p, s.Start, s.End) {
				settled = false
				break
			}
		}
		key := sentenceKey("p", doc.ID, p.start)
		if !touched || !settled {
			l.forget(key)
			continue
		}
		if _, err := l.learnExample(example(key, rs, p, spans)); err != nil {
			return fmt.Errorf("document %s: %w", doc.ID, err)
		}
	}
	l.afterLearning(false)
	return nil
}

// retrainAfter is how many sentences learned online call for a retrain
// when the model knows about n: a quarter of them, at least 20 and at
// most RetrainEvery. A young model retrains often (a retrain of a few
// hundred sentences takes a fraction of a second): online updates alone
// fall 3 F1 behind on MSRA.
func retrainAfter(n int) int { return min(max(n/4, 20), RetrainEvery) }

// afterLearning starts a retrain when enough was learned since the last
// one, and stores the model now (after a document marked done) or when
// it is due.
func (l *Learner) afterLearning(saveNow bool) {
	l.mu.Lock()
	retrain := l.since >= retrainAfter(len(l.learned)) && !l.training && !l.closed
	if retrain {
		l.training = true
		l.since = 0
	}
	due := l.dirty && (saveNow || time.Since(l.saved) >= saveEvery)
	l.mu.Unlock()
	if retrain {
		l.changed()
		l.wg.Add(1)
		go l.retrain()
	}
	if due {
		l.fail(l.save(l.ctx))
	}
}

// retrain trains the model afresh on everything it learned, in the
// background, then stores it.
func (l *Learner) retrain() {
	defer l.wg.Done()
	err := l.model.Retrain(l.ctx, nil)
	l.mu.Lock()
	l.training = false
	if err == nil {
		l.dirty = true
	}
	l.mu.Unlock()
	if err == nil {
		err = l.save(l.ctx)
	}
	l.fail(err)
	l.changed()
}

// score adds doc to the running scores: the suggestions each source made
// when it was opened, against the spans it was marked done with. A
// document opened before this session (nothing kept) or scored already
// is not scored.
func (l *Learner) score(doc annotate.Document, spans []annotate.Span) {
	k := sha256.Sum256([]byte(doc.Text))
	l.mu.Lock()
	defer l.mu.Unlock()
	p := l.preds[k]
	if p == nil || l.scoredID[doc.ID] {
		return
	}
	l.scoredID[doc.ID] = true
	ds := docScore{Doc: doc.ID, Model: match(spans, p.model), Rules: match(spans, p.rules), Labels: matchByLabel(spans, p.model, p.rules), Gaps: gapScores(spans, p.model, p.rules)}
	l.scores.Window = append(l.scores.Window, ds)
	l.scores.addLong(ds.Model, ds.Rules, ds.Labels, ds.Gaps)
	if n := len(l.scores.Window); n > ScoreWindow {
		l.scores.Window = slices.Delete(l.scores.Window, 0, n-ScoreWindow)
	}
	l.scores.Total++
	l.scores.elect()
	l.dirty = true
}

// f1 is an entity F1 in percent, as the status bar shows it.
func f1(c score.Counts) float64 { return 100 * c.F1() }

// match scores suggestions against gold spans: exact match of start, end
// and label, each side read as a set.
func match(gold []annotate.Span, sugs []annotate.Suggestion) score.Counts {
	return score.Exact(score.FromSpans(gold), score.FromSuggestions(sugs))
}

// matchByLabel scores both sources' suggestions per label: [0] the
// model's, [1] the rules'.
func matchByLabel(gold []annotate.Span, model, rules []annotate.Suggestion) map[string][2]score.Counts {
	g := score.FromSpans(gold)
	bm, br := score.ByLabel{}, score.ByLabel{}
	bm.Add(g, score.FromSuggestions(model))
	br.Add(g, score.FromSuggestions(rules))
	out := map[string][2]score.Counts{}
	for _, b := range []score.ByLabel{bm, br} {
		for label := range b {
			out[label] = [2]score.Counts{}
		}
	}
	for label := range out {
		var c [2]score.Counts
		if x := bm[label]; x != nil {
			c[0] = *x
		}
		if x := br[label]; x != nil {
			c[1] = *x
		}
		out[label] = c
	}
	return out
}

// gapScores scores, per label, the rules' names in the model's gaps.
func gapScores(gold []annotate.Span, model, rules []annotate.Suggestion) map[string]score.Counts {
	if len(model) == 0 {
		return nil // a model that suggested nothing leaves no gaps to judge
	}
	b := score.ByLabel{}
	b.Add(score.FromSpans(gold), score.FromSuggestions(gaps(rules, model)))
	out := map[string]score.Counts{}
	for label, c := range b {
		if c.Predicted() > 0 {
			out[label] = *c
		}
	}
	return out
}

func spanKey(start, end int, label string) [3]string {
	return [3]string{strconv.Itoa(start), strconv.Itoa(end), label}
}

// save stores the model and the running scores in one transaction. Saves
// are serialized from the snapshot to the commit, so that a slow save (a
// retrain's) never writes an older snapshot over a newer one.
func (l *Learner) save(ctx context.Context) error {
	l.saveMu.Lock()
	defer l.saveMu.Unlock()
	data, err := l.model.MarshalBinary()
	if err != nil {
		return err
	}
	l.mu.Lock()
	scores, err := json.Marshal(l.scores)
	m, _ := l.scores.windowCounts()
	l.dirty = false
	l.saved = time.Now()
	l.mu.Unlock()
	if err != nil {
		return err
	}
	err = l.st.SaveModel(ctx,
		annotate.Model{Name: TaggerModel, Data: data, Examples: len(l.model.Keys()), F1: f1(m)},
		annotate.Model{Name: scoresModel, Data: scores})
	if err != nil {
		l.mu.Lock()
		l.dirty = true
		l.mu.Unlock()
	}
	return err
}

// catchUp learns from the project's done documents that the model has
// not learned from (imported done, or learned by a session that was
// killed before it stored the model): a model that knows nothing is
// trained on them in full, otherwise each is learned online.
func (l *Learner) catchUp(ctx context.Context) error {
	docs, undecided, err := trainingExamples(ctx, l.st)
	if err != nil {
		return err
	}
	docs = slices.DeleteFunc(docs, func(d tagger.Example) bool { return l.model.Known(keyPrefix("d", d.Key)) > 0 })
	todo := doneSentences(docs, undecided)
	if len(todo) == 0 {
		return nil
	}
	if l.model.Stats().Sentences == 0 && len(todo) >= 50 {
		l.mu.Lock()
		l.training = true
		l.mu.Unlock()
		l.changed()
		err := l.model.Train(ctx, todo, 0, nil)
		l.mu.Lock()
		l.training = false
		if err == nil {
			l.dirty = true
			for _, ex := range todo {
				l.learned[ex.Key] = fingerprint(ex)
			}
		}
		l.mu.Unlock()
		if err != nil {
			return err
		}
		return l.save(ctx)
	}
	for _, ex := range todo {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if _, err := l.learnExample(ex); err != nil {
			return err
		}
	}
	l.afterLearning(true)
	return nil
}
