#!/bin/sh
# Checks that the interpreter symbols in session/symbols are what
# go generate produces from the current runtime packages.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r session/symbols "$tmp/before"
go generate ./session/symbols/
if ! diff -r "$tmp/before" session/symbols; then
	echo "session/symbols was out of date and has been regenerated: commit the change"
	exit 1
fi
