package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestClassify(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Apache License\nVersion 2.0, January 2004", "Apache-2.0"},
		{"Permission is hereby granted, free of charge, to any person obtaining a copy", "MIT"},
		{"Redistributions in binary form must reproduce the above copyright notice ...\n* Neither the name of Google Inc. nor", "BSD-3-Clause"},
		{"Redistributions in binary form must\n   reproduce the above copyright notice", "BSD-2-Clause"},
		{"Mozilla Public License Version 2.0", "MPL-2.0"},
		{"This Font Software is licensed under the SIL Open Font License, Version 1.1.", "OFL-1.1"},
		{"Permission to use, copy, modify, and/or distribute this software for any purpose", "ISC"},
		{"2. Altered source versions must be plainly marked as such, and must not be", "Zlib"},
		{"All rights reserved.", "see text"},
		{"GNU GENERAL PUBLIC LICENSE\n Version 2, June 1991\n ... (Some other Free Software Foundation software is covered by\nthe GNU Lesser General Public License instead.)", "GPL-2"},
		{"GNU LESSER GENERAL PUBLIC LICENSE\n Version 3, 29 June 2007\n This version of the GNU Lesser General Public License incorporates the GNU General Public License", "LGPL-3"},
		{"GNU Lesser General Public License\nVersion 2.1, February 1999", "LGPL-2.1"},
	}
	for _, tt := range tests {
		if got := Classify([]byte(tt.text)); got != tt.want {
			t.Errorf("Classify(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func touch(t *testing.T, dir string, names ...string) {
	t.Helper()
	for _, n := range names {
		p := filepath.Join(dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestLicenceFiles: the module's own licence files first, then bundled
// ones below it; testdata, hidden folders, Go files and look-alikes are
// left out.
func TestLicenceFiles(t *testing.T) {
	dir := t.TempDir()
	touch(t, dir, "LICENSE", "NOTICE.txt", "COPYING", "licence.md", "LICENSE-3RD-PARTY.md",
		"c/glfw/LICENSE.md", "theme/font/LICENSE_Inter.txt",
		"testdata/LICENSE", ".git/LICENSE", "license.go", "licensed.txt", "README.md", "x/LICENSES_OF_OTHERS")
	got, err := licenceFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"COPYING", "LICENSE", "LICENSE-3RD-PARTY.md", "NOTICE.txt", "licence.md", "c/glfw/LICENSE.md", "theme/font/LICENSE_Inter.txt"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("licenceFiles = %q, want %q", got, want)
	}
}

// TestModuleWithoutLicenceFails: one module without a licence file fails
// the whole collection, naming it.
func TestModuleWithoutLicenceFails(t *testing.T) {
	good, bad := t.TempDir(), t.TempDir()
	touch(t, good, "LICENSE")
	touch(t, bad, "README.md", "testdata/LICENSE")
	mods := map[string]*module{
		"example.com/good": {Path: "example.com/good", Version: "v1.0.0", Dir: good},
		"example.com/bad":  {Path: "example.com/bad", Version: "v0.1.0", Dir: bad},
	}
	_, err := findLicences(mods)
	if err == nil || !strings.Contains(err.Error(), "example.com/bad v0.1.0") || strings.Contains(err.Error(), "example.com/good") {
		t.Fatalf("err = %v", err)
	}
	delete(mods, "example.com/bad")
	list, err := findLicences(mods)
	if err != nil || len(list) != 1 || !reflect.DeepEqual(list[0].Files, []string{"LICENSE"}) {
		t.Fatalf("findLicences = %+v, %v", list, err)
	}
}

func TestGazetteerSources(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("# Compiled from public facts.\n# Second line.\n= LOC\n北京\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := gazetteerSources(dir)
	if err != nil || !strings.Contains(string(got), "a.txt:\n  Compiled from public facts.\n  Second line.\n") || strings.Contains(string(got), "北京") {
		t.Fatalf("gazetteerSources = %q, %v", got, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "b.txt"), []byte("= ORG\n联合国\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := gazetteerSources(dir); err == nil || !strings.Contains(err.Error(), "b.txt") {
		t.Fatalf("a list without its sources: err = %v", err)
	}
}
