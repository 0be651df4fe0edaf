#!/usr/bin/env bash
# Runs the benchmarks listed below and writes BENCHMARKS.md.
#
#   scripts/bench.sh [OUT]            # default BENCHMARKS.md; BENCH_COUNT=5 by default
#
# Speed goals live here, never in timed tests. Raw nanoseconds depend on the
# machine, so every group names a baseline benchmark that runs in the same
# `go test` call, and the report gives each result as a ratio to it as well.
#
# To add benchmarks, add a line to BENCHES:
#   package      the package directory, e.g. ./annotate/suggest
#   regexp       the -bench pattern; it must also match the baseline
#   baseline     the full name of the baseline benchmark (no -N suffix), or - for none
#   title        the rest of the line: the heading in BENCHMARKS.md
# A package that does not exist yet, or has no benchmark matching, is listed
# as such in the report rather than failing the run.
set -euo pipefail

BENCHES='
./app               20k                         BenchmarkWrap20k                              Review desk: a 20,000-character article with 1,000 spans (baseline: line wrapping alone)
./annotate/suggest  Baseline|Suggest            BenchmarkBaseline                             Suggestions: throughput against raw gse Segment (the baseline)
./project           Desk                        BenchmarkDeskSuggestRules                     Suggestions in the desk: the learner (rules + project model, trained on 3,000 MSRA sentences) vs the rules alone (baseline), on 5,000 characters
./storage           Import1000                  BenchmarkImport1000Baseline                   Storage: importing 1,000 documents in one transaction (baseline: bare INSERTs)
./storage           AddSpan                     BenchmarkAddSpanBaseline                      Storage: one reviewer action, committed with synchronous=FULL (baseline: a bare committed INSERT)
./storage           Page                        BenchmarkPageFirst100                         Storage: paging 100,000 documents with their statuses (baseline: the first page)
./project           ^BenchmarkExport            BenchmarkExportBaselineJSON                   Export (issue 16): 2,000 made-up documents, with ~50 spans each by one annotator, as Goldspan JSONL and CoNLL (baseline: the same rows streamed through encoding/json)
./project           ^BenchmarkImport            BenchmarkImportBaselineInsert                 Import (issue 16): the same 2,000 documents alone and with their spans (baselines: bare INSERTs of the parsed documents; of documents and spans into the same keys)
./storage           Backup                      BenchmarkBackupBaselineCopy                   Backups (issue 16): one backup of a 100,000-document project (baseline: copying its file and syncing the copy)
./annotate/agree    .                           BenchmarkBaselineIterate10kDocs3Annotators    Agreement: 10,000 documents x 3 annotators (baseline: reading every character and span)
./annotate/format   MSRA                        BenchmarkDecodeConllMSRA                      Formats: CoNLL decode and encode of MSRA test (172,601 characters)
./annotate/tagger   Segment|Tag|Learn           BenchmarkSegment                              Sequence tagger: decoding 2,442 MSRA sentences and one Learn, model of 1,000 (baseline: raw gse Segment)
'

cd "$(dirname "$0")/.."
out="${1:-BENCHMARKS.md}"
count="${BENCH_COUNT:-5}"
benchtime="${BENCH_TIME:-1s}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //' || true)
{
	echo "# Benchmarks"
	echo
	echo "Written by \`make bench\` (scripts/bench.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'):"
	echo "$(go version | sed 's/^go version //'), ${cpu:-unknown CPU}, $(nproc) cores,"
	echo "\`-count=$count -benchtime=$benchtime\`, median of the runs. The ratio column divides each"
	echo "result by the group's baseline measured in the same run, so it is comparable across machines."
} >"$tmp/report.md"

