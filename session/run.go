package session

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/gothreads/gothreads/cellsource"
	"github.com/gothreads/gothreads/compiled"
	"github.com/gothreads/gothreads/evaluator"
	"github.com/gothreads/gothreads/runtime/display"
)

// Compiled cells. A cell under %%run, or one that begins with package
// main, is not interpreted: cellsource.Program writes it out as a program
// (with the earlier cells' declarations it uses), package compiled builds
// it with the Go toolchain and runs it in a child process. Its output
// streams into the cell as it comes; the stop button sends it SIGINT, then
// SIGKILL; the session's state is untouched either way.

// runOptions are the flags of %%run, as go run's: -race, and -- ARGS.
type runOptions struct {
	race bool
	args []string
}

// runUsage is %%run's form, for its errors and %help.
const runUsage = "%%run [-race] [-- ARGS...]"

func parseRunOptions(arg string) (runOptions, error) {
	var o runOptions
	fields := strings.Fields(arg)
	for i, f := range fields {
		switch f {
		case "-race", "--race":
			o.race = true
		case "--":
			o.args = fields[i+1:]
			return o, nil
		default:
			return o, fmt.Errorf("%%%%run does not know %q; its form is %s", f, runUsage)
		}
	}
	return o, nil
}

// builders finds the toolchain once per session; without one, each
// %%run looks again, so that installing Go needs no restart.
type builders struct {
	mu sync.Mutex
	b  *compiled.Builder
}

func (bs *builders) get() (*compiled.Builder, error) {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	if bs.b != nil {
		return bs.b, nil
	}
	tc, err := compiled.FindToolchain()
	if err != nil {
		return nil, err
	}
	bs.b, err = compiled.NewBuilder(tc)
	return bs.b, err
}

// thisCell stands for the running cell's name in the program's line
// directives: a cell run again gets a new execution count, and must find
// the binary it was built into. The name is put back in what the build
// and the program write (renamed), where a position follows it: a
// program's own output has no reason to hold it.
const thisCell = "§cell§"

// runCompiled builds and runs a compiled cell.
func (s *Session) runCompiled(ctx context.Context, c *cell, o runOptions) *evaluator.Error {
	src, err := cellsource.Program(c.count, c.src, s.decls, s.globalTypes(), s.importPaths())
	if err != nil {
		return compileError(err.Error())
	}
	if c.count > 0 {
		for _, d := range []string{"/*line ", "//line "} {
			src = strings.ReplaceAll(src, d+c.name+":", d+thisCell+":")
		}
	}
	b, err := s.builders.get()
	if err != nil {
		return &evaluator.Error{Name: "ToolchainError", Value: err.Error(), Traceback: []string{red("ToolchainError") + ": " + err.Error()}}
	}
	bin, _, err := b.Build(ctx, src, compiled.Options{Race: o.race, Files: map[string]string{
		// Always linked, so that descriptor 3 is closed on exec even in a
		// program that shows nothing: a child it starts must not hold it.
		"gothreads_display.go": "package main\n\nimport _ \"github.com/gothreads/gothreads/runtime/display\"\n",
	}})
	var be *compiled.BuildError
	switch {
	case errors.Is(err, context.Canceled):
		return s.describe(c, err, nil)
	case errors.As(err, &be):
		return compileError(strings.ReplaceAll(be.Output, thisCell+":", c.name+":"))
	case err != nil:
		return &evaluator.Error{Name: "BuildError", Value: err.Error(), Traceback: []string{red("BuildError") + ": " + err.Error()}}
	}
	err = s.runProgram(ctx, bin, o.args, c.name, readsInput(src))
	var ee *compiled.ExitError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ee) && ee.Stopped:
		msg := "the program was stopped"
		return &evaluator.Error{Name: errInterrupted, Value: msg, Traceback: []string{red("Interrupted") + ": " + msg}}
	case errors.As(err, &ee):
		// The program said why on its standard error (a panic, a race
		// report, a fatal error), which is in the cell already; a signal
		// (the system's out-of-memory killer) says nothing.
		msg := fmt.Sprintf("the program ended with exit status %d", ee.Code)
		if ee.Signal != "" {
			msg = "the program was killed by signal " + ee.Signal
		}
		return &evaluator.Error{Name: "ExitError", Value: msg, Traceback: []string{red("ExitError") + ": " + msg}}
	}
	return &evaluator.Error{Name: "RunError", Value: err.Error(), Traceback: []string{red("RunError") + ": " + err.Error()}}
}

