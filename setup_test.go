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
	script, err := os.ReadFile("scripts/lessons.sh")
	if err != nil {
		t.Fatal(err)
	}
	root := os.Getuid() == 0

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
			wantCmd:  "jupyter-lab --notebook-dir=DIR/notebooks --ip=127.0.0.1 ROOT--ServerApp.open_browser=False",
			wantInst: "install --user",
		},
		{
			name:     "only the Notebook installed",
			fakes:    []string{"jupyter-notebook", "python3"},
			wantCmd:  "jupyter-notebook --notebook-dir=DIR/notebooks --ip=127.0.0.1 ROOT--no-browser",
			wantInst: "install --user",
		},
		{
			name:     "Python and pip",
			fakes:    []string{"python3", "apt-get"},
			env:      []string{"FAKE_PIP=ok"},
			wantCmd:  ".venv/bin/jupyter-lab --notebook-dir=DIR/notebooks --ip=127.0.0.1 ROOT--ServerApp.open_browser=False",
			wantInst: "install --prefix DIR/.venv",
			wantOut:  []string{"installing JupyterLab into .venv with pip"},
		},
		{
			name:     "pip cannot reach its index, apt-get can",
			fakes:    []string{"python3", "apt-get", "sudo"},
			env:      []string{"FAKE_PIP=fail", "FAKE_APT=ok"},
			wantCmd:  "jupyter-notebook --notebook-dir=DIR/notebooks --ip=127.0.0.1 ROOT--no-browser",
			wantInst: "install --user",
			wantOut:  []string{"pip could not install JupyterLab", "installing Debian's Jupyter Notebook with apt-get", "apt-get install -y -q jupyter-notebook python3-ipykernel"},
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
			dir := t.TempDir()
			bin := filepath.Join(dir, "fakebin")
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
			log := filepath.Join(dir, "calls.log")
			// go build -o build/bin/gothreads: a gothreads that logs its arguments.
			write(filepath.Join(bin, "go"), "#!/bin/sh\nmkdir -p build/bin\nprintf '#!/bin/sh\\necho \"gothreads $*\" >> "+log+"\\n' > build/bin/gothreads\nchmod +x build/bin/gothreads\n")
			// Stand-ins kept off PATH, for the fake installers to copy.
			stock := filepath.Join(dir, "stock")
			write(filepath.Join(stock, "jupyter"), "#!/bin/sh\necho \"$0 $*\" >> "+log+"\n")
			write(filepath.Join(stock, "pip"), "#!/bin/sh\n[ \"$FAKE_PIP\" = ok ] || exit 1\ncp "+stock+"/jupyter .venv/bin/jupyter-lab\n")
			fakes := map[string]string{
				"jupyter-lab":      "#!/bin/sh\nexec " + stock + "/jupyter \"$@\"\n",
				"jupyter-notebook": "#!/bin/sh\nexec " + stock + "/jupyter \"$@\"\n",
				// python3 -m venv .venv makes a pip that installs per $FAKE_PIP.
				"python3": "#!/bin/sh\n[ \"$1 $2\" = \"-m venv\" ] || exit 2\nmkdir -p \"$3/bin\"\ncp " + stock + "/pip \"$3/bin/pip\"\n",
				// apt-get install puts a jupyter-notebook on PATH per $FAKE_APT.
				"apt-get": "#!/bin/sh\necho \"apt-get $*\"\n[ \"$1\" = update ] && exit 0\n[ \"$FAKE_APT\" = ok ] || exit 100\ncp " + stock + "/jupyter " + bin + "/jupyter-notebook\n",
				"sudo":    "#!/bin/sh\nexec \"$@\"\n",
			}
			for _, name := range tc.fakes {
				write(filepath.Join(bin, name), fakes[name])
			}
			// Only the basic tools besides the stand-ins, so that no Jupyter
			// or Python of this machine is found.
			tools := filepath.Join(dir, "tools")
			if err := os.MkdirAll(tools, 0o755); err != nil {
				t.Fatal(err)
			}
			for _, tool := range []string{"sh", "mkdir", "chmod", "cp", "rm", "dirname", "id", "cat", "printf"} {
				p, err := exec.LookPath(tool)
				if err != nil {
					t.Skipf("no %s here: %v", tool, err)
				}
				if err := os.Symlink(p, filepath.Join(tools, tool)); err != nil {
					t.Fatal(err)
				}
			}

			cmd := exec.Command("/bin/sh", filepath.Join(dir, "scripts", "lessons.sh"))
			cmd.Env = append([]string{"PATH=" + bin + ":" + tools, "HOME=" + dir, "GOTHREADS_DRY_RUN=1"}, tc.env...)
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
