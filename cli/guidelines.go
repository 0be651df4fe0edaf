package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"goldspan/annotate"
)

func init() {
	register(command{name: "guidelines", usage: "--db FILE [--set GUIDE.md]",
		short: "print the project's annotation guidelines (Markdown), or set them from a file (- for stdin; an empty file removes them)",
		run:   runGuidelines})
}

func runGuidelines(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("guidelines", flag.ContinueOnError)
	db := dbFlag(fs, dbUsage)
	set := fs.String("set", "", "a Markdown file (UTF-8) to keep as the guidelines; - reads stdin")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var text string
	if *set != "" {
		var err error
		if text, err = readGuidelines(env, *set); err != nil {
			return err
		}
	}
	st, err := openExisting(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	settings, ok := st.(annotate.SettingStore)
	if !ok {
		return annotate.Errorf(annotate.EINVALID, "%s: this kind of project keeps no guidelines", *db)
	}
	if *set == "" {
		g, err := settings.Setting(ctx, annotate.SettingGuidelines)
		if err != nil {
			return err
		}
		if g == "" {
			fmt.Fprintf(env.Stderr, "%s has no guidelines yet: goldspan guidelines --db %s --set GUIDE.md sets them\n", *db, *db)
			return nil
		}
		_, err = io.WriteString(env.Stdout, g)
		if err == nil && !strings.HasSuffix(g, "\n") {
			_, err = io.WriteString(env.Stdout, "\n")
		}
		return err
	}
	if err := settings.SetSetting(ctx, annotate.SettingGuidelines, text); err != nil {
		return err
	}
	if text == "" {
		fmt.Fprintf(env.Stderr, "removed the guidelines of %s\n", *db)
	} else {
		fmt.Fprintf(env.Stderr, "set the guidelines of %s: %s\n", *db, annotate.Plural(strings.Count(strings.TrimSuffix(text, "\n"), "\n")+1, "line"))
	}
	return nil
}

// readGuidelines reads the guidelines' file (- for stdin): UTF-8 text of
// at most annotate.MaxSettingLen bytes, else an error naming the file and
// the line.
func readGuidelines(env *Env, path string) (string, error) {
	var r io.Reader = env.Stdin
	name := "stdin"
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return "", annotate.Errorf(annotate.EINVALID, "guidelines: %v", err)
		}
		defer f.Close()
		r, name = f, path
	}
	b, err := io.ReadAll(io.LimitReader(r, annotate.MaxSettingLen+1))
	if err != nil {
		return "", annotate.Errorf(annotate.EINVALID, "%s: %v", name, err)
	}
	if len(b) > annotate.MaxSettingLen {
		return "", annotate.Errorf(annotate.EINVALID, "%s: more than %d bytes; guidelines are a short text", name, annotate.MaxSettingLen)
	}
	for i, line := range strings.Split(string(b), "\n") {
		if !utf8.ValidString(line) {
			return "", annotate.Errorf(annotate.EINVALID, "%s line %d: not UTF-8 text", name, i+1)
		}
		if strings.ContainsRune(line, 0) {
			return "", annotate.Errorf(annotate.EINVALID, "%s line %d: a NUL byte; guidelines are text", name, i+1)
		}
	}
	return strings.TrimPrefix(string(b), "\uFEFF"), nil
}
