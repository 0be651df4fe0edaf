// Command licenses collects the licence of every Go module linked into
// Goldspan, for each target operating system, together with the licences
// of the bundled assets, into one folder that the release packages carry:
//
//	go run ./internal/tools/licenses -o dist/licenses -goos linux,windows
//
// It asks `go list -deps` which modules the main package links for each
// target (so a module only a test uses, or only another system's build,
// is not listed for that target), finds every licence file in each
// module's folder of the module cache (LICENSE, LICENCE, COPYING, NOTICE,
// UNLICENSE and their variants, leaving out testdata), copies them to
// OUT/modules/MODULE/..., and writes OUT/LICENSES.md: one row per module
// with its version, the licence named by its text, the targets that link
// it and the files. A module without a licence file is an error that
// names it: nothing is shipped whose terms are unknown.
//
// The assets' terms are copied from the repository: the bundled Noto Sans
// CJK font's OFL (assets/fonts/OFL.txt, with its README), and the sources
// of the gazetteer lists (the header comment of each assets/gazetteer file).
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

func main() {
	out := flag.String("o", "dist/licenses", "the folder to write")
	goos := flag.String("goos", "linux,windows", "the target systems, comma-separated")
	pkg := flag.String("pkg", ".", "the main package")
	flag.Parse()
	if err := run(*out, strings.Split(*goos, ","), *pkg); err != nil {
		fmt.Fprintln(os.Stderr, "licenses:", err)
		os.Exit(1)
	}
}

// module is one module linked into a target.
type module struct {
	Path, Version, Dir string
	Targets            []string
	Files              []string // licence files, relative to Dir
	Licence            string   // the licence the first file's text names
}

func run(out string, targets []string, pkg string) error {
	mods := map[string]*module{}
	for _, goos := range targets {
		list, err := linked(goos, pkg)
		if err != nil {
			return err
		}
		for _, m := range list {
			if have, ok := mods[m.Path]; ok {
				have.Targets = append(have.Targets, goos)
				continue
			}
			m.Targets = []string{goos}
			mods[m.Path] = m
		}
	}
	sorted, err := findLicences(mods)
	if err != nil {
		return err
	}
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	for _, m := range sorted {
		for i, f := range m.Files {
			text, err := os.ReadFile(filepath.Join(m.Dir, f))
			if err != nil {
				return err
			}
			if i == 0 {
				m.Licence = Classify(text)
			}
			if err := write(filepath.Join(out, "modules", filepath.FromSlash(m.Path), f), text); err != nil {
				return err
			}
		}
	}
	for _, m := range sorted {
		if strings.Contains(m.Licence, "GPL") {
			fmt.Fprintf(os.Stderr, "licenses: warning: %s %s is under the %s, a copyleft licence: shipping the binary carries its terms\n", m.Path, m.Version, m.Licence)
		}
	}
	assets, err := copyAssets(out)
	if err != nil {
		return err
	}
	return write(filepath.Join(out, "LICENSES.md"), report(sorted, assets, targets))
}

// findLicences fills in each module's licence files and returns the
// modules sorted by path, or an error naming every module without one.
func findLicences(mods map[string]*module) ([]*module, error) {
	var sorted []*module
	var missing []string
	for _, m := range mods {
		files, err := licenceFiles(m.Dir)
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			missing = append(missing, m.Path+" "+m.Version+" ("+m.Dir+")")
		}
		m.Files = files
		sorted = append(sorted, m)
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, fmt.Errorf("no licence file found for %d module(s):\n  %s", len(missing), strings.Join(missing, "\n  "))
	}
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	return sorted, nil
}

// linked lists the modules of the packages that pkg links for goos.
func linked(goos, pkg string) ([]*module, error) {
	cmd := exec.Command("go", "list", "-deps", "-f",
		"{{with .Module}}{{if not .Main}}{{.Path}}\t{{.Version}}\t{{.Dir}}{{with .Replace}}\t{{.Path}}\t{{.Version}}\t{{.Dir}}{{end}}{{end}}{{end}}", pkg)
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH=amd64", "CGO_ENABLED=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -deps %s for %s: %v\n%s", pkg, goos, err, stderr.String())
	}
	seen := map[string]bool{}
	var mods []*module
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 3 || seen[f[0]] {
			continue
		}
		seen[f[0]] = true
		m := &module{Path: f[0], Version: f[1], Dir: f[2]}
		if len(f) == 6 { // replaced: the licence is the replacement's
			m.Dir = f[5]
			if f[4] != "" {
				m.Version = f[3] + " " + f[4]
			} else {
				m.Version = f[1] + " (replaced by " + f[3] + ")"
			}
		}
		if m.Dir == "" {
			return nil, fmt.Errorf("module %s %s is not in the module cache: run go mod download", m.Path, m.Version)
		}
		mods = append(mods, m)
	}
	return mods, nil
}

// licenceName matches the names of licence files.
var licenceName = regexp.MustCompile(`(?i)^(licen[cs]e|copying|notice|unlicense|copyright|patents)([-_.].*)?$`)

