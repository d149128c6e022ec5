#!/bin/sh
# What `make test` needs besides Go, in one list: .ci/run installs from it,
# and `make test` checks it before the first test so that a missing package
# is named at the start, with the apt-get line that installs it, instead of
# failing a test half-way through.
#
#   tests/requirements.sh check      say what is missing and how to install it; exit 1 if anything is
#   tests/requirements.sh missing    the Debian packages still to install, one line (empty if none)
#   tests/requirements.sh list       every Debian package on the list, one line
#   tests/requirements.sh node       put Node.js 20 and npm from the npm registry into build/node
#                                    when the node on PATH is missing or older than the browser
#                                    tests need (make test puts build/node/bin first on PATH)
#
# PYTHON names the Python whose modules are checked (default /usr/bin/python3,
# where Debian's Jupyter packages install theirs).
set -eu
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-/usr/bin/python3}
NODE_DIR=build/node
PATH="$PWD/$NODE_DIR/bin:$PATH"

# One requirement a line: the Debian package, how to tell it is there
# (a command on PATH, a Python module, a file), and why the tests need it.
requirements() {
	cat <<'LIST'
make                        command  make                 runs the tests
git                         command  git                  go build stamps the commit of a checkout; check-third-party.sh applies the yaegi patches
ca-certificates             file     /etc/ssl/certs/ca-certificates.crt  Go and npm fetch modules over HTTPS
gcc                         command  gcc                  go test -race needs cgo
libc6-dev                   file     /usr/include/stdio.h go test -race needs cgo
python3-jupyter-client      module   jupyter_client       tests/test_restart.py starts the kernel as Jupyter does
jupyter-client              command  jupyter-kernelspec   make test-jupyter lists the installed kernelspec
python3-jupyter-kernel-test module   jupyter_kernel_test  tests/test_kernel.py, the Jupyter peer suite
jupyter-console             module   jupyter_console      tests/console.sh
python3-nbformat            module   nbformat             tests/validate_notebooks.py
jupyter-notebook            command  jupyter-notebook     tests/browser/notebook.test.mjs
python3-jupyter-server      module   jupyter_server       tests/browser/lab/main.py serves JupyterLab
python3-jupyterlab-server   module   jupyterlab_server    tests/browser/lab/main.py serves JupyterLab
chromium                    file     /usr/bin/chromium    the browser tests launch /usr/bin/chromium
LIST
}

# have KIND WHAT tells whether one requirement is met.
have() {
	case "$1" in
	command) command -v "$2" >/dev/null 2>&1 ;;
	file) [ -e "$2" ] ;;
	module) command -v "$PYTHON" >/dev/null 2>&1 && "$PYTHON" -c "import $2" >/dev/null 2>&1 ;;
	*) echo "tests/requirements.sh: unknown kind $1" >&2; exit 2 ;;
	esac
}

# The browser test's packages (rspack, JupyterLab's builder) need Node.js
# 20.19 or later; Debian 12 has 18. The fetched one is the machine's own
# version of Node.js 20 and the npm it comes with, checked against these
# digests.
NODE_VERSION=20.20.2
NPM_VERSION=10.8.2
NODE_MIN=20.19

# node_ok tells whether the node on PATH is NODE_MIN or later, with its npm.
node_ok() {
	command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1 && node -e '
		const [have, need] = [process.versions.node, process.argv[1]].map((v) => v.split(".").map(Number));
		process.exit(have[0] > need[0] || (have[0] === need[0] && have[1] >= need[1]) ? 0 : 1);' "$NODE_MIN"
}

missing_packages() {
	requirements | while read -r pkg kind what why; do
		have "$kind" "$what" || printf '%s ' "$pkg"
	done
}

case "${1:-check}" in
list)
	requirements | while read -r pkg kind what why; do printf '%s ' "$pkg"; done | sed 's/ $//'
	echo
	;;
missing)
	missing_packages | sed 's/ $//'
	echo
	;;
