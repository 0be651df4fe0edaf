package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"goldspan/annotate"
	"goldspan/annotate/format"
	"goldspan/project"
)

func init() {
	register(command{
		name:  "import",
		usage: "--db FILE [--annotator NAME] [--lines] [--format auto|" + "NAME] [--suggest] [--match auto|id|text] [--label-map FROM=TO,...] [--strict-labels] [--units auto|utf16|grapheme|codepoint] [--tag-scheme iob1|iob2|iobes|bilou] [--hf-labels O,B-PER,...] FILE...",
		short: "import documents and annotations into a project (created if missing), all or nothing",
		run:   runImport,
	})
	register(command{
		name:  "export",
		usage: "--db FILE [--annotator NAME | --all] [--status done|any|todo|in-progress|skipped (training formats: done)] [--format NAME] [--suggestions] [--ls-email NAME=EMAIL]... [--label-map FROM=TO,...] [--units utf16|grapheme|codepoint] [--hf-int] [-o FILE [--force]]",
		short: "export annotations (native JSONL by default) in import order; hf and conll take the gold layer or the one annotator, done documents",
		run:   runExport,
	})
}

func runImport(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	db := dbFlag(fs, dbUsage)
	annotator := fs.String("annotator", "", "annotator of records that carry spans but name none")
	lines := fs.Bool("lines", false, "plain text: each non-empty line is one document")
	formatName := fs.String("format", "auto", "input format")
	suggest := fs.Bool("suggest", false, "compute and store machine suggestions for the imported documents")
	match := fs.String("match", project.MatchAuto, "how records find the project's documents: id, text, or auto (the id if the project has it, else the one document with the same text: Label Studio and doccano give documents ids of their own)")
	strict := fs.Bool("strict-labels", false, "refuse labels the project lacks instead of adding them")
	units := fs.String("units", format.UnitsAuto, "doccano: what the offsets count: utf16 (doccano's default), grapheme (a project that counts grapheme clusters as one character), codepoint (files written by Python), or auto (told from the texts; a warning where they cannot tell)")
	var labelMap map[string]string
	fs.Func("label-map", "rename the files' labels: FROM=TO pairs separated by commas (GPE=LOC,PERSON=PER)", func(v string) (err error) {
		labelMap, err = project.ParseLabelMap(v)
		if err != nil {
			return errors.New(annotate.ErrorMessage(err))
		}
		return nil
	})
	scheme := fs.String("tag-scheme", "", "conll2003: the tag scheme (iob1, iob2, iobes, bilou); default: any, told from the tags")
	hfLabels := fs.String("hf-labels", "", "hf with class numbers as ner_tags: the class names in order (O,B-PER,I-PER,...); default: dataset_info.json beside the file")
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *db == "" {
		return usagef("--db FILE is required")
	}
	switch *scheme {
	case "", "iob1", "iob2", "iobes", "bilou":
	default:
		return usagef("--tag-scheme takes iob1, iob2, iobes or bilou, not %q", *scheme)
	}
	var hfNames []string
	if *hfLabels != "" {
		for _, n := range strings.Split(*hfLabels, ",") {
			hfNames = append(hfNames, strings.TrimSpace(n))
		}
	}
	if len(files) == 0 {
		return usagef("no input files (use - for standard input)")
	}
	if !project.ValidMatch(*match) {
		return usagef("--match takes auto, id or text, not %q", *match)
	}
	if !format.ValidUnits(*units) {
		return usagef("--units takes auto, utf16, grapheme or codepoint, not %q", *units)
	}
	if *annotator != "" {
		if err := annotate.ValidateAnnotator(*annotator); err != nil {
			return err
		}
	}
	if *formatName != "auto" {
		fm, err := format.Lookup(*formatName)
		if err != nil {
			return usagef("%s", annotate.ErrorMessage(err))
		}
		if fm.NewDecoder == nil {
			return usagef("format %s cannot be imported", fm.Name)
		}
	}
	inputs := make([]project.Input, 0, len(files))
	for _, name := range files {
		in := project.Input{Path: name, Format: *formatName, Options: format.Options{Annotator: *annotator, Lines: *lines, Units: *units, TagScheme: *scheme, HFLabels: hfNames}}
		if name == "-" {
			in.Reader = env.Stdin
		} else if _, err := os.Stat(name); err != nil {
			return annotate.Errorf(annotate.ENOTFOUND, "%s: no such file", name)
		}
		inputs = append(inputs, in)
	}

	_, statErr := os.Stat(*db)
	created := errors.Is(statErr, os.ErrNotExist) && !isURL(*db) // a server's project is no file to remove
	st, err := env.Service.Open(ctx, *db)
	if err != nil {
		return err
	}
	fail := func(err error) error {
		// A store that knows whether it created the file, and that nobody
		// else opened it since, removes it itself: another import may have
		// created the file, or filled it, after the Stat above.
		project.Discard(st, *db, created)
		return err
	}
	o := project.ImportOptions{Match: *match, LabelMap: labelMap, StrictLabels: *strict}
	if *suggest {
		if o.Suggester, err = env.Service.Suggester(ctx, st); err != nil {
			return fail(err)
		}
	}
	if env.IsTerminal() {
		o.Progress = func(n int, _ float64) {
			if n%1000 == 0 {
				fmt.Fprintf(env.Stderr, "\rimporting: %d records", n)
			}
		}
	}
	rep, err := project.Import(ctx, st, inputs, o)
	if env.IsTerminal() {
		fmt.Fprint(env.Stderr, "\r\033[K")
	}
	if err != nil {
		return fail(err)
	}
	st.Close()
	reportLosses(env.Stderr, "import", rep.Losses)
	for _, l := range rep.NewLabels {
		key := "no hotkey"
		if l.Hotkey != "" {
			key = "hotkey " + l.Hotkey
		}
		fmt.Fprintf(env.Stderr, "note: added the label %s (%s) to the project: the files use it; --label-map maps it, --strict-labels refuses it\n", l.Name, key)
	}
	if m := rep.Matches; m.ByText > 0 || m.Ambiguous > 0 {
		fmt.Fprintf(env.Stderr, "matched %s by id and %s by text (ids of another tool); %s new\n", annotate.Plural(m.ByID, "document"), annotate.Plural(m.ByText, "document"), annotate.Plural(m.New, "document"))
		if m.Ambiguous > 0 {
			fmt.Fprintf(env.Stderr, "warning: %s have a text that several documents of the project share; they kept their own ids\n", annotate.Plural(m.Ambiguous, "record"))
		}
	}
	fmt.Fprintf(env.Stderr, "imported %s (%d new), %s, %s into %s\n", annotate.Plural(rep.Documents, "document"), rep.NewDocs,
		annotate.Plural(rep.Spans, "span"), annotate.Plural(rep.Suggestions, "suggestion"), *db)
	return nil
}

