#!/bin/sh
# make test-fresh: proves that a clean checkout needs nothing but Go. It
# makes a minimal Debian 12 root with debootstrap under build/fresh/, and
# two fresh copies of it, each with the Go toolchain that `go env GOROOT`
# names and a clone of this checkout's HEAD (uncommitted changes are not
# part of the proof). Chrooted there as root, with /proc, /sys and /dev
# mounted (and unmounted again whatever happens):
#   ci       .ci/run, exactly as CI runs it: its installs, then make test;
#            then make lessons, until the URL it prints answers;
#   learner  a Debian machine with Go, make, git and Python, as a learner's
#            may be: make lessons installs a Jupyter itself (JupyterLab with
#            pip, or Debian's Notebook where pip cannot reach its index)
#            and its URL must answer.
# Each step's wall time is printed at the end (BENCHMARKS.md keeps them).
# Needs root, debootstrap (installed with apt-get when missing) and the
# network to Debian's mirror, the Go module proxy and the npm registry.
#
#   DEBIAN_MIRROR   the mirror for debootstrap (default http://deb.debian.org/debian)
#   KEEP=1          leave the roots in build/fresh/ afterwards, to look around
set -eu
cd "$(dirname "$0")/.."
# The real path: /proc/mounts and /proc/PID/root name the roots by it, and
# cleanup must recognise its own mounts before it removes anything.
top=$(pwd -P)

if [ "$(id -u)" != 0 ]; then
	echo "make test-fresh runs debootstrap and chroot: run it as root (sudo make test-fresh)" >&2
	exit 1
fi
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
# sudo's secure_path drops Go's folder.
command -v go >/dev/null 2>&1 || PATH=/usr/local/go/bin:$PATH
goroot=$(go env GOROOT)
# As root, git refuses a checkout that another user owns ("dubious
# ownership"), and only a global or system setting lets it through.
gitconfig=$(mktemp)
printf '[safe]\n\tdirectory = *\n' >"$gitconfig"
export GIT_CONFIG_GLOBAL="$gitconfig"
# The roots' names start with _ to keep the go command out of them: a
# root's copy of Go's test/ folder would be packages of this module for
# go vet ./...
work=$top/build/fresh
base=$work/_debootstrap
times=$work/times

if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
	echo "note: uncommitted changes are not tested; the fresh roots get a clone of HEAD ($(git rev-parse --short HEAD))"
fi
if ! command -v debootstrap >/dev/null 2>&1; then
	echo "==> installing debootstrap"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap ||
		{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap; }
fi