check)
	bad=0
	lines=$(requirements | while read -r pkg kind what why; do
		have "$kind" "$what" || printf '  %-28s %s (%s %s)\n' "$pkg" "$why" "$kind" "$what"
	done)
	if [ -n "$lines" ]; then
		echo "make test needs Debian packages that are not installed here:"
		echo "$lines"
		sudo="sudo "
		if [ "$(id -u)" = 0 ]; then sudo=""; fi
		echo "Install them with (.ci/run does, on a fresh Debian machine):"
		echo "  ${sudo}apt-get install -y --no-install-recommends $(missing_packages | sed 's/ $//')"
		bad=1
	fi
	if ! node_ok; then
		if command -v node >/dev/null 2>&1; then
			echo "The browser tests need Node.js $NODE_MIN or later, with npm; $(command -v node) is $(node --version)."
		else
			echo "The browser tests need Node.js $NODE_MIN or later, with npm; there is no node here."
		fi
		echo "Fetch Node.js $NODE_VERSION and npm from the npm registry into $NODE_DIR (make test uses it from there):"
		echo "  tests/requirements.sh node"
		bad=1
	fi
	exit $bad
	;;
node)
	if node_ok; then
		echo "node $(node --version) at $(command -v node) is recent enough; nothing to fetch"
		exit 0
	fi
	case $(uname -m) in
	x86_64) arch=x64 node_sri=sha512-PeHQM8wAdmHtZA1mBocygZxs5LiUWtsJezQTkBd0iY987KpGrD1O2tVEydvMZiuXceRanxt7rjTnDEBwOPujoQ== ;;
	aarch64) arch=arm64 node_sri=sha512-LCXJnNTFiyGuYBw2gZSI5OBFMbkjAPt8sqD/NKrWoE2QmDgSubTqFng6GaNJ9EJ8HpxBMGcWWpbbcs4Vo+CnGg== ;;
	*) echo "no Node.js $NODE_VERSION build on the npm registry for $(uname -m)" >&2; exit 1 ;;
	esac
	npm_sri=sha512-x/AIjFIKRllrhcb48dqUNAAZl0ig9+qMuN91RpZo3Cb2+zuibfh+KISl6+kVVyktDz230JKc208UkQwwMqyB+w==
	echo "==> fetching Node.js $NODE_VERSION and npm $NPM_VERSION from the npm registry into $NODE_DIR"
	rm -rf "$NODE_DIR.new" && mkdir -p "$NODE_DIR.new"
	# Python fetches and checks the tarballs: it is there with Jupyter, and
	# curl need not be.
	"$PYTHON" - "$NODE_DIR.new" \
		"https://registry.npmjs.org/node-linux-$arch/-/node-linux-$arch-$NODE_VERSION.tgz" "$node_sri" node \
		"https://registry.npmjs.org/npm/-/npm-$NPM_VERSION.tgz" "$npm_sri" npm <<'PY'
import base64, hashlib, io, os, sys, tarfile, urllib.request

dest, args = sys.argv[1], sys.argv[2:]
for url, sri, name in zip(args[0::3], args[1::3], args[2::3]):
    with urllib.request.urlopen(url, timeout=120) as r:
        data = r.read()
    algo, want = sri.split("-", 1)
    got = base64.b64encode(hashlib.new(algo, data).digest()).decode()
    if got != want:
        sys.exit(f"{url}: digest {algo}-{got}, want {sri}")
    # Each npm tarball holds one folder, package/.
    with tarfile.open(fileobj=io.BytesIO(data)) as tf:
        tmp = os.path.join(dest, "lib", name + ".tmp")
        try:
            tf.extractall(tmp, filter="tar")
        except TypeError:  # a Python without extraction filters (before 3.11.4)
            tf.extractall(tmp)
    os.rename(os.path.join(dest, "lib", name + ".tmp", "package"), os.path.join(dest, "lib", name))
    os.rmdir(os.path.join(dest, "lib", name + ".tmp"))
PY
	mkdir -p "$NODE_DIR.new/bin"
	ln -s ../lib/node/bin/node "$NODE_DIR.new/bin/node"
	ln -s ../lib/npm/bin/npm-cli.js "$NODE_DIR.new/bin/npm"
	ln -s ../lib/npm/bin/npx-cli.js "$NODE_DIR.new/bin/npx"
	rm -rf "$NODE_DIR" && mv "$NODE_DIR.new" "$NODE_DIR"
	PATH="$PWD/$NODE_DIR/bin:$PATH"
	echo "    node $(node --version), npm $(npm --version) in $NODE_DIR/bin (make test puts it first on PATH)"
	;;
*)
	echo "usage: tests/requirements.sh [check | missing | list | node]" >&2
	exit 2
	;;
esac
