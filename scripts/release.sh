#!/usr/bin/env bash
# Builds the release packages into OUTDIR (dist/ by default):
#
#   make release VERSION=x.y.z        # or: scripts/release.sh [VERSION [OUTDIR]]
#
#   goldspan-VERSION-linux-amd64.tar.xz   what `fyne package -os linux` makes (the binary, the
#                                         .desktop file, the icon, an install Makefile) plus the
#                                         licences, in one folder goldspan/
#   goldspan_VERSION_amd64.deb            the same files installed to /usr, licences in
#                                         /usr/share/doc/goldspan
#   goldspan-VERSION-windows-amd64.zip    Goldspan/goldspan.exe (icon and version resource
#                                         embedded, as `fyne package -os windows` does), the
#                                         licences, README.txt
#   SHA256SUMS                            of the three
#
# VERSION defaults to FyneApp.toml's and is stamped into the binaries
# (-X main.version): `goldspan --version` and Help › About say it. The
# Windows program is cross-compiled with Debian's mingw-w64. Every
# dependency's licence is collected by internal/tools/licenses; a module
# without one fails the build. Work files go to OUTDIR/build (removed at the
# end unless KEEP_BUILD=1). Needs: Go, gcc, the Fyne build headers,
# gcc-mingw-w64-x86-64, imagemagick, xz-utils, zip, dpkg-dev (make release
# installs them on Debian).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
toml_version=$(sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
toml_build=$(sed -n 's/^ *Build *= *\([0-9]*\)/\1/p' FyneApp.toml)
version="${1:-$toml_version}"
out="${2:-dist}"
GO="${GO:-go}"
FYNE="${FYNE:-fyne.io/tools/cmd/fyne@v1.7.4}"
GOVERSIONINFO="${GOVERSIONINFO:-github.com/josephspurrier/goversioninfo/cmd/goversioninfo@v1.7.0}"
MINGW_CC="${MINGW_CC:-x86_64-w64-mingw32-gcc}"

if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]*)?$ ]]; then
	echo "release: VERSION must be x.y.z with an optional -suffix, got '$version'" >&2
	exit 2
fi
numeric="${version%%[-+]*}" # what fyne --app-version and the Windows resource take
IFS=. read -r major minor patch <<<"$numeric"
for tool in "$MINGW_CC" convert xz zip dpkg-deb sha256sum; do
	command -v "$tool" >/dev/null || {
		echo "release: $tool is missing (make release installs it on Debian)" >&2
		exit 1
	}
done

mkdir -p "$out"
out="$(cd "$out" && pwd)"
build="$out/build"
syso="$root/zz_release_windows_amd64.syso" # linked only into windows/amd64 builds
rm -rf "$build" "$syso"
mkdir -p "$build"
cleanup() {
	rm -f "$syso"
	[ "${KEEP_BUILD:-}" = 1 ] || rm -rf "$build"
}
trap cleanup EXIT
rm -f "$out"/goldspan-*-linux-amd64.tar.xz "$out"/goldspan_*_amd64.deb "$out"/goldspan-*-windows-amd64.zip "$out/SHA256SUMS"

ldflags="-s -w -X main.version=$version"
export XZ_OPT="${XZ_OPT:--T0}" # tar -J (here and in fyne package) on every core
step() { echo "release: $*" >&2; }
timed() { # timed NAME COMMAND...: runs it and says how long it took
	local t0=$SECONDS
	"${@:2}"
	step "$1 took $((SECONDS - t0)) s"
}

step "version $version (FyneApp.toml: $toml_version, build $toml_build)"

# The licences, for both systems' builds.
timed licences "$GO" run ./internal/tools/licenses -o "$build/licenses" -goos linux,windows

# Linux: our build, packaged by fyne (binary, .desktop, icon, install Makefile).
mkdir -p "$build/linux" "$build/fyne"
timed "linux build" env CGO_ENABLED=1 GOOS=linux GOARCH=amd64 \
	"$GO" build -tags release -ldflags "$ldflags" -o "$build/linux/goldspan" .
[ "$("$build/linux/goldspan" --version)" = "goldspan $version" ] || {
	echo "release: the Linux binary does not say version $version" >&2
	exit 1
}
# fyne's own tarball is unpacked again below: compress it fast.
(cd "$build/fyne" && XZ_OPT="-T0 -0" timed "fyne package -os linux" "$GO" run "$FYNE" package -os linux \
	--src "$root" --executable "$build/linux/goldspan" --app-version "$numeric" --app-build "$toml_build")
mkdir -p "$build/tar"
tar -xJf "$build/fyne/Goldspan.tar.xz" -C "$build/tar"
[ -d "$build/tar/goldspan" ] || {
	echo "release: fyne's tarball has no goldspan/ folder:" >&2
	tar -tJf "$build/fyne/Goldspan.tar.xz" >&2
	exit 1
}
cp -r "$build/licenses" "$build/tar/goldspan/licenses"
tarball="$out/goldspan-$version-linux-amd64.tar.xz"
tar --sort=name --owner=0 --group=0 --numeric-owner -C "$build/tar" -cJf "$tarball" goldspan
step "wrote $tarball"

