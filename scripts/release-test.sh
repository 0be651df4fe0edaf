#!/usr/bin/env bash
# Tests the release packages in DIST as a reviewer would get them:
#
#   make release-test [VERSION=x.y.z]    # after make release
#   scripts/release-test.sh [VERSION [DIST]]
#
# - SHA256SUMS matches the packages.
# - Linux: the tarball is unpacked into an empty folder and installed with
#   its own Makefile (DESTDIR, PREFIX=/usr); the installed binary, with a
#   fresh HOME, says the version, imports the demo corpus (assets/demo) with
#   suggestions and exports it (every document back, texts unchanged), then
#   opens the desk under Xvfb: the first start asks the reviewer's name and
#   opens the demo project; the screen is grabbed (a flat image fails) and
#   the demo project and the settings must be where the XDG conventions put
#   them. The .deb's contents are checked too.
# - Windows: the zip is unpacked into an empty folder; goldspan.exe must be
#   a 64-bit GUI program importing only system DLLs, with its icon, version
#   and manifest resources; under wine (a fresh prefix) it says the version
#   and imports and exports the demo corpus. Then its desk is started under
#   wine on the same X server: WINE_GUI=required fails when no window
#   appears, try (the default) reports it, skip does not start it. Its demo
#   project and settings must be in %AppData%.
#
# Screenshots go to SHOTS (DIST/screenshots): release-linux-desk.png and
# release-windows-wine-desk.png. Needs xvfb, xdotool, imagemagick,
# xz-utils, unzip, wine, wine64 and gcc-mingw-w64-x86-64 (for a DLL that
# Debian's wine 8.0 lacks: see scripts/wine/bcryptprimitives.c).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/scripts/proc.sh"
version="${1:-$(sed -n 's/^ *Version *= *"\(.*\)"/\1/p' "$root/FyneApp.toml")}"
dist="$(cd "${2:-$root/dist}" && pwd)"
shots="${SHOTS:-$dist/screenshots}"
wine_gui="${WINE_GUI:-try}"
demo="$root/assets/demo/articles.jsonl"
width=1400
height=900
WINE64="${WINE64:-/usr/lib/wine/wine64}"
debversion="${version//-/\~}"

fail() {
	echo "release-test: FAIL: $*" >&2
	exit 1
}
say() { echo "release-test: $*" >&2; }
for tool in Xvfb xdotool import convert xz unzip strings "$WINE64" x86_64-w64-mingw32-gcc x86_64-w64-mingw32-objdump dpkg-deb /usr/bin/python3; do
	command -v "$tool" >/dev/null || fail "$tool is missing (make release-test installs it on Debian)"
done
tarball="$dist/goldspan-$version-linux-amd64.tar.xz"
deb="$dist/goldspan_${debversion}_amd64.deb"
zipfile="$dist/goldspan-$version-windows-amd64.zip"
for f in "$tarball" "$deb" "$zipfile" "$dist/SHA256SUMS"; do
	[ -f "$f" ] || fail "$f is missing: run make release VERSION=$version first"
done
(cd "$dist" && sha256sum --quiet -c SHA256SUMS) || fail "SHA256SUMS does not match the packages"
say "SHA256SUMS ok"

