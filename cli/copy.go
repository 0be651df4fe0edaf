package cli

import (
	"context"
	"flag"
	"fmt"
)

func init() {
	register(command{
		name:  "copy",
		usage: "--from FILE|URL --to FILE|URL",
		short: "copy a project whole (ids, undo history, models, settings) between a file and a PostgreSQL server, into a new project",
		run:   runCopy,
	})
}

func runCopy(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("copy", flag.ContinueOnError)
	from := fs.String("from", "", "the project to copy: a file or postgres://user@host/database?project=NAME")
	to := fs.String("to", "", "where the new project goes: a file or a postgres:// URL (there must be no project there yet)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *from == "" || *to == "" {
		return usagef("copy needs --from and --to")
	}
	if env.Copy == nil {
		return usagef("copy is not available in this build")
	}
	if err := env.Copy(ctx, *from, *to); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "copied %s to %s\n", *from, *to)
	return nil
}
