package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestLessonsScript runs scripts/lessons.sh (make lessons) on each kind of
// machine README promises, with go, python3, pip, apt-get and sudo replaced
// by stand-ins that record what they were asked to do: a laptop that has
// JupyterLab, one with only Python (pip installs JupyterLab into .venv), a
// Debian machine where pip cannot reach its index (apt-get installs the
// Notebook), and a machine where nothing can install Jupyter. The real pip
// and apt-get paths need the network; here the script's choices are checked.
func TestLessonsScript(t *testing.T) {
	root := os.Getuid() == 0
	sudo := "sudo "
	if root {
		sudo = ""
	}

	cases := []struct {
		name     string
		fakes    []string // stand-ins on PATH
		env      []string
		wantCmd  string // the Jupyter command line, relative to the checkout
		wantInst string // what the kernelspec install was asked
		wantOut  []string
		wantFail bool
	}{
		{
			name:     "JupyterLab installed",
			fakes:    []string{"jupyter-lab", "jupyter-notebook", "python3", "apt-get"},
			wantCmd:  "jupyter-lab --notebook-dir=DIR/build/lessons --ip=127.0.0.1 --port=8888 ROOT--ServerApp.open_browser=False",
			wantInst: "install --user",
		},
		{
			name:     "only the Notebook installed",
			fakes:    []string{"jupyter-notebook", "python3"},
			wantCmd:  "jupyter-notebook --notebook-dir=DIR/build/lessons --ip=127.0.0.1 --port=8888 ROOT--no-browser",
			wantInst: "install --user",
		},
		{
			name:     "Python and pip",
			fakes:    []string{"python3", "apt-get"},
			env:      []string{"FAKE_PIP=ok"},
			wantCmd:  ".venv/bin/jupyter-lab --notebook-dir=DIR/build/lessons --ip=127.0.0.1 --port=8888 ROOT--ServerApp.open_browser=False",
			wantInst: "install --prefix DIR/.venv",
			wantOut:  []string{"installing JupyterLab into .venv with pip"},
		},
		{
			name:     "pip cannot reach its index, apt-get can",
			fakes:    []string{"python3", "apt-get", "sudo"},
			env:      []string{"FAKE_PIP=fail", "FAKE_APT=ok"},
			wantCmd:  "jupyter-notebook --notebook-dir=DIR/build/lessons --ip=127.0.0.1 --port=8888 ROOT--no-browser",
			wantInst: "install --user",
			wantOut:  []string{"pip could not install JupyterLab", "installing Debian's Jupyter Notebook with " + sudo + "apt-get", "apt-get install -y -q --no-install-recommends jupyter-notebook python3-ipykernel"},
		},
		{
			name:     "nothing can install Jupyter",
			fakes:    []string{"apt-get", "sudo"},
			env:      []string{"FAKE_APT=fail"},
			wantOut:  []string{"No Jupyter found, and neither pip nor apt-get could install one", "pip install jupyterlab", "apt-get install jupyter-notebook"},
			wantFail: true,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			lm := newLessonsMachine(t, tc.fakes)
			dir, log := lm.dir, lm.log
			cmd := lm.command(tc.env...)
			out, err := cmd.CombinedOutput()
			text := string(out)
			if tc.wantFail {
				if err == nil {
					t.Fatalf("the script succeeded with nothing to install Jupyter:\n%s", text)
				}
			} else if err != nil {
				t.Fatalf("script failed: %v\n%s", err, text)
			}
			for _, want := range tc.wantOut {
				if !strings.Contains(text, want) {
					t.Errorf("output lacks %q:\n%s", want, text)
				}
			}
			if tc.wantFail {
				return
			}
			expand := func(s string) string {
				s = strings.ReplaceAll(s, "DIR", dir)
				if root {
					return strings.ReplaceAll(s, "ROOT", "--allow-root ")
				}
				return strings.ReplaceAll(s, "ROOT", "")
			}
			// The dry run prints the Jupyter command as its last line.
			lines := strings.Split(strings.TrimSpace(text), "\n")
			if got, want := lines[len(lines)-1], expand(tc.wantCmd); got != want {
				t.Errorf("Jupyter command:\n got %s\nwant %s\n%s", got, want, text)
			}
			calls, _ := os.ReadFile(log)
			if want := "gothreads " + expand(tc.wantInst); !strings.Contains(string(calls), want) {
				t.Errorf("kernelspec install: want %q, calls:\n%s", want, calls)
			}
			if strings.HasPrefix(tc.wantCmd, ".venv/") {
				if _, err := os.Stat(filepath.Join(dir, ".venv", "bin", "jupyter-lab")); err != nil {
					t.Errorf("no JupyterLab in .venv: %v", err)
				}
			} else if _, err := os.Stat(filepath.Join(dir, ".venv")); err == nil {
				t.Errorf(".venv left behind although its Jupyter is not used")
			}
		})
	}
}

