#!/bin/sh
# Checks that third_party/yaegi is yaegi v0.16.1 with exactly the patches in
# third_party/yaegi-patches applied: the release (as the Go module proxy
# serves it, checked against the checksum database) is copied the way
# third_party/README.md says (the non-test files of the packages gothreads
# builds, LICENSE, go.mod), patched, and compared file by file, both ways:
# a file changed, added or left out shows.
set -eu
cd "$(dirname "$0")/.."
version=v0.16.1
packages="interp internal/unsafe2 stdlib stdlib/generic"
orig=$(go mod download -json "github.com/traefik/yaegi@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
if [ -z "$orig" ] || [ ! -d "$orig" ]; then
	echo "check-third-party: cannot download github.com/traefik/yaegi@$version" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
cp "$orig/LICENSE" "$orig/go.mod" "$tmp/"
for p in $packages; do
	mkdir -p "$tmp/$p"
	find "$orig/$p" -maxdepth 1 -type f ! -name '*_test.go' -exec cp {} "$tmp/$p/" \;
done
chmod -R u+w "$tmp"
here=$(pwd)
# A repository of its own, so that git apply works on it wherever the
# temporary directory is (inside another work tree it would apply to that).
git -C "$tmp" init -q
for p in third_party/yaegi-patches/*.patch; do
	git -C "$tmp" apply -p1 "$here/$p"
done
rm -rf "$tmp/.git"
if ! diff -r "$tmp" third_party/yaegi; then
	echo "check-third-party: third_party/yaegi differs from yaegi $version with third_party/yaegi-patches applied" >&2
	exit 1
fi
