package project

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"goldspan/annotate"
	"goldspan/annotate/agree"
)

// OverlapReport is the agreement of a project whose documents were handed
// out with an overlap: each document is compared among the annotators it
// was assigned to, not among everyone (who never all see one document).
type OverlapReport struct {
	// Assigned counts the documents assigned to two or more annotators.
	Assigned int `json:"assigned_documents"`
	// Compared counts those every assigned annotator finished.
	Compared int `json:"compared_documents"`
	// Overlap is the number of annotators per compared document that the
	// chance-corrected measures below are over (the most common one).
	Overlap int `json:"overlap"`
	// Group measures every compared document with Overlap annotators at
	// once, per character: Fleiss' kappa and Krippendorff's alpha do not
	// need the same annotators on every document, only as many.
	Group *GroupScores `json:"group"`
	// Pairs are the pairs of annotators that share compared documents,
	// each measured on those documents alone.
	Pairs []OverlapPair `json:"pairs"`
}

// GroupScores are the measures over all annotators of a document.
type GroupScores struct {
	Documents   int         `json:"documents"`
	Characters  int         `json:"characters"`
	FleissKappa agree.Score `json:"fleiss_kappa"`
	Alpha       agree.Score `json:"alpha"`
	Agreement   agree.Score `json:"agreement"`
}

// OverlapPair is one pair's agreement on the documents they share.
type OverlapPair struct {
	Documents int `json:"documents"`
	agree.Pair
}

// Overlapping reports whether as hands some document to two or more
// annotators.
func Overlapping(as []annotate.Assignment) bool {
	seen := map[string]bool{}
	for _, a := range as {
		if seen[a.DocID] {
			return true
		}
		seen[a.DocID] = true
	}
	return false
}

// OverlapAgreement measures agreement on the overlap of the assignments
// as: every document assigned to two or more annotators that all of them
// finished (done; in progress too with inProgress) is compared among them.
func OverlapAgreement(in agree.Input, as []annotate.Assignment, inProgress bool) (*OverlapReport, error) {
	who := map[string][]string{}
	for _, a := range as {
		who[a.DocID] = append(who[a.DocID], a.Annotator)
	}
	r := &OverlapReport{Pairs: []OverlapPair{}}
	byPair := map[[2]string][]agree.Doc{}
	bySize := map[int][]agree.Doc{}
	for _, d := range in.Docs {
		names := who[d.ID]
		if len(names) < 2 {
			continue
		}
		r.Assigned++
		finished := true
		for _, a := range names {
			st := d.Layers[a].Status
			if st != annotate.StatusDone && !(inProgress && st == annotate.StatusInProgress) {
				finished = false
			}
		}
		if !finished {
			continue
		}
		r.Compared++
		slices.Sort(names)
		for i, a := range names {
			for _, b := range names[i+1:] {
				byPair[[2]string{a, b}] = append(byPair[[2]string{a, b}], agree.Doc{
					ID: d.ID, Text: d.Text, Suggestions: d.Suggestions,
					Layers: map[string]Layer{a: d.Layers[a], b: d.Layers[b]},
				})
			}
		}
		// The annotators become seats 1..k, so that documents of different
		// teams of k count as items of one Fleiss' kappa.
		seats := map[string]Layer{}
		for i, a := range names {
			seats[strconv.Itoa(i+1)] = d.Layers[a]
		}
		bySize[len(names)] = append(bySize[len(names)], agree.Doc{ID: d.ID, Text: d.Text, Layers: seats})
	}
	// Every document that was assigned and is known (even one nobody
	// opened yet) counts as assigned.
	known := make(map[string]bool, len(in.Docs))
	for _, d := range in.Docs {
		known[d.ID] = true
	}
	for id, names := range who {
		if len(names) >= 2 && !known[id] {
			r.Assigned++
		}
	}
	opt := agree.Options{IncludeInProgress: inProgress, Context: -1}
	keys := slices.SortedFunc(maps.Keys(byPair), func(a, b [2]string) int { return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1])) })
	for _, k := range keys {
		opt.Annotators = []string{k[0], k[1]}
		rep, err := agree.Compute(agree.Input{Docs: byPair[k]}, opt)
		if err != nil {
			return nil, err
		}
		r.Pairs = append(r.Pairs, OverlapPair{Documents: rep.Documents, Pair: rep.Pairs[0]})
	}
	for size, docs := range bySize {
		if len(docs) > len(bySize[r.Overlap]) || len(docs) == len(bySize[r.Overlap]) && size < r.Overlap {
			r.Overlap = size
		}
	}
	if docs := bySize[r.Overlap]; len(docs) > 0 {
		opt.Annotators = nil
		for i := range r.Overlap {
			opt.Annotators = append(opt.Annotators, strconv.Itoa(i+1))
		}
		rep, err := agree.Compute(agree.Input{Docs: docs}, opt)
		if err != nil {
			return nil, err
		}
		r.Group = &GroupScores{Documents: rep.Documents, Characters: rep.Characters, FleissKappa: rep.FleissKappa, Alpha: rep.Alpha, Agreement: rep.Agreement}
	}
	return r, nil
}

// Layer is one annotator's work on a document (agree's).
type Layer = agree.Layer

// WriteText prints r for a reader.
func (r *OverlapReport) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	p("Agreement on the overlap of the assignments: %s assigned to two or more annotators, %d compared (finished by all it was assigned to)\n",
		annotate.Plural(r.Assigned, "document"), r.Compared)
	if r.Group != nil {
		p("\nEvery document's %d annotators, per character (%s, %d characters)\n", r.Overlap, annotate.Plural(r.Group.Documents, "document"), r.Group.Characters)
		p("  Fleiss' kappa %s   Krippendorff's alpha %s   observed agreement %s\n", r.Group.FleissKappa, r.Group.Alpha, r.Group.Agreement)
	}
	if len(r.Pairs) > 0 {
		p("\nPairs, each on the documents both were assigned and finished\n")
		rows := [][]string{{"pair", "documents", "F1 exact", "matched", "only a", "only b", "F1 overlap", "kappa"}}
		width := make([]int, len(rows[0]))
		for _, pr := range r.Pairs {
			rows = append(rows, []string{pr.A + "–" + pr.B, strconv.Itoa(pr.Documents), pr.F1Exact.String(),
				strconv.Itoa(pr.Exact.Matched), strconv.Itoa(pr.Exact.OnlyA), strconv.Itoa(pr.Exact.OnlyB), pr.F1Overlap.String(), pr.Kappa.String()})
		}
		for _, row := range rows {
			for i, c := range row {
				width[i] = max(width[i], len([]rune(c)))
			}
		}
		for _, row := range rows {
			var b strings.Builder
			for i, c := range row {
				if i > 0 {
					b.WriteString("  ")
				}
				pad := strings.Repeat(" ", width[i]-len([]rune(c)))
				if i == 0 {
					b.WriteString(c + pad)
				} else {
					b.WriteString(pad + c)
				}
			}
			p("  %s\n", strings.TrimRight(b.String(), " "))
		}
	} else {
		p("\nNo pair of annotators has finished a shared document yet.\n")
	}
	return bw.Flush()
}
