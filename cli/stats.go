package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"text/tabwriter"

	"goldspan/annotate"
	"goldspan/storage"
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
	Model       *modelStatsJSON      `json:"model,omitempty"` // the suggestion model, if the project has one
}

// modelStatsJSON describes the project's suggestion model as stored,
// without loading it.
type modelStatsJSON struct {
	Sentences int     `json:"sentences"` // learned from
	Bytes     int     `json:"bytes"`     // on disk, in the project file
	Leader    string  `json:"leader"`    // rules or model
	Scored    int     `json:"scored"`    // done documents the running F1s are over
	ModelF1   float64 `json:"model_f1"`
	RulesF1   float64 `json:"rules_f1"`
}

// modelStats reads the suggestion model's summary, nil if there is none.
func modelStats(ctx context.Context, db *storage.DB) (*modelStatsJSON, error) {
	m, err := db.LoadModel(ctx, TaggerModel)
	if annotate.ErrorCode(err) == annotate.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	out := &modelStatsJSON{Sentences: m.Examples, Bytes: len(m.Data), Leader: annotate.SourceRules}
	sc, err := db.LoadModel(ctx, scoresModel)
	if err == nil {
		var scores scoreState
		if json.Unmarshal(sc.Data, &scores) == nil {
			l := Learner{scores: scores}
			mc, rc := l.windowCounts()
			out.Leader, out.Scored = l.leaderLocked(), len(scores.Window)
			out.ModelF1, out.RulesF1 = math.Round(mc.f1()*10)/10, math.Round(rc.f1()*10)/10
		}
	} else if annotate.ErrorCode(err) != annotate.ENOTFOUND {
		return nil, err
	}
	return out, nil
}

type annotatorStatsJSON struct {
	Name     string         `json:"name"`
	Spans    int            `json:"spans"`
	ByStatus map[string]int `json:"by_status"`
	ByLabel  map[string]int `json:"by_label"`
}

func runStats(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("stats", flag.ContinueOnError)
	db := fs.String("db", "", "project file")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := openExisting(ctx, *db)
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
		out.Annotators = append(out.Annotators, j)
	}
	if out.Model, err = modelStats(ctx, st); err != nil {
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
	return tw.Flush()
}
