#!/usr/bin/env bash
# Whole-process runs of the goldspan binary on a made-up project of
# BENCH_CLI_DOCS documents (10,000 by default) x 3 annotators from
# internal/corpusgen: wall time and peak RSS (start-up included), median of
# BENCH_CLI_RUNS runs (3) taken in turns, each as a ratio to `export --all`
# of the same project in the same run. Prints a Markdown section; bench.sh
# appends it to BENCHMARKS.md.
#
#   scripts/bench-cli.sh            # BENCH_CLI_DOCS=100000 for issue 16's full scale
set -euo pipefail
cd "$(dirname "$0")/.."
docs="${BENCH_CLI_DOCS:-10000}"
runs="${BENCH_CLI_RUNS:-3}"
timer=/usr/bin/time
printf '\n## Whole-process CLI runs: %s documents x 3 annotators (baseline: export --all of the same project)\n\n' "$docs"
if [ ! -x "$timer" ]; then
	echo "Not run: $timer is missing (apt-get install time)."
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/goldspan" .
go run ./internal/tools/corpusgen -docs "$docs" -annotators alice,bob,carol >"$tmp/three.jsonl"
go run ./internal/tools/corpusgen -docs "$docs" >"$tmp/plain.jsonl"

# measure NAME CMD...: one run; appends "seconds kilobytes" to $tmp/NAME.
measure() {
	local name=$1
	shift
	"$timer" -f '%e %M' -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" || {
		cat "$tmp/err" >&2
		return 1
	}
	tail -n1 "$tmp/t" >>"$tmp/$name"
}
bin="$tmp/goldspan"
for i in $(seq "$runs"); do
	rm -f "$tmp"/p.goldspan* "$tmp"/q.goldspan*
	measure import "$bin" import --db "$tmp/p.goldspan" "$tmp/three.jsonl"
	measure import-plain "$bin" import --db "$tmp/q.goldspan" "$tmp/plain.jsonl"
	measure export "$bin" export --db "$tmp/p.goldspan" --all -o "$tmp/out.jsonl" --force
	measure agree "$bin" agree --db "$tmp/p.goldspan"
	measure export-gold "$bin" export --db "$tmp/p.goldspan" --annotator alice --status done -o "$tmp/a.jsonl" --force
	measure export-conll "$bin" export --db "$tmp/p.goldspan" --annotator alice --format conll -o "$tmp/a.conll" --force
done
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
base=$(cut -d' ' -f1 "$tmp/export" | median)
echo '| command | wall (median) | peak RSS (median) | ratio to export --all |'
echo '|---|---:|---:|---:|'
for n in export agree import import-plain export-gold export-conll; do
	s=$(cut -d' ' -f1 "$tmp/$n" | median)
	k=$(cut -d' ' -f2 "$tmp/$n" | median)
	case $n in
	export) what='export --all (baseline)' ;;
	agree) what='agree (text report)' ;;
	import) what='import, documents with 3 layers of ~75 spans' ;;
	import-plain) what='import, documents alone' ;;
	export-gold) what='export one annotator, done' ;;
	export-conll) what='export one annotator as CoNLL' ;;
	esac
	awk -v w="$what" -v s="$s" -v k="$k" -v b="$base" 'BEGIN { printf "| %s | %.2f s | %.0f MB | %.2f |\n", w, s, k / 1024, s / b }'
done
echo
echo "Issue 16's goals: agree within 1.5 times export --all and under 100 MB at any size."

# Training's memory beyond the dictionary: goldspan train on the MSRA test
# sentences against a process that loads the dictionary and suggests for
# one line (goldspan suggest), peak RSS, median of the same runs.
gold=../shared/data/ner/msra_test.bio
printf '\n## Training memory: the tagger on the 3,442 MSRA test sentences (baseline: a process that loads the dictionary)\n\n'
if [ ! -f "$gold" ]; then
	echo "Not run: $gold is not beside the repository."
	exit 0
fi
echo '{"id":"x","text":"李强在北京会见了古特雷斯。"}' >"$tmp/one.jsonl"
"$bin" import --db "$tmp/t.goldspan" "$tmp/one.jsonl" >/dev/null 2>&1
for i in $(seq "$runs"); do
	measure dict "$bin" suggest --db "$tmp/t.goldspan" <"$tmp/one.jsonl"
	measure train "$bin" train --db "$tmp/t.goldspan" --from "$gold"
done
ds=$(cut -d' ' -f1 "$tmp/dict" | median)
dk=$(cut -d' ' -f2 "$tmp/dict" | median)
ts=$(cut -d' ' -f1 "$tmp/train" | median)
tk=$(cut -d' ' -f2 "$tmp/train" | median)
echo '| command | wall (median) | peak RSS (median) | beyond the dictionary |'
echo '|---|---:|---:|---:|'
awk -v s="$ds" -v k="$dk" 'BEGIN { printf "| suggest one line (baseline: the dictionary) | %.2f s | %.0f MB | – |\n", s, k / 1024 }'
awk -v s="$ts" -v k="$tk" -v d="$dk" 'BEGIN { printf "| train on 3,442 sentences | %.2f s | %.0f MB | %.0f MB |\n", s, k / 1024, (k - d) / 1024 }'
echo
echo "Issue 16's goal: training takes at most 350 MB beyond the dictionary."
