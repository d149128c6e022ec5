package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// The corpus is ours: small programs in testdata/corpus that exercise the
// language as a Go course would. Each runs twice, built by the Go
// toolchain and as one cell (its package clause taken away) in a kernel of
// its own, and what the two print must agree: the same standard output
// (line for line, or as a set of lines where the program says its order
// varies) and, for a program that ends well, the same standard error
// (println's). A program that panics must make the cell fail with the
// panic's message. A cell may instead refuse with an error that points at
// %%run, but only where its program says so, so that a program which
// starts to pass, or to be refused, is noticed.
//
// Directives, in the comment lines at the top of a program:
//
//	// corpus: unordered        lines may come in any order
//	// corpus: refused TEXT     the cell is refused with an error holding TEXT
//	// corpus: wrong WHY        a known failure (issue 19 tracks them): counted,
//	                            and the test fails once the cell gives Go's output
//
// go test -run TestCorpus -v logs the tally (BENCHMARKS.md records it);
// GOTHREADS_CORPUS=DIR runs the programs of another directory instead.

type corpusProgram struct {
	name      string // file name without .go
	source    string
	unordered bool
	refused   string // what the refusal must say, or ""
	wrong     string // why the cell is known not to give Go's output, or ""
}

// cell is the program as a learner would paste it into a cell: the same
// text without its package clause.
func (p corpusProgram) cell() string {
	var b strings.Builder
	sc := bufio.NewScanner(strings.NewReader(p.source))
	dropped := false
	for sc.Scan() {
		line := sc.Text()
		if !dropped && strings.HasPrefix(line, "package ") {
			dropped = true
			continue
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}

func loadCorpus(t *testing.T) []corpusProgram {
	t.Helper()
	dir := filepath.Join("testdata", "corpus")
	if d := os.Getenv("GOTHREADS_CORPUS"); d != "" {
		dir = d
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no programs in %s (%v)", dir, err)
	}
	var progs []corpusProgram
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		p := corpusProgram{name: strings.TrimSuffix(filepath.Base(file), ".go"), source: string(src)}
		for _, line := range strings.Split(p.source, "\n") {
			if !strings.HasPrefix(line, "//") {
				break
			}
			d, ok := strings.CutPrefix(line, "// corpus: ")
			switch {
			case !ok:
			case d == "unordered":
				p.unordered = true
			case strings.HasPrefix(d, "wrong "):
				p.wrong = strings.TrimPrefix(d, "wrong ")
			case strings.HasPrefix(d, "refused "):
				p.refused = strings.TrimPrefix(d, "refused ")
			default:
				t.Fatalf("%s: unknown directive %q", file, line)
			}
		}
		progs = append(progs, p)
	}
	return progs
}

// buildCorpus builds every program with one go build (each a main package
// of a module of its own in a temporary directory) and returns the
// directory holding the binaries, named as the programs.
func buildCorpus(t *testing.T, progs []corpusProgram) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module corpus\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range progs {
		pkg := filepath.Join(dir, p.name)
		if err := os.Mkdir(pkg, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(pkg, "main.go"), []byte(p.source), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(dir, "bin")
	cmd := exec.Command("go", "build", "-o", bin+string(filepath.Separator), "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local", "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the corpus: %v\n%s", err, out)
	}
	return bin
}

// compiledRun is what a program printed, built by the toolchain.
type compiledRun struct {
	stdout, stderr string
	failed         bool // exited with a status other than 0
	code           int  // the exit status
}

func runCompiled(t *testing.T, bin string) compiledRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("running %s: %v", bin, err)
	}
	code := 0
	if exit != nil {
		code = exit.ExitCode()
	}
	return compiledRun{stdout.String(), stderr.String(), err != nil, code}
}

// corpusTally counts how the programs fared, for the log.
type corpusTally struct {
	mu                        sync.Mutex
	same, refused, known, bad []string
}

func (c *corpusTally) add(list *[]string, name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	*list = append(*list, name)
}

