package app

import (
	"runtime"
	"strings"
	"testing"
)

func TestCheckDisplay(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if runtime.GOOS != "linux" {
		t.Skip("a display is checked on Linux and the BSDs")
	}
	if err := CheckDisplay(env(nil)); err == nil || !strings.Contains(err.Error(), "DISPLAY") || !strings.Contains(err.Error(), "goldspan help") {
		t.Errorf("no display: %v", err)
	}
	for _, m := range []map[string]string{{"DISPLAY": ":0"}, {"WAYLAND_DISPLAY": "wayland-0"}} {
		if err := CheckDisplay(env(m)); err != nil {
			t.Errorf("%v: %v", m, err)
		}
	}
}
