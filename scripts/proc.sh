# Helpers for the scripts that start the app and stop it again
# (bench-gui.sh, screenshots.sh, release-test.sh); sourced, not run.

# running PID: whether PID is alive. A child that exited and was not yet
# waited for (a zombie) is not, although kill -0 still reaches it.
running() {
	local st
	st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
	[ -n "$st" ] && [ "$st" != Z ]
}

# await PID TENTHS: waits up to TENTHS tenths of a second for PID to
# exit; fails if it is still running then.
await() {
	local _
	for _ in $(seq "$2"); do
		running "$1" || return 0
		sleep 0.1
	done
	! running "$1"
}

# finish PID: stops PID and reaps it: TERM, then KILL if it has not
# exited within 10 seconds. A Fyne app catches TERM to quit, and one
# that gets it while it starts can hang in that quit (make bench waited
# on the baseline window for eight minutes), so wait alone could block
# the script for good.
finish() {
	kill "$1" 2>/dev/null || true
	await "$1" 100 || kill -9 "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}
