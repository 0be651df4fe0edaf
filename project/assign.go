package project

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"

	"goldspan/annotate"
)

// AssignOptions say how a lead hands documents out.
type AssignOptions struct {
	// Annotators to hand documents to; at least Overlap of them.
	Annotators []string
	// Overlap is how many annotators each document goes to (1 for none
	// shared); agreement is measured where it is 2 or more.
	Overlap int
	// Seed makes the choice reproducible: the same documents, annotators
	// and seed give the same assignments.
	Seed uint64
	// Replace hands every document out again, dropping earlier
	// assignments; otherwise only documents nobody is assigned yet are
	// handed out, and the annotators' earlier loads count.
	Replace bool
}

// AssignPlan is what Assign handed out.
type AssignPlan struct {
	Assignments []annotate.Assignment
	// Documents handed out by this plan.
	Documents int
	// Load is how many documents each annotator holds afterwards (earlier
	// assignments included unless replaced), in Annotators' order.
	Load []AnnotatorLoad
	// Shared counts the documents each pair of annotators shares in this
	// plan, the overlap their agreement is measured on.
	Shared []PairShare
}

// AnnotatorLoad is one annotator's number of assigned documents.
type AnnotatorLoad struct {
	Annotator string `json:"annotator"`
	Documents int    `json:"documents"`
}

// PairShare is how many documents two annotators are both assigned.
type PairShare struct {
	A, B      string
	Documents int
}

// PlanAssignments hands each of docs to o.Overlap of o.Annotators, chosen
// evenly: each document goes to the annotators with the fewest documents
// so far (loads never differ by more than one), among those to the ones
// that share the fewest documents with the others already chosen (so
// every pair's overlap grows alike), remaining ties broken by a shuffle
// seeded with o.Seed. prior holds the loads of earlier assignments.
func PlanAssignments(docs []string, o AssignOptions, prior map[string]int) (AssignPlan, error) {
	names, err := assignees(o)
	if err != nil {
		return AssignPlan{}, err
	}
	n := len(names)
	load := make([]int, n)
	for i, a := range names {
		load[i] = prior[a]
	}
	shared := make([][]int, n)
	for i := range shared {
		shared[i] = make([]int, n)
	}
	rng := rand.New(rand.NewPCG(o.Seed, 0x60_1d_5e_a4))
	plan := AssignPlan{Documents: len(docs), Assignments: make([]annotate.Assignment, 0, len(docs)*o.Overlap)}
	chosen := make([]int, 0, o.Overlap)
	try := make([]int, 0, o.Overlap)
	in := make([]bool, n)
	// team completes a team that starts with first: each next member has
	// the fewest documents, then shares the fewest with the team so far,
	// then comes first in rank. It returns the documents the team's pairs
	// shared before.
	team := func(first int, rank []int, out []int) ([]int, int) {
		clear(in)
		out = append(out[:0], first)
		in[first] = true
		total := 0
		for len(out) < o.Overlap {
			best, bestShare := -1, 0
			for c := range n {
				if in[c] {
					continue
				}
				share := 0
				for _, x := range out {
					share += shared[c][x]
				}
				if best < 0 || cmp.Or(cmp.Compare(load[c], load[best]), cmp.Compare(share, bestShare), cmp.Compare(rank[c], rank[best])) < 0 {
					best, bestShare = c, share
				}
			}
			out = append(out, best)
			in[best] = true
			total += bestShare
		}
		return out, total
	}
	for _, doc := range docs {
		rank := rng.Perm(n)
		least := slices.Min(load)
		// Every annotator with the fewest documents may lead the team; the
		// team whose pairs shared the fewest documents so far is taken.
		bestTotal, bestFirst := -1, -1
		for first := range n {
			if load[first] != least {
				continue
			}
			var total int
			try, total = team(first, rank, try)
			if bestTotal < 0 || cmp.Or(cmp.Compare(total, bestTotal), cmp.Compare(rank[first], rank[bestFirst])) < 0 {
				bestTotal, bestFirst = total, first
				chosen = append(chosen[:0], try...)
			}
		}
		for i, a := range chosen {
			load[a]++
			for _, b := range chosen[:i] {
				shared[a][b]++
				shared[b][a]++
			}
		}
		slices.Sort(chosen)
		for _, c := range chosen {
			plan.Assignments = append(plan.Assignments, annotate.Assignment{DocID: doc, Annotator: names[c]})
		}
	}
	for i, a := range names {
		plan.Load = append(plan.Load, AnnotatorLoad{Annotator: a, Documents: load[i]})
		for j := i + 1; j < n; j++ {
			if shared[i][j] > 0 {
				plan.Shared = append(plan.Shared, PairShare{A: a, B: names[j], Documents: shared[i][j]})
			}
		}
	}
	return plan, nil
}

