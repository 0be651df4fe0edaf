package main

import (
	"os"
	"syscall"
)

// attachConsole gives the command line somewhere to write. goldspan.exe is
// a window program (-H windowsgui: no console window opens behind the
// desk), so started from cmd.exe or PowerShell without a pipe or a
// redirection it has no standard output or error. It then attaches to the
// console of the shell that started it and writes there; a stream that is
// already a pipe or a file is left as it is.
func attachConsole() {
	if hasStd(syscall.STD_OUTPUT_HANDLE) && hasStd(syscall.STD_ERROR_HANDLE) {
		return
	}
	const attachParentProcess = ^uintptr(0) // ATTACH_PARENT_PROCESS, (DWORD)-1
	attach := syscall.NewLazyDLL("kernel32.dll").NewProc("AttachConsole")
	if r, _, _ := attach.Call(attachParentProcess & 0xffffffff); r == 0 {
		return // started from Explorer: no console to write to
	}
	if !hasStd(syscall.STD_OUTPUT_HANDLE) {
		if f, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
			os.Stdout = f
		}
	}
	if !hasStd(syscall.STD_ERROR_HANDLE) {
		if f, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
			os.Stderr = f
		}
	}
}

// hasStd reports whether the standard handle std is open.
func hasStd(std int) bool {
	h, err := syscall.GetStdHandle(std)
	return err == nil && h != 0 && h != syscall.InvalidHandle
}