func runExport(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	db := dbFlag(fs, dbUsage)
	annotator := fs.String("annotator", "", "whose annotations ('gold' for the adjudicated layer)")
	all := fs.Bool("all", false, "every annotator's annotations, one record each")
	status := fs.String("status", "", "only documents in this status (default: done for the training formats hf, conll, conll2003, cluener, docbin; any for the others)")
	formatName := fs.String("format", "gold", "output format")
	out := fs.String("o", "", "output file (default: standard output)")
	force := fs.Bool("force", false, "overwrite the -o file if it exists (never a project or other SQLite database)")
	split := fs.Bool("split-sentences", false, "CoNLL/HF: split sentences at 。！？ and line ends")
	suggestions := fs.Bool("suggestions", false, "also write the machine suggestions where the format has a place for them (Label Studio predictions with model_version and score; spaCy spans with source and score on documents without annotations); others list them as left out")
	hfInt := fs.Bool("hf-int", false, "hf: write ner_tags as class numbers and the class names as dataset_info.json beside -o")
	units := fs.String("units", format.UnitsUTF16, "doccano: what the offsets count: utf16 (doccano's default), grapheme (a project that counts grapheme clusters as one character) or codepoint")
	var labelMap map[string]string
	fs.Func("label-map", "rename the project's labels in the file: FROM=TO pairs separated by commas (PER=PERSON,LOC=GPE)", func(v string) (err error) {
		labelMap, err = project.ParseLabelMap(v)
		if err != nil {
			return errors.New(annotate.ErrorMessage(err))
		}
		return nil
	})
	var emails map[string]string
	fs.Func("ls-email", "Label Studio: NAME=EMAIL, the Label Studio member an annotator's work goes to (repeat for each annotator; without it, Label Studio gives it to the user who imports and the names stay in the task's meta)", func(v string) error {
		name, email, ok := strings.Cut(v, "=")
		name, email = strings.TrimSpace(name), strings.TrimSpace(email)
		if !ok || name == "" || !strings.Contains(email, "@") {
			return fmt.Errorf("want NAME=EMAIL, not %q", v)
		}
		if emails == nil {
			emails = map[string]string{}
		}
		emails[name] = email
		return nil
	})
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if !format.ValidUnits(*units) || *units == format.UnitsAuto {
		return usagef("--units takes utf16, grapheme or codepoint, not %q", *units)
	}
	if *hfInt && (*formatName != "hf" || *out == "") {
		return usagef("--hf-int is for --format hf with -o FILE (dataset_info.json goes beside it)")
	}
	if emails != nil && *formatName != "labelstudio" {
		return usagef("--ls-email is for --format labelstudio")
	}
	if *annotator != "" && *all {
		return usagef("give --annotator or --all, not both")
	}
	o := project.ExportOptions{
		Format:   *formatName,
		Filter:   annotate.ExportFilter{Annotator: *annotator, All: *all || *annotator == "", Suggestions: *suggestions},
		Options:  format.Options{Name: *out, SplitSentences: *split, Tokenize: env.Service.Tokenize(true), Units: *units},
		LSEmails: emails,
		LabelMap: labelMap,
	}
	if *status != "any" && *status != "" {
		st, err := annotate.ParseStatus(*status)
		if err != nil {
			return usagef("%s", annotate.ErrorMessage(err))
		}
		o.Filter.Status = st
	}
	// Training data takes one layer and done documents unless told
	// otherwise (project.TrainingFilter).
	training := project.TrainingFormat(*formatName) && *annotator == "" && !*all
	if project.TrainingFormat(*formatName) && *status == "" {
		o.Filter.Status = annotate.StatusDone
	}
	fm, err := format.Lookup(*formatName)
	if err != nil {
		return usagef("%s", annotate.ErrorMessage(err))
	}
	if fm.NewEncoder == nil {
		return usagef("format %s cannot be exported", fm.Name)
	}
	if *out != "" {
		if err := refuseOverProject(*out, *db); err != nil {
			return err
		}
	}
	st, err := openExisting(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if training {
		if o.Filter, err = project.TrainingFilter(ctx, st, o.Filter.Status, o.Filter.Suggestions); err != nil {
			return err
		}
	}
	var info []byte
	if *hfInt {
		labels, err := st.Labels(ctx)
		if err != nil {
			return err
		}
		names := make([]string, len(labels))
		for i, l := range labels {
			names[i] = l.Name
			if to, ok := labelMap[l.Name]; ok {
				names[i] = to
			}
		}
		o.Options.HFInt, o.Options.HFLabels = true, format.HFLabelNames(slices.Compact(names))
		info = format.HFDatasetInfo(o.Options.HFLabels)
	}
	var n int
	var losses []format.Loss
	write := func(w io.Writer) (err error) {
		n, losses, err = project.Export(ctx, st, w, o)
		return err
	}
	if *out == "" {
		w := bufioWriter(env.Stdout)
		if err := write(w); err != nil {
			return err
		}
		if err := w.Flush(); err != nil {
			return err
		}
	} else if err := project.WriteFile(*out, *force, write); err != nil {
		return err
	}
	if info != nil {
		path := filepath.Join(filepath.Dir(*out), "dataset_info.json")
		if err := project.WriteFile(path, true, func(w io.Writer) error { _, err := w.Write(info); return err }); err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "wrote the class names to %s\n", path)
	}
	reportLosses(env.Stderr, fm.Name, losses)
	if *out != "" {
		fmt.Fprintf(env.Stderr, "exported %s to %s\n", annotate.Plural(n, "record"), *out)
	}
	return nil
}

