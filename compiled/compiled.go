// Package compiled builds and runs compiled cells: a Go program written
// out from a cell (cellsource.Program), built with the Go toolchain and run
// in a child process, with Go's own semantics, speed and race detector.
//
// A program may import the runtime packages (threading, queue, ...): they
// come from the sources embedded in the binary (package runtime), written
// once into the cache as a module of their own that the program's go.mod
// replaces github.com/gothreads/gothreads with. Nothing is fetched from the
// network. Binaries are cached by the hash of everything that makes them,
// so a cell run again unchanged is not built again.
package compiled

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	gtruntime "github.com/gothreads/gothreads/runtime"
)

// GoEnv names the go command to use, overriding the search (for tests, and
// for machines with several toolchains).
const GoEnv = "GOTHREADS_GO"

// Toolchain is a Go command and the version it reports.
type Toolchain struct {
	Go      string // path of the go command
	Version string // "go1.26.0"
	// Env is the go command's settings that change what it builds, as
	// `go env` reports them (set in the environment or with go env -w):
	// part of a binary's cache key.
	Env string
}

// buildSettings are the go env variables that change a build's result.
var buildSettings = []string{"CGO_ENABLED", "CC", "CGO_CFLAGS", "CGO_LDFLAGS", "GOEXPERIMENT", "GOAMD64", "GOARM64", "GOFLAGS"}

// ErrNoToolchain is reported when no go command can be found.
var ErrNoToolchain = errors.New("no Go toolchain found: %%run builds the cell with the go command, " +
	"which is not on PATH nor in the GOROOT gothreads was built with; install Go (https://go.dev/dl/) " +
	"and make sure `go version` works in the shell that starts Jupyter")

// FindToolchain finds the go command as the go command itself would be
// found: $GOTHREADS_GO if set, then PATH, then the GOROOT this binary was
// built with.
func FindToolchain() (Toolchain, error) {
	var candidates []string
	if p := os.Getenv(GoEnv); p != "" {
		candidates = []string{p}
	} else {
		if p, err := exec.LookPath("go"); err == nil {
			candidates = append(candidates, p)
		}
		if root := runtime.GOROOT(); root != "" {
			candidates = append(candidates, filepath.Join(root, "bin", "go"))
		}
	}
	for _, goCmd := range candidates {
		out, err := exec.Command(goCmd, append([]string{"env", "GOVERSION"}, buildSettings...)...).Output()
		lines := strings.SplitN(string(out), "\n", 2)
		if v := strings.TrimSpace(lines[0]); err == nil && strings.HasPrefix(v, "go") && len(lines) == 2 {
			return Toolchain{Go: goCmd, Version: v, Env: lines[1]}, nil
		}
	}
	return Toolchain{}, ErrNoToolchain
}

// langVersion is the go.mod language version of a toolchain version:
// go1.26.0 is 1.26.
func (tc Toolchain) langVersion() string {
	v := strings.TrimPrefix(tc.Version, "go")
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return v
	}
	minor := parts[1]
	if i := strings.IndexFunc(minor, func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
		minor = minor[:i] // go1.27rc1
	}
	return parts[0] + "." + minor
}

// A Builder builds programs in a cache directory.
type Builder struct {
	Toolchain Toolchain
	// Dir holds the runtime module, the programs' sources and the
	// binaries (by default the user's cache directory's gothreads/run).
	Dir string

	once       sync.Once
	moduleDir  string
	moduleHash string
	moduleErr  error
}

// NewBuilder returns a builder using the user's cache directory.
func NewBuilder(tc Toolchain) (*Builder, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	return &Builder{Toolchain: tc, Dir: filepath.Join(base, "gothreads", "run")}, nil
}

// Options are how a program is built.
type Options struct {
	Race bool // build with the race detector
	// Files are more files of package main, by name, built with the
	// program (the runner's own, such as an import it always wants).
	Files map[string]string
}

// A BuildError is a program that did not compile: the compiler's messages,
// at cell positions (the program's //line directives name cells).
type BuildError struct {
	Output string
}

func (e *BuildError) Error() string { return e.Output }

