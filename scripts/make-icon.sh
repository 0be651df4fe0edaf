#!/usr/bin/env bash
# Draws assets/icon.png, the 512x512 application icon: a gold span bracket
# around two character blocks on a dark rounded square. Needs ImageMagick.
set -euo pipefail

out="${1:-$(dirname "$0")/../assets/icon.png}"
convert -size 512x512 xc:none \
	-fill '#1d2230' -draw 'roundrectangle 16,16 495,495 96,96' \
	-fill '#e0a82e' \
	-draw 'rectangle 96,112 136,400' -draw 'rectangle 96,112 184,152' -draw 'rectangle 96,360 184,400' \
	-draw 'rectangle 376,112 416,400' -draw 'rectangle 328,112 416,152' -draw 'rectangle 328,360 416,400' \
	-fill '#5a4a22' -draw 'roundrectangle 160,200 352,312 14,14' \
	-fill '#f5ecd6' -draw 'roundrectangle 176,216 248,296 8,8' -draw 'roundrectangle 264,216 336,296 8,8' \
	-fill '#1d2230' -draw 'rectangle 176,252 248,260' -draw 'rectangle 208,216 216,296' \
	-draw 'rectangle 264,236 336,244' -draw 'rectangle 264,268 336,276' -draw 'rectangle 296,216 304,296' \
	-depth 8 -strip -define png:exclude-chunks=date,time "$out"
