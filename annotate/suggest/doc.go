// Package suggest proposes entity spans (PER, LOC, ORG, TIME) for Chinese
// news text in either script, and learns from what reviewers decide. It
// implements annotate.Suggester.
//
// A suggestion comes from one of four sources, in rising precedence when
// suggestions overlap:
//
//   - dictionary: gse's segmentation and part-of-speech tags (nr → PER,
//     ns → LOC, nt → ORG), filtered (雷阵雨 is no name);
//   - rule: our repairs of gse's faults — names split into surname and
//     given-name pieces, transliterated foreign names, organisation and
//     place suffixes (委员会, 公司, 县), one-character country names (中美),
//     dates and times, and a Latin name in parentheses after an entity;
//   - gazetteer: the lists of Options.Gazetteer (Goldspan's built-in ones
//     are embedded in goldspan/assets/gazetteer; the caller hands them in);
//   - learned: the project's Lexicon of confirmed and rejected spans.
//
// A longer suggestion beats a shorter one it overlaps, unless the shorter
// comes from a stronger source and the longer is not built on it
// (北京大学 contains the gazetteer's 北京 and wins; 邓小平理论 does not).
// Suggestions never overlap. Reviewers' rejections that outnumber their
// confirmations of a text and label suppress it from any source.
//
// Offsets are code points. Traditional text is folded to Simplified
// characters one for one (Fold) before tagging, so both scripts are
// treated alike and a name confirmed in one is suggested in the other.
//
// # Use
//
// Loading gse's dictionary takes a second or two and about 150 MB, once
// per process:
//
//	s := suggest.New(suggest.Options{Gazetteer: gazetteer.Files})
//	go s.Load(ctx)          // the GUI shows "suggestions loading"…
//	<-s.Ready()             // …until this channel is closed
//	sg, err := s.SuggestWith(ctx, text, project.Labels, project.Learned)
//
// Suggest and SuggestWith wait for the load themselves. WithLexicon gives
// an annotate.Suggester bound to a project's lexicon.
//
// # Learning
//
// A Lexicon holds, per surface text folded with Fold, how often each label
// was confirmed and how often a suggestion with that label was rejected.
// Learned is the in-memory implementation: a project loads its counts into
// one (Add) when it opens, and feeds it as reviewers work — Confirm when a
// span is added, accepted or edited into its final text and label, Reject
// when a suggestion is rejected (relabelling a suggestion is a Reject of
// the old label and a Confirm of the new), Add with negative counts on
// undo. The next Suggest call uses it at once.
//
// # Quality
//
// eval_test.go measures entity-level precision, recall and F1 against the
// NER gold in ../shared/data/ner (never copied here), with raw gse as the
// baseline: GOLDSPAN_EVAL=1 go test ./annotate/suggest -run TestQuality -v.
package suggest