// Build builds the program src (a main package) and returns the path of
// its binary, and whether that binary was already there.
func (b *Builder) Build(ctx context.Context, src string, opts Options) (bin string, cached bool, err error) {
	mod, modHash, err := b.runtimeModule()
	if err != nil {
		return "", false, err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00race=%v\x00%s\x00%s", b.Toolchain.Go, b.Toolchain.Version, b.Toolchain.Env, modHash,
		opts.Race, runtime.GOOS+"/"+runtime.GOARCH, src)
	names := slices.Sorted(maps.Keys(opts.Files))
	for _, name := range names {
		fmt.Fprintf(h, "\x00%s\x00%s", name, opts.Files[name])
	}
	key := hex.EncodeToString(h.Sum(nil))[:24]
	bin = filepath.Join(b.Dir, "bin", key)
	if _, err := os.Stat(bin); err == nil {
		return bin, true, nil
	}
	work := filepath.Join(b.Dir, "src", key)
	if err := os.MkdirAll(work, 0o755); err != nil {
		return "", false, fmt.Errorf("compiled cell: %w", err)
	}
	gomod := fmt.Sprintf("module gothreads.cell\n\ngo %s\n\nrequire github.com/gothreads/gothreads v0.0.0\n\nreplace github.com/gothreads/gothreads => %q\n",
		b.Toolchain.langVersion(), mod)
	files := map[string]string{"go.mod": gomod, "main.go": src}
	for name, content := range opts.Files {
		files[name] = content
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(work, name), []byte(content), 0o644); err != nil {
			return "", false, fmt.Errorf("compiled cell: %w", err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		return "", false, fmt.Errorf("compiled cell: %w", err)
	}
	tmp := bin + ".tmp" + fmt.Sprint(os.Getpid())
	// Without DWARF and the symbol table the link takes a third less time;
	// tracebacks and race reports read the runtime's own tables, which stay.
	args := []string{"build", "-ldflags=-s -w", "-o", tmp}
	if opts.Race {
		args = append(args, "-race")
	}
	cmd := exec.CommandContext(ctx, b.Toolchain.Go, append(args, ".")...)
	cmd.Dir = work
	cmd.Env = buildEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		os.Remove(tmp)
		if ctx.Err() != nil {
			return "", false, ctx.Err()
		}
		if msg := compilerMessages(string(out)); msg != "" {
			return "", false, &BuildError{Output: msg}
		}
		return "", false, fmt.Errorf("go build: %v", err)
	}
	if err := os.Rename(tmp, bin); err != nil {
		return "", false, fmt.Errorf("compiled cell: %w", err)
	}
	return bin, false, nil
}

// buildEnv is the environment of go build: the user's (their build cache,
// GOPATH, proxy settings), with nothing that could make the go command
// fetch a toolchain or read a workspace the program is not part of.
func buildEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		switch k, _, _ := strings.Cut(kv, "="); k {
		case "GOTOOLCHAIN", "GOWORK", "GOFLAGS", "GO111MODULE", "GOOS", "GOARCH":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "GOTOOLCHAIN=local", "GOWORK=off", "GOFLAGS=-mod=mod", "GO111MODULE=on")
}

// compilerMessages keeps the compiler's own lines of go build's output:
// not the "# gothreads.cell" heading, nor the place in the cache that a
// message naming a second position adds in brackets ("T.m already
// declared at cell[2]:1:12[/home/.../main.go:7:33]").
func compilerMessages(out string) string {
	var keep []string
	for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if strings.HasPrefix(line, "# ") {
			continue
		}
		keep = append(keep, cachePosition.ReplaceAllString(line, ""))
	}
	return strings.Join(keep, "\n")
}

var cachePosition = regexp.MustCompile(`\[[^\]\s]*main\.go:\d+:\d+\]`)

