//go:build !windows

package main

// attachConsole does nothing: only Windows separates window programs from
// console programs (see console_windows.go).
func attachConsole() {}
