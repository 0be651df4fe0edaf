package appmeta

import (
	"os"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, toml string
		want       Details
		err        string
	}{
		{name: "full", toml: "[Details]\n  Icon = \"assets/icon.png\"\n  Name = \"Goldspan\"\n  ID = \"io.goldspan.app\"\n  Version = \"1.2.3\"\n  Build = 4\n\n[LinuxAndBSD]\n  Keywords = [\"a\", \"b\"]\n",
			want: Details{ID: "io.goldspan.app", Name: "Goldspan", Version: "1.2.3", Build: 4}},
		{name: "comments and other tables first", toml: "# app\n[Migrations]\n  Version = \"9.9.9\"\n[Details]\nVersion = \"0.1.0\" \n",
			want: Details{Version: "0.1.0"}},
		{name: "no version", toml: "[Details]\n  Name = \"Goldspan\"\n", err: "[Details] has no Version"},
		{name: "version only elsewhere", toml: "[Other]\n  Version = \"1.0.0\"\n", err: "[Details] has no Version"},
		{name: "unquoted", toml: "[Details]\n  Version = 1.0\n", err: "line 2: Version is not a quoted string"},
		{name: "no equals", toml: "[Details]\n\n  Version\n", err: "line 3: want key = value"},
		{name: "bad build", toml: "[Details]\n  Version = \"1\"\n  Build = \"x\"\n", err: "line 3: Build is not an integer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.toml))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

// TestRepositoryFyneAppToml reads the project's own FyneApp.toml, the one
// main embeds: it must parse and name the app and a numeric version.
func TestRepositoryFyneAppToml(t *testing.T) {
	data, err := os.ReadFile("../../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	d, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if d.ID != "io.goldspan.app" || d.Name != "Goldspan" || d.Build < 1 {
		t.Fatalf("FyneApp.toml details %+v", d)
	}
	for _, part := range strings.Split(d.Version, ".") {
		if part == "" || strings.Trim(part, "0123456789") != "" {
			t.Fatalf("FyneApp.toml Version %q is not x.y.z", d.Version)
		}
	}
}

func TestNumeric(t *testing.T) {
	for in, want := range map[string]string{"1.2.3": "1.2.3", "0.0.0-ci": "0.0.0", "2.0.1+build.5": "2.0.1", "1.0.0-rc.1+x": "1.0.0"} {
		if got := Numeric(in); got != want {
			t.Errorf("Numeric(%q) = %q, want %q", in, got, want)
		}
	}
}
