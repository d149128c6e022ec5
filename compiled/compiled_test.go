package compiled

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func newBuilder(t *testing.T) *Builder {
	t.Helper()
	tc, err := FindToolchain()
	if err != nil {
		t.Fatal(err)
	}
	return &Builder{Toolchain: tc, Dir: t.TempDir()}
}

// A program that imports a runtime package builds against the embedded
// sources, runs, and is not built again when unchanged.
func TestBuildRunAndCache(t *testing.T) {
	b := newBuilder(t)
	src := "package main\n\nimport (\n\t\"fmt\"\n\t\"github.com/gothreads/gothreads/runtime/queue\"\n)\n\nfunc main() {\n\tq := queue.New(2)\n\tq.Put(41)\n\tfmt.Println(q.Get().(int) + 1)\n}\n"
	bin, cached, err := b.Build(context.Background(), src, Options{})
	if err != nil || cached {
		t.Fatalf("build: %v (cached %v)", err, cached)
	}
	var out, errOut strings.Builder
	if err := Run(context.Background(), bin, Process{Stdout: &out, Stderr: &errOut}); err != nil || out.String() != "42\n" {
		t.Fatalf("run: %v, stdout %q, stderr %q", err, out.String(), errOut.String())
	}
	if again, cached, err := b.Build(context.Background(), src, Options{}); err != nil || !cached || again != bin {
		t.Errorf("the same program again: %s cached=%v %v", again, cached, err)
	}
	if _, cached, err := b.Build(context.Background(), src+"\n", Options{}); err != nil || cached {
		t.Errorf("a changed program: cached=%v %v", cached, err)
	}
}

// Compile errors come at the positions the program's line directives give.
func TestBuildErrorAtCellLines(t *testing.T) {
	b := newBuilder(t)
	_, _, err := b.Build(context.Background(), "package main\n\nfunc main() {\n//line cell[3]:2:1\n\tx := 1\n}\n", Options{})
	var be *BuildError
	if !errors.As(err, &be) || !strings.Contains(be.Output, "cell[3]:2:2: declared and not used: x") {
		t.Fatalf("error %v", err)
	}
	if strings.Contains(be.Output, "# ") {
		t.Errorf("the go command's heading is kept: %q", be.Output)
	}
	_, _, err = b.Build(context.Background(), "package main\n\n//line cell[2]:1:1\ntype T struct{}\n\nfunc (T) m() {}\n\n//line cell[3]:1:1\nfunc (T) m() {}\n\nfunc main() {}\n", Options{})
	if !errors.As(err, &be) || !strings.Contains(be.Output, "already declared at cell[2]:") || strings.Contains(be.Output, "main.go") {
		t.Errorf("a second position: %v", err)
	}
}

// Exit statuses, and a stop: SIGINT first, which a program may catch.
func TestRunExitAndStop(t *testing.T) {
	b := newBuilder(t)
	bin, _, err := b.Build(context.Background(), "package main\n\nimport \"os\"\n\nfunc main() { os.Exit(3) }\n", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var ee *ExitError
	if err := Run(context.Background(), bin, Process{}); !errors.As(err, &ee) || ee.Code != 3 || ee.Stopped {
		t.Errorf("exit: %v", err)
	}
	src := "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"os/signal\"\n)\n\nfunc main() {\n\tc := make(chan os.Signal, 1)\n\tsignal.Notify(c, os.Interrupt)\n\tfmt.Println(\"ready\")\n\t<-c\n\tfmt.Println(\"caught\")\n\tos.Exit(4)\n}\n"
	if bin, _, err = b.Build(context.Background(), src, Options{}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out lockedBuilder
	go func() {
		defer cancel() // also when it never says ready: the test then fails, not hangs
		for deadline := time.Now().Add(time.Minute); !strings.Contains(out.String(), "ready") && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond)
		}
	}()
	err = Run(ctx, bin, Process{Stdout: &out})
	if !errors.As(err, &ee) || !ee.Stopped || out.String() != "ready\ncaught\n" {
		t.Errorf("stopped: %v, stdout %q", err, out.String())
	}
}

// A program killed by a signal says which.
func TestRunKilled(t *testing.T) {
	b := newBuilder(t)
	bin, _, err := b.Build(context.Background(), "package main\n\nimport \"syscall\"\n\nfunc main() { syscall.Kill(syscall.Getpid(), syscall.SIGKILL) }\n", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var ee *ExitError
	if err := Run(context.Background(), bin, Process{}); !errors.As(err, &ee) || ee.Signal != "9 (killed)" ||
		err.Error() != "the program was killed by signal 9 (killed)" {
		t.Errorf("got %v", err)
	}
}

// A missing toolchain says what to install.
func TestNoToolchain(t *testing.T) {
	t.Setenv(GoEnv, "/nonexistent/go")
	if _, err := FindToolchain(); !errors.Is(err, ErrNoToolchain) || !strings.Contains(err.Error(), "install Go") {
		t.Errorf("got %v", err)
	}
}

// A program that reads standard input is asked a line when it waits for
// one: each call of Input comes after the prompt the program printed.
func TestRunInput(t *testing.T) {
	b := newBuilder(t)
	src := "package main\n\nimport (\n\t\"bufio\"\n\t\"fmt\"\n\t\"os\"\n\t\"time\"\n)\n\nfunc main() {\n\tin := bufio.NewReader(os.Stdin)\n\tfmt.Print(\"name? \")\n\tname, _ := in.ReadString('\\n')\n\tfmt.Printf(\"hello %s\", name)\n\ttime.Sleep(50 * time.Millisecond)\n\tfmt.Print(\"age? \")\n\tvar age int\n\tfmt.Fscan(in, &age)\n\tfmt.Println(\"in a year:\", age+1)\n\tin.ReadString('\\n')\n\t_, err := in.ReadString('\\n')\n\tfmt.Println(\"then:\", err)\n}\n"
	bin, _, err := b.Build(context.Background(), src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out lockedBuilder
	var asked []string
	answers := []string{"gopher", "41"}
	input := func() (string, error) {
		asked = append(asked, out.String())
		if len(answers) == 0 {
			return "", errors.New("no more")
		}
		a := answers[0]
		answers = answers[1:]
		return a, nil
	}
	if err := Run(context.Background(), bin, Process{Stdout: &out, Input: input}); err != nil {
		t.Fatal(err)
	}
	want := []string{"name? ", "name? hello gopher\nage? "}
	if len(asked) != 3 || asked[0] != want[0] || asked[1] != want[1] {
		t.Errorf("input asked after %q; want after %q", asked, want)
	}
	if got := out.String(); got != "name? hello gopher\nage? in a year: 42\nthen: EOF\n" {
		t.Errorf("stdout %q", got)
	}
}
