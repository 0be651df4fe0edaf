package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestVersion: --version (and -version, version) prints the version the
// program was given and exits 0; extra arguments are a usage mistake.
func TestVersion(t *testing.T) {
	for _, arg := range []string{"--version", "-version", "version"} {
		var out, errb bytes.Buffer
		env := &Env{Service: service, Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Version: "1.2.3-rc.1"}
		if code := Run(context.Background(), env, []string{arg}); code != 0 || out.String() != "goldspan 1.2.3-rc.1\n" || errb.Len() != 0 {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", arg, code, out.String(), errb.String())
		}
		if !IsCommand(arg) {
			t.Errorf("IsCommand(%q) is false: main would not hand it to the CLI", arg)
		}
	}
	code, out, errs := run(t, "", "--version", "x")
	if code != 2 || out != "" || !strings.Contains(errs, "--version takes no arguments") {
		t.Errorf("--version x: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if _, out, _ := run(t, "", "help"); !strings.Contains(out, "goldspan --version") {
		t.Errorf("help does not mention --version:\n%s", out)
	}
}
