package agree

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
)

// TextDisagreements is how many disagreements WriteText lists.
const TextDisagreements = 20

// WriteText writes r as plain-text tables for a terminal: the measures over
// all annotators, the pairs, the annotator × annotator matrices, the
// per-label tables, span errors and label confusion, the use of machine
// suggestions and the first disagreements. Columns are aligned for a
// monospaced font in which CJK characters take two cells.
func (r *Report) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }

	p("Agreement of %d annotators: %s\n", len(r.Annotators), strings.Join(r.Annotators, ", "))
	p("%s compared (finished by all), %s skipped; %s characters; labels: %s\n",
		plural(r.Documents, "document"), strconv.Itoa(r.Skipped), thousands(r.Characters), orNone(strings.Join(r.Labels, ", ")))
	p("Scores of n/a are 0/0: one category throughout, or no spans to compare.\n\n")

	p("All annotators, per character\n")
	writeTable(bw, [][]string{
		{"", "Fleiss' kappa", "Krippendorff's alpha", "observed agreement"},
		{"all labels", r.FleissKappa.String(), r.Alpha.String(), r.Agreement.String()},
	}, true)
	rows := [][]string{{"label", "Fleiss' kappa", "alpha", "agreement", "spans " + strings.Join(r.Annotators, "/")}}
	for _, l := range r.Labels {
		la := r.PerLabel[l]
		counts := make([]string, len(la.Spans))
		for i, c := range la.Spans {
			counts[i] = strconv.Itoa(c)
		}
		rows = append(rows, []string{l, la.FleissKappa.String(), la.Alpha.String(), la.Agreement.String(), strings.Join(counts, "/")})
	}
	if len(r.Labels) > 0 {
		p("\n")
		writeTable(bw, rows, true)
	}

	p("\nPairs (a–b; a's spans not matched are only a, b's only b)\n")
	rows = [][]string{{"pair", "F1 exact", "matched", "only a", "only b", "F1 overlap", "matched", "only a", "only b", "kappa", "agreement"}}
	for _, pr := range r.Pairs {
		rows = append(rows, []string{pr.A + "–" + pr.B,
			pr.F1Exact.String(), strconv.Itoa(pr.Exact.Matched), strconv.Itoa(pr.Exact.OnlyA), strconv.Itoa(pr.Exact.OnlyB),
			pr.F1Overlap.String(), strconv.Itoa(pr.Overlap.Matched), strconv.Itoa(pr.Overlap.OnlyA), strconv.Itoa(pr.Overlap.OnlyB),
			pr.Kappa.String(), pr.Agreement.String()})
	}
	writeTable(bw, rows, true)

	for _, mx := range []struct {
		title string
		get   func(Pair) Score
	}{
		{"F1 exact", func(pr Pair) Score { return pr.F1Exact }},
		{"F1 overlap", func(pr Pair) Score { return pr.F1Overlap }},
		{"Cohen's kappa", func(pr Pair) Score { return pr.Kappa }},
	} {
		p("\n")
		writeTable(bw, r.matrix(mx.title, mx.get), true)
	}

	if len(r.Labels) > 0 {
		p("\nPer label and pair\n")
		rows = [][]string{{"label", "pair", "F1 exact", "matched/only a/only b", "F1 overlap", "matched/only a/only b", "kappa", "agreement"}}
		for _, l := range r.Labels {
			for i, pr := range r.Pairs {
				lp := pr.PerLabel[l]
				name := l
				if i > 0 {
					name = ""
				}
				rows = append(rows, []string{name, pr.A + "–" + pr.B,
					lp.F1Exact.String(), lp.Exact.slash(), lp.F1Overlap.String(), lp.Overlap.slash(),
					lp.Kappa.String(), lp.Agreement.String()})
			}
		}
		writeTable(bw, rows, true)
	}

	p("\nSpan errors (each span counted once: exact, else type = same offsets, other label;\n")
	p("boundary = same label, overlapping, other offsets; both = overlapping, other label and offsets)\n")
	rows = [][]string{{"pair", "exact", "type", "boundary", "both", "only a", "only b"}}
	for _, pr := range r.Pairs {
		e := pr.Errors
		rows = append(rows, []string{pr.A + "–" + pr.B, strconv.Itoa(e.Exact), strconv.Itoa(e.Type),
			strconv.Itoa(e.Boundary), strconv.Itoa(e.TypeAndBoundary), strconv.Itoa(e.OnlyA), strconv.Itoa(e.OnlyB)})
	}
	writeTable(bw, rows, true)

	for _, pr := range r.Pairs {
		if pr.Errors.Type == 0 {
			continue
		}
		p("\nLabel confusion, spans with the same offsets (rows %s, columns %s)\n", pr.A, pr.B)
		rows = [][]string{append([]string{pr.A + " \\ " + pr.B}, r.Labels...)}
		for _, la := range r.Labels {
			row := []string{la}
			for _, lb := range r.Labels {
				row = append(row, countOrDot(pr.Confusion[la][lb]))
			}
			rows = append(rows, row)
		}
		writeTable(bw, rows, true)
	}

	p("\nMachine suggestions (shares of suggestions; by hand: share of the annotator's spans)\n")
	rows = [][]string{{"annotator", "suggestions", "accepted", "edited", "rejected", "ignored", "spans", "by hand"}}
	for _, m := range r.Machine {
		rows = append(rows, []string{m.Annotator, strconv.Itoa(m.Suggestions),
			share(m.Accepted, m.AcceptedShare), share(m.Edited, m.EditedShare),
			share(m.Rejected, m.RejectedShare), share(m.Ignored, m.IgnoredShare),
			strconv.Itoa(m.Spans), share(m.Manual, m.ManualShare)})
	}
	writeTable(bw, rows, true)

	p("\n%s", plural(r.DisagreementCount, "disagreement"))
	if r.DisagreementCount > 0 {
		p(" (%s %d, %s %d, %s %d)", KindMissing, r.DisagreementKinds[KindMissing],
			KindLabel, r.DisagreementKinds[KindLabel], KindBoundary, r.DisagreementKinds[KindBoundary])
	}
	if shown := min(len(r.Disagreements), TextDisagreements); r.DisagreementCount > shown {
		p("; the first %d", shown)
	}
	p("\n")
	for i, d := range r.Disagreements {
		if i == TextDisagreements {
			break
		}
		p("\n%s [%d,%d) %s\n", visible(d.Doc), d.Start, d.End, strings.Join(d.Kinds, ", "))
		rows = nil
		for _, v := range d.Versions {
			if len(v.Spans) == 0 {
				rows = append(rows, []string{"  " + v.Annotator, "—"})
			}
			for j, s := range v.Spans {
				name := "  " + v.Annotator
				if j > 0 {
					name = ""
				}
				rows = append(rows, []string{name, s.Label, fmt.Sprintf("[%d,%d)", s.Start, s.End), visible(s.Text)})
			}
		}
		writeTable(bw, rows, false)
		p("  context [%d,%d): %s\n", d.Context.Start, d.Context.End, visible(d.Context.Text))
	}
	return bw.Flush()
}

