package suggest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"goldspan/annotate"
	"goldspan/annotate/score"
)

// Sentence is one sentence of a BIO file: its text and its gold entities.
type Sentence struct {
	Text string
	Gold []Entity
}

// Entity is a labelled range of code points, end-exclusive.
type Entity = score.Entity

// ReadBIOFile reads a character-per-line BIO file (see ReadBIO).
func ReadBIOFile(path string) ([]Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sents, err := ReadBIO(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return sents, nil
}

// ReadBIO reads character-per-line BIO: one character, a tab or space, a
// tag (B-X, I-X or O) per line, a blank line after each sentence. An I-X
// that does not continue an X entity starts one, as conlleval counts it.
func ReadBIO(r io.Reader) ([]Sentence, error) {
	var (
		out  []Sentence
		text strings.Builder
		gold []Entity
		n    int // code points in the current sentence
		open = -1
	)
	flush := func() {
		if open >= 0 {
			gold[open].End = n
			open = -1
		}
		if n > 0 {
			out = append(out, Sentence{Text: text.String(), Gold: gold})
		}
		text.Reset()
		gold, n = nil, 0
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(s) == "" {
			flush()
			continue
		}
		i := strings.LastIndexAny(s, " \t")
		if i <= 0 {
			return nil, annotate.Errorf(annotate.EINVALID, "line %d: want a character, a separator and a tag", line)
		}
		ch, tag := s[:i], s[i+1:]
		if annotate.RuneLen(ch) != 1 {
			return nil, annotate.Errorf(annotate.EINVALID, "line %d: %q is not one character", line, ch)
		}
		switch {
		case tag == "O":
			if open >= 0 {
				gold[open].End = n
				open = -1
			}
		case strings.HasPrefix(tag, "B-") || strings.HasPrefix(tag, "I-"):
			label := tag[2:]
			if tag[0] == 'I' && open >= 0 && gold[open].Label == label {
				break
			}
			if open >= 0 {
				gold[open].End = n
			}
			gold = append(gold, Entity{Start: n, Label: label})
			open = len(gold) - 1
		default:
			return nil, annotate.Errorf(annotate.EINVALID, "line %d: unknown tag %q", line, tag)
		}
		text.WriteString(ch)
		n++
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	flush()
	return out, nil
}

// Counts are entity-level exact-match counts for one label (see package
// score: its zero-division convention, P, R and F1 are 0 over nothing).
type Counts = score.Counts

// Score holds entity-level exact-match counts per label; Add scores one
// sentence (exact duplicates count once on either side).
type Score = score.ByLabel

// Tagger returns the entities of one text; Evaluate scores it.
type Tagger func(ctx context.Context, text string) ([]Entity, error)

// Evaluate runs tag on every sentence and scores it against the gold.
func Evaluate(ctx context.Context, sents []Sentence, tag Tagger) (Score, error) {
	s := Score{}
	for i, st := range sents {
		pred, err := tag(ctx, st.Text)
		if err != nil {
			return nil, fmt.Errorf("sentence %d: %w", i+1, err)
		}
		s.Add(st.Gold, pred)
	}
	return s, nil
}
