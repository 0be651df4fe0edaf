package cli

import (
	"context"
	"flag"
	"fmt"
	"sync"

	"goldspan/annotate"
	"goldspan/project"
)

func init() {
	register(command{
		name:  "replay",
		usage: "--db FILE [--learn] < actions.jsonl",
		short: "apply a script of reviewer actions as the desk makes them, acknowledging each commit (exit 1 if any failed)",
		run:   runReplay,
	})
}

func runReplay(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("replay", flag.ContinueOnError)
	db := dbFlag(fs, dbUsage)
	learn := fs.Bool("learn", false, "suggest and learn as the desk does: the project's suggestion model learns from the actions")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := openExisting(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	r := project.Reviewer{St: st}
	var l *project.Learner
	if *learn {
		if err := env.Service.Load(ctx); err != nil {
			return err
		}
		if l, err = env.Service.NewLearner(ctx, st); err != nil {
			return err
		}
		defer l.Close()
		r.Suggester = l
	} else {
		// open suggests with the project's policy, as the desk does; the
		// dictionary loads only if a script opens a document.
		r.Suggester = &lazy{load: func() (annotate.Suggester, error) { return env.Service.Suggester(ctx, st) }}
	}
	// Each acknowledgement is written straight to stdout, unbuffered: a
	// line there means the action had committed.
	var failed, total, first int
	var firstErr error
	err = project.Replay(ctx, r, env.Stdin, func(n int, err error) {
		fmt.Fprintf(env.Stdout, "%d %s\n", n, orOK(annotate.ErrorCode(err)))
		total++
		if err != nil {
			if failed == 0 {
				first, firstErr = n, err
			}
			failed++
		}
	})
	if err == nil && l != nil {
		err = l.Wait(ctx)
		if err == nil {
			err = l.WaitTrained(ctx)
		}
		if err == nil {
			err = l.Close()
		}
		if err == nil {
			fmt.Fprintln(env.Stderr, project.Describe(l.Status()))
		}
	}
	if err != nil {
		return err
	}
	if failed > 0 {
		// Every action was acknowledged; the exit status says not all
		// of them happened.
		return annotate.Errorf(annotate.ErrorCode(firstErr), "%d of %d actions failed; the first, line %d: %s", failed, total, first, annotate.ErrorMessage(firstErr))
	}
	return nil
}

// lazy is a suggester made on first use.
type lazy struct {
	once sync.Once
	load func() (annotate.Suggester, error)
	sug  annotate.Suggester
	err  error
}

// Suggest implements annotate.Suggester.
func (l *lazy) Suggest(ctx context.Context, text string, labels []annotate.Label) ([]annotate.Suggestion, error) {
	l.once.Do(func() { l.sug, l.err = l.load() })
	if l.err != nil {
		return nil, l.err
	}
	return l.sug.Suggest(ctx, text, labels)
}

func orOK(code string) string {
	if code == "" {
		return "ok"
	}
	return code
}
