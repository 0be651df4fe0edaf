package annotate

import (
	"context"
	"time"
)

// Record is the unit of interchange between files and a project: one
// document and, optionally, one annotator's spans and status on it.
type Record struct {
	Doc       Document
	Annotator string // "" for a plain document
	Status    Status // "" leaves the stored status as it is (todo for a new one)
	// HasSpans is true when the record carries annotations (even none):
	// importing it replaces that annotator's spans on the document.
	HasSpans bool
	Spans    []Span
	// Suggestions, when non-nil, replace the document's machine suggestions
	// on import; on export (ExportFilter.Suggestions) they are all of the
	// document's suggestions.
	Suggestions []Suggestion
	// Rejected is how many suggestions the annotator rejected on the
	// document (export with ExportFilter.Suggestions only).
	Rejected int
	Line     int // the line (or record number) it came from, for errors
}

// DocumentFilter selects a page of documents for one annotator.
type DocumentFilter struct {
	Annotator string // whose status to report
	Status    Status // "" for every status
	Query     string // substring of the id or the text; "" for all
	// Assigned keeps only the documents assigned to Annotator
	// (AssignmentStore).
	Assigned bool
	Offset   int
	Limit    int // 0 for no limit
}

// DocumentSummary is one row of the document list.
type DocumentSummary struct {
	ID      string
	Seq     int64
	Preview string // the first characters of the text, one line
	Length  int    // code points
	Status  Status // for the filter's annotator
	Spans   int    // that annotator's span count
	// Suggestions is how many machine suggestions the document has, and
	// Undecided how many of them the annotator has neither accepted,
	// rejected nor matched with a span of their own.
	Suggestions int
	Undecided   int
}

// ExportFilter selects what Export streams.
type ExportFilter struct {
	Annotator string // one annotator's layer ("gold" for the adjudicated one)
	All       bool   // every annotator's layer, one record each
	Status    Status // "" for any status, else only documents in this status
	// Suggestions fills Record.Suggestions and Record.Rejected.
	Suggestions bool
}

// Stats summarises a project.
type Stats struct {
	Documents   int
	Characters  int64
	Labels      []Label
	Annotators  []AnnotatorStats
	Suggestions int
	Actions     int
}

// AnnotatorStats counts one annotator's work.
type AnnotatorStats struct {
	Name     string
	Spans    int
	ByStatus map[Status]int
	ByLabel  map[string]int
}

// ImportResult counts what an import stored.
type ImportResult struct {
	Documents   int // records read
	NewDocs     int // documents that were not in the project before
	Spans       int
	Suggestions int
}

// Importer receives the records of one import. Nothing is visible to other
// readers until Commit returns nil; Rollback (always safe to defer) leaves
// the project exactly as before.
type Importer interface {
	// Add stores one record; returns EINVALID or ECONFLICT naming the problem.
	Add(ctx context.Context, r Record) error
	// PutLabel adds a label the import's files use and the project lacks,
	// inside the import: it is gone again if the import rolls back. A
	// label of that name already in the project is left as it is.
	// Returns EINVALID if the label is malformed and ECONFLICT if its
	// hotkey belongs to another label.
	PutLabel(ctx context.Context, l Label) error
	// Commit makes the whole import durable and visible.
	Commit() (ImportResult, error)
	// Rollback discards everything added; a no-op after Commit.
	Rollback() error
}

// Store is one project. Every editing method is one committed transaction
// that also appends one Action to the log; it has happened only once it
// returns nil.
type Store interface {
	// Labels returns the project's labels in creation order.
	Labels(ctx context.Context) ([]Label, error)
	// PutLabel adds a label, or updates the colour and hotkey of an existing
	// one. Returns EINVALID if the label is malformed and ECONFLICT if its
	// hotkey belongs to another label.
	PutLabel(ctx context.Context, l Label) error
	// RenameLabel renames a label in spans, suggestions and decisions.
	// Returns ENOTFOUND if old is unknown and ECONFLICT if new exists.
	RenameLabel(ctx context.Context, old, new string) error

	// Annotators returns every annotator with spans or statuses, sorted.
	Annotators(ctx context.Context) ([]string, error)
	// Documents returns a page of documents in import order.
	Documents(ctx context.Context, f DocumentFilter) ([]DocumentSummary, error)
	// CountDocuments returns how many documents match f (Offset and Limit ignored).
	CountDocuments(ctx context.Context, f DocumentFilter) (int, error)
	// Document returns the document with id, or ENOTFOUND.
	Document(ctx context.Context, id string) (Document, error)
	// Spans returns an annotator's spans on a document, sorted by start, end, label.
	Spans(ctx context.Context, docID, annotator string) ([]Span, error)
	// AllSpans returns every annotator's spans on a document, sorted by
	// annotator, then start, end, label.
	AllSpans(ctx context.Context, docID string) ([]Span, error)
	// Suggestions returns the document's suggestions that the annotator has
	// neither accepted nor rejected and that do not equal one of their spans.
	Suggestions(ctx context.Context, docID, annotator string) ([]Suggestion, error)
	// Status returns the annotator's status on a document (todo if none).
	// Returns ENOTFOUND if the document does not exist.
	Status(ctx context.Context, docID, annotator string) (Status, error)

	// AddSpan stores a new span by hand. Returns EINVALID if it does not fit
	// the document or label set and ECONFLICT if the annotator already has
	// that exact span.
	AddSpan(ctx context.Context, s Span) (Span, error)
	// UpdateSpan relabels or resizes the annotator's span id. Returns
	// ENOTFOUND if the annotator has no such span.
	UpdateSpan(ctx context.Context, annotator string, id int64, start, end int, label string) (Span, error)
	// DeleteSpan removes the annotator's span id, or returns ENOTFOUND.
	DeleteSpan(ctx context.Context, annotator string, id int64) error
	// AcceptSuggestion turns suggestion id into the annotator's span, with
	// label if non-empty (origin suggestion-edited when it differs).
	AcceptSuggestion(ctx context.Context, annotator string, id int64, label string) (Span, error)
	// RejectSuggestion records that the annotator rejected suggestion id.
	RejectSuggestion(ctx context.Context, annotator string, id int64) error
	// SetStatus sets the annotator's status on a document.
	SetStatus(ctx context.Context, docID, annotator string, st Status) error
	// Undo reverses the annotator's latest action on the document that is
	// not undone yet and returns it; ENOTHING if there is none.
	Undo(ctx context.Context, docID, annotator string) (Action, error)
	// Redo re-applies the annotator's most recently undone action on the
	// document, unless a new action came after it; ENOTHING if none.
	Redo(ctx context.Context, docID, annotator string) (Action, error)
	// Actions returns the log of the annotator's actions on a document, oldest first.
	Actions(ctx context.Context, docID, annotator string) ([]Action, error)

	// SetSuggestions replaces the machine suggestions of a document. The
	// reviewers' earlier decisions on equal suggestions still hold.
	SetSuggestions(ctx context.Context, docID string, sugs []Suggestion) error

	// BeginImport starts an all-or-nothing import.
	BeginImport(ctx context.Context) (Importer, error)
	// Export streams records in import order, spans sorted; it stops at
	// the first error fn returns.
	Export(ctx context.Context, f ExportFilter, fn func(Record) error) error
	// Stats summarises the project.
	Stats(ctx context.Context) (Stats, error)
}

// Clock returns the current time; stores take one so tests can fix it.
type Clock func() time.Time
