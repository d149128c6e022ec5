#!/bin/sh
# The build steps of the Binder image (Dockerfile), kept here so that CI
# runs them too, apart from the base image:
#   scripts/image.sh build OUT    build the kernel binary into OUT (golang stage)
#   scripts/image.sh install BIN  install BIN's kernelspec for the current user
set -eu
cd "$(dirname "$0")/.."
case "${1:-}" in
build)
	CGO_ENABLED=0 go build -trimpath -o "$2" .
	"$2" version
	;;
install)
	"$2" install --user
	;;
*)
	echo "usage: scripts/image.sh build OUT | install BIN" >&2
	exit 2
	;;
esac
