package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"goldspan/annotate"
	"goldspan/project"
)

func init() {
	register(command{name: "stats", usage: "--db FILE [--json]", short: "count documents, spans and statuses per annotator", run: runStats})
}

type statsJSON struct {
	Documents   int                  `json:"documents"`
	Characters  int64                `json:"characters"`
	Labels      []string             `json:"labels"`
	Suggestions int                  `json:"suggestions"`
	Actions     int                  `json:"actions"`
	Annotators  []annotatorStatsJSON `json:"annotators"`
	Model       *project.ModelStats  `json:"model,omitempty"` // the suggestion model, if the project has one
}

type annotatorStatsJSON struct {
	Name     string         `json:"name"`
	Spans    int            `json:"spans"`
	ByStatus map[string]int `json:"by_status"`
	ByLabel  map[string]int `json:"by_label"`
	// DoneUndecided lists the documents marked done with suggestions
	// still undecided (before the done gate): not gold until decided.
	DoneUndecided []undecidedJSON `json:"done_with_undecided,omitempty"`
}

type undecidedJSON struct {
	ID        string `json:"id"`
	Undecided int    `json:"undecided"`
}

func runStats(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("stats", flag.ContinueOnError)
	db := dbFlag(fs, dbUsage)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := openExisting(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	s, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	out := statsJSON{Documents: s.Documents, Characters: s.Characters, Suggestions: s.Suggestions, Actions: s.Actions, Labels: []string{}, Annotators: []annotatorStatsJSON{}}
	for _, l := range s.Labels {
		out.Labels = append(out.Labels, l.Name)
	}
	for _, a := range s.Annotators {
		j := annotatorStatsJSON{Name: a.Name, Spans: a.Spans, ByStatus: map[string]int{}, ByLabel: a.ByLabel}
		for k, v := range a.ByStatus {
			j.ByStatus[string(k)] = v
		}
		if a.ByStatus[annotate.StatusDone] > 0 {
			docs, err := project.UndecidedDone(ctx, st, a.Name)
			if err != nil {
				return err
			}
			for _, d := range docs {
				j.DoneUndecided = append(j.DoneUndecided, undecidedJSON{ID: d.ID, Undecided: d.Undecided})
			}
		}
		out.Annotators = append(out.Annotators, j)
	}
	if out.Model, err = project.StoredModel(ctx, st); err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	fmt.Fprintf(env.Stdout, "%s: %d documents, %d characters, %d suggestions, %d logged actions\n", *db, s.Documents, s.Characters, s.Suggestions, s.Actions)
	fmt.Fprintf(env.Stdout, "labels: %v\n", out.Labels)
	switch m := out.Model; {
	case m == nil:
		fmt.Fprintln(env.Stdout, "suggestion model: none yet (it learns as reviewers work in the desk; goldspan train fits one)")
	case m.Scored == 0:
		fmt.Fprintf(env.Stdout, "suggestion model: %d sentences, %.2f MB; not scored yet; %s lead\n", m.Sentences, float64(m.Bytes)/1e6, m.Leader)
	default:
		fmt.Fprintf(env.Stdout, "suggestion model: %d sentences, %.2f MB; F1 %.1f vs rules %.1f on the last %d documents done; %s lead%s\n",
			m.Sentences, float64(m.Bytes)/1e6, m.ModelF1, m.RulesF1, m.Scored, m.Leader, map[bool]string{true: "s", false: ""}[m.Leader == annotate.SourceModel])
	}
	fmt.Fprintln(env.Stdout)
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "annotator\tspans\ttodo\tin-progress\tdone\tskipped\t\n")
	for _, a := range s.Annotators {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t\n", a.Name, a.Spans, a.ByStatus[annotate.StatusTodo], a.ByStatus[annotate.StatusInProgress], a.ByStatus[annotate.StatusDone], a.ByStatus[annotate.StatusSkipped])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, a := range out.Annotators {
		if len(a.DoneUndecided) == 0 {
			continue
		}
		var ids []string
		for i, d := range a.DoneUndecided {
			if i == 10 {
				ids = append(ids, fmt.Sprintf("and %d more", len(a.DoneUndecided)-10))
				break
			}
			ids = append(ids, fmt.Sprintf("%s (%d)", d.ID, d.Undecided))
		}
		fmt.Fprintf(env.Stdout, "\nwarning: %s marked %s done with suggestions undecided (not gold until decided): %s\n",
			a.Name, annotate.Plural(len(a.DoneUndecided), "document"), strings.Join(ids, ", "))
	}
	return nil
}
