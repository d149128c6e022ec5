#!/bin/sh
# Sets everything up and opens the lessons: builds the kernel, installs its
# kernelspec where the Jupyter it finds will look, and starts Jupyter on
# notebooks/. JupyterLab when it is there, otherwise the classic Notebook.
# With no Jupyter at all it installs one: JupyterLab into .venv with pip
# where pip can reach its index, otherwise Debian's packages with apt-get.
#
# GOTHREADS_DRY_RUN=1 prints the Jupyter command instead of running it.
set -eu
cd "$(dirname "$0")/.."

echo "==> building the gothreads kernel"
go build -o build/bin/gothreads .

find_jupyter() {
	for cmd in .venv/bin/jupyter-lab jupyter-lab .venv/bin/jupyter-notebook jupyter-notebook; do
		if command -v "$cmd" >/dev/null 2>&1; then
			echo "$cmd"
			return 0
		fi
	done
	return 1
}

install_jupyter() {
	if command -v python3 >/dev/null 2>&1 && python3 -m venv .venv >/dev/null 2>&1; then
		echo "==> installing JupyterLab into .venv with pip"
		if .venv/bin/pip install --quiet --disable-pip-version-check jupyterlab; then
			return 0
		fi
		echo "    pip could not install JupyterLab (no access to its index?)"
		rm -rf .venv
	fi
	if command -v apt-get >/dev/null 2>&1; then
		sudo=""
		if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
		echo "==> installing Debian's Jupyter Notebook with apt-get"
		if $sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q jupyter-notebook python3-ipykernel; then
			return 0
		fi
	fi
	cat >&2 <<'MSG'
No Jupyter found, and neither pip nor apt-get could install one. Install one of:
  pip install jupyterlab              (any system with Python 3)
  apt-get install jupyter-notebook    (Debian, Ubuntu)
then run this command again.
MSG
	exit 1
}

jupyter=$(find_jupyter) || { install_jupyter; jupyter=$(find_jupyter) || { echo "Jupyter still not found" >&2; exit 1; }; }

# The kernelspec goes where this Jupyter looks: into the virtual environment
# for .venv's Jupyter, into the user's data directory otherwise.
case "$jupyter" in
.venv/*) ./build/bin/gothreads install --prefix "$PWD/.venv" ;;
*) ./build/bin/gothreads install --user ;;
esac

set -- "$jupyter" --notebook-dir="$PWD/notebooks" --ip=127.0.0.1
if [ "$(id -u)" = 0 ]; then set -- "$@" --allow-root; fi # containers often run as root
case "$jupyter" in
*jupyter-lab) set -- "$@" --ServerApp.open_browser=False ;;
*) set -- "$@" --no-browser ;;
esac
echo "==> starting $jupyter on notebooks/; open the URL it prints below (with its token)"
if [ "${GOTHREADS_DRY_RUN:-}" = 1 ]; then
	echo "$@"
	exit 0
fi
exec "$@"
