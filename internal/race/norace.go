//go:build !race

// Package race tells tests whether the race detector is on: its
// instrumentation multiplies memory and time, so tests that measure either
// relax their bounds under it.
package race

// Enabled is true when the program was built with -race.
const Enabled = false