// licenceFiles returns the licence files in dir and below it (for
// bundled C sources and fonts with their own terms), relative to dir, the
// top-level ones first. testdata folders are left out.
func licenceFiles(dir string) ([]string, error) {
	var top, below []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != dir && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !licenceName.MatchString(d.Name()) || strings.HasSuffix(d.Name(), ".go") {
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if strings.Contains(rel, "/") {
			below = append(below, rel)
		} else {
			top = append(top, rel)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", dir, err)
	}
	sort.Strings(top)
	sort.Strings(below)
	return append(top, below...), nil
}

// clues name a licence by phrases of its text, the more specific first.
// The GNU licences are told apart by their title (see Classify): the GPL's
// preamble names the Lesser GPL too.
var clues = []struct{ name, phrase string }{
	{"Apache-2.0", "apache license"},
	{"MPL-2.0", "mozilla public license"},
	{"OFL-1.1", "sil open font license"},
	{"Unlicense", "this is free and unencumbered software released into the public domain"},
	{"CC0-1.0", "cc0 1.0 universal"},
	{"BSD-3-Clause", "neither the name"},
	{"BSD-3-Clause", "names of its contributors may be used"},
	{"BSD-2-Clause", "redistributions in binary form must reproduce"},
	{"MIT", "permission is hereby granted, free of charge"},
	{"ISC", "permission to use, copy, modify, and/or distribute this software for any"},
	{"ISC", "permission to use, copy, modify, and distribute this software for any"},
	{"Zlib", "altered source versions must be plainly marked as such"},
}

// Classify names the licence whose text b is, by its key phrases, or
// "see text" when none matches.
func Classify(b []byte) string {
	text := strings.ToLower(strings.Join(strings.Fields(string(b)), " "))
	title := text[:min(len(text), 80)] // "gnu lesser general public license version 2.1, february 1999"
	for _, gnu := range []struct{ name, phrase string }{
		{"AGPL", "gnu affero general public license"},
		{"LGPL", "gnu lesser general public license"},
		{"LGPL", "gnu library general public license"},
		{"GPL", "gnu general public license"},
	} {
		if strings.Contains(title, gnu.phrase) {
			for _, v := range []string{"2", "2.1", "3"} {
				if strings.Contains(title, "version "+v+",") || strings.Contains(title, "version "+v+" ") {
					return gnu.name + "-" + v
				}
			}
			return gnu.name
		}
	}
	for _, c := range clues {
		if strings.Contains(text, c.phrase) {
			return c.name
		}
	}
	return "see text"
}

// asset is a licence of something bundled from the repository.
type asset struct{ what, file, licence string }

// copyAssets copies the font's licence and the gazetteer's sources.
func copyAssets(out string) ([]asset, error) {
	var list []asset
	for _, a := range []struct{ src, dst, what string }{
		{"assets/fonts/OFL.txt", "assets/fonts/OFL.txt", "Noto Sans CJK SC (assets/fonts), the bundled Chinese font"},
		{"assets/fonts/README.md", "assets/fonts/README.md", "how the bundled font was made from Debian's fonts-noto-cjk (a modified version under the OFL)"},
	} {
		b, err := os.ReadFile(a.src)
		if err != nil {
			return nil, err
		}
		if err := write(filepath.Join(out, filepath.FromSlash(a.dst)), b); err != nil {
			return nil, err
		}
		list = append(list, asset{a.what, a.dst, Classify(b)})
	}
	sources, err := gazetteerSources("assets/gazetteer")
	if err != nil {
		return nil, err
	}
	if err := write(filepath.Join(out, "assets", "gazetteer", "SOURCES.txt"), sources); err != nil {
		return nil, err
	}
	list = append(list, asset{"the gazetteer lists (assets/gazetteer)", "assets/gazetteer/SOURCES.txt", "compiled by the Goldspan authors from public facts"})
	return list, nil
}

// gazetteerSources gathers the header comment of each list in dir, where
// each list says where its names come from. A list without one is an error.
func gazetteerSources(dir string) ([]byte, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no gazetteer lists in %s", dir)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	buf.WriteString("The sources of Goldspan's built-in gazetteer lists, from the head of each list.\n")
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var head []string
		for _, line := range strings.Split(string(b), "\n") {
			if !strings.HasPrefix(line, "#") {
				break
			}
			head = append(head, strings.TrimSpace(strings.TrimPrefix(line, "#")))
		}
		if len(head) == 0 {
			return nil, fmt.Errorf("%s: the list does not say where its names come from (no # comment at its head)", name)
		}
		fmt.Fprintf(&buf, "\n%s:\n  %s\n", filepath.Base(name), strings.Join(head, "\n  "))
	}
	return buf.Bytes(), nil
}

// report is LICENSES.md.
func report(mods []*module, assets []asset, targets []string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Third-party licences\n\nGoldspan links the Go modules below (for %s), listed by `go list -deps` of the program and\n", strings.Join(targets, ", "))
	b.WriteString("collected by `internal/tools/licenses`. Each module's licence texts are in `modules/<module path>/`;\n")
	b.WriteString("the licence column names the first file's licence by its key phrases.\n\n")
	b.WriteString("| module | version | licence | linked for | files |\n|---|---|---|---|---|\n")
	for _, m := range mods {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", m.Path, m.Version, m.Licence, strings.Join(m.Targets, ", "), strings.Join(m.Files, ", "))
	}
	b.WriteString("\n## Bundled assets\n\n| what | file | licence |\n|---|---|---|\n")
	for _, a := range assets {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", a.what, a.file, a.licence)
	}
	return b.Bytes()
}

func write(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}
