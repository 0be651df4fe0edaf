package cli

import (
	"context"
	"flag"
	"fmt"
	"time"

	"goldspan/annotate"
	"goldspan/annotate/format"
	"goldspan/annotate/tagger"
	"goldspan/project"
)

func init() {
	register(command{
		name:  "train",
		usage: "--db FILE [--from FILE ...] [--epochs N]",
		short: "train the project's sequence tagger on its done documents and any gold files given",
		run:   runTrain,
	})
}

func runTrain(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	db := dbFlag(fs, dbUsage)
	epochs := fs.Int("epochs", 0, "training passes (0: the tagger's default)")
	var from []string
	fs.Func("from", "a gold file (any importable format with annotations); repeatable", func(s string) error {
		from = append(from, s)
		return nil
	})
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := openExisting(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	exs, fromProject, err := project.TrainingSentences(ctx, st)
	if err != nil {
		return err
	}
	fromFiles := 0
	for _, name := range from {
		n, err := readExamples(env, name, &exs)
		fromFiles += n
		if err != nil {
			return err
		}
		if n == 0 {
			return annotate.Errorf(annotate.EINVALID, "%s: no annotated documents to train on", name)
		}
	}
	if len(exs) == 0 {
		return annotate.Errorf(annotate.EINVALID, "nothing to train on: mark documents done, or give --from FILE")
	}
	m, err := env.Service.NewTagger(ctx)
	if err != nil {
		return err
	}
	// Progress: a line redrawn in place on a terminal, a line per tenth
	// in a pipeline's log.
	var progress func(done, total int)
	if env.IsTerminal() {
		progress = func(done, total int) { fmt.Fprintf(env.Stderr, "\rtraining: %d/%d steps", done, total) }
		defer fmt.Fprint(env.Stderr, "\r\033[K")
	} else {
		tenth := -1
		progress = func(done, total int) {
			if t := done * 10 / max(total, 1); t > tenth {
				tenth = t
				fmt.Fprintf(env.Stderr, "training: %d%%\n", t*10)
			}
		}
	}
	began := time.Now()
	if err := m.Train(ctx, exs, *epochs, progress); err != nil {
		return err
	}
	took := time.Since(began)
	size, err := project.SaveTagger(ctx, st, m)
	if err != nil {
		return err
	}
	s := m.Stats()
	fmt.Fprintf(env.Stderr, "trained the tagger on %s of the project and %s from files (%d entities) in %.1f s; %d KB stored in %s\n",
		annotate.Plural(fromProject, "done document"), annotate.Plural(fromFiles, "document"), s.Entities, took.Seconds(), size/1024, *db)
	return nil
}

// readExamples appends the annotated records of a gold file to exs.
func readExamples(env *Env, name string, exs *[]tagger.Example) (int, error) {
	n := 0
	err := project.ReadRecords(project.Input{Path: name, Options: format.Options{Annotator: "gold-file"}}, func(r annotate.Record) error {
		if r.HasSpans {
			*exs = append(*exs, tagger.Example{Key: name + ":" + r.Doc.ID, Text: r.Doc.Text, Spans: r.Spans})
			n++
		}
		return nil
	})
	return n, err
}
