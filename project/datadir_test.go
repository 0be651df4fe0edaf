package project

import (
	"errors"
	"path/filepath"
	"testing"
)

// TestDataDirFollowsEachSystem: the demo project goes where each system
// keeps an application's files: %AppData% on Windows, Application Support
// on macOS, the XDG data directory elsewhere.
func TestDataDirFollowsEachSystem(t *testing.T) {
	env := func(vars map[string]string) func(string) string {
		return func(k string) string { return vars[k] }
	}
	home := func() (string, error) { return "/home/r", nil }
	noHome := func() (string, error) { return "", errors.New("$HOME is not defined") }
	tests := []struct {
		goos string
		vars map[string]string
		home func() (string, error)
		want string
		err  bool
	}{
		{"linux", map[string]string{"XDG_DATA_HOME": "/x/data"}, noHome, "/x/data/goldspan", false},
		{"linux", nil, home, "/home/r/.local/share/goldspan", false},
		{"freebsd", nil, home, "/home/r/.local/share/goldspan", false},
		{"linux", nil, noHome, "", true},
		{"windows", map[string]string{"AppData": `C:\Users\r\AppData\Roaming`, "XDG_DATA_HOME": "/x"}, home, filepath.Join(`C:\Users\r\AppData\Roaming`, "Goldspan"), false},
		{"windows", nil, home, "", true},
		{"darwin", map[string]string{"XDG_DATA_HOME": "/x"}, home, "/home/r/Library/Application Support/Goldspan", false},
	}
	for _, tt := range tests {
		got, err := dataDir(tt.goos, env(tt.vars), tt.home)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("dataDir(%s, %v) = %q, %v; want %q (error %v)", tt.goos, tt.vars, got, err, tt.want, tt.err)
		}
	}
}
