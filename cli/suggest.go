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

// bufioWriter buffers a command's standard output.
func bufioWriter(w io.Writer) *bufio.Writer { return bufio.NewWriterSize(w, 64<<10) }
