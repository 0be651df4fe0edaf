// Package annotate is Goldspan's domain: documents, labels, spans, machine
// suggestions, reviewer statuses and the interfaces that storage implements.
//
// It imports neither Fyne nor database/sql. Every offset in this package is
// a Unicode code point index, end-exclusive, as Python's text[start:end]
// would slice it; conversions to bytes and UTF-16 live in offsets.go.
package annotate
