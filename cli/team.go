package cli

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"net/url"
	"strings"

	"goldspan/annotate"
)

func init() {
	register(command{
		name:  "team",
		usage: "init --db URL [--reviewers-see own|done|all] | add-reviewer --db URL NAME [--password-stdin] | add-lead --db URL NAME [--password-stdin]",
		short: "set a project on a PostgreSQL server up for a team: roles, and who may write and read what (run as an account that may create roles)",
		run:   runTeam,
	})
}

func runTeam(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 {
		return usagef("team needs init, add-reviewer or add-lead")
	}
	sub := args[0]
	fs := flag.NewFlagSet("team "+sub, flag.ContinueOnError)
	db := dbFlag(fs, "the project: postgres://user@host/database?project=NAME (default $"+DBEnv+")")
	var see *string
	var stdinPassword *bool
	switch sub {
	case "init":
		see = fs.String("reviewers-see", "", "what a reviewer may read of others' layers: own, done (others' done documents; the default at first) or all")
	case "add-reviewer", "add-lead":
		stdinPassword = fs.Bool("password-stdin", false, "read the account's password from the first line of standard input (else set it with psql's \\password, or use the server's other authentication)")
	default:
		return usagef("team %s: unknown; use init, add-reviewer or add-lead", sub)
	}
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if *db == "" {
		return usagef("--db URL is required (postgres://user@host/database?project=NAME)")
	}
	if !isURL(*db) {
		return annotate.Errorf(annotate.EINVALID, "%s is a project file: a team works on a project on a PostgreSQL server (postgres://…); goldspan copy --from %s --to postgres://… moves it there", *db, *db)
	}
	if sub == "init" {
		if len(pos) != 0 {
			return usagef("team init takes no names (add members with add-reviewer and add-lead)")
		}
	} else if len(pos) != 1 {
		return usagef("team %s needs one account name", sub)
	}
	var st annotate.Project
	if sub == "init" {
		st, err = env.Service.Open(ctx, *db) // creates the project if there is none
	} else {
		st, err = openExisting(ctx, env, *db)
	}
	if err != nil {
		return err
	}
	defer st.Close()
	team, ok := st.(annotate.Team)
	if !ok {
		return annotate.Errorf(annotate.EINVALID, "%s is not a project on a PostgreSQL server", *db)
	}
	if sub == "init" {
		if err := team.TeamInit(ctx, annotate.TeamOptions{Layers: *see}); err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "the project is set up for a team: add members with goldspan team add-reviewer and add-lead\n")
		return nil
	}
	password := ""
	if *stdinPassword {
		line, err := bufio.NewReader(env.Stdin).ReadString('\n')
		if line = strings.TrimRight(line, "\r\n"); line == "" {
			return annotate.Errorf(annotate.EINVALID, "--password-stdin: no password on standard input (%v)", err)
		}
		password = line
	}
	name, lead := pos[0], sub == "add-lead"
	if err := team.AddMember(ctx, name, lead, password); err != nil {
		return err
	}
	role := "reviewer"
	if lead {
		role = "lead"
	}
	fmt.Fprintf(env.Stderr, "%s may now work on the project as a %s: they open it with goldspan '%s' (their password in ~/.pgpass)\n", name, role, asUser(*db, name))
	return nil
}

// asUser returns the project URL u as the account name would use it: its
// user replaced, without a password.
func asUser(u, name string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	p.User = url.User(name)
	return p.String()
}