// lessonsMachine is a checkout holding scripts/lessons.sh and two lessons,
// on a machine whose only tools are the basic ones and the stand-ins named.
type lessonsMachine struct {
	dir  string // the checkout, also $HOME
	bin  string // the stand-ins, first on PATH
	log  string // what gothreads and Jupyter were asked to do
	path string
}

func newLessonsMachine(t *testing.T, fakes []string) *lessonsMachine {
	t.Helper()
	script, err := os.ReadFile("scripts/lessons.sh")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	lm := &lessonsMachine{dir: dir, bin: filepath.Join(dir, "fakebin"), log: filepath.Join(dir, "calls.log")}
	bin, log := lm.bin, lm.log
	write := func(path, body string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "scripts", "lessons.sh"), string(script))
	write(filepath.Join(dir, "notebooks", "01-starting-threads.ipynb"), `{"lesson": 1}`)
	write(filepath.Join(dir, "notebooks", "04-deadlock.ipynb"), `{"lesson": 4}`)
	// go build -o build/bin/gothreads: a gothreads that logs its arguments.
	write(filepath.Join(bin, "go"), "#!/bin/sh\nmkdir -p build/bin\nprintf '#!/bin/sh\\necho \"gothreads $*\" >> "+log+"\\n' > build/bin/gothreads\nchmod +x build/bin/gothreads\n")
	// Stand-ins kept off PATH, for the fake installers to copy.
	stock := filepath.Join(dir, "stock")
	write(filepath.Join(stock, "jupyter"), "#!/bin/sh\necho \"$0 $*\" >> "+log+"\n")
	write(filepath.Join(stock, "pip"), "#!/bin/sh\n[ \"$FAKE_PIP\" = ok ] || exit 1\ncp "+stock+"/jupyter .venv/bin/jupyter-lab\n")
	stands := map[string]string{
		"jupyter-lab":      "#!/bin/sh\nexec " + stock + "/jupyter \"$@\"\n",
		"jupyter-notebook": "#!/bin/sh\nexec " + stock + "/jupyter \"$@\"\n",
		// python3 -m venv .venv makes a pip that installs per $FAKE_PIP.
		"python3": "#!/bin/sh\n[ \"$1 $2\" = \"-m venv\" ] || exit 2\nmkdir -p \"$3/bin\"\ncp " + stock + "/pip \"$3/bin/pip\"\n",
		// apt-get install puts a jupyter-notebook on PATH per $FAKE_APT.
		"apt-get": "#!/bin/sh\necho \"apt-get $*\"\n[ \"$1\" = update ] && exit 0\n[ \"$FAKE_APT\" = ok ] || exit 100\ncp " + stock + "/jupyter " + bin + "/jupyter-notebook\n",
		"sudo":    "#!/bin/sh\nexec \"$@\"\n",
	}
	for _, name := range fakes {
		write(filepath.Join(bin, name), stands[name])
	}
	// Only the basic tools besides the stand-ins, so that no Jupyter
	// or Python of this machine is found.
	tools := filepath.Join(dir, "tools")
	if err := os.MkdirAll(tools, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tool := range []string{"sh", "mkdir", "chmod", "cp", "mv", "rm", "dirname", "id", "cat", "printf", "cksum", "cut", "grep", "touch", "date", "tr"} {
		p, err := exec.LookPath(tool)
		if err != nil {
			t.Skipf("no %s here: %v", tool, err)
		}
		if err := os.Symlink(p, filepath.Join(tools, tool)); err != nil {
			t.Fatal(err)
		}
	}
	lm.path = bin + ":" + tools
	return lm
}

