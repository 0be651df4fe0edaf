package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestMain lets the tests run this very binary as the goldspan command: with
// GOLDSPAN_RUN_MAIN=1 the test binary is the program.
func TestMain(m *testing.M) {
	if os.Getenv("GOLDSPAN_RUN_MAIN") == "1" {
		os.Args = append([]string{"goldspan"}, strings.Fields(os.Getenv("GOLDSPAN_ARGS"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func goldspan(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOLDSPAN_RUN_MAIN=1", "GOLDSPAN_ARGS="+strings.Join(args, " "), "LANG=C.UTF-8", "LC_ALL=", "LANGUAGE=")
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String(), errb.String()
}

// TestBinaryBadInputIsOneLineOnStderr runs the real program: a bad import
// exits 1 with exactly one line on stderr (no toolkit noise, even under
// LANG=C.UTF-8) and leaves no project behind.
func TestBinaryBadInputIsOneLineOnStderr(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bad.jsonl"), []byte("{\"id\":\"a\",\"text\":\"北京\"}\n{oops\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := goldspan(t, dir, "import", "--db", "p.goldspan", "bad.jsonl")
	if code != 1 || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "goldspan import: bad.jsonl line 2: invalid JSON") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "p.goldspan")); !os.IsNotExist(err) {
		t.Fatal("a project file was left behind")
	}
	code, out, errs := goldspan(t, dir, "help")
	if code != 0 || errs != "" || !strings.Contains(out, "goldspan export") {
		t.Fatalf("help: exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

// TestBinaryWithoutDisplay: the desk asked for where no display exists (a
// shell over SSH) exits 1 with one line that says so, not GLFW's panic.
func TestBinaryWithoutDisplay(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("a display is checked on Linux and the BSDs")
	}
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	t.Setenv("HOME", t.TempDir())
	code, _, stderr := goldspan(t, t.TempDir())
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "no display") || strings.Contains(stderr, "panic") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