# summarize reads `go test -bench` output and prints a Markdown table with the
# median ns/op, B/op and allocs/op of each benchmark and its ratio to $1.
summarize() {
	awk -v base="$1" '
	function median(list,    a, n, i, j, t) {
		n = split(list, a, " ")
		for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	function human(ns) {
		if (ns >= 1e9) return sprintf("%.2f s", ns / 1e9)
		if (ns >= 1e6) return sprintf("%.2f ms", ns / 1e6)
		if (ns >= 1e3) return sprintf("%.2f µs", ns / 1e3)
		return sprintf("%.1f ns", ns)
	}
	/^Benchmark/ && / ns\/op/ {
		name = $1; sub(/-[0-9]+$/, "", name)
		if (!(name in seen)) { seen[name] = 1; order[++n] = name }
		for (i = 3; i < NF; i++) {
			if ($(i + 1) == "ns/op") ns[name] = ns[name] " " $i
			if ($(i + 1) == "B/op") bytes[name] = bytes[name] " " $i
			if ($(i + 1) == "allocs/op") allocs[name] = allocs[name] " " $i
			if ($(i + 1) == "MB/s") mbs[name] = mbs[name] " " $i
		}
	}
	END {
		if (n == 0) { print "No benchmark matched."; exit }
		b = (base in ns) ? median(ns[base]) : 0
		print "| Benchmark | time/op | MB/s | B/op | allocs/op | ratio to baseline |"
		print "|---|---:|---:|---:|---:|---:|"
		for (k = 1; k <= n; k++) {
			m = order[k]; t = median(ns[m])
			r = b > 0 ? sprintf("%.2f", t / b) : "–"
			if (m == base) r = "1.00 (baseline)"
			printf "| %s | %s | %s | %s | %s | %s |\n", m, human(t), (m in mbs) ? median(mbs[m]) : "–",
				(m in bytes) ? median(bytes[m]) : "–", (m in allocs) ? median(allocs[m]) : "–", r
		}
		if (base != "-" && b == 0) print "\nThe baseline " base " did not run."
	}'
}

status=0
while read -r pkg regexp baseline title; do
	[ -z "$pkg" ] && continue
	case "$pkg" in \#*) continue ;; esac
	echo "bench: $pkg ($title)" >&2
	printf '\n## %s\n\n`go test -bench %s %s`\n\n' "$title" "'$regexp'" "$pkg" >>"$tmp/report.md"
	if [ ! -d "$pkg" ]; then
		echo "Not run: $pkg does not exist yet." >>"$tmp/report.md"
		continue
	fi
	if ! go test -run '^$' -bench "$regexp" -benchmem -count "$count" -benchtime "$benchtime" \
		-timeout 60m "$pkg" >"$tmp/raw.txt" 2>&1; then
		cat "$tmp/raw.txt" >&2
		echo "**Failed**: see the output of \`make bench\`." >>"$tmp/report.md"
		status=1
		continue
	fi
	summarize "$baseline" <"$tmp/raw.txt" >>"$tmp/report.md"
done <<<"$BENCHES"

# Quality evaluations: tests gated by GOLDSPAN_EVAL=1 that score suggestions
# against ../shared/data/ner (never copied into the repository) and write a
# Markdown table to GOLDSPAN_EVAL_OUT.
EVALS='
./annotate/suggest  TestQuality   Suggestion quality: raw gse tags (the baseline) vs the rule suggester, entity-level exact match
./annotate/tagger   TestEvaluate  The learned sequence tagger (issue 7): learning curve, cross-validation, online learning, speed and size
./project           TestInAppLearningCurve$  The suggestion policy in the app (per-label election, issue 18): a reviewer played through the desk code path on MSRA
./project           TestReviewGains  Gains of review (issue 18): articles of 10 sentences reviewed through the desk, against the rules, after 200 to 1,000 sentences (nerpy on to 4,000)
./project           TestTimeConvention  A TIME convention learned in review (issue 18): nerpy People’s Daily with TIME gold, articles of 10 through the desk
./project           TestCrossCorpusCurve  Learning across corpora (issue 18): the tagger trained on n reviewed sentences of one corpus, scored on the other
./storage           TestActionLatency100k  One reviewer action on a project of 100,000 documents (issue 16): p50, p99 and a histogram beside a bare committed INSERT
./internal/loadtest TestLoad      A team at once (issue 15): 20 annotators x 1,000 actions on SQLite and on PostgreSQL (needs GOLDSPAN_TEST_PG: make bench starts a server)
'
# TIME gold is not in ../shared/data/ner: TestTimeConvention reads nerpy's
# People's Daily split from GOLDSPAN_TIME_GOLD, by default ../nerpy-people
# beside the repository when it is there (see the test).
if [ -z "${GOLDSPAN_TIME_GOLD:-}" ] && [ -d ../nerpy-people ]; then
	GOLDSPAN_TIME_GOLD=$(cd ../nerpy-people && pwd)
	export GOLDSPAN_TIME_GOLD
fi
while read -r pkg test title; do
	[ -z "$pkg" ] && continue
	echo "eval: $pkg ($title)" >&2
	printf '\n## %s\n\n`GOLDSPAN_EVAL=1 go test -run %s %s`\n\n' "$title" "$test" "$pkg" >>"$tmp/report.md"
	if [ ! -d "$pkg" ]; then
		echo "Not run: $pkg does not exist yet." >>"$tmp/report.md"
		continue
	fi
	if [ ! -d ../shared/data/ner ]; then
		echo "Not run: ../shared/data/ner is not beside the repository." >>"$tmp/report.md"
		continue
	fi
	rm -f "$tmp/eval.md"
	if ! GOLDSPAN_EVAL=1 GOLDSPAN_EVAL_OUT="$tmp/eval.md" go test -count=1 -v -run "$test" -timeout 60m "$pkg" >"$tmp/raw.txt" 2>&1; then
		cat "$tmp/raw.txt" >&2
		echo "**Failed**: see the output of \`make bench\`." >>"$tmp/report.md"
		status=1
		continue
	fi
	if [ -s "$tmp/eval.md" ]; then
		cat "$tmp/eval.md" >>"$tmp/report.md"
	else
		# No table: keep the test's own log lines.
		{ echo '```'; grep -E '^\s+[a-z_]+_test\.go:[0-9]+:' "$tmp/raw.txt" | sed -E 's/^\s+[a-z_]+_test\.go:[0-9]+: //'; echo '```'; } >>"$tmp/report.md"
	fi
done <<<"$EVALS"

echo "bench: the desk's start-up and memory (scripts/bench-gui.sh)" >&2
if ! scripts/bench-gui.sh >>"$tmp/report.md"; then
	echo "**Failed**: see the output of \`make bench\`." >>"$tmp/report.md"
	status=1
fi
echo "bench: whole-process CLI runs (scripts/bench-cli.sh)" >&2
if ! scripts/bench-cli.sh >>"$tmp/report.md"; then
	echo "**Failed**: see the output of \`make bench\`." >>"$tmp/report.md"
	status=1
fi

cp "$tmp/report.md" "$out"
echo "bench: wrote $out" >&2
exit "$status"
