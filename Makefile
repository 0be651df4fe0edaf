# Goldspan: the two commands are `make run` and `make test`.
#
# On Debian and Ubuntu the targets install the system packages they need with
# apt-get (as root, or through sudo) when they are missing. On other systems
# install Go (see go.mod), a C compiler and the OpenGL/X11 development headers
# Fyne needs (https://docs.fyne.io/started/), then use the same targets.

GO        ?= go
BIN       ?= bin/goldspan
FUZZTIME  ?= 60s
TESTFLAGS ?= -timeout 20m

STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
GOVULNCHECK ?= golang.org/x/vuln/cmd/govulncheck@latest

# The packages without the GUI driver, tested again under the race detector
# (app and the main package link Fyne's GL driver; their tests run once).
RACE_PKGS = ./annotate/... ./storage/... ./project/... ./cli/... ./internal/... ./assets/...

# Debian packages: building the GUI (cgo, OpenGL, X11), the Python cross-checks
# of the tests, the screenshots, and rebuilding the bundled fonts.
BUILD_PKGS = gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev \
             libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev
TEST_PKGS  = python3-sklearn python3-nltk
SHOT_PKGS  = xvfb xdotool imagemagick
FONT_PKGS  = fonts-noto-cjk python3-fonttools
# The release packages (scripts/release.sh) and their test (scripts/release-test.sh).
RELEASE_PKGS      = gcc-mingw-w64-x86-64 imagemagick xz-utils zip dpkg-dev
RELEASE_TEST_PKGS = xvfb xdotool imagemagick xz-utils unzip wine wine64 gcc-mingw-w64-x86-64

# make release VERSION=x.y.z; the default is FyneApp.toml's.
VERSION ?= $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)

.PHONY: release release-test help deps deps-go deps-test deps-screenshots build run test bench screenshots check fuzz fonts clean

help:
	@echo "make run          install missing packages, build and start Goldspan"
	@echo "make test         install missing packages, go vet, staticcheck, every test, -race where no GUI;"
	@echo "                  the PostgreSQL tests on a throwaway server (scripts/pg-test-cluster.sh)"
	@echo "make build        build $(BIN)"
	@echo "make check        go vet, staticcheck and govulncheck"
	@echo "make bench        run the benchmarks and write BENCHMARKS.md"
	@echo "make fuzz         run every fuzz target for $(FUZZTIME)"
	@echo "make screenshots  drive the app under Xvfb and write docs/screenshots/"
	@echo "make fonts        re-extract the bundled CJK fonts into assets/fonts/"
	@echo "make release      build the Linux and Windows packages into dist/ (VERSION=x.y.z)"
	@echo "make release-test unpack dist/ and start both: CLI and GUI (Xvfb), Windows under wine"

GO_VERSION = $(shell sed -n 's/^go //p' go.mod)

deps: deps-go
	@scripts/deps.sh $(BUILD_PKGS)

deps-test: deps-go
	@scripts/deps.sh $(BUILD_PKGS) $(TEST_PKGS)

deps-screenshots: deps-go
	@scripts/deps.sh $(BUILD_PKGS) $(SHOT_PKGS)

# Go itself is not taken from apt: Debian's golang-go is older than go.mod asks.
deps-go:
	@command -v $(GO) >/dev/null 2>&1 || { \
		echo "Go $(GO_VERSION) or newer is needed and '$(GO)' is not on PATH:"; \
		echo "install it from https://go.dev/dl/ (Debian's golang-go is too old)."; exit 1; }

build: deps
	$(GO) build -o $(BIN) .

run: build
	./$(BIN)

test: deps-test
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	scripts/pg-test-cluster.sh run $(GO) test $(TESTFLAGS) ./...
	scripts/pg-test-cluster.sh run $(GO) test -race $(TESTFLAGS) $(RACE_PKGS)

bench: deps-test
	scripts/pg-test-cluster.sh run scripts/bench.sh BENCHMARKS.md

screenshots: deps-screenshots build
	scripts/screenshots.sh docs/screenshots

check: deps
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	GOVULNCHECK=$(GOVULNCHECK) scripts/vulncheck.sh

fuzz: deps-test
	scripts/fuzz.sh $(FUZZTIME)

fonts:
	@scripts/deps.sh $(FONT_PKGS)
	/usr/bin/python3 scripts/make-fonts.py assets/fonts

release: deps
	@scripts/deps.sh $(RELEASE_PKGS)
	scripts/release.sh $(VERSION) dist

release-test:
	@scripts/deps.sh $(RELEASE_TEST_PKGS)
	scripts/release-test.sh $(VERSION) dist

clean:
	rm -rf bin dist
