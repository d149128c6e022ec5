#!/bin/sh
# Runs a two-cell session in jupyter console against the gothreads
# kernelspec (found through JUPYTER_PATH) and checks that state carries over:
# "x := 21" then "x * 2" must print Out[2]: 42.
set -eu
PYTHON=${PYTHON:-python3}
out=$(printf 'x := 21\nx * 2\n' | timeout 60 "$PYTHON" -Xfrozen_modules=off -m jupyter_console \
	--kernel gothreads --simple-prompt 2>&1) || { echo "$out"; echo "jupyter console failed"; exit 1; }
if ! printf '%s\n' "$out" | grep -q 'Out\[2\]: 42'; then
	echo "$out"
	echo "jupyter console: expected Out[2]: 42"
	exit 1
fi
echo "jupyter console: x := 21; x * 2 gave 42"
