package main

import (
	"os"
	"regexp"
	"testing"
)

// TestVersionIsFyneAppToml runs the real program: an unstamped build
// (go run ., make build) prints FyneApp.toml's Version, read here
// independently of the embedded copy, so the two cannot drift.
func TestVersionIsFyneAppToml(t *testing.T) {
	data, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`).FindSubmatch(data)
	if m == nil {
		t.Fatal("FyneApp.toml has no Version")
	}
	code, out, errs := goldspan(t, t.TempDir(), "--version")
	if want := "goldspan " + string(m[1]) + "\n"; code != 0 || out != want || errs != "" {
		t.Fatalf("--version: exit %d, stdout %q, stderr %q; want %q", code, out, errs, want)
	}
}

// TestStampedVersionWins: a release's -X main.version replaces FyneApp.toml's.
func TestStampedVersionWins(t *testing.T) {
	defer func(v string) { version = v }(version)
	version = "9.8.7-test"
	d, err := metadata()
	if err != nil || d.Version != "9.8.7-test" || d.ID != "io.goldspan.app" {
		t.Fatalf("metadata() = %+v, %v", d, err)
	}
}
