// Package appmeta reads the [Details] table of FyneApp.toml, the file that
// names the app, its ID and its version for `fyne package`. main embeds that
// file and takes the version from it, so `go run .`, `make build` and the
// release all say the same version unless a release stamps another
// (-ldflags "-X main.version=x.y.z").
//
// It reads only what Goldspan's own FyneApp.toml holds: tables, and
// `key = "string"` or `key = integer` lines. Anything else in [Details] is
// an error that names the line, so a change to the file cannot go unnoticed.
package appmeta

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// Details is the [Details] table of FyneApp.toml.
type Details struct {
	ID      string
	Name    string
	Version string
	Build   int
}

// Parse reads the [Details] table of a FyneApp.toml. It returns an error
// naming the line when a line of that table is not a key and a quoted
// string or an integer, and when Version is missing.
func Parse(data []byte) (Details, error) {
	var d Details
	table := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") {
			table = strings.TrimSpace(strings.Trim(line, "[]"))
			continue
		}
		if table != "Details" {
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			return d, fmt.Errorf("FyneApp.toml line %d: want key = value, got %q", n, line)
		}
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if key == "Build" {
			b, err := strconv.Atoi(value)
			if err != nil {
				return d, fmt.Errorf("FyneApp.toml line %d: Build is not an integer: %q", n, value)
			}
			d.Build = b
			continue
		}
		s, err := strconv.Unquote(value)
		if err != nil || !strings.HasPrefix(value, `"`) {
			return d, fmt.Errorf("FyneApp.toml line %d: %s is not a quoted string: %q", n, key, value)
		}
		switch key {
		case "ID":
			d.ID = s
		case "Name":
			d.Name = s
		case "Version":
			d.Version = s
		}
	}
	if err := sc.Err(); err != nil {
		return d, fmt.Errorf("FyneApp.toml: %w", err)
	}
	if d.Version == "" {
		return d, fmt.Errorf("FyneApp.toml: [Details] has no Version")
	}
	return d, nil
}

// Numeric returns the leading x.y.z of version, without a pre-release or
// build suffix ("0.0.0-ci" gives "0.0.0"): what `fyne package
// --app-version` and the Windows version resource accept.
func Numeric(version string) string {
	v, _, _ := strings.Cut(version, "-")
	v, _, _ = strings.Cut(v, "+")
	return v
}