// runtimeModule writes the embedded runtime packages once, as the module
// github.com/gothreads/gothreads, under a directory named by their hash.
func (b *Builder) runtimeModule() (dir, hash string, err error) {
	b.once.Do(func() {
		files := map[string][]byte{}
		h := sha256.New()
		b.moduleErr = fs.WalkDir(gtruntime.Source, ".", func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(path, "_test.go") {
				return err
			}
			data, err := fs.ReadFile(gtruntime.Source, path)
			if err != nil {
				return err
			}
			files[path] = data
			fmt.Fprintf(h, "%s\x00%d\x00", path, len(data))
			h.Write(data)
			return nil
		})
		if b.moduleErr != nil {
			return
		}
		files["go.mod"] = []byte("module github.com/gothreads/gothreads\n\ngo " + b.Toolchain.langVersion() + "\n")
		h.Write(files["go.mod"]) // a toolchain of another version writes its own
		b.moduleHash = hex.EncodeToString(h.Sum(nil))[:16]
		b.moduleDir = filepath.Join(b.Dir, "module", b.moduleHash)
		if _, err := os.Stat(filepath.Join(b.moduleDir, "go.mod")); err == nil {
			return // written by an earlier session
		}
		tmp, err := os.MkdirTemp(filepath.Dir(b.moduleDir), "partial-")
		if err != nil {
			if err := os.MkdirAll(filepath.Dir(b.moduleDir), 0o755); err != nil {
				b.moduleErr = err
				return
			}
			if tmp, err = os.MkdirTemp(filepath.Dir(b.moduleDir), "partial-"); err != nil {
				b.moduleErr = err
				return
			}
		}
		for path, data := range files {
			p := filepath.Join(tmp, "runtime", path)
			if path == "go.mod" {
				p = filepath.Join(tmp, path)
			}
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				b.moduleErr = err
				return
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				b.moduleErr = err
				return
			}
		}
		// Another kernel may have written it meanwhile: either copy will do.
		if err := os.Rename(tmp, b.moduleDir); err != nil {
			os.RemoveAll(tmp)
			if _, serr := os.Stat(filepath.Join(b.moduleDir, "go.mod")); serr != nil {
				b.moduleErr = err
			}
		}
	})
	if b.moduleErr != nil {
		return "", "", fmt.Errorf("writing the runtime packages for compiled cells: %w", b.moduleErr)
	}
	return b.moduleDir, b.moduleHash, nil
}

// Grace is how long a stopped program has between SIGINT and SIGKILL.
const Grace = 2 * time.Second

// An ExitError is a program that ended with a non-zero status, or was
// stopped.
type ExitError struct {
	Code    int    // exit status; -1 if killed by a signal
	Signal  string // the signal that killed it, if one did
	Stopped bool   // ended because the cell was interrupted
}

func (e *ExitError) Error() string {
	switch {
	case e.Stopped:
		return "the program was stopped"
	case e.Signal != "":
		return "the program was killed by signal " + e.Signal
	}
	return fmt.Sprintf("exit status %d", e.Code)
}

// A Process is how a program is run: its arguments, streams, and what it
// gets besides the environment of this one.
type Process struct {
	Args           []string
	Stdin          io.Reader // nil: the null device
	Stdout, Stderr io.Writer // nil: the null device
	Env            []string  // added to this process's environment
	ExtraFiles     []*os.File
	// Input, if set, answers the program's standard input a line at a
	// time instead of Stdin: it is called when the program waits to read
	// with nothing left to read (where the system cannot tell, at once
	// and after each line is read), and the read gets its line and a
	// newline. An error ends the input: the program reads end of file.
	Input func() (string, error)
}

// inputPoll is how often Run looks whether the program waits for input.
const inputPoll = 20 * time.Millisecond

// A feeder answers the program's reads of the pipe pw writes to (pr is its
// read end, for asking how much is unread) with lines from input, until
// the program ends (exited closes).
type feeder struct {
	pid    int
	pr, pw *os.File
	input  func() (string, error)
	exited <-chan struct{}
	done   chan struct{} // closed when feed returns

	mu     sync.Mutex
	asking bool // input is waiting for the user
}

// ask calls input, unless the program has ended.
func (f *feeder) ask() (string, error) {
	f.mu.Lock()
	select {
	case <-f.exited:
		f.mu.Unlock()
		return "", io.EOF
	default:
	}
	f.asking = true
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.asking = false
		f.mu.Unlock()
	}()
	return f.input()
}

// wait waits for feed to return once the program has ended, unless it is
// waiting for an answer that nobody needs now (it returns when one comes).
func (f *feeder) wait() {
	f.mu.Lock()
	asking := f.asking
	f.mu.Unlock()
	if !asking {
		<-f.done
	}
}

