#!/bin/sh
# The build steps of the Binder and JupyterHub image (Dockerfile), kept here
# so that CI runs them too, apart from the base image:
#   scripts/image.sh build OUT    build the kernel binary into OUT (golang stage)
#   scripts/image.sh install BIN  install BIN's kernelspec into the prefix of
#                                 the jupyter on PATH (the image's conda), where
#                                 a volume over $HOME cannot hide it, and warm
#                                 the Go build cache for compiled cells (%%run)
set -eu
cd "$(dirname "$0")/.."
case "${1:-}" in
build)
	CGO_ENABLED=0 go build -trimpath -o "$2" .
	"$2" version
	;;
install)
	"$2" install --sys-prefix
	"$2" warm
	;;
*)
	echo "usage: scripts/image.sh build OUT | install BIN" >&2
	exit 2
	;;
esac