tmp=$(mktemp -d)
xvfb_pid=
app_pid=
cleanup() {
	[ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
	if [ -n "${WINEPREFIX:-}" ] && [ -d "$WINEPREFIX" ]; then
		WINEPREFIX="$WINEPREFIX" wineserver -k 2>/dev/null || true
	fi
	[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p "$shots"
export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset FYNE_THEME FYNE_SCALE

# checkexport IN OUT: OUT has every record of IN, in order, with its text.
checkexport() {
	/usr/bin/python3 - "$1" "$2" <<'PY' || fail "the export $2 does not give back the documents of $1"
import json, sys
src = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
out = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8") if l.strip()]
assert len(src) == len(out) and len(src) > 0, (len(src), len(out))
for a, b in zip(src, out):
    assert a["id"] == b["id"] and a["text"] == b["text"], (a["id"], b["id"])
print("release-test: export: %d documents, ids and texts as imported" % len(out), file=sys.stderr)
PY
}

# checkstats FILE: stats --json (on stdin) counts 10 documents and some suggestions.
checkstats() {
	/usr/bin/python3 -c '
import json, sys
s = json.load(sys.stdin)
docs, sugg = s.get("documents"), s.get("suggestions")
assert docs == 10 and sugg and sugg > 0, s
print("release-test: stats: %d documents, %d suggestions" % (docs, sugg), file=sys.stderr)
' || fail "stats of $1 does not count the demo corpus with suggestions"
}

# Xvfb on the first free display, as scripts/screenshots.sh starts it.
Xvfb -displayfd 3 -screen 0 "${width}x${height}x24" -nolisten tcp -noreset 3>"$tmp/display" >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
display=
for _ in $(seq 100); do
	if [ "$(wc -l <"$tmp/display")" -ge 1 ]; then
		display=$(tr -dc 0-9 <"$tmp/display")
		break
	fi
	sleep 0.1
done
[ -n "$display" ] || fail "Xvfb did not start: $(cat "$tmp/xvfb.log")"
export DISPLAY=":$display"

# waitwindow SECONDS: the id of the visible Goldspan window, or nothing.
waitwindow() {
	timeout "$1" xdotool search --sync --onlyvisible --name Goldspan 2>/dev/null | head -n1 || true
}

# desk WINDOW NAME LOG SETTLE: answers the first start's name question, grabs the desk
# into $shots/NAME.png and fails on a flat image.
desk() {
	local window=$1 name=$2 log=$3 settle=$4
	xdotool windowmove "$window" 0 0 windowsize "$window" "$width" "$height" 2>/dev/null || true
	xdotool windowfocus --sync "$window" 2>/dev/null || xdotool windowfocus "$window" 2>/dev/null || true
	sleep "$settle"
	# The name field sits in the middle of the window (the dialog is centred).
	xdotool mousemove $((width / 2 + 30)) $((height / 2 - 2)) click 1
	sleep 1
	xdotool type --clearmodifiers --delay 60 "Release Test"
	sleep 1
	xdotool key --clearmodifiers Return
	sleep "$settle"
	running "$app_pid" || { ${onfail:-fail} "the app exited before its screenshot; it said: $(tail -n 20 "$log")"; return 0; }
	import -window root "$tmp/shot.png"
	convert "$tmp/shot.png" -strip -define png:exclude-chunks=date,time "$shots/$name.png"
	local spread
	spread=$(convert "$shots/$name.png" -format '%[fx:standard_deviation]' info:)
	awk -v s="$spread" 'BEGIN { exit !(s < 0.01) }' && { ${onfail:-fail} "$shots/$name.png is blank"; return 0; }
	say "wrote $shots/$name.png (standard deviation $spread)"
}

# deskerrors LOG: the internal errors the desk showed, one cause a line
# (showError logs each as "Fyne error:  goldspan" and its cause); empty
# if none. The dialog says only "Internal error.", so a screenshot of the
# desk does not tell it from a desk at work.
deskerrors() {
	{ tr -d '\r' <"$1" | grep -A1 'Fyne error:  goldspan' || true; } | sed -n 's/^.*Cause: //p' | head -n 3
}

# stopapp closes the app as a reviewer would (Ctrl+Q) and waits for it.
stopapp() {
	xdotool key --clearmodifiers ctrl+q 2>/dev/null || true
	await "$app_pid" 100 || true
	finish "$app_pid"
	app_pid=
}

# ---- Linux ----
lin="$tmp/linux"
mkdir -p "$lin/unpack"
[ -z "$(ls -A "$lin/unpack")" ] || fail "the unpack folder is not empty"
tar -xJf "$tarball" -C "$lin/unpack"
pkg="$lin/unpack/goldspan"
for f in Makefile licenses/LICENSES.md licenses/assets/fonts/OFL.txt licenses/assets/gazetteer/SOURCES.txt; do
	[ -s "$pkg/$f" ] || fail "the tarball has no goldspan/$f"
done
[ -n "$(find "$pkg/usr" -path '*/bin/goldspan' -type f -perm -u+x)" ] || fail "the tarball has no goldspan binary"
make -s -C "$pkg" install DESTDIR="$lin/root" PREFIX=/usr
bin="$lin/root/usr/bin/goldspan"
for f in "$bin" "$lin/root/usr/share/applications/io.goldspan.app.desktop" "$lin/root/usr/share/pixmaps/io.goldspan.app.png"; do
	[ -s "$f" ] || fail "make install did not install $f"
done
grep -q '^Exec=goldspan' "$lin/root/usr/share/applications/io.goldspan.app.desktop" || fail "the desktop file does not run goldspan"
say "linux: tarball unpacked into an empty folder and installed with its Makefile"

export HOME="$lin/home"
export XDG_CONFIG_HOME="$HOME/.config" XDG_DATA_HOME="$HOME/.local/share" XDG_CACHE_HOME="$HOME/.cache"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$lin/work"
got=$("$bin" --version) || fail "goldspan --version failed"
[ "$got" = "goldspan $version" ] || fail "goldspan --version says '$got', want 'goldspan $version'"
say "linux: $got"
(cd "$lin/work" && "$bin" import --db news.goldspan --suggest "$demo" && "$bin" export --db news.goldspan --all -o out.jsonl) ||
	fail "linux: the import or export of the demo corpus failed"
checkexport "$demo" "$lin/work/out.jsonl"
"$bin" stats --db "$lin/work/news.goldspan" --json | checkstats linux

"$bin" >"$lin/gui.log" 2>&1 &
app_pid=$!
window=$(waitwindow 60)
[ -n "$window" ] || fail "linux: no Goldspan window within 60 s; the app said: $(tail -n 20 "$lin/gui.log")"
desk "$window" release-linux-desk "$lin/gui.log" 4
stopapp
errs=$(deskerrors "$lin/gui.log")
[ -z "$errs" ] || fail "linux: the desk showed an internal error: $errs"
[ -s "$XDG_DATA_HOME/goldspan/demo.goldspan" ] || fail "linux: no demo project at \$XDG_DATA_HOME/goldspan/demo.goldspan"
prefs="$XDG_CONFIG_HOME/fyne/io.goldspan.app/preferences.json"
grep -q '"Release Test"' "$prefs" 2>/dev/null || fail "linux: the reviewer's name is not in $prefs"
say "linux: the desk opened; demo project in \$XDG_DATA_HOME/goldspan, settings in \$XDG_CONFIG_HOME/fyne/io.goldspan.app"

[ "$(dpkg-deb -f "$deb" Version)" = "$debversion" ] || fail "the .deb's version is not $debversion"
dpkg-deb -c "$deb" | awk '{print $6}' >"$tmp/deb.txt"
for f in ./usr/bin/goldspan ./usr/share/applications/io.goldspan.app.desktop ./usr/share/pixmaps/io.goldspan.app.png ./usr/share/doc/goldspan/licenses/LICENSES.md; do
	grep -qx "$f" "$tmp/deb.txt" || fail "the .deb has no $f"
done
say "linux: the .deb holds the binary, desktop entry, icon and licences under /usr"

# ---- Windows ----
win="$tmp/windows"
mkdir -p "$win/unpack"
unzip -q "$zipfile" -d "$win/unpack"
exe="$win/unpack/Goldspan/goldspan.exe"
for f in "$exe" "$win/unpack/Goldspan/licenses/LICENSES.md" "$win/unpack/Goldspan/licenses/assets/fonts/OFL.txt" "$win/unpack/Goldspan/README.txt"; do
	[ -s "$f" ] || fail "the zip has no ${f#"$win/unpack/"}"
done
x86_64-w64-mingw32-objdump -p "$exe" >"$win/pe.txt"
grep -q 'Magic.*020b' "$win/pe.txt" || fail "goldspan.exe is not a 64-bit (PE32+) program"
grep -q 'Subsystem.*Windows GUI' "$win/pe.txt" || fail "goldspan.exe is not a GUI program (it would open a console window)"
for type in 0x000003 0x00000e 0x000010 0x000018; do # icon, icon group, version, manifest
	grep -Eq "^[0-9a-f]+   Entry: ID: $type, Value: 0x8" "$win/pe.txt" || fail "goldspan.exe has no resource of type $type"
done
dlls=$(sed -n 's/.*DLL Name: //p' "$win/pe.txt" | tr 'A-Z' 'a-z' | sort -u | tr '\n' ' ')
for dll in $dlls; do
	case "$dll" in
	kernel32.dll | user32.dll | gdi32.dll | opengl32.dll | shell32.dll | msvcrt.dll | advapi32.dll | ole32.dll | winmm.dll | imm32.dll | ws2_32.dll) ;;
	*) fail "goldspan.exe needs $dll, which Windows does not have: link it statically" ;;
	esac
done
strings -el "$exe" >"$win/strings.txt"
grep -qx "Goldspan $version" "$win/strings.txt" ||
	fail "goldspan.exe's version resource does not say Goldspan $version"
say "windows: goldspan.exe is a 64-bit GUI program with icon, version and manifest resources, importing only $dlls"

export WINEPREFIX="$win/prefix" WINEDEBUG=-all WINEARCH=win64 WINEDLLOVERRIDES="mscoree=;mshtml="
export HOME="$win/home"
mkdir -p "$HOME" "$win/work"
t0=$SECONDS
"$WINE64" wineboot -i >"$win/wineboot.log" 2>&1 || true
wineserver -w 2>/dev/null || true
[ -d "$WINEPREFIX/drive_c/windows/system32" ] || fail "wineboot made no prefix: $(tail -n 5 "$win/wineboot.log")"
x86_64-w64-mingw32-gcc -shared -O2 -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
	"$root/scripts/wine/bcryptprimitives.c" "$root/scripts/wine/bcryptprimitives.def" -ladvapi32
say "windows: wine prefix ready in $((SECONDS - t0)) s ($("$WINE64" --version))"
got=$(cd "$win/work" && "$WINE64" "$exe" --version | tr -d '\r') || fail "windows: goldspan.exe --version failed"
[ "$got" = "goldspan $version" ] || fail "windows: goldspan.exe --version says '$got', want 'goldspan $version'"
say "windows: $got"
cp "$demo" "$win/work/articles.jsonl"
(cd "$win/work" && "$WINE64" "$exe" import --db news.goldspan --suggest articles.jsonl && "$WINE64" "$exe" export --db news.goldspan --all -o out.jsonl) ||
	fail "windows: the import or export of the demo corpus failed"
checkexport "$demo" "$win/work/out.jsonl"
(cd "$win/work" && "$WINE64" "$exe" stats --db news.goldspan --json) | tr -d '\r' | checkstats windows
# Backups on Windows: its flush needs a handle open for writing, and
# through a read-only one every backup failed ("Access denied"), which no
# Linux test can see. The storage tests are built for Windows and the
# backup test runs under wine.
(cd "$root" && GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go test -c -o "$win/storage.test.exe" ./storage) ||
	fail "windows: cannot build the storage tests for Windows"
(cd "$root/storage" && "$WINE64" "$win/storage.test.exe" -test.run '^TestBackupOnThisSystem$' -test.v) >"$win/storage-test.log" 2>&1 ||
	fail "windows: a backup failed under wine: $(tr -d '\r' <"$win/storage-test.log" | tail -n 10)"
say "windows: a project backed up and read back from its backup (storage's TestBackupOnThisSystem under wine)"

if [ "$wine_gui" = skip ]; then
	say "windows: the desk under wine was not tried (WINE_GUI=skip)"
	exit 0
fi
(cd "$win/work" && exec "$WINE64" "$exe") >"$win/gui.log" 2>&1 &
app_pid=$!
window=$(waitwindow 120)
if [ -z "$window" ]; then
	msg="windows: no Goldspan window under wine within 120 s (wine $("$WINE64" --version), Xvfb's Mesa); the app said: $(tail -n 10 "$win/gui.log")"
	[ "$wine_gui" = required ] && fail "$msg"
	say "$msg"
	say "release-test: passed (the Windows desk under wine did not open)"
	exit 0
fi
# The desk under wine is timing-bound (a GL window through Xvfb's software
# Mesa on a busy machine): with WINE_GUI=try its checks report, and only
# WINE_GUI=required makes them fail the run. The CLI checks above always fail.
winegui() {
	[ "$wine_gui" = required ] && fail "$1"
	say "$1 (reported, not failed: WINE_GUI=$wine_gui)"
}
onfail=winegui desk "$window" release-windows-wine-desk "$win/gui.log" 15
stopapp
wineserver -w 2>/dev/null || true
errs=$(deskerrors "$win/gui.log")
[ -z "$errs" ] || fail "windows: the desk showed an internal error under wine: $errs"
[ -n "${KEEP_TMP:-}" ] && cp -r "$WINEPREFIX/drive_c/users" "$KEEP_TMP/"
appdata=$(find "$WINEPREFIX/drive_c/users" -maxdepth 3 -type d -path '*/AppData/Roaming' | head -n1)
if [ -z "$appdata" ]; then
	winegui "windows: the prefix has no AppData\\Roaming"
elif [ ! -s "$appdata/Goldspan/demo.goldspan" ]; then
	winegui "windows: no demo project in %AppData%\\Goldspan"
elif ! grep -q '"Release Test"' "$appdata/fyne/io.goldspan.app/preferences.json" 2>/dev/null; then
	winegui "windows: the reviewer's name is not in %AppData%\\fyne\\io.goldspan.app\\preferences.json"
else
	say "windows: the desk opened under wine; demo project in %AppData%\\Goldspan, settings in %AppData%\\fyne\\io.goldspan.app"
fi
say "passed"
