#!/usr/bin/env bash
# The desk's start-up time and idle memory against a bare Fyne window
# (internal/tools/barefyne) measured in the same run, under a private Xvfb:
# time from exec to a visible window, and RSS after GUI_IDLE seconds (15)
# idle, median of GUI_RUNS (3) runs taken in turns. The desk opens the demo
# project (10 articles) with a fresh HOME, as a new reviewer would.
# Prints a Markdown section; bench.sh appends it to BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${GUI_RUNS:-3}"
idle="${GUI_IDLE:-15}"
printf '\n## The desk: start-up and idle memory (baseline: a bare Fyne window)\n\n'
for t in Xvfb xdotool; do
	if ! command -v "$t" >/dev/null; then
		echo "Not run: $t is missing (make deps-screenshots installs it)."
		exit 0
	fi
done
tmp=$(mktemp -d)
xvfb=
cleanup() {
	[ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
go build -o "$tmp/goldspan" .
go build -o "$tmp/barefyne" ./internal/tools/barefyne
d=90
while [ -e "/tmp/.X11-unix/X$d" ] || [ -e "/tmp/.X$d-lock" ]; do d=$((d + 1)); done
Xvfb ":$d" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
export DISPLAY=":$d"
sleep 1

# one NAME BIN TITLE: one run; appends "seconds-to-window rss-kB" to $tmp/NAME.
one() {
	local name=$1 bin=$2 title=$3 home
	home=$(mktemp -d -p "$tmp")
	local t0 t1 pid win
	t0=$(date +%s.%N)
	HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" XDG_CACHE_HOME="$home/.cache" \
		"$bin" >"$tmp/$name.log" 2>&1 &
	pid=$!
	win=$(timeout 60 xdotool search --sync --onlyvisible --name "$title" 2>/dev/null | head -n1 || true)
	t1=$(date +%s.%N)
	[ -n "$win" ] || {
		echo "bench-gui: no $name window; it said:" >&2
		head -n 20 "$tmp/$name.log" >&2
		kill "$pid" 2>/dev/null || true
		return 1
	}
	sleep "$idle"
	local rss
	rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	awk -v a="$t0" -v b="$t1" -v r="$rss" 'BEGIN { printf "%.3f %d\n", b - a, r }' >>"$tmp/$name"
}
for i in $(seq "$runs"); do
	one bare "$tmp/barefyne" "Goldspan baseline"
	one desk "$tmp/goldspan" "Goldspan"
done
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
bt=$(cut -d' ' -f1 "$tmp/bare" | median)
br=$(cut -d' ' -f2 "$tmp/bare" | median)
echo "| program | to a visible window | ratio | RSS after ${idle} s idle | ratio |"
echo '|---|---:|---:|---:|---:|'
for n in bare desk; do
	t=$(cut -d' ' -f1 "$tmp/$n" | median)
	r=$(cut -d' ' -f2 "$tmp/$n" | median)
	what='bare Fyne window (baseline)'
	[ "$n" = desk ] && what='the desk on the demo project'
	awk -v w="$what" -v t="$t" -v r="$r" -v bt="$bt" -v br="$br" 'BEGIN { printf "| %s | %.2f s | %.2f | %.0f MB | %.2f |\n", w, t, t / bt, r / 1024, r / br }'
done
echo
echo "Issue 16's goals: start-up within 1.2 times the bare window; idle memory at most 300 MB."