// assignees checks o and returns its annotators sorted, so that the order
// they are given in does not change the plan.
func assignees(o AssignOptions) ([]string, error) {
	names := slices.Clone(o.Annotators)
	slices.Sort(names)
	for i, a := range names {
		if err := annotate.ValidateAnnotator(a); err != nil {
			return nil, err
		}
		if a == annotate.GoldAnnotator {
			return nil, annotate.Errorf(annotate.EINVALID, "assign: %q is the adjudicated layer, not an annotator", a)
		}
		if i > 0 && names[i-1] == a {
			return nil, annotate.Errorf(annotate.EINVALID, "assign: annotator %q is named twice", a)
		}
	}
	switch {
	case len(names) == 0:
		return nil, annotate.Errorf(annotate.EINVALID, "assign: name the annotators to hand documents to")
	case o.Overlap < 1:
		return nil, annotate.Errorf(annotate.EINVALID, "assign: an overlap of %d: each document goes to at least one annotator", o.Overlap)
	case o.Overlap > len(names):
		return nil, annotate.Errorf(annotate.EINVALID, "assign: an overlap of %d needs at least %d annotators; %d given", o.Overlap, o.Overlap, len(names))
	}
	return names, nil
}

// Assign hands the project's documents out as o says and stores the plan
// in one transaction: all documents with Replace, else those nobody is
// assigned yet (in import order). On a team project only a lead may.
func Assign(ctx context.Context, st annotate.Project, o AssignOptions) (AssignPlan, error) {
	if _, err := assignees(o); err != nil {
		return AssignPlan{}, err
	}
	held := map[string]bool{}
	prior := map[string]int{}
	if !o.Replace {
		as, err := st.Assignments(ctx, "")
		if err != nil {
			return AssignPlan{}, err
		}
		for _, a := range as {
			held[a.DocID] = true
			prior[a.Annotator]++
		}
	}
	var docs []string
	const page = 5000
	for off := 0; ; off += page {
		ds, err := st.Documents(ctx, annotate.DocumentFilter{Offset: off, Limit: page})
		if err != nil {
			return AssignPlan{}, err
		}
		for _, d := range ds {
			if !held[d.ID] {
				docs = append(docs, d.ID)
			}
		}
		if len(ds) < page {
			break
		}
	}
	plan, err := PlanAssignments(docs, o, prior)
	if err != nil {
		return AssignPlan{}, err
	}
	if err := st.Assign(ctx, plan.Assignments, o.Replace); err != nil {
		return AssignPlan{}, fmt.Errorf("assign: %w", err)
	}
	return plan, nil
}

// Workload is one annotator's assigned documents and how far they got.
type Workload struct {
	Annotator  string `json:"annotator"`
	Assigned   int    `json:"assigned"`
	Done       int    `json:"done"`
	InProgress int    `json:"in_progress"`
	Skipped    int    `json:"skipped"`
}

// Workloads returns every assigned annotator's progress on their own
// documents, sorted by annotator: the lead's progress view.
func Workloads(ctx context.Context, st annotate.Store, as []annotate.Assignment) ([]Workload, error) {
	by := map[string]*Workload{}
	for _, a := range as {
		w := by[a.Annotator]
		if w == nil {
			w = &Workload{Annotator: a.Annotator}
			by[a.Annotator] = w
		}
		w.Assigned++
	}
	var out []Workload
	for _, name := range slices.Sorted(maps.Keys(by)) {
		w := by[name]
		for _, s := range []annotate.Status{annotate.StatusDone, annotate.StatusInProgress, annotate.StatusSkipped} {
			n, err := st.CountDocuments(ctx, annotate.DocumentFilter{Annotator: name, Assigned: true, Status: s})
			if err != nil {
				return nil, err
			}
			switch s {
			case annotate.StatusDone:
				w.Done = n
			case annotate.StatusInProgress:
				w.InProgress = n
			default:
				w.Skipped = n
			}
		}
		out = append(out, *w)
	}
	return out, nil
}
