#!/usr/bin/env bash
# Runs every fuzz target of the module, one after the other.
#
#   scripts/fuzz.sh [FUZZTIME]        # default 60s per target
#   scripts/fuzz.sh -l                # list the targets only
#
# Targets are found automatically: every `func FuzzXxx(f *testing.F)` in a
# *_test.go file. Go can fuzz only one target per `go test` call, so each runs
# on its own. A failing input is saved under testdata/fuzz/ by Go and the
# script stops with the failure.
set -euo pipefail

cd "$(dirname "$0")/.."
fuzztime="${1:-${FUZZTIME:-60s}}"

targets=$(grep -rEo --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*\(' . |
	grep -v '^./vendor/' |
	sed -E 's|^(.*)/[^/]+_test\.go:func (Fuzz[A-Za-z0-9_]*)\($|\1 \2|' |
	sort -u)

if [ -z "$targets" ]; then
	echo "fuzz: no fuzz targets found"
	exit 0
fi

if [ "$fuzztime" = "-l" ]; then
	printf '%s\n' "$targets"
	exit 0
fi

n=$(printf '%s\n' "$targets" | wc -l)
echo "fuzz: $n targets, $fuzztime each"
while read -r dir name; do
	echo "fuzz: $dir $name"
	# -fuzzminimizetime 5s: by default a target spends most of its minute
	# shrinking one interesting input instead of fuzzing. -parallel 1 keeps
	# each fuzzer to one worker, so a 2-core machine stays usable.
	go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" -fuzzminimizetime 5s -parallel 1 "$dir"
done <<<"$targets"
