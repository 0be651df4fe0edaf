#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: on loopback, in a temporary
# folder, gone again afterwards.
#
#   scripts/pg-test-cluster.sh run CMD ARGS...   start, run CMD with GOLDSPAN_TEST_PG set, stop (even when CMD fails)
#   scripts/pg-test-cluster.sh start             start; prints the export lines to eval (and the folder to stop)
#   scripts/pg-test-cluster.sh stop DIR          stop the cluster in DIR and remove DIR
#
# Debian's postgresql is installed (scripts/deps.sh) when initdb and pg_ctl
# are missing. The server refuses to run as root, so as root the cluster
# belongs to the unprivileged user postgres (Debian's package creates it).
# Authentication is trust, on 127.0.0.1 only, with fsync off: it is a
# scratch server. GOLDSPAN_TEST_PG names its superuser goldspan_test.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"

find_bin() {
	local name="$1" d
	for d in /usr/lib/postgresql/*/bin; do
		if [ -x "$d/$name" ]; then echo "$d/$name"; return 0; fi
	done
	command -v "$name" 2>/dev/null && return 0
	return 1
}

ensure_bins() {
	if ! find_bin initdb >/dev/null || ! find_bin pg_ctl >/dev/null; then
		"$here/deps.sh" postgresql >&2
	fi
	INITDB="$(find_bin initdb)" || { echo "pg-test-cluster: initdb not found after installing postgresql" >&2; exit 1; }
	PG_CTL="$(find_bin pg_ctl)" || { echo "pg-test-cluster: pg_ctl not found after installing postgresql" >&2; exit 1; }
}

# as_owner runs a command as the cluster's owner: postgres when we are root.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

free_port() {
	local p
	for _ in $(seq 1 200); do
		p=$(( 20000 + RANDOM % 30000 ))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	echo "pg-test-cluster: no free port found" >&2
	return 1
}

start() {
	ensure_bins
	local dir port
	dir="$(mktemp -d "${TMPDIR:-/tmp}/goldspan-pg.XXXXXX")"
	chmod 755 "$dir"
	if [ "$(id -u)" -eq 0 ]; then
		id postgres >/dev/null 2>&1 || { echo "pg-test-cluster: as root, the cluster needs the user postgres (install Debian's postgresql)" >&2; exit 1; }
		chown postgres: "$dir"
	fi
	as_owner "$INITDB" -D "$dir/data" -U goldspan_test -A trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	for attempt in 1 2 3; do
		port="$(free_port)"
		if as_owner "$PG_CTL" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
			-o "-h 127.0.0.1 -p $port -k $dir -F -c max_connections=200 -c shared_buffers=32MB" start >"$dir/pg_ctl.log" 2>&1; then
			echo "$dir"
			echo "$port"
			return 0
		fi
	done
	cat "$dir/pg_ctl.log" "$dir/server.log" >&2
	exit 1
}

stop() {
	local dir="$1"
	[ -d "$dir/data" ] || { rm -rf "$dir"; return 0; }
	ensure_bins
	as_owner "$PG_CTL" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	rm -rf "$dir"
}

url() { echo "postgres://goldspan_test@127.0.0.1:$1/postgres?sslmode=disable"; }

case "${1:-}" in
start)
	{ read -r dir; read -r port; } < <(start)
	echo "export GOLDSPAN_TEST_PG='$(url "$port")'"
	echo "# stop with: $0 stop $dir"
	;;
stop)
	stop "${2:?usage: $0 stop DIR}"
	;;
run)
	shift
	[ "$#" -gt 0 ] || { echo "usage: $0 run CMD ARGS..." >&2; exit 2; }
	out="$(start)"
	dir="$(sed -n 1p <<<"$out")"
	port="$(sed -n 2p <<<"$out")"
	trap 'stop "$dir"' EXIT INT TERM
	echo "pg-test-cluster: PostgreSQL on 127.0.0.1:$port ($dir)" >&2
	GOLDSPAN_TEST_PG="$(url "$port")" "$@"
	;;
*)
	echo "usage: $0 run CMD ARGS... | start | stop DIR" >&2
	exit 2
	;;
esac
