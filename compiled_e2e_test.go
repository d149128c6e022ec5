package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Compiled cells through the kernel: output as it comes, display data,
// earlier cells' functions, a rerun that is not rebuilt, compile errors and
// panics at cell lines, the race detector, a package main cell, the stop
// button, and the session kept throughout.
func TestCompiledCellsThroughTheKernel(t *testing.T) {
	t.Parallel()
	cache := t.TempDir()
	gocache, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	// Binaries of the test's own; the go command's build cache as it is.
	f := startKernelUnder(t, []string{"env", "XDG_CACHE_HOME=" + cache, "GOCACHE=" + strings.TrimSpace(string(gocache))})
	f.Execute("func double(x int) int { return 2 * x }\nkept := 5")
	cell := "%%run\nfor i := range 3 {\n\tfmt.Println(double(i))\n}\ndisplay.HTML(\"<b>compiled</b>\")"
	e := f.Execute(cell)
	if e.Reply.Content["status"] != "ok" || e.Stream("stdout") != "0\n2\n4\n" {
		t.Fatalf("reply %v, stdout %q, stderr %q", e.Reply.Content, e.Stream("stdout"), e.Stream("stderr"))
	}
	if d := e.First("display_data"); d == nil || d["data"].(map[string]any)["text/html"] != "<b>compiled</b>" {
		t.Errorf("display_data %v", d)
	}
	bins, _ := filepath.Glob(filepath.Join(cache, "gothreads", "run", "bin", "*"))
	if e := f.Execute(cell); e.Stream("stdout") != "0\n2\n4\n" {
		t.Errorf("the cell again: %q", e.Stream("stdout"))
	}
	if again, _ := filepath.Glob(filepath.Join(cache, "gothreads", "run", "bin", "*")); len(bins) != 1 || len(again) != 1 {
		t.Errorf("binaries after one cell run twice: %v, then %v", bins, again)
	}

	e = f.Execute("%%run\nx := 1\nundefinedThing(x)")
	if e.Reply.Content["ename"] != "CompileError" || e.Reply.Content["evalue"] != "cell[4]:3:1: undefined: undefinedThing" {
		t.Errorf("a compile error: %v", e.Reply.Content)
	}
	e = f.Execute("%%run\nfmt.Println(\"about to fail\")\npanic(\"boom\")")
	if e.Reply.Content["ename"] != "ExitError" || !strings.Contains(e.Stream("stderr"), "panic: boom") ||
		!strings.Contains(e.Stream("stderr"), "cell[5]:3") || e.Stream("stdout") != "about to fail\n" {
		t.Errorf("a panic: %v\nstdout %q\nstderr %q", e.Reply.Content, e.Stream("stdout"), e.Stream("stderr"))
	}
	e = f.Execute("%%run -race\nn := 0\ndone := make(chan bool)\ngo func() { n++; done <- true }()\nn++\n<-done\nfmt.Println(n)")
	if e.Reply.Content["ename"] != "ExitError" || !strings.Contains(e.Stream("stderr"), "WARNING: DATA RACE") || !strings.Contains(e.Stream("stderr"), "cell[6]:") {
		t.Errorf("-race: %v\nstderr %q", e.Reply.Content, e.Stream("stderr"))
	}
	if e := f.Execute("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"whole\") }"); e.Stream("stdout") != "whole\n" {
		t.Errorf("a package main cell: %v, %q", e.Reply.Content, e.Stream("stdout"))
	}
	f.stoppedAfter("%%run\nfmt.Println(\"ready\")\nfor {\n\ttime.Sleep(time.Millisecond)\n}", "ready", 0)
	if got := f.value("kept + double(1)"); got != "7" {
		t.Errorf("the session after compiled cells: %s", got)
	}
}

// Without a Go toolchain, %%run says what to install, and the session
// carries on.
func TestCompiledCellWithoutToolchain(t *testing.T) {
	t.Parallel()
	f := startKernelUnder(t, []string{"env", "GOTHREADS_GO=" + filepath.Join(os.TempDir(), "no-such-go")})
	e := f.Execute("%%run\nfmt.Println(1)")
	if e.Reply.Content["ename"] != "ToolchainError" || !strings.Contains(e.Reply.Content["evalue"].(string), "install Go") {
		t.Errorf("reply %v", e.Reply.Content)
	}
	f.Alive()
}
