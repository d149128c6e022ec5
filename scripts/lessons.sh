#!/bin/sh
# make lessons: sets everything up and opens the lessons. It builds the
# kernel, installs its kernelspec where the Jupyter it finds will look, makes
# the learner's working copy of notebooks/ in build/lessons/ (once: the
# committed notebooks stay as they are, and git status clean), and starts
# Jupyter on that copy: JupyterLab when it is there, otherwise the classic
# Notebook. With no Jupyter at all it installs one: JupyterLab into .venv
# with pip where pip can reach its index, otherwise Debian's packages with
# apt-get.
#
#   IP, PORT           where Jupyter listens (default 127.0.0.1 and 8888; Jupyter
#                      takes the next free port when that one is busy)
#   RESET=04 | all     start lesson 04 (or every lesson) over from notebooks/; the
#                      working copy is kept in build/lessons/old/
#   GOTHREADS_DRY_RUN=1  print the Jupyter command instead of running it
set -eu
cd "$(dirname "$0")/.."

IP=${IP:-127.0.0.1}
PORT=${PORT:-8888}
copy=build/lessons

echo "==> building the gothreads kernel (the first time, Go downloads its modules and builds: about half a minute)"
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
		echo "==> installing Debian's Jupyter Notebook with ${sudo:+sudo }apt-get"
		if $sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends jupyter-notebook python3-ipykernel; then
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

# The working copy. Each lesson is copied once; what the learner runs and
# saves stays in the copy. A lesson that changed in notebooks/ since it was
# copied replaces a copy the learner has not touched; one the learner has
# saved is replaced only when the learner says so: asked here when there is
# a terminal, and always with RESET. .origin records the checksum of each
# lesson as copied, to tell an update of the lesson from the learner's edits.
checksum() { cksum <"$1" | cut -d' ' -f1,2; }
origin() { grep "^$1 " "$copy/.origin" | cut -d' ' -f2-; }

copy_lesson() { # copy_lesson NAME: notebooks/NAME into the copy, recording its origin
	cp "notebooks/$1" "$copy/$1"
	grep -v "^$1 " "$copy/.origin" >"$copy/.origin.new" 2>/dev/null || true
	echo "$1 $(checksum "notebooks/$1")" >>"$copy/.origin.new"
	mv "$copy/.origin.new" "$copy/.origin"
}

start_over() { # start_over NAME: the learner's copy to old/, a fresh one in its place
	if [ -f "$copy/$1" ]; then
		mkdir -p "$copy/old"
		kept="$copy/old/${1%.ipynb}-$(date +%Y%m%d-%H%M%S).ipynb"
		mv "$copy/$1" "$kept"
		echo "    $1: started over; your copy is $kept"
	fi
	copy_lesson "$1"
}

wants_reset() { # wants_reset NAME: RESET names this lesson (all, 4, 04 or the file name)
	for r in $(echo "${RESET:-}" | tr ',' ' '); do
		case "$r" in
		all) return 0 ;;
		[0-9] | [0-9][0-9]) [ "${1%%-*}" = "$(printf '%02d' "${r#0}")" ] && return 0 ;;
		*) [ "$1" = "$r" ] || [ "$1" = "$r.ipynb" ] && return 0 ;;
		esac
	done
	return 1
}

make_copy() {
	fresh=""
	[ -d "$copy" ] || fresh=1
	mkdir -p "$copy"
	touch "$copy/.origin"
	for nb in notebooks/*.ipynb; do
		name=${nb#notebooks/}
		if [ ! -f "$copy/$name" ]; then
			copy_lesson "$name"
		elif wants_reset "$name"; then
			start_over "$name"
		elif [ "$(origin "$name")" = "$(checksum "$nb")" ]; then
			: # the lesson as copied
		elif [ "$(origin "$name")" = "$(checksum "$copy/$name")" ]; then
			copy_lesson "$name"
			echo "    $name: took its new version (you had not changed your copy)"
		else
			if [ -t 0 ] && [ -t 1 ]; then
				printf '    %s has a new version. Start it over with the new one (your copy is kept)? [y/N] ' "$name"
				read -r answer || answer=""
				case "$answer" in
				y* | Y*) start_over "$name" ;;
				*) echo "    kept your copy of $name" ;;
				esac
			else
				echo "    $name has a new version; kept your copy (make lessons RESET=${name%%-*} starts it over)"
			fi
		fi
	done
	for r in $(echo "${RESET:-}" | tr ',' ' '); do
		found=""
		for nb in notebooks/*.ipynb; do
			if RESET=$r wants_reset "${nb#notebooks/}"; then found=1; fi
		done
		[ -n "$found" ] || echo "    RESET=$r names no lesson: give its number (RESET=4), its file name, or all" >&2
	done
	if [ -n "$fresh" ]; then
		echo "==> made your working copy of the lessons in $copy/ (what you run and save stays there)"
	else
		echo "==> your working copy of the lessons is $copy/ (make lessons RESET=04 starts lesson 4 over, RESET=all every lesson)"
	fi
}

jupyter=$(find_jupyter) || { install_jupyter; jupyter=$(find_jupyter) || { echo "Jupyter still not found" >&2; exit 1; }; }

# The kernelspec goes where this Jupyter looks: into the virtual environment
# for .venv's Jupyter, into the user's data directory otherwise.
case "$jupyter" in
.venv/*) ./build/bin/gothreads install --prefix "$PWD/.venv" ;;
*) ./build/bin/gothreads install --user ;;
esac

make_copy

set -- "$jupyter" --notebook-dir="$PWD/$copy" --ip="$IP" --port="$PORT"
if [ "$(id -u)" = 0 ]; then set -- "$@" --allow-root; fi # containers often run as root
case "$jupyter" in
*jupyter-lab) set -- "$@" --ServerApp.open_browser=False ;;
*) set -- "$@" --no-browser ;;
esac
cat <<MSG
==> starting $jupyter on $IP port $PORT (the next free port if that one is busy)
    Open the URL it prints below, with its token, and start with 01-starting-threads.ipynb.
    Stop Jupyter with Ctrl+C (it asks to confirm: press y, or Ctrl+C again).
MSG
if [ "${GOTHREADS_DRY_RUN:-}" = 1 ]; then
	echo "$@"
	exit 0
fi
exec "$@"
