package project

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"

	"goldspan/annotate"
	"goldspan/annotate/format"
)

// The import and export pipeline, one for the desk and the command line:
// files are opened one at a time when their turn comes, the format is
// picked from the name and the first bytes, machine suggestions are added
// with the project's policy when asked, and the whole import is one
// transaction. Exports stream records into an encoder, and to a file
// only through a temporary name renamed into place.

// Input is one file of an import.
type Input struct {
	// Path is the file to read; "-" (or "" with Reader set) for Reader.
	Path string
	// Reader, when not nil, is read instead of opening Path (standard
	// input, an embedded corpus).
	Reader io.Reader
	// Format is a format name, or "auto" (or "") to pick one from the
	// name and the first bytes.
	Format string
	// Options are handed to the decoder; Options.Name defaults to Path.
	Options format.Options
}

// ImportOptions configure Import.
type ImportOptions struct {
	// Suggester, when not nil, computes suggestions for every imported
	// document that brings none (the project's policy: Service.Suggester,
	// or the desk's learner).
	Suggester annotate.Suggester
	// Progress, when not nil, is called after each record with the
	// number of records read and the share (0..1) of the current file's
	// bytes read, or -1 when its size is unknown.
	Progress func(records int, fraction float64)
	// Match is how records find the project's documents: MatchAuto ("",
	// the default), MatchID or MatchText (see match.go).
	Match string
	// LabelMap renames the files' labels (FROM=TO, ParseLabelMap).
	LabelMap map[string]string
	// StrictLabels refuses a label the project lacks (after LabelMap)
	// instead of adding it to the project.
	StrictLabels bool
}

// ImportReport is what an import stored and what its formats could not
// bring in.
type ImportReport struct {
	annotate.ImportResult
	Losses []format.Loss
	// Matches says how the records found their documents (all zero with
	// MatchID).
	Matches Matches
	// NewLabels are the labels the import added to the project.
	NewLabels []annotate.Label
}

// Import reads every record of every input into st as one all-or-nothing
// transaction. An error names the file and line and leaves the project
// exactly as before; so does cancelling ctx. Each file is open only while
// it is read.
func Import(ctx context.Context, st annotate.Store, inputs []Input, o ImportOptions) (ImportReport, error) {
	if !ValidMatch(o.Match) {
		return ImportReport{}, annotate.Errorf(annotate.EINVALID, "unknown way of matching documents %q (id, text or auto)", o.Match)
	}
	labels, err := st.Labels(ctx)
	if err != nil {
		return ImportReport{}, err
	}
	plan := newLabelPlan(labels, o.LabelMap, o.StrictLabels)
	match := newMatcher(st, o.Match)
	imp, err := st.BeginImport(ctx)
	if err != nil {
		return ImportReport{}, err
	}
	defer imp.Rollback()
	var rep ImportReport
	n := 0
	for _, in := range inputs {
		losses, err := importOne(ctx, imp, in, labels, plan, match, o, &n)
		if err != nil {
			return ImportReport{}, err
		}
		rep.Losses = append(rep.Losses, losses...)
	}
	res, err := imp.Commit()
	if err != nil {
		return ImportReport{}, err
	}
	rep.ImportResult = res
	rep.Matches = match.m
	rep.NewLabels = plan.added
	return rep, nil
}

// importOne adds the records of one input to imp; n counts the records
// of the whole import.
func importOne(ctx context.Context, imp annotate.Importer, in Input, labels []annotate.Label, plan *labelPlan, match *matcher, o ImportOptions, n *int) ([]format.Loss, error) {
	src, err := openDecoder(in)
	if err != nil {
		return nil, err
	}
	defer src.close()
	name := src.name
	raw := src.dec
	dec := raw
	if o.Suggester != nil {
		var stop func()
		dec, stop = format.WithSuggestions(ctx, dec, o.Suggester, labels, 0)
		defer stop() // before src.close: the reading ahead must end first
	}
	start := *n
	var losses []format.Loss
	for {
		if err := ctx.Err(); err != nil {
			return nil, annotate.Errorf(annotate.EINVALID, "import of %s cancelled; nothing was imported", name)
		}
		rec, err := dec.Next()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		lost, err := plan.apply(ctx, imp, &rec)
		if err == nil {
			err = match.match(ctx, &rec)
		}
		if err == nil {
			err = imp.Add(ctx, rec)
		}
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %w", name, rec.Line, err)
		}
		losses = append(losses, lost...)
		*n++
		if o.Progress != nil {
			frac := -1.0
			if src.size > 0 {
				frac = min(float64(src.read.n.Load())/float64(src.size), 1)
			}
			o.Progress(*n, frac)
		}
	}
	if *n == start {
		return nil, annotate.Errorf(annotate.EINVALID, "%s: no documents in the file", name)
	}
	if l, ok := raw.(format.Lossy); ok {
		losses = append(losses, l.Losses()...)
	}
	return losses, nil
}

func orAuto(f string) string {
	if f == "" {
		return "auto"
	}
	return f
}

