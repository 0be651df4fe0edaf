#!/usr/bin/env bash
# The desk's start-up time and idle memory against a bare Fyne window
# (internal/tools/barefyne) measured in the same run, under a private Xvfb:
# time from exec to a visible window, and RSS after GUI_IDLE seconds (15)
# idle, median of GUI_RUNS (3) runs taken in turns. The desk opens the demo
# project (10 articles) with a fresh HOME, as a new reviewer would, and a
# made-up project of GUI_DOCS (100,000) documents from internal/corpusgen.
# RSS is split into anonymous memory (the Go heap, C's malloc, GL buffers)
# and file-backed pages (the executable, Mesa's libraries), which are clean
# and which the kernel drops under memory pressure.
# Prints a Markdown section; bench.sh appends it to BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/proc.sh
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

# one NAME BIN TITLE [ARG]: one run; appends "seconds-to-window rss-kB
# anonymous-kB" to $tmp/NAME.
one() {
	local name=$1 bin=$2 title=$3 arg=${4:-} home
	home=$(mktemp -d -p "$tmp")
	local t0 t1 pid win
	t0=$(date +%s.%N)
	HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" XDG_CACHE_HOME="$home/.cache" \
		"$bin" $arg >"$tmp/$name.log" 2>&1 &
	pid=$!
	win=$(timeout 60 xdotool search --sync --onlyvisible --name "$title" 2>/dev/null | head -n1 || true)
	t1=$(date +%s.%N)
	[ -n "$win" ] || {
		echo "bench-gui: no $name window; it said:" >&2
		head -n 20 "$tmp/$name.log" >&2
		finish "$pid"
		return 1
	}
	sleep "$idle"
	local rss anon
	rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
	anon=$(awk '/^RssAnon/ { print $2 }' "/proc/$pid/status")
	finish "$pid"
	awk -v a="$t0" -v b="$t1" -v r="$rss" -v n="$anon" 'BEGIN { printf "%.3f %d %d\n", b - a, r, n }' >>"$tmp/$name"
}
docs="${GUI_DOCS:-100000}"
go run ./internal/tools/corpusgen -docs "$docs" >"$tmp/big.jsonl"
"$tmp/goldspan" import --db "$tmp/big.goldspan" "$tmp/big.jsonl" >/dev/null 2>&1
rm -f "$tmp/big.jsonl"
for i in $(seq "$runs"); do
	one bare "$tmp/barefyne" "Goldspan baseline"
	one desk "$tmp/goldspan" "Goldspan"
	one big "$tmp/goldspan" "Goldspan" "$tmp/big.goldspan"
done
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
bt=$(cut -d' ' -f1 "$tmp/bare" | median)
br=$(cut -d' ' -f2 "$tmp/bare" | median)
echo "| program | to a visible window | ratio | RSS after ${idle} s idle | ratio | of which anonymous | file-backed |"
echo '|---|---:|---:|---:|---:|---:|---:|'
for n in bare desk big; do
	t=$(cut -d' ' -f1 "$tmp/$n" | median)
	r=$(cut -d' ' -f2 "$tmp/$n" | median)
	a=$(cut -d' ' -f3 "$tmp/$n" | median)
	case $n in
	bare) what='bare Fyne window (baseline)' ;;
	desk) what='the desk on the demo project' ;;
	big) what="the desk on a project of $docs documents" ;;
	esac
	awk -v w="$what" -v t="$t" -v r="$r" -v a="$a" -v bt="$bt" -v br="$br" 'BEGIN { printf "| %s | %.2f s | %.2f | %.0f MB | %.2f | %.0f MB | %.0f MB |\n", w, t, t / bt, r / 1024, r / br, a / 1024, (r - a) / 1024 }'
done
echo
echo "Issue 16's goals: start-up within 1.2 times the bare window; idle memory at most 300 MB (320 MB on 100,000 documents)."
