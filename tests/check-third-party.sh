#!/bin/sh
# Checks that third_party/yaegi is yaegi v0.16.1 (the module the Go proxy
# serves, checked against go.sum's sum database) with exactly the patches in
# third_party/yaegi-patches applied, and nothing else changed: each file of
# the copy is compared with the same file of the release after patching.
set -eu
cd "$(dirname "$0")/.."
version=v0.16.1
orig=$(go mod download -json "github.com/traefik/yaegi@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
if [ -z "$orig" ] || [ ! -d "$orig" ]; then
	echo "check-third-party: cannot download github.com/traefik/yaegi@$version" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
(cd third_party/yaegi && find . -type f) | while read -r f; do
	if [ ! -f "$orig/$f" ]; then
		echo "check-third-party: third_party/yaegi/$f is not in yaegi $version" >&2
		exit 1
	fi
	mkdir -p "$tmp/$(dirname "$f")"
	cp "$orig/$f" "$tmp/$f"
done
chmod -R u+w "$tmp"
here=$(pwd)
for p in third_party/yaegi-patches/*.patch; do
	(cd "$tmp" && git apply -p1 "$here/$p")
done
if ! diff -r "$tmp" third_party/yaegi; then
	echo "check-third-party: third_party/yaegi differs from yaegi $version with third_party/yaegi-patches applied" >&2
	exit 1
fi