// refuseOverProject refuses an export -o target that export must never
// replace, --force or not: the project being exported, any Goldspan
// project or other SQLite database (by its header), or a file with a
// -wal, -shm or -journal beside it (an SQLite database in use, whose
// companions would be left to corrupt whatever took its place).
func refuseOverProject(out, db string) error {
	fi, err := os.Stat(out)
	if err == nil {
		if dfi, err := os.Stat(db); err == nil && os.SameFile(fi, dfi) {
			return annotate.Errorf(annotate.ECONFLICT, "%s is the project being exported: export will not write over it; choose another -o file", out)
		}
	}
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Stat(out + suffix); err == nil {
			return annotate.Errorf(annotate.ECONFLICT, "%s has %s beside it, so it is an SQLite database in use: export will not write over it; choose another -o file", out, filepath.Base(out+suffix))
		}
	}
	if err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	f, err := os.Open(out)
	if err != nil {
		return nil // WriteFile reports what is wrong with it
	}
	defer f.Close()
	header := make([]byte, 16)
	if n, _ := io.ReadFull(f, header); n == 16 && string(header) == "SQLite format 3\x00" {
		return annotate.Errorf(annotate.ECONFLICT, "%s is a Goldspan project or another SQLite database: export will not write over it, even with --force; choose another -o file", out)
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