func (f *feeder) feed() {
	defer close(f.done)
	pid, pr, pw, exited := f.pid, f.pr, f.pw, f.exited
	defer pw.Close()
	defer pr.Close()
	tick := time.NewTicker(inputPoll)
	defer tick.Stop()
	for {
		select {
		case <-exited:
			return
		case <-tick.C:
		}
		if waits, ok := waitsForInput(pid, pr); ok && !waits {
			continue
		} else if !ok {
			// Cannot tell: ask now, but not before the last line is read.
			if n, err := pipeUnread(pr); err == nil && n > 0 {
				continue
			}
		}
		line, err := f.ask()
		if err != nil {
			return
		}
		if _, err := pw.WriteString(line + "\n"); err != nil {
			return
		}
	}
}

// Run runs a built program until it ends or ctx is done; then it sends
// SIGINT, and SIGKILL after Grace. The program's output goes to p's
// writers as it comes.
func Run(ctx context.Context, bin string, p Process) error {
	cmd := exec.Command(bin, p.Args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = p.Stdin, p.Stdout, p.Stderr
	var pr, pw *os.File
	if p.Input != nil {
		var err error
		if pr, pw, err = os.Pipe(); err != nil {
			return fmt.Errorf("starting the program: %w", err)
		}
		cmd.Stdin = pr
	}
	cmd.Env = append(os.Environ(), p.Env...)
	cmd.ExtraFiles = p.ExtraFiles
	// A child the program started may hold its output open after it
	// ended: the cell ends a moment later all the same.
	cmd.WaitDelay = time.Second
	cmd.SysProcAttr = procAttr()
	if err := cmd.Start(); err != nil {
		if pr != nil {
			pr.Close()
			pw.Close()
		}
		return fmt.Errorf("starting the program: %w", err)
	}
	done := make(chan error, 1)
	exited := make(chan struct{})
	go func() { err := cmd.Wait(); close(exited); done <- err }()
	var fd *feeder
	if p.Input != nil {
		fd = &feeder{pid: cmd.Process.Pid, pr: pr, pw: pw, input: p.Input, exited: exited, done: make(chan struct{})}
		go fd.feed()
		defer fd.wait()
	}
	var err error
	stopped := false
	select {
	case err = <-done:
	case <-ctx.Done():
		stopped = true
		syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
		select {
		case err = <-done:
		case <-time.After(Grace):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			err = <-done
		}
	}
	var ee *exec.ExitError
	switch {
	case stopped:
		// Also when the program caught SIGINT and ended well.
		code := 0
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		}
		return &ExitError{Code: code, Stopped: true}
	case err == nil, errors.Is(err, exec.ErrWaitDelay):
		return nil
	case errors.As(err, &ee):
		e := &ExitError{Code: ee.ExitCode()}
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			e.Signal = fmt.Sprintf("%d (%v)", int(ws.Signal()), ws.Signal())
		}
		return e
	}
	return err
}

// warmSource imports every runtime package, so that building it puts them
// all in the Go build cache.
const warmSource = `package main

import (
	_ "fmt"
	_ "github.com/gothreads/gothreads/runtime/collections"
	_ "github.com/gothreads/gothreads/runtime/display"
	_ "github.com/gothreads/gothreads/runtime/futures"
	_ "github.com/gothreads/gothreads/runtime/generator"
	_ "github.com/gothreads/gothreads/runtime/logging"
	_ "github.com/gothreads/gothreads/runtime/queue"
	_ "github.com/gothreads/gothreads/runtime/threading"
)

func main() {}
`

// Warm builds the runtime packages and the standard library they use into
// the Go build cache, plainly and with the race detector where it can, so
// that the first compiled cell of a session (in a Binder image, say) takes
// the time of its own code only. It reports what it built.
func (b *Builder) Warm(ctx context.Context, log io.Writer) error {
	for _, race := range []bool{false, true} {
		start := time.Now()
		if _, _, err := b.Build(ctx, warmSource, Options{Race: race}); err != nil {
			if race {
				// -race needs cgo, and so a C compiler; say so and go on.
				fmt.Fprintf(log, "the race detector's build failed (it needs cgo and a C compiler): %v\n", err)
				continue
			}
			return err
		}
		fmt.Fprintf(log, "built the runtime packages (race detector: %v) in %s\n", race, time.Since(start).Round(time.Millisecond))
	}
	return nil
}
