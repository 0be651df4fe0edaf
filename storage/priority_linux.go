package storage

import (
	"runtime"
	"syscall"
)

// lowPriority runs fn on an operating-system thread of its own at the
// lowest CPU priority (nice 19), so that a long copy yields to the desk.
// The thread is thrown away afterwards (the goroutine ends locked to it)
// rather than handed back to Go with its priority lowered.
func lowPriority(fn func() error) error {
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		// Linux's setpriority with PRIO_PROCESS and a thread id sets that
		// thread's niceness alone. A failure only leaves it as it was.
		_ = syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), 19)
		done <- fn()
	}()
	return <-done
}
