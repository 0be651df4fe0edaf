package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"

	"goldspan/annotate"
	"goldspan/project"
)

func init() {
	register(command{
		name:  "assign",
		usage: "--db FILE --annotators a,b,... [--overlap K] [--seed N] [--replace] [--json] | --db FILE --show",
		short: "hand documents out: each to K annotators, chosen evenly and reproducibly; each reviewer's next document follows their own",
		run:   runAssign,
	})
}

func runAssign(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("assign", flag.ContinueOnError)
	db := dbFlag(fs, dbUsage)
	names := fs.String("annotators", "", "comma-separated annotators to hand documents to")
	overlap := fs.Int("overlap", 1, "how many annotators each document goes to; agreement is measured on documents given to 2 or more")
	seed := fs.Uint64("seed", 1, "the same documents, annotators and seed give the same assignments")
	replace := fs.Bool("replace", false, "hand every document out again, dropping the earlier assignments (default: only documents nobody has yet)")
	show := fs.Bool("show", false, "print each assigned annotator's documents and progress, change nothing")
	asJSON := fs.Bool("json", false, "print as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := openExisting(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if *show {
		if *names != "" || *replace {
			return usagef("--show changes nothing: it takes no --annotators or --replace")
		}
		as, err := st.Assignments(ctx, "")
		if err != nil {
			return err
		}
		ws, err := project.Workloads(ctx, st, as)
		if err != nil {
			return err
		}
		if *asJSON {
			return json.NewEncoder(env.Stdout).Encode(ws)
		}
		if len(ws) == 0 {
			fmt.Fprintln(env.Stdout, "No document is assigned: every reviewer works through every document.")
			return nil
		}
		fmt.Fprintf(env.Stdout, "%-20s %9s %6s %12s %8s\n", "annotator", "assigned", "done", "in progress", "skipped")
		for _, w := range ws {
			fmt.Fprintf(env.Stdout, "%-20s %9d %6d %12d %8d\n", w.Annotator, w.Assigned, w.Done, w.InProgress, w.Skipped)
		}
		return nil
	}
	if *names == "" {
		return usagef("--annotators a,b,... is required (or --show)")
	}
	o := project.AssignOptions{Overlap: *overlap, Seed: *seed, Replace: *replace}
	for _, n := range strings.Split(*names, ",") {
		o.Annotators = append(o.Annotators, strings.TrimSpace(n))
	}
	plan, err := project.Assign(ctx, st, o)
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(env.Stdout).Encode(plan)
	}
	if plan.Documents == 0 {
		fmt.Fprintln(env.Stderr, "every document is assigned already: nothing handed out (--replace hands all out again)")
	} else {
		fmt.Fprintf(env.Stderr, "handed out %s, each to %d of %d annotators (seed %d)\n", annotate.Plural(plan.Documents, "document"), o.Overlap, len(o.Annotators), o.Seed)
	}
	for _, l := range plan.Load {
		fmt.Fprintf(env.Stdout, "%s\t%s\n", l.Annotator, annotate.Plural(l.Documents, "document"))
	}
	for _, p := range plan.Shared {
		fmt.Fprintf(env.Stdout, "%s + %s\tshare %d\n", p.A, p.B, p.Documents)
	}
	return nil
}
