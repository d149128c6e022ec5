#!/bin/sh
# make test-fresh: proves that a clean checkout needs nothing but Go. It
# builds a minimal Debian 12 root with debootstrap under build/fresh/,
# copies in the Go toolchain that `go env GOROOT` names, clones this
# checkout's HEAD into it (uncommitted changes are not part of the proof),
# and, chrooted there as root with /proc, /sys and /dev mounted:
#   1. runs .ci/run, exactly as CI does: its apt installs, then make test;
#   2. runs make lessons and waits until the URL it prints answers.
# Each step's wall time is printed at the end (BENCHMARKS.md keeps them).
# Needs root, debootstrap (installed with apt-get when missing) and the
# network to Debian's mirror, the Go module proxy and the npm registry.
#
#   DEBIAN_MIRROR   the mirror for debootstrap (default http://deb.debian.org/debian)
#   KEEP=1          leave the root in build/fresh/root afterwards, to look around
set -eu
cd "$(dirname "$0")/.."
top=$PWD

if [ "$(id -u)" != 0 ]; then
	echo "make test-fresh runs debootstrap and chroot: run it as root (sudo make test-fresh)" >&2
	exit 1
fi
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
goroot=$(go env GOROOT)
work=$top/build/fresh
root=$work/root
log=$work/log
times=$work/times

if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
	echo "note: uncommitted changes are not tested; the fresh root gets a clone of HEAD ($(git rev-parse --short HEAD))"
fi
if ! command -v debootstrap >/dev/null 2>&1; then
	echo "==> installing debootstrap"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap ||
		{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap; }
fi

# The root's mounts, and the server make lessons starts, must not outlive
# this script whatever happens: cleanup runs on every exit.
mounts=""
cleanup() {
	status=$?
	if [ -n "${lessons_pid:-}" ]; then
		kill "$lessons_pid" 2>/dev/null || true
		wait "$lessons_pid" 2>/dev/null || true
	fi
	# Anything still running inside the root holds its mounts.
	for p in /proc/[0-9]*; do
		if [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ]; then kill -9 "${p#/proc/}" 2>/dev/null || true; fi
	done
	for m in $mounts; do umount -l "$m" 2>/dev/null || true; done
	if [ "${KEEP:-}" != 1 ] && [ -d "$root" ]; then
		if grep -q " $root/" /proc/mounts; then
			echo "not removing $root: something is still mounted under it" >&2
		else
			rm -rf "$root"
		fi
	fi
	exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$work"
: >"$times"
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

echo "==> debootstrap: a minimal Debian 12 root in $root (log: $log.debootstrap)"
rm -rf "$root"
timed debootstrap debootstrap --variant=minbase bookworm "$root" "$mirror" >"$log.debootstrap" 2>&1 ||
	{ tail -20 "$log.debootstrap"; exit 1; }

echo "==> copying Go from $goroot and cloning HEAD"
mkdir -p "$root/usr/local"
cp -a "$goroot" "$root/usr/local/go"
git clone --quiet "$top" "$root/src/gothreads"
# What the machine, not the project, provides, as a CI machine here has it:
# the resolver, and the local certificate authorities of a network that
# inspects TLS (ca-certificates, which .ci/run installs, adds them to the
# root's trust store).
cp /etc/resolv.conf "$root/etc/resolv.conf"
if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
	mkdir -p "$root/usr/local/share/ca-certificates"
	cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
fi
[ -s "$root/etc/hosts" ] || printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"

mount -t proc proc "$root/proc" && mounts="$root/proc $mounts"
mount -t sysfs sysfs "$root/sys" && mounts="$root/sys $mounts"
mount --bind /dev "$root/dev" && mounts="$root/dev $mounts"
mount --bind /dev/pts "$root/dev/pts" && mounts="$root/dev/pts $mounts"
# Chromium keeps its shared memory in /dev/shm.
mount -t tmpfs -o mode=1777 shm "$root/dev/shm" && mounts="$root/dev/shm $mounts"

# in_root CMD runs a shell command in the clone, in the root, with what a
# CI machine's login gives: Go at /usr/local/go, and of this machine's
# environment only the variables that point tools (Node.js, Python, git)
# at the trust store.
tls_env=$(env | grep -E '^(SSL_CERT_FILE|SSL_CERT_DIR|NODE_EXTRA_CA_CERTS|REQUESTS_CA_BUNDLE|GIT_SSL_CAINFO|CURL_CA_BUNDLE)=' || true)
in_root() {
	# shellcheck disable=SC2086 # one word per variable; none holds a space
	chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb $tls_env \
		PATH=/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		/bin/sh -c "cd /src/gothreads && $1"
}

echo "==> .ci/run in the fresh root (log: $log.ci)"
if ! timed ci-run in_root ./.ci/run >"$log.ci" 2>&1; then
	tail -40 "$log.ci"
	echo "FAIL: .ci/run in a fresh Debian 12 root; the whole log is $log.ci" >&2
	exit 1
fi
grep -q '^all tests passed' "$log.ci" || { tail -20 "$log.ci"; echo "FAIL: .ci/run ended without 'all tests passed'" >&2; exit 1; }
echo "    all tests passed"

echo "==> make lessons in the same root, until its URL answers (log: $log.lessons)"
start=$(date +%s)
in_root 'exec make lessons PORT=18888' >"$log.lessons" 2>&1 &
lessons_pid=$!
url=""
while [ -z "$url" ] && [ $(($(date +%s) - start)) -lt 300 ]; do
	kill -0 "$lessons_pid" 2>/dev/null || break
	url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/[^ ]*token=[0-9a-f]*' "$log.lessons" | head -1) || true
	[ -n "$url" ] || sleep 1
done
if [ -z "$url" ]; then
	tail -30 "$log.lessons"
	echo "FAIL: make lessons printed no URL with a token within 300 s" >&2
	exit 1
fi
# The URL the learner is told to open must serve the lessons: the tree
# page, with the first lesson listed in it, through the token in the URL.
fetch='import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=30).read().decode())'
page=$(in_root "python3 -c '$fetch' '$url'") ||
	{ tail -30 "$log.lessons"; echo "FAIL: $url did not answer" >&2; exit 1; }
base=$(printf '%s' "$url" | sed -E 's#^(http://[^/]+/).*#\1#')
listing=$(in_root "python3 -c '$fetch' '${base}api/contents?token=${url##*token=}'") ||
	{ echo "FAIL: the contents API at $base did not answer" >&2; exit 1; }
case "$listing" in
*01-starting-threads.ipynb*) ;;
*) echo "$listing" | head -20; echo "FAIL: the server make lessons started does not list 01-starting-threads.ipynb" >&2; exit 1 ;;
esac
echo "lessons-url $(($(date +%s) - start)) s" >>"$times"
echo "    $url answered ($(printf '%s' "$page" | wc -c) bytes) and lists the lessons"

echo "==> wall times"
sed 's/^/    /' "$times"
echo "test-fresh passed"