// matrix returns the annotator × annotator table of one pair measure.
func (r *Report) matrix(title string, get func(Pair) Score) [][]string {
	n := len(r.Annotators)
	rows := make([][]string, n+1)
	rows[0] = append([]string{title}, r.Annotators...)
	for i, a := range r.Annotators {
		rows[i+1] = make([]string, n+1)
		rows[i+1][0] = a
		rows[i+1][i+1] = "—"
	}
	for _, pr := range r.Pairs {
		i, j := indexOf(r.Annotators, pr.A), indexOf(r.Annotators, pr.B)
		if i < 0 || j < 0 {
			continue
		}
		rows[i+1][j+1] = get(pr).String()
		rows[j+1][i+1] = get(pr).String()
	}
	return rows
}

// numeric reports whether a cell shows a number: digits, a sign, a share
// in parentheses, or a placeholder for none.
func numeric(cell string) bool {
	switch cell {
	case "", "n/a", "—", ".":
		return true
	}
	c := strings.TrimPrefix(cell, "-")
	return c != "" && c[0] >= '0' && c[0] <= '9'
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

func (c Counts) slash() string { return fmt.Sprintf("%d/%d/%d", c.Matched, c.OnlyA, c.OnlyB) }

func share(n int, s Score) string {
	if !s.Defined() {
		return strconv.Itoa(n)
	}
	return fmt.Sprintf("%d (%.1f%%)", n, 100*float64(s))
}

func countOrDot(n int) string {
	if n == 0 {
		return "."
	}
	return strconv.Itoa(n)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return thousands(n) + " " + word + "s"
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// thousands formats n with commas between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// visible shows text on one line: line breaks as ⏎, tabs and other control
// characters as spaces.
func visible(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return '⏎'
		case r == '\r':
			return -1
		case unicode.IsControl(r):
			return ' '
		}
		return r
	}, s)
}

// writeTable writes rows with columns two spaces apart. With header set,
// the first row is a header and columns whose other cells are all numbers
// are right-aligned; everything else is left-aligned.
func writeTable(w *bufio.Writer, rows [][]string, header bool) {
	var widths []int
	var text []bool // column holds text
	for r, row := range rows {
		for i, cell := range row {
			if i >= len(widths) {
				widths = append(widths, 0)
				text = append(text, !header)
			}
			widths[i] = max(widths[i], cellWidth(cell))
			if r > 0 && !numeric(cell) {
				text[i] = true
			}
		}
	}
	for _, row := range rows {
		var line strings.Builder
		for i, cell := range row {
			pad := strings.Repeat(" ", widths[i]-cellWidth(cell))
			if i > 0 {
				line.WriteString("  ")
			}
			if !text[i] {
				line.WriteString(pad + cell)
			} else if i < len(row)-1 {
				line.WriteString(cell + pad)
			} else {
				line.WriteString(cell)
			}
		}
		w.WriteString(strings.TrimRight(line.String(), " "))
		w.WriteByte('\n')
	}
}

// cellWidth is the number of terminal cells s takes: two for East Asian
// wide and fullwidth characters, none for combining marks, else one.
func cellWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || r == 0x200B:
		case wide(r):
			n += 2
		default:
			n++
		}
	}
	return n
}

func wide(r rune) bool {
	return r >= 0x1100 && (r <= 0x115F || r == 0x2329 || r == 0x232A ||
		(r >= 0x2E80 && r <= 0xA4CF && r != 0x303F) ||
		(r >= 0xAC00 && r <= 0xD7A3) ||
		(r >= 0xF900 && r <= 0xFAFF) ||
		(r >= 0xFE30 && r <= 0xFE4F) ||
		(r >= 0xFF00 && r <= 0xFF60) ||
		(r >= 0xFFE0 && r <= 0xFFE6) ||
		(r >= 0x1F300 && r <= 0x1F64F) ||
		(r >= 0x1F900 && r <= 0x1F9FF) ||
		(r >= 0x20000 && r <= 0x3FFFD))
}

func newBufWriter(w io.Writer) *bufio.Writer { return bufio.NewWriter(w) }
