# gothreads build glue. The two commands a user needs are in README.md:
#   make lessons   build the kernel, install it, open the lessons in Jupyter
#   make test      every test (what CI runs)

GO      ?= go
# Jupyter's Python: Debian's, where the Jupyter packages are installed, when
# there is one; otherwise the python3 on PATH.
PYTHON  ?= $(shell test -x /usr/bin/python3 && echo /usr/bin/python3 || echo python3)
BIN     := build/bin/gothreads
# Tests install the kernelspec under a private prefix so that they never
# touch the user's own Jupyter setup.
TESTJUP := $(CURDIR)/build/test-jupyter

export PYDEVD_DISABLE_FILE_VALIDATION = 1

.PHONY: build lessons notebooks test test-go test-static test-jupyter test-browser bench clean

build:
	$(GO) build -o $(BIN) .

# Build the kernel, install it and Jupyter if needed, and open the lessons.
lessons:
	scripts/lessons.sh

# Regenerate every notebook from lessons/, with its outputs.
notebooks: build
	./$(BIN) lessons -o notebooks lessons/[0-9]*.md

test: test-static test-go test-jupyter test-browser
	@echo "all tests passed"

# Formatting, vet, and generated interpreter symbols that match the code.
test-static:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	tests/check-generated.sh
	$(GO) run . lessons -check -o notebooks lessons/[0-9]*.md

# Unit and end-to-end tests. The session package runs without -race: yaegi
# resizes its global frame without a lock while interpreted goroutines read
# it, which the race detector reports inside yaegi whenever a goroutine
# outlives its cell. Everything else runs under -race.
test-go:
	$(GO) test -race -count=1 -timeout 10m $$($(GO) list ./... | grep -v '/session$$')
	$(GO) test -count=1 -timeout 5m ./session/...

# The Jupyter peer suite and a jupyter console session, against the
# kernelspec installed the way a user installs it.
test-jupyter: build
	@$(PYTHON) -c 'import jupyter_kernel_test, jupyter_client, jupyter_console' 2>/dev/null || { \
	  echo "missing Jupyter test tools for $(PYTHON); on Debian: apt-get install python3-jupyter-kernel-test jupyter-console python3-ipykernel"; exit 1; }
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
	@command -v chromium >/dev/null && command -v jupyter-notebook >/dev/null && command -v npm >/dev/null || { \
	  echo "the browser test needs Debian's chromium, jupyter-notebook and python3-jupyterlab-server, and npm"; exit 1; }
	cd tests/browser && npm ci --legacy-peer-deps --no-audit --no-fund --silent && npm run --silent build-lab
	JUPYTER_PATH=$(TESTJUP)/share/jupyter node tests/browser/notebook.test.mjs
	JUPYTER_PATH=$(TESTJUP)/share/jupyter PYTHON=$(PYTHON) node tests/browser/lab.test.mjs

# Kernel round-trip figures for BENCHMARKS.md (not part of make test).
bench: build
	rm -rf $(TESTJUP) && ./$(BIN) install --prefix $(TESTJUP)
	$(GO) test -run '^$$' -bench . -benchtime 200x ./session/
	$(GO) test -run '^$$' -bench . -benchtime 3000x ./supervisor/
	JUPYTER_PATH=$(TESTJUP)/share/jupyter:/usr/share/jupyter $(PYTHON) -Xfrozen_modules=off tests/bench_kernel.py --launches 5 --cells 400
	JUPYTER_PATH=$(TESTJUP)/share/jupyter $(PYTHON) -Xfrozen_modules=off tests/bench_kernel.py --worker-cost --launches 3 --cells 1500

clean:
	rm -rf build
