package agree

import "goldspan/annotate/score"

// Report is the agreement of a set of annotators over the documents they
// have all finished. Every Score is undefined (JSON null) where its
// definition divides 0 by 0; see the package documentation.
type Report struct {
	Annotators []string `json:"annotators"`
	Labels     []string `json:"labels"`
	// Documents compared: those every annotator marked done (or in
	// progress, when included).
	Documents int `json:"documents"`
	// Skipped counts the documents left out because some annotator had not
	// finished them.
	Skipped    int `json:"skipped_documents"`
	Characters int `json:"characters"` // code points of the compared documents: the items of the kappas

	Pairs []Pair `json:"pairs"` // every pair of annotators, in annotator order

	FleissKappa Score `json:"fleiss_kappa"` // over all annotators, character items
	Alpha       Score `json:"alpha"`        // Krippendorff's alpha, nominal, character items
	Agreement   Score `json:"agreement"`    // observed agreement: the share of agreeing annotator pairs per character, averaged
	// PerLabel holds Fleiss' kappa and alpha of each label against all
	// others (the label vs not the label), over all annotators.
	PerLabel map[string]LabelAll `json:"per_label"`

	Machine []Machine `json:"machine"` // one per annotator, in annotator order

	// Disagreements lists, in document order, every group of overlapping
	// spans on which the annotators' versions differ (the first
	// Options.MaxDisagreements of them, when set).
	Disagreements []Disagreement `json:"disagreements"`
	// DisagreementCount counts every disagreement, listed or not.
	DisagreementCount int `json:"disagreement_count"`
	// DisagreementKinds counts the disagreements of each kind.
	DisagreementKinds map[string]int `json:"disagreement_kinds"`
}

// Counts is a span matching between annotators a and b: agree's
// presentation of score.Counts. Reading a as the reference, Matched is the
// true positives, OnlyA the false negatives and OnlyB the false positives.
type Counts struct {
	Matched int `json:"matched"`
	OnlyA   int `json:"only_a"`
	OnlyB   int `json:"only_b"`
}

// countsOf presents c, with a as the reference.
func countsOf(c score.Counts) Counts { return Counts{Matched: c.TP, OnlyA: c.FN, OnlyB: c.FP} }

// Counts returns c as score.Counts, reading a as the reference.
func (c Counts) Counts() score.Counts { return score.Counts{TP: c.Matched, FP: c.OnlyB, FN: c.OnlyA} }

// F1 returns 2·matched / (2·matched + only_a + only_b), the F1 of
// score.Counts, but undefined (not 0) when neither annotator has a span.
func (c Counts) F1() Score {
	sc := c.Counts()
	if sc.Empty() {
		return undefined()
	}
	return Score(sc.F1())
}

// Pair compares two annotators.
type Pair struct {
	A string `json:"a"`
	B string `json:"b"`

	F1Exact   Score  `json:"f1_exact"`   // spans with the same start, end and label
	Exact     Counts `json:"exact"`      // the counts behind F1Exact
	F1Overlap Score  `json:"f1_overlap"` // same label and overlapping, matched one to one
	Overlap   Counts `json:"overlap"`    // the counts behind F1Overlap

	Kappa     Score `json:"kappa"`     // Cohen's kappa over characters
	Agreement Score `json:"agreement"` // the share of characters in the same category

	PerLabel map[string]LabelPair `json:"per_label"`

	// Confusion counts the pairs of spans with the same offsets by a's label
	// (first key) and b's label (second key), paired one to one; the
	// diagonal holds the exact matches, everything else is a type error.
	// Zero counts are left out.
	Confusion map[string]map[string]int `json:"confusion"`
	Errors    Errors                    `json:"errors"`
}

// Errors classifies every span of a pair once, in this order: an exact
// match; a type error (same offsets, another label); a boundary error (same
// label, overlapping, other offsets); a type and boundary error
// (overlapping, other label and offsets); else a span only one of them has.
// Each class is matched one to one, so exact + type + boundary +
// type_and_boundary + only_a is a's span count.
type Errors struct {
	Exact           int `json:"exact"`
	Type            int `json:"type"`
	Boundary        int `json:"boundary"`
	TypeAndBoundary int `json:"type_and_boundary"`
	OnlyA           int `json:"only_a"`
	OnlyB           int `json:"only_b"`
}

// LabelPair compares two annotators on one label.
type LabelPair struct {
	F1Exact   Score  `json:"f1_exact"`
	Exact     Counts `json:"exact"`
	F1Overlap Score  `json:"f1_overlap"`
	Overlap   Counts `json:"overlap"`
	Kappa     Score  `json:"kappa"`     // binary: this label vs anything else, per character
	Agreement Score  `json:"agreement"` // the share of characters both put in or both out of the label
}

// LabelAll is the agreement of all annotators on one label against all
// others, over characters.
type LabelAll struct {
	FleissKappa Score `json:"fleiss_kappa"`
	Alpha       Score `json:"alpha"`
	Agreement   Score `json:"agreement"`
	Spans       []int `json:"spans"` // each annotator's span count, in annotator order
}

// Machine is one annotator's use of the machine suggestions on the
// compared documents. A suggestion neither accepted (as is or edited) nor
// rejected is counted as ignored.
type Machine struct {
	Annotator   string `json:"annotator"`
	Suggestions int    `json:"suggestions"` // machine suggestions on the compared documents
	Accepted    int    `json:"accepted"`    // spans of origin "suggestion": accepted unchanged
	Edited      int    `json:"edited"`      // spans of origin "suggestion-edited"
	Rejected    int    `json:"rejected"`
	Ignored     int    `json:"ignored"` // suggestions − accepted − edited − rejected, per document, at least 0
	Spans       int    `json:"spans"`   // all the annotator's spans
	Manual      int    `json:"manual"`  // spans added by hand (origin "manual" or none)

	AcceptedShare Score `json:"accepted_share"` // of suggestions
	EditedShare   Score `json:"edited_share"`   // of suggestions
	RejectedShare Score `json:"rejected_share"` // of suggestions
	IgnoredShare  Score `json:"ignored_share"`  // of suggestions
	ManualShare   Score `json:"manual_share"`   // of the annotator's spans
}

// The kinds of a Disagreement.
const (
	// KindMissing: some annotator has a span that another annotator's spans
	// do not overlap at all.
	KindMissing = "missing"
	// KindLabel: two annotators have overlapping spans with different labels.
	KindLabel = "label"
	// KindBoundary: two annotators have overlapping spans with different
	// offsets.
	KindBoundary = "boundary"
)

// Disagreement is a group of overlapping spans (of any annotator) on one
// document on which the annotators' versions are not all the same.
type Disagreement struct {
	Doc   string   `json:"doc"`
	Start int      `json:"start"` // code points: the extent of the group
	End   int      `json:"end"`
	Kinds []string `json:"kinds"` // some of missing, label, boundary, in that order
	// Versions holds each annotator's spans in the group, in annotator
	// order; an empty list means the annotator marked nothing there.
	Versions []Version `json:"versions"`
	Context  Context   `json:"context"`
}

// Version is one annotator's spans within a Disagreement.
type Version struct {
	Annotator string     `json:"annotator"`
	Spans     []SpanText `json:"spans"`
}

// SpanText is a span with the text it covers.
type SpanText struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Label string `json:"label"`
	Text  string `json:"text"`
}

// Context is a stretch of document text around a Disagreement: the text
// between code point offsets Start and End.
type Context struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}
