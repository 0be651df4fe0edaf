// Command goldspan is the Goldspan review desk: with no arguments it opens
// the GUI on the last project (or the demo project); with a subcommand it
// runs the headless CLI (goldspan help lists them).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"goldspan/annotate"
	"goldspan/annotate/format"
	"goldspan/app"
	"goldspan/cli"
	"goldspan/storage"
)

// appID is the application ID of FyneApp.toml.
const appID = "io.goldspan.app"

func main() {
	project, isProject, err := cli.ProjectArg(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "goldspan:", annotate.ErrorMessage(err))
		os.Exit(1)
	}
	if len(os.Args) > 1 && !isProject {
		os.Exit(runCLI(os.Args[1:])) // a command, or a clear error
	}
	// A plain `go build` binary does not find FyneApp.toml beside it, so the
	// metadata is set here, matching that file.
	fyneapp.SetMetadata(fyne.AppMetadata{ID: appID, Name: "Goldspan", Version: "0.1.0", Build: 1, Icon: app.AppIcon,
		Migrations: map[string]bool{"fyneDo": true}})
	a := fyneapp.NewWithID(appID)
	a.SetIcon(app.AppIcon)
	// The gse dictionary loads in the background: the window is usable at once.
	go cli.Engine.Load(context.Background())
	d := deps()
	d.Project = project
	app.Run(a, d)
}

// deps wires the GUI to storage and the suggester.
func deps() app.Deps {
	return app.Deps{
		Open: func(path string) (annotate.Store, error) { return storage.Open(path) },
		DemoPath: func() (string, error) {
			path, err := cli.DemoPath()
			if err != nil {
				return "", err
			}
			return path, cli.EnsureDemo(context.Background(), path, cli.Engine)
		},
		// The rules and the project's sequence tagger, which learns from
		// the reviewers and leads once it suggests better.
		Suggester:    cli.DeskSuggester,
		SuggestReady: cli.Engine.Ready(),
		Claim: func(path string) (func(), string, error) {
			s, holder, err := storage.Claim(path)
			if err != nil || s == nil {
				return nil, holder, err
			}
			return func() {
				if err := s.Release(); err != nil {
					fyne.LogError("releasing the project", err)
				}
			}, "", nil
		},
		Backup: func(st annotate.Store) error {
			db, ok := st.(*storage.DB)
			if !ok {
				return nil
			}
			_, err := db.Backup(context.Background(), app.KeepBackups)
			return err
		},
		Backups:    storage.Backups,
		BackupTime: storage.BackupTime,
		Restore: func(path, backup string) error {
			return storage.Restore(context.Background(), path, backup)
		},
		Tokenize: func(text string) []format.Token {
			select {
			case <-cli.Engine.Ready():
				return cli.Tokenize(context.Background())(text)
			default:
				return nil
			}
		},
	}
}

func runCLI(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	env := &cli.Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		IsTerminal: func() bool {
			fi, err := os.Stderr.Stat()
			return err == nil && fi.Mode()&os.ModeCharDevice != 0
		},
	}
	return cli.Run(ctx, env, args)
}
