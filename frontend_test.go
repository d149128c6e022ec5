package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/gothreads/gothreads/kernel/kerneltest"
)

// frontend is a kernel process of the built binary and a Jupyter client
// connected to it (kerneltest).
type frontend struct {
	*kerneltest.Client
	cmd    *exec.Cmd
	stderr *lockedBuffer
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var buildOnce struct {
	sync.Once
	path string
	err  error
}

// TestMain removes the kernel binary the tests built (30 MB a run).
func TestMain(m *testing.M) {
	code := m.Run()
	if buildOnce.path != "" {
		os.RemoveAll(filepath.Dir(buildOnce.path))
	}
	os.Exit(code)
}

// kernelBinary builds gothreads once per test run.
func kernelBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gothreads-e2e")
		if err != nil {
			buildOnce.err = err
			return
		}
		buildOnce.path = filepath.Join(dir, "gothreads")
		out, err := exec.Command("go", "build", "-o", buildOnce.path, ".").CombinedOutput()
		if err != nil {
			buildOnce.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildOnce.err != nil {
		t.Fatal(buildOnce.err)
	}
	return buildOnce.path
}

// startKernel launches the kernel, with flags before the connection file,
// and connects to all its channels.
func startKernel(t testing.TB, flags ...string) *frontend {
	t.Helper()
	return startKernelUnder(t, nil, flags...)
}

// startKernelUnder is startKernel with the kernel started by a parent
// process of its own: parent is a command line, which runs the kernel's
// command line given as its arguments (as sh -c '"$@" & wait' sh does).
// Then f.cmd is that parent.
func startKernelUnder(t testing.TB, parent []string, flags ...string) *frontend {
	t.Helper()
	bin := kernelBinary(t)
	conn := kerneltest.NewConnection(t)
	file := conn.WriteFile(t)
	f := &frontend{stderr: &lockedBuffer{}}
	args := append(append([]string{bin, "kernel"}, flags...), file)
	if parent != nil {
		args = append(append([]string{}, parent...), args...)
	}
	f.cmd = exec.Command(args[0], args[1:]...)
	f.cmd.Stderr = f.stderr
	if err := f.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	kill := func() {
		if f.cmd.ProcessState == nil {
			f.cmd.Process.Kill()
			f.cmd.Wait()
		}
	}
	t.Cleanup(func() {
		kill()
		if t.Failed() {
			t.Logf("kernel stderr:\n%s", f.stderr)
		}
	})
	f.Client = kerneltest.Connect(t, conn, func() string { return "kernel stderr:\n" + f.stderr.String() })
	// Cleanups run last first: the kernel goes before the client's sockets
	// close, as it did before they were the client's.
	t.Cleanup(kill)
	return f
}