// inputName is how errors name an input.
func inputName(in Input) string {
	switch {
	case in.Options.Name != "":
		return in.Options.Name
	case in.Path == "" || in.Path == "-":
		return "<stdin>"
	}
	return in.Path
}

// openInput opens an input, returning its size in bytes (0 if unknown).
func openInput(in Input) (io.Reader, int64, func(), error) {
	if in.Reader != nil {
		return in.Reader, 0, func() {}, nil
	}
	f, err := os.Open(in.Path)
	if err != nil {
		return nil, 0, nil, annotate.Errorf(annotate.ENOTFOUND, "%s: %v", inputName(in), pathErr(err))
	}
	var size int64
	if fi, err := f.Stat(); err == nil {
		if fi.IsDir() {
			f.Close()
			return nil, 0, nil, annotate.Errorf(annotate.EINVALID, "%s is a folder, not a file", inputName(in))
		}
		size = fi.Size()
	}
	return f, size, func() { f.Close() }, nil
}

// pathErr is the reason of a file-system error without the path that the
// message already names.
func pathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// countingReader counts the bytes read, for progress.
type countingReader struct {
	r io.Reader
	n atomic.Int64 // read by the progress while suggestions read ahead
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// ExportOptions configure Export.
type ExportOptions struct {
	// Format is the name of the output format ("gold" if empty).
	Format string
	// Filter selects the records.
	Filter annotate.ExportFilter
	// Options are handed to the encoder; formats that need tokens
	// (spaCy) use Options.Tokenize (Service.Tokenize).
	Options format.Options
	// Progress, when not nil, is called after each record with the number
	// written and the number of documents the filter selects.
	Progress func(records, total int)
	// LSEmails, for the labelstudio format, maps every annotator to the
	// email of a Label Studio member, written as completed_by; nil leaves
	// completed_by out (see format.NewLabelStudioEncoder).
	LSEmails map[string]string
	// LabelMap renames the project's labels in the file (FROM=TO).
	LabelMap map[string]string
}

// TrainingFormat reports whether a format's files are training data: one
// example per document, with neither annotator nor status in them (CoNLL,
// CoNLL-2003, Hugging Face, CLUENER and spaCy's DocBin). spaCy/Prodigy JSONL is not one here: its records
// carry _annotator_id and answer, as Prodigy's own datasets do, and
// several annotators' records of a document are what Prodigy's review
// reads.
func TrainingFormat(name string) bool {
	switch name {
	case "conll", "conll2003", "hf", "cluener", "docbin":
		return true
	}
	return false
}

// TrainingFilter is what a training export takes when the caller names no
// layer: the gold layer if the project has one, else its one annotator
// (several without gold is an EINVALID error asking for --annotator), and
// done documents only unless status is given ("" for the default). In
// progress work is partial and a skipped or untouched document would read
// as one without entities.
func TrainingFilter(ctx context.Context, st annotate.Store, status annotate.Status, suggestions bool) (annotate.ExportFilter, error) {
	f := annotate.ExportFilter{Status: status, Suggestions: suggestions}
	if f.Status == "" {
		f.Status = annotate.StatusDone
	}
	names, err := st.Annotators(ctx)
	if err != nil {
		return f, err
	}
	switch {
	case slices.Contains(names, annotate.GoldAnnotator):
		f.Annotator = annotate.GoldAnnotator
	case len(names) == 1:
		f.Annotator = names[0]
	case len(names) == 0:
		f.All = true // plain documents only: none of them is done
	default:
		return f, annotate.Errorf(annotate.EINVALID, "the project has %d annotators (%s) and no gold layer; training data takes one: give --annotator NAME", len(names), strings.Join(names, ", "))
	}
	return f, nil
}

// Export streams the records o selects from st into w in o's format, and
// returns how many it wrote and what the format could not hold. A
// training format (TrainingFormat) never gets two records of one
// document: the second is an EINVALID error.
func Export(ctx context.Context, st annotate.Store, w io.Writer, o ExportOptions) (int, []format.Loss, error) {
	fm, err := format.Lookup(orDefault(o.Format, "gold"))
	if err != nil {
		return 0, nil, err
	}
	if fm.NewEncoder == nil {
		return 0, nil, annotate.Errorf(annotate.EINVALID, "format %s cannot be exported", fm.Name)
	}
	total := 0
	if o.Progress != nil {
		if total, err = st.CountDocuments(ctx, annotate.DocumentFilter{Annotator: o.Filter.Annotator, Status: o.Filter.Status}); err != nil {
			return 0, nil, err
		}
	}
	var enc format.Encoder
	if fm.Name == "labelstudio" && o.LSEmails != nil {
		enc = format.NewLabelStudioEncoder(w, o.Options, o.LSEmails)
	} else {
		enc = fm.NewEncoder(w, o.Options)
	}
	n := 0
	var mapped []format.Loss
	var seen map[string]bool
	if TrainingFormat(fm.Name) {
		seen = map[string]bool{}
	}
	err = st.Export(ctx, o.Filter, func(r annotate.Record) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if seen != nil {
			if seen[r.Doc.ID] {
				return annotate.Errorf(annotate.EINVALID, "document %q has several annotators' records and %s training data takes one per document: export one annotator's layer (--annotator NAME) or gold", r.Doc.ID, fm.Name)
			}
			seen[r.Doc.ID] = true
		}
		n++
		r, lost := mapRecordLabels(r, o.LabelMap)
		mapped = append(mapped, lost...)
		if err := enc.Encode(r); err != nil {
			return err
		}
		if o.Progress != nil {
			o.Progress(n, total)
		}
		return nil
	})
	if err == nil {
		err = enc.Close()
	}
	if err != nil {
		return n, nil, err
	}
	losses := mapped
	if l, ok := enc.(format.Lossy); ok {
		losses = append(losses, l.Losses()...)
	}
	return n, losses, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// WriteFile writes path through write: into a temporary file beside it,
// synced and renamed into place only when write succeeds, so a failed or
// cancelled export leaves no half-written file and the old one, if any,
// as it was. An existing file is refused unless overwrite is set.
//
// A path that is not a regular file (a device such as /dev/null or
// /dev/stdout, a named pipe) is written into as it is, never replaced;
// a symbolic link is followed, so the file it names is replaced and the
// link stays.
func WriteFile(path string, overwrite bool, write func(w io.Writer) error) error {
	if fi, err := os.Stat(path); err == nil {
		switch {
		case fi.IsDir():
			return annotate.Errorf(annotate.EINVALID, "cannot write %s: it is a folder", path)
		case !fi.Mode().IsRegular():
			return writeInto(path, write)
		case !overwrite:
			return annotate.Errorf(annotate.ECONFLICT, "%s already exists; add --force to overwrite it", path)
		}
		if real, err := filepath.EvalSymlinks(path); err == nil {
			path = real
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return annotate.Errorf(annotate.EINVALID, "cannot write %s: %v", path, pathErr(err))
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	defer tmp.Close()
	bw := bufio.NewWriterSize(tmp, 64<<10)
	if err := write(bw); err != nil {
		if annotate.ErrorCode(err) == annotate.EINTERNAL && !errors.Is(err, context.Canceled) {
			return annotate.Errorf(annotate.EINVALID, "cannot write %s: %v", path, pathErr(err))
		}
		return err
	}
	err = bw.Flush()
	if err == nil {
		err = tmp.Sync()
	}
	if err == nil {
		err = tmp.Close()
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return annotate.Errorf(annotate.EINVALID, "cannot write %s: %s", path, strings.TrimSpace(pathErr(err).Error()))
	}
	return nil
}

// writeInto writes into the device or pipe at path as it is.
func writeInto(path string, write func(w io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return annotate.Errorf(annotate.EINVALID, "cannot write %s: %v", path, pathErr(err))
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil && annotate.ErrorCode(err) == annotate.EINTERNAL && !errors.Is(err, context.Canceled) {
		return annotate.Errorf(annotate.EINVALID, "cannot write %s: %v", path, pathErr(err))
	}
	return err
}

// ReadRecords reads the records of one input in order, calling fn for
// each, without a project: for training on gold files.
func ReadRecords(in Input, fn func(annotate.Record) error) error {
	src, err := openDecoder(in)
	if err != nil {
		return err
	}
	defer src.close()
	for {
		rec, err := src.dec.Next()
		if err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
}

// source is one input opened for decoding.
type source struct {
	name  string // how errors name it
	dec   format.Decoder
	size  int64           // in bytes, 0 if unknown
	read  *countingReader // the bytes read so far, for progress
	close func()
}

// openDecoder opens an input and picks its format (from the name and the
// first bytes unless Format names one): what an import and ReadRecords
// both read through.
func openDecoder(in Input) (*source, error) {
	name := inputName(in)
	if fm, ok := format.PathFormat(orAuto(in.Format), in.Path); ok && in.Reader == nil && in.Path != "-" {
		// A format of many files (BRAT: a folder or a .zip) opens its path.
		opts := in.Options
		opts.Name = name
		dec, closeFn, err := fm.OpenPath(in.Path, opts)
		if err != nil {
			return nil, err
		}
		return &source{name: name, dec: dec, read: &countingReader{}, close: func() { closeFn() }}, nil
	}
	r, size, closeFn, err := openInput(in)
	if err != nil {
		return nil, err
	}
	cr := &countingReader{r: r}
	br := bufio.NewReaderSize(cr, 64<<10)
	opts := in.Options
	opts.Name = name
	fm, err := format.Pick(orAuto(in.Format), in.Path, opts.Lines, br)
	if err != nil {
		closeFn()
		return nil, err
	}
	if fm.NewDecoder == nil {
		closeFn()
		return nil, annotate.Errorf(annotate.EINVALID, "%s: format %s cannot be imported", name, fm.Name)
	}
	return &source{name: name, dec: fm.NewDecoder(br, opts), size: size, read: cr, close: closeFn}, nil
}
