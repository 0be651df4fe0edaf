package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"goldspan/annotate"
	"goldspan/annotate/format"
	"goldspan/storage"
)

func init() {
	register(command{
		name:  "import",
		usage: "--db FILE [--annotator NAME] [--lines] [--format auto|" + "NAME] [--suggest] FILE...",
		short: "import documents and annotations into a project (created if missing), all or nothing",
		run:   runImport,
	})
	register(command{
		name:  "export",
		usage: "--db FILE [--annotator NAME | --all] [--status done|any|todo|in-progress|skipped] [--format NAME] [-o FILE [--force]]",
		short: "export annotations (native JSONL by default) in import order",
		run:   runExport,
	})
}

func runImport(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	db := fs.String("db", "", "project file")
	annotator := fs.String("annotator", "", "annotator of records that carry spans but name none")
	lines := fs.Bool("lines", false, "plain text: each non-empty line is one document")
	formatName := fs.String("format", "auto", "input format")
	suggest := fs.Bool("suggest", false, "compute and store machine suggestions for the imported documents")
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *db == "" {
		return usagef("--db FILE is required")
	}
	if len(files) == 0 {
		return usagef("no input files (use - for standard input)")
	}
	if *annotator != "" {
		if err := annotate.ValidateAnnotator(*annotator); err != nil {
			return err
		}
	}
	srcs := make([]format.Source, 0, len(files))
	var opened []format.Decoder
	for _, name := range files {
		o := format.Options{Name: name, Annotator: *annotator, Lines: *lines}
		if name == "-" {
			o.Name = "<stdin>"
		} else if _, err := os.Stat(name); err != nil {
			return annotate.Errorf(annotate.ENOTFOUND, "%s: no such file", name)
		}
		srcs = append(srcs, format.Source{Options: o, Open: opener(env, name, *formatName, o, &opened)})
	}

	_, statErr := os.Stat(*db)
	created := errors.Is(statErr, os.ErrNotExist)
	st, err := storage.OpenContext(ctx, *db)
	if err != nil {
		return err
	}
	var sug annotate.Suggester
	if *suggest {
		if sug, err = ProjectSuggester(ctx, st); err != nil {
			st.Close()
			if created {
				removeProject(*db)
			}
			return err
		}
	}
	res, err := importInto(ctx, env, st, srcs, sug)
	st.Close()
	if err != nil {
		if created {
			removeProject(*db)
		}
		return err
	}
	for _, dec := range opened {
		if l, ok := dec.(format.Lossy); ok {
			reportLosses(env.Stderr, "import", l.Losses())
		}
	}
	fmt.Fprintf(env.Stderr, "imported %d documents (%d new), %d spans, %d suggestions into %s\n", res.Documents, res.NewDocs, res.Spans, res.Suggestions, *db)
	return nil
}

// opener returns the function that opens one input file when its turn comes.
func opener(env *Env, name, formatName string, o format.Options, opened *[]format.Decoder) func() (format.Decoder, io.Closer, error) {
	return func() (format.Decoder, io.Closer, error) {
		var r io.Reader
		var c io.Closer = io.NopCloser(nil)
		if name == "-" {
			r = env.Stdin
		} else {
			f, err := os.Open(name)
			if err != nil {
				return nil, nil, annotate.Errorf(annotate.ENOTFOUND, "%s: %v", name, err)
			}
			r, c = f, f
		}
		br := bufio.NewReaderSize(r, 64<<10)
		f, err := format.Pick(formatName, name, o.Lines, br)
		if err != nil {
			c.Close()
			return nil, nil, err
		}
		if f.NewDecoder == nil {
			c.Close()
			return nil, nil, annotate.Errorf(annotate.EINVALID, "%s: format %s cannot be imported", name, f.Name)
		}
		dec := f.NewDecoder(br, o)
		*opened = append(*opened, dec)
		return dec, c, nil
	}
}

