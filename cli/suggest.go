package cli

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"

	"goldspan/annotate"
	"goldspan/annotate/format"
)

func init() {
	register(command{
		name:  "suggest",
		usage: "[--db FILE] < in.jsonl > out.jsonl",
		short: "fill each record's spans with machine suggestions (code points, with source and score)",
		run:   runSuggest,
	})
}

func runSuggest(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("suggest", flag.ContinueOnError)
	db := dbFlag(fs, "suggest as the project's desk does: its labels, learned lexicon and model (a file or a postgres:// URL; default $"+DBEnv+")")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("unexpected argument %q (records come on standard input)", rest[0])
	}
	labels := annotate.DefaultLabels()
	sug := env.Service.Rules()
	if *db != "" {
		st, err := openExisting(ctx, env, *db)
		if err != nil {
			return err
		}
		defer st.Close()
		if labels, err = st.Labels(ctx); err != nil {
			return err
		}
		// The project's policy, as the desk suggests: the rules with the
		// lexicon and the model, whichever leads.
		if sug, err = env.Service.Suggester(ctx, st); err != nil {
			return err
		}
	}
	o := format.Options{Name: "<stdin>"}
	gold, _ := format.Lookup("gold")
	w := bufioWriter(env.Stdout)
	defer w.Flush()
	// Records are suggested for on every core at once, in input order.
	lines := &lineDecoder{r: bufio.NewReaderSize(env.Stdin, 64<<10), o: o}
	dec, stop := format.WithSuggestions(ctx, lines, sug, labels, 0)
	defer stop()
	for {
		rec, err := dec.Next()
		if err == io.EOF {
			return nil
		} else if err != nil {
			if annotate.ErrorCode(err) == "" || annotate.ErrorCode(err) == annotate.EINTERNAL {
				return fmt.Errorf("<stdin> line %d: %w", rec.Line, err)
			}
			return err
		}
		if rec.Doc.Text == "" {
			// One output line per input line, blank ones included.
			w.WriteByte('\n')
			continue
		}
		out := annotate.Record{Doc: rec.Doc, Suggestions: rec.Suggestions}
		enc := gold.NewEncoder(w, o)
		if err := enc.Encode(out); err != nil {
			return err
		}
		if err := enc.Close(); err != nil {
			return err
		}
	}
}

// lineDecoder reads Goldspan JSONL records from standard input for
// suggest: a blank line is a record with no text (kept, so that the output
// has a line for each), and the suggestions a record brings are dropped,
// so that every record is suggested for afresh.
type lineDecoder struct {
	r *bufio.Reader
	o format.Options
	n int
}

// Next implements format.Decoder.
func (l *lineDecoder) Next() (annotate.Record, error) {
	l.n++
	line, err := readLine(l.r)
	if err == io.EOF {
		return annotate.Record{}, io.EOF
	} else if err != nil {
		return annotate.Record{Line: l.n}, annotate.Errorf(annotate.EINVALID, "<stdin> line %d: %v", l.n, err)
	}
	if len(bytes.TrimSpace(line)) == 0 {
		return annotate.Record{Line: l.n, Suggestions: []annotate.Suggestion{}}, nil
	}
	rec, err := format.ParseGold(line, l.n, l.o)
	if err != nil {
		return annotate.Record{Line: l.n}, err
	}
	rec.Line, rec.Suggestions = l.n, nil
	return rec, nil
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

// bufioWriter buffers a command's standard output.
func bufioWriter(w io.Writer) *bufio.Writer { return bufio.NewWriterSize(w, 64<<10) }
