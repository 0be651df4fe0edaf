package agree

import (
	"context"

	"goldspan/annotate"
)

// FromStore reads every annotated document of a project, with its machine
// suggestions and each annotator's layer (status, spans and rejected
// suggestions), as the Input of Compute. Documents no annotator has touched
// are left out; errors are the store's.
func FromStore(ctx context.Context, st annotate.Store) (Input, error) {
	var in Input
	byID := map[string]int{}
	err := st.Export(ctx, annotate.ExportFilter{All: true, Suggestions: true}, func(r annotate.Record) error {
		if r.Annotator == "" {
			return nil
		}
		i, ok := byID[r.Doc.ID]
		if !ok {
			i = len(in.Docs)
			byID[r.Doc.ID] = i
			in.Docs = append(in.Docs, Doc{ID: r.Doc.ID, Text: r.Doc.Text, Suggestions: r.Suggestions, Layers: map[string]Layer{}})
		}
		in.Docs[i].Layers[r.Annotator] = Layer{Status: r.Status, Spans: r.Spans, Rejected: r.Rejected}
		return nil
	})
	if err != nil {
		return Input{}, err
	}
	return in, nil
}
