package annotate

// A Learner is a Suggester that learns from the reviewers' work as it
// happens: a sequence model beside the rules, trained on what reviewers
// confirm, measured against the rules on every document marked done, and
// leading once it suggests better. The review desk tells it about every
// saved action and shows its Status.
type Learner interface {
	Suggester
	// Changed tells the learner that an annotator's work on a document
	// changed (a span added, edited or deleted, a suggestion decided, the
	// status set, an action undone). It returns at once: the learner
	// reads the document back from the store and learns in the background.
	Changed(docID, annotator string)
	// Imported tells the learner that documents were imported: it learns
	// from those that arrived done.
	Imported()
	// Status reports what the learner has learned and how its sources score.
	Status() LearnerStatus
	// OnChange sets a function called (from any goroutine) whenever Status
	// may have changed.
	OnChange(func())
	// Close stops learning and stores the model in the project.
	Close() error
}

// The suggestion sources a Learner compares.
const (
	SourceRules = "rules" // annotate/suggest: gse, rules, gazetteer, learned lexicon
	SourceModel = "model" // the sequence tagger trained on the project
)

// LearnerStatus is what a Learner has learned and how its two sources
// scored on the documents most recently marked done.
type LearnerStatus struct {
	Leader    string // SourceRules or SourceModel: whose suggestions lead
	Sentences int    // sentences the model learned from
	Entities  int    // entities in them
	Documents int    // done documents among what it learned from
	// Scored is how many recently done documents the running F1s are
	// measured on (the suggestions each source made when the document was
	// opened, against the spans it was marked done with).
	Scored           int
	ModelF1, RulesF1 float64 // entity F1, exact match, in percent
	Training         bool    // a full retrain runs in the background
	Loading          bool    // the stored model is still being read
	Err              string  // the last learning error, "" if none
}