# Nothing started in a root, and none of its mounts, may outlive this
# script: cleanup runs on every exit.
roots=""
cleanup() {
	status=$?
	for r in $roots; do leave "$r"; done
	if [ "${KEEP:-}" != 1 ]; then
		for r in $roots $base; do remove "$r" || true; done
	fi
	rm -f "$gitconfig"
	exit $status
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# remove ROOT deletes a root, never what is mounted in it (the host's /dev):
# a root left mounted by a run that was killed is left in place, with a word.
remove() {
	if grep -q " $1/" /proc/mounts; then
		echo "not removing $1: something is still mounted under it (umount -R $1, then remove it)" >&2
		return 1
	fi
	rm -rf --one-file-system "$1"
}

# leave ROOT ends every process whose root is ROOT, then unmounts what
# enter mounted there.
leave() {
	for p in /proc/[0-9]*; do
		if [ "$(readlink "$p/root" 2>/dev/null)" = "$1" ]; then kill -9 "${p#/proc/}" 2>/dev/null || true; fi
	done
	for m in dev/shm dev/pts dev sys proc; do
		if grep -q " $1/$m " /proc/mounts; then umount -l "$1/$m" || true; fi
	done
}

# enter ROOT makes ROOT a fresh copy of the debootstrapped root, with Go, a
# clone of HEAD in /src/gothreads, and what the machine (not the project)
# provides, as a CI machine here has it: the resolver, and the local
# certificate authorities of a network that inspects TLS (ca-certificates,
# once installed, adds them to the root's trust store).
enter() {
	leave "$1"
	remove "$1"
	cp -a "$base" "$1"
	roots="$roots $1"
	mkdir -p "$1/usr/local"
	cp -a "$goroot" "$1/usr/local/go"
	git clone --quiet "$top" "$1/src/gothreads"
	cp /etc/resolv.conf "$1/etc/resolv.conf"
	[ -s "$1/etc/hosts" ] || printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$1/etc/hosts"
	if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
		mkdir -p "$1/usr/local/share/ca-certificates"
		cp /usr/local/share/ca-certificates/*.crt "$1/usr/local/share/ca-certificates/"
	fi
	mount -t proc proc "$1/proc"
	mount -t sysfs sysfs "$1/sys"
	mount --bind /dev "$1/dev"
	mount --bind /dev/pts "$1/dev/pts"
	# Chromium keeps its shared memory in /dev/shm.
	mount -t tmpfs -o mode=1777 shm "$1/dev/shm"
}

# in_root ROOT CMD runs a shell command in ROOT's clone with what a CI
# machine's login gives: Go at /usr/local/go, and of this machine's
# environment only the variables that point tools (Node.js, Python, git)
# at the trust store.
tls_env=$(env | grep -E '^(SSL_CERT_FILE|SSL_CERT_DIR|NODE_EXTRA_CA_CERTS|REQUESTS_CA_BUNDLE|GIT_SSL_CAINFO|CURL_CA_BUNDLE)=' || true)
in_root() {
	# shellcheck disable=SC2086 # one word per variable; none holds a space
	chroot "$1" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb DEBIAN_FRONTEND=noninteractive $tls_env \
		PATH=/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		/bin/sh -c "cd /src/gothreads && $2"
}

# timed NAME CMD... runs CMD, appending NAME and its wall time to $times.
timed() {
	name=$1
	shift
	start=$(date +%s)
	rc=0
	"$@" || rc=$?
	echo "$name $(($(date +%s) - start)) s" >>"$times"
	return $rc
}

# lessons_answer ROOT LOG runs make lessons in ROOT until the URL it prints
# (with its token) serves the lessons: the page itself, and the contents API
# behind it listing the first lesson. Then it stops Jupyter.
lessons_answer() {
	start=$(date +%s)
	in_root "$1" 'exec make lessons PORT=18888' >"$2" 2>&1 &
	pid=$!
	url=""
	while [ -z "$url" ] && [ $(($(date +%s) - start)) -lt 600 ]; do
		kill -0 "$pid" 2>/dev/null || break
		url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/[^ ]*token=[0-9a-f]*' "$2" | head -1) || true
		[ -n "$url" ] || sleep 1
	done
	if [ -z "$url" ]; then
		tail -30 "$2"
		echo "FAIL: make lessons printed no URL with a token" >&2
		return 1
	fi
	fetch='import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=30).read().decode())'
	page=$(in_root "$1" "python3 -c '$fetch' '$url'") ||
		{ tail -30 "$2"; echo "FAIL: $url did not answer" >&2; return 1; }
	api=$(printf '%s' "$url" | sed -E 's#^(http://[^/]+/).*#\1#')api/contents?token=${url##*token=}
	listing=$(in_root "$1" "python3 -c '$fetch' '$api'") ||
		{ echo "FAIL: the contents API at $api did not answer" >&2; return 1; }
	case "$listing" in
	*01-starting-threads.ipynb*) ;;
	*) echo "$listing" | head -20; echo "FAIL: the Jupyter that make lessons started does not list 01-starting-threads.ipynb" >&2; return 1 ;;
	esac
	echo "    $url answered ($(printf '%s' "$page" | wc -c) bytes) and lists the lessons"
	leave "$1" # stops Jupyter; the mounts are made again if the root is entered again
	wait "$pid" 2>/dev/null || true
}

mkdir -p "$work"
: >"$times"
echo "==> debootstrap: a minimal Debian 12 root (log: $work/debootstrap.log)"
leave "$base"
remove "$base"
timed debootstrap debootstrap --variant=minbase bookworm "$base" "$mirror" >"$work/debootstrap.log" 2>&1 ||
	{ tail -20 "$work/debootstrap.log"; exit 1; }

ci=$work/_ci
echo "==> ci: .ci/run in a fresh root, $ci (log: $work/ci.log)"
enter "$ci"
if ! timed ci-run in_root "$ci" ./.ci/run >"$work/ci.log" 2>&1; then
	tail -40 "$work/ci.log"
	echo "FAIL: .ci/run in a fresh Debian 12 root; the whole log is $work/ci.log" >&2
	exit 1
fi
grep -q '^all tests passed' "$work/ci.log" || { tail -20 "$work/ci.log"; echo "FAIL: .ci/run ended without 'all tests passed'" >&2; exit 1; }
echo "    all tests passed"
echo "==> ci: make lessons in the same root, until its URL answers (log: $work/ci-lessons.log)"
timed ci-lessons lessons_answer "$ci" "$work/ci-lessons.log"

learner=$work/_learner
echo "==> learner: make lessons on a Debian machine with Go, make, git and Python, $learner (log: $work/learner.log)"
enter "$learner"
timed learner-tools in_root "$learner" 'apt-get update -q && apt-get install -y -q make git python3 python3-venv' >"$work/learner-tools.log" 2>&1 ||
	{ tail -20 "$work/learner-tools.log"; exit 1; }
timed learner-lessons lessons_answer "$learner" "$work/learner.log"
if grep -q "installing Debian's Jupyter Notebook" "$work/learner.log"; then
	echo "    (pip could not reach its index; make lessons installed Debian's Notebook with apt-get)"
elif grep -q "installing JupyterLab into .venv with pip" "$work/learner.log"; then
	echo "    (make lessons installed JupyterLab into .venv with pip)"
fi

echo "==> wall times"
sed 's/^/    /' "$times"
echo "test-fresh passed"
