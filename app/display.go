package app

import (
	"errors"
	"runtime"
)

// CheckDisplay reports why the desk's window cannot open, or nil. On Linux
// and the BSDs a window needs an X11 or Wayland display: without one (a
// shell over SSH, a container) Fyne's GLFW driver panics on its first
// window, so the app says so in words instead, and points to the commands
// that work anywhere. getenv is os.Getenv.
func CheckDisplay(getenv func(string) string) error {
	switch runtime.GOOS {
	case "windows", "darwin", "android", "ios", "js":
		return nil
	}
	if getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != "" {
		return nil
	}
	return errors.New("no display to open the review desk on (neither DISPLAY nor WAYLAND_DISPLAY is set): start it in a desktop session, or use a command, which needs no display (goldspan help)")
}
