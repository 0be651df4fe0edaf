#!/usr/bin/env bash
# Installs the Debian packages named as arguments that are not installed yet.
#
#   scripts/deps.sh gcc libgl1-mesa-dev ...
#
# Installed packages are left alone (checked with dpkg -s). Missing ones are
# installed with apt-get as root, or through sudo otherwise; `apt-get update`
# runs only when something is missing. Without root or sudo the script lists
# the missing packages and the command to install them, and fails. On systems
# without dpkg it prints what to install and carries on: the Go build will say
# what is still missing.
set -euo pipefail

if [ "$#" -eq 0 ]; then
	exit 0
fi

if ! command -v dpkg >/dev/null 2>&1; then
	cat >&2 <<EOF
deps: not a Debian-like system (no dpkg); skipping package installation.
deps: Goldspan needs Go, a C compiler and the OpenGL and X11 development headers that Fyne uses
deps: (https://docs.fyne.io/started/), and for some targets: $*.
EOF
	exit 0
fi

missing=()
for pkg in "$@"; do
	if ! dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed'; then
		missing+=("$pkg")
	fi
done

if [ "${#missing[@]}" -eq 0 ]; then
	exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
	as_root=()
elif command -v sudo >/dev/null 2>&1; then
	as_root=(sudo)
else
	cat >&2 <<EOF
deps: these Debian packages are missing and this user can neither install them (not root) nor use sudo:
deps:   ${missing[*]}
deps: ask an administrator to run:
deps:   apt-get update && apt-get install -y ${missing[*]}
EOF
	exit 1
fi

echo "deps: installing missing packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
