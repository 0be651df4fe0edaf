package cli

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"strings"

	"goldspan/annotate/agree"
	"goldspan/project"
)

func init() {
	register(command{
		name:  "agree",
		usage: "--db FILE [--annotators a,b,...] [--overlap auto|yes|no] [--include-in-progress] [--json]",
		short: "annotator agreement: span F1, Cohen's and Fleiss' kappa, Krippendorff's alpha, disagreements",
		run:   runAgree,
	})
}

func runAgree(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("agree", flag.ContinueOnError)
	db := dbFlag(fs, dbUsage)
	names := fs.String("annotators", "", "comma-separated annotators to compare (default: all but gold)")
	inProgress := fs.Bool("include-in-progress", false, "also compare documents some annotator has in progress")
	asJSON := fs.Bool("json", false, "print the whole report as JSON")
	context := fs.Int("context", 0, "code points of context around each disagreement (default 20)")
	overlap := fs.String("overlap", "auto", "compare each document among the annotators it was assigned to (goldspan assign): auto does when documents were handed out with an overlap and no --annotators are named")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *overlap != "auto" && *overlap != "yes" && *overlap != "no" {
		return usagef("--overlap %s: choose auto, yes or no", *overlap)
	}
	st, err := openExisting(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if *overlap == "yes" || *overlap == "auto" && *names == "" {
		as, err := st.Assignments(ctx, "")
		if err != nil {
			return err
		}
		if *overlap == "yes" || project.Overlapping(as) {
			in, err := agree.FromStore(ctx, st)
			if err != nil {
				return err
			}
			rep, err := project.OverlapAgreement(in, as, *inProgress)
			if err != nil {
				return err
			}
			return writeReport(env, *asJSON, rep)
		}
	}
	opt := agree.Options{IncludeInProgress: *inProgress, Context: *context}
	if *names != "" {
		for _, n := range strings.Split(*names, ",") {
			opt.Annotators = append(opt.Annotators, strings.TrimSpace(n))
		}
	}
	if !*asJSON {
		opt.MaxDisagreements = agree.TextDisagreements // the text lists no more
	}
	// One document at a time: memory stays flat however large the project.
	rep, err := agree.ComputeStore(ctx, st, opt)
	if err != nil {
		return err
	}
	return writeReport(env, *asJSON, rep)
}

// writeReport prints an agreement report as JSON or as text.
func writeReport(env *Env, asJSON bool, rep interface{ WriteText(io.Writer) error }) error {
	if asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(rep)
	}
	return rep.WriteText(env.Stdout)
}