// compileError is the error of a compiled cell that did not compile: the
// first message is its value, all of them its traceback.
func compileError(out string) *evaluator.Error {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	tb := make([]string, len(lines))
	for i, l := range lines {
		if pos, msg, ok := strings.Cut(l, ": "); ok && strings.HasPrefix(pos, "cell") {
			l = red(pos) + ": " + msg
		}
		tb[i] = l
	}
	return &evaluator.Error{Name: "CompileError", Value: lines[0], Traceback: tb}
}

// importPaths are the packages a compiled cell may use without importing
// them, as interpreted cells do: the session's imports and the preloaded
// runtime packages, by name.
func (s *Session) importPaths() map[string]string {
	paths := map[string]string{}
	for _, p := range preloaded {
		paths[p[strings.LastIndex(p, "/")+1:]] = p
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for key := range s.imports {
		name, path, _ := strings.Cut(key, " ")
		if name != "__rt" && name != "_" && name != "." {
			paths[name] = path
		}
	}
	// A package whose generic source the session compiled is known to
	// the interpreter by its name, imported or not: so to the checker.
	for file, done := range s.generics {
		if pkg, ok := sourcePackages[file]; ok && done {
			if _, taken := paths[pkg]; !taken {
				paths[pkg] = pkg
			}
		}
	}
	return paths
}

// sourcePackages are the packages of the generic sources (generic.go)
// that a cell can name without importing them, by file.
var sourcePackages = map[string]string{"iter.go.txt": "iter", "slices.go.txt": "slices", "slices_iter.go.txt": "slices", "maps.go.txt": "maps"}

// runProgram runs a compiled cell's binary, its output to the cell as it
// comes, and its display calls (display.Message lines on a pipe it gets as
// file descriptor 3) shown as the interpreted cells' are.
func (s *Session) runProgram(ctx context.Context, bin string, args []string, name string, input bool) error {
	r, w, err := os.Pipe()
	if err != nil {
		return fmt.Errorf("compiled cell: %w", err)
	}
	shown := make(chan struct{})
	go func() { // started here, so that it writes to this cell (labels)
		defer close(shown)
		defer r.Close()
		dec := json.NewDecoder(r)
		for {
			var m display.Message
			if err := dec.Decode(&m); err != nil {
				return
			}
			if m.Clear {
				displays{}.Clear(m.Wait)
			} else {
				displays{}.Display(m.Data, m.ID, m.Update)
			}
		}
	}()
	stdout := &renamed{w: s.router.writer("stdout"), old: thisCell + ":", new: name + ":"}
	stderr := &renamed{w: s.router.writer("stderr"), old: thisCell + ":", new: name + ":"}
	p := compiled.Process{Args: args, Stdout: stdout, Stderr: stderr,
		Env: []string{display.FDEnv + "=3"}, ExtraFiles: []*os.File{w}}
	if input {
		// Asked from Run's goroutine, which is the cell's (labels).
		p.Input = func() (string, error) {
			sk := s.router.sink()
			if sk == nil {
				return "", io.EOF
			}
			line, err := sk.pub.Input("", false)
			if err != nil {
				sk.pub.Stream("stderr", "reading standard input: "+err.Error()+"\n")
			}
			return line, err
		}
	}
	err = compiled.Run(ctx, bin, p)
	stdout.flush()
	stderr.flush()
	w.Close()
	select {
	case <-shown:
	case <-time.After(time.Second):
		// A child of the program holds the descriptor: stop reading.
		r.Close()
		<-shown
	}
	return err
}

// renamed writes to w with every old replaced by new, also where old is
// split between writes: a tail that could begin it is held back until the
// next write, or flush.
type renamed struct {
	w        io.Writer
	old, new string
	held     []byte
}

func (r *renamed) Write(p []byte) (int, error) {
	buf := append(r.held, p...)
	keep := 0
	for k := min(len(r.old)-1, len(buf)); k > 0; k-- {
		if bytes.HasSuffix(buf, []byte(r.old[:k])) {
			keep = k
			break
		}
	}
	out := bytes.ReplaceAll(buf[:len(buf)-keep], []byte(r.old), []byte(r.new))
	r.held = append([]byte(nil), buf[len(buf)-keep:]...)
	if len(out) > 0 {
		if _, err := r.w.Write(out); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// flush writes what is held back.
func (r *renamed) flush() {
	if len(r.held) > 0 {
		r.w.Write(r.held)
		r.held = nil
	}
}

// readsInput reports whether a program can read its standard input: only
// then is it connected to the notebook's input box.
func readsInput(src string) bool {
	return strings.Contains(src, "os.Stdin") || strings.Contains(src, "fmt.Scan")
}
