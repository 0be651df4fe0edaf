package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"goldspan/annotate"
	"goldspan/annotate/format"
	"goldspan/annotate/tagger"
	"goldspan/storage"
)

func init() {
	register(command{
		name:  "train",
		usage: "--db FILE [--from FILE ...] [--epochs N]",
		short: "train the project's sequence tagger on its done documents and any gold files given",
		run:   runTrain,
	})
}

// TaggerModel is the name the sequence tagger is stored under in a project.
const TaggerModel = "tagger"

// NewTagger returns an empty sequence tagger that shares Engine's gse
// segmenter and reads the rule suggester (without a lexicon) as hints: the
// one way every tagger of a project is built, for training and loading.
func NewTagger(ctx context.Context) (*tagger.Model, error) {
	seg, err := Engine.Segmenter(ctx)
	if err != nil {
		return nil, err
	}
	return tagger.New(seg, tagger.WithHints(Engine)), nil
}

// LoadTagger returns the project's trained tagger, or ENOTFOUND.
func LoadTagger(ctx context.Context, db *storage.DB) (*tagger.Model, error) {
	stored, err := db.LoadModel(ctx, TaggerModel)
	if err != nil {
		return nil, err
	}
	m, err := NewTagger(ctx)
	if err != nil {
		return nil, err
	}
	if err := m.UnmarshalBinary(stored.Data); err != nil {
		return nil, fmt.Errorf("the project's %s model: %w", TaggerModel, err)
	}
	return m, nil
}

// trainingExamples returns one example per done document of the project:
// the gold layer where there is one, else the first annotator's. Key is
// the document ID.
func trainingExamples(ctx context.Context, st annotate.Store) ([]tagger.Example, error) {
	var out []tagger.Example
	at := map[string]int{}
	err := st.Export(ctx, annotate.ExportFilter{All: true, Status: annotate.StatusDone}, func(r annotate.Record) error {
		ex := tagger.Example{Key: r.Doc.ID, Text: r.Doc.Text, Spans: r.Spans}
		if i, ok := at[r.Doc.ID]; ok {
			if r.Annotator == annotate.GoldAnnotator {
				out[i] = ex
			}
			return nil
		}
		at[r.Doc.ID] = len(out)
		out = append(out, ex)
		return nil
	})
	return out, err
}

// doneSentences cuts done documents (Key: the document ID) into the
// sentences the learner keeps, keyed as it keys them, so that a model
// trained by goldspan train and one trained in the desk know the same
// sentences by the same names.
func doneSentences(docs []tagger.Example) []tagger.Example {
	var out []tagger.Example
	for _, d := range docs {
		rs, pieces := sentencesOf(d.Text, d.Spans)
		for _, p := range pieces {
			out = append(out, example(sentenceKey("d", d.Key, p.start), rs, p, d.Spans))
		}
	}
	return out
}

func runTrain(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	db := fs.String("db", "", "project file")
	epochs := fs.Int("epochs", 0, "training passes (0: the tagger's default)")
	var from []string
	fs.Func("from", "a gold file (any importable format with annotations); repeatable", func(s string) error {
		from = append(from, s)
		return nil
	})
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := openExisting(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	docs, err := trainingExamples(ctx, st)
	if err != nil {
		return err
	}
	fromProject := len(docs)
	exs := doneSentences(docs)
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
	m, err := NewTagger(ctx)
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
	data, err := m.MarshalBinary()
	if err != nil {
		return err
	}
	if err := st.SaveModel(ctx, storage.Model{Name: TaggerModel, Data: data, Examples: len(m.Keys())}); err != nil {
		return err
	}
	s := m.Stats()
	fmt.Fprintf(env.Stderr, "trained the tagger on %s of the project and %s from files (%d entities) in %.1f s; %d KB stored in %s\n",
		annotate.Plural(fromProject, "done document"), annotate.Plural(fromFiles, "document"), s.Entities, took.Seconds(), len(data)/1024, *db)
	return nil
}

// readExamples appends the annotated records of a gold file to exs.
func readExamples(env *Env, name string, exs *[]tagger.Example) (int, error) {
	var opened []format.Decoder
	dec, c, err := opener(env, name, "auto", format.Options{Name: name, Annotator: "gold-file"}, &opened)()
	if err != nil {
		return 0, err
	}
	defer c.Close()
	n := 0
	for {
		r, err := dec.Next()
		if err == io.EOF {
			return n, nil
		} else if err != nil {
			return n, err
		}
		if r.HasSpans {
			*exs = append(*exs, tagger.Example{Key: name + ":" + r.Doc.ID, Text: r.Doc.Text, Spans: r.Spans})
			n++
		}
	}
}
