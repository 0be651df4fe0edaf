package project

import (
	"context"
	"hash/maphash"

	"goldspan/annotate"
)

// Matching an import's records to the project's documents. Label Studio
// and doccano give documents ids of their own, so a Goldspan export that
// comes back from them carries ids the project never saw: matched by id
// alone, every document would be imported a second time. MatchAuto (the
// default) takes the document's own id when the project has it, and else
// the document whose text is exactly the record's, when there is exactly
// one; MatchText prefers the text; MatchID never looks at it.

// The ways Import matches records to documents.
const (
	MatchAuto = "auto"
	MatchID   = "id"
	MatchText = "text"
)

// ValidMatch reports whether m names a way of matching ("" is auto).
func ValidMatch(m string) bool {
	return m == "" || m == MatchAuto || m == MatchID || m == MatchText
}

// Matches counts how an import's records found their documents, each
// document once (a document with several annotators' records counts once).
type Matches struct {
	ByID   int // documents the project had under the record's id
	ByText int // documents the project had under another id, with the record's text
	New    int // documents new to the project
	// Ambiguous counts documents whose text several documents of the
	// project have: they keep their own ids (new unless the id is known).
	Ambiguous int
}

// matcher renames records to the project's documents. It reads the
// project's ids and text hashes once, on the first record that needs
// them, and remembers the ids the import itself adds. Only documents in
// the project before the import are matched by text.
type matcher struct {
	st      annotate.Store
	mode    string
	built   bool
	ids     map[string]bool
	byText  map[uint64]string // text hash → id; "" when several documents share it
	renamed map[string]string // a record id → the project's id it matched
	counted map[string]bool   // documents counted in m
	seed    maphash.Seed
	m       Matches
}

func newMatcher(st annotate.Store, mode string) *matcher {
	if mode == "" {
		mode = MatchAuto
	}
	return &matcher{st: st, mode: mode, renamed: map[string]string{}, counted: map[string]bool{}, seed: maphash.MakeSeed()}
}

func (m *matcher) build(ctx context.Context) error {
	m.built = true
	m.ids = map[string]bool{}
	m.byText = map[uint64]string{}
	return m.st.Export(ctx, annotate.ExportFilter{All: true}, func(r annotate.Record) error {
		if m.ids[r.Doc.ID] {
			return nil // another annotator's record of the same document
		}
		m.ids[r.Doc.ID] = true
		h := maphash.String(m.seed, r.Doc.Text)
		if _, dup := m.byText[h]; dup {
			m.byText[h] = ""
		} else {
			m.byText[h] = r.Doc.ID
		}
		return nil
	})
}

// match sets rec's document id to the project's document it stands for.
func (m *matcher) match(ctx context.Context, rec *annotate.Record) error {
	if m.mode == MatchID {
		return nil
	}
	if !m.built {
		if err := m.build(ctx); err != nil {
			return err
		}
	}
	way, err := m.resolve(ctx, rec)
	if err != nil {
		return err
	}
	if !m.counted[rec.Doc.ID] {
		m.counted[rec.Doc.ID] = true
		*way++
	}
	return nil
}

// resolve renames rec and returns the counter of the way it matched.
func (m *matcher) resolve(ctx context.Context, rec *annotate.Record) (*int, error) {
	id := rec.Doc.ID
	if to, ok := m.renamed[id]; ok {
		rec.Doc.ID = to
		return &m.m.ByText, nil
	}
	if m.counted[id] || m.mode == MatchAuto && m.ids[id] {
		return &m.m.ByID, nil // (or New, counted already)
	}
	h := maphash.String(m.seed, rec.Doc.Text)
	to, found := m.byText[h]
	ambiguous := found && to == ""
	switch {
	case found && to == id:
		return &m.m.ByID, nil
	case found && !ambiguous:
		// A hash is not the text: compare the texts before taking the id.
		doc, err := m.st.Document(ctx, to)
		if err != nil {
			return nil, err
		}
		if doc.Text == rec.Doc.Text {
			m.renamed[id] = to
			rec.Doc.ID = to
			return &m.m.ByText, nil
		}
	}
	if ambiguous {
		m.m.Ambiguous++
	}
	if m.ids[id] {
		return &m.m.ByID, nil
	}
	// A new document. Its text is not remembered: two new documents of one
	// import with equal texts and their own ids stay two (captions and
	// datelines repeat).
	m.ids[id] = true
	return &m.m.New, nil
}