// command is one run of make lessons, printing the Jupyter command line
// instead of starting it, with env added to the machine's environment.
func (lm *lessonsMachine) command(env ...string) *exec.Cmd {
	cmd := exec.Command("/bin/sh", filepath.Join(lm.dir, "scripts", "lessons.sh"))
	cmd.Env = append([]string{"PATH=" + lm.path, "HOME=" + lm.dir, "GOTHREADS_DRY_RUN=1"}, env...)
	return cmd
}

// run runs make lessons once and returns what it printed.
func (lm *lessonsMachine) run(t *testing.T, env ...string) string {
	t.Helper()
	out, err := lm.command(env...).CombinedOutput()
	if err != nil {
		t.Fatalf("make lessons failed: %v\n%s", err, out)
	}
	return string(out)
}

func (lm *lessonsMachine) read(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(lm.dir, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func (lm *lessonsMachine) write(t *testing.T, rel, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(lm.dir, rel), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLessonsWorkingCopy follows a learner through several runs of make
// lessons: Jupyter serves a copy of notebooks/ in build/lessons/, made
// once; the learner's saved work stays; a lesson updated in the checkout is
// not put over the learner's copy unless asked (RESET), and starting over
// keeps the old copy.
func TestLessonsWorkingCopy(t *testing.T) {
	lm := newLessonsMachine(t, []string{"jupyter-notebook"})
	out := lm.run(t)
	if !strings.Contains(out, "made your working copy of the lessons in build/lessons/") {
		t.Errorf("the first run does not say it made the working copy:\n%s", out)
	}
	if !strings.Contains(out, "--notebook-dir="+lm.dir+"/build/lessons ") {
		t.Errorf("Jupyter is not started on the working copy:\n%s", out)
	}
	for _, want := range []string{"start with 01-starting-threads.ipynb", "Ctrl+C", "the next free port if that one is busy"} {
		if !strings.Contains(out, want) {
			t.Errorf("the run does not tell the learner %q:\n%s", want, out)
		}
	}
	if got := lm.read(t, "build/lessons/04-deadlock.ipynb"); got != `{"lesson": 4}` {
		t.Fatalf("the copy of lesson 4 holds %q", got)
	}

	// The learner runs lesson 4 and Jupyter saves it; the checkout then
	// brings a new version of lessons 1 and 4 and a new lesson 5.
	lm.write(t, "build/lessons/04-deadlock.ipynb", `{"lesson": 4, "outputs": "the learner's"}`)
	lm.write(t, "notebooks/04-deadlock.ipynb", `{"lesson": 4, "version": 2}`)
	lm.write(t, "notebooks/01-starting-threads.ipynb", `{"lesson": 1, "version": 2}`)
	lm.write(t, "notebooks/05-events.ipynb", `{"lesson": 5}`)
	out = lm.run(t)
	if got := lm.read(t, "build/lessons/04-deadlock.ipynb"); got != `{"lesson": 4, "outputs": "the learner's"}` {
		t.Errorf("a later run replaced the learner's lesson 4 without asking: %q\n%s", got, out)
	}
	// Lesson 1, which the learner never changed, takes its new version.
	if got := lm.read(t, "build/lessons/01-starting-threads.ipynb"); got != `{"lesson": 1, "version": 2}` {
		t.Errorf("lesson 1, untouched, did not take its new version: %q", got)
	}
	if !strings.Contains(out, "01-starting-threads.ipynb: took its new version (you had not changed your copy)") {
		t.Errorf("the run does not say that lesson 1 took its new version:\n%s", out)
	}
	if !strings.Contains(out, "04-deadlock.ipynb has a new version; kept your copy (make lessons RESET=04 starts it over)") {
		t.Errorf("the run does not say that lesson 4 has a new version and how to take it:\n%s", out)
	}
	if got := lm.read(t, "build/lessons/05-events.ipynb"); got != `{"lesson": 5}` {
		t.Errorf("a new lesson is not added to the working copy: %q", got)
	}

	// Starting lesson 4 over: the new version, the learner's kept in old/.
	out = lm.run(t, "RESET=4")
	if got := lm.read(t, "build/lessons/04-deadlock.ipynb"); got != `{"lesson": 4, "version": 2}` {
		t.Errorf("RESET=4 did not start lesson 4 over: %q\n%s", got, out)
	}
	old, _ := filepath.Glob(filepath.Join(lm.dir, "build/lessons/old/04-deadlock-*.ipynb"))
	if len(old) != 1 {
		t.Fatalf("RESET=4 kept %d old copies of lesson 4 in build/lessons/old, want 1\n%s", len(old), out)
	}
	if got := lm.read(t, old[0][len(lm.dir)+1:]); got != `{"lesson": 4, "outputs": "the learner's"}` {
		t.Errorf("the kept copy holds %q", got)
	}
	if !strings.Contains(out, "04-deadlock.ipynb: started over; your copy is build/lessons/old/04-deadlock-") {
		t.Errorf("RESET=4 does not say where the learner's copy went:\n%s", out)
	}
	// Every lesson is now the checkout's: no notes, nothing replaced.
	out = lm.run(t)
	if strings.Contains(out, "new version") || strings.Contains(out, "started over") {
		t.Errorf("after RESET=4, a run still speaks of new versions:\n%s", out)
	}
	lm.write(t, "build/lessons/01-starting-threads.ipynb", `{"lesson": 1, "outputs": "the learner's"}`)
	out = lm.run(t, "RESET=all,lesson-7")
	if got := lm.read(t, "build/lessons/01-starting-threads.ipynb"); got != `{"lesson": 1, "version": 2}` {
		t.Errorf("RESET=all did not start lesson 1 over: %q", got)
	}
	if !strings.Contains(out, "RESET=lesson-7 names no lesson") {
		t.Errorf("a RESET that names no lesson is not reported:\n%s", out)
	}
}

// TestLessonsHostAndPort: make lessons IP=0.0.0.0 PORT=9000, for a VM or a
// container, reaches Jupyter's command line.
func TestLessonsHostAndPort(t *testing.T) {
	lm := newLessonsMachine(t, []string{"jupyter-lab"})
	out := lm.run(t, "IP=0.0.0.0", "PORT=9000")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if got := lines[len(lines)-1]; !strings.Contains(got, " --ip=0.0.0.0 --port=9000 ") {
		t.Errorf("Jupyter command %q lacks --ip=0.0.0.0 --port=9000", got)
	}
	if !strings.Contains(out, "starting jupyter-lab on 0.0.0.0 port 9000") {
		t.Errorf("the run does not say where Jupyter listens:\n%s", out)
	}
}

// TestRequirementsCheck runs tests/requirements.sh check (the first step
// of make test) on a machine that lacks everything, on one whose Node.js is
// too old, and on one that has everything (stand-ins for each command and
// a Python that imports every module).
func TestRequirementsCheck(t *testing.T) {
	script, err := os.ReadFile("tests/requirements.sh")
	if err != nil {
		t.Fatal(err)
	}
	machine := func(t *testing.T, fakes map[string]string) (dir string, run func(env ...string) (string, error)) {
		dir = t.TempDir()
		if err := os.MkdirAll(filepath.Join(dir, "tests"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "tests", "requirements.sh"), script, 0o755); err != nil {
			t.Fatal(err)
		}
		bin := filepath.Join(dir, "bin")
		if err := os.MkdirAll(bin, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, tool := range []string{"sh", "dirname", "cat", "id", "sed"} {
			p, err := exec.LookPath(tool)
			if err != nil {
				t.Skipf("no %s here: %v", tool, err)
			}
			if err := os.Symlink(p, filepath.Join(bin, tool)); err != nil {
				t.Fatal(err)
			}
		}
		for name, body := range fakes {
			if err := os.WriteFile(filepath.Join(bin, name), []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		return dir, func(env ...string) (string, error) {
			cmd := exec.Command("/bin/sh", filepath.Join(dir, "tests", "requirements.sh"), "check")
			cmd.Env = append([]string{"PATH=" + bin}, env...)
			out, err := cmd.CombinedOutput()
			return string(out), err
		}
	}
	commands := []string{"make", "git", "gcc", "jupyter-kernelspec", "jupyter-notebook", "npm"}
	modulePkgs := []string{"python3-jupyter-client", "python3-jupyter-kernel-test", "jupyter-console", "python3-nbformat", "python3-jupyter-server", "python3-jupyterlab-server"}
	commandPkgs := []string{"make", "git", "gcc", "jupyter-client", "jupyter-notebook"}

	t.Run("nothing installed", func(t *testing.T) {
		_, run := machine(t, nil)
		out, err := run("PYTHON=/nonexistent/python3")
		if err == nil {
			t.Fatalf("the check passed on a machine with nothing:\n%s", out)
		}
		lines := strings.Split(out, "\n")
		var apt string
		for _, l := range lines {
			if strings.Contains(l, "apt-get install") {
				if apt != "" {
					t.Errorf("more than one apt-get line:\n%s", out)
				}
				apt = l
			}
		}
		for _, pkg := range append(append([]string{}, modulePkgs...), commandPkgs...) {
			if !strings.Contains(apt+" ", " "+pkg+" ") {
				t.Errorf("the apt-get line lacks %s: %q", pkg, apt)
			}
		}
		for _, want := range []string{"make test needs Debian packages that are not installed here", "jupyter-client               make test-jupyter lists the installed kernelspec (command jupyter-kernelspec)", "there is no node here", "tests/requirements.sh node"} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
	})

	everything := map[string]string{"python3": "exit 0", "node": "exit 0"}
	for _, c := range commands {
		everything[c] = "exit 0"
	}
	t.Run("everything installed", func(t *testing.T) {
		dir, run := machine(t, everything)
		out, err := run("PYTHON=" + filepath.Join(dir, "bin", "python3"))
		for _, pkg := range append(append([]string{}, modulePkgs...), commandPkgs...) {
			if strings.Contains(out, " "+pkg+" ") {
				t.Errorf("the check names %s although it is there:\n%s", pkg, out)
			}
		}
		// The files it checks are this machine's own (CI's has them).
		_, e1 := os.Stat("/etc/ssl/certs/ca-certificates.crt")
		_, e2 := os.Stat("/usr/include/stdio.h")
		_, e3 := os.Stat("/usr/bin/chromium")
		if e1 == nil && e2 == nil && e3 == nil && err != nil {
			t.Errorf("the check failed with everything there: %v\n%s", err, out)
		}
	})

	t.Run("Node.js too old", func(t *testing.T) {
		fakes := map[string]string{}
		for k, v := range everything {
			fakes[k] = v
		}
		// node --version says 18; node -e (the version test) fails.
		fakes["node"] = `[ "$1" = --version ] && { echo v18.19.0; exit 0; }; exit 1`
		dir, run := machine(t, fakes)
		out, err := run("PYTHON=" + filepath.Join(dir, "bin", "python3"))
		if err == nil {
			t.Fatalf("the check passed with Node.js 18:\n%s", out)
		}
		for _, want := range []string{"The browser tests need Node.js 20.19 or later, with npm; " + filepath.Join(dir, "bin", "node") + " is v18.19.0.", "  tests/requirements.sh node"} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
	})
}

// TestReadmeListsRequirements: the apt-get line README gives for the tests,
// and the list in .ci/run's comment, name exactly the packages of
// tests/requirements.sh.
func TestReadmeListsRequirements(t *testing.T) {
	out, err := exec.Command("/bin/sh", "tests/requirements.sh", "list").Output()
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Fields(string(out))
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	i := strings.Index(text, "    apt-get install -y --no-install-recommends ")
	if i < 0 {
		t.Fatal("README has no apt-get line for the tests")
	}
	block := text[i:]
	block = block[:strings.Index(block, "\n\n")]
	got := strings.Fields(strings.ReplaceAll(block, "\\", " "))[4:] // after apt-get install -y --no-install-recommends
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("README's apt-get line names\n  %s\ntests/requirements.sh lists\n  %s", strings.Join(got, " "), strings.Join(want, " "))
	}
	// .ci/run names them too, for its reader.
	ci, err := os.ReadFile(".ci/run")
	if err != nil {
		t.Fatal(err)
	}
	if line := "#   " + strings.Join(want, " ") + "\n"; !strings.Contains(string(ci), line) {
		t.Errorf(".ci/run lacks the comment line\n%s", line)
	}
}