# Debian package: the same files under /usr.
usrlocal=$(cd "$build/tar/goldspan" && find . -path '*/bin/goldspan' | sed 's,/bin/goldspan$,,')
deb="$build/deb"
mkdir -p "$deb/DEBIAN" "$deb/usr/bin" "$deb/usr/share/applications" "$deb/usr/share/pixmaps" "$deb/usr/share/doc/goldspan"
install -m 0755 "$build/tar/goldspan/$usrlocal/bin/goldspan" "$deb/usr/bin/goldspan"
install -m 0644 "$build/tar/goldspan/$usrlocal"/share/applications/*.desktop "$deb/usr/share/applications/"
install -m 0644 "$build/tar/goldspan/$usrlocal"/share/pixmaps/* "$deb/usr/share/pixmaps/"
cp -r "$build/licenses" "$deb/usr/share/doc/goldspan/licenses"
cat >"$deb/usr/share/doc/goldspan/copyright" <<COPYRIGHT
Goldspan $version

The licences of the Go modules Goldspan links, of the bundled Noto Sans CJK
font (SIL Open Font License 1.1) and the sources of its gazetteer lists are
in /usr/share/doc/goldspan/licenses/ (LICENSES.md lists them).
COPYRIGHT
debversion="${version//-/\~}" # 1.0.0-rc1 sorts before 1.0.0 as 1.0.0~rc1
cat >"$deb/DEBIAN/control" <<CONTROL
Package: goldspan
Version: $debversion
Architecture: amd64
Maintainer: Goldspan developers <goldspan@localhost>
Installed-Size: $(du -sk "$deb/usr" | cut -f1)
Depends: libc6, libgl1, libx11-6, libxcursor1, libxrandr2, libxinerama1, libxi6, libxxf86vm1
Section: text
Priority: optional
Description: review desk for Chinese named-entity annotation
 Reviewers confirm, relabel, resize or reject machine-suggested entity spans
 in Chinese news and turn them into gold annotations. The same binary runs a
 headless command line for imports, exports and agreement.
CONTROL
debfile="$out/goldspan_${debversion}_amd64.deb"
dpkg-deb --root-owner-group -Zxz --build "$deb" "$debfile" >/dev/null
step "wrote $debfile"

# Windows: the icon, version and manifest resource as fyne package writes
# it (goversioninfo), then the cross-compiled GUI program (-H windowsgui).
win="$build/windows"
mkdir -p "$win"
convert assets/icon.png -define icon:auto-resize=256,128,64,48,32,16 "$win/goldspan.ico"
cat >"$win/goldspan.exe.manifest" <<MANIFEST
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0" xmlns:asmv3="urn:schemas-microsoft-com:asm.v3">
<assemblyIdentity version="$numeric.$toml_build" processorArchitecture="*" name="Goldspan" type="win32"/>
</assembly>
MANIFEST
cat >"$win/versioninfo.json" <<JSON
{
	"FixedFileInfo": {
		"FileVersion": {"Major": $major, "Minor": $minor, "Patch": $patch, "Build": $toml_build},
		"ProductVersion": {"Major": $major, "Minor": $minor, "Patch": $patch, "Build": $toml_build},
		"FileFlagsMask": "3f", "FileFlags": "00", "FileOS": "040004", "FileType": "01", "FileSubType": "00"
	},
	"StringFileInfo": {
		"FileDescription": "Goldspan", "ProductName": "Goldspan",
		"FileVersion": "$numeric.$toml_build", "ProductVersion": "$numeric.$toml_build", "Comments": "Goldspan $version",
		"OriginalFilename": "goldspan.exe", "InternalName": "goldspan"
	},
	"VarFileInfo": {"Translation": {"LangID": "0409", "CharsetID": "04B0"}}
}
JSON
timed "windows resource" "$GO" run "$GOVERSIONINFO" -64 -icon "$win/goldspan.ico" \
	-manifest "$win/goldspan.exe.manifest" -o "$syso" "$win/versioninfo.json"
timed "windows build" env CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC="$MINGW_CC" \
	"$GO" build -tags release -ldflags "$ldflags -H windowsgui" -o "$win/Goldspan/goldspan.exe" .
rm -f "$syso"
cp -r "$build/licenses" "$win/Goldspan/licenses"
sed 's/$/\r/' >"$win/Goldspan/README.txt" <<README
Goldspan $version for Windows (64-bit)

Double-click goldspan.exe to open the review desk. The first start asks your
name and opens a demo project of ten short articles; File > New project or
File > Open project works on your own .goldspan files.

Settings live in %AppData%\\fyne\\io.goldspan.app, the demo project in
%AppData%\\Goldspan\\demo.goldspan.

The command line (import, export, stats, agree, ...) is the same program:
  goldspan.exe help
  goldspan.exe import --db news.goldspan articles.jsonl
  goldspan.exe export --db news.goldspan --annotator gold -o gold.jsonl

The licences of everything Goldspan is built from are in licenses\\
(LICENSES.md lists them).
README
zipfile="$out/goldspan-$version-windows-amd64.zip"
(cd "$win" && find Goldspan -print | sort | TZ=UTC zip -q -X -9 "$zipfile" -@)
step "wrote $zipfile"

(cd "$out" && sha256sum "$(basename "$tarball")" "$(basename "$debfile")" "$(basename "$zipfile")" >SHA256SUMS)
step "wrote $out/SHA256SUMS"
ls -l "$tarball" "$debfile" "$zipfile" "$out/SHA256SUMS" >&2