func TestCorpus(t *testing.T) {
	t.Parallel()
	progs := loadCorpus(t)
	bins := buildCorpus(t, progs)
	var tally corpusTally
	t.Cleanup(func() {
		n := len(tally.same) + len(tally.refused) + len(tally.known) + len(tally.bad) // those -run chose
		t.Logf("corpus: %d programs; %d print what the compiled program prints (%.0f %%), %d refused with %%%%run named, %d known to differ, %d wrong",
			n, len(tally.same), 100*float64(len(tally.same))/float64(n), len(tally.refused), len(tally.known), len(tally.bad))
		if len(tally.bad) > 0 {
			slices.Sort(tally.bad)
			t.Logf("wrong: %s", strings.Join(tally.bad, " "))
		}
	})
	for _, p := range progs {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			want := runCompiled(t, filepath.Join(bins, p.name))
			f := startKernel(t)
			got := f.Execute(p.cell())
			verdict := judgeCorpus(p, want, got.Stream("stdout"), got.Stream("stderr"), got.First("error"))
			switch {
			case p.wrong != "" && verdict == "":
				tally.add(&tally.bad, p.name)
				t.Errorf("the program is marked wrong (%s), but the cell gives Go's output: remove the mark", p.wrong)
			case p.wrong != "":
				tally.add(&tally.known, p.name)
				t.Logf("known to differ (%s): %s", p.wrong, firstLine(verdict))
			case verdict == "":
				tally.add(&tally.same, p.name)
			case verdict == "refused":
				tally.add(&tally.refused, p.name)
			default:
				tally.add(&tally.bad, p.name)
				t.Error(verdict)
			}
		})
	}
}

// judgeCorpus compares a cell's outputs with the compiled program's: ""
// when they agree, "refused" for a refusal the program expects, else what
// is wrong.
func judgeCorpus(p corpusProgram, want compiledRun, stdout, stderr string, cellErr map[string]any) string {
	errText := ""
	if cellErr != nil {
		errText = fmt.Sprint(cellErr["ename"], ": ", cellErr["evalue"])
	}
	switch {
	case p.refused != "" && cellErr != nil && strings.Contains(errText, p.refused) && strings.Contains(errText, "%%run"):
		return "refused"
	case p.refused != "" && cellErr == nil:
		return fmt.Sprintf("the program says the cell is refused (%q), but it ran; its stdout:\n%s", p.refused, stdout)
	case p.refused != "":
		return fmt.Sprintf("the cell failed with %s; want a refusal holding %q and %%%%run", errText, p.refused)
	case cellErr != nil && !want.failed:
		return fmt.Sprintf("the cell failed, the compiled program did not: %s\n%v", errText, cellErr["traceback"])
	case cellErr == nil && want.failed:
		return fmt.Sprintf("the compiled program failed (%s), the cell did not", firstLine(want.stderr))
	case cellErr["ename"] == "Exit":
		// os.Exit: the program's status, whatever it printed before.
		if code := fmt.Sprintf("os.Exit(%d):", want.code); !strings.HasPrefix(fmt.Sprint(cellErr["evalue"]), code) {
			return fmt.Sprintf("the compiled program exited with status %d, the cell with %s", want.code, errText)
		}
	case want.failed && !strings.Contains(firstLine(want.stderr), fmt.Sprint(cellErr["evalue"])):
		return fmt.Sprintf("the compiled program failed with %q, the cell with %s", firstLine(want.stderr), errText)
	}
	if d := diffLines(want.stdout, stdout, p.unordered); d != "" {
		return fmt.Sprintf("stdout differs: %s\ncompiled:\n%s\ncell:\n%s", d, want.stdout, stdout)
	}
	if !want.failed || cellErr["ename"] == "Exit" {
		if d := diffLines(want.stderr, stderr, p.unordered); d != "" {
			return fmt.Sprintf("stderr differs: %s\ncompiled:\n%s\ncell:\n%s", d, want.stderr, stderr)
		}
	}
	return ""
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// diffLines says where got first departs from want, or "" when they are
// the same (as sets of lines when unordered).
func diffLines(want, got string, unordered bool) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	if unordered {
		slices.Sort(w)
		slices.Sort(g)
	}
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl || i >= len(w) || i >= len(g) {
			return fmt.Sprintf("line %d: compiled %q, cell %q", i+1, wl, gl)
		}
	}
	return ""
}
