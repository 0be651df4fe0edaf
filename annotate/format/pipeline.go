package format

import (
	"context"
	"fmt"
	"io"

	"goldspan/annotate"
)

// Source is one file of an import: its decoder and the options it was
// opened with (Name is used in errors).
type Source struct {
	Decoder Decoder
	Options Options
	// Open, when Decoder is nil, opens the file only when its turn comes,
	// so an import of many files holds one open at a time.
	Open func() (Decoder, io.Closer, error)
}

// Import reads every record from dec into st as one all-or-nothing
// transaction. See ImportSources.
func Import(ctx context.Context, st annotate.Store, dec Decoder, o Options, progress func(records int)) (annotate.ImportResult, error) {
	return ImportSources(ctx, st, []Source{{Decoder: dec, Options: o}}, progress)
}

// ImportSources reads every record of every source into st as one
// all-or-nothing transaction. progress, if not nil, is called after each
// record with the number read so far. An error names the file and line, and
// leaves the project exactly as before; so does cancelling ctx.
func ImportSources(ctx context.Context, st annotate.Store, srcs []Source, progress func(records int)) (annotate.ImportResult, error) {
	imp, err := st.BeginImport(ctx)
	if err != nil {
		return annotate.ImportResult{}, err
	}
	defer imp.Rollback()
	n := 0
	for _, src := range srcs {
		start := n
		if src.Decoder == nil {
			dec, c, err := src.Open()
			if err != nil {
				return annotate.ImportResult{}, err
			}
			defer c.Close()
			src.Decoder = dec
		}
		for {
			if err := ctx.Err(); err != nil {
				return annotate.ImportResult{}, annotate.Errorf(annotate.EINVALID, "import of %s cancelled; nothing was imported", name(src.Options))
			}
			rec, err := src.Decoder.Next()
			if err == io.EOF {
				break
			} else if err != nil {
				return annotate.ImportResult{}, err
			}
			if err := imp.Add(ctx, rec); err != nil {
				return annotate.ImportResult{}, fmt.Errorf("%s line %d: %w", name(src.Options), rec.Line, err)
			}
			n++
			if progress != nil {
				progress(n)
			}
		}
		if n == start {
			return annotate.ImportResult{}, annotate.Errorf(annotate.EINVALID, "%s: no documents in the file", name(src.Options))
		}
	}
	return imp.Commit()
}

// Export streams the records f selects from st into enc and closes enc.
// It returns the number of records written.
func Export(ctx context.Context, st annotate.Store, f annotate.ExportFilter, enc Encoder) (int, error) {
	n := 0
	err := st.Export(ctx, f, func(r annotate.Record) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		n++
		return enc.Encode(r)
	})
	if err != nil {
		return n, err
	}
	return n, enc.Close()
}

func name(o Options) string {
	if o.Name == "" {
		return "<stdin>"
	}
	return o.Name
}
