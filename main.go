// Command goldspan is the Goldspan review desk: with no arguments it opens
// the GUI on the last project (or the demo project); with a subcommand it
// runs the headless CLI (goldspan help lists them).
//
// main only wires: it opens stores with storage, builds the project
// service on them, and runs the GUI (app) or the command line (cli).
package main

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"goldspan/annotate"
	"goldspan/app"
	"goldspan/assets"
	"goldspan/cli"
	"goldspan/internal/appmeta"
	"goldspan/internal/stores"
	"goldspan/project"
	"goldspan/storage"
)

// fyneAppTOML is FyneApp.toml, the app's ID, name and version for `fyne
// package`; a plain `go build` binary does not find it beside it, so it is
// embedded and the metadata set from it.
//
//go:embed FyneApp.toml
var fyneAppTOML []byte

// version, stamped by a release (-ldflags "-X main.version=x.y.z"),
// replaces FyneApp.toml's Version.
var version string

// metadata returns FyneApp.toml's details with the stamped version.
func metadata() (appmeta.Details, error) {
	d, err := appmeta.Parse(fyneAppTOML)
	if version != "" {
		d.Version = version
	}
	return d, err
}

// guiMemoryLimit is the desk's soft memory limit (Go's GOMEMLIMIT, which
// overrides it): the dictionary and the models live in about 180 MB.
const guiMemoryLimit = 256 << 20

func main() {
	meta, err := metadata()
	if err != nil {
		fmt.Fprintln(os.Stderr, "goldspan: internal error:", err)
		os.Exit(1)
	}
	svc := newService()
	path, isProject, err := cli.ProjectArg(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "goldspan:", annotate.ErrorMessage(err))
		os.Exit(1)
	}
	if len(os.Args) > 1 && !isProject {
		// Windows: goldspan.exe is a window program; write to the shell's console.
		attachConsole()
		os.Exit(runCLI(svc, meta.Version, os.Args[1:])) // a command, or a clear error
	}
	if err := app.CheckDisplay(os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "goldspan:", err)
		os.Exit(1)
	}
	fyneapp.SetMetadata(fyne.AppMetadata{ID: meta.ID, Name: meta.Name, Version: meta.Version, Build: meta.Build, Icon: app.AppIcon,
		Migrations: map[string]bool{"fyneDo": true}})
	a := fyneapp.NewWithID(meta.ID)
	a.SetIcon(app.AppIcon)
	// The gse dictionary loads in the background: the window is usable at
	// once. Loading it leaves about 100 MB of garbage that an idle desk
	// would otherwise hold for minutes; a soft memory limit keeps the heap
	// near what is live while the reviewer works.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(guiMemoryLimit)
	}
	go func() {
		svc.Load(context.Background())
		debug.FreeOSMemory()
	}()
	d := deps(svc)
	d.Project = path
	app.Run(a, d)
}

// newService builds the project service on SQLite project files and
// projects on a PostgreSQL server (postgres:// URLs).
func newService() *project.Service {
	return project.New(project.Options{Open: stores.Open})
}

// deps wires the GUI to the project service and storage's backups.
func deps(svc *project.Service) app.Deps {
	return app.Deps{
		Open: func(path string) (annotate.Project, error) { return svc.Open(context.Background(), path) },
		OpenExisting: func(path string) (annotate.Project, error) {
			return svc.OpenExisting(context.Background(), path)
		},
		DemoPath: func() (string, error) {
			path, err := project.DemoPath()
			if err != nil {
				return "", err
			}
			return path, svc.EnsureDemo(context.Background(), path, assets.DemoCorpus, true)
		},
		// The rules and the project's sequence tagger, which learns from
		// the reviewers and leads once it suggests better.
		Suggester:    svc.DeskSuggester,
		SuggestReady: svc.Ready(),
		SuggestLoad:  svc.LoadTime,
		Backups:      storage.Backups,
		BackupTime:   storage.BackupTime,
		Restore: func(path, backup string) error {
			return storage.Restore(context.Background(), path, backup)
		},
		Tokenize: svc.Tokenize(false),
	}
}

func runCLI(svc *project.Service, version string, args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	env := &cli.Env{
		Service: svc,
		Stdin:   os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Copy:    stores.Copy,
		Version: version,
		IsTerminal: func() bool {
			fi, err := os.Stderr.Stat()
			return err == nil && fi.Mode()&os.ModeCharDevice != 0
		},
	}
	return cli.Run(ctx, env, args)
}
