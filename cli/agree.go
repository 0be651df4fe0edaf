package cli

import (
	"context"
	"encoding/json"
	"flag"
	"strings"

	"goldspan/annotate/agree"
)

func init() {
	register(command{
		name:  "agree",
		usage: "--db FILE [--annotators a,b,...] [--include-in-progress] [--json]",
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
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := openExisting(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	in, err := agree.FromStore(ctx, st)
	if err != nil {
		return err
	}
	opt := agree.Options{IncludeInProgress: *inProgress, Context: *context}
	if *names != "" {
		for _, n := range strings.Split(*names, ",") {
			opt.Annotators = append(opt.Annotators, strings.TrimSpace(n))
		}
	}
	rep, err := agree.Compute(in, opt)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(rep)
	}
	return rep.WriteText(env.Stdout)
}