// importInto runs the import, with suggestions for every document when sug
// is set, and progress on a terminal.
func importInto(ctx context.Context, env *Env, st annotate.Store, srcs []format.Source, sug annotate.Suggester) (annotate.ImportResult, error) {
	var labels []annotate.Label
	if sug != nil {
		var err error
		if labels, err = st.Labels(ctx); err != nil {
			return annotate.ImportResult{}, err
		}
		for i := range srcs {
			if srcs[i].Decoder != nil {
				srcs[i].Decoder = format.WithSuggestions(ctx, srcs[i].Decoder, sug, labels)
				continue
			}
			open := srcs[i].Open
			srcs[i].Open = func() (format.Decoder, io.Closer, error) {
				dec, c, err := open()
				if err != nil {
					return nil, nil, err
				}
				return format.WithSuggestions(ctx, dec, sug, labels), c, nil
			}
		}
	}
	progress := func(int) {}
	if env.IsTerminal() {
		progress = func(n int) {
			if n%1000 == 0 {
				fmt.Fprintf(env.Stderr, "\rimporting: %d records", n)
			}
		}
		defer fmt.Fprint(env.Stderr, "\r\033[K")
	}
	return format.ImportSources(ctx, st, srcs, progress)
}

// removeProject deletes a project file that this command created and could
// not fill, so a failed import leaves nothing behind.
func removeProject(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}

func runExport(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	db := fs.String("db", "", "project file")
	annotator := fs.String("annotator", "", "whose annotations ('gold' for the adjudicated layer)")
	all := fs.Bool("all", false, "every annotator's annotations, one record each")
	status := fs.String("status", "any", "only documents in this status")
	formatName := fs.String("format", "gold", "output format")
	out := fs.String("o", "", "output file (default: standard output)")
	force := fs.Bool("force", false, "overwrite the -o file if it exists")
	split := fs.Bool("split-sentences", false, "CoNLL/HF: split sentences at 。！？ and line ends")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *annotator != "" && *all {
		return usagef("give --annotator or --all, not both")
	}
	f := annotate.ExportFilter{Annotator: *annotator, All: *all || *annotator == ""}
	if *status != "any" {
		st, err := annotate.ParseStatus(*status)
		if err != nil {
			return usagef("%s", annotate.ErrorMessage(err))
		}
		f.Status = st
	}
	fm, err := format.Lookup(*formatName)
	if err != nil {
		return usagef("%s", annotate.ErrorMessage(err))
	}
	if fm.NewEncoder == nil {
		return usagef("format %s cannot be exported", fm.Name)
	}
	st, err := openExisting(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	o := format.Options{Name: *out, SplitSentences: *split}
	if fm.Name == "spacy" {
		o.Tokenize = Tokenize(ctx)
	}
	w, commit, err := outputFile(env, *out, *force)
	if err != nil {
		return err
	}
	enc := fm.NewEncoder(w, o)
	n, err := format.Export(ctx, st, f, enc)
	if err != nil {
		commit(false)
		return err
	}
	if err := commit(true); err != nil {
		return err
	}
	if l, ok := enc.(format.Lossy); ok {
		reportLosses(env.Stderr, fm.Name, l.Losses())
	}
	if *out != "" {
		fmt.Fprintf(env.Stderr, "exported %d records to %s\n", n, *out)
	}
	return nil
}

// reportLosses says on stderr what a format could not hold.
func reportLosses(w io.Writer, name string, losses []format.Loss) {
	if len(losses) == 0 {
		return
	}
	fmt.Fprintf(w, "warning: %s left out %d items:\n", name, len(losses))
	for i, l := range losses {
		if i == 20 {
			fmt.Fprintf(w, "  ... and %d more\n", len(losses)-20)
			break
		}
		fmt.Fprintf(w, "  %s [%d,%d) %s: %s\n", l.DocID, l.Start, l.End, l.Label, l.Reason)
	}
}

// outputFile returns the writer for -o (stdout when empty). A file is
// written beside its target and renamed into place only when commit(true)
// is called, so a failed export leaves no half-written file; an existing
// file is refused unless force is set.
func outputFile(env *Env, path string, force bool) (io.Writer, func(ok bool) error, error) {
	if path == "" {
		bw := bufio.NewWriterSize(env.Stdout, 64<<10)
		return bw, func(ok bool) error { return bw.Flush() }, nil
	}
	if _, err := os.Stat(path); err == nil && !force {
		return nil, nil, annotate.Errorf(annotate.ECONFLICT, "%s already exists; add --force to overwrite it", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return nil, nil, annotate.Errorf(annotate.EINVALID, "cannot write %s: %v", path, err)
	}
	bw := bufio.NewWriterSize(tmp, 64<<10)
	return bw, func(ok bool) error {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
			return nil
		}
		err := bw.Flush()
		if err == nil {
			err = tmp.Sync()
		}
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp.Name(), path)
		}
		if err != nil {
			os.Remove(tmp.Name())
			return annotate.Errorf(annotate.EINVALID, "cannot write %s: %s", path, strings.TrimSpace(err.Error()))
		}
		return nil
	}, nil
}
