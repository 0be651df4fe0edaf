#!/usr/bin/python3
"""Extract the bundled CJK fonts from Debian's Noto Sans CJK collections.

Fyne 2.7.1 cannot load .ttc collections, so this takes the Simplified Chinese
face (index 2, "Noto Sans CJK SC") out of the Regular and Bold collections of
the fonts-noto-cjk package and writes single OpenType/CFF fonts to
assets/fonts/.

The faces of the collection share one glyph set: every face maps the same
44,810 code points (Traditional and Simplified, Extension A, part of Extension
B, kana, hangul, Latin, Greek, Cyrillic), and the extra glyphs are regional
variants reached only through the `locl` feature for another language or
through vertical-writing features. Fyne's shaper never sets a language and
lays text out horizontally, so those glyphs can never be drawn; the subset
below drops them and the vertical tables while keeping every mapped code
point. Run it with Debian's python3 (python3-fonttools):

    /usr/bin/python3 scripts/make-fonts.py [OUTDIR]
"""

import os
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

SRC = "/usr/share/fonts/opentype/noto/NotoSansCJK-{weight}.ttc"
FACE = 2  # 0 JP, 1 KR, 2 SC, 3 TC, 4 HK, 5-9 the Mono faces
WEIGHTS = ("Regular", "Bold")

# Horizontal features HarfBuzz applies by default, plus the Hangul jamo ones.
FEATURES = ["ccmp", "calt", "clig", "liga", "rlig", "kern", "mark", "mkmk",
            "ljmo", "vjmo", "tjmo"]


def build(weight, outdir):
    """Writes NotoSansCJKsc-<weight>.otf to outdir and returns its path."""
    font = TTCollection(SRC.format(weight=weight)).fonts[FACE]
    name = font["name"].getDebugName(6)
    if name != "NotoSansCJKsc-" + weight:
        sys.exit(f"make-fonts: face {FACE} of {SRC.format(weight=weight)} is {name}, not SC")
    codepoints = set(font.getBestCmap())

    opts = subset.Options()
    opts.layout_features = FEATURES
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.name_legacy = True
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.drop_tables += ["BASE", "VORG", "vhea", "vmtx"]
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=codepoints)
    sub.subset(font)

    got = set(font.getBestCmap())
    if got != codepoints:
        sys.exit(f"make-fonts: subset lost {len(codepoints - got)} code points")
    path = os.path.join(outdir, f"NotoSansCJKsc-{weight}.otf")
    font.recalcTimestamp = False  # keep upstream's date: the same input gives the same bytes
    font.save(path)
    print(f"{path}: {len(got)} code points, {font['maxp'].numGlyphs} glyphs, "
          f"{os.path.getsize(path)} bytes")
    return path


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.normpath(os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "assets", "fonts"))
    os.makedirs(outdir, exist_ok=True)
    for weight in WEIGHTS:
        build(weight, outdir)


if __name__ == "__main__":
    main()
