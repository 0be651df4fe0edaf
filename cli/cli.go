// Package cli is Goldspan's headless command line: flags, printing and exit
// codes around the project service (goldspan/project), which does the
// work. It uses no Fyne, so it is tested and run without cgo or a display.
// main.go hands it the arguments and the service.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"goldspan/annotate"
	"goldspan/annotate/format"
	"goldspan/project"
)

// Env is what a command may touch: the project service, its streams and,
// for tests, the function that decides whether stderr is a terminal.
type Env struct {
	// Service opens projects and does their work; required.
	Service *project.Service
	Stdin   io.Reader
	Stdout  io.Writer
	Stderr  io.Writer
	// IsTerminal reports whether progress may be drawn on stderr.
	IsTerminal func() bool
	// Copy copies a project whole to a new one (goldspan copy); main
	// wires it to the stores, which the CLI does not import.
	Copy func(ctx context.Context, from, to string) error
	// Version is what `goldspan --version` prints (FyneApp.toml's, or the
	// one a release stamped).
	Version string
}

// command is one subcommand.
type command struct {
	name  string
	usage string
	short string
	run   func(ctx context.Context, env *Env, args []string) error
}

var commands []command

func register(c command) { commands = append(commands, c) }

// usageError is a mistake in the command line itself (exit code 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// IsCommand reports whether name is a CLI subcommand (else main opens the GUI).
func IsCommand(name string) bool {
	if name == "help" || name == "-h" || name == "--help" || name == "-help" || isVersion(name) {
		return true
	}
	for _, c := range commands {
		if c.name == name {
			return true
		}
	}
	return false
}

// Run runs the command line args (without the program name) and returns
// the process exit code: 0 on success, 1 when the command failed (one line
// on stderr says why), 2 for a mistake in the command line.
func Run(ctx context.Context, env *Env, args []string) int {
	if env.IsTerminal == nil {
		env.IsTerminal = func() bool { return false }
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		if len(args) > 1 {
			for _, c := range commands {
				if c.name == args[1] {
					fmt.Fprintf(env.Stdout, "usage: goldspan %s %s\n\n%s\n", c.name, c.usage, c.short)
					switch c.name {
					case "import":
						writeFormats(env.Stdout, false)
					case "export":
						writeFormats(env.Stdout, true)
					}
					return 0
				}
			}
		}
		writeHelp(env.Stdout)
		return 0
	}
	if isVersion(args[0]) {
		if len(args) > 1 {
			fmt.Fprintf(env.Stderr, "goldspan: %s takes no arguments\n", args[0])
			return 2
		}
		version := env.Version
		if version == "" {
			version = "(unknown version)"
		}
		fmt.Fprintln(env.Stdout, "goldspan", version)
		return 0
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, env, args[1:])
		if err == nil {
			return 0
		}
		var ue *usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(env.Stderr, "goldspan %s: %s\nusage: goldspan %s %s\n", c.name, ue.msg, c.name, c.usage)
			return 2
		}
		fmt.Fprintln(env.Stderr, errorLine(c.name, err))
		return 1
	}
	fmt.Fprintf(env.Stderr, "goldspan: unknown command %q; run 'goldspan help'\n", args[0])
	return 2
}

// isVersion reports whether arg asks for the version.
func isVersion(arg string) bool {
	return arg == "--version" || arg == "-version" || arg == "version"
}

// errorLine is the one line a failed command prints: a domain error in its
// own words, each thing said once, even an internal one (a damaged
// project, a full disk); any other error as an internal error.
func errorLine(cmd string, err error) string {
	var de *annotate.Error
	if errors.As(err, &de) {
		return fmt.Sprintf("goldspan %s: %s", cmd, annotate.ErrorMessage(err))
	}
	return fmt.Sprintf("goldspan %s: internal error: %v", cmd, err)
}

func writeHelp(w io.Writer) {
	fmt.Fprintln(w, "Goldspan turns machine-suggested entity spans in Chinese news into gold annotations.")
	fmt.Fprintln(w, "\nusage:\n  goldspan                 open the review desk (the last project, or the demo project)")
	fmt.Fprintln(w, "  goldspan FILE.goldspan   open the review desk on that project")
	cs := append([]command(nil), commands...)
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(w, "  goldspan %-15s %s\n", c.name, c.short)
	}
	fmt.Fprintln(w, "  goldspan help COMMAND    the options of one command")
	fmt.Fprintln(w, "  goldspan --version       the version")
	fmt.Fprintln(w, "\nOffsets are Unicode code points, end-exclusive, everywhere (doccano: UTF-16 code units).")
}

// writeFormats lists, for the help of import (or export), the formats
// of the registry that can be read (or written), with their one-line docs.
func writeFormats(w io.Writer, export bool) {
	type entry struct{ name, doc string }
	var list []entry
	if !export {
		list = append(list, entry{"auto", "by the file's extension and first bytes (the default)"})
	}
	for _, name := range format.Names() {
		f, err := format.Lookup(name)
		if err != nil || (export && f.NewEncoder == nil) || (!export && f.NewDecoder == nil) {
			continue
		}
		list = append(list, entry{f.Name, f.Doc})
	}
	width := 0
	for _, e := range list {
		width = max(width, len(e.name))
	}
	fmt.Fprintln(w, "\nformats (--format NAME):")
	for _, e := range list {
		fmt.Fprintf(w, "  %-*s  %s\n", width, e.name, e.doc)
	}
}

// parseFlags parses the flags of a command that takes no positional
// arguments, refusing any.
func parseFlags(fs *flag.FlagSet, args []string) error {
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	return nil
}

// parse parses flags that may come before, between or after positional
// arguments, and returns the positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usagef("%s", strings.TrimPrefix(err.Error(), "flag provided but not defined: "))
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// ProjectArg reports whether the command line names a project to open in
// the review desk (one argument ending in .goldspan, or a postgres://
// URL), and returns its absolute path (the URL as it is). It returns an error naming the file if there is none.
func ProjectArg(args []string) (string, bool, error) {
	if len(args) == 1 && isURL(args[0]) {
		return args[0], true, nil // a project on a PostgreSQL server
	}
	if len(args) != 1 || !strings.HasSuffix(args[0], ".goldspan") || IsCommand(args[0]) {
		return "", false, nil
	}
	path, err := filepath.Abs(args[0])
	if err != nil {
		return "", true, err
	}
	if fi, err := os.Stat(path); err != nil || fi.IsDir() {
		return "", true, annotate.Errorf(annotate.ENOTFOUND, "no project at %s (File › New project creates one)", args[0])
	}
	return path, true, nil
}

// openExisting opens a project that must already exist. The store opens
// it for reading (storage.OpenProject without create): the commands that
// only read (export, stats, agree, suggest --db) write nothing and work on
// a project that cannot be written; the ones that write (replay, train)
// become writable at their first write, or fail there clearly.
func openExisting(ctx context.Context, env *Env, path string) (annotate.Project, error) {
	if path == "" {
		return nil, usagef("--db FILE is required")
	}
	return env.Service.OpenExisting(ctx, path)
}
