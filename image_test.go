package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestDockerfileForBinder checks the root Dockerfile against what
// mybinder.org's repo2docker requires (see ../shared/notes/jupyter.md).
// No Docker engine runs here, so the image itself is not built; its build
// steps are, in TestImageBuildSteps.
func TestDockerfileForBinder(t *testing.T) {
	data, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	df := string(data)
	var lines []string
	for _, l := range strings.Split(strings.ReplaceAll(df, "\\\n", " "), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	var froms, users []string
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "FROM "):
			froms = append(froms, l)
		case strings.HasPrefix(l, "USER "):
			users = append(users, strings.TrimPrefix(l, "USER "))
		case strings.HasPrefix(l, "ENTRYPOINT"):
			if !strings.Contains(l, `"$@"`) {
				t.Errorf("an ENTRYPOINT must run its arguments (exec \"$@\"): %s", l)
			}
		}
	}
	if len(froms) == 0 {
		t.Fatal("no FROM")
	}
	pinned := regexp.MustCompile(`^FROM (\S+):(\S+)`)
	for _, f := range froms {
		m := pinned.FindStringSubmatch(f)
		if m == nil || m[2] == "latest" {
			t.Errorf("base image not pinned to a tag: %s", f)
		}
	}
	final := froms[len(froms)-1]
	if !regexp.MustCompile(`^FROM quay\.io/jupyter/base-notebook:\d{4}-\d\d-\d\d$`).MatchString(final) {
		t.Errorf("final stage %q is not a dated Jupyter base-notebook", final)
	}
	if !strings.Contains(froms[0], "golang:1.26") {
		t.Errorf("the build stage %q does not pin the Go of go.mod", froms[0])
	}
	for _, want := range []string{"ARG NB_USER", "ARG NB_UID=1000", "HOME=/home/${NB_USER}",
		// The files are the user's as they are copied: no chown -R layer
		// doubling the image.
		"COPY --chown=${NB_UID}:${NB_GID} . ${HOME}",
		// The toolchain stays for %%run, on PATH, never fetching another;
		// -race needs a C compiler.
		"COPY --from=build /usr/local/go /usr/local/go", "PATH=/usr/local/go/bin:", "GOTOOLCHAIN=local", "gcc libc6-dev",
		// What a JupyterHub's volume over $HOME would hide lives outside
		// it: the warmed build cache and a copy of the lessons.
		"GOCACHE=/opt/gothreads/go-build", "COPY --chown=${NB_UID}:${NB_GID} notebooks /srv/gothreads/notebooks",
	} {
		if !strings.Contains(df, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	if strings.Contains(df, "chown -R") {
		t.Errorf("a chown -R layer copies every file again; use COPY --chown")
	}
	ignore, err := os.ReadFile(".dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{".git", "build", "node_modules", "*.test"} {
		if !slices.Contains(strings.Fields(string(ignore)), want) && !strings.Contains(string(ignore), "/"+want) {
			t.Errorf(".dockerignore does not leave out %s", want)
		}
	}
	if len(users) == 0 || users[len(users)-1] != "${NB_USER}" {
		t.Errorf("the last USER is %v; want ${NB_USER}", users)
	}
	for _, dir := range []string{"binder", ".binder"} {
		if _, err := os.Stat(dir); err == nil {
			t.Errorf("a %s/ folder makes Binder ignore the Dockerfile", dir)
		}
	}
}

// TestDockerfileDownloadsModules runs the build stage's `go mod download`
// on only what the Dockerfile copied before it, as Docker does: a module
// that go.mod replaces with a directory (third_party/yaegi) must be there.
func TestDockerfileDownloadsModules(t *testing.T) {
	data, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	copyLine := regexp.MustCompile(`^COPY\s+(.+)\s+(\S+)$`)
	for _, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if l == "RUN go mod download" {
			cmd := exec.Command("go", "mod", "download")
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("go mod download on what the Dockerfile copied first: %v\n%s", err, out)
			}
			return
		}
		m := copyLine.FindStringSubmatch(l)
		if m == nil || strings.Contains(l, "--from") {
			continue
		}
		dest := filepath.Join(dir, strings.TrimPrefix(m[2], "./"))
		for _, src := range strings.Fields(m[1]) {
			target := dest
			if strings.HasSuffix(m[2], "/") && len(strings.Fields(m[1])) > 1 {
				target = filepath.Join(dest, filepath.Base(src))
			}
			if out, err := exec.Command("cp", "-r", src, target).CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", l, err, out)
			}
		}
	}
	t.Fatal("the Dockerfile has no RUN go mod download")
}

// TestImageBuildSteps runs the Dockerfile's build steps (scripts/image.sh)
// outside Docker: build the kernel, install its kernelspec into the prefix
// of the jupyter on PATH (a stand-in for the image's conda), and warm the
// build cache for compiled cells.
func TestImageBuildSteps(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "gothreads")
	if out, err := exec.Command("scripts/image.sh", "build", bin).CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	prefix := filepath.Join(dir, "conda")
	if err := os.MkdirAll(filepath.Join(prefix, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(prefix, "bin", "jupyter"), []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(dir, "home")
	cmd := exec.Command("scripts/image.sh", "install", bin)
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CACHE_HOME="+filepath.Join(dir, "cache"), "XDG_DATA_HOME=", "JUPYTER_DATA_DIR=",
		"PATH="+filepath.Join(prefix, "bin")+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("install: %v\n%s", err, out)
	}
	for _, want := range []string{"built the runtime packages (race detector: false)", "built the runtime packages (race detector: true)"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("install did not warm the build cache: %s", out)
		}
	}
	data, err := os.ReadFile(filepath.Join(prefix, "share/jupyter/kernels/gothreads/kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec struct{ Argv []string }
	json.Unmarshal(data, &spec)
	if len(spec.Argv) == 0 || spec.Argv[0] != bin {
		t.Errorf("kernelspec argv %v; want %s first", spec.Argv, bin)
	}
}
