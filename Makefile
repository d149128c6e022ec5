# gothreads build glue. The two commands a user needs are in README.md:
#   make lessons   build the kernel, install it, open the lessons in Jupyter
#                  (IP=0.0.0.0 PORT=9000 for a VM or a container)
#   make test      every test (what CI runs)
# and one for changes to how the project is set up (not part of make test):
#   make test-fresh  .ci/run and make lessons in a new Debian 12 root, as root

GO      ?= go
# Jupyter's Python: Debian's, where the Jupyter packages are installed, when
# there is one; otherwise the python3 on PATH.
PYTHON  ?= $(shell test -x /usr/bin/python3 && echo /usr/bin/python3 || echo python3)
BIN     := build/bin/gothreads
# Tests install the kernelspec under a private prefix so that they never
# touch the user's own Jupyter setup.
TESTJUP := $(CURDIR)/build/test-jupyter
# Where make lessons serves Jupyter.
IP      ?= 127.0.0.1
PORT    ?= 8888
# Node.js 20 from the npm registry, where tests/requirements.sh fetched it
# (a machine whose own Node.js is too old for the browser tests, or missing).
export PATH := $(CURDIR)/build/node/bin:$(PATH)

export PYDEVD_DISABLE_FILE_VALIDATION = 1

.PHONY: build lessons notebooks test requirements test-go test-static test-jupyter test-browser test-fresh bench clean

build:
	$(GO) build -o $(BIN) .

# Build the kernel, install it and Jupyter if needed, and open the lessons.
lessons:
	IP=$(IP) PORT=$(PORT) scripts/lessons.sh

# Regenerate every notebook from lessons/, with its outputs.
notebooks: build
	./$(BIN) lessons -o notebooks lessons/[0-9]*.md

test: requirements test-static test-go test-jupyter test-browser
	@echo "all tests passed"

# Everything the tests use besides Go, checked before the first test: what
# is missing, and the apt-get line that installs it.
requirements:
	@PYTHON=$(PYTHON) tests/requirements.sh check

# Formatting, vet, and generated interpreter symbols that match the code.
test-static:
	@out=$$(gofmt -l $$(find . \( -path ./build -o -name node_modules \) -prune -o -name '*.go' -print)); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	tests/check-generated.sh
	tests/check-third-party.sh
	$(GO) run . lessons -check -o notebooks lessons/[0-9]*.md

# Unit and end-to-end tests. The session package runs without -race: yaegi
# resizes its global frame without a lock while interpreted goroutines read
# it, which the race detector reports inside yaegi whenever a goroutine
# outlives its cell. Everything else runs under -race.
# The end-to-end tests of the binary (the root package) mostly wait on
# kernel processes, so four run at once even on two cores.
test-go:
	$(GO) test -race -count=1 -parallel 4 -timeout 10m $$($(GO) list ./... | grep -v '/session$$')
	$(GO) test -count=1 -timeout 5m ./session/...

# The Jupyter peer suite and a jupyter console session, against the
# kernelspec installed the way a user installs it.
test-jupyter: build
	rm -rf $(TESTJUP) && ./$(BIN) install --prefix $(TESTJUP)
	JUPYTER_PATH=$(TESTJUP)/share/jupyter $(PYTHON) -m jupyter kernelspec list | grep -q '^ *gothreads '
	JUPYTER_PATH=$(TESTJUP)/share/jupyter $(PYTHON) -Xfrozen_modules=off -m unittest -v tests/test_kernel.py tests/test_restart.py
	JUPYTER_PATH=$(TESTJUP)/share/jupyter PYTHON=$(PYTHON) tests/console.sh
	$(PYTHON) tests/validate_notebooks.py

# Lesson 1 in headless Chromium (Debian's chromium, driven by playwright-core
# from npm; never a downloaded browser): in Debian's classic Notebook, and in
# a JupyterLab front end built from the @jupyterlab npm packages and served by
# Debian's jupyterlab_server.
test-browser: test-jupyter
	cd tests/browser && npm ci --legacy-peer-deps --no-audit --no-fund --silent && npm run --silent build-lab
	JUPYTER_PATH=$(TESTJUP)/share/jupyter node tests/browser/notebook.test.mjs
	JUPYTER_PATH=$(TESTJUP)/share/jupyter PYTHON=$(PYTHON) node tests/browser/lab.test.mjs

# A fresh Debian 12 root under build/fresh (debootstrap, as root): the Go
# toolchain copied in, a clone of this checkout's HEAD, .ci/run in it, then
# make lessons there until its URL answers. Wall times go to BENCHMARKS.md.
test-fresh:
	scripts/test-fresh.sh

# Kernel round-trip figures for BENCHMARKS.md (not part of make test).
bench: build
	rm -rf $(TESTJUP) && ./$(BIN) install --prefix $(TESTJUP)
	$(GO) test -run '^$$' -bench . -benchtime 200x ./session/
	$(GO) test -run '^$$' -bench . -benchtime 3000x ./supervisor/
	JUPYTER_PATH=$(TESTJUP)/share/jupyter:/usr/share/jupyter $(PYTHON) -Xfrozen_modules=off tests/bench_kernel.py --launches 5 --cells 400
	JUPYTER_PATH=$(TESTJUP)/share/jupyter $(PYTHON) -Xfrozen_modules=off tests/bench_kernel.py --worker-cost --launches 3 --cells 1500
	JUPYTER_PATH=$(TESTJUP)/share/jupyter:/usr/share/jupyter $(PYTHON) -Xfrozen_modules=off tests/bench_kernel.py --compiled --cells 20

# Everything built, but not build/lessons, the learner's working copy of
# the lessons (make lessons RESET=all starts that over), and never through
# the mounts of a root that an interrupted make test-fresh left behind.
clean:
	[ ! -d build ] || find build -mindepth 1 -maxdepth 1 ! -name lessons -exec rm -rf --one-file-system {} +
