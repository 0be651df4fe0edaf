package cli

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"sync"

	"goldspan/annotate"
	"goldspan/annotate/format"
	"goldspan/annotate/suggest"
	"goldspan/storage"
)

func init() {
	register(command{
		name:  "suggest",
		usage: "[--db FILE] < in.jsonl > out.jsonl",
		short: "fill each record's spans with machine suggestions (code points, with source and score)",
		run:   runSuggest,
	})
}

// Engine is the process's suggester: the gse dictionary loads once, on
// first use or when Engine.Load is called in the background.
var Engine = suggest.New(suggest.Options{})

// ProjectSuggester returns Engine bound to the project's learned lexicon:
// what its reviewers confirmed and rejected.
func ProjectSuggester(ctx context.Context, db *storage.DB) (annotate.Suggester, error) {
	lex, err := LoadLexicon(ctx, db)
	if err != nil {
		return nil, err
	}
	return Engine.WithLexicon(lex), nil
}

// LoadLexicon reads a project's learned lexicon into memory.
func LoadLexicon(ctx context.Context, db *storage.DB) (*suggest.Learned, error) {
	entries, err := db.Lexicon(ctx)
	if err != nil {
		return nil, err
	}
	lex := suggest.NewLearned()
	for _, e := range entries {
		lex.Add(e.Surface, e.Label, e.Votes, e.Rejections)
	}
	return lex, nil
}

// Tokenize returns gse word segmentation in code points (spaCy tokens).
func Tokenize(ctx context.Context) func(string) []format.Token {
	return func(text string) []format.Token {
		words, err := Engine.Words(ctx, text)
		if err != nil {
			return nil
		}
		return words
	}
}

func runSuggest(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("suggest", flag.ContinueOnError)
	db := fs.String("db", "", "use this project's labels and learned lexicon")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("unexpected argument %q (records come on standard input)", rest[0])
	}
	labels := annotate.DefaultLabels()
	var sug annotate.Suggester = Engine
	if *db != "" {
		st, err := openExisting(ctx, *db)
		if err != nil {
			return err
		}
		defer st.Close()
		if labels, err = st.Labels(ctx); err != nil {
			return err
		}
		if sug, err = ProjectSuggester(ctx, st); err != nil {
			return err
		}
		// A trained tagger leads; the rules fill in where it is silent.
		if m, err := LoadTagger(ctx, st); err == nil {
			sug = Lead(m, sug)
		} else if annotate.ErrorCode(err) != annotate.ENOTFOUND {
			return err
		}
	}
	o := format.Options{Name: "<stdin>"}
	gold, _ := format.Lookup("gold")
	w := bufio.NewWriterSize(env.Stdout, 64<<10)
	defer w.Flush()
	r := bufio.NewReaderSize(env.Stdin, 64<<10)
	for n := 1; ; n++ {
		line, err := readLine(r)
		if err == io.EOF {
			return nil
		} else if err != nil {
			return annotate.Errorf(annotate.EINVALID, "<stdin> line %d: %v", n, err)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			// One output line per input line, blank ones included.
			w.WriteByte('\n')
			continue
		}
		rec, err := format.ParseGold(line, n, o)
		if err != nil {
			return err
		}
		sugs, err := sug.Suggest(ctx, rec.Doc.Text, labels)
		if err != nil {
			return fmt.Errorf("<stdin> line %d: %w", n, err)
		}
		if sugs == nil {
			sugs = []annotate.Suggestion{}
		}
		out := annotate.Record{Doc: rec.Doc, Suggestions: sugs}
		enc := gold.NewEncoder(w, o)
		if err := enc.Encode(out); err != nil {
			return err
		}
		if err := enc.Close(); err != nil {
			return err
		}
	}
}

// readLine returns one line without its line end, refusing lines longer
// than format.MaxLine; io.EOF after the last.
func readLine(r *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > format.MaxLine {
			return nil, fmt.Errorf("line is longer than %d MiB", format.MaxLine>>20)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF && len(line) == 0 {
			return nil, io.EOF
		}
		if err != nil && err != io.EOF {
			return nil, err
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		return bytes.TrimSuffix(line, []byte("\r")), nil
	}
}

// LiveSuggester suggests with Engine and the project's learned lexicon as
// it stands at each call: what a reviewer confirmed a moment ago is
// suggested in the next document. The lexicon is reloaded only when it
// changed.
func LiveSuggester(db *storage.DB) annotate.Suggester {
	return &liveSuggester{db: db}
}

type liveSuggester struct {
	db      *storage.DB
	mu      sync.Mutex
	version string
	lex     *suggest.Learned
}

// Suggest implements annotate.Suggester.
func (l *liveSuggester) Suggest(ctx context.Context, text string, labels []annotate.Label) ([]annotate.Suggestion, error) {
	v, err := l.db.LexiconVersion(ctx)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	if l.lex == nil || v != l.version {
		lex, err := LoadLexicon(ctx, l.db)
		if err != nil {
			l.mu.Unlock()
			return nil, err
		}
		l.lex, l.version = lex, v
	}
	lex := l.lex
	l.mu.Unlock()
	return Engine.SuggestWith(ctx, text, labels, lex)
}

// Lead returns a suggester that takes lead's suggestions and adds those of
// rest that overlap none of them.
func Lead(lead, rest annotate.Suggester) annotate.Suggester { return leading{lead, rest} }

type leading struct{ lead, rest annotate.Suggester }

// Suggest implements annotate.Suggester.
func (l leading) Suggest(ctx context.Context, text string, labels []annotate.Label) ([]annotate.Suggestion, error) {
	first, err := l.lead.Suggest(ctx, text, labels)
	if err != nil {
		return nil, err
	}
	more, err := l.rest.Suggest(ctx, text, labels)
	if err != nil {
		return nil, err
	}
	return merge(first, more), nil
}

// merge returns first and those of more that overlap none of first,
// sorted by start and end.
func merge(first, more []annotate.Suggestion) []annotate.Suggestion {
	out := slices.Clone(first)
	for _, s := range more {
		free := true
		for _, f := range first {
			if s.Start < f.End && f.Start < s.End {
				free = false
				break
			}
		}
		if free {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b annotate.Suggestion) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return a.End - b.End
	})
	return out
}
